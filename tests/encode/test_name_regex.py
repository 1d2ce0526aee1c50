"""The register's regex (a tree of the forms' letters) finds exactly what an alternation of the
forms, longest first, finds: the same names at the same places, in a whole text or a part of it."""

from __future__ import annotations

import random
import re

from tei_roundtable._encode_base import _alternation

# Few letters (word and non-word), so that forms share beginnings and are met inside and beside
# one another, followed by letters, spaces, hyphens and digits.
LETTERS = "ab Aé-1.'"


def _reference(forms: tuple[str, ...]) -> re.Pattern:
    alternatives = "|".join(re.escape(form) for form in forms)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?![\w])(?!-\d)")


def test_the_letter_tree_finds_what_the_alternation_finds():
    draw = random.Random(14)  # the same cases every run
    differing = 0
    for _ in range(5000):
        forms = {"".join(draw.choice(LETTERS) for _ in range(draw.randint(1, 6))) for _ in range(draw.randint(1, 8))}
        ordered = tuple(sorted(forms, key=lambda f: (-len(f), f)))  # as the encoder orders them
        text = "".join(draw.choice(ordered + tuple(LETTERS)) for _ in range(draw.randint(0, 12)))
        start = draw.randint(0, len(text))
        end = draw.randint(start, len(text))
        expected = [m.span() for m in _reference(ordered).finditer(text, start, end)]
        assert [m.span() for m in _alternation(ordered).finditer(text, start, end)] == expected, (ordered, text)
        # How often the shorter-first order would differ: the cases do try longest-first.
        differing += [m.span() for m in _reference(ordered[::-1]).finditer(text, start, end)] != expected
    assert differing >= 10


def test_longer_forms_win_and_a_failed_ending_falls_back_to_a_shorter_form():
    pattern = _alternation(("Central Asia", "Kazakhstan", "Central", "Kazakh", "Asia"))
    assert [m[0] for m in pattern.finditer("Central Asian Kazakhstan-2030, Kazakh Central Asia")] == \
        ["Central", "Kazakh", "Central Asia"]
