"""Reader fixes found in use: BibTeX that a BibTeX parser reads as one record whatever the header
holds, no link to anything but a web address, bidi controls isolated, superscripts in the text
editions, the index sorted by the Unicode Collation Algorithm."""

from __future__ import annotations

import re
from pathlib import Path

import bibtexparser
import pytest
from lxml import etree, html

from conftest import EDITION_TEI
from tei_roundtable._xml import NS, TEI_NS, parse_file
from tei_roundtable.render import render_html, render_text

RLO = "\u202e"


def variant(tmp_path: Path, change) -> Path:
    """The bundled TEI changed by ``change(tree)``, written under its own name in tmp_path."""
    tree = parse_file(EDITION_TEI)
    change(tree)
    path = tmp_path / EDITION_TEI.name
    tree.write(str(path), encoding="UTF-8", xml_declaration=True)
    return path


def first(tree, xpath: str) -> etree._Element:
    return tree.xpath(xpath, namespaces=NS)[0]


def add_idno(tree, kind: str, value: str) -> None:
    urn = first(tree, "//tei:publicationStmt/tei:idno[@type='URN']")
    idno = etree.Element(f"{{{TEI_NS}}}idno", type=kind)
    idno.text = value
    urn.addprevious(idno)


def bibtex_of(path: Path) -> str:
    page = html.document_fromstring(render_html(path))
    return page.xpath("//section[@id='cite']//pre")[0].text_content()


def test_bibtex_of_the_edition_parses_as_one_record():
    library = bibtexparser.parse_string(bibtex_of(EDITION_TEI))
    assert library.failed_blocks == [] and len(library.entries) == 1
    entry = library.entries[0]
    assert entry.entry_type == "misc" and entry.key == "ipp-roundtable-2007-11-15"
    assert set(entry.fields_dict) == {"author", "title", "year", "date", "version", "publisher", "note"}


def test_braces_and_a_hostile_doi_or_url_cannot_add_fields(tmp_path):
    def hostile(tree):
        first(tree, "//tei:titleStmt/tei:title").text = "Rivers {of} } water { and @misc{x, title={y}}"
        add_idno(tree, "DOI", "10.1234/x}, note = {injected")
        add_idno(tree, "URL", "https://example.org/e}, howpublished = {injected")

    text = bibtex_of(variant(tmp_path, hostile))
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == [] and len(library.entries) == 1, text
    fields = library.entries[0].fields_dict
    assert set(fields) == {"author", "title", "year", "date", "version", "publisher", "url", "doi", "note"}
    assert "injected" in fields["doi"].value and fields["doi"].value.startswith("10.1234/x%7D")
    assert fields["url"].value.startswith("https://example.org/e%7D")
    assert fields["note"].value.startswith("Digital edition, urn:")
    assert r"\textbraceright{}" in fields["title"].value and r"\textbraceleft{}" in fields["title"].value


@pytest.mark.parametrize("address", ["javascript:alert(1)", "data:text/html,<b>x</b>", "JAVASCRIPT:void(0)", "file:///etc/passwd"])
def test_only_web_addresses_become_links(tmp_path, address):
    def hostile(tree):
        first(tree, "//tei:availability/tei:licence").set("target", address)
        add_idno(tree, "URL", address)

    page = html.document_fromstring(render_html(variant(tmp_path, hostile)))
    hrefs = page.xpath("//@href")
    assert all(re.match(r"^(#|\.\./|https?://|data:,$)", h) for h in hrefs), [h for h in hrefs if not h.startswith("#")]
    assert address in page.xpath("string(//footer)"), "the address is still shown, as text"
    assert page.xpath("//code[@class='not-a-link']")


def test_bidi_controls_in_user_text_are_isolated(tmp_path):
    def hostile(tree):
        first(tree, "//tei:particDesc//tei:person[1]/tei:persName/tei:surname").text = f"Imanaliev{RLO}x"
        first(tree, "//tei:titleStmt/tei:title").text = f"Perspectives{RLO} of a union"
        para = first(tree, "//tei:body//tei:sp/tei:p")
        para.text = f"Opening{RLO} words " + (para.text or "")

    path = variant(tmp_path, hostile)
    page = html.document_fromstring(render_html(path))
    # The BibTeX and CSL-JSON records (pre) carry the header's text byte for byte: a record is
    # data to copy, and there an override ends with its line.
    for node in page.iter():
        if node.xpath("ancestor-or-self::pre"):
            continue
        for holder, text in ((node, node.text), (node.getparent(), node.tail)):
            if text and RLO in text:
                isolated = holder.tag == "bdi" or re.search(f"\u2068[^\u2069]*{RLO}[^\u2069]*\u2069", text)
                assert isolated, f"{holder.tag}: {text[:60]!r}"
        # Attributes the page shows (tooltips, labels); <meta> content is for machines, as given.
        for name, value in ([] if node.tag == "meta" else node.attrib.items()):
            if RLO in value:
                assert re.search(f"\u2068[^\u2069]*{RLO}[^\u2069]*\u2069", value), f"@{name}: {value[:60]!r}"
    assert page.xpath("//p[@class='para']//bdi[contains(., 'Opening')]")
    citation = page.xpath("string(//p[@class='citation'])")
    assert f"\u2068Perspectives{RLO} of a union" in citation and citation.endswith(".")
    text = render_text(path).decode("utf-8")
    assert f"\u2068Perspectives{RLO} of a union" in text


def test_ordinary_text_gains_no_invisible_characters():
    page = render_html(EDITION_TEI).decode("utf-8")
    assert "\u2068" not in page and "\u2069" not in page and "<bdi>" not in page


def test_superscripts_survive_in_the_text_edition(tmp_path):
    def sup(tree):
        para = first(tree, "//tei:body//tei:sp/tei:p")
        hi = etree.SubElement(para, f"{{{TEI_NS}}}hi", rend="sup")
        hi.text = "3"
        hi.tail = " of water a year"
        last = para[-2] if len(para) > 1 else None
        if last is not None and last.tail:
            last.tail += " 79 km"
        else:
            para.text = (para.text or "") + " 79 km"

    text = render_text(variant(tmp_path, sup)).decode("utf-8")
    assert "79 km³ of water a year" in " ".join(text.split())
    assert "21st century" in " ".join(render_text(EDITION_TEI).decode("utf-8").split())


def test_the_index_sorts_by_unicode_collation(tmp_path):
    def names(tree):
        surnames = tree.xpath("//tei:particDesc//tei:person/tei:persName/tei:surname", namespaces=NS)
        surnames[0].text = "Öztürk"
        surnames[1].text = "Юсупов"
        surnames[2].text = "zhukov"

    page = html.document_fromstring(render_html(variant(tmp_path, names)))
    order = [n.text_content().split(",")[0] for n in page.xpath("//ul[@class='index'][1]/li/p/span[@class='entry-name']")]
    latin = [n for n in order if n != "Юсупов"]
    assert latin == sorted(latin, key=lambda n: n.replace("Ö", "O").lower()), order
    assert order.index("Öztürk") < order.index("zhukov") < order.index("Юсупов"), "O with its diaeresis among the O's, Cyrillic after Latin"


# The first and last character of each range trt:needs-isolation (lib/common.xsl) looks for,
# and the characters just outside them.
BIDI_RANGES = [(0x200E, 0x200F), (0x061C, 0x061C), (0x202A, 0x202E), (0x2066, 0x2069), (0x0590, 0x08FF),
               (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF), (0x10800, 0x10FFF), (0x1E800, 0x1EFFF)]


def test_the_source_is_searched_for_the_characters_the_stylesheets_isolate(tmp_path):
    """_xslt.Source tells the stylesheets when the document has no bidi character at all (they
    then search none of its strings): its pattern must find every character theirs does."""
    from stylesheet_calls import calling
    from tei_roundtable import _xslt

    isolated = calling(tmp_path, "common.xsl", {"text": "xs:string"}, "string(trt:needs-isolation($text))")
    chars = sorted({c for low, high in BIDI_RANGES for c in (low - 1, low, high, high + 1)})
    for code in chars:
        assert (isolated(f"a{chr(code)}b") == "true") == _xslt.text_has_bidi(chr(code)), hex(code)
    assert all(_xslt.text_has_bidi(chr(low)) and _xslt.text_has_bidi(chr(high)) for low, high in BIDI_RANGES)
    assert not _xslt.text_has_bidi(chr(0x200D) + chr(0x2070) + chr(0x1EFFF + 1))

    edition = _xslt.Source(EDITION_TEI, parse_file(EDITION_TEI))
    edition.node()
    assert edition.has_bidi is False


def test_a_right_to_left_letter_anywhere_has_the_page_search_its_strings(tmp_path):
    def hebrew(tree):
        para = first(tree, "//tei:body//tei:sp/tei:p")
        para.text = "Shalom \u05e9\u05dc\u05d5\u05dd " + (para.text or "")

    page = html.document_fromstring(render_html(variant(tmp_path, hebrew)))
    assert page.xpath("//p[@class='para']//bdi[contains(., '\u05e9\u05dc\u05d5\u05dd')]")
