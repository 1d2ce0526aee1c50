"""The words validate finds once for the name and text checks (names.vocabulary): the spelling
rule reads a text's words from them only where they are WORD's own (a test on random strings),
and both checks find the same with them as without."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from conftest import EDITION_DATA, SOURCE
from tei_roundtable import _textrules, names, textcheck
from tei_roundtable.edition import load
from tei_roundtable.transcript import parse, parse_text

HEAD = ("## Round-table\n\n### “Title”\n\n**Date:** 3 March 2009\n\n**Place:** Osh\n\n**Moderator:** Aida Karaeva\n\n"
        "**Speakers:**\n\n- Timur Osmonov, engineer;\n\n")
PIECES = ["a", "B", "é", "Ж", "'", "’", "''", " ", "-", "2", "_", "l'Union", "rock'n'roll", "O'Neil's", "x'y'z"]


def _words_of(value: str) -> set[str]:
    return set((_textrules.ASCII_WORD if value.isascii() else _textrules.WORD).findall(value))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14))
def test_spelling_words_are_words_matches_or_unknown(pieces: list[str]) -> None:
    value = "".join(pieces).strip() or "x"
    transcript = parse_text(HEAD + f"**Aida Karaeva:** {value}\n")
    vocabulary = names.vocabulary(transcript)
    for text in textcheck.context(transcript, None).texts:
        found = vocabulary.spelling_words(text.text)
        if found is not None:
            assert found == _words_of(text.text)
        elif text.text in vocabulary.words:  # only a text whose words the two patterns part differently
            assert names._CHAIN.search(text.text)


def test_the_bundled_transcript_reads_its_words_once() -> None:
    transcript = parse(SOURCE)
    vocabulary = names.vocabulary(transcript)
    texts = textcheck.context(transcript, None).texts
    assert all(vocabulary.spelling_words(t.text) == _words_of(t.text) for t in texts)


def test_both_checks_find_the_same_with_the_shared_words() -> None:
    edition = load(EDITION_DATA)
    fixtures = sorted((SOURCE.parents[2] / "tests").glob("*/fixtures/*.md"))
    assert len(fixtures) >= 3
    for path in (SOURCE, *fixtures):
        transcript = parse(path)
        words = names.vocabulary(transcript)
        # the bundled edition's dismissals name lines of the bundled transcript alone
        for data in ((edition, None) if path == SOURCE else (None,)):
            assert (list(textcheck.iter_findings(path, data, transcript=transcript, words=words))
                    == list(textcheck.iter_findings(path, data, transcript=transcript)))
        for data in (edition, None):
            assert (list(names.iter_findings(path, data, transcript=transcript, words=words))
                    == list(names.iter_findings(path, data, transcript=transcript)))
