"""The transcript reader's checks: characters XML cannot hold, UTF-16/32 text, label-like lines."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tei_roundtable.cli import main
from tei_roundtable.transcript import parse, parse_text

from conftest import SOURCE

FIXTURES = Path(__file__).parent / "fixtures"
LABEL = "**Daniyar Sultanov:** A short question."


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copy(FIXTURES / "seminar.md", tmp_path / "seminar.md")
    shutil.copy(FIXTURES / "seminar.yaml", tmp_path / "seminar.yaml")
    return tmp_path


def run(work: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--edition", str(work / "seminar.yaml")])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


def encode(work: Path) -> tuple[int, str, Path]:
    out = work / "out.xml"
    code, output = run(work, "encode", "-o", str(out))
    return code, output, out


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


# ----- characters XML 1.0 does not allow ------------------------------------------------------


@pytest.mark.parametrize("char, described", [
    ("\x01", "U+0001 (a control character)"),
    ("\x0b", "U+000B (a control character)"),
    ("\x00", "U+0000 (a control character)"),  # a stray NUL is no sign of UTF-16
    ("\ufffe", "U+FFFE (a noncharacter)"),
])
def test_character_not_allowed_in_xml_is_located(work, char, described):
    replace(work / "seminar.md", LABEL, LABEL.replace("short", "sh" + char + "ort"))
    code, output, out = encode(work)
    assert code == 1
    column = LABEL.index("short") + 3
    assert f"seminar.md:30:{column}: error: character {described} is not allowed in XML" in output
    assert "hint: delete it" in output
    assert not out.exists()


def test_tab_is_allowed(work):
    replace(work / "seminar.md", LABEL, LABEL.replace("short ", "short\t"))
    code, output, _ = encode(work)
    assert code == 0, output


# ----- UTF-16 and UTF-32 ------------------------------------------------------------------------


@pytest.mark.parametrize("codec, named", [
    ("utf-16-le", "UTF-16LE (no byte-order mark)"),
    ("utf-16-be", "UTF-16BE (no byte-order mark)"),
    ("utf-32-le", "UTF-32LE (no byte-order mark)"),
    ("utf-32-be", "UTF-32BE (no byte-order mark)"),
    ("utf-16", "UTF-16LE"),  # Python writes the byte-order mark, little-endian here
    ("utf-32", "UTF-32LE"),
])
def test_utf16_or_utf32_transcript_says_so(work, codec, named):
    source = work / "seminar.md"
    source.write_bytes(source.read_text(encoding="utf-8").encode(codec))
    code, output, out = encode(work)
    assert code == 1
    assert f"seminar.md: error: the file is encoded as {named}, not UTF-8" in output
    assert "hint: save the file as UTF-8" in output
    assert not out.exists()


def test_utf16_edition_data_says_so(work):
    data = work / "seminar.yaml"
    data.write_bytes(data.read_text(encoding="utf-8").encode("utf-16-le"))
    code, output, _ = encode(work)
    assert code == 1
    assert "seminar.yaml: error: the file is encoded as UTF-16LE (no byte-order mark), not UTF-8" in output


# ----- lines that look like speaker labels but are not ---------------------------------------


MALFORMED = [  # (line 30 of the seminar, the label-like start the warning quotes)
    ("**Daniyar Sultanov** A short question.", "**Daniyar Sultanov**"),
    ("**Daniyar Sultanov**: A short question.", "**Daniyar Sultanov**"),
    ("*Daniyar Sultanov:* A short question.", "*Daniyar Sultanov:*"),
    ("__Daniyar Sultanov:__ A short question.", "__Daniyar Sultanov:__"),
    ("_Daniyar Sultanov_: A short question.", "_Daniyar Sultanov_"),
    ("Daniyar Sultanov: A short question.", "Daniyar Sultanov:"),  # a known name and a colon, no markup
    ("**Kanat Usenov** A short question.", "**Kanat Usenov**"),  # unknown, but two capitalised words
    ("**Question**: A short question.", "**Question**"),  # one word, with a colon
    # other emphasis, colons and block markers a label may be printed with
    ("***Daniyar Sultanov:*** A short question.", "***Daniyar Sultanov:***"),
    ("**Daniyar Sultanov\uff1a** A short question.", "**Daniyar Sultanov\uff1a**"),  # full-width colon
    ("**Daniyar Sultanov\u2236** A short question.", "**Daniyar Sultanov\u2236**"),  # ratio sign
    ("\uff0a\uff0aDaniyar Sultanov:\uff0a\uff0a A short question.", "\uff0a\uff0aDaniyar Sultanov:\uff0a\uff0a"),
    ("<strong>Daniyar Sultanov:</strong> A short question.", "<strong>Daniyar Sultanov:</strong>"),
    ("<b>Daniyar Sultanov</b>: A short question.", "<b>Daniyar Sultanov</b>"),
    ("\\*\\*Daniyar Sultanov:\\*\\* A short question.", "\\*\\*Daniyar Sultanov:\\*\\*"),  # escaped
    ("> **Daniyar Sultanov:** A short question.", "> **Daniyar Sultanov:**"),
    ("- **Daniyar Sultanov:** A short question.", "- **Daniyar Sultanov:**"),
    ("1. **Daniyar Sultanov:** A short question.", "1. **Daniyar Sultanov:**"),
    ("## **Daniyar Sultanov:** A short question.", "## **Daniyar Sultanov:**"),
    ("> Daniyar Sultanov: A short question.", "> Daniyar Sultanov:"),
    ("*Daniyar Sultanov* A short question.", "*Daniyar Sultanov*"),  # a known name in italics
]


@pytest.mark.parametrize("line, shown", MALFORMED)
def test_label_like_line_is_a_located_warning(work, line, shown):
    replace(work / "seminar.md", LABEL, line)
    code, output, out = encode(work)
    assert code == 0, output
    assert (
        f"seminar.md:30:1: warning [label-like] '{shown}' looks like a speaker label but is not one: "
        "the line is read as text of the turn of 'Gulnara Bekova' (line 28)"
    ) in output
    assert "hint: a speaker label is '**Name:** text' at the start of a paragraph" in output
    assert out.exists()  # the TEI is still written: the source is kept as printed


def test_label_that_does_not_start_a_paragraph_is_a_warning(work):
    replace(work / "seminar.md", "\n\n" + LABEL, "\n" + LABEL)
    code, output, _ = encode(work)
    assert code == 0, output
    assert (
        "seminar.md:29:1: warning [label-like] speaker label '**Daniyar Sultanov:**' does not start a "
        "paragraph: it is read as text of the turn of 'Gulnara Bekova' (line 28)"
    ) in output


@pytest.mark.parametrize("line", [
    "*Applause* A short question.",  # one capitalised word, no colon: emphasis, not a label
    "**Important to note** is this.",  # not a name: the last word is in lower case
    "The second: a short question.",  # no markup and not a known name
    "“Daniyar Sultanov: a question” was the title of his paper.",  # a quoted name in a sentence
    "He quoted **Daniyar Sultanov:** a short question.",  # emphasis inside the line
    "- Timur Osmonov, Gulnara Bekova and Aida Karaeva: all three agree.",  # a list of names
    "- **Timur Osmonov**, engineer;",  # a list item naming a person, no colon
    "1. Water: the first question.",  # a numbered point
    "*Novaya Gazeta* wrote about it.",  # a title in italics
    "<i>Ferghana Valley</i> is the subject.",
    "> *Applause*",
    "Some text\u2028and more text: a line separator before no label.",
])
def test_emphasis_that_is_no_label_is_not_reported(work, line):
    replace(work / "seminar.md", LABEL, line)
    code, output, _ = encode(work)
    assert code == 0, output
    assert "warning" not in output


@pytest.mark.parametrize("separator, named", [
    ("\u2028", "U+2028 LINE SEPARATOR"), ("\x85", "U+0085 NEXT LINE"), ("\u2029", "U+2029 PARAGRAPH SEPARATOR"),
])
def test_label_after_a_line_separator_inside_a_line_is_a_warning(work, separator, named):
    # Only LF (and CR, CRLF) end a line, for the reader as for the fidelity check and for
    # the line numbers an editor sees; the label after the separator is text of the line.
    replace(work / "seminar.md", "\n\n" + LABEL, "\n\nOne more." + separator + LABEL)
    replace(work / "seminar.md", "the canals, and", "the canals," + separator + "and")
    code, output, out = encode(work)
    assert code == 0, output
    assert (
        f"seminar.md:30:11: warning [label-like] speaker label '**Daniyar Sultanov:**' does not start a "
        f"paragraph (it follows {named}, which does not end a line): it is read as text of the turn of "
        "'Gulnara Bekova' (line 28)"
    ) in output
    assert output.count("warning") == 1
    code, output = validate(out)
    assert code == 0, output


def validate(tei: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", str(tei)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


@pytest.mark.parametrize("line", [
    "- **Daniyar Sultanov:** A short question.",
    "## **Daniyar Sultanov:** A short question.",
    "   **Daniyar Sultanov:** A short question.",
    "Some text.\n**Daniyar Sultanov:** A short question.",  # a label inside a paragraph
    "1. A first point.\n- a second point\n## a third",  # Markdown syntax in a turn is its text
])
def test_what_a_turn_reads_as_text_validates(work, line):
    # validate sets aside only the syntax the reader takes as syntax: the front matter's,
    # and a label that starts a paragraph
    replace(work / "seminar.md", LABEL, line)
    code, output, out = encode(work)
    assert code == 0, output
    code, output = validate(out)
    assert code == 0, output


def test_label_without_a_space_after_it_is_a_label(work):
    replace(work / "seminar.md", LABEL, "**Daniyar Sultanov:**A short question.")
    code, output, out = encode(work)
    assert code == 0 and "warning" not in output, output
    assert "<speaker>Daniyar Sultanov</speaker>" in out.read_text(encoding="utf-8")
    code, output = validate(out)  # the label is a word of its own, not 'SultanovA'
    assert code == 0, output


def test_name_with_a_colon_is_a_label_that_validates(work):
    # '**Gulnara: Bekova:**' is the label of 'Gulnara: Bekova' (the last colon ends it), and the
    # Schematron's speaker-label rule takes punctuation as spaces in the name as in the label
    replace(work / "seminar.md", "Gulnara Bekova", "Gulnara: Bekova")
    replace(work / "seminar.yaml", "name: Gulnara Bekova, role: speaker, forms: [Gulnara Bekova]",
            "name: 'Gulnara: Bekova', role: speaker, forms: ['Gulnara: Bekova']")
    code, output, out = encode(work)
    assert code == 0 and "warning" not in output, output
    assert "<speaker>Gulnara: Bekova</speaker>" in out.read_text(encoding="utf-8")
    code, output = validate(out)
    assert code == 0, output


def test_good_transcript_has_no_warning(work):
    code, output, _ = encode(work)
    assert code == 0, output
    assert "warning" not in output


def test_check_names_reports_label_like_lines_too(work):
    replace(work / "seminar.md", LABEL, MALFORMED[0][0])
    code, output = run(work, "check-names")
    assert "seminar.md:30:1: warning [label-like]" in output
    assert code == 0, output


def test_bundled_transcript_has_no_label_like_line():
    assert parse(SOURCE).warnings == []


def test_warnings_are_kept_on_the_transcript():
    text = (FIXTURES / "seminar.md").read_text(encoding="utf-8").replace(LABEL, MALFORMED[1][0])
    transcript = parse_text(text, "x.md")
    assert len(transcript.turns) == 3
    [warning] = transcript.warnings
    assert (warning.line, warning.column, warning.rule, warning.severity) == (30, 1, "label-like", "warning")
