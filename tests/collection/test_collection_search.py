"""Search across editions from the collection page, in headless Chromium from file://: a word
found in both editions in edition then turn order with keywords in context, the speaker and name
filters over the collection's register, a result followed to the edition's page, nothing
fetched, the keyboard alone, the page without JavaScript, no serious accessibility violation.
Also, without a browser: the collection page's index is the one search.build makes from the
editions' own TEI."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from forum_project import EDITIONS, build_forum
from tei_roundtable import corpus, search
from tei_roundtable.corpus import EditionTei
from tei_roundtable.errors import InputError
from tei_roundtable._xml import parse_file

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "render"))
from browser import chromium, unavailable  # noqa: E402


@pytest.fixture(scope="module")
def forum(tmp_path_factory) -> Path:
    dist, _ = build_forum(tmp_path_factory.mktemp("forum"))
    return dist


def search_data(page: Path) -> dict:
    found = re.search(rb'<script type="application/json" id="search-data">(.*?)</script>', page.read_bytes(), re.S)
    return json.loads(found.group(1).decode("utf-8").replace("<\\/", "</"))


def shard(forum: Path, ident: str) -> dict:
    text = (forum / "search" / f"{ident}.js").read_text(encoding="utf-8")
    found = re.fullmatch(r'trtCollectionSearch\.push\("([^"]+)", (.*)\);\n', text, re.S)
    assert found and found.group(1) == ident
    return json.loads(found.group(2).replace("<\\/", "</"))


def test_the_index_is_the_one_of_the_editions_own_tei(forum):
    """Made from the collection's TEI (so verify can make the page again), each edition's shard is
    the index of its own TEI: its references and the register's ids, with the passages' texts."""
    shards = json.loads(re.search(rb'<script type="application/json" id="search-shards">(.*?)</script>',
                                  (forum / "index.html").read_bytes()).group(1))
    assert shards == list(EDITIONS)
    docs = []
    for ident in EDITIONS:
        tei = parse_file(forum / ident / "tei" / f"{ident}.xml")
        expected = json.loads(search.build([(ident, tei)]).to_json(texts=True).replace("<\\/", "</"))
        assert shard(forum, ident) == expected
        docs += expected["docs"]
    assert {d["e"] for d in docs} == set(EDITIONS)
    assert {"e": "forum-2009", "r": "t3.1", "w": "osmonov", "n": ["bekova"],
            "t": "The reservoirs are low, Gulnara, so the stations make less."} in docs


@pytest.mark.parametrize("ident", ["search", "search-results", "search-shards"])
def test_an_edition_id_that_is_an_id_of_the_search_panel_is_refused(forum, ident):
    tei = forum / "forum-2008" / "tei" / "forum-2008.xml"
    edition = EditionTei.of(parse_file(tei).getroot(), ident, tei)
    with pytest.raises(InputError, match=f"edition id '{ident}' is also an id the collection page uses"):
        corpus.check_anchors([edition])


def test_an_edition_page_carries_no_texts_in_its_index(forum):
    assert all("t" not in d for d in search_data(forum / "forum-2008" / "html" / "index.html")["docs"])


# ----- in the browser ------------------------------------------------------------------------

browser_test = pytest.mark.browser
_reason = unavailable()
needs_browser = pytest.mark.skipif(bool(_reason), reason=f"browser test skipped: {_reason}")


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def open_page(browser, path: Path, **options):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    page = ctx.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return ctx, page, requests


def ask(page, words: str = "", speaker: str = "", name: str = "") -> list[str]:
    page.fill("#search-q", words)
    page.select_option("#search-speaker", speaker)
    page.select_option("#search-name", name)
    page.locator("#search-q").press("Enter")
    return page.eval_on_selector_all("#search-results a.hit-ref", "links => links.map(a => a.getAttribute('href'))")


@browser_test
@needs_browser
def test_a_word_is_found_in_both_editions_in_edition_then_turn_order(browser, forum):
    ctx, page, requests = open_page(browser, forum / "index.html")
    hrefs = ask(page, "gulnara")
    # the speaker labels (tN) and the paragraphs (tN.M) that say "Gulnara", edition by edition
    assert hrefs == ["forum-2008/html/index.html#t3", "forum-2008/html/index.html#t4.1",
                     "forum-2009/html/index.html#t1.1", "forum-2009/html/index.html#t2",
                     "forum-2009/html/index.html#t3.1"]
    status = page.inner_text("#search-status")
    assert status.startswith("5 passages found in 2 editions")
    first = page.locator("#search-results li").nth(1)
    assert "Less than they need, Gulnara" in first.inner_text()
    assert first.locator("mark").inner_text() == "Gulnara."
    title = page.inner_text("#forum-2008 > h3")
    assert title and first.locator("a.hit-ref").inner_text() == f"{title}, t4.1"
    ctx.close()
    # The page, then the editions' search shards, each a local script, when the search is asked for.
    assert requests == [(forum / "index.html").as_uri()] + [(forum / "search" / f"{e}.js").as_uri() for e in EDITIONS]


@browser_test
@needs_browser
def test_a_speaker_of_both_editions_and_a_name_filter_the_results(browser, forum):
    ctx, page, _ = open_page(browser, forum / "index.html")
    speakers = page.eval_on_selector_all("#search-speaker option", "os => os.map(o => o.value)")
    assert sorted(speakers) == ["", "bekova", "karaeva", "osmonov"]
    assert ask(page, "gulnara", speaker="osmonov") == ["forum-2008/html/index.html#t4.1",
                                                       "forum-2009/html/index.html#t3.1"]
    assert page.locator("#search-results .hit-who").all_inner_texts() == ["Osmonov, Timur"] * 2
    # a speaker alone: every passage of Timur Osmonov, in both editions
    alone = ask(page, speaker="osmonov")
    assert alone == [f"forum-{e}/html/index.html#{r}" for e, r in
                     [("2008", "t2"), ("2008", "t2.1"), ("2008", "t4"), ("2008", "t4.1"), ("2009", "t3"), ("2009", "t3.1")]]
    # a name alone: the passages naming Gulnara Bekova (the speaker label names its speaker)
    named = ask(page, name="bekova")
    assert "forum-2009/html/index.html#t3.1" in named and "forum-2008/html/index.html#t4.1" in named
    assert ask(page, "stations", name="karaeva") == []
    assert page.inner_text("#search-status") == "No passage found."
    ctx.close()


@browser_test
@needs_browser
def test_a_phrase_is_matched_in_the_passage_text(browser, forum):
    ctx, page, _ = open_page(browser, forum / "index.html")
    assert ask(page, "“the stations make”") == ["forum-2009/html/index.html#t2.1", "forum-2009/html/index.html#t3.1"]
    assert ask(page, '"stations make less"') == ["forum-2009/html/index.html#t3.1"]
    ctx.close()


@browser_test
@needs_browser
def test_following_a_result_opens_the_passage_in_the_edition_and_fetches_nothing(browser, forum):
    ctx, page, requests = open_page(browser, forum / "index.html")
    ask(page, "reservoirs", speaker="osmonov")
    page.locator("#search-results a.hit-ref").first.click()
    page.wait_for_load_state("load")
    assert page.url == (forum / "forum-2009" / "html" / "index.html").as_uri() + "#t3.1"
    paragraph = page.locator("[id='t3.1']")
    assert paragraph.is_visible() and "reservoirs are low" in paragraph.inner_text()
    assert 0 <= paragraph.bounding_box()["y"] < 900
    ctx.close()
    shards = [(forum / "search" / f"{e}.js").as_uri() for e in EDITIONS]
    assert requests == [(forum / "index.html").as_uri(), *shards, page.url.split("#")[0]]


@browser_test
@needs_browser
def test_the_keyboard_alone_searches_and_reaches_the_results(browser, forum):
    ctx, page, _ = open_page(browser, forum / "index.html")
    page.locator("#search-q").focus()
    page.keyboard.type("canals")
    page.keyboard.press("Enter")
    assert page.get_attribute("#search-status", "role") == "status"
    # The shards load first (the status says so), then the status says what was found.
    page.wait_for_function("!document.getElementById('search-status').textContent.startsWith('Loading')")
    assert page.inner_text("#search-status").startswith("2 passages found in 1 edition")
    for _ in range(4):  # the Search button, the two filters, then the first result
        page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "forum-2008/html/index.html#t1.1"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("forum-2008/html/index.html#t1.1")
    ctx.close()


@browser_test
@needs_browser
def test_without_javascript_the_page_points_to_the_index_of_names(browser, forum):
    ctx, page, _ = open_page(browser, forum / "index.html", java_script_enabled=False)
    assert not page.locator(".search-form").is_visible()
    assert "Search needs JavaScript" in page.inner_text("#search")
    assert page.locator("#search a[href='names.html']").is_visible()
    ctx.close()


@browser_test
@needs_browser
def test_accessibility_of_the_search_with_results(browser, forum):
    from axe_playwright_python.sync_playwright import Axe

    ctx, page, _ = open_page(browser, forum / "index.html")
    ask(page, "gulnara", speaker="osmonov")
    results = Axe().run(page)
    ctx.close()
    bad = [f"{v['id']} ({v['impact']}): {v['help']} – e.g. {v['nodes'][0]['target']}"
           for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == []


@browser_test
@needs_browser
def test_the_words_found_are_marked_on_arrival_in_the_edition(browser, forum):
    ctx, page, _ = open_page(browser, forum / "index.html")
    ask(page, "reservoirs", speaker="osmonov")
    with page.expect_navigation():
        page.locator("#search-results a.hit-ref").first.click()
    page.wait_for_load_state("load")
    assert page.locator("[id='t3.1'] mark.found").all_inner_texts() == ["reservoirs"]
    assert page.locator("[id='t3.1']").evaluate("node => node.classList.contains('arrived')")
    page.reload()  # once only: a later visit is not marked
    assert page.locator("mark.found").count() == 0
    ctx.close()
