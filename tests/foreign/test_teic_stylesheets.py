"""Our TEI in the TEI Consortium's stylesheets (html/html.xsl of a TEIC/Stylesheets checkout named by
the environment variable TEI_STYLESHEETS; skipped without it): what a user of that tool sees of the
edition's decisions.

TEIC's html.xsl shows only corr of a choice of sic and corr (by design), and makes no link from
note/@target. The encoder therefore anchors every note in the text (ptr type="noteAnchor"), which
TEIC renders as a link to the note; each correction note quotes the printed reading. So a reader
goes from every corrected or commented passage to its note, and finds the printed form there.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from lxml import etree, html

from conftest import EDITION_TEI
from tei_roundtable._xml import NS, XML_NS, parse_file

XID = f"{{{XML_NS}}}id"
QUOTE_MARKS = re.compile(r"[\"'“”‘’«»]")


@pytest.fixture(scope="module")
def teic_page() -> html.HtmlElement:
    root = os.environ.get("TEI_STYLESHEETS")
    if not root:
        pytest.skip("TEI_STYLESHEETS is not set: point it at a checkout of TEIC/Stylesheets to run these checks")
    stylesheet = Path(root) / "html" / "html.xsl"
    if not stylesheet.is_file():
        pytest.skip(f"TEI_STYLESHEETS={root} holds no html/html.xsl: point it at a checkout of TEIC/Stylesheets")
    from saxonche import PySaxonProcessor

    with PySaxonProcessor(license=False) as processor:
        executable = processor.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(stylesheet))
        executable.set_save_xsl_message(True)  # TEIC's progress messages stay off the test output
        result = executable.transform_to_string(source_file=str(EDITION_TEI))
    return html.document_fromstring(result)


@pytest.fixture(scope="module")
def tei() -> etree._ElementTree:
    return parse_file(EDITION_TEI)


def _notes(tei) -> list[etree._Element]:
    return tei.findall(".//tei:back/tei:div/tei:note", NS)


def _unit_id(element: etree._Element) -> str:
    """The citation unit (paragraph, turn, front matter) that holds a passage of the TEI."""
    for ancestor in element.iterancestors():
        if ancestor.get(XID) and etree.QName(ancestor).localname in ("p", "sp", "div"):
            return ancestor.get(XID)
    raise AssertionError(f"{element.get(XID)} is in no citation unit")


def _unit_of_link(link: html.HtmlElement, units: set[str]) -> str | None:
    for ancestor in link.iterancestors():
        if ancestor.get("id") in units:
            return ancestor.get("id")
    return None


def test_every_note_is_on_the_teic_page_with_its_id(teic_page, tei):
    for note in _notes(tei):
        shown = teic_page.get_element_by_id(note.get(XID), None)
        assert shown is not None, f"{note.get(XID)} is not on the TEIC page"
        assert " ".join(shown.text_content().split()).endswith(" ".join("".join(note.itertext()).split()))


def test_every_passage_links_to_its_note_where_it_stands(teic_page, tei):
    ids = {el.get(XID): el for el in tei.getroot().iter() if isinstance(el.tag, str) and el.get(XID)}
    units = {el.get(XID) for el in ids.values() if etree.QName(el).localname in ("p", "sp", "div")}
    for note in _notes(tei):
        ident = note.get(XID)
        expected = sorted(_unit_id(ids[t[1:]]) if etree.QName(ids[t[1:]]).localname != "sp" else t[1:]
                          for t in note.get("target").split())
        links = teic_page.xpath(f"//a[@href='#{ident}']")
        assert sorted(_unit_of_link(a, units) for a in links) == expected, ident


def test_the_printed_reading_of_every_decision_is_in_the_note_the_passage_links_to(teic_page, tei):
    checked = 0
    for note in _notes(tei):
        shown = " ".join(teic_page.get_element_by_id(note.get(XID)).text_content().split())
        for pointer in note.get("target").split():
            for printed in tei.getroot().xpath(f"//tei:choice[@xml:id='{pointer[1:]}']/*[self::tei:sic or self::tei:orig]",
                                               namespaces=NS):
                reading = " ".join("".join(printed.itertext()).split())
                assert reading in shown, f"{note.get(XID)}: the printed '{reading}' is not in the note on the TEIC page"
                checked += 1
    assert checked > 20


def test_teic_adds_no_quotation_marks_to_quotations(teic_page, tei):
    """editorialDecl/quotation/@marks="all" tells TEIC the marks are in the text: none is added."""
    quotations = tei.getroot().xpath("//tei:body//tei:q | //tei:body//tei:quote", namespaces=NS)
    shown = [" ".join(el.text_content().split()) for el in teic_page.xpath("//*[@class='q' or @class='quote']")]
    assert len(shown) == len(quotations) > 0
    for element, text in zip(quotations, shown):
        printed = " ".join("".join(element.xpath(".//text()[not(ancestor::tei:sic or ancestor::tei:orig)]",
                                                 namespaces=NS)).split())
        assert text == printed
        assert len(QUOTE_MARKS.findall(text)) == len(QUOTE_MARKS.findall(printed))
