"""The collection's TEI: a teiCorpus valid against tei_all, every edition in it whole, ids unique,
reproducible; and the inputs it refuses."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from lxml import etree

from collection_fixtures import Built, built, collection_meta  # noqa: F401 - the fixture
from conftest import EDITION_TEI, shared_file
from tei_roundtable import corpus
from tei_roundtable._xml import NS, XML_NS, parse_bytes, parse_file
from tei_roundtable.errors import InputError

ID = f"{{{XML_NS}}}id"


@pytest.fixture(scope="module")
def tei_all() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(shared_file("schemas/tei_all.rng"))))


@pytest.fixture(scope="module")
def corpus_tree(built: Built) -> etree._ElementTree:
    return parse_bytes(built.read("tei/civic-forum-series.xml"), "corpus.xml")


def test_the_corpus_is_valid_against_tei_all(corpus_tree, tei_all):
    assert tei_all.validate(corpus_tree), tei_all.error_log


def test_tei_all_sees_duplicate_ids(built: Built, tei_all):
    """The check above can fail: two editions copied in as they are (ids not prefixed) are invalid."""
    root = etree.Element(f"{{{NS['tei']}}}teiCorpus", nsmap={None: NS["tei"]})
    first = parse_file(built.teis[0]).getroot()
    root.append(copy.deepcopy(first.find("tei:teiHeader", NS)))
    root.extend([copy.deepcopy(first), copy.deepcopy(first)])
    assert not tei_all.validate(etree.ElementTree(root))
    assert "id" in str(tei_all.error_log.last_error)


def test_with_the_bundled_edition_too(built: Built, tei_all):
    """The real edition (notes, choices, quotations, mentioned persons) embeds validly as well."""
    editions = corpus.read_editions([EDITION_TEI, built.teis[0]])
    tree = parse_bytes(corpus.corpus_tei(collection_meta(), editions), "corpus.xml")
    assert tei_all.validate(tree), tei_all.error_log


def test_every_edition_is_embedded_whole(corpus_tree, built: Built):
    embedded = corpus_tree.getroot().findall("tei:TEI", NS)
    assert [tei.get(ID) for tei in embedded] == ["water-2009", "borders-2010", "trade-2011"]
    for tei, path in zip(embedded, built.teis):
        original = parse_file(path).getroot()
        ident = tei.get(ID)
        # The same elements and text, ids prefixed with the edition id.
        assert [e.tag for e in tei.iter(etree.Element)] == [e.tag for e in original.iter(etree.Element)]
        assert "".join(tei.itertext()).split() == "".join(original.itertext()).split()
        assert [e.get(ID) for e in tei.iter(etree.Element) if e.get(ID)][1:] == [
            f"{ident}.{e.get(ID)}" for e in original.iter(etree.Element) if e.get(ID)]


def test_ids_are_unique_and_every_pointer_resolves(corpus_tree):
    ids = [e.get(ID) for e in corpus_tree.iter(etree.Element) if e.get(ID)]
    assert len(ids) == len(set(ids))
    pointers = [token[1:] for e in corpus_tree.iter(etree.Element) for name in ("who", "ref", "target", "resp",
                "sameAs", "corresp") for token in (e.get(name) or "").split() if token.startswith("#")]
    assert pointers and set(pointers) <= set(ids)


def test_the_register_is_shared(corpus_tree):
    root = corpus_tree.getroot()
    shared = root.xpath("tei:standOff/tei:listPerson/tei:person/@xml:id", namespaces=NS)
    assert shared == ["karaeva", "osmonov", "bekova", "okten", "abdullaev"]
    # Each edition's entry for Karaeva keeps that event's role and points to the one entry.
    entries = root.xpath("tei:TEI//tei:person[@sameAs='#karaeva']", namespaces=NS)
    assert [(e.get(ID), e.get("role")) for e in entries] == [
        ("water-2009.karaeva", "moderator"), ("borders-2010.karaeva", "moderator"), ("trade-2011.karaeva", None)]
    turns = root.xpath("tei:TEI[@xml:id='borders-2010']//tei:sp[@who='#borders-2010.karaeva']/@xml:id", namespaces=NS)
    assert turns == ["borders-2010.t1", "borders-2010.t4"]


def test_the_citation_structure_gives_the_prefixed_ids(corpus_tree):
    root = corpus_tree.getroot()
    edition_level = root.find("tei:teiHeader/tei:encodingDesc/tei:refsDecl/tei:citeStructure", NS)
    turn = edition_level.find("tei:citeStructure", NS)
    paragraph = turn.find("tei:citeStructure", NS)
    for tei in root.xpath(edition_level.get("match").replace("/teiCorpus/TEI", "tei:TEI"), namespaces=NS):
        for sp in tei.xpath(turn.get("match").replace("text/body/div/sp", "tei:text/tei:body/tei:div/tei:sp"),
                            namespaces=NS):
            for p in sp.findall("tei:p", NS):
                ref = tei.get(ID) + turn.get("delim") + sp.get("n") + paragraph.get("delim") + p.get("n")
                assert ref == p.get(ID)
    inner = root.xpath("tei:TEI[@xml:id='water-2009']//tei:refsDecl/tei:citeStructure/@match", namespaces=NS)
    assert inner == ["/teiCorpus/TEI[@xml:id='water-2009']/text/body/div/sp"]


def test_reproducible(built: Built):
    again = corpus.corpus_tei(collection_meta(), corpus.read_editions(built.teis))
    assert again == built.read("tei/civic-forum-series.xml")


def test_golden(built: Built, file_regression):
    file_regression.check(built.read("tei/civic-forum-series.xml").decode("utf-8"), basename="corpus-reference",
                          extension=".xml", encoding="utf-8")


# ----- what it refuses --------------------------------------------------------------------------


def _copy(tmp_path: Path, source: Path, name: str, edit=None) -> Path:
    tree = parse_file(source)
    if edit is not None:
        edit(tree.getroot())
    target = tmp_path / name
    tree.write(str(target), encoding="UTF-8", xml_declaration=True)
    return target


def test_two_editions_with_one_id(built: Built, tmp_path):
    twin = _copy(tmp_path, built.teis[0], "twin.xml")
    with pytest.raises(InputError, match="edition id 'water-2009' is also the id of") as caught:
        corpus.read_editions([built.teis[0], twin])
    assert caught.value.location.file == str(twin)


def test_not_a_tei(tmp_path):
    other = tmp_path / "other.xml"
    other.write_bytes(b"<?xml version='1.0'?>\n<teiCorpus xmlns='http://www.tei-c.org/ns/1.0'/>\n")
    with pytest.raises(InputError, match="not an edition's TEI: the root element is teiCorpus") as caught:
        corpus.read_editions([other])
    assert (caught.value.location.file, caught.value.location.line) == (str(other), 2)


def test_no_edition():
    with pytest.raises(InputError, match="at least one edition"):
        corpus.read_editions([])


def test_one_id_for_two_kinds_of_entity(built: Built, tmp_path):
    def place_named_osmonov(root):
        root.find(".//tei:place", NS).set(ID, "osmonov")
        for name in root.iterfind(".//tei:placeName[@ref='#ferghana']", NS):
            name.set("ref", "#osmonov")
    clash = _copy(tmp_path, built.teis[2], "trade-2011.xml", place_named_osmonov)
    with pytest.raises(InputError, match="register id 'osmonov' is a place here but a person in") as caught:
        corpus.corpus_tei(collection_meta(), corpus.read_editions([built.teis[0], clash]))
    assert caught.value.location.file == str(clash) and caught.value.location.line > 0


def test_an_edition_id_that_is_a_register_id(built: Built, tmp_path):
    def renamed(root):
        idno = root.find("tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:idno[@type='URN']", NS)
        idno.text = "urn:tei-roundtable:karaeva:1.0.0"
    clash = _copy(tmp_path, built.teis[2], "karaeva.xml", renamed)
    with pytest.raises(InputError, match="id 'karaeva' would be used twice"):
        corpus.corpus_tei(collection_meta(), corpus.read_editions([built.teis[0], clash]))


def test_a_pointer_that_resolves_nowhere(built: Built, tmp_path):
    def dangling(root):
        root.find(".//tei:body//tei:sp", NS).set("who", "#nobody")
    bad = _copy(tmp_path, built.teis[0], "water-2009.xml", dangling)
    with pytest.raises(InputError, match="@who points to #nobody, which no element of the edition has") as caught:
        corpus.corpus_tei(collection_meta(), corpus.read_editions([bad]))
    assert caught.value.location.file == str(bad) and caught.value.location.line > 0


def test_one_id_for_two_people(built: Built, tmp_path):
    """Two editions' own entries with one id and different names are not merged into one person."""
    def another_bekova(root):
        name = root.xpath("//tei:person[@xml:id='bekova']/tei:persName", namespaces=NS)[0]
        name.find("tei:forename", NS).text = "Aigul"
    clash = _copy(tmp_path, built.teis[2], "trade-2011.xml", another_bekova)
    with pytest.raises(InputError, match="register id 'bekova' is 'Aigul Bekova' here but 'Gulnara Bekova' in") as caught:
        corpus.corpus_tei(collection_meta(), corpus.read_editions([built.teis[0], clash]))
    assert caught.value.location.file == str(clash) and caught.value.location.line > 0
