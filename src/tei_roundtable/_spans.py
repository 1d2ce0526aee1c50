"""Annotations over a run of text, and their serialisation as nested TEI elements.

The encoder finds everything it marks up (names, corrections, quotations, commented phrases,
inline HTML residue, page breaks) as spans over the plain text of a paragraph, then nests them.
Spans may contain one another but must not cross; a crossing is an editorial conflict, reported
with the source position of both spans.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from lxml import etree

from ._xml import TEI_NS, XML_NS
from .errors import InputError
from .transcript import Piece, Text

# Outer to inner, for spans covering the same range.
_RANK = {"seg": 0, "q": 1, "name": 2, "hi": 3, "choice": 4}

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\s*>")
_RENDS = {"sup": "sup", "sub": "sub", "i": "italic", "em": "italic", "b": "bold", "strong": "bold"}


@dataclass
class Span:
    start: int
    end: int
    kind: str  # seg | q | name | hi | choice | pb
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    replacement: str | None = None  # for choice: the edition's reading
    choice_type: str = ""  # correction | normalisation
    label: str = ""  # what to call it in an error message

    @property
    def rank(self) -> int:
        return _RANK.get(self.kind, 9)


def strip_inline_html(text: Text, file: str) -> tuple[Text, list[Span]]:
    """Remove inline HTML residue (``21<sup>st</sup>``) from ``text``; return it as ``hi`` spans.

    Pieces are split at every removed tag, so later offsets still map to exact source columns.
    """
    if not _TAG.search(text.text):
        return text, []
    out: list[str] = []
    length = 0
    pieces: list[Piece] = []
    spans: list[Span] = []
    open_tags: list[tuple[str, int, tuple[int, int]]] = []
    previous_end = 0
    for piece in text.pieces:
        gap = text.text[previous_end : piece.start]
        out.append(gap)
        length += len(gap)
        previous_end = piece.end
        source = text.text[piece.start : piece.end]
        cursor = 0
        for match in _TAG.finditer(source):
            name = match[2].lower()
            line, col = piece.line, piece.column + match.start()
            if name not in _RENDS:
                raise InputError(
                    f"unsupported HTML tag <{match[1]}{match[2]}> in the text",
                    file, line, col,
                    hint="supported inline tags: " + ", ".join(sorted(_RENDS)),
                )
            chunk = source[cursor : match.start()]
            pieces.append(Piece(piece.line, piece.column + cursor, length, length + len(chunk)))
            out.append(chunk)
            length += len(chunk)
            if match[1]:
                if not open_tags or open_tags[-1][0] != name:
                    raise InputError(f"closing tag </{match[2]}> without a matching opening tag", file, line, col)
                _, start, _ = open_tags.pop()
                spans.append(Span(start, length, "hi", "hi", {"rend": _RENDS[name]}, label=f"<{name}>"))
            else:
                open_tags.append((name, length, (line, col)))
            cursor = match.end()
        chunk = source[cursor:]
        pieces.append(Piece(piece.line, piece.column + cursor, length, length + len(chunk)))
        out.append(chunk)
        length += len(chunk)
    if open_tags:
        name, _, (line, col) = open_tags[-1]
        raise InputError(f"<{name}> is never closed", file, line, col)
    breaks = [offset - sum(len(m[0]) for m in _TAG.finditer(text.text[:offset])) for offset in text.breaks]
    return Text("".join(out), pieces, breaks), spans


def _conflict(a: Span, b: Span, text: Text, file: str) -> InputError:
    line_a, col_a = text.position(a.start)
    line_b, col_b = text.position(b.start)
    return InputError(
        f"{a.label or a.tag} '{text.text[a.start:a.end]}' (line {line_a}, column {col_a}) crosses "
        f"{b.label or b.tag} '{text.text[b.start:b.end]}' (line {line_b}, column {col_b})",
        file, line_b, col_b,
        hint="make one of the two cover the other, or narrow a decision's 'source' text",
    )


def check_nesting(spans: list[Span], text: Text, file: str) -> list[Span]:
    """Sort spans outer-first and raise if two of them cross."""
    ordered = sorted((s for s in spans if s.kind != "pb"), key=lambda s: (s.start, -s.end, s.rank))
    stack: list[Span] = []
    for span in ordered:
        while stack and stack[-1].end <= span.start:
            stack.pop()
        if stack and span.end > stack[-1].end:
            raise _conflict(stack[-1], span, text, file)
        if stack and stack[-1].kind == "choice":
            raise _conflict(stack[-1], span, text, file)
        stack.append(span)
    return ordered


_TEI = f"{{{TEI_NS}}}"
_XML = f"{{{XML_NS}}}"


def _attrib(attrs: dict[str, str]) -> dict[str, str] | None:
    """A span's attributes as lxml names them (``xml:id`` in the XML namespace), in their order."""
    if not attrs:
        return None
    return {f"{_XML}{key[4:]}" if key.startswith("xml:") else key: value for key, value in attrs.items()}


class _Writer:
    """Appends text and children to one element, remembering its last child.

    Asking lxml for ``len(parent)`` or ``parent[-1]`` walks the children, which made a paragraph
    of n inline elements cost n² (15,000 names: 12 s). Tracking the last child keeps it linear.
    Children are made in place (SubElement), not made alone and moved in: an element made alone
    has a document of its own, which the move into the tree has to leave.
    """

    def __init__(self, parent: etree._Element, fresh: bool = False) -> None:
        self.parent = parent
        # once per element, when it is opened (one just made has no child)
        self.last = None if fresh or not len(parent) else parent[-1]

    def text(self, value: str) -> None:
        if not value:
            return
        if self.last is None:
            self.parent.text = (self.parent.text or "") + value
        else:
            self.last.tail = (self.last.tail or "") + value

    def add(self, tag: str, attrs: dict[str, str] | None = None) -> etree._Element:
        """A new last child ``tag`` (TEI) with ``attrs`` (as a span gives them)."""
        self.last = etree.SubElement(self.parent, _TEI + tag, _attrib(attrs) if attrs else None)
        return self.last


def fill(parent: etree._Element, text: Text, spans: list[Span], file: str) -> None:
    """Write ``text`` into ``parent`` with ``spans`` as nested elements (``pb`` as milestones)."""
    ordered = check_nesting(spans, text, file)
    breaks = sorted(s.start for s in spans if s.kind == "pb")
    _fill_range(_Writer(parent), text.text, 0, len(text.text), ordered, breaks)


def _fill_range(out: _Writer, value: str, start: int, end: int, spans: list[Span], breaks: list[int]) -> None:
    cursor = start
    index = 0
    while index < len(spans):
        span = spans[index]
        inner = []
        index += 1
        while index < len(spans) and spans[index].start < span.end:
            inner.append(spans[index])
            index += 1
        _text_with_breaks(out, value, cursor, span.start, breaks)
        element = out.add(span.tag, span.attrs)
        if span.kind == "choice":
            first, second = ("sic", "corr") if span.choice_type == "correction" else ("orig", "reg")
            choice = _Writer(element, fresh=True)
            _text_with_breaks(_Writer(choice.add(first), fresh=True), value, span.start, span.end, breaks)
            choice.add(second).text = span.replacement
        else:
            _fill_range(_Writer(element, fresh=True), value, span.start, span.end, inner, breaks)
        cursor = span.end
    _text_with_breaks(out, value, cursor, end, breaks)


def _text_with_breaks(out: _Writer, value: str, start: int, end: int, breaks: list[int]) -> None:
    """Append ``value[start:end]``, with a ``<pb/>`` before every break offset in the half-open range."""
    if not breaks:  # most paragraphs: no page break of the printed original falls in them
        out.text(value[start:end])
        return
    cursor = start
    # Only the breaks inside the range: bisect rather than a walk over every break of the paragraph.
    for offset in breaks[bisect_left(breaks, start):bisect_left(breaks, end)]:
        out.text(value[cursor:offset])
        out.add("pb")
        cursor = offset
    out.text(value[cursor:end])
