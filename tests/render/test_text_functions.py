"""Functions of the stylesheets called on their own: lib/wrap.xsl's line filling against
Python's textwrap (an independent greedy filler), lib/common.xsl's word count."""

from __future__ import annotations

import random
import textwrap

import pytest

from stylesheet_calls import calling


@pytest.fixture(scope="module")
def wrap(tmp_path_factory):
    """trt:wrap($text, $width, $first, $indent) as a Python function returning its lines."""
    call = calling(tmp_path_factory.mktemp("wrap"), "wrap.xsl",
                   {"text": "xs:string", "width": "xs:integer", "first": "xs:string", "indent": "xs:string"},
                   "string-join(trt:wrap($text, $width, $first, $indent), '&#10;')")
    return lambda text, width, first, indent: call(text, width, first, indent).split("\n")


def test_lines_are_filled_as_textwrap_fills_them(wrap):
    rng = random.Random(14)
    for _ in range(200):
        # Words of 1 to 12 letters, now and then one longer than any line; no hyphens, so no
        # word may break (textwrap: break_long_words and break_on_hyphens off).
        words = ["".join(rng.choice("abcdéfghïjkl") for _ in range(rng.choice([*range(1, 13), 30, 90])))
                 for _ in range(rng.randint(1, 60))]
        text = " ".join(words)
        width = rng.choice([10, 20, 40, 78])
        first, indent = rng.choice([("", ""), ("[t12.3] ", "    "), ("Participants:  ", " " * 15)])
        expected = textwrap.wrap(text, width, initial_indent=first, subsequent_indent=indent,
                                 break_long_words=False, break_on_hyphens=False)
        assert wrap(text, width, first, indent) == expected, (text, width, first)


def test_word_count_counts_the_tokens_with_a_letter_or_digit(tmp_path):
    """trt:word-count (lib/common.xsl): an ASCII letter or digit is found without a regular
    expression, any other letter or digit with one, and a token of neither is no word."""
    call = calling(tmp_path, "common.xsl", {"text": "xs:string"}, "string(trt:word-count($text))")

    def count(text: str) -> int:
        return int(call(text))

    assert count("") == 0
    assert count("a 1 Z9 x-y") == 4
    assert count("– … -- (!) — §") == 0, "punctuation and symbols alone"
    assert count("Юсупов Öztürk ١٢ 漢字 ²") == 5, "letters and digits beyond ASCII"
    assert count("—x «Bishkek» 2007,") == 3


def test_a_compound_longer_than_the_first_line_breaks_after_its_hyphen_on_any_line(wrap):
    # 72 characters: more than the first line holds (70 after "[t12.3] "), less than the
    # others (74 after the indent); it is still a word that may break, wherever it falls.
    compound = "a" * 40 + "-" + "b" * 31
    lines = wrap("word " * 14 + "xx " + compound + " end", 78, "[t12.3] ", "    ")
    assert lines == ["[t12.3] " + " ".join(["word"] * 14), "    xx " + "a" * 40 + "-", "    " + "b" * 31 + " end"]
    assert wrap("xx " + compound, 78, "[t12.3] ", "    ") == ["[t12.3] xx " + "a" * 40 + "-", "    " + "b" * 31]
