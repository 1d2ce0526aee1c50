"""The collection page and the cross-edition index of names, as a reader gets them: every edition
listed and linked, a shared person's entry linking into each edition's turns, real collation."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from lxml import html

from collection_fixtures import EDITION_IDS, Built, built, collection_meta  # noqa: F401 - the fixture
from tei_roundtable import corpus
from tei_roundtable.errors import InputError


@pytest.fixture(scope="module")
def page(built: Built):
    return html.fromstring(built.read("index.html"))


@pytest.fixture(scope="module")
def names(built: Built):
    return html.fromstring(built.read("names.html"))


def _text(element) -> str:
    return " ".join(element.text_content().split())


def test_the_collection_page_lists_every_edition(page):
    editions = page.xpath("//ol[@class='editions']/li[@class='edition']")
    assert [li.get("id") for li in editions] == list(EDITION_IDS)
    assert _text(editions[0].find("h3")) == "Water and energy in the Ferghana valley"
    facts = {_text(dt): dt.getnext() for dt in editions[0].iter("dt")}
    assert _text(facts["Date"]) == "3 March 2009"
    assert _text(facts["Place"]) == "Hall of the Civic Forum, Osh, Kyrgyzstan"
    assert [_text(li) for li in facts["Participants"].iter("li")] == [
        "Aida Karaeva (moderator)", "Timur Osmonov (speaker)", "Gulnara Bekova (speaker)"]
    assert [a.get("href") for a in facts["Participants"].iter("a")] == [
        "names.html#karaeva", "names.html#osmonov", "names.html#bekova"]
    assert [a.get("href") for a in page.xpath("//li[@class='edition']/h3/a")] == [
        f"{ident}/html/index.html" for ident in EDITION_IDS]
    assert page.xpath("//time[@datetime='2010-05-12']")[0].text == "12 May 2010"


def test_every_link_of_both_pages_resolves(built: Built, page, names):
    """Each relative link leads to a file of the build, and its fragment to an id of that page."""
    checked = 0
    for name, tree in (("index.html", page), ("names.html", names)):
        for a in tree.iter("a"):
            href = a.get("href")
            parts = urlsplit(href)
            if parts.scheme:  # the licence's address
                continue
            target = built.out / (parts.path or name)
            assert target.is_file(), f"{name}: {href}"
            if parts.fragment:
                assert html.fromstring(target.read_bytes()).get_element_by_id(parts.fragment) is not None, href
            checked += 1
    assert checked > 50


def test_a_shared_persons_entry_links_into_both_editions(names):
    entry = names.get_element_by_id("osmonov")
    links = [a.get("href") for a in entry.xpath(".//a")]
    assert "water-2009/html/index.html#t2" in links  # speaks in the first edition
    assert "borders-2010/html/index.html#t3" in links  # and in the second
    assert "borders-2010/html/index.html#t4.1" in links  # named there by the moderator
    roles = [_text(p) for p in entry.xpath(".//p[@class='appearance-head']")]
    assert roles == [
        "Water and energy in the Ferghana valley (3 March 2009) speaker – engineer",
        "Borders and bridges (12 May 2010) speaker – deputy minister of water resources",
    ]


def test_a_person_named_but_not_speaking(names):
    karaeva = names.get_element_by_id("karaeva")
    third = karaeva.xpath(".//li[@class='appearance']")[2]
    assert [_text(p) for p in third.iter("p")] == [
        "Trade across the valley (20 September 2011) mentioned", "Named (1×): t1.1"]
    assert third.xpath(".//a")[-1].get("href") == "trade-2011/html/index.html#t1.1"


def test_organisations_and_places_across_editions(names):
    ferghana = names.get_element_by_id("ferghana")
    assert [a.get("href") for a in ferghana.xpath(".//p[@class='locs']//a")] == [
        "water-2009/html/index.html#t1.1", "water-2009/html/index.html#t2.1",
        "borders-2010/html/index.html#t2.1", "trade-2011/html/index.html#t2.1"]
    assert names.get_element_by_id("civic-forum") is not None


def test_entries_are_sorted_by_unicode_collation(names):
    """Ökten sorts with the O's (by code point Ö would come after every ASCII letter)."""
    persons = [li.get("id") for li in names.xpath("//h3[@id='persons']/following-sibling::ul[1]/li")]
    assert persons == ["abdullaev", "bekova", "karaeva", "okten", "osmonov"]


def test_the_pages_are_reproducible(built: Built):
    meta = collection_meta()
    pages = corpus.collection_pages(meta.id, built.read("tei/civic-forum-series.xml"))
    shards = [f"search/{ident}.js" for ident in ("water-2009", "borders-2010", "trade-2011")]
    assert sorted(pages) == sorted([*corpus.PAGES, *shards])
    assert pages == {name: built.read(name) for name in pages}
    # From the file as from its bytes: the build reads the corpus it has just written.
    assert corpus.collection_pages(meta.id, built.out / "tei" / "civic-forum-series.xml") == pages


def test_a_shard_is_the_editions_own_index_with_its_texts(built: Built):
    """The page's search for one edition is that edition's lunr index, made from its own TEI
    (its own ids), with the passages' texts, handed to the page by the script."""
    from tei_roundtable import search
    from tei_roundtable._xml import parse_file

    data = built.read("search/borders-2010.js").decode("utf-8")
    prefix, suffix = 'trtCollectionSearch.push("borders-2010", ', ");\n"
    assert data.startswith(prefix) and data.endswith(suffix)
    expected = search.build([("borders-2010", parse_file(built.teis[1]))]).to_json(texts=True)
    assert data[len(prefix):-len(suffix)] == expected


def test_the_collection_page_holds_no_index(built: Built):
    """The index is in the shards: the page lists them and carries no index of its own."""
    page = built.read("index.html").decode("utf-8")
    assert 'id="search-data"' not in page and '"invertedIndex"' not in page
    assert '<script type="application/json" id="search-shards">["water-2009","borders-2010","trade-2011"]</script>' in page


def test_golden(built: Built, file_regression):
    file_regression.check(built.read("index.html").decode("utf-8"), basename="collection-reference",
                          extension=".html", encoding="utf-8")


def test_index_golden(built: Built, file_regression):
    file_regression.check(built.read("names.html").decode("utf-8"), basename="names-reference",
                          extension=".html", encoding="utf-8")


def test_a_document_that_is_not_a_collection(built: Built):
    with pytest.raises(InputError, match="not a collection: the root element is TEI, not teiCorpus"):
        corpus.collection_pages(collection_meta().id, built.teis[0].read_bytes())


def test_hostile_text_stays_text(built: Built):
    """A licence address that is no web address is not a link, and text that could turn the page's
    direction (U+202E) is isolated, as on the edition page."""
    meta = collection_meta(title="Round-tables \u202eevil", licence={
        "id": "CC0-1.0", "url": "javascript:alert(1)", "text": "No rights reserved."})
    data = corpus.corpus_tei(meta, corpus.read_editions(built.teis))
    for name, page in corpus.collection_pages(meta.id, data).items():
        if not name.endswith(".html"):
            continue
        tree = html.fromstring(page)
        assert not [a for a in tree.iter("a") if "javascript" in (a.get("href") or "")], name
        assert "javascript:alert(1)" in tree.text_content()
        assert "\u2068Round-tables \u202eevil\u2069" in tree.text_content(), name
