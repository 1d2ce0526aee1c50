"""A register form is searched for with str.find and its boundaries checked (names.whole_word_spans):
the same places as the pattern that opens with the look-behind, wherever the form stands; and
as the pattern check-names compiled per form before (the literal, then the look-behind)."""

from __future__ import annotations

import re

from hypothesis import given, strategies as st

from tei_roundtable.names import whole_word_spans

ALPHABET = "ab -é_1’'.(\n\u00b2Ж"


def spans(pattern: str, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(pattern, text)]


@given(form=st.text(ALPHABET, min_size=1, max_size=4), text=st.text(ALPHABET, max_size=40),
       joiners=st.sampled_from(["", "-", "-’"]))
def test_form_is_found_where_the_look_behind_pattern_finds_it(form: str, text: str, joiners: str) -> None:
    around = rf"[\w{re.escape(joiners)}]"
    assert list(whole_word_spans(text, form, joiners)) == spans(rf"(?<!{around}){re.escape(form)}(?!{around})", text)
    literal = re.escape(form)
    assert list(whole_word_spans(text, form)) == spans(rf"{literal}(?<!\w{literal})(?!\w)", text)


def test_form_is_a_whole_word() -> None:
    text = "Central Asia; the Centra Asian Union, Kyrgyz’s Centra_x 2Centra"
    assert [text[a:b] for a, b in whole_word_spans(text, "Centra")] == ["Centra"]
    assert list(whole_word_spans(text, "Kyrgyz")) == [(text.index("Kyrgyz"), text.index("Kyrgyz") + 6)]
    assert list(whole_word_spans("socio-economic, economic", "economic", "-")) == [(16, 24)]


@given(text=st.text(ALPHABET + "A", max_size=40))
def test_a_texts_runs_of_letters_are_among_its_words_and_their_parts(text: str) -> None:
    """_text looks a form up by the text's words and their parts (names._parts) instead of its runs
    of word characters: every run that is letters only must be among them."""
    from tei_roundtable.names import _LETTERS, _WORD, _WORD_CHARS, _parts

    words = set(_WORD.findall(text))
    runs = {run for run in _WORD_CHARS.findall(text) if _LETTERS.fullmatch(run)}
    assert runs <= words | set(_parts(words))
