"""Headless Chromium for the HTML edition: shared by the browser test and the README screenshot.

Uses the system's Chromium (Debian: /usr/bin/chromium) through Playwright; Playwright's own
browser download is never needed. Run as a script to refresh the README's screenshots
(docs/screenshot.png, docs/search.png, docs/note-in-place.png):

    python tests/render/browser.py docs
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 860}


def unavailable() -> str | None:
    """Why the browser cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        return f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium)"
    return None


@contextmanager
def chromium() -> Iterator:
    from playwright.sync_api import sync_playwright

    executable = str(CHROMIUM) if CHROMIUM.exists() else shutil.which("chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def screenshot(html: Path, png: Path) -> None:
    """The README picture: the transcript at a turn with a corrected label, names and notes."""
    with chromium() as browser:
        page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1)
        page.goto(html.resolve().as_uri() + "#t18")
        page.wait_for_load_state("load")
        png.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(png))


def search_screenshot(html: Path, png: Path) -> None:
    """Search for the printed form of a corrected name, filtered to one speaker, results shown."""
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 760}, device_scale_factor=1)
        page.goto(html.resolve().as_uri() + "#search")
        page.wait_for_load_state("load")
        page.fill("#search-q", "Abdylidaev")
        page.select_option("#search-speaker", "abdyldaev")
        page.press("#search-q", "Enter")
        page.wait_for_selector("#search-results li")
        page.locator("#search").scroll_into_view_if_needed()
        page.evaluate("document.getElementById('search').scrollIntoView()")
        page.screenshot(path=str(png))


def note_screenshot(html: Path, png: Path) -> None:
    """A note opened in place under its passage (turn t18's corrected speaker label)."""
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 640}, device_scale_factor=1)
        page.goto(html.resolve().as_uri() + "#t18")
        page.wait_for_load_state("load")
        page.locator("#t18 .speaker .noteref a").first.click()
        page.wait_for_selector(".inplace.note")
        page.screenshot(path=str(png))


def main(argv: list[str]) -> int:
    from tei_roundtable.render import render

    if len(argv) != 2:
        print(f"usage: python {argv[0]} FOLDER (writes screenshot.png, search.png, note-in-place.png)", file=sys.stderr)
        return 2
    reason = unavailable()
    if reason:
        print(f"cannot take the screenshot: {reason}", file=sys.stderr)
        return 1
    repo = Path(__file__).resolve().parents[2]
    tei = sorted((repo / "tei").glob("*.xml"))[0]
    with tempfile.TemporaryDirectory() as tmp:
        html = next(p for p in render(tei, tmp) if p.suffix == ".html")
        folder = Path(argv[1])
        folder.mkdir(parents=True, exist_ok=True)
        screenshot(html, folder / "screenshot.png")
        search_screenshot(html, folder / "search.png")
        note_screenshot(html, folder / "note-in-place.png")
    print(f"wrote {folder}/screenshot.png, search.png, note-in-place.png")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
