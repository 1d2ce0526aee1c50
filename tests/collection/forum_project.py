"""The forum collection of the tests, built: two editions made by ``init`` from fixtures/
forum-2008.md and forum-2009.md (the same three people in both: Timur Osmonov speaks in both),
dated to a fixed day so that the outputs are the same on every day the tests run, then built as
``tei-roundtable build`` builds a collection."""

from __future__ import annotations

import hashlib
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


def listing(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` and the sha256 of its bytes: what a build wrote, to compare."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def start_forum(folder: Path) -> Path:
    """The forum project made in ``folder`` by ``init`` (dated today, as a user's is), not built."""
    options = {name: value for name, value in OPTIONS.items() if name != "today"}
    for ident in EDITIONS:
        init(folder, FIXTURES / f"{ident}.md", **options)
    return folder
