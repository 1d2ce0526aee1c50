"""Bad input to `encode`: a located, actionable message, exit code 1, no traceback, nothing written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tei_roundtable.cli import main

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copy(FIXTURES / "seminar.md", tmp_path / "seminar.md")
    shutil.copy(FIXTURES / "seminar.yaml", tmp_path / "seminar.yaml")
    return tmp_path


def run_encode(work: Path, source: Path | None = None) -> tuple[int, str, Path]:
    out = work / "out" / "seminar.xml"
    args = ["encode", "--edition", str(work / "seminar.yaml"), "-o", str(out)]
    if source is not None:
        args.insert(1, str(source))
    result = CliRunner().invoke(main, args)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output, out


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_good_input_writes_the_file(work):
    code, output, out = run_encode(work)
    assert code == 0, output
    assert out.read_bytes().startswith(b"<?xml")


def test_empty_transcript(work):
    (work / "seminar.md").write_bytes(b"")
    code, output, out = run_encode(work)
    assert code == 1
    assert "seminar.md: error: file is empty" in output
    assert not out.exists()


def test_transcript_not_utf8_names_the_byte_offset(work):
    data = (work / "seminar.md").read_bytes()
    offset = data.index(b"Welcome")
    (work / "seminar.md").write_bytes(data[:offset] + b"\xe9" + data[offset:])
    code, output, out = run_encode(work)
    assert code == 1
    line = data[:offset].count(b"\n") + 1
    assert f"seminar.md:{line}:" in output
    assert f"byte offset {offset}" in output
    assert "save the file as UTF-8" in output
    assert not out.exists()


@pytest.mark.parametrize("printed, shown", [
    ("Gulnara\u200bBekova", "Gulnara<U+200B>Bekova"),
    ("Gulnara\u00a0Bekova", "Gulnara<U+00A0>Bekova"),
    ("Gulnara Beko\u0301va", "Gulnara Beko<U+0301>va"),
])
def test_an_unknown_label_shows_the_characters_no_one_can_see(work, printed, shown):
    # Else the message shows 'Gulnara Bekova' is not in the register, which it evidently is.
    edit(work / "seminar.md", "**Gulnara Bekova:** I agree", f"**{printed}:** I agree")
    code, output, out = run_encode(work)
    assert code == 1
    assert f"speaker label '{shown}' is not in the register" in output


def test_unknown_label_names_the_line_and_nearest_names(work):
    edit(work / "seminar.md", "**Gulnara Bekova:** I agree", "**Gulnara Bekowa:** I agree")
    code, output, out = run_encode(work)
    assert code == 1
    assert "seminar.md:28:3: error: speaker label 'Gulnara Bekowa' is not in the register" in output
    assert "Gulnara Bekova (bekova)" in output
    assert not out.exists()


def test_missing_front_matter_field(work):
    edit(work / "seminar.md", "**Place:** Hall of the Civic Forum\n\n", "")
    code, output, out = run_encode(work)
    assert code == 1
    assert "error: front-matter field **Place:** is missing" in output
    assert "hint: add a line '**Place:** …'" in output
    assert not out.exists()


def test_label_with_no_text(work):
    edit(work / "seminar.md", "**Daniyar Sultanov:** A short question.", "**Daniyar Sultanov:**")
    code, output, out = run_encode(work)
    assert code == 1
    assert "seminar.md:30:1: error: speaker label 'Daniyar Sultanov' has no text" in output
    assert not out.exists()


def test_edition_wrong_type_names_file_line_and_field(work):
    edit(work / "seminar.yaml", "  version: 0.1.0", "  version: 7")
    code, output, out = run_encode(work)
    assert code == 1
    assert "seminar.yaml:4: error: edition.version: 7 is not of type 'string'" in output
    assert not out.exists()


def test_edition_unknown_key(work):
    edit(work / "seminar.yaml", "  language: en\n", "  language: en\n  langauge: fr\n")
    code, output, out = run_encode(work)
    assert code == 1
    assert "seminar.yaml:7: error: edition.langauge: unknown key 'langauge'" in output
    assert "allowed here:" in output
    assert not out.exists()


def test_edition_not_yaml(work):
    (work / "seminar.yaml").write_text("edition: [unclosed\n", encoding="utf-8")
    code, output, _ = run_encode(work)
    assert code == 1
    assert "seminar.yaml:2:1: error: not valid YAML" in output


def test_decision_text_not_found_names_the_yaml_line(work):
    edit(work / "seminar.yaml", "    source: Osmanov", "    source: Osmanow")
    code, output, out = run_encode(work)
    assert code == 1
    assert "seminar.yaml:" in output and "decisions[0].source: 'Osmanow' does not occur on line 28" in output
    assert not out.exists()


def test_unsupported_html_tag(work):
    edit(work / "seminar.md", "20<sup>th</sup>", "20<blink>th</blink>")
    code, output, _ = run_encode(work)
    assert code == 1
    assert "error: unsupported HTML tag <blink>" in output


def test_failed_encode_leaves_an_existing_output_untouched(work):
    out = work / "out" / "seminar.xml"
    out.parent.mkdir()
    out.write_bytes(b"previous")
    edit(work / "seminar.md", "**Gulnara Bekova:** I agree", "**Nobody:** I agree")
    code, _, _ = run_encode(work)
    assert code == 1
    assert out.read_bytes() == b"previous"
    assert [p.name for p in out.parent.iterdir()] == ["seminar.xml"]  # no temp file left


def test_missing_source_file(work):
    # A path given that does not exist is a usage error (exit 2), as in every command.
    code, output, _ = run_encode(work, work / "nope.md")
    assert code == 2
    assert "nope.md' does not exist" in output


def test_usage_error_exits_2(work):
    result = CliRunner().invoke(main, ["encode", "--no-such-option"])
    assert result.exit_code == 2
