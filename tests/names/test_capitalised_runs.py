"""The capitalised runs of a text (names._Collector._runs) are found among the capitalised words
collect records, without the other words: the same items as the scan of every word of the region,
which the collector falls back to where a word could cross the region's ends."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from conftest import SOURCE
from tei_roundtable import names
from tei_roundtable.transcript import parse, parse_text

HEAD = "## Round-table\n\n### “Title”\n\n**Date:** 3 March 2009\n\n**Place:** Osh\n\n**Moderator:** Aida Karaeva\n\n**Speakers:**\n\n- Timur Osmonov, engineer;\n\n"
WORDS = ["Timur", "Osmonov", "Osmonova", "Ivanovich", "the", "Union", "union", "of", "Kyrgyz’s", "O'Neil",
         "Abdyldaev", "Central", "Asia", "ǅungla", "Жанна", "de", "x'Y", "and", "Bishkek"]
GLUE = [" ", " - ", "-", ", ", ". ", "; ", " (", ") ", "’", "'", "2", "_"]


def _items_both_ways(transcript) -> tuple[list, list]:
    fast = names.collect(transcript)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(names, "_inside_word", lambda value, offset: True)  # every region scanned word by word
        slow = names.collect(transcript)
    return fast, slow


def test_the_bundled_transcript_has_the_same_items_either_way() -> None:
    fast, slow = _items_both_ways(parse(SOURCE))
    assert fast == slow and len(fast) > 1000


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(GLUE)), min_size=1, max_size=14))
def test_any_text_has_the_same_items_either_way(parts) -> None:
    body = "".join(word + glue for word, glue in parts).strip() or "Union"
    transcript = parse_text(HEAD + f"**Timur Osmonov:** {body}\n")
    fast, slow = _items_both_ways(transcript)
    assert fast == slow
