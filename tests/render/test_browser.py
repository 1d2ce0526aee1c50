"""The HTML edition in a real browser (headless Chromium): the reading switch with and without
JavaScript, paragraph links, no network request, accessibility (axe-core), print styles, narrow
screens."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from browser import VIEWPORT, chromium, unavailable
from conftest import EDITION_TEI
from render_helpers import with_long_words
from tei_roundtable._xml import NS, parse_file
from tei_roundtable.render import render

_reason = unavailable()
# Each test is skipped with the reason, so that a run without a browser counts what it did not check.
pytestmark = [pytest.mark.browser, pytest.mark.skipif(bool(_reason), reason=f"browser test skipped: {_reason}")]


@pytest.fixture(scope="module")
def edition(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    return next(p for p in render(EDITION_TEI, out) if p.suffix == ".html")


@pytest.fixture(scope="module")
def long_edition(tmp_path_factory) -> Path:
    """The edition with a URL, a hyphenated compound and a word longer than any line."""
    folder = tmp_path_factory.mktemp("long")
    tei = folder / EDITION_TEI.name
    with_long_words(parse_file(EDITION_TEI)).write(str(tei), encoding="UTF-8", xml_declaration=True)
    return next(p for p in render(tei, folder / "dist") if p.suffix == ".html")


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def first_correction() -> tuple[str, str, str]:
    """The first paragraph with a sic/corr correction: (paragraph id, sic, corr)."""
    tei = parse_file(EDITION_TEI)
    choice = tei.xpath("//tei:body//tei:sp/tei:p//tei:choice[tei:sic][1]", namespaces=NS)[0]
    para = choice.xpath("ancestor::tei:p[1]/@xml:id", namespaces=NS)[0]
    return para, "".join(choice.find("tei:sic", NS).itertext()), "".join(choice.find("tei:corr", NS).itertext())


def open_page(browser, edition: Path, fragment: str = "", **context):
    ctx = browser.new_context(viewport=VIEWPORT, **context)
    page = ctx.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(edition.as_uri() + fragment)
    page.wait_for_load_state("load")
    return ctx, page, requests


def choose(page, reading: str) -> None:
    """Click the reading's label, as a reader does (the radio button itself is visually hidden)."""
    page.locator(f"label[for='reading-{reading.lower()}']").click()
    assert page.locator(f"#reading-{reading.lower()}").is_checked()


def para_text(page, ident: str) -> str:
    return page.locator(f"[id='{ident}']").inner_text()


def test_reading_switch_changes_the_visible_text(browser, edition, first_correction, tmp_path):
    para, sic, corr = first_correction
    ctx, page, requests = open_page(browser, edition)
    before = para_text(page, para)
    assert corr in before and not re.search(rf"\b{re.escape(sic)}\b", before)
    choose(page, "Diplomatic")
    after = para_text(page, para)
    assert after != before and sic in after
    page.screenshot(path=str(tmp_path / "diplomatic.png"))
    choose(page, "Normalised")
    assert para_text(page, para) == before
    ctx.close()
    assert all(url.startswith(("file:", "data:")) for url in requests), requests


def test_reading_is_remembered_with_javascript(browser, edition, first_correction):
    para, sic, _ = first_correction
    ctx, page, _ = open_page(browser, edition)
    choose(page, "Diplomatic")
    page.reload()
    page.wait_for_load_state("load")
    assert page.locator("#reading-diplomatic").is_checked()
    assert sic in para_text(page, para)
    ctx.close()


def test_reading_switch_works_without_javascript(browser, edition, first_correction):
    para, sic, corr = first_correction
    ctx, page, _ = open_page(browser, edition, java_script_enabled=False)
    assert corr in para_text(page, para)
    choose(page, "Diplomatic")
    assert sic in para_text(page, para)
    ctx.close()


def test_paragraph_link_targets_the_paragraph(browser, edition):
    tei = parse_file(EDITION_TEI)
    target = tei.xpath("//tei:body//tei:sp/tei:p/@xml:id", namespaces=NS)[-1]
    ctx, page, requests = open_page(browser, edition)
    link = page.locator(f"a.ref[href='#{target}']")
    link.scroll_into_view_if_needed()
    link.click()
    assert page.url.endswith(f"#{target}")
    paragraph = page.locator(f"[id='{target}']")
    assert paragraph.is_visible()
    box = paragraph.bounding_box()
    toolbar = page.locator("nav.toolbar").bounding_box()
    assert toolbar["height"] <= box["y"] < VIEWPORT["height"], "the paragraph is in view, below the toolbar"
    ctx.close()
    assert all(url.startswith(("file:", "data:")) for url in requests), requests


def test_note_links_go_to_the_note_and_back_without_javascript(browser, edition):
    """Without JavaScript a note marker jumps to the note (with it, the note opens in place:
    test_reader.py)."""
    ctx, page, _ = open_page(browser, edition, java_script_enabled=False)
    ref = page.locator("sup.noteref a").first
    note_id = ref.get_attribute("href")[1:]
    ref.click()
    note = page.locator(f"[id='{note_id}']")
    assert page.url.endswith(f"#{note_id}") and note.is_visible()
    back = note.locator("p.backrefs a").first
    back_id = back.get_attribute("href")[1:]
    back.click()
    assert page.url.endswith(f"#{back_id}")
    assert page.locator(f"[id='{back_id}']").is_visible()
    ctx.close()


def test_no_request_leaves_the_page(browser, edition):
    ctx, page, requests = open_page(browser, edition)
    page.mouse.wheel(0, 20000)
    choose(page, "Diplomatic")
    page.emulate_media(media="print")
    page.wait_for_timeout(200)
    ctx.close()
    assert requests and all(url.startswith(("file:", "data:")) for url in requests), requests


@pytest.mark.parametrize("reading", ["Normalised", "Diplomatic"])
def test_accessibility_has_no_serious_or_critical_violations(browser, edition, reading):
    from axe_playwright_python.sync_playwright import Axe

    ctx, page, _ = open_page(browser, edition)
    choose(page, reading)
    results = Axe().run(page)
    ctx.close()
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} – e.g. {v['nodes'][0]['target']}"
        for v in results.response["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert bad == []


def test_print_styles_hide_the_controls(browser, edition, tmp_path):
    ctx, page, _ = open_page(browser, edition)
    assert page.locator("nav.toolbar").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("nav.toolbar").is_visible()
    assert page.locator("#transcript").is_visible()
    ctx.close()


def test_screenshot(browser, edition, tmp_path):
    ctx, page, _ = open_page(browser, edition, fragment="#t18")
    png = tmp_path / "edition.png"
    page.screenshot(path=str(png))
    assert png.stat().st_size > 10_000
    ctx.close()


def open_at_width(browser, edition: Path, width: int):
    ctx = browser.new_context(viewport={"width": width, "height": 800})
    page = ctx.new_page()
    page.goto(edition.as_uri())
    page.wait_for_load_state("load")
    return ctx, page


@pytest.mark.parametrize("width", [360, 500, 1280])
@pytest.mark.parametrize("which", ["edition", "long_edition"])
def test_the_page_never_scrolls_sideways(browser, request, which, width):
    ctx, page = open_at_width(browser, request.getfixturevalue(which), width)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("window.innerWidth")
    ctx.close()


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def test_the_speaker_table_fits_500px_and_scrolls_in_its_box_below(browser, edition):
    ctx, page = open_at_width(browser, edition, 500)
    scroller = box(page, "#statistics .table-scroll")
    last = box(page, "table.stats thead th:last-child")
    assert last["x"] + last["width"] <= scroller["x"] + scroller["width"], "every column in view"
    ctx.close()

    ctx, page = open_at_width(browser, edition, 360)
    assert page.evaluate("(e => e.scrollWidth > e.clientWidth)(document.querySelector('.table-scroll'))")
    page.evaluate("(e => { e.scrollLeft = e.scrollWidth; })(document.querySelector('.table-scroll'))")
    scroller = box(page, "#statistics .table-scroll")
    last = box(page, "table.stats thead th:last-child")
    name = box(page, "table.stats tbody th")
    assert last["x"] + last["width"] <= scroller["x"] + scroller["width"] + 1, "the last column scrolled into view"
    assert abs(name["x"] - scroller["x"]) <= 1, "the speaker column stays in view"
    ctx.close()

    ctx, page = open_at_width(browser, edition, 1280)
    assert page.locator("table.stats .bar").first.is_visible(), "the wide table keeps its bars"
    ctx.close()
