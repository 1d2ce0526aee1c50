"""Source-line citations in editorial prose ("l. 61", "ll. 69–71") as pointers into the TEI.

Editors write the reasons and bases of their decisions in the edition data, where the
transcript's line numbers are what they see. Line numbers exist nowhere in the TEI or its
renderings, so the encoder turns each cited line into a ``<ref target="#t3.8">t3.8</ref>`` to
the citation reference that holds it (a paragraph, a speaker label's turn, or the front
matter), which the HTML edition shows as a link. A line that holds no text is left as written.
"""

from __future__ import annotations

import re
from typing import Callable

from lxml import etree

from ._xml import TEI_NS

# "l. 61", "ll. 61 and 123", "ll. 31, 71, 113", "ll. 69–71": the prefix, then numbers joined by
# commas, "and" or a dash.
_CITATION = re.compile(r"\b(?P<prefix>ll?\.)\s?(?P<numbers>\d+(?:(?:\s*[,–-]\s*|\s+and\s+)\d+)*)")
_NUMBER = re.compile(r"\d+")


def fill_with_refs(element: etree._Element, value: str, cite: Callable[[int], tuple[str, str] | None]) -> None:
    """Set ``value`` as the content of ``element``, each cited source line a ``ref``.

    ``cite(line)`` gives ``(target id, label)`` for a line, or None where the line holds no text.
    """
    parts: list[str | etree._Element] = []
    position = 0
    for match in _CITATION.finditer(value):
        numbers = [(m, cite(int(m[0]))) for m in _NUMBER.finditer(match["numbers"])]
        if any(found is None for _, found in numbers):
            continue  # keep the citation as written rather than point to half of it
        parts.append(value[position:match.start()])
        targets = list(dict.fromkeys(found for _, found in numbers))
        if len(targets) < len(numbers):
            # Lines of one paragraph (or of the front matter) are one reference: "ll. 24, 26, 28"
            # of the participant list is the front matter once, not three times.
            for i, (target, label) in enumerate(targets):
                if i:
                    parts.append(" and " if i == len(targets) - 1 else ", ")
                parts.append(_ref(target, label))
            position = match.end()
            continue
        offset = match.start("numbers")
        last = offset
        for number, (target, label) in numbers:
            parts.append(value[last:offset + number.start()])
            parts.append(_ref(target, label))
            last = offset + number.end()
        position = last
    parts.append(value[position:])
    _append(element, parts)


def _ref(target: str, label: str) -> etree._Element:
    ref = etree.Element(f"{{{TEI_NS}}}ref", target="#" + target)
    ref.text = label
    return ref


def _append(element: etree._Element, parts: list[str | etree._Element]) -> None:
    element.text = ""
    last: etree._Element | None = None
    for part in parts:
        if isinstance(part, str):
            if last is None:
                element.text += part
            else:
                last.tail = (last.tail or "") + part
        else:
            element.append(part)
            last = part
    if not element.text:
        element.text = None
