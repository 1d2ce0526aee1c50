"""Names inside names, found once per form (``_names_inside``), are what the former search found
in the window of the text each match covers: the same spans, in the same order, for random
registers (persons, organisations and places sharing words) and texts, and for the bundled one."""

from __future__ import annotations

import random
from pathlib import Path

from tei_roundtable._encode_base import NAME_TAGS
from tei_roundtable._encode_text import TextLayer
from tei_roundtable._spans import Span
from tei_roundtable.edition import Entity
from tei_roundtable.edition import load as load_edition

EDITION = Path(__file__).resolve().parents[2] / "tei" / "ipp-roundtable-2007-11-15.yaml"
# Few words, so that forms of several entities hold one another (and a form ending in "-2030" is
# part of no name).
WORDS = ("Asia", "Central", "Bank", "-2030")


class _Layer(TextLayer):
    """The state of :class:`tei_roundtable.encode._Encoder` that the name search reads."""

    def __init__(self, entities: dict[str, Entity]) -> None:
        self.entities = entities
        self._patterns, self._owners, self._in_window, self._inside = {}, {}, {}, {}
        self._forms, self._lengths = None, []
        self._places = frozenset(e.id for e in entities.values() if e.kind == "place")


def _former(layer: _Layer, value: str, start: int, end: int, exclude: frozenset[str] = frozenset()) -> list[Span]:
    """The search as it was: each match's inner names looked for in the text, inside its window."""
    pattern = layer._pattern(exclude, value[start:end] if exclude else None)
    if pattern is None:
        return []
    spans = []
    for match in pattern.finditer(value, start, end):
        entity = layer._owner(match[0], exclude)
        spans.append(Span(match.start(), match.end(), "name", NAME_TAGS[entity.kind], {"ref": "#" + entity.id},
                          label="name"))
        inner_exclude = exclude | {entity.id}
        if entity.kind == "place":
            inner_exclude |= layer._places
        inner = _former(layer, value, match.start(), match.end(), frozenset(inner_exclude))
        spans.extend(s for s in inner if (s.start, s.end) != (match.start(), match.end()))
    return spans


def _found(spans: list[Span]) -> list[tuple]:
    return [(s.start, s.end, s.tag, s.attrs, s.label) for s in spans]


def test_names_inside_names_are_found_as_in_the_text():
    draw = random.Random(14)  # the same cases every run
    nested = 0
    for _ in range(1000):
        entities = {}
        for number in range(draw.randint(1, 8)):
            forms = tuple(dict.fromkeys(" ".join(draw.choice(WORDS) for _ in range(draw.randint(1, 3)))
                                        for _ in range(draw.randint(1, 6))))
            ident = f"e{number}"
            entities[ident] = Entity(ident, draw.choice(("person", "org", "place")), forms[0], forms, {})
        text = " ".join(draw.choice(WORDS + (",", "the")) for _ in range(draw.randint(0, 30)))
        expected = _found(_former(_Layer(entities), text, 0, len(text)))
        layer = _Layer(entities)
        assert _found(layer._name_spans(text, 0, len(text))) == expected, (entities, text)
        # and again, from what the first search remembered
        assert _found(layer._name_spans(text, 0, len(text))) == expected, (entities, text)
        nested += sum(1 for a, b in zip(expected, expected[1:]) if b[0] < a[1])
    assert nested >= 500  # the cases do hold names inside names


def test_the_bundled_register_finds_the_same_names_in_the_bundled_text():
    edition = load_edition(EDITION)
    text = edition.source_path.read_text(encoding="utf-8")
    expected = _found(_former(_Layer(edition.entities), text, 0, len(text)))
    assert len(expected) > 300
    assert _found(_Layer(edition.entities)._name_spans(text, 0, len(text))) == expected
