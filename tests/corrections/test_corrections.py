"""The corrections list: golden files for each format, the bundled edition against its data, the CLI."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EDITION_DATA, EDITION_TEI, REPO
from tei_roundtable import corrections
from tei_roundtable import edition as edition_mod
from tei_roundtable._xml import parse_bytes
from tei_roundtable.cli import main
from tei_roundtable.encode import encode
from tei_roundtable.errors import CheckFailed, InputError

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def panel_tei(tmp_path_factory) -> Path:
    """The invented panel edition (one decision of every kind), encoded."""
    path = tmp_path_factory.mktemp("panel") / "panel.xml"
    path.write_bytes(encode(FIXTURES / "panel.md", FIXTURES / "panel.yaml"))
    return path


@pytest.fixture(scope="module")
def bundled() -> list[corrections.Decision]:
    return list(corrections.iter_decisions(EDITION_TEI))


@pytest.mark.parametrize("fmt, extension", [("text", ".txt"), ("csv", ".csv"), ("json", ".json")])
def test_panel_list_matches_its_golden_file(panel_tei, file_regression, fmt, extension):
    file_regression.check(corrections.render(panel_tei, fmt), basename="panel-reference", extension=extension)


def test_every_decision_and_reference_note_of_the_bundled_edition_is_listed(bundled):
    data = edition_mod.load(EDITION_DATA)
    expected = {d.id: d for d in data.decisions}
    expected.update({m.id: m for m in data.mentions if m.note})
    assert sorted(d.id for d in bundled) == sorted(expected)
    kinds = {"correction": "correction", "normalisation": "normalisation", "comment": "editorial"}
    for decision in bundled:
        item = expected[decision.id]
        assert decision.type == (kinds[item.type] if isinstance(item, edition_mod.Decision) else "reference")
        assert decision.cert == (item.cert or "high")
        assert decision.resp == item.resp
        assert decision.places, decision.id
        text = item.reason if isinstance(item, edition_mod.Decision) else item.note
        # Source-line citations ("l. 25") are references to citation references in the TEI
        # ("front matter", "t18.1"): the rest of the text is the edition data's, word for word.
        pieces = re.split(r"\bll?\.\s?\d+(?:(?:\s*[,–-]\s*|\s+and\s+)\d+)*", " ".join(text.split()))
        cited = r"(?:front matter|t\d+(?:\.\d+)?)(?:(?:, | and |–)(?:front matter|t\d+(?:\.\d+)?))*"
        assert re.search(cited.join(map(re.escape, pieces)), decision.note), decision.id


def test_readings_of_the_bundled_edition_are_those_of_the_data(bundled):
    data = edition_mod.load(EDITION_DATA)
    by_id = {d.id: d for d in data.decisions}
    entities = data.entities
    for decision in bundled:
        item = by_id.get(decision.id)
        for place in decision.places:
            assert re.fullmatch(r"t\d+(\.\d+)?|front", place.ref), place
            if decision.type in ("correction", "normalisation"):
                assert (place.source, place.edition) == (item.source, item.edition)
            elif decision.type == "editorial" and item.source is not None:
                assert place.source == place.edition == " ".join(item.source.split())
            elif decision.type == "reference":
                mention = next(m for m in data.mentions if m.id == decision.id)
                assert place.source == mention.text
                assert place.entity == entities[mention.ref].name


def test_places_follow_the_occurrences_in_the_source(bundled):
    """A decision applied at every occurrence lists one place per occurrence."""
    source = (REPO / "tei" / "source" / "ipp-roundtable-2007-11-15.md").read_text(encoding="utf-8")
    eurasec = next(d for d in bundled if d.id == "eurasec-abbreviation")
    assert len(eurasec.places) == source.count("EurazEC")
    label = next(d for d in bundled if d.id == "uzbekov-label")
    assert {p.part for p in label.places} == {"label"}
    assert all(re.fullmatch(r"t\d+", p.ref) for p in label.places)


def test_formats_agree(panel_tei):
    decisions = list(corrections.iter_decisions(panel_tei))
    rows = list(csv.DictReader(io.StringIO(corrections.render(panel_tei, "csv"))))
    assert len(rows) == sum(len(d.places) for d in decisions)
    assert tuple(rows[0]) == corrections.CSV_COLUMNS
    data = json.loads(corrections.render(panel_tei, "json"))
    assert [d["id"] for d in data["decisions"]] == [d.id for d in decisions]
    text = corrections.render(panel_tei, "text")
    assert all(f"[{d.n}] {d.id} " in text for d in decisions)
    assert max(len(line) for line in text.splitlines()) <= 100


def test_unknown_format_is_refused(panel_tei):
    with pytest.raises(ValueError):
        corrections.render(panel_tei, "xlsx")


def test_not_a_tei_document(tmp_path):
    path = tmp_path / "x.xml"
    path.write_text("<html/>", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        list(corrections.iter_decisions(path))
    assert "not a TEI document" in str(caught.value) and str(path) in str(caught.value)


def test_a_note_pointing_nowhere_is_located(tmp_path, panel_tei):
    data = panel_tei.read_bytes().replace(b'target="#canals-date"', b'target="#nowhere"')
    path = tmp_path / "broken.xml"
    path.write_bytes(data)
    line = parse_bytes(data).getroot().xpath("//*[@target='#nowhere']")[0].sourceline
    with pytest.raises(InputError) as caught:
        list(corrections.iter_decisions(path))
    assert caught.value.location.line == line and "'#nowhere'" in caught.value.message


def test_cli_default_tei_and_output_file(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(main, ["corrections"])
    assert result.exit_code == 0, result.output
    assert result.output == corrections.render(EDITION_TEI.relative_to(REPO), "text")
    out = tmp_path / "list.csv"
    result = CliRunner().invoke(main, ["corrections", "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == corrections.render(EDITION_TEI, "csv")


def test_cli_bad_input_and_usage(tmp_path, monkeypatch):
    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI", encoding="utf-8")
    result = CliRunner().invoke(main, ["corrections", str(bad)])
    assert result.exit_code == 1 and f"{bad}:1:" in result.output
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["corrections"])
    assert result.exit_code == 2
    result = CliRunner().invoke(main, ["corrections", "--format", "xlsx", str(EDITION_TEI)])
    assert result.exit_code == 2


@pytest.mark.parametrize("root, said", [
    ('<TEI>', "root element is <TEI> in no namespace"),
    ('<TEI xmlns="http://www.tei-c.org/ns/1.0/">', "root element is <TEI> in namespace 'http://www.tei-c.org/ns/1.0/'"),
])
def test_a_tei_root_in_the_wrong_namespace_names_both_namespaces(tmp_path, root, said):
    path = tmp_path / "ns.xml"
    path.write_text(f'<?xml version="1.0"?>\n{root}<text><body><p>x</p></body></text></TEI>\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["corrections", str(path)])
    assert result.exit_code == 1
    assert f"{path}:2: error: {said}, not a TEI document: expected <TEI> in namespace 'http://www.tei-c.org/ns/1.0'" \
        in result.output


# A well-formed TEI of another project: a correction in a choice with no note in back, and a
# note in the text. Listing the notes in back would say "0 notes" of it.
OTHER_TEI = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title>A letter</title></titleStmt>
    <publicationStmt><p>Unpublished</p></publicationStmt><sourceDesc><p>Born digital</p></sourceDesc>
  </fileDesc></teiHeader>
  <text><body>
    <div><sp who="#a"><speaker>A</speaker><p>Hello {word}.</p></sp>
    <note xml:id="n1" type="correction" target="#x">A note</note></div>
  </body></text>
</TEI>
"""


@pytest.mark.parametrize("word, line, said", [
    ("<choice><sic>wrold</sic><corr>world</corr></choice>", 7, "<choice> is explained by no note in back"),
    ("<sic>wrold</sic>", 7, "<sic> is explained by no note in back"),
    ("world", 8, "a note in the text, outside back"),
])
def test_a_tei_from_elsewhere_is_refused_not_listed_short(tmp_path, word, line, said):
    path = tmp_path / "other.xml"
    path.write_text(OTHER_TEI.format(word=word), encoding="utf-8")
    for fmt in ("text", "json"):
        result = CliRunner().invoke(main, ["corrections", "--format", fmt, str(path)])
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert f"{path}:{line}: error: {said}" in result.output
        assert "0 notes" not in result.output and '"decisions":' not in result.output
        assert "hint: corrections lists the decisions of a tei-roundtable edition" in result.output


def test_an_edition_whose_decision_lost_its_note_is_refused(tmp_path, panel_tei):
    data = panel_tei.read_bytes()
    note = re.search(rb'\n *<note xml:id="note-sco-acronym"[^\n]*</note>', data)
    assert note
    path = tmp_path / "lost.xml"
    path.write_bytes(data[:note.start()] + data[note.end():])
    line = parse_bytes(data).getroot().xpath("//*[@xml:id='sco-acronym.1']")[0].sourceline
    with pytest.raises(InputError) as caught:
        list(corrections.iter_decisions(path))
    assert caught.value.location.line == line and "<choice> is explained by no note" in caught.value.message
    commented = data.replace(b'target="#canals-date"', b'target="#t1"')
    path.write_bytes(commented)
    line = parse_bytes(data).getroot().xpath("//*[@xml:id='canals-date']")[0].sourceline
    with pytest.raises(InputError) as caught:
        list(corrections.iter_decisions(path))
    assert caught.value.location.line == line and "<seg> is explained by no note" in caught.value.message


def test_every_intervention_without_its_note_is_reported(tmp_path):
    # A TEI from elsewhere with many corrections and no notes: each is named, not only the first.
    words = " ".join(f"<choice><sic>wrold{n}</sic><corr>world{n}</corr></choice>\n" for n in range(16))
    path = tmp_path / "other.xml"
    path.write_text(OTHER_TEI.format(word=words), encoding="utf-8")
    with pytest.raises(CheckFailed) as caught:
        list(corrections.iter_decisions(path))
    lines = [f.location.line for f in caught.value.findings]
    assert lines == list(range(7, 23)) + [24]  # 16 choices, then the note in the text
    result = CliRunner().invoke(main, ["corrections", str(path)])
    assert result.exit_code == 1
    assert result.output.count("error: <choice> is explained by no note in back") == 16
    assert "17 interventions without their note in back" in result.output


def test_a_tei_with_no_notes_says_so(tmp_path):
    # Before: "0 notes: ".
    seminar = REPO / "tests" / "encode" / "fixtures"
    data = (seminar / "seminar.yaml").read_text(encoding="utf-8")
    (tmp_path / "seminar.yaml").write_text(data[:data.index("decisions:")] + "decisions: []\n", encoding="utf-8")
    (tmp_path / "seminar.md").write_bytes((seminar / "seminar.md").read_bytes())
    tei = tmp_path / "seminar.xml"
    tei.write_bytes(encode(tmp_path / "seminar.md", tmp_path / "seminar.yaml"))
    assert corrections.render(tei, "text").endswith("\n\nno notes: the TEI records no editorial decision\n")
    assert "0 notes" not in corrections.render(tei, "text")
