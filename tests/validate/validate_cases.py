"""Shared helpers of the validation tests (a plain module: test modules import it by name)."""

from __future__ import annotations

import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
RULES = HERE / "rules"
FIXTURES = HERE / "fixtures"
MINIMAL = FIXTURES / "minimal.xml"
_MARKER = re.compile(r"<!--expect: ([a-z][a-z0-9-]*)-->")


def expected_findings(path: Path) -> set[tuple[str, int]]:
    """The (rule, line) pairs a case document announces with ``<!--expect: RULE-->`` markers."""
    text = path.read_bytes().decode("utf-8", "replace")
    return {(m[1], text.count("\n", 0, m.start()) + 1) for m in _MARKER.finditer(text)}


def case_documents(kind: str) -> list[Path]:
    """``pass*.xml`` or ``fail*.xml`` of every rule directory."""
    return sorted(RULES.glob(f"*/{kind}*.xml"))
