"""The edition data loader's checks: YAML anchors and aliases, real dates, `where`, characters
XML cannot hold — each a located error (file:line[:col]) from every command that loads the data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tei_roundtable import edition
from tei_roundtable.cli import main
from tei_roundtable.encode import encode
from tei_roundtable.errors import InputError

from conftest import EDITION_DATA

FIXTURES = Path(__file__).parent / "fixtures"

# "Billion laughs" in small: each level refers to the one before nine times.
ALIAS_BOMB = "".join(
    f"  x{n}: &a{n} [" + ",".join([f"*a{n - 1}"] * 9 if n else ['"lol"'] * 9) + "]\n" for n in range(4)
)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    shutil.copy(FIXTURES / "seminar.md", tmp_path / "seminar.md")
    shutil.copy(FIXTURES / "seminar.yaml", tmp_path / "seminar.yaml")
    return tmp_path / "seminar.yaml"


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def load_error(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        edition.load(path)
    return caught.value


@pytest.mark.parametrize("command", [["encode", "-o", "out.xml"], ["check-names"], ["check-text"], ["build", "--out", "dist"]])
def test_every_command_refuses_an_alias_bomb(data, command, monkeypatch):
    monkeypatch.chdir(data.parent)
    data.write_text("bomb:\n" + ALIAS_BOMB + data.read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(main, [*command, "--edition", str(data)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert (
        f"{data}:2:7: error: YAML anchor &a0: anchors and aliases are not allowed in edition data"
    ) in result.output
    assert "hint: write the value out in full wherever it is needed" in result.output
    assert not (data.parent / "out.xml").exists() and not (data.parent / "dist").exists()


def test_recursive_alias_is_refused(data):
    data.write_text("x: &a [a, *a]\n" + data.read_text(encoding="utf-8"), encoding="utf-8")
    error = load_error(data)
    assert (error.location.line, error.location.column) == (1, 4)
    assert error.message == "YAML anchor &a: anchors and aliases are not allowed in edition data"


def test_alias_of_a_value_is_refused_where_the_anchor_follows_a_tag(data):
    replace(data, "  title: Water", "  title: !!str &t Water")
    replace(data, "  publisher: tei-roundtable editors", "  publisher: *t")
    error = load_error(data)
    assert (error.location.line, error.location.column) == (3, 16)
    assert error.message == "YAML anchor &t: anchors and aliases are not allowed in edition data"


def test_alias_without_anchor_is_refused_at_the_alias(data):
    replace(data, "  publisher: tei-roundtable editors", "  publisher: *nowhere")
    error = load_error(data)
    assert (error.location.line, error.location.column) == (10, 14)
    assert error.message.startswith("YAML alias *nowhere: ")


def test_asterisks_and_ampersands_in_strings_are_fine(data):
    replace(data, "  publisher: tei-roundtable editors", '  publisher: "Smith & *Sons*"')
    assert edition.load(data).meta["publisher"] == "Smith & *Sons*"


def test_bundled_edition_still_loads():
    assert edition.load(EDITION_DATA).id == "ipp-roundtable-2007-11-15"


# ----- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize("written, reason", [
    ("2026-13-45", "month must be in 1..12"),
    ('"2026-02-30"', "day is out of range for month"),
])
def test_impossible_date_is_located_at_its_line(data, written, reason):
    replace(data, '  date: "2026-01-01"', f"  date: {written}")
    error = load_error(data)
    assert error.location.line == 5
    assert error.message == f"edition.date: '{written.strip(chr(34))}' is not a calendar date ({reason})"
    assert error.hint == "write a real date as YYYY-MM-DD"


def test_impossible_revision_date(data):
    replace(data, "  setting:", '  revisions:\n    - {date: "2025-04-31", who: testers, change: x}\n  setting:')
    error = load_error(data)
    assert error.location.line == 21
    assert error.message.startswith("edition.revisions[0].date: '2025-04-31' is not a calendar date")


def test_real_dates_pass(data):
    replace(data, '  date: "2026-01-01"', "  date: 2024-02-29")
    assert edition.load(data).meta["date"] == "2024-02-29"


# ----- where -----------------------------------------------------------------------------------


@pytest.mark.parametrize("written, message", [
    ("[-5]", "decisions[0].where[0]: -5 is not a source line number (lines count from 1)"),
    ("[28, 0]", "decisions[0].where[1]: 0 is not a source line number (lines count from 1)"),
    ("[28, x]", "decisions[0].where[1]: 'x' is not a source line number"),
    ("[true]", "decisions[0].where[0]: true is not a source line number"),
    ("[]", "decisions[0].where: is empty"),
    ("'some'", "decisions[0].where: 'some' is neither 'all' nor a list of source line numbers"),
    ("28", "decisions[0].where: 28 is neither 'all' nor a list of source line numbers"),
])
def test_where_says_what_it_takes(data, written, message):
    replace(data, "    where: [28]", f"    where: {written}")
    error = load_error(data)
    assert error.location.line == 39
    assert error.message == message
    assert error.hint.startswith("where takes 'all' (every occurrence in the transcript) or a list of")


@pytest.mark.parametrize("line, says", [(1070, "does not exist: the transcript has 30 lines"), (29, "has no text")])
def test_a_where_line_without_text_says_why(data, line, says):
    replace(data, "    where: [28]", f"    where: [{line}]")
    with pytest.raises(InputError) as caught:
        encode(data.parent / "seminar.md", data)
    assert caught.value.location.line == 39
    assert caught.value.message == f"decisions[0].where: line {line} of seminar.md {says}"


# ----- characters ------------------------------------------------------------------------------


@pytest.mark.parametrize("escape, described", [
    ("\\x01", "U+0001 (a control character)"), ("\\uFFFF", "U+FFFF (a noncharacter)"),
    # every escape that makes a character XML refuses (the search is skipped in a text without one)
    ("\\0", "U+0000 (a control character)"), ("\\a", "U+0007 (a control character)"),
    ("\\b", "U+0008 (a control character)"), ("\\e", "U+001B (a control character)"),
    ("\\f", "U+000C (a control character)"), ("\\v", "U+000B (a control character)"),
    ("\\U0000FFFE", "U+FFFE (a noncharacter)"), ('\\"\\x02', "U+0002 (a control character)"),
])
def test_escaped_character_not_allowed_in_xml(data, escape, described):
    replace(data, "    name: Seminar", f'    name: "Sem{escape}inar"')
    error = load_error(data)
    assert (error.location.line, error.location.column) == (21, 11)
    assert error.message == f"edition.setting.name: character {described} is not allowed in XML"


def test_raw_control_character_is_located(data):
    replace(data, "    name: Seminar", "    name: Sémi\x01nar")  # libyaml counts bytes: é is two
    error = load_error(data)
    assert (error.location.line, error.location.column) == (21, 15)
    assert error.message == "not valid YAML: character U+0001 is not allowed in YAML"


def test_a_form_given_to_two_entities_is_refused_at_the_second(data):
    # Without this, every "Aida" would silently go to whichever entry came first.
    replace(data, "forms: [Daniyar Sultanov]}", "forms: [Daniyar Sultanov, Aida]}")
    error = load_error(data)
    assert error.location.line == 31
    assert "form 'Aida' is already a form of 'karaeva' (line 28)" in error.message
    assert "mentions:" in error.hint


def test_a_form_repeated_within_one_entity_is_allowed(data):
    replace(data, "forms: [Gulnara Bekova]}", "forms: [Gulnara Bekova, Gulnara Bekova]}")
    assert edition.load(data).entities["bekova"].forms == ("Gulnara Bekova", "Gulnara Bekova")


@pytest.mark.parametrize("named, reason", [
    ("../seminar.md", "'..' leads out"),
    ("/etc/hostname", "absolute path"),
    ("sub/../../seminar.md", "'..' leads out"),
])
def test_a_transcript_outside_the_data_folder_is_refused_at_its_line(data, named, reason):
    # The TEI written beside the data names the transcript by this path, and validate reads it
    # only inside the TEI's folder: refuse it here, where the editor wrote it.
    replace(data, "source: seminar.md", f"source: {named}")
    error = load_error(data)
    assert error.location.line == 7
    assert "the transcript path is refused" in error.message and reason in error.message


def test_a_transcript_through_a_link_out_of_the_data_folder_is_refused(data, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "seminar.md").write_bytes((data.parent / "seminar.md").read_bytes())
    (data.parent / "inside").mkdir()
    (data.parent / "inside" / "source").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    moved = data.parent / "inside" / "seminar.yaml"
    shutil.move(data, moved)
    replace(moved, "source: seminar.md", "source: source/seminar.md")
    error = load_error(moved)
    assert "symbolic link" in error.message and error.location.line == 7


@pytest.mark.parametrize("source, reason", [
    (" ".join(["seminar.md"] * 40), "File name too long"),
    ("seminar.md/inside.md", "Not a directory"),
], ids=["name-too-long", "through-a-file"])
def test_a_source_path_the_system_cannot_reach_is_located(data, source, reason):
    # Found by benchmarks/fuzz.py: OSError (ENAMETOOLONG) escaped as a traceback.
    replace(data, "source: seminar.md", f"source: {source}")
    error = load_error(data)
    assert error.location.line == 7
    assert "the transcript path is refused: it cannot be reached" in error.message and reason in error.message
