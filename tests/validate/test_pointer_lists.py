"""target-resolves on pointer lists, which the Schematron checks by counting (the elements the
key finds against the distinct tokens that are not URLs) rather than token by token."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tei_roundtable import validate

CASE = Path(__file__).parent / "rules" / "target-resolves"
PASSING = 'target="#forty-canals https://example.org/canals"'


def findings_with(tmp_path: Path, target: str) -> list[tuple[str, str]]:
    shutil.copytree(CASE / "source", tmp_path / "source")
    text = (CASE / "pass.xml").read_text(encoding="utf-8")
    assert PASSING in text
    (tmp_path / "case.xml").write_text(text.replace(PASSING, f'target="{target}"'), encoding="utf-8")
    return [(f.rule, f.message) for f in validate.iter_findings(tmp_path / "case.xml")]


@pytest.mark.parametrize("target", [
    "#forty-canals #forty-canals",                          # a pointer twice
    "#forty-canals  https://example.org/a http://example.org/b",
    "#forty-canals #t1 #t1.1",
])
def test_lists_that_resolve_pass(tmp_path, target):
    assert findings_with(tmp_path, target) == []


@pytest.mark.parametrize("target, first", [
    ("#forty-canals #forty-canals #nowhere", "#nowhere"),   # a repeated pointer hides no other
    ("#forty-canals forty-canals", "forty-canals"),         # no '#'
    ("#forty-canals #", "#"),
    ("#forty-canals ftp://example.org/x", "ftp://example.org/x"),
])
def test_lists_with_a_pointer_that_does_not_resolve_fail(tmp_path, target, first):
    found = findings_with(tmp_path, target)
    assert [rule for rule, _ in found] == ["target-resolves"]
    assert f"@target points to '{first}'" in found[0][1]
