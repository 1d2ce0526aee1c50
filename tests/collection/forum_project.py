"""The forum collection of the tests, built: two editions made by ``init`` from fixtures/
forum-2008.md and forum-2009.md (the same three people in both: Timur Osmonov speaks in both),
dated to a fixed day so that the outputs are the same on every day the tests run, then built as
``tei-roundtable build`` builds a collection."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tei_roundtable import collection
from tei_roundtable.init import init
from tei_roundtable.pipeline import CollectionBuilt, build_collection

FIXTURES = Path(__file__).resolve().parent / "fixtures"
OPTIONS = dict(editor="Ann Lee", contact="ann@example.org", licence="CC-BY-4.0", today=date(2026, 2, 1))
EDITIONS = ("forum-2008", "forum-2009")


def build_forum(folder: Path) -> tuple[Path, CollectionBuilt]:
    """Make the project in ``folder`` and build it into ``folder/dist``."""
    for ident in EDITIONS:
        init(folder, FIXTURES / f"{ident}.md", **OPTIONS)
    built = build_collection(collection.load(folder / "tei" / "collection.yaml"), folder / "dist")
    assert not built.failed, built.failed
    return folder / "dist", built
