"""The library API: iter_findings yields, validate raises, is_valid answers (python-jsonschema
style); findings are data with a short factual __str__; schemas are compiled once."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import COLLECTION_DATA, EDITION_DATA, EDITION_TEI, SOURCE
from tei_roundtable import validate
from tei_roundtable.errors import CheckFailed, TeiRoundtableError
from validate_cases import MINIMAL, RULES


def test_bundled_edition_has_no_error_and_no_warning() -> None:
    assert [str(f) for f in validate.iter_findings(EDITION_TEI)] == []
    assert validate.is_valid(EDITION_TEI)
    validate.validate(EDITION_TEI)


def test_validate_raises_with_the_findings() -> None:
    path = RULES / "choice-note" / "fail.xml"
    with pytest.raises(CheckFailed) as caught:
        validate.validate(path)
    (finding,) = caught.value.findings
    assert isinstance(finding, validate.Finding)
    assert finding.rule == "choice-note"
    assert not validate.is_valid(path)


def test_warnings_do_not_fail_validate() -> None:
    validate.validate(RULES / "consecutive-speaker" / "fail.xml")


def test_finding_str_is_the_text_format() -> None:
    finding = validate.Finding("x.xml", 12, 5, "ref-resolves", "error", "@ref points to '#a'", "a hint")
    assert str(finding) == "x.xml:12:5: error [ref-resolves] @ref points to '#a'"
    assert str(validate.Finding("x.xml", 0, 0, "xml-wellformed", "error", "empty document")) == (
        "x.xml: error [xml-wellformed] empty document"
    )
    assert finding.as_dict()["hint"] == "a hint"
    assert "hint" not in validate.Finding("x.xml", 1, 1, "r", "error", "m").as_dict()


def test_every_finding_is_located_and_identified() -> None:
    for path in sorted(RULES.glob("*/fail*.xml")):
        for finding in validate.iter_findings(path):
            assert re.fullmatch(r"[a-z][a-z0-9-]*", finding.rule)
            assert finding.severity in ("error", "warning")
            assert finding.line >= 1, finding
            assert finding.message and "\n" not in finding.message


def test_schemas_are_compiled_once_per_process() -> None:
    rng, sch = validate.schemas()
    list(validate.iter_findings(MINIMAL))
    assert validate._relaxng(rng) is validate._relaxng(rng)
    assert validate._schematron(sch) is validate._schematron(sch)
    hits = validate._schematron.cache_info().hits
    list(validate.iter_findings(MINIMAL))
    assert validate._schematron.cache_info().hits == hits + 1


def _edition_copy(tmp_path: Path) -> Path:
    shutil.copy(EDITION_TEI, tmp_path / EDITION_TEI.name)
    shutil.copy(EDITION_DATA, tmp_path / EDITION_DATA.name)
    shutil.copy(COLLECTION_DATA, tmp_path / COLLECTION_DATA.name)
    (tmp_path / "source").mkdir()
    shutil.copy(SOURCE, tmp_path / "source" / SOURCE.name)
    return tmp_path / EDITION_TEI.name


def test_undecided_name_variant_is_reported(tmp_path: Path) -> None:
    tei = _edition_copy(tmp_path)
    data = tmp_path / EDITION_DATA.name
    text = data.read_text(encoding="utf-8")
    # Drop the decision on "Abdylidaev": the variant is then undecided (the TEI keeps its
    # choice, so every other layer still passes).
    start = text.index("  - id: abdyldaev-spelling")
    end = text.index("\n  - id: ", start + 1)
    data.write_text(text[:start] + text[end + 1:], encoding="utf-8")
    findings = list(validate.iter_findings(tei))
    assert findings and {f.rule for f in findings} == {"names-undecided-variant"}
    assert any("Abdylidaev" in f.message for f in findings)
    assert all(f.file == str(tei) and f.line > 0 for f in findings)


def test_unreadable_edition_data_is_reported(tmp_path: Path) -> None:
    tei = _edition_copy(tmp_path)
    (tmp_path / EDITION_DATA.name).write_text("edition: [unclosed\n", encoding="utf-8")
    findings = list(validate.iter_findings(tei))
    assert [f.rule for f in findings] == ["names-input", "text-input"]


def test_without_edition_data_the_name_check_is_skipped(tmp_path: Path) -> None:
    tei = _edition_copy(tmp_path)
    (tmp_path / EDITION_DATA.name).unlink()
    assert list(validate.iter_findings(tei)) == []


@pytest.mark.parametrize("broken, said", [
    ('<extends rule="nowhere"/>', "nowhere"),
    ('<assert id="bad-xpath" role="error" test="count(((">never</assert>', "count((("),
])
def test_a_broken_schematron_is_an_error_not_silence(tmp_path: Path, broken: str, said: str) -> None:
    rng, sch = validate.schemas()
    shutil.copy(rng, tmp_path / rng.name)
    text = sch.read_text(encoding="utf-8").replace('<rule context="tei:ref">', f'<rule context="tei:ref">{broken}', 1)
    assert broken in text
    (tmp_path / sch.name).write_text(text, encoding="utf-8")
    with pytest.raises(TeiRoundtableError, match="the Schematron schema is broken") as caught:
        list(validate.iter_findings(MINIMAL, schema_directory=tmp_path))
    assert str(tmp_path / sch.name) in str(caught.value) and said in str(caught.value)


def test_the_name_and_text_checks_read_one_parse_of_the_transcript(tmp_path: Path, monkeypatch) -> None:
    from tei_roundtable import transcript as transcript_mod

    tei = _edition_copy(tmp_path)
    data = tmp_path / EDITION_DATA.name
    text = data.read_text(encoding="utf-8")
    start = text.index("  - id: abdyldaev-spelling")  # a name finding, as above
    data.write_text(text[:start] + text[text.index("\n  - id: ", start + 1) + 1:], encoding="utf-8")
    expected = list(validate.iter_findings(tei))
    parsed = []
    real = transcript_mod.parse
    monkeypatch.setattr(transcript_mod, "parse", lambda path, *a, **k: parsed.append(path) or real(path, *a, **k))
    assert list(validate.iter_findings(tei)) == expected
    assert parsed == [tmp_path / "source" / SOURCE.name]


def test_a_transcript_that_cannot_be_read_is_reported_by_both_checks(tmp_path: Path) -> None:
    tei = _edition_copy(tmp_path)
    (tmp_path / "source" / SOURCE.name).write_bytes(b"\xff\xfe not UTF-8 \xc3\x28\n")
    findings = [f for f in validate.iter_findings(tei) if f.rule in ("names-input", "text-input")]
    assert [f.rule for f in findings] == ["names-input", "text-input"]
    assert findings[0].message.split(": ", 1)[1] == findings[1].message.split(": ", 1)[1]
