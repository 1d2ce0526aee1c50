"""Where the toolkit's schemas and stylesheets are read from.

``schema/`` and ``xslt/`` stay at the repository's top level (that is the project's layout) and
the build backend copies them into the wheel as ``tei_roundtable/schema`` and
``tei_roundtable/xslt``, read here through :mod:`importlib.resources`. An editable install
(``pip install -e .``) has no such copies: its package folder is ``src/tei_roundtable`` of the
checkout, so the checkout's top-level folders are used, and an edit to a stylesheet there takes
effect at once. An editor who wants other stylesheets passes them (``render --xslt DIR``);
nobody edits the installed package.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import TeiRoundtableError


def _folder(name: str) -> Path:
    shipped = resources.files(__package__) / name
    # A wheel installs into a plain folder, so the resource is a real path; no zip import here.
    candidates = [Path(str(shipped)), Path(__file__).resolve().parents[2] / name]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise TeiRoundtableError(
        f"the toolkit's {name}/ folder is missing (looked in {candidates[0]} and {candidates[1]}); "
        "reinstall tei-roundtable (pip install tei-roundtable, or pip install -e . from a checkout)"
    )


@lru_cache(maxsize=None)
def schema_dir() -> Path:
    """The project's schemas: RELAX NG, Schematron, JSON Schemas, the BagIt profile."""
    return _folder("schema")


@lru_cache(maxsize=None)
def xslt_dir() -> Path:
    """The project's XSLT 3.0 stylesheets, with ``lib/`` (CSS and JavaScript included)."""
    return _folder("xslt")
