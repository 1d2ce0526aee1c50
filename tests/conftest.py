"""Shared paths for the test suite."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EDITION_ID = "ipp-roundtable-2007-11-15"
EDITION_DATA = REPO / "tei" / f"{EDITION_ID}.yaml"
# The collection the bundled edition belongs to: its shared register names the edition's people.
COLLECTION_DATA = REPO / "tei" / "collection.yaml"
EDITION_TEI = REPO / "tei" / f"{EDITION_ID}.xml"
SOURCE = REPO / "tei" / "source" / f"{EDITION_ID}.md"


def shared_file(relative: str) -> Path:
    """A file of ../shared, or skip the test with the reason."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"{path} is not available (the shared data folder beside the checkout)")
    return path


@pytest.fixture(autouse=True, scope="session")
def _record_key_folder(tmp_path_factory):
    """Build records are signed with a key in the user's state folder (see ``_record``): the tests
    (and the commands they start, which inherit the environment) keep theirs in a folder of their own."""
    import os

    before = os.environ.get("XDG_STATE_HOME")
    os.environ["XDG_STATE_HOME"] = str(tmp_path_factory.mktemp("state"))
    yield
    if before is None:
        del os.environ["XDG_STATE_HOME"]
    else:
        os.environ["XDG_STATE_HOME"] = before


@pytest.fixture(autouse=True, scope="session")
def _cache_folder(tmp_path_factory):
    """Derived tables are kept in the user's cache folder (see ``_cache``): the tests (and the
    commands they start) keep theirs in a folder of their own, which starts empty."""
    import os

    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = before
