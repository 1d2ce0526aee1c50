"""`encode` refuses, with validate's located findings, a TEI that `validate` would reject; text
beside a front-matter list label is a located error, never dropped."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tei_roundtable.cli import main
from tei_roundtable.encode import encode_file
from tei_roundtable.errors import CheckFailed, InputError
from tei_roundtable.transcript import parse

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copy(FIXTURES / "seminar.md", tmp_path / "seminar.md")
    shutil.copy(FIXTURES / "seminar.yaml", tmp_path / "seminar.yaml")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def run(work: Path) -> tuple[int, str, Path]:
    out = work / "out.xml"
    result = CliRunner().invoke(main, ["encode", "--edition", str(work / "seminar.yaml"), "-o", str(out)])
    assert "Traceback" not in result.output
    return result.exit_code, result.output, out


def _undecided_variant(work: Path) -> str:
    text = (work / "seminar.yaml").read_text(encoding="utf-8")
    (work / "seminar.yaml").write_text(text[:text.index("decisions:")] + "decisions: []\n", encoding="utf-8")
    return "[names-undecided-variant] seminar.md:28:40: Osmanov (text l.28) ~ Osmonov"


def _patronymic_label(work: Path) -> str:
    edit(work / "seminar.yaml", "forms: [Timur Osmonov, Timur, Timur Osmanov]",
         "forms: [Timur Osmonov, Timur, Timur Osmanov, Timur Kanatovich]")
    edit(work / "seminar.md", "**Timur Osmonov:** Thank you", "**Timur Kanatovich:** Thank you")
    return "[speaker-label] seminar.md:22: turn 't2': the speaker label 'Timur Kanatovich' does not contain 'Osmonov'"


def _misspelling_as_form(work: Path) -> str:
    edit(work / "seminar.yaml", "forms: [Gulnara Bekova]", "forms: [Gulnara Bekova, Gulnara Bekowa]")
    edit(work / "seminar.md", "**Daniyar Sultanov:** A short question.",
         "**Daniyar Sultanov:** A short question to Gulnara Bekowa.")
    return "[names-undecided-variant] seminar.md:30:51: Bekowa (text l.30) ~ Bekova"


@pytest.mark.parametrize("make", [_undecided_variant, _patronymic_label, _misspelling_as_form],
                         ids=["undecided-variant", "patronymic-form-as-label", "misspelling-under-forms"])
def test_encode_refuses_what_validate_would_reject(work, make):
    # Before: encode wrote the TEI (exit 0), and validate then rejected it.
    expected = make(work)
    code, output, out = run(work)
    assert code == 1, output
    assert expected in output
    assert "the TEI would not validate (1 error(s)); nothing was written" in output
    assert not out.exists()
    with pytest.raises(CheckFailed):
        encode_file(work / "seminar.md", work / "seminar.yaml", work / "api.xml")
    assert not (work / "api.xml").exists()


def test_a_valid_encoding_is_still_written(work):
    code, output, out = run(work)
    assert code == 0, output
    assert out.is_file()


@pytest.mark.parametrize("label", ["Speakers", "List of participants"])
def test_text_beside_a_list_label_is_a_located_error(work, label):
    # Before: the text never reached the TEI, silently, and validate then reported text-fidelity.
    edit(work / "seminar.md", f"**{label}:**\n", f"**{label}:** (in order of speaking)\n")
    line = (work / "seminar.md").read_text(encoding="utf-8").splitlines().index(
        f"**{label}:** (in order of speaking)") + 1
    with pytest.raises(InputError) as caught:
        parse(work / "seminar.md")
    assert (caught.value.location.line, caught.value.location.column) == (line, len(label) + 7)
    code, output, _ = run(work)
    assert code == 1
    assert f"seminar.md:{line}:{len(label) + 7}: error: text after **{label}:** on the same line: " \
           "'(in order of speaking)'" in output
    assert f"hint: put each entry on its own line below **{label}:**" in output
