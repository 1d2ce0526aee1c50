"""The page's lunr.js must find every word the index (built in Python) holds: each word of the
edition's text, as the page stems it, is a term of the embedded index. Python lunr's Porter
stemmer and lunr.js's differ ("valley", "today", "try"), which made such words unfindable."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from browser import chromium, unavailable
from conftest import EDITION_ID, EDITION_TEI
from tei_roundtable import search
from tei_roundtable._xml import parse_file
from tei_roundtable.render import render

_reason = unavailable()
# Each test is skipped with the reason, so that a run without a browser counts what it did not check.
pytestmark = [pytest.mark.browser, pytest.mark.skipif(bool(_reason), reason=f"browser test skipped: {_reason}")]

STEMS = """(words) => words.flatMap(w => lunr.tokenizer(w).map(t => lunr.stopWordFilter(t)))
    .filter(t => t && t.toString()).map(t => [t.toString(), lunr.stemmer(t).toString()])"""


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    return next(p for p in render(EDITION_TEI, tmp_path_factory.mktemp("render")) if p.suffix == ".html")


def test_every_word_of_the_text_stemmed_by_the_page_is_a_term_of_the_index(page):
    data = re.search(r'<script type="application/json" id="search-data">(.*?)</script>', page.read_text("utf-8"), re.S)
    terms = {term for term, _ in json.loads(data.group(1).replace("<\\/", "</"))["index"]["invertedIndex"]}
    words = sorted({w for d in search.documents(parse_file(EDITION_TEI), EDITION_ID)
                    for w in search.fold(f"{d.text} {d.printed}").split()})
    assert {"valley", "today", "trying", "always"} <= set(words)
    with chromium() as browser:
        tab = browser.new_page()
        tab.goto(page.as_uri())
        stems = tab.evaluate(STEMS, words)
        tab.fill("#search-q", "valley")
        tab.locator("#search-q").press("Enter")
        found = tab.locator("#search-results li").count()
    missing = sorted({f"{word} -> {stem}" for word, stem in stems if stem not in terms})
    assert missing == []
    assert found > 0
