"""The bundled edition and an invented later round-table of the same series that shares people
with it (Imanaliev moderates both, Alamanov speaks in the second after taking part in the first):
the collection's index links a shared person's entry into both editions' turns."""

from __future__ import annotations

import pytest
from lxml import html

from collection_fixtures import FIXTURES, collection_meta
from conftest import EDITION_DATA, EDITION_ID
from tei_roundtable import corpus, edition, pipeline

SECOND = "ipp-roundtable-2008-04-10"


@pytest.fixture(scope="module")
def names(tmp_path_factory):
    out = tmp_path_factory.mktemp("ipp-series")
    teis = [pipeline.build(edition.load(path), out / ident).tei
            for ident, path in ((EDITION_ID, EDITION_DATA), (SECOND, FIXTURES / f"{SECOND}.yaml"))]
    corpus.build_collection(collection_meta(id="ipp-roundtables", title="Round-tables of the IPP"), teis, out)
    return out, html.fromstring((out / "names.html").read_bytes())


def _links(entry) -> list[str]:
    return [a.get("href") for a in entry.iter("a")]


def test_the_moderator_of_both_links_into_both(names):
    out, page = names
    links = _links(page.get_element_by_id("imanaliev"))
    first = [h for h in links if h.startswith(f"{EDITION_ID}/html/index.html#t")]
    second = [h for h in links if h.startswith(f"{SECOND}/html/index.html#t")]
    assert first and second
    assert f"{SECOND}/html/index.html#t1" in second  # he opens the second round-table
    for href in first + second:
        page_file, fragment = href.split("#")
        assert html.fromstring((out / page_file).read_bytes()).get_element_by_id(fragment) is not None, href


def test_a_participant_who_speaks_later(names):
    _, page = names
    entry = page.get_element_by_id("alamanov")
    heads = [" ".join(p.text_content().split()) for p in entry.iter("p") if p.get("class") == "appearance-head"]
    assert heads[0].startswith("Perspectives to establish the Union of Central Asian states (November 15, 2007) participant")
    assert heads[1] == "Water for Central Asia (10 April 2008) speaker – expert on regional problems"
    assert f"{SECOND}/html/index.html#t2" in _links(entry)
