"""Helpers of the foreign-TEI tests: the samples and the words of a TEI's text."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from tei_roundtable._xml import TEI_NS, parse_file

SAMPLES = Path(__file__).resolve().parent / "samples"
CORPUS = SAMPLES / "parlamint" / "ParlaMint-XX.xml"
SESSION = SAMPLES / "parlamint" / "ParlaMint-XX_2021-03-04.xml"
PLAY = SAMPLES / "dracor" / "example-the-heath.xml"
LETTER = SAMPLES / "letter" / "letter-1890-05-12.xml"
RENDERED = [SESSION, PLAY, LETTER]

_SKIP = {"normalised": {"sic", "orig", "abbr"}, "diplomatic": {"corr", "reg", "expan"}}
_WORD = re.compile(r"\w+")


def text_words(path: Path, reading: str = "normalised") -> list[str]:
    """The words of the TEI's text (front, body, back) in a reading, lower-cased, in document order.

    Element boundaries and lb/pb separate words (the samples never split a word with markup).
    """
    root = parse_file(path).getroot()
    text = root.find(f"{{{TEI_NS}}}text")
    out: list[str] = []

    def walk(element: etree._Element) -> None:
        out.append(" ")
        if etree.QName(element).localname not in _SKIP[reading]:
            out.append(element.text or "")
            for child in element:
                if isinstance(child.tag, str):
                    walk(child)
                out.append(" " + (child.tail or ""))
        out.append(" ")

    walk(text)
    return words("".join(out))


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def missing_words(expected: list[str], found: list[str]) -> list[str]:
    """The words of ``expected`` that ``found`` lacks, in order (``expected`` must be a subsequence)."""
    position = 0
    missing = []
    for word in expected:
        try:
            position = found.index(word, position) + 1
        except ValueError:
            missing.append(word)
    return missing
