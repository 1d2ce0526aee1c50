"""The two readings of an edition, and the source as plain text, for the fidelity contract.

* diplomatic: the TEI's text with ``sic``/``orig`` and the printed labels — must equal the
  source transcript word for word once Markdown and HTML syntax are set aside;
* normalised: the TEI's text with ``corr``/``reg`` — must equal the source with the edition's
  decisions applied, and nothing else.

Everything is available as a stream of words (``iter_words``, ``iter_source_words``), so that a
long document is compared without holding lists of its words in memory.
"""

from __future__ import annotations

import io
import re
from collections import deque
from itertools import islice, zip_longest
from typing import Iterable, Iterator

from lxml import etree

from ._xml import NS

READINGS = ("diplomatic", "normalised")
_SKIPPED = {"diplomatic": {"corr", "reg"}, "normalised": {"sic", "orig"}}
_BLOCK = {"p", "head", "item", "speaker", "label", "sp", "div", "list", "front", "body"}
_SKIP = {"note", "teiHeader", "standOff", "back"}
_MARKDOWN_LABEL = re.compile(r"^\*\*([^*]+?):\*\*")
_LIST_MARKER = re.compile(r"^(?:-|\*|\d+\.)\s+")
_HEADING = re.compile(r"^#+\s+")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*\s*>")


def _pieces(element: etree._Element, skip: set[str], owner: etree._Element) -> Iterator[tuple[str, etree._Element]]:
    """(text, element it belongs to) in document order; block elements are bounded by spaces."""
    local = etree.QName(element).localname if isinstance(element.tag, str) else ""
    if local in _SKIP or local in skip or not isinstance(element.tag, str):
        if element.tail:
            yield element.tail, owner
        return
    block = local in _BLOCK
    if block:
        yield " ", element
    if element.text:
        yield element.text, element
    for child in element:
        yield from _pieces(child, skip, element)
    if block:
        yield " ", element
    if element.tail:
        yield element.tail, owner


def iter_pieces(tree, reading: str) -> Iterator[tuple[str, etree._Element]]:
    """The text of ``front`` and ``body`` in one reading, piece by piece, with its element."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    text = root.find("tei:text", NS)
    if text is None:
        return
    for part in text:
        if isinstance(part.tag, str) and etree.QName(part).localname in ("front", "body"):
            yield from _pieces(part, _SKIPPED[reading], part)


def _words_of(pieces: Iterable[str]) -> Iterator[str]:
    """Whitespace-separated words of concatenated ``pieces`` (a word may span pieces: 21 + st)."""
    carry = ""
    for piece in pieces:
        parts = piece.split()
        if not parts:
            if piece and carry:
                yield carry
                carry = ""
            continue
        if piece[0].isspace() and carry:
            yield carry
            carry = ""
        parts[0] = carry + parts[0]
        carry = "" if piece[-1].isspace() else parts.pop()
        yield from parts
    if carry:
        yield carry


def iter_words(tree, reading: str) -> Iterator[str]:
    """The words of one reading (``diplomatic`` or ``normalised``) of a TEI edition."""
    return _words_of(piece for piece, _ in iter_pieces(tree, reading))


def element_text(element: etree._Element, reading: str) -> str:
    """One reading of a single element, whitespace folded."""
    head = [element.text] if element.text else []
    rest = (p for child in element for p, _ in _pieces(child, _SKIPPED[reading], element))
    return " ".join(_words_of(head + list(rest)))


def diplomatic(tree) -> str:
    """The text as printed: ``sic`` and ``orig``, printed labels, no editorial notes."""
    return " ".join(iter_words(tree, "diplomatic"))


def normalised(tree) -> str:
    """The edition's reading: ``corr`` and ``reg`` in place of ``sic`` and ``orig``."""
    return " ".join(iter_words(tree, "normalised"))


def iter_source_lines(source: str, decisions: Iterable[dict] = ()) -> Iterator[tuple[int, str]]:
    """(line number, plain text) of every source line, with ``decisions`` applied if given."""
    decisions = [d for d in decisions if d.get("type") in ("correction", "normalisation")]
    for number, line in enumerate(io.StringIO(source.lstrip("\ufeff"), newline=None), start=1):
        line = line.strip()
        if not line or line == "---":
            yield number, ""
            continue
        for decision in decisions:
            if decision["where"] == "all" or number in decision["where"]:
                line = replace_words(line, decision["source"], decision["edition"])
        line = _HEADING.sub("", line)
        line = _MARKDOWN_LABEL.sub(r"\1", line)
        line = _LIST_MARKER.sub("", line)
        yield number, _HTML_TAG.sub("", line)


def iter_source_words(source: str, decisions: Iterable[dict] = ()) -> Iterator[str]:
    """The words of the transcript without Markdown/HTML syntax (``decisions`` applied)."""
    for _, line in iter_source_lines(source, decisions):
        yield from line.split()


def source_plain(source: str, decisions: Iterable[dict] = ()) -> str:
    """The transcript without Markdown/HTML syntax; with ``decisions`` applied if given."""
    return " ".join(iter_source_words(source, decisions))


def word_pattern(text: str) -> re.Pattern:
    """``text`` as whole words: "Centra" does not match inside "Central" (how decisions match)."""
    return re.compile(
        (r"(?<!\w)" if text[0].isalnum() else "") + re.escape(text) + (r"(?!\w)" if text[-1].isalnum() else "")
    )


def replace_words(line: str, old: str, new: str) -> str:
    """``line`` with every whole-word occurrence of ``old`` replaced by ``new``."""
    return word_pattern(old).sub(lambda _: new, line)


def first_difference(expected: str | Iterable[str], actual: str | Iterable[str]) -> tuple[int, str, str] | None:
    """Index of the first differing word and a few words of context from each side, or None.

    Takes texts or streams of words; words are compared as they stream.
    """
    a = iter(expected.split() if isinstance(expected, str) else expected)
    b = iter(actual.split() if isinstance(actual, str) else actual)
    before: deque[str] = deque(maxlen=3)
    for index, (x, y) in enumerate(zip_longest(a, b)):
        if x != y:
            def context(first: str | None, rest: Iterator[str]) -> str:
                ahead = ([first] if first is not None else []) + list(islice(rest, 3))
                return " ".join(list(before) + ahead) or "(end)"

            return index, context(x, a), context(y, b)
        before.append(x)
    return None
