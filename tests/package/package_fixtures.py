"""Shared helpers of the packaging tests: a copy of the project, a dist folder, a built package."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import EDITION_ID, REPO
from tei_roundtable import readings
from tei_roundtable._xml import parse_file

BTR_PROFILE = "profiles/btr-bagit-profile.json"
DATACITE_XSD = "schemas/datacite-kernel-4.5/metadata.xsd"
CFF_SCHEMA = "schemas/cff-1.2.0/schema.json"


def copy_project(root: Path) -> Path:
    """The edition's tei/ and schema/ folders copied under ``root``; returns the edition data path."""
    for folder in ("tei", "schema"):
        shutil.copytree(REPO / folder, root / folder)
    return root / "tei" / f"{EDITION_ID}.yaml"


def make_dist(dist: Path, tei: Path) -> Path:
    """A dist folder for the packaging mechanics: ``html/`` and ``txt/`` made without the render stage.

    It holds what the toolkit can honestly make alone: the normalised reading of ``tei`` as text,
    and an HTML page that says it is a test stand-in (never a page posing as the edition). The
    package of the really rendered edition is tested on its own (``render_dist``).
    """
    files = {
        "html/index.html": (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            "<title>Packaging test stand-in</title></head><body><p>A stand-in page for the "
            "packaging tests, not the edition.</p></body></html>\n"
        ).encode("utf-8"),
        f"txt/{EDITION_ID}.txt": readings.normalised(parse_file(tei)).encode("utf-8"),
    }
    return _write(dist, files)


def render_dist(dist: Path, tei: Path) -> Path:
    """A dist folder made by the render stage (the test is skipped where it is not installed)."""
    render = pytest.importorskip("tei_roundtable.render", reason="the render stage is not installed")
    return _write(dist, render.render_outputs(tei))


def _write(dist: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        target = dist / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return dist


def unpack(archive: Path, into: Path) -> Path:
    """Unpack a package made by the toolkit (trusted) and return its bag folder."""
    with zipfile.ZipFile(archive) as handle:
        handle.extractall(into)
    return into / archive.name.removesuffix(".zip")


def bag_info(bag: Path) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    for line in (bag / "bag-info.txt").read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition(": ")
        tags.setdefault(key, []).append(value)
    return tags
