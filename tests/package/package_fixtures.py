"""Shared helpers of the packaging tests: a copy of the project, a dist folder, a built package."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from conftest import EDITION_ID, REPO

BTR_PROFILE = "profiles/btr-bagit-profile.json"
DATACITE_XSD = "schemas/datacite-kernel-4.5/metadata.xsd"
CFF_SCHEMA = "schemas/cff-1.2.0/schema.json"


def copy_project(root: Path) -> Path:
    """The edition's tei/ and schema/ folders copied under ``root``; returns the edition data path."""
    for folder in ("tei", "schema"):
        shutil.copytree(REPO / folder, root / folder)
    return root / "tei" / f"{EDITION_ID}.yaml"


def make_dist(dist: Path, tei: Path) -> Path:
    """A dist folder as `render` writes it: ``html/`` and ``txt/`` of ``tei``.

    A package holds only the renderings `render` makes of its TEI (a stand-in page is refused).
    """
    from tei_roundtable.render import render_outputs

    return _write(dist, render_outputs(tei))


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
