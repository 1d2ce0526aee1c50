"""The two readings of an edition, and the source as plain text, for the fidelity contract.

* diplomatic: the TEI's text with ``sic``/``orig`` and the printed labels — must equal the
  source transcript word for word once Markdown and HTML syntax are set aside;
* normalised: the TEI's text with ``corr``/``reg`` — must equal the source with the edition's
  decisions applied, and nothing else.
"""

from __future__ import annotations

import re
from typing import Iterable

from lxml import etree

from ._xml import NS, TEI_NS

_BLOCK = {"p", "head", "item", "speaker", "label", "sp", "div", "list", "front", "body"}
_SKIP = {"note", "teiHeader", "standOff", "back"}
_MARKDOWN_LABEL = re.compile(r"^\*\*([^*]+?):\*\*")
_LIST_MARKER = re.compile(r"^(?:-|\*|\d+\.)\s+")
_HEADING = re.compile(r"^#+\s+")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*\s*>")


def _collect(element: etree._Element, skip: set[str], out: list[str]) -> None:
    local = etree.QName(element).localname if isinstance(element.tag, str) else ""
    if local in _SKIP or local in skip:
        if element.tail:
            out.append(element.tail)
        return
    block = local in _BLOCK
    if block:
        out.append(" ")
    if element.text and isinstance(element.tag, str):
        out.append(element.text)
    for child in element:
        _collect(child, skip, out)
    if block:
        out.append(" ")
    if element.tail:
        out.append(element.tail)


def _reading(tree: etree._ElementTree | etree._Element, skip: set[str]) -> str:
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    text = root.find("tei:text", NS)
    if text is None:
        return ""
    out: list[str] = []
    for part in text:
        if etree.QName(part).localname in ("front", "body"):
            _collect(part, skip, out)
    return " ".join("".join(out).split())


def diplomatic(tree) -> str:
    """The text as printed: ``sic`` and ``orig``, printed labels, no editorial notes."""
    return _reading(tree, {"corr", "reg"})


def normalised(tree) -> str:
    """The edition's reading: ``corr`` and ``reg`` in place of ``sic`` and ``orig``."""
    return _reading(tree, {"sic", "orig"})


def source_plain(source: str, decisions: Iterable[dict] = ()) -> str:
    """The transcript without Markdown/HTML syntax; with ``decisions`` applied if given."""
    decisions = [d for d in decisions if d.get("type") in ("correction", "normalisation")]
    words: list[str] = []
    for number, line in enumerate(source.replace("\r\n", "\n").lstrip("\ufeff").split("\n"), start=1):
        line = line.strip()
        if not line or line == "---":
            continue
        for decision in decisions:
            if decision["where"] == "all" or number in decision["where"]:
                line = _replace_word(line, decision["source"], decision["edition"])
        line = _HEADING.sub("", line)
        line = _MARKDOWN_LABEL.sub(r"\1", line)
        line = _LIST_MARKER.sub("", line)
        line = _HTML_TAG.sub("", line)
        words.append(line)
    return " ".join(" ".join(words).split())


def _replace_word(line: str, old: str, new: str) -> str:
    pattern = (r"(?<!\w)" if old[0].isalnum() else "") + re.escape(old) + (r"(?!\w)" if old[-1].isalnum() else "")
    return re.sub(pattern, lambda _: new, line)


def first_difference(expected: str, actual: str) -> tuple[int, str, str] | None:
    """Index of the first differing word and a few words of context from each side, or None."""
    a, b = expected.split(), actual.split()
    for index, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return index, " ".join(a[max(0, index - 3) : index + 4]), " ".join(b[max(0, index - 3) : index + 4])
    if len(a) != len(b):
        index = min(len(a), len(b))
        return index, " ".join(a[index : index + 5]) or "(end)", " ".join(b[index : index + 5]) or "(end)"
    return None
