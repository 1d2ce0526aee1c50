"""Where the encoder finds a decision's, mention's or reference's text (``TextLayer._find``: the
word pattern tried where ``str.find`` puts the text) is where the word pattern's scan of the
line finds it: the same places, for random texts, needles and lines."""

from __future__ import annotations

import random

from tei_roundtable._encode_base import _Unit
from tei_roundtable._encode_text import TextLayer
from tei_roundtable.readings import word_pattern
from tei_roundtable.transcript import Piece, Text

# Word and non-word characters, so that needles stand inside words, beside them and overlap.
LETTERS = "aab é-'. "


def _former(text: Text, needle: str, line: int | None) -> list[tuple[int, int]]:
    lo, hi = 0, len(text.text)
    if line is not None:
        found = text.spans_on_line(line)
        if found is None:
            return []
        lo, hi = found
    return [(m.start(), m.end()) for m in word_pattern(needle).finditer(text.text, lo, hi)]


def test_the_text_is_found_where_the_word_pattern_scan_finds_it():
    draw = random.Random(14)  # the same cases every run
    found = 0
    for _ in range(5000):
        pieces, value = [], ""
        for line in range(1, draw.randint(1, 4) + 1):
            chunk = "".join(draw.choice(LETTERS) for _ in range(draw.randint(0, 20)))
            pieces.append(Piece(line, 1, len(value), len(value) + len(chunk)))
            value += chunk
        text = Text(value, pieces)
        needle = "".join(draw.choice(LETTERS) for _ in range(draw.randint(1, 3)))
        line = draw.choice([None, *range(1, len(pieces) + 2)])
        expected = _former(text, needle, line)
        assert TextLayer()._find(_Unit(text, [], "t1.1", "paragraph"), needle, line) == expected, (value, needle, line)
        found += len(expected)
    assert found > 2000  # the cases do find the needles, often more than once on a line
