"""names._uncovered asks a decision's source about each distinct word once: the same items as
trying every decision on every occurrence (the definition, written out here)."""

from __future__ import annotations

import re

from conftest import EDITION_DATA, SOURCE
from tei_roundtable import names
from tei_roundtable.edition import Decision, load
from tei_roundtable.transcript import parse


def _covered(decision: Decision, item: names.Item) -> bool:
    source = decision.source
    return (bool(source) and re.search(rf"(?<!\w){re.escape(item.token)}(?!\w)", source) is not None
            and (decision.lines is None or item.occurrence.line in decision.lines))


def _scoped(decisions: list[Decision]) -> list[tuple[Decision, frozenset[int] | None]]:
    return [(d, frozenset(d.lines) if d.lines is not None else None) for d in decisions]


def test_the_bundled_edition_leaves_the_same_items_uncovered() -> None:
    edition = load(EDITION_DATA)
    items = names.collect(parse(SOURCE), edition)
    scoped = _scoped(edition.decisions)
    expected = [i for i in items if not any(_covered(d, i) for d in edition.decisions)]
    assert names._uncovered(items, scoped) == expected
    assert 0 < len(expected) < len(items)  # some occurrences decided, some not


def _decision(source: str | None, lines: tuple[int, ...] | None, index: int) -> Decision:
    return Decision(f"d{index}", "normalisation", lines, source, "x", "r", None, "ed", "high", index)


def test_lines_and_whole_words_decide() -> None:
    def item(token: str, line: int) -> names.Item:
        return names.Item(token, "word", names.Occurrence(token, line, 1, "text"))

    items = [item("Osh", 3), item("Osh", 5), item("Oshskaya", 5), item("Talas", 7), item("Talas", 9)]
    decisions = [_decision("Oshskaya oblast", (5,), 0), _decision("Osh", (5, 6), 1), _decision(None, None, 2),
                 _decision("in Talas", None, 3)]
    expected = [i for i in items if not any(_covered(d, i) for d in decisions)]
    assert names._uncovered(items, _scoped(decisions)) == expected == [items[0]]
    assert names._uncovered(items, []) == items
