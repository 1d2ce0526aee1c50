"""A register form is searched for as a string, its look-behind after it (names._whole_word):
the same places as the pattern that opens with the look-behind, wherever the form stands."""

from __future__ import annotations

import re

from hypothesis import given, strategies as st

from tei_roundtable.names import _whole_word

ALPHABET = "ab -é_1’'.(\n"


def spans(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


@given(form=st.text(ALPHABET, min_size=1, max_size=4), text=st.text(ALPHABET, max_size=40))
def test_form_is_found_where_the_look_behind_pattern_finds_it(form: str, text: str) -> None:
    assert spans(_whole_word(form), text) == spans(re.compile(rf"(?<!\w){re.escape(form)}(?!\w)"), text)


def test_form_is_a_whole_word() -> None:
    text = "Central Asia; the Centra Asian Union, Kyrgyz’s Centra_x 2Centra"
    assert [text[a:b] for a, b in spans(_whole_word("Centra"), text)] == ["Centra"]
    assert spans(_whole_word("Kyrgyz"), text) == [(text.index("Kyrgyz"), text.index("Kyrgyz") + 6)]
