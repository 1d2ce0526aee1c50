"""The collection's DTS export, put together from its editions' own exports.

``dts.export_collection`` makes every response of every edition in memory at once (some 580
files, 1.8 MB, an edition): a thousand editions would be near 2 GB. Each edition's build has
already written its own export (``OUT/<edition-id>/dts/``, the same toolkit, the same default
base), and an edition's responses in the collection's export are those same files but one: its
``collection/<id>;nav=parents.json``, which names its parent, the collection instead of the
default ``editions``. So the collection's export is those files, hard-linked (copied where the
file system has no links), beside the few responses of the collection itself and the edition's
parent, made here from each edition's resource (its ``collection/<id>.json``), one edition at a
time. ``tests/collection/test_collection_dts.py`` holds it to the bytes of
``dts.export_collection`` for the same editions.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

# dts's own addresses and JSON layout (not copies: the files made here sit beside its files).
from .dts import CONTEXT, DEFAULT_BASE, _json, _Site
from .corpus import swap_in
from .errors import InputError, OutputError

_SITE = _Site(DEFAULT_BASE)  # the base of the editions' own exports (pipeline.build uses the default)


def _link(source: Path | str, target: Path, *, folder_made: bool = False) -> None:
    if not folder_made:
        target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links, or another device
        shutil.copyfile(source, target)


def _link_tree(source: Path, target: Path) -> None:
    """Every file under ``source`` linked at the same place under ``target`` (folders made once each)."""
    for folder, _, names in os.walk(source):
        made = target / os.path.relpath(folder, source)
        made.mkdir(parents=True, exist_ok=True)
        for name in names:
            _link(os.path.join(folder, name), made / name, folder_made=True)


def export_collection(editions: list[tuple[str, Path]], out_dir: Path, *, collection_id: str,
                      collection_title: str) -> Path:
    """Write the collection's DTS export into ``out_dir`` from ``(edition id, its dts folder)``
    pairs, in the collection's order; the folder replaces the one there whole, or not at all."""
    idents = [ident for ident, _ in editions]
    if len(set(idents)) != len(idents) or collection_id in idents:
        raise InputError("two editions of the DTS collection have the same id", editions[-1][1],
                         hint="every edition needs its own URN id")
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        resources = []
        for ident, folder in editions:
            own = folder / "collection" / f"{ident}.json"
            try:
                resource = json.loads(own.read_bytes())
            except (OSError, ValueError):
                raise InputError("the edition's DTS export is missing or unreadable", own,
                                 hint="build the edition again (tei-roundtable build --force)") from None
            resources.append({k: v for k, v in resource.items() if k not in ("@context", "dtsVersion")})
            _link(own, work / "collection" / f"{ident}.json")
            for part in ("navigation", "document"):
                _link_tree(folder / part, work / part)
        _link(editions[0][1] / "index.json", work / "index.json")  # the entry point: the same base, the same file
        root = {"@context": CONTEXT, "dtsVersion": "1.0", "@id": collection_id, "@type": "Collection",
                "title": collection_title, "totalParents": 0, "totalChildren": len(editions),
                "collection": _SITE.base + "collection{/id}{;nav}.json", "member": resources}
        parents = _json({**{k: v for k, v in root.items() if k != "member"}, "member": []})
        files = {_SITE.collection(): _json(root), _SITE.collection(collection_id): _json(root),
                 _SITE.collection(nav="parents"): parents, _SITE.collection(collection_id, nav="parents"): parents}
        parent_member = {k: v for k, v in root.items() if k not in ("@context", "dtsVersion", "member")}
        del root
        for resource in resources:
            files[_SITE.collection(resource["@id"], "parents")] = _json(
                {"@context": CONTEXT, "dtsVersion": "1.0", **resource, "member": [parent_member]})
        for url, data in files.items():
            (work / _SITE.relative(url)).write_bytes(data)
        swap_in(work, out_dir)
    except OSError as exc:
        raise OutputError(f"cannot write the collection's DTS export: {exc.strerror}", out_dir) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out_dir
