"""Rendering TEI that tei-roundtable did not make: every word of its text is in both editions,
or rendering is refused at an element and line; elements it does not know are warnings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html

from conftest import REPO
from foreign_helpers import LETTER, PLAY, RENDERED, SESSION, missing_words, text_words, words
from tei_roundtable.cli import main
from tei_roundtable.errors import InputError
from tei_roundtable.render import render_outputs


def _id(path: Path) -> str:
    return path.parent.name


def _transcript(text: str) -> str:
    return text.split("\nTranscript\n----------\n", 1)[1]


@pytest.mark.parametrize("sample", RENDERED, ids=_id)
def test_every_word_of_the_text_is_in_the_text_edition(sample: Path) -> None:
    warnings: list[InputError] = []
    outputs = render_outputs(sample, warnings=warnings)
    stem = sample.stem
    for reading, name in (("normalised", f"txt/{stem}.txt"), ("diplomatic", f"txt/{stem}-diplomatic.txt")):
        expected = text_words(sample, reading)
        assert len(expected) > 40
        found = words(_transcript(outputs[name].decode("utf-8")))
        assert missing_words(expected, found) == [], reading
    assert warnings == []  # the samples hold only what the stylesheets render on purpose


@pytest.mark.parametrize("sample", RENDERED, ids=_id)
def test_every_word_of_the_text_is_in_the_page(sample: Path) -> None:
    page = html.fromstring(render_outputs(sample)["html/index.html"])
    transcript = page.get_element_by_id("transcript")
    for reading, hidden in (("normalised", "dipl"), ("diplomatic", "norm")):
        shown = html.fromstring(html.tostring(transcript))
        for br in shown.iter("br"):  # a line break separates words, as lb does in the TEI
            br.tail = " " + (br.tail or "")
        for element in shown.xpath(f".//*[contains(concat(' ', @class, ' '), ' {hidden} ')]"):
            element.drop_tree()
        assert missing_words(text_words(sample, reading), words(shown.text_content())) == [], reading


def test_utterances_are_turns_and_segments_their_paragraphs() -> None:
    page = html.fromstring(render_outputs(SESSION)["html/index.html"])
    turns = page.xpath("//div[contains(concat(' ', @class, ' '), ' u ')]")
    assert [t.get("id") for t in turns] == [f"ParlaMint-XX_2021-03-04.u{n}" for n in (1, 2, 3)]
    assert [len(t.xpath("p[@class='para']")) for t in turns] == [2, 2, 1]
    assert turns[1].xpath("string(p[@class='speaker'])").strip().endswith("DoeJane")
    text = render_outputs(SESSION)["txt/ParlaMint-XX_2021-03-04.txt"].decode("utf-8")
    assert "[ParlaMint-XX_2021-03-04.seg3] Thank you, Mr Speaker." in text
    assert "[Applause from the Green Party.]" in text


def test_verse_keeps_its_lines_and_stage_directions_their_own_blocks() -> None:
    text = _transcript(render_outputs(PLAY)["txt/example-the-heath.txt"].decode("utf-8"))
    assert "\n    Where the grey stones lean and the heather bends,\n    There the old king's journey ends.\n" in text
    assert "\nWind and rain. Enter the Witches.\n" in text
    assert "Go on, old feet, [he stumbles] the castle is not far." in text
    assert "\n- DUNCAN, an old king\n" in text


def test_a_note_in_the_text_is_kept_in_brackets() -> None:
    text = render_outputs(LETTER)["txt/letter-1890-05-12.txt"].decode("utf-8")
    assert "[Note 1: The letter is lost.]" in " ".join(text.split())


def _with(tmp_path: Path, sample: Path, old: str, new: str) -> Path:
    copy = tmp_path / sample.name
    text = sample.read_text(encoding="utf-8")
    assert old in text
    copy.write_text(text.replace(old, new, 1), encoding="utf-8")
    return copy


def test_an_unknown_element_is_rendered_as_its_text_with_a_located_warning(tmp_path: Path) -> None:
    copy = _with(tmp_path, PLAY, "<stage>Exit.</stage>",
                 "<stage>Exit.</stage>\n          <sound type=\"music\">Hautboys and torches.</sound>")
    line = next(n for n, text in enumerate(copy.read_text().split("\n"), 1) if "<sound" in text)
    warnings: list[InputError] = []
    outputs = render_outputs(copy, warnings=warnings)
    assert [(w.location.file, w.location.line) for w in warnings] == [(str(copy), line)]
    assert "<sound> has no rendering of its own" in warnings[0].message
    assert "Hautboys and torches." in outputs["txt/example-the-heath.txt"].decode("utf-8")
    assert "Hautboys and torches." in outputs["html/index.html"].decode("utf-8")


def test_the_cli_prints_the_warning_and_renders(tmp_path: Path) -> None:
    copy = _with(tmp_path, PLAY, "<stage>Exit.</stage>", "<stage>Exit.</stage><sound>Thunder.</sound>")
    result = CliRunner().invoke(main, ["render", str(copy), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert f"{copy}:" in result.stderr and ": warning: <sound> has no rendering of its own" in result.stderr
    assert (tmp_path / "out" / "txt" / "example-the-heath.txt").is_file()


def test_a_type_error_on_an_unexpected_element_is_reported_at_its_line(tmp_path: Path) -> None:
    # A template for castList that returns text where it promises an element: the kind of
    # error a DraCor castList caused before (XTTE0505), reported at the TEI's line.
    folder = tmp_path / "xslt"
    shutil.copytree(REPO / "xslt", folder)
    generic = folder / "lib" / "generic.xsl"
    source = generic.read_text(encoding="utf-8")
    block = '<div class="{local-name()}"><xsl:apply-templates select="*" mode="#current"/></div>'
    assert source.count(block) == 1
    # Not found when compiling: the wrong type comes only from an element without xml:id.
    wrong = "<xsl:sequence select=\"if (@xml:id) then . else 'cast'\"/>"
    generic.write_text(source.replace(block, wrong), encoding="utf-8")
    template_line = next(n for n, text in enumerate(generic.read_text().split("\n"), 1) if "'cast'" in text)
    line = next(n for n, text in enumerate(PLAY.read_text().split("\n"), 1) if "<castList>" in text)
    with pytest.raises(InputError) as info:
        render_outputs(PLAY, stylesheets=folder)
    assert (info.value.location.file, info.value.location.line) == (str(PLAY), line)
    assert info.value.message.startswith("cannot render <castList>: XTTE0505")
    assert f"generic.xsl line {template_line}" in info.value.message


def test_a_choice_the_readings_cannot_show_is_refused_at_its_line(tmp_path: Path) -> None:
    copy = _with(tmp_path, LETTER, "<choice><sic>sendes</sic><corr>sends</corr></choice>",
                 "<choice><abbr>sds</abbr><expan>sends</expan></choice>")
    line = next(n for n, text in enumerate(copy.read_text().split("\n"), 1) if "<abbr>" in text)
    with pytest.raises(InputError) as info:
        render_outputs(copy)
    assert info.value.location.line == line and "choice must hold" in info.value.message


def test_a_group_speaker_is_a_speaker() -> None:
    page = render_outputs(PLAY)["html/index.html"].decode("utf-8")
    assert ">ALL.<" in page


@pytest.mark.parametrize("sample", RENDERED, ids=_id)
def test_text_edition_golden(sample: Path, file_regression) -> None:
    text = render_outputs(sample)[f"txt/{sample.stem}.txt"].decode("utf-8")
    file_regression.check(text, basename=f"{sample.parent.name}-reference", extension=".txt")
