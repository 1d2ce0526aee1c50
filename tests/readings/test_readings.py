"""The readings the fidelity check compares: what text counts, how words are cut, and where two
streams of words first differ."""

from __future__ import annotations

import random

import pytest
from lxml import etree

from tei_roundtable import readings

TEI = 'xmlns="http://www.tei-c.org/ns/1.0"'


def tei(body: str) -> etree._Element:
    return etree.fromstring(f"<TEI {TEI}><teiHeader><p>header</p></teiHeader><text><body>{body}</body>"
                            f"<back><note>back</note></back></text></TEI>")


def test_diplomatic_and_normalised_readings() -> None:
    doc = tei("<p>In the 21<hi>st</hi> century <choice><sic>Centra</sic><corr>Central</corr></choice> Asia"
              "<note>an editor's note</note>.</p><p>Next</p>")
    assert readings.diplomatic(doc) == "In the 21st century Centra Asia. Next"
    assert readings.normalised(doc) == "In the 21st century Central Asia. Next"


def test_blocks_separate_words_and_inline_elements_do_not() -> None:
    doc = tei("<sp><speaker>Name:</speaker><p>one</p><p>two<hi>three</hi></p></sp>")
    assert list(readings.iter_words(doc, "diplomatic")) == ["Name:", "one", "twothree"]


def test_comments_and_processing_instructions_keep_their_tails() -> None:
    doc = tei("<p>wa<!-- a comment -->ter and<?editor check?> fields</p>")
    assert readings.diplomatic(doc) == "water and fields"


def naive_first_difference(expected: list[str], actual: list[str]):
    """The definition: first index where the word lists differ, 3 words before, 4 from there."""
    for index in range(max(len(expected), len(actual))):
        x = expected[index] if index < len(expected) else None
        y = actual[index] if index < len(actual) else None
        if x != y:
            before = expected[max(0, index - 3):index]
            return index, " ".join(before + expected[index:index + 4]) or "(end)", \
                " ".join(before + actual[index:index + 4]) or "(end)"
    return None


@pytest.mark.parametrize("seed", range(5))
def test_first_difference_agrees_with_its_definition(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(200):
        # lengths around the comparison window, where an off-by-one would hide
        length = rng.choice([0, 1, 5, readings._WINDOW - 1, readings._WINDOW, readings._WINDOW + 2, 3 * readings._WINDOW])
        expected = [rng.choice("abc") for _ in range(length)]
        actual = list(expected)
        change = rng.randrange(4)
        if change == 1 and actual:
            actual[rng.randrange(len(actual))] = "z"
        elif change == 2:
            actual.insert(rng.randint(0, len(actual)), "z")
        elif change == 3 and actual:
            del actual[rng.randrange(len(actual))]
        want = naive_first_difference(expected, actual)
        assert readings.first_difference(iter(expected), iter(actual)) == want
        assert readings.first_difference(" ".join(expected), " ".join(actual)) == want


def test_source_syntax_is_set_aside_only_where_the_reader_takes_it():
    # front matter: heading markers, field labels, list markers; turns: the label that starts a
    # paragraph (a word of its own even with no space after it), and nothing else
    source = ("## Seminar\n\n### “Title”\n\n**Date:** 1 May\n\n**Speakers:**\n\n- Ann Lee, poet;\n\n"
              "**Ann Lee:**Hello.\n- not a list\n**Ann Lee:** not a label\n\n## not a heading\n")
    assert readings.source_plain(source) == (
        "Seminar “Title” Date 1 May Speakers Ann Lee, poet; "
        "Ann Lee Hello. - not a list **Ann Lee:** not a label ## not a heading"
    )


def test_the_texts_are_the_pieces_without_their_elements() -> None:
    """iter_texts (the fidelity check's stream) yields the texts of iter_pieces, in order, in both readings."""
    rng = random.Random(3)
    tags = ["p", "hi", "sp", "speaker", "note", "ptr", "choice", "sic", "corr", "orig", "reg", "seg", "head"]

    def content(depth: int) -> str:
        parts = []
        for _ in range(rng.randrange(0, 4)):
            kind = rng.random()
            if kind < 0.15:
                parts.append("<!-- c -->")
            elif kind < 0.25:
                parts.append("<?pi x?>")
            elif kind < 0.6 or depth > 3:
                parts.append(rng.choice(["a", "b ", " c", "d e", "\n"]))
            else:
                tag = rng.choice(tags)
                parts.append(f"<{tag}>{content(depth + 1)}</{tag}>")
        return "".join(parts)

    for _ in range(500):
        doc = tei(content(0))
        for reading in readings.READINGS:
            assert list(readings.iter_texts(doc, reading)) == [p for p, _ in readings.iter_pieces(doc, reading)]


def test_a_word_pattern_matches_as_the_look_behind_pattern() -> None:
    """word_pattern (the literal first, then the look-behind) finds, searches and replaces what
    ``(?<!\\w)text(?!\\w)`` does, within a window of the text too."""
    import re

    def look_behind_first(text: str) -> re.Pattern:
        return re.compile((r"(?<!\w)" if text[0].isalnum() else "") + re.escape(text)
                          + (r"(?!\w)" if text[-1].isalnum() else ""))

    rng = random.Random(9)
    alphabet = "ab _1é,.-’\u00b2 \n("
    for _ in range(30000):
        needle = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 4)))
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 14)))
        lo = rng.randrange(0, len(text) + 1)
        hi = rng.randrange(lo, len(text) + 1)
        ours, theirs = readings.word_pattern(needle), look_behind_first(needle)
        assert [m.span() for m in ours.finditer(text, lo, hi)] == [m.span() for m in theirs.finditer(text, lo, hi)]
        assert ours.sub("X", text) == theirs.sub("X", text)
