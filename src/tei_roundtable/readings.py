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
from itertools import chain, islice
from typing import TYPE_CHECKING, Iterable, Iterator

from lxml import etree

from ._form import HEADING, LABEL, LIST, SKIP, line_kinds
from ._xml import NS

if TYPE_CHECKING:  # the edition data sits above this module; only its type is named here
    from .edition import Decision

READINGS = ("diplomatic", "normalised")
_BLOCK = {"p", "head", "item", "speaker", "label", "sp", "div", "list", "front", "body"}
# ptr (a note's anchor in the text) is empty; named so that a reading never depends on that.
_NOT_TEXT = {"note", "ptr", "teiHeader", "standOff", "back"}
# What each reading leaves out: the editorial apparatus, and the other side of each choice.
_SKIPPED = {"diplomatic": _NOT_TEXT | {"corr", "reg"}, "normalised": _NOT_TEXT | {"sic", "orig"}}
_MARKDOWN_LABEL = re.compile(r"^\*\*([^*]+?):\*\*")
_LIST_MARKER = re.compile(r"^(?:-|\*|\d+\.)\s+")
_HEADING = re.compile(r"^#+\s+")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*\s*>")


def _local(node: etree._Element) -> str:
    """The local name of an element; "" for a comment or processing instruction."""
    tag = node.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _pieces(element: etree._Element, skip: set[str], owner: etree._Element) -> Iterator[tuple[str, etree._Element]]:
    """(text, element it belongs to) in document order; block elements are bounded by spaces.

    A flat walk (``iterwalk``) rather than recursion: a generator that recursed would pass every
    piece up through each level of nesting.
    """
    if not isinstance(element.tag, str):  # a comment or processing instruction: its tail only
        if element.tail:
            yield element.tail, owner
        return
    walker = etree.iterwalk(element, events=("start", "end", "comment", "pi"))
    for event, node in walker:
        local = _local(node)
        kept = bool(local) and local not in skip
        if event in ("comment", "pi"):
            if node.tail:
                yield node.tail, node.getparent()
        elif event == "start":
            if not kept:
                walker.skip_subtree()  # its "end" still comes, with its tail
                continue
            if local in _BLOCK:
                yield " ", node
            if node.text:
                yield node.text, node
        else:
            if kept and local in _BLOCK:
                yield " ", node
            if node.tail:
                yield node.tail, (owner if node is element else node.getparent())


def _texts(element: etree._Element, skip: set[str]) -> Iterator[str]:
    """The texts of :func:`_pieces` without their elements, for the word streams.

    The same walk, with each tag's kind (left out, a block, other) worked out once per tag
    rather than its local name at each event, and no pair per piece: the fidelity check reads
    every piece of the text (2.1 -> 1.4 ms for the bundled edition).
    """
    if not isinstance(element.tag, str):  # a comment or processing instruction: its tail only
        if element.tail:
            yield element.tail
        return
    kinds: dict[object, int] = {}  # tag -> 0 left out, 1 kept, 2 a kept block
    walker = etree.iterwalk(element, events=("start", "end", "comment", "pi"))
    for event, node in walker:
        if event == "start":
            tag = node.tag
            kind = kinds.get(tag)
            if kind is None:
                local = tag.rpartition("}")[2] if isinstance(tag, str) else ""
                kind = kinds[tag] = 0 if not local or local in skip else 2 if local in _BLOCK else 1
            if not kind:
                walker.skip_subtree()  # its "end" still comes, with its tail
                continue
            if kind == 2:
                yield " "
            if node.text:
                yield node.text
        elif event == "end":
            if kinds[node.tag] == 2:
                yield " "
            if node.tail:
                yield node.tail
        elif node.tail:  # a comment or processing instruction
            yield node.tail


def _front_and_body(tree) -> Iterator[etree._Element]:
    """The ``front`` and ``body`` of the TEI's ``text``, in order."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    text = root.find("tei:text", NS)
    if text is not None:
        yield from (part for part in text if _local(part) in ("front", "body"))


def iter_texts(tree, reading: str) -> Iterator[str]:
    """The pieces of :func:`iter_pieces` without their elements."""
    for part in _front_and_body(tree):
        yield from _texts(part, _SKIPPED[reading])


def iter_pieces(tree, reading: str) -> Iterator[tuple[str, etree._Element]]:
    """The text of ``front`` and ``body`` in one reading, piece by piece, with its element."""
    for part in _front_and_body(tree):
        yield from _pieces(part, _SKIPPED[reading], part)


def _word_lists(pieces: Iterable[str]) -> Iterator[list[str]]:
    """The whitespace-separated words of concatenated ``pieces``, a list per piece (a word may
    span pieces: 21 + st)."""
    carry = ""
    for piece in pieces:
        words = piece.split()
        if not words:
            if piece and carry:
                yield [carry]
                carry = ""
            continue
        if piece[0].isspace():
            if carry:
                words.insert(0, carry)
        else:
            words[0] = carry + words[0]
        carry = "" if piece[-1].isspace() else words.pop()
        if words:
            yield words
    if carry:
        yield [carry]


def _words_of(pieces: Iterable[str]) -> Iterator[str]:
    return chain.from_iterable(_word_lists(pieces))


def iter_words(tree, reading: str) -> Iterator[str]:
    """The words of one reading (``diplomatic`` or ``normalised``) of a TEI edition."""
    return _words_of(iter_texts(tree, reading))


def element_text(element: etree._Element, reading: str) -> str:
    """One reading of a single element, whitespace folded."""
    head = [element.text] if element.text else []
    rest = (p for child in element for p, _ in _pieces(child, _SKIPPED[reading], element))
    return " ".join(_words_of(head + list(rest)))


# The sides of a choice that one reading or the other leaves out (_SKIPPED, by local name, in any namespace).
_SIDES = etree.XPath("boolean(.//*[local-name() = 'sic' or local-name() = 'orig' or local-name() = 'corr'"
                     " or local-name() = 'reg'])")
# What makes a reading of an element more than its text with the spaces folded: a side of a
# choice, an element a reading leaves out or a block bounded by spaces (_SKIPPED and _BLOCK, by
# local name in any namespace); an empty ptr (a note's anchor) is nothing to leave out.
_NOT_PLAIN = tuple(f"{{*}}{name}" for name in sorted((_BLOCK | _NOT_TEXT | {"sic", "orig", "corr", "reg"}) - {"ptr"}))
_STRING = etree.XPath("string()")


def is_plain(element: etree._Element) -> bool:
    """Whether ``element`` holds none of :data:`_NOT_PLAIN` and no ptr with content (lxml
    matches the names in C as it walks): its readings are then its string value, spaces folded."""
    if next(element.iterdescendants(*_NOT_PLAIN), None) is not None:
        return False
    return all(len(ptr) == 0 and not ptr.text for ptr in element.iterdescendants("{*}ptr"))


def element_readings(element: etree._Element) -> tuple[str, str]:
    """The normalised and diplomatic readings of ``element`` (:func:`element_text` of each).

    Most paragraphs are plain (:func:`is_plain`): both readings are then the element's string
    value with its spaces folded, which XPath gives in C, against a walk in Python per reading.
    The readings differ only in the sides of a choice each leaves out: where the element holds
    none, the diplomatic reading is the normalised one.
    """
    if is_plain(element):
        text = " ".join(_STRING(element).split())
        return text, text
    text = _reading(element, "normalised")
    return text, _reading(element, "diplomatic") if _SIDES(element) else text


def _reading(element: etree._Element, reading: str) -> str:
    """:func:`element_text`, by the walk of the word streams (:func:`_texts`, which needs no
    element per piece) and one split of the pieces joined: the words of the pieces taken in
    turn (:func:`_word_lists`) are the words of their concatenation."""
    skip = _SKIPPED[reading]
    pieces = [element.text] if element.text else []
    for child in element:
        pieces += _texts(child, skip)
    return " ".join("".join(pieces).split())


def diplomatic(tree) -> str:
    """The text as printed: ``sic`` and ``orig``, printed labels, no editorial notes."""
    return " ".join(iter_words(tree, "diplomatic"))


def normalised(tree) -> str:
    """The edition's reading: ``corr`` and ``reg`` in place of ``sic`` and ``orig``."""
    return " ".join(iter_words(tree, "normalised"))


def iter_source_lines(source: str, decisions: Iterable[Decision] = ()) -> Iterator[tuple[int, str]]:
    """(line number, plain text) of every source line, with ``decisions`` applied if given.

    The form's syntax is set aside only where the reader takes it as syntax (:func:`._form.line_kinds`):
    a turn's line that starts with ``- `` or ``## `` keeps it as text, as the TEI does. A label
    stays a word of its own even when no space follows it (``**Name:**Text``): the TEI holds it
    in ``speaker``, apart from the paragraph.
    """
    decisions = [d for d in decisions if d.changes_text]
    lines = [line.rstrip("\n") for line in io.StringIO(source.lstrip("\ufeff"), newline=None)]
    for number, (line, kind) in enumerate(zip(lines, line_kinds(lines)), start=1):
        line = line.strip()
        if not line or kind == SKIP:
            yield number, ""
            continue
        for decision in decisions:
            if decision.covers(number):
                line = replace_words(line, decision.source, decision.edition)
        if kind == HEADING:
            line = _HEADING.sub("", line)
        elif kind == LABEL:
            line = _MARKDOWN_LABEL.sub(r"\1 ", line)
        elif kind == LIST:
            line = _LIST_MARKER.sub("", line)
        yield number, _HTML_TAG.sub("", line)


def iter_source_words(source: str, decisions: Iterable[Decision] = ()) -> Iterator[str]:
    """The words of the transcript without Markdown/HTML syntax (``decisions`` applied)."""
    return chain.from_iterable(line.split() for _, line in iter_source_lines(source, decisions))


def source_plain(source: str, decisions: Iterable[Decision] = ()) -> str:
    """The transcript without Markdown/HTML syntax; with ``decisions`` applied if given."""
    return " ".join(iter_source_words(source, decisions))


def word_pattern(text: str) -> re.Pattern:
    r"""``text`` as whole words: "Centra" does not match inside "Central" (how decisions match).

    What ``(?<!\w)text(?!\w)`` matches, written literal first: a pattern that opens with a
    look-behind is tried at every position of the text, one that opens with a literal is
    searched for it (25 times faster on a paragraph). The look-behind then follows the
    literal, as wide as it and the character before it.
    """
    literal = re.escape(text)
    return re.compile(
        literal + (rf"(?<!\w{literal})" if text[0].isalnum() else "") + (r"(?!\w)" if text[-1].isalnum() else "")
    )


def replace_words(line: str, old: str, new: str) -> str:
    """``line`` with every whole-word occurrence of ``old`` replaced by ``new``."""
    return word_pattern(old).sub(lambda _: new, line)


def first_difference(expected: str | Iterable[str], actual: str | Iterable[str]) -> tuple[int, str, str] | None:
    """Index of the first differing word and a few words of context from each side, or None.

    Takes texts or streams of words. The streams are compared a window of words at a time
    (list equality, not a Python loop per word), so that a long document is compared quickly
    without holding all its words.
    """
    a = iter(expected.split() if isinstance(expected, str) else expected)
    b = iter(actual.split() if isinstance(actual, str) else actual)
    offset = 0
    before: list[str] = []
    while True:
        xs, ys = list(islice(a, _WINDOW)), list(islice(b, _WINDOW))
        if xs == ys:
            if not xs:
                return None
            offset += len(xs)
            before = xs[-3:]
            continue
        index = next((k for k, (x, y) in enumerate(zip(xs, ys)) if x != y), min(len(xs), len(ys)))
        before = (before + xs[:index])[-3:]
        return offset + index, _context(before, xs[index:], a), _context(before, ys[index:], b)


_WINDOW = 4096


def _context(before: list[str], window: list[str], rest: Iterator[str]) -> str:
    """Three words before a difference and four from it on ("(end)" where there are none)."""
    ahead = window[:4]
    ahead += islice(rest, 4 - len(ahead))
    return " ".join(before + ahead) or "(end)"
