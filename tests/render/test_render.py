"""The HTML and plain-text editions: golden files, citation references, both readings,
apparatus, index, statistics, metadata, escaping, determinism and located errors."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree, html

from conftest import EDITION_ID, EDITION_TEI, REPO
from render_helpers import (
    LONG_COMPOUND, LONG_URL, LONG_WORD, XID, html_reading, tei_reading, tei_units, text_units, with_long_words,
)
from tei_roundtable._xml import NS, TEI_NS, parse_bytes, parse_file
from tei_roundtable.cli import main
from tei_roundtable.encode import encode
from tei_roundtable.errors import CheckFailed, InputError
from tei_roundtable.render import render, render_html, render_outputs, render_text

FIXTURES = Path(__file__).parent / "fixtures"
WIDTH = 78


@pytest.fixture(scope="module")
def tei() -> etree._ElementTree:
    return parse_file(EDITION_TEI)


@pytest.fixture(scope="module")
def outputs() -> dict[str, bytes]:
    return render_outputs(EDITION_TEI)


@pytest.fixture(scope="module")
def page(outputs) -> html.HtmlElement:
    return html.document_fromstring(outputs["html/index.html"])


@pytest.fixture(scope="module")
def texts(outputs) -> dict[str, str]:
    return {
        "normalised": outputs[f"txt/{EDITION_ID}.txt"].decode("utf-8"),
        "diplomatic": outputs[f"txt/{EDITION_ID}-diplomatic.txt"].decode("utf-8"),
    }


def by_id(page: html.HtmlElement, ident: str) -> html.HtmlElement:
    found = page.xpath("//*[@id=$i]", i=ident)
    assert len(found) == 1, f"id {ident!r}: {len(found)} elements in the HTML"
    return found[0]


# ---------------------------------------------------------------------------------------------
# golden files: the committed edition, rendered into tmp_path by the public function


def test_render_writes_the_three_files(tmp_path):
    written = render(EDITION_TEI, tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in written] == [
        "html/index.html", f"txt/{EDITION_ID}.txt", f"txt/{EDITION_ID}-diplomatic.txt",
    ]
    assert all(p.is_file() and p.stat().st_size > 0 for p in written)


def test_html_golden(outputs, file_regression):
    file_regression.check(outputs["html/index.html"].decode("utf-8"), basename="edition-reference",
                          extension=".html", encoding="utf-8")


def test_text_golden(outputs, file_regression):
    file_regression.check(outputs[f"txt/{EDITION_ID}.txt"].decode("utf-8"), basename="edition-reference",
                          extension=".txt", encoding="utf-8")


def test_diplomatic_text_golden(outputs, file_regression):
    file_regression.check(outputs[f"txt/{EDITION_ID}-diplomatic.txt"].decode("utf-8"),
                          basename="edition-diplomatic-reference", extension=".txt", encoding="utf-8")


def test_rendering_twice_gives_identical_bytes(tmp_path, outputs):
    first = render(EDITION_TEI, tmp_path / "a")
    second = render(EDITION_TEI, tmp_path / "b")
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes()
        assert a.read_bytes() == outputs[a.relative_to(tmp_path / "a").as_posix()]


# ---------------------------------------------------------------------------------------------
# one citation structure: TEI xml:id = HTML anchor = [ref] in the text


def test_every_turn_and_paragraph_is_an_anchor_with_a_link_to_itself(tei, page):
    ids = tei.xpath("//tei:body//tei:sp/@xml:id | //tei:body//tei:sp/tei:p/@xml:id", namespaces=NS)
    assert ids
    for ident in ids:
        anchor = by_id(page, ident)
        links = anchor.xpath(".//a[@class='ref'][@href=$h]", h=f"#{ident}")
        assert len(links) == 1, f"{ident}: the reference link to itself is missing"
        assert links[0].text_content() == ident
        assert ident in links[0].get("title"), "the link's title gives the paragraph's citation"


def test_every_turn_and_paragraph_is_referenced_in_order_in_both_texts(tei, texts):
    ids = tei.xpath("//tei:body//tei:sp/@xml:id | //tei:body//tei:sp/tei:p/@xml:id", namespaces=NS)
    for text in texts.values():
        refs = re.findall(r"^\[(t[^\]]+)\] ", text.split("\nTranscript\n", 1)[1], re.M)
        assert refs == ids


def test_texts_are_utf8_wrapped_and_end_with_a_newline(outputs):
    for name, data in outputs.items():
        if name.startswith("txt/"):
            text = data.decode("utf-8")
            assert text.endswith("\n") and not text.endswith("\n\n")
            long = [line for line in text.split("\n") if len(line) > WIDTH and " " in line.strip()]
            assert long == [], f"{name}: lines wider than {WIDTH} columns"
            assert "\r" not in text and "\t" not in text


# ---------------------------------------------------------------------------------------------
# the two readings, unit by unit, against the TEI


@pytest.mark.parametrize("reading", ["normalised", "diplomatic"])
def test_html_units_show_exactly_the_tei_reading(tei, page, reading):
    for ident, element in tei_units(tei).items():
        unit = by_id(page, ident)
        if element.tag == f"{{{TEI_NS}}}speaker":
            unit = unit.xpath("./p[@class='speaker']")[0]
        assert html_reading(unit, reading) == tei_reading(element, reading), ident


@pytest.mark.parametrize("reading", ["normalised", "diplomatic"])
def test_text_units_show_exactly_the_tei_reading(tei, texts, reading):
    units = text_units(texts[reading])
    for ident, element in tei_units(tei).items():
        assert units[ident] == tei_reading(element, reading), ident


def test_every_choice_keeps_both_readings_in_the_html(tei, page):
    choices = tei.xpath("//tei:text//tei:choice", namespaces=NS)
    assert choices
    for choice in choices:
        span = by_id(page, choice.get(XID))
        dipl = span.xpath("./span[@class='dipl']")[0].text_content()
        norm = span.xpath("./span[@class='norm']")[0].text_content()
        sic = choice.find("tei:sic", NS) if choice.find("tei:sic", NS) is not None else choice.find("tei:orig", NS)
        corr = choice.find("tei:corr", NS) if choice.find("tei:corr", NS) is not None else choice.find("tei:reg", NS)
        assert dipl == "".join(sic.itertext())
        assert norm == "".join(corr.itertext())


def test_every_choice_is_in_the_text_of_its_reading(tei, texts):
    units = {reading: text_units(text) for reading, text in texts.items()}
    front = {reading: text.split("\n[t1] ", 1)[0] for reading, text in texts.items()}
    for choice in tei.xpath("//tei:text//tei:choice", namespaces=NS):
        unit = choice.xpath("ancestor::*[self::tei:p or self::tei:sp or self::tei:div][@xml:id][1]/@xml:id",
                            namespaces=NS)[0]
        for reading, child in (("diplomatic", "sic|tei:orig"), ("normalised", "corr|tei:reg")):
            words = " ".join("".join(choice.xpath(f"tei:{child}", namespaces=NS)[0].itertext()).split())
            where = units[reading].get(unit) or " ".join(front[reading].split())
            assert words in where, f"{choice.get(XID)}: {words!r} missing from the {reading} text"


def test_reading_switch_is_two_radio_buttons_with_the_normalised_one_checked(page):
    radios = page.xpath("//input[@type='radio'][@name='reading']")
    assert [r.get("value") for r in radios] == ["normalised", "diplomatic"]
    assert radios[0].get("checked") is not None and radios[1].get("checked") is None
    for radio in radios:
        assert page.xpath("//label[@for=$i]", i=radio.get("id")), "each radio button has its label"
    css = "".join(page.xpath("//style/text()"))
    # the switch works without JavaScript: CSS hides one reading depending on the checked radio
    assert re.search(r"#reading-diplomatic:checked\) \.norm\s*\{\s*display:\s*none", css)
    assert re.search(r"^\.dipl\s*\{\s*display:\s*none", css, re.M)


# ---------------------------------------------------------------------------------------------
# apparatus, names, index, statistics


def test_every_note_is_numbered_and_links_back_to_every_place_it_concerns(tei, page):
    notes = tei.xpath("//tei:back//tei:note", namespaces=NS)
    assert notes
    for note in notes:
        item = by_id(page, note.get(XID))
        assert item.tag == "li"
        assert item.xpath(".//span[@class='note-n']")[0].text_content() == note.get("n")
        for target in note.get("target").split():
            assert item.xpath(".//p[@class='backrefs']//a[@href=$h]", h=target), f"{note.get(XID)}: no link back to {target}"
            by_id(page, target[1:])


def test_every_annotated_place_links_forward_to_its_note(tei, page):
    for note in tei.xpath("//tei:back//tei:note", namespaces=NS):
        for target in note.get("target").split():
            element = by_id(page, target[1:])
            following = element.xpath("following::sup[@class='noteref'][position() <= 3]/a/@href"
                                      " | .//sup[@class='noteref']/a/@href")
            assert f"#{note.get(XID)}" in following, f"{target}: no link to {note.get(XID)}"


def test_note_anchors_in_the_text_add_nothing_to_the_renderings(tmp_path, tei, outputs):
    """The pages draw their note marks from note/@target; the anchors (ptr) for other tools must
    not show a mark twice: the outputs of the TEI without them are the same bytes."""
    assert tei.xpath("//tei:text//tei:ptr[@type='noteAnchor']", namespaces=NS)
    bare = etree.fromstring(EDITION_TEI.read_bytes()).getroottree()
    etree.strip_elements(bare, f"{{{TEI_NS}}}ptr", with_tail=False)
    copy = tmp_path / EDITION_TEI.name
    bare.write(str(copy), xml_declaration=True, encoding="UTF-8")
    assert render_outputs(copy) == outputs


def test_an_rs_or_title_pointing_outside_the_register_is_plain_text(tmp_path):
    """TEI from elsewhere may point a title or rs to an authority file: no link to nowhere."""
    tree = etree.fromstring(EDITION_TEI.read_bytes()).getroottree()
    title = tree.xpath("//tei:body//tei:title[@ref='#kazakhstan-2030']", namespaces=NS)[0]
    title.set("ref", "https://example.org/works/kazakhstan-2030")
    rs = tree.xpath("//tei:body//tei:rs[@ref='#uzbekov']", namespaces=NS)[0]
    rs.set("ref", "https://example.org/persons/uzbekov")
    copy = tmp_path / EDITION_TEI.name
    tree.write(str(copy), xml_declaration=True, encoding="UTF-8")
    page = html.document_fromstring(render_outputs(copy)["html/index.html"])
    for element, paragraph in ((title, "t2.1"), (rs, "t4.2")):
        unit = by_id(page, paragraph)
        assert " ".join("".join(element.itertext()).split()) in " ".join(unit.text_content().split())
        assert not unit.xpath(".//a[@href='#' or contains(@href, 'example.org')]")
    assert by_id(page, "kazakhstan-2030").xpath(".//span[@class='locs-label']")[0].text_content() == "Named (1×):"


def test_noterefs_never_sit_inside_links(page):
    assert page.xpath("//a//a") == []
    assert page.xpath("//a//sup[@class='noteref']") == []


def test_every_mention_is_linked_from_its_index_entry(tei, page):
    """Names, role-only references (rs) and titles of works (title) alike."""
    names = tei.xpath("//tei:text//*[self::tei:persName or self::tei:orgName or self::tei:placeName"
                      " or self::tei:rs or self::tei:title][@ref]", namespaces=NS)
    assert names and {etree.QName(n).localname for n in names} >= {"rs", "title"}
    by_entity: dict[str, list[str]] = {}
    for name in names:
        by_entity.setdefault(name.get("ref")[1:], []).append(tei_reading(name, "normalised"))
    anchors = set()
    for entity, forms in by_entity.items():
        entry = by_id(page, entity)
        assert entry.tag == "li"
        links = entry.xpath(".//p[@class='locs'][span[starts-with(., 'Named')]]//a/@href")
        assert len(links) == len(forms), f"{entity}: {len(forms)} mentions in the TEI, {len(links)} links"
        targets = [by_id(page, href[1:]) for href in links]
        assert all("name" in t.get("class").split() for t in targets)
        assert sorted(html_reading(t, "normalised") for t in targets) == sorted(forms)
        anchors.update(href for href in links)
    assert len(anchors) == len(names), "every mention has an anchor of its own"


def test_further_occurrences_in_one_paragraph_are_written_out_not_superscript(page):
    # "t4.2 (occurrences 2, 3)": superscript numbers would read as note numbers.
    again = page.xpath("//*[@id='index']//span[@class='again']")
    assert again
    for span in again:
        numbers = [a.text for a in span.xpath("a")]
        assert numbers == [str(n) for n in range(2, len(numbers) + 2)]
        word = "occurrences" if len(numbers) > 1 else "occurrence"
        assert span.text_content() == f" ({word} {', '.join(numbers)})"
        assert not span.xpath("ancestor-or-self::sup | .//sup")


def test_names_in_the_text_link_to_the_index(tei, page):
    names = "*[self::tei:persName or self::tei:orgName or self::tei:placeName or self::tei:rs or self::tei:title][@ref]"
    outer = tei.xpath(f"//tei:text//{names}[not(ancestor::{names})]", namespaces=NS)
    assert {etree.QName(n).localname for n in outer} >= {"rs", "title"}
    links = page.xpath("//main//a[contains(concat(' ', @class, ' '), ' name ')]")
    assert len(links) == len(outer)
    assert {a.get("href")[1:] for a in links} == {n.get("ref")[1:] for n in outer}
    # links cannot nest: a name inside a name is an anchor, named in the outer link's title
    for inner in tei.xpath(f"//tei:text//{names}[ancestor::{names}]", namespaces=NS):
        entity = tei.xpath("//*[@xml:id=$i]", i=inner.get("ref")[1:])[0]
        name = " ".join("".join(entity.find("*", NS).itertext()).split())
        assert any(name in a.get("title") for a in links), name


def test_every_turn_is_listed_under_its_speaker(tei, page):
    for sp in tei.xpath("//tei:body//tei:sp", namespaces=NS):
        who = sp.get("who")[1:]
        assert by_id(page, who).xpath(".//a[@href=$h]", h=f"#{sp.get(XID)}"), f"{sp.get(XID)} not under {who}"
        speaker_link = by_id(page, sp.get(XID)).xpath("./p[@class='speaker']/a[@class='who']/@href")
        assert speaker_link == [f"#{who}"]


def test_speaker_statistics_count_turns_and_words_of_the_normalised_reading(tei, page):
    expected = {}
    for sp in tei.xpath("//tei:body//tei:sp", namespaces=NS):
        row = expected.setdefault(sp.get("who")[1:], [0, 0, 0])
        row[0] += 1
        for p in sp.iterfind("tei:p", NS):
            row[1] += 1
            row[2] += sum(1 for w in tei_reading(p, "normalised").split() if re.search(r"\w", w))
    rows = page.xpath("//table[@class='stats']/tbody/tr")
    assert len(rows) == len(expected)
    seen = {}
    for row in rows:
        who = row.xpath("./th/a/@href")[0][1:]
        cells = [c.text_content().strip() for c in row.xpath("./td[@class='num']")]
        seen[who] = [int(c.replace(",", "")) for c in cells]
    assert seen == expected
    words = [v[2] for v in seen.values()]
    assert words == sorted(words, reverse=True), "rows by words, most first"


# ---------------------------------------------------------------------------------------------
# front matter, citation, metadata


def meta(page, name: str) -> list[str]:
    return page.xpath("//head/meta[@name=$n]/@content", n=name)


def test_front_matter_comes_from_the_header(tei, page):
    about = by_id(page, "about")
    text = " ".join(about.text_content().split())
    header = tei.find("tei:teiHeader", NS)
    for path in ("tei:profileDesc/tei:settingDesc/tei:setting/tei:date", "tei:fileDesc/tei:publicationStmt/tei:publisher",
                 "tei:fileDesc/tei:publicationStmt/tei:idno[@type='URN']",
                 "tei:fileDesc/tei:publicationStmt/tei:availability/tei:licence"):
        value = " ".join("".join(header.find(path, NS).itertext()).split())
        assert value in text, path
    version = header.find("tei:fileDesc/tei:editionStmt/tei:edition", NS).get("n")
    assert f"{version}, published" in text
    for person in header.iterfind(".//tei:particDesc//tei:person", NS):
        assert about.xpath(".//a[@href=$h]", h=f"#{person.get(XID)}")
    assert page.xpath("string(/html/@lang)") == tei.getroot().get(f"{{{'http://www.w3.org/XML/1998/namespace'}}}lang")


def test_citation_meta_and_dublin_core_from_the_header(tei, page):
    header = tei.find("tei:teiHeader", NS)
    title = " ".join(header.find("tei:fileDesc/tei:titleStmt/tei:title[@type='main']", NS).text.split())
    editors = header.find("tei:fileDesc/tei:titleStmt/tei:respStmt/tei:orgName", NS).text
    published = header.find("tei:fileDesc/tei:publicationStmt/tei:date", NS).get("when")
    urn = header.find("tei:fileDesc/tei:publicationStmt/tei:idno[@type='URN']", NS).text
    assert meta(page, "citation_title")[0].startswith(title)
    assert meta(page, "citation_author") == [editors]
    assert meta(page, "citation_publication_date") == [published.replace("-", "/")]
    assert meta(page, "citation_publisher") == [header.find("tei:fileDesc/tei:publicationStmt/tei:publisher", NS).text]
    assert meta(page, "citation_public_url") == [], "no URL in the header, so none is claimed"
    assert meta(page, "citation_doi") == []
    assert meta(page, "DC.title") == meta(page, "citation_title")
    assert meta(page, "DC.creator") == [editors]
    assert meta(page, "DC.date") == [published]
    assert urn in meta(page, "DC.identifier")
    assert meta(page, "DC.language") == ["en"]
    assert page.xpath("//head/link[@rel='schema.DC']/@href") == ["http://purl.org/dc/elements/1.1/"]


def test_how_to_cite_gives_citation_bibtex_and_csl_json(tei, page):
    cite = by_id(page, "cite")
    header = tei.find("tei:teiHeader", NS)
    urn = header.find("tei:fileDesc/tei:publicationStmt/tei:idno[@type='URN']", NS).text
    version = header.find("tei:fileDesc/tei:editionStmt/tei:edition", NS).get("n")
    citations = [" ".join(p.text_content().split()) for p in cite.xpath(".//p[@class='citation']")]
    assert len(citations) == 2
    assert f"version {version}" in citations[0] and citations[0].endswith(f"{urn}.")
    first = tei.xpath("//tei:body//tei:sp/tei:p/@xml:id", namespaces=NS)[0]
    assert citations[1] == citations[0][:-1] + f", {first}."
    bibtex, csl = [" ".join(pre.text_content().split("\n")) for pre in cite.xpath(".//pre")]
    assert bibtex.startswith(f"@misc{{{EDITION_ID},") and f"version   = {{{version}}}" in bibtex
    assert bibtex.count("{") == bibtex.count("}")
    record = json.loads(cite.xpath(".//pre")[1].text_content())[0]
    assert record["id"] == EDITION_ID and record["version"] == version
    assert record["note"] == f"URN: {urn}" and "URL" not in record and "DOI" not in record
    assert record["author"] == [{"literal": header.find("tei:fileDesc/tei:titleStmt/tei:respStmt/tei:orgName", NS).text}]
    assert record["event-date"] == {"date-parts": [[2007, 11, 15]]}


def test_a_url_in_the_header_becomes_the_citation_address(tmp_path, tei):
    tree = parse_file(EDITION_TEI)
    stmt = tree.find(".//tei:publicationStmt", NS)
    url = "https://example.org/editions/ipp/"
    idno = etree.Element(f"{{{TEI_NS}}}idno", type="URL")
    idno.text = url
    stmt.find("tei:idno", NS).addprevious(idno)
    path = tmp_path / f"{EDITION_ID}.xml"
    tree.write(str(path), encoding="UTF-8", xml_declaration=True)
    page = html.document_fromstring(render_html(path))
    assert meta(page, "citation_public_url") == [url]
    assert page.xpath("//head/link[@rel='canonical']/@href") == [url]
    first = tei.xpath("//tei:body//tei:sp/tei:p/@xml:id", namespaces=NS)[0]
    assert by_id(page, first).xpath("./a[@class='ref']/@title")[0].endswith(f"{url}#{first}.")
    record = json.loads(by_id(page, "cite").xpath(".//pre")[1].text_content())[0]
    assert record["URL"] == url
    text = render_text(path).decode("utf-8")
    assert f"Identifier:    {url}" in text


def test_page_is_self_contained(page, outputs):
    source = outputs["html/index.html"].decode("utf-8")
    # nothing is loaded from elsewhere: no external scripts, styles, fonts or images
    assert page.xpath("//script[@src] | //link[@rel='stylesheet'] | //img | //iframe | //object | //embed") == []
    assert page.xpath("//link[@rel='icon']/@href") == ["data:,"]
    css = "".join(page.xpath("//style/text()"))
    assert "@import" not in css and "url(" not in css and "@font-face" not in css
    assert "@media print" in css
    # the page's own script, lunr.js with its licence, and the search index as JSON data
    scripts = page.xpath("//script[not(@type)]")
    assert len(scripts) == 2 and "Permission is hereby granted" in scripts[0].text and "lunr" in scripts[0].text
    data = page.xpath("//script[@type='application/json']")
    assert [d.get("id") for d in data] == ["search-data"]
    assert set(json.loads(data[0].text)) == {"index", "docs"}
    assert source.startswith("<!DOCTYPE HTML>")


def test_landmarks_and_heading_order(page):
    body = page.find("body")
    assert len(body.xpath("./header")) == 1 and len(body.xpath("./nav")) == 1
    assert len(body.xpath("./main")) == 1 and len(body.xpath("./footer")) == 1
    levels = [int(h.tag[1]) for h in page.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), "no heading level is skipped"


def test_page_breaks_are_marked(tei, page):
    pbs = tei.xpath("//tei:text//tei:pb", namespaces=NS)
    assert len(page.xpath("//span[@class='pb']")) == len(pbs)


# ---------------------------------------------------------------------------------------------
# words longer than a line, counts in the thousands


def _write(tree: etree._ElementTree, folder: Path) -> Path:
    path = folder / f"{EDITION_ID}.xml"
    tree.write(str(path), encoding="UTF-8", xml_declaration=True)
    return path


@pytest.fixture(scope="module")
def long_words(tmp_path_factory) -> Path:
    return _write(with_long_words(parse_file(EDITION_TEI)), tmp_path_factory.mktemp("long"))


@pytest.mark.parametrize("reading", ["normalised", "diplomatic"])
def test_text_breaks_an_over_long_compound_after_its_hyphens_and_nothing_else(long_words, reading):
    text = render_text(long_words, reading).decode("utf-8")
    lines = text.split("\n")
    for line in lines:
        if len(line) > WIDTH:
            # only a word that has no hyphen to break at, or a URL, alone after its indent or reference
            assert line.split()[-1] in (LONG_URL, LONG_WORD) and len(line.split()) <= 2, line
    broken = [i for i, line in enumerate(lines) if line.endswith("Vandersteenhoven-")]
    assert len(broken) >= 3, "the compound (in the participants, a paragraph, a note) is broken"
    for i in broken:
        piece = re.match(r"\S*?-|\S+", lines[i + 1].lstrip()).group()
        assert len(lines[i]) + len(piece) > WIDTH, f"the next part would have fit: {lines[i]!r}"
    # Joined again at its line ends, the compound is whole: no hyphen was added or lost.
    joined = re.sub(r"-\n *", "-", text)
    # with_long_words puts it beside each URL, and it is also a participant's name
    assert joined.count(LONG_COMPOUND) == text.count(LONG_URL) + 1
    assert any(LONG_URL in line for line in lines), "the URL, hyphens and all, is never broken"


def test_counts_in_the_thousands_have_separators(tmp_path):
    tree = parse_file(EDITION_TEI)
    body = tree.find(".//tei:body/tei:div", NS)
    last = len(tree.xpath("//tei:body//tei:sp", namespaces=NS))
    for n in range(last + 1, last + 1201):
        sp = etree.SubElement(body, f"{{{TEI_NS}}}sp", who="#uzbekov", n=str(n))
        sp.set(XID, f"t{n}")
        etree.SubElement(sp, f"{{{TEI_NS}}}speaker").text = "Umarzak Uzbekov"
        p = etree.SubElement(sp, f"{{{TEI_NS}}}p", n="1")
        p.set(XID, f"t{n}.1")
        p.text = "Yes."
    page = html.document_fromstring(render_html(_write(tree, tmp_path)))
    turns = tree.xpath("//tei:body//tei:sp", namespaces=NS)
    mine = [sp for sp in turns if sp.get("who") == "#uzbekov"]
    expected = [len(mine), sum(len(sp.findall("tei:p", NS)) for sp in mine)]
    assert min(expected) >= 1000
    row = page.xpath("//table[@class='stats']/tbody/tr[th/a/@href='#uzbekov']")[0]
    assert [c.text_content().strip() for c in row.xpath("./td[@class='num']")][:2] == [f"{n:,}" for n in expected]
    total = [len(turns), sum(len(sp.findall("tei:p", NS)) for sp in turns)]
    foot = page.xpath("//table[@class='stats']/tfoot//td[@class='num']")
    assert [c.text_content().strip() for c in foot][:2] == [f"{n:,}" for n in total]
    speaks = by_id(page, "uzbekov").xpath("string(.//span[@class='locs-label'])")
    assert speaks == f"Speaks ({len(mine):,} turns):"


# ---------------------------------------------------------------------------------------------
# hostile text: escaped in HTML, verbatim in plain text, citation formats still well-formed


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    tree = parse_bytes(encode(FIXTURES / "hostile.md", FIXTURES / "hostile.yaml"))
    # Text that looks like markup inside a paragraph, as a TEI file may well hold it.
    p = tree.find(".//tei:body//tei:sp[2]/tei:p", NS)
    p.text = "<script>alert('body')</script> </style> & \"q\" " + (p.text or "")
    path = tmp_path_factory.mktemp("hostile") / "hostile-hearing-2009.xml"
    tree.write(str(path), encoding="UTF-8", xml_declaration=True)
    return path


def test_hostile_text_is_escaped_in_html(hostile):
    page_bytes = render_html(hostile).decode("utf-8")
    page = html.document_fromstring(page_bytes)
    # The search index holds the text's words; in its JSON "</" and "<!--" are escaped, so
    # nothing in it can end the script or open a comment.
    index_json = page.xpath("//script[@id='search-data']")[0].text
    assert "</" not in index_json and "<!--" not in index_json
    assert any("alert" in term for term, _ in json.loads(index_json)["index"]["invertedIndex"])
    data = page_bytes.replace(index_json, "")
    assert len(page.xpath("//script")) == 3 and "alert" not in page.xpath("string(//script[not(@type)])")
    assert "<script>alert" not in data and "<b>markup" not in data and "</style> &" not in data
    assert "&lt;script&gt;alert('body')&lt;/script&gt; &lt;/style&gt; &amp; \"q\"" in data
    para = " ".join(page.xpath("//*[@id='t2.1']")[0].text_content().split())
    assert "<script>alert('body')</script> </style> & \"q\"" in para
    assert page.xpath("string(//title)").startswith('Rivers & <canals>: the "shared" waters')
    assert page.xpath("//meta[@name='citation_title']/@content")[0].startswith('Rivers & <canals>: the "shared" waters')
    note = " ".join(page.xpath("//*[@id='note-osmonov-spelling']")[0].text_content().split())
    assert '<script>alert("note")</script> & more' in note
    assert page.xpath("//*[@id='t1.1']//span[@class='dipl']/text()") == ["Osmanov"]


def test_hostile_metadata_keeps_bibtex_and_csl_json_well_formed(hostile):
    page = html.document_fromstring(render_html(hostile))
    bibtex, csl = [pre.text_content() for pre in page.xpath("//section[@id='cite']//pre")]
    assert r'Editors \& "Friends" <at> \textbraceleft{}Braces\textbraceright{} 100\% \$x' in bibtex
    # BibTeX counts every brace, a backslash before it or not (test_bibtex.py parses the record).
    depth = 0
    for char in bibtex:
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0
    record = json.loads(csl)[0]
    assert record["title"].startswith('Rivers & <canals>: the "shared" waters')
    assert record["author"] == [{"literal": 'Editors & "Friends" <at> {Braces} 100% $x'}]


def test_hostile_text_is_verbatim_in_plain_text(hostile):
    text = render_text(hostile).decode("utf-8")
    assert "[t2.1] <script>alert('body')</script> </style> & \"q\"" in text
    assert 'Rivers & <canals>: the "shared" waters' in text
    assert "[t1.1] Welcome &lt;script&gt;" in text
    diplomatic = render_text(hostile, "diplomatic").decode("utf-8")
    assert "Timur Osmanov[1]" in diplomatic and "Timur Osmonov[1]" in text


# ---------------------------------------------------------------------------------------------
# errors: located, nothing written, no console noise from Saxon


def test_malformed_tei_is_a_located_error(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'>\n  <text>\n</TEI>\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        render(bad, tmp_path / "out")
    assert info.value.location.file == str(bad) and info.value.location.line == 3
    assert not (tmp_path / "out").exists()


def test_a_doctype_is_refused_before_saxon_sees_the_file(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text('<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<TEI/>\n')
    with pytest.raises(InputError, match="DOCTYPE") as info:
        render_outputs(bad)
    assert info.value.location.line == 2


def _broken_copy(tmp_path: Path) -> tuple[Path, etree._ElementTree]:
    tree = parse_file(EDITION_TEI)
    path = tmp_path / f"{EDITION_ID}.xml"
    return path, tree


def test_tei_problems_are_reported_at_their_lines(tmp_path, capfd):
    path, tree = _broken_copy(tmp_path)
    name = tree.xpath("//tei:body//tei:persName[@ref]", namespaces=NS)[3]
    name.set("ref", "#nobody")
    p = tree.xpath("//tei:body//tei:sp/tei:p", namespaces=NS)[5]
    del p.attrib[XID]
    choice = tree.xpath("//tei:body//tei:choice", namespaces=NS)[0]
    choice.remove(choice[1])
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    reparsed = parse_file(path)
    expected = {
        reparsed.xpath("//tei:body//tei:persName[@ref='#nobody']", namespaces=NS)[0].sourceline,
        reparsed.xpath("//tei:body//tei:sp/tei:p[not(@xml:id)]", namespaces=NS)[0].sourceline,
        reparsed.xpath("//tei:body//tei:choice[count(*) = 1]", namespaces=NS)[0].sourceline,
    }
    assert len(expected) == 3
    with pytest.raises(CheckFailed) as info:
        render(path, tmp_path / "out")
    findings = info.value.findings
    assert {f.location.line for f in findings} == expected
    assert all(f.location.file == str(path) for f in findings)
    messages = " | ".join(f.message for f in findings)
    assert "#nobody" in messages and "without xml:id" in messages and "choice must hold" in messages
    assert not (tmp_path / "out").exists()
    # A text edition rendered alone runs its own checks (render skips them only after the page's).
    for reading in ("normalised", "diplomatic"):
        with pytest.raises(CheckFailed) as info:
            render_text(path, reading)
        assert {f.location.line for f in info.value.findings} == expected
    assert capfd.readouterr().err == "", "Saxon wrote to the console"


def test_an_id_the_page_uses_itself_is_refused(tmp_path):
    path, tree = _broken_copy(tmp_path)
    org = tree.xpath("//tei:standOff//tei:org", namespaces=NS)[0]
    org.set(XID, "notes")
    for ref in tree.xpath("//*[@ref=$r]", r="#ipp", namespaces=NS):
        ref.set("ref", "#notes")
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    with pytest.raises(InputError, match="'notes' is also an id the HTML page uses") as info:
        render_outputs(path)
    assert info.value.location.line == parse_file(path).xpath("//*[@xml:id='notes']")[0].sourceline


def _stylesheets(tmp_path: Path) -> Path:
    folder = tmp_path / "xslt"
    shutil.copytree(REPO / "xslt", folder)
    return folder


def test_a_stylesheet_syntax_error_names_the_stylesheet_and_line(tmp_path, capfd):
    folder = _stylesheets(tmp_path)
    module = folder / "lib" / "wrap.xsl"
    lines = module.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if "normalize-space($text)" in line)
    lines[at] = lines[at].replace("normalize-space($text)", "normalize-space($text", 1)
    module.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(InputError) as info:
        render_text(EDITION_TEI, stylesheets=folder)
    assert info.value.location.file == str(module) and info.value.location.line == at + 1
    assert "XPST0003" in info.value.message
    assert capfd.readouterr().err == ""


def test_a_dynamic_error_in_a_stylesheet_names_the_stylesheet_and_line(tmp_path, capfd):
    folder = _stylesheets(tmp_path)
    override = folder / "tei2html.xsl"
    real = folder / "real.xsl"
    override.rename(real)
    override.write_text(
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"\n'
        '    xpath-default-namespace="http://www.tei-c.org/ns/1.0">\n'
        '  <xsl:import href="real.xsl"/>\n'
        '  <xsl:template match="sp/p" mode="html" as="element()">\n'
        "    <xsl:sequence select=\"error(QName('https://tei-roundtable/ns/functions', 'boom'), 'no paragraphs today')\"/>\n"
        "  </xsl:template>\n"
        "</xsl:stylesheet>\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="boom: no paragraphs today") as info:
        render_html(EDITION_TEI, stylesheets=folder)
    assert info.value.location.file == str(override) and info.value.location.line == 5
    assert capfd.readouterr().err == ""


def test_the_normal_run_writes_nothing_to_the_console(capfd):
    render_outputs(EDITION_TEI)
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""


# ---------------------------------------------------------------------------------------------
# the command


def test_cli_render_defaults_to_the_single_tei_of_the_folder(tmp_path, monkeypatch):
    (tmp_path / "tei").mkdir()
    shutil.copyfile(EDITION_TEI, tmp_path / "tei" / EDITION_TEI.name)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["render"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "dist" / "html" / "index.html").is_file()
    assert (tmp_path / "dist" / "txt" / f"{EDITION_ID}-diplomatic.txt").is_file()


def test_cli_render_reports_located_problems_with_exit_1(tmp_path):
    path, tree = _broken_copy(tmp_path)
    tree.xpath("//tei:body//tei:sp", namespaces=NS)[1].set("who", "#ghost")
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    line = parse_file(path).xpath("//tei:sp[@who='#ghost']", namespaces=NS)[0].sourceline
    result = CliRunner().invoke(main, ["render", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"{path}:{line}: error: @who points to #ghost" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_cli_render_without_a_tei_here_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["render"])
    assert result.exit_code == 2 and "no tei/*.xml here" in result.output


def test_an_id_equal_to_a_mention_anchor_is_refused(tmp_path):
    path, tree = _broken_copy(tmp_path)
    paragraph = tree.xpath("//tei:p[@xml:id='t18.1']", namespaces=NS)[0]
    first = paragraph.xpath("(.//*[@ref][self::tei:persName or self::tei:orgName or self::tei:placeName"
                            " or self::tei:rs or self::tei:title])[1]", namespaces=NS)[0]
    assert first.get(XID) is None, "the first mention of t18.1 takes the anchor t18.1-m1"
    title_stmt = tree.xpath("//tei:titleStmt", namespaces=NS)[0]
    title_stmt.set(XID, "t18.1-m1")
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    with pytest.raises(InputError, match="'t18.1-m1' is also the anchor the HTML page gives to a mention") as info:
        render_outputs(path)
    assert info.value.location.line == parse_file(path).xpath("//*[@xml:id='t18.1-m1']")[0].sourceline
