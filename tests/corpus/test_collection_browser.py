"""The collection's pages in headless Chromium: nothing fetched, no sideways scrolling, an index
link that lands on the paragraph in the edition's page, no serious accessibility violation."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# The browser helpers live with the edition page's browser test (tests/render/browser.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "render"))

from browser import chromium, unavailable  # noqa: E402
from collection_fixtures import Built, built  # noqa: E402,F401 - the fixture

_reason = unavailable()
# Each test is skipped with the reason, so that a run without a browser counts what it did not check.
pytestmark = [pytest.mark.browser, pytest.mark.skipif(bool(_reason), reason=f"browser test skipped: {_reason}")]


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def open_page(browser, path: Path, width: int = 1280):
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    page = ctx.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return ctx, page, requests


@pytest.mark.parametrize("name", ["index.html", "names.html"])
@pytest.mark.parametrize("width", [360, 1280])
def test_nothing_fetched_and_no_sideways_scrolling(browser, built: Built, name, width, tmp_path):
    ctx, page, requests = open_page(browser, built.out / name, width)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("window.innerWidth")
    page.screenshot(path=str(tmp_path / f"{name}-{width}.png"), full_page=True)
    ctx.close()
    assert requests == [(built.out / name).as_uri()]


def test_an_index_link_lands_on_the_paragraph(browser, built: Built):
    ctx, page, _ = open_page(browser, built.out / "names.html")
    page.locator("#osmonov a[href='borders-2010/html/index.html#t4.1']").click()
    page.wait_for_load_state("load")
    assert page.url == (built.out / "borders-2010/html/index.html").as_uri() + "#t4.1"
    paragraph = page.locator("[id='t4.1']")
    assert paragraph.is_visible() and "Timur" in paragraph.inner_text()
    box = paragraph.bounding_box()
    assert 0 <= box["y"] < 900  # scrolled into view
    ctx.close()


def test_an_edition_link_opens_the_edition(browser, built: Built):
    ctx, page, _ = open_page(browser, built.out / "index.html")
    page.get_by_role("link", name="Trade across the valley").click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "Trade across the valley"
    ctx.close()


@pytest.mark.parametrize("name", ["index.html", "names.html"])
def test_accessibility_has_no_serious_or_critical_violations(browser, built: Built, name):
    from axe_playwright_python.sync_playwright import Axe

    ctx, page, _ = open_page(browser, built.out / name)
    results = Axe().run(page)
    ctx.close()
    bad = [f"{v['id']} ({v['impact']}): {v['help']} – e.g. {v['nodes'][0]['target']}"
           for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == []


@pytest.mark.parametrize("name", ["index.html", "names.html"])
def test_every_toolbar_link_is_in_view_on_a_phone(browser, built: Built, name):
    ctx, page, _ = open_page(browser, built.out / name, 360)
    for link in page.locator("nav.toolbar a").all():
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360, link.inner_text()
    ctx.close()
