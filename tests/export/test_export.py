"""Table exports: one row per paragraph (or utterance); a collection is one table; the counts
per speaker agree with the HTML page's speaker table; golden files for both formats."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html

from conftest import EDITION_ID, EDITION_TEI, REPO
from tei_roundtable import export
from tei_roundtable.cli import main
from tei_roundtable.errors import InputError
from tei_roundtable.render import render_html

sys.path.insert(0, str(REPO / "tests" / "foreign"))
from foreign_helpers import CORPUS, PLAY, SESSION  # noqa: E402


def test_counts_per_speaker_equal_the_pages_speaker_table() -> None:
    rows = list(export.iter_rows(EDITION_TEI))
    by_speaker: dict[str, dict] = defaultdict(lambda: {"turns": set(), "paragraphs": 0, "words": 0})
    for row in rows:
        counts = by_speaker[row.speaker_id]
        counts["turns"].add(row.ref.split(".")[0])
        counts["paragraphs"] += 1
        counts["words"] += row.words
    page = html.fromstring(render_html(EDITION_TEI))
    table = {}
    for tr in page.xpath("//section[@id='statistics']//tbody/tr"):
        cells = [" ".join(td.text_content().split()) for td in tr.xpath("td")]
        speaker = tr.xpath("th/a/@href")[0].lstrip("#")
        table[speaker] = {"turns": int(cells[1].replace(",", "")), "paragraphs": int(cells[2].replace(",", "")),
                          "words": int(cells[3].replace(",", ""))}
    assert len(table) >= 9
    assert {s: {"turns": len(c["turns"]), "paragraphs": c["paragraphs"], "words": c["words"]}
            for s, c in by_speaker.items()} == table


def test_rows_are_the_editions_paragraphs_with_their_speakers() -> None:
    rows = list(export.iter_rows(EDITION_TEI))
    first = rows[0]
    assert (first.edition, first.ref, first.speaker_id, first.role) == (EDITION_ID, "t1.1", "imanaliev", "moderator")
    assert first.speaker_name == "Muratbek Sansyzbaevich Imanaliev"
    assert first.affiliation == "Institute for Public Policy (Bishkek)"
    assert [r.ref for r in rows] == [p for p in (r.ref for r in rows)]  # document order
    # the readings differ where the edition corrects the source
    assert any(r.text != r.diplomatic for r in rows)


def test_role_and_affiliation_are_those_at_the_events_date() -> None:
    rows = {r.speaker_id: r for r in export.iter_rows(CORPUS)}
    # DoeJane left the Liberal Party in 2014; SmithJohn was the Speaker until mid-2021.
    assert (rows["DoeJane"].role, rows["DoeJane"].affiliation) == ("member", "Green Party")
    assert (rows["SmithJohn"].role, rows["SmithJohn"].affiliation) == ("member; speaker", "National Assembly")
    assert rows["DoeJane"].speaker_name == "Doe Jane"


def test_text_is_what_is_spoken() -> None:
    rows = list(export.iter_rows(SESSION))
    assert rows[2].text == ("Thank you, Mr Speaker. The canals of the valley carry less water every summer. "
                            "It is, and the gauges show it.")
    play = list(export.iter_rows(PLAY))
    assert [r.ref for r in play] == ["sp1.1", "sp1.2", "sp2.1", "sp2.2", "sp3.1", "sp4.1", "sp4.2"]
    assert play[-1].text == "Go on, old feet, the castle is not far." and play[-1].words == 9
    assert play[4].speaker_id == "witches" and play[4].speaker_name == "Witches"


def test_a_collection_is_one_table_edition_after_edition(file_regression) -> None:
    table = export.export([EDITION_TEI, CORPUS, PLAY], "csv")
    rows = list(csv.DictReader(io.StringIO(table)))
    assert tuple(rows[0]) == export.COLUMNS
    editions = list(dict.fromkeys(r["edition"] for r in rows))
    assert editions == [EDITION_ID, "ParlaMint-XX_2021-03-04", "example-the-heath"]
    assert len(rows) == len(list(export.iter_rows(EDITION_TEI))) + 5 + 7
    file_regression.check(export.export([CORPUS, PLAY], "csv"), basename="samples-reference", extension=".csv")


def test_jsonl_is_one_object_per_row(file_regression) -> None:
    text = export.export([CORPUS, PLAY], "jsonl")
    objects = [json.loads(line) for line in text.splitlines()]
    assert [tuple(o) for o in objects] == [export.COLUMNS] * 12
    assert objects == [json.loads(json.dumps(r.as_dict())) for r in export.iter_collection([CORPUS, PLAY])]
    file_regression.check(text, basename="samples-reference", extension=".jsonl")


def test_two_editions_with_one_id_are_refused(tmp_path: Path) -> None:
    copy = tmp_path / "again" / PLAY.name
    copy.parent.mkdir()
    copy.write_bytes(PLAY.read_bytes())
    with pytest.raises(InputError, match="edition id 'example-the-heath' is also that of"):
        export.export([PLAY, copy])


@pytest.mark.parametrize("format", export.FORMATS)
def test_a_table_written_row_after_row_is_the_export(tmp_path: Path, format: str) -> None:
    """write() streams the table to its file (a collection's is not held whole): the same bytes."""
    target = tmp_path / f"table.{format}"
    assert export.write([EDITION_TEI, CORPUS, PLAY], target, format) == target
    assert target.read_bytes() == export.export([EDITION_TEI, CORPUS, PLAY], format).encode("utf-8")


def test_a_table_that_fails_is_not_written(tmp_path: Path) -> None:
    """Rows are written as they come; a TEI that fails half way leaves no file (nor an old one changed)."""
    target = tmp_path / "table.csv"
    target.write_text("before\n", encoding="utf-8")
    copy = tmp_path / "again" / PLAY.name
    copy.parent.mkdir()
    copy.write_bytes(PLAY.read_bytes())
    with pytest.raises(InputError, match="edition id 'example-the-heath' is also that of"):
        export.write([PLAY, copy], target)
    assert target.read_text(encoding="utf-8") == "before\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again", "table.csv"]


def test_every_column_is_documented_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Exporting tables", 1)[1].split("\n## ", 1)[0]
    for column in export.COLUMNS:
        assert f"| `{column}` |" in section, column


def test_cli_export_writes_the_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    out = tmp_path / "paragraphs.csv"
    result = CliRunner().invoke(main, ["export", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == export.export([EDITION_TEI])
    result = CliRunner().invoke(main, ["export", "--format", "jsonl", str(PLAY)])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 7
    result = CliRunner().invoke(main, ["export", "-o", str(PLAY), str(PLAY)])
    assert result.exit_code == 2 and "would destroy the input" in result.stderr
