"""The shortcuts of the spelling and sentence rules answer as the plain computations do."""

from __future__ import annotations

import re
from functools import lru_cache

from hypothesis import given, strategies as st
from spellchecker import SpellChecker

from conftest import SOURCE
from tei_roundtable import _textrules
from tei_roundtable._textrules import WORD, _common_neighbour, _word_before


@lru_cache(maxsize=1)
def _library() -> SpellChecker:
    return SpellChecker(language="en", case_sensitive=False, distance=1)


def _neighbour_by_the_whole_list(word: str) -> str | None:
    """_common_neighbour as first written, asking pyspellchecker itself: every candidate looked
    up in the whole word list."""
    frequency = _library().word_frequency
    own = frequency[word]
    if not own or own >= _textrules._RARE or len(word) < 4:
        return None
    best = max(((frequency[c], c) for c in _library().edit_distance_1(word) if c in frequency and c != word),
               default=None)
    if best is None or best[0] < own * _textrules._COMMONER or word.startswith(best[1]):
        return None
    return best[1]


def test_rare_word_neighbour_is_found_among_the_common_words_as_in_the_whole_list() -> None:
    words = {m[0].casefold() for m in WORD.finditer(SOURCE.read_text(encoding="utf-8"))}
    frequency = _library().word_frequency
    rare = sorted(w for w in words if 0 < frequency[w] < _textrules._RARE and len(w) >= 4)
    assert len(rare) > 20 and "centra" in rare
    found = {w: _common_neighbour(w) for w in rare}
    assert found == {w: _neighbour_by_the_whole_list(w) for w in rare}
    assert found["centra"] == "central"


@given(value=st.text("aZ é\n\t\u00a0-.x", max_size=14), data=st.data())
def test_word_before_is_what_the_search_of_the_text_before_finds(value: str, data: st.DataObject) -> None:
    offset = data.draw(st.integers(0, len(value)))
    found = re.search(r"([A-Za-z]+)\s+$", value[:offset])
    assert _word_before(value, offset) == (found[1] if found else None)


@given(value=st.text("ab a-", max_size=16), part=st.text("ab a-", min_size=1, max_size=3))
def test_literal_spans_are_what_the_pattern_finds(value: str, part: str) -> None:
    assert list(_textrules.literal_spans(value, part)) == [m.span() for m in re.finditer(re.escape(part), value)]
