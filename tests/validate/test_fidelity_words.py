"""The fidelity check splits each side a block at a time (validate._words): the words are those
of readings' word streams (the pieces joined, split at white space), whatever the blocks cut."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from tei_roundtable import readings, validate

PIECES = st.lists(st.text("ab \n\u00a0\u2003", max_size=9), max_size=8)


@pytest.mark.parametrize("block", [1, 3, 7, 1 << 16])
def test_words_are_those_of_the_pieces_joined(monkeypatch: pytest.MonkeyPatch, block: int) -> None:
    monkeypatch.setattr(validate, "_BLOCK_CHARS", block)

    @given(pieces=PIECES)
    def check(pieces: list[str]) -> None:
        words = list(validate._words(pieces))
        assert words == "".join(pieces).split()
        assert words == list(readings._words_of(pieces))

    check()


def test_a_word_cut_by_a_block_is_one_word(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(validate, "_BLOCK_CHARS", 2)
    assert list(validate._words(["the 2", "1", "st century", " "])) == ["the", "21st", "century"]
