"""Shared paths and helpers for the test suite."""

from __future__ import annotations

import os
import time
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


def ends_soon(pid: int) -> bool:
    """Whether process ``pid`` is gone within five seconds; if not, it is killed (a test that
    finds a process outliving its parent leaves none behind)."""
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    os.kill(pid, 9)
    return False


# A compact grammar (RELAX NG compact syntax) of TEI > text > body > p+, each p with an integer @n,
# in two parts: the definition of p can stand in a file of its own (an include's test).
NUMBERED_P = 'p = element p { attribute n { xsd:integer }, text }\n'
NUMBERED_TEI = ('default namespace = "http://www.tei-c.org/ns/1.0"\n{include}'
                'start = element TEI {{ element text {{ element body {{ p+ }} }} }}\n')


def numbered(folder: Path, include: str = "") -> tuple[Path, Path]:
    """``numbered.rnc`` (NUMBERED_TEI, with NUMBERED_P or ``include``, a line of it) and a TEI,
    ``numbered.xml``, whose second paragraph, at line 5, column 1, breaks it (n="two")."""
    grammar, tei = folder / "numbered.rnc", folder / "numbered.xml"
    grammar.write_text(NUMBERED_TEI.format(include=include) + ("" if include else NUMBERED_P), encoding="utf-8")
    tei.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<text>\n<body>\n<p n="1">One.</p>\n'
                   '<p n="two">Two.</p>\n</body>\n</text>\n</TEI>\n', encoding="utf-8")
    return grammar, tei


def shared_file(relative: str) -> Path:
    """A file of ../shared, or skip the test with the reason."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"{path} is not available (the shared data folder beside the checkout)")
    return path


@pytest.fixture(autouse=True, scope="session")
def _user_folders(tmp_path_factory):
    """The toolkit keeps files in the user's folders: the key that signs build records in the
    state folder (``_record``), derived tables in the cache folder (``_cache``). The tests (and
    the commands they start, which inherit the environment) keep theirs in folders of their own,
    which start empty."""
    import os

    variables = {"XDG_STATE_HOME": "state", "XDG_CACHE_HOME": "cache"}
    before = {name: os.environ.get(name) for name in variables}
    for name, folder in variables.items():
        os.environ[name] = str(tmp_path_factory.mktemp(folder))
    yield
    for name, value in before.items():
        if value is None:
            del os.environ[name]
        else:
            os.environ[name] = value
