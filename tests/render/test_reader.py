"""The edition page as a reader uses it, in headless Chromium from file://: search (words, the
printed form, phrases, filters, following a result), notes and names opened in place with the
keyboard, the copy-citation control, the phone toolbar, a reference this version lacks, and
accessibility with the panels open."""

from __future__ import annotations

import pytest

from browser import chromium, unavailable
from conftest import EDITION_TEI
from tei_roundtable._xml import NS, parse_file
from tei_roundtable.render import render

_reason = unavailable()
# Each test is skipped with the reason, so that a run without a browser counts what it did not check.
pytestmark = [pytest.mark.browser, pytest.mark.skipif(bool(_reason), reason=f"browser test skipped: {_reason}")]


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    out = tmp_path_factory.mktemp("reader")
    return next(p for p in render(EDITION_TEI, out) if p.suffix == ".html")


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture()
def page(browser, edition):
    ctx = browser.new_context(viewport={"width": 1280, "height": 860})
    page = ctx.new_page()
    page.requests = []
    page.errors = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(edition.as_uri())
    page.wait_for_load_state("load")
    yield page
    assert page.errors == []
    assert all(url.startswith(("file:", "data:")) for url in page.requests), page.requests
    ctx.close()


def search(page, text: str = "", speaker: str = "", name: str = "") -> list[str]:
    """Run a search as a reader does; the references of the results, in order."""
    page.fill("#search-q", text)
    page.select_option("#search-speaker", speaker)
    page.select_option("#search-name", name)
    page.press("#search-q", "Enter")
    return page.locator("#search-results a.hit-ref").all_inner_texts()


def tei_refs(xpath: str) -> list[str]:
    """References (tN for a speaker label, tN.M for a paragraph) of the TEI's units matching xpath."""
    tei = parse_file(EDITION_TEI)
    refs = []
    for unit in tei.xpath(xpath, namespaces=NS):
        ident = unit.get("{http://www.w3.org/XML/1998/namespace}id") or unit.getparent().get(
            "{http://www.w3.org/XML/1998/namespace}id")
        if ident not in refs:
            refs.append(ident)
    return refs


def test_search_finds_the_printed_form_in_t18_filtered_to_one_speaker(page):
    found = search(page, "Abdylidaev")
    assert "t18" in found and len(found) >= 2, found
    assert page.locator("#search-status").inner_text().startswith(f"{len(found)} passages found")
    only = search(page, "Abdylidaev", speaker="abdyldaev")
    assert only == ["t18"]
    assert "Abdylidaev" in page.locator("#search-results .kwic mark").first.inner_text()


def test_search_results_are_every_matching_passage_in_turn_order(page):
    expected = tei_refs("//tei:body//tei:sp/tei:p[.//tei:placeName[@ref='#tajikistan']]")
    assert expected, "the edition names Tajikistan"
    found = search(page, name="tajikistan")
    assert found == expected


def test_search_is_case_and_diacritic_insensitive_and_stems(page):
    plain = search(page, "kyrgyzstan")
    assert plain and search(page, "KYRGYZSTÁN") == plain
    assert search(page, "Kyrgyzstan's") == plain
    stemmed = search(page, "integrating")
    assert stemmed and search(page, "integration") == stemmed


def test_phrase_search_keeps_only_the_phrase(page):
    words = search(page, "union central")
    phrase = search(page, '"Union of Central Asian states"')
    assert phrase and set(phrase) <= set(words) and len(phrase) < len(words)
    for ref in phrase:
        text = " ".join(page.locator(f"[id='{ref}']").inner_text().lower().split())
        assert "union of central asian states" in text


def test_following_a_result_marks_the_words_found(page):
    found = search(page, "sanctions", speaker="uzbekov")
    assert found
    page.locator("#search-results a.hit-ref").first.click()
    assert page.url.endswith("#" + found[0])
    target = page.locator(f"[id='{found[0]}']")
    assert "arrived" in target.get_attribute("class")
    assert target.locator("mark.found").first.inner_text().lower().startswith("sanction")
    assert target.is_visible()


def test_search_without_javascript_says_where_the_index_is(browser, edition):
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(edition.as_uri())
    assert not page.locator(".search-form").is_visible()
    assert "Search needs JavaScript" in page.locator("#search").inner_text()
    ctx.close()


def test_a_note_opens_in_place_with_the_keyboard_and_closes_with_escape(page):
    marker = page.locator("#t18 .speaker .noteref a").first
    note_id = marker.get_attribute("href")[1:]
    assert note_id == "note-abdyldaev-spelling"
    marker.focus()
    page.keyboard.press("Enter")
    panel = page.locator(".inplace.note")
    assert panel.is_visible()
    assert marker.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.classList.contains('inplace')")
    assert "Abdylidaev" in panel.inner_text() and "Abdyldaev" in panel.inner_text()
    assert not page.url.endswith("#" + note_id), "the page did not jump to the notes"
    assert panel.locator("[id]").count() == 0, "the copy duplicates no anchor"
    page.keyboard.press("Escape")
    assert page.locator(".inplace").count() == 0
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#" + note_id
    assert marker.get_attribute("aria-expanded") == "false"


def test_a_name_opens_a_card_with_role_and_affiliation(page):
    name = page.locator("#t18\\.1 a.name.persName").first
    entity = name.get_attribute("href")[1:]
    name.click()
    card = page.locator(".inplace.card")
    text = card.inner_text()
    entry = page.locator(f"li.entry[id='{entity}'] .entry-head").inner_text()
    assert entry.split(" – ")[0].split()[0] in text
    assert card.locator(f"a[href='#{entity}']").inner_text() == "All turns and mentions in the index"
    card.locator("button.inplace-close").click()
    assert page.locator(".inplace").count() == 0


def test_the_colour_key_explains_the_name_marks(page):
    key = page.locator("#transcript dl.key").inner_text()
    for words in ("a person", "an organisation", "a place", "not certain", "corrected or normalised"):
        assert words in key


def test_copy_citation_gives_the_paragraph_citation(browser, edition):
    ctx = browser.new_context()
    ctx.grant_permissions(["clipboard-read", "clipboard-write"])
    page = ctx.new_page()
    page.goto(edition.as_uri() + "#t18.1")
    page.locator("#t18\\.1 button.copy-cite").click()
    page.wait_for_timeout(200)
    copied = page.evaluate("navigator.clipboard.readText()")
    tei = parse_file(EDITION_TEI)
    urn = tei.xpath("//tei:publicationStmt/tei:idno[@type='URN']/text()", namespaces=NS)[0]
    assert copied.endswith(f"{urn}, t18.1.")
    assert page.locator("#t18\\.1 button.copy-cite").inner_text() == "Copied"
    ctx.close()


def test_the_toolbar_takes_at_most_two_rows_at_390px(browser, edition):
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    page = ctx.new_page()
    page.goto(edition.as_uri())
    row = page.locator(".reading-switch label").first.bounding_box()["height"]
    toolbar = page.locator("nav.toolbar").bounding_box()["height"]
    links = page.locator(".sections a").all()
    tops = {round(link.bounding_box()["y"]) for link in links}
    assert len(tops) == 1, "the section links stay on one row (it scrolls sideways inside itself)"
    assert toolbar < 3 * row, f"toolbar {toolbar}px high for rows of {row}px"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    ctx.close()


def test_a_reference_this_version_lacks_lands_on_a_page_that_says_so(page, edition):
    page.goto(edition.as_uri() + "#note-no-longer-here")
    page.wait_for_load_state("load")
    alert = page.locator("#missing-reference")
    assert alert.is_visible()
    assert "note-no-longer-here" in alert.inner_text()


def test_accessibility_with_results_and_a_note_open(page):
    from axe_playwright_python.sync_playwright import Axe

    search(page, "union", speaker="imanaliev")
    page.locator("#t18 .speaker .noteref a").first.click()
    results = Axe().run(page)
    bad = [f"{v['id']} ({v['impact']}): {v['help']} – e.g. {v['nodes'][0]['target']}"
           for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == []
