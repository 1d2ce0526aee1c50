"""Helpers shared by the render tests: the two readings of TEI, HTML and text, side by side."""

from __future__ import annotations

import copy
import re

from lxml import etree, html

from tei_roundtable._xml import TEI_NS, XML_NS

XID = f"{{{XML_NS}}}id"
_OTHER = {"normalised": {"sic", "orig"}, "diplomatic": {"corr", "reg"}}


def tei_reading(element: etree._Element, reading: str) -> str:
    """The words of a TEI element in a reading, whitespace normalised (notes left out)."""
    skip = _OTHER[reading] | {"note"}
    out: list[str] = []

    def walk(el: etree._Element) -> None:
        if etree.QName(el).localname in skip:
            return
        out.append(el.text or "")
        for child in el:
            if isinstance(child.tag, str):
                walk(child)
            out.append(child.tail or "")

    walk(element)
    return " ".join("".join(out).split())


def _has_class(name: str) -> str:
    return f".//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"


def html_reading(element: html.HtmlElement, reading: str) -> str:
    """What a reader sees of an HTML element in a reading, without references, note numbers
    and hidden helper text."""
    element = copy.deepcopy(element)
    hidden = "dipl" if reading == "normalised" else "norm"
    for name in ("ref", "noteref", "vh", hidden):
        for el in element.xpath(_has_class(name)):
            el.drop_tree()
    return " ".join(element.text_content().split())


_UNIT = re.compile(r"^\[([^\]\s]+)\] ?(.*)$")
_NOTE_MARK = re.compile(r"\[\d+\]")


def text_units(text: str) -> dict[str, str]:
    """The plain-text edition cut into its cited units: ``{"t12.3": "words…"}`` for every
    ``[ref]`` block of the transcript (before the notes), note numbers and page-break marks
    removed, whitespace normalised."""
    body = text.split("\nTranscript\n----------\n", 1)[1]
    body = re.split(r"\n\n\n[^\n]+\n-+\n", body, maxsplit=1)[0]  # the notes follow after two blank lines
    units: dict[str, list[str]] = {}
    current = None
    for line in body.split("\n"):
        match = _UNIT.match(line)
        if match:
            current = match.group(1)
            units[current] = [match.group(2)]
        elif current is not None and line.strip():
            units[current].append(line)
        elif not line.strip() and current is not None and not current.startswith("front"):
            current = None
    return {ref: " ".join(_NOTE_MARK.sub("", " ".join(lines)).replace("‖", " ").split()) for ref, lines in units.items()}


def tei_units(tree: etree._ElementTree) -> dict[str, etree._Element]:
    """Every cited unit of the TEI body: turns (their speaker label) and paragraphs."""
    units: dict[str, etree._Element] = {}
    for sp in tree.iter(f"{{{TEI_NS}}}sp"):
        units[sp.get(XID)] = sp.find(f"{{{TEI_NS}}}speaker")
        for p in sp.iterfind(f"{{{TEI_NS}}}p"):
            units[p.get(XID)] = p
    return units


# Longer than any line of the text edition and the narrowest page; the URL has hyphens too.
LONG_URL = "https://archive.example.org/" + "round-table-" * 8 + "transcript.pdf"
LONG_COMPOUND = "-".join(["Vandersteenhoven"] * 8)
LONG_WORD = "Donaudampfschifffahrtsgesellschaftskapitän" * 4


def with_long_words(tree: etree._ElementTree) -> etree._ElementTree:
    """A copy of an edition with words no line can hold (a URL, a hyphenated compound, a word
    with no hyphen) in a paragraph, an editorial note and an index entry, and the compound as the
    name of the speaker who speaks most (so it is also in the speaker table)."""
    tree = copy.deepcopy(tree)
    ns = {"tei": TEI_NS}
    long = f" {LONG_URL} {LONG_COMPOUND} {LONG_WORD} "
    p = tree.find(".//tei:body//tei:sp/tei:p", ns)
    p.text = long + (p.text or "")
    note = tree.find(".//tei:back//tei:note", ns)
    note.text = (note.text or "") + long
    entry = tree.find(".//tei:standOff//tei:person/tei:note", ns)
    entry.text = (entry.text or "") + long
    speaker = tree.find(".//tei:particDesc//tei:person/tei:persName/tei:surname", ns)
    speaker.text = LONG_COMPOUND
    return tree
