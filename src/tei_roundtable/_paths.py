"""Where the project's schemas and stylesheets live.

The toolkit is installed from its checkout (``pip install -e .``), and ``schema/`` and
``xslt/`` are read from that checkout, so an editor's change to a stylesheet takes effect at
once. ``TEI_ROUNDTABLE_HOME`` points elsewhere when needed.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import TeiRoundtableError


def project_root() -> Path:
    home = os.environ.get("TEI_ROUNDTABLE_HOME")
    root = Path(home) if home else Path(__file__).resolve().parents[2]
    if not (root / "schema").is_dir():
        raise TeiRoundtableError(
            f"{root}: no schema/ folder here; install tei-roundtable from its checkout "
            "(pip install -e .) or set TEI_ROUNDTABLE_HOME to the checkout"
        )
    return root


def schema_dir() -> Path:
    return project_root() / "schema"


def xslt_dir() -> Path:
    return project_root() / "xslt"
