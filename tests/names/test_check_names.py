"""check-names on the bundled edition, on its raw source and on a transcript with planted variants."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import EDITION_DATA, REPO, SOURCE
from tei_roundtable import edition as edition_mod
from tei_roundtable import names, transcript
from tei_roundtable.cli import main
from tei_roundtable.errors import CheckFailed

FIXTURES = Path(__file__).parent / "fixtures"
PLANTED = FIXTURES / "planted.md"
PLANTED_DATA = FIXTURES / "planted.yaml"
# variant form -> the form it varies, as planted in planted.md
PLANTED_VARIANTS = {
    "Osmanov": "Osmonov",         # label: vowel of the surname
    "Sultanbaev": "Sultanbekov",  # label: same first name, looser likeness of the surname
    "Nurlen": "Nurlan",           # label: first name, same surname
    "Karayeva": "Karaeva",        # label: transliteration
    "Bakitovich": "Bakytovich",   # patronymic of the same first name
    "Ferghana": "Fergana",        # place, in the text and the participant list
    "EurazEC": "EurAsEC",         # abbreviation in mixed case
    "Tashkant": "Tashkent",       # place, twice in one sentence
}


def variant_of(finding: names.Finding) -> tuple[str, str]:
    match = re.match(r"(\S+) \(.*?\) ~ (\S+) \(", finding.message)
    assert match, finding.message
    return match[1], match[2]


def line_of(path: Path, word: str) -> int:
    """The first line of ``path`` with ``word`` as a whole word."""
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", line):
            return number
    raise AssertionError(word)


def test_bundled_edition_has_no_undecided_variant():
    assert list(names.iter_findings(SOURCE, EDITION_DATA)) == []
    assert names.is_valid(SOURCE, EDITION_DATA)


def test_raw_source_reports_the_known_cases_with_their_places():
    findings = list(names.iter_findings(SOURCE))
    pairs = {frozenset(variant_of(f)) for f in findings}
    assert frozenset({"Abdylidaev", "Abdyldaev"}) in pairs
    assert frozenset({"Uzakbaev", "Uzbekov"}) in pairs
    parsed = transcript.parse(SOURCE)
    label_lines: dict[str, int] = {}
    for turn in parsed.turns:
        label_lines.setdefault(turn.label, turn.label_line)  # the first turn with the label
    abdy = next(f for f in findings if "Abdylidaev" in variant_of(f))
    assert abdy.line == label_lines["Erlan Abdylidaev"] and abdy.column == len("**Erlan ") + 1
    assert f"labels l.{label_lines['Erlan Abdylidaev']}" in abdy.message
    participant = next(e for e in parsed.front.participants if e.name == "Erlan Abdyldaev")
    assert f"Abdyldaev (participants l.{participant.text.line})" in abdy.message
    uzak = next(f for f in findings if "Uzakbaev" in variant_of(f))
    assert uzak.line == label_lines["Umarzak Uzakbaev"]
    assert all(f.rule == names.RULE and f.severity == "error" and f.file == str(SOURCE) for f in findings)
    assert "no decision in edition data" in abdy.message


def test_raw_source_reports_exactly_what_the_edition_decides():
    """Every variant found in the raw source is decided by the edition, and nothing else is found."""
    edition = edition_mod.load(EDITION_DATA)
    for finding in names.iter_findings(SOURCE):
        variant, _ = variant_of(finding)
        assert any(variant in (d.source or "").split() for d in edition.decisions), finding


def test_check_raises_with_the_findings():
    with pytest.raises(CheckFailed) as caught:
        names.check(SOURCE)
    assert len(caught.value.findings) == len(list(names.iter_findings(SOURCE)))


def test_planted_variants_are_all_found_and_nothing_else():
    findings = list(names.iter_findings(PLANTED))
    found = dict(variant_of(f) for f in findings)
    assert {frozenset(p) for p in found.items()} == {frozenset(p) for p in PLANTED_VARIANTS.items()}
    for finding in findings:
        variant, _ = variant_of(finding)
        assert finding.line == line_of(PLANTED, variant)  # located at the variant's first place


def test_planted_distractors_are_not_reported():
    messages = " ".join(f.message for f in names.iter_findings(PLANTED))
    # two people who share a surname; a feminine and a masculine surname of different people;
    # inflections and derivations; acronyms one letter apart; a common word in capitals
    for word in ("Sultanov", "Bekov", "Bekova", "Russian", "Russians", "Uzbeks", "Kazakhs", "CAU", "CAEU", "Union", "European"):
        assert not re.search(rf"\b{word}\b", messages), word


def test_planted_variants_decided_by_the_edition_data():
    assert list(names.iter_findings(PLANTED, PLANTED_DATA)) == []


def test_a_decision_on_the_wrong_line_leaves_the_variant_open(tmp_path):
    shutil.copy(PLANTED, tmp_path / "planted.md")
    data = yaml.safe_load(PLANTED_DATA.read_text(encoding="utf-8"))
    decision = next(d for d in data["decisions"] if d["source"] == "Tashkant")
    data["decisions"].remove(decision)
    (tmp_path / "planted.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    findings = list(names.iter_findings(tmp_path / "planted.md", tmp_path / "planted.yaml"))
    assert [variant_of(f) for f in findings] == [("Tashkant", "Tashkent")]
    assert "no decision in planted.yaml" in findings[0].message


def test_a_decision_covering_some_places_only_says_so(tmp_path):
    text = PLANTED.read_text(encoding="utf-8").replace("Thank you all.", "Thank you all. See you in Tashkant.")
    (tmp_path / "planted.md").write_text(text, encoding="utf-8")
    shutil.copy(PLANTED_DATA, tmp_path / "planted.yaml")
    findings = list(names.iter_findings(tmp_path / "planted.md", tmp_path / "planted.yaml"))
    assert len(findings) == 1
    assert findings[0].line == text.split("\n").index(next(l for l in text.split("\n") if "See you in" in l)) + 1
    assert "Tashkant (text l." in findings[0].message and "covers these places" in findings[0].message


def test_cli_fails_on_the_raw_source_with_located_messages(monkeypatch):
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(main, ["check-names", str(SOURCE.relative_to(REPO))])
    assert result.exit_code == 1
    lines = [l for l in result.output.splitlines() if "[names-undecided-variant]" in l]
    assert lines and all(re.match(r"tei/source/\S+\.md:\d+:\d+: error \[names-undecided-variant\] ", l) for l in lines)
    assert "without an editorial decision" in result.output


def test_cli_passes_on_the_bundled_edition(monkeypatch):
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(main, ["check-names"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(main, ["check-names", str(SOURCE), "--edition", str(EDITION_DATA)])
    assert result.exit_code == 0, result.output


def test_cli_bad_transcript_is_a_located_error(tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_text("**Date:** 1 May 2001\n\nno title here\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check-names", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:" in result.output and "Traceback" not in result.output


def test_cli_writes_the_findings_to_standard_output_and_the_verdict_to_standard_error(monkeypatch):
    # As validate does: `check-names > todo.txt` keeps the list.
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(main, ["check-names", str(SOURCE.relative_to(REPO))])
    assert result.exit_code == 1
    assert "[names-undecided-variant]" in result.stdout and "[names-undecided-variant]" not in result.stderr
    assert "without an editorial decision" in result.stderr
