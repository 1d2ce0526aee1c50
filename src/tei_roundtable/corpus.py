"""The collection's outputs: its TEI, its pages and its deposit, made from the editions' TEI.

The editions are built first (``pipeline.build`` of each into ``OUT/<edition-id>/``); then
:func:`build_collection` writes, beside them::

    OUT/index.html                      the collection page: every edition, linked to its page
    OUT/names.html                      the index of names across the editions
    OUT/tei/<collection-id>.xml         the collection's TEI (a teiCorpus, see _corpus_tei)
    OUT/<collection-id>_v<version>.zip  the collection's deposit package (a BagIt bag)
    OUT/<edition-id>/html/index.html    each edition's page (there already; the pages link to it)
    OUT/<edition-id>/…                  each edition's TEI, text editions and deposit package

The deposit is one bag per edition (``package``; the DataCite records of an edition of a
collection say ``IsPartOf`` it, from the collection data the bag carries: :func:`part_of`) plus
this collection bag, whose DataCite records say ``HasPart`` every edition. Why not one bag: an edition is the unit that is cited, versioned and given a DOI,
a series grows by an edition at a time (one bag would be deposited again, whole, for every new
round-table), and each edition's bag stays what ``verify`` checks and reproduces. The collection
bag carries what belongs to the collection alone: its TEI, its two pages and its metadata; the
editions it names are in their own bags (the pages' links to them resolve in the build folder,
and on a server that publishes it, not inside the collection bag).

The parts: :mod:`._corpus_tei` (the TEI), :mod:`._collection_pages` (the pages),
:mod:`._collection_bag` (the deposit and its check); this module is what callers use.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable

from ._collection_bag import (PROFILE_FILE, bag_name, collection_bag, collection_datacite, has_part,
                              is_collection_bag, iter_bag_problems, write_collection_bag)
from ._collection_pages import PAGES, SHARDS, check_anchors, collection_pages, edition_shard
from ._corpus_tei import EditionTei, corpus_tei, read_editions, write_corpus
from ._io import write_files
from .collection import CollectionMeta
from .errors import InputError, OutputError
from .metadata import part_of

__all__ = ["PAGES", "PROFILE_FILE", "EditionTei", "bag_name", "build_collection", "check_anchors",
           "collection_bag", "collection_datacite", "collection_pages", "corpus_tei", "edition_shard", "has_part",
           "is_collection_bag", "iter_bag_problems", "part_of", "read_editions", "swap_in", "write_corpus"]


def build_collection(meta: CollectionMeta, edition_teis: list[Path], out_dir: Path, *,
                     shards: Callable[[str], bytes | None] = lambda ident: None) -> list[Path]:
    """Write the collection's TEI, pages and deposit package into ``out_dir``; return the files.

    The editions must have been built into ``out_dir/<edition-id>/`` already (their pages are what
    the collection's pages link to). Everything is made before anything is written, and the files
    are written all or none. ``shards`` gives an edition's search shard where its build made one
    (:func:`collection_pages`).
    """
    out_dir = Path(out_dir)
    editions = read_editions(edition_teis)
    check_anchors(editions)
    for ed in editions:
        if ed.id == "tei":  # its folder would be the collection's tei/
            raise InputError("an edition of a collection cannot have the id 'tei': the collection's TEI is "
                             "written to tei/ beside the editions' folders", ed.path,
                             hint="give the edition another id (edition.id)")
    for ed in editions:
        page = out_dir / ed.id / "html" / "index.html"
        if not page.is_file():
            raise InputError("the edition's page is missing: the collection's pages link to it", page,
                             hint=f"build the edition into {out_dir / ed.id} first (tei-roundtable build)")
    # The corpus is written to a file edition by edition (a thousand editions' TEI is some 130 MB),
    # and the search's shards too (some 80 MB); the pages and the deposit read them from there,
    # and they take their places when everything is made.
    target, shards_dir = out_dir / "tei" / f"{meta.id}.xml", out_dir / SHARDS
    work = Path(tempfile.mkdtemp(prefix=".collection.", dir=out_dir))
    try:
        corpus_file, shard_folder = work / "corpus.xml", work / SHARDS
        shard_folder.mkdir()
        with open(corpus_file, "wb") as handle:
            write_corpus(meta, editions, handle)
        pages = collection_pages(meta.id, corpus_file, made=shards, shard_folder=shard_folder)
        shard_files = {f"{SHARDS}/{ed.id}.js": shard_folder / f"{ed.id}.js" for ed in editions
                       if (shard_folder / f"{ed.id}.js").is_file()}
        # The bag is written to a file, not held (some 40 MB for a thousand editions), and put
        # in its place with the corpus, once the pages are.
        bag, bag_file = out_dir / f"{bag_name(meta)}.zip", work / "bag.zip"
        write_collection_bag(meta, editions, corpus_file, {**pages, **shard_files}, bag_file)
        for place in (target, bag):  # refused before the pages are written: all or nothing
            if place.exists() and not place.is_file():
                raise OutputError("cannot write the file: something that is not a file is in its place", place,
                                  hint="remove it, or build into another folder")
        written = write_files({out_dir / page: data for page, data in pages.items()})
        target.parent.mkdir(exist_ok=True)
        for made, place in ((corpus_file, target), (bag_file, bag)):
            os.chmod(made, 0o644)
            try:
                os.replace(made, place)
            except OSError as exc:  # a folder in its place, or the system failed
                raise OutputError(f"cannot write the file: {exc.strerror or exc}", place,
                                  hint="remove what is in its place, or build into another folder") from None
        swap_in(shard_folder, shards_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return [target, *written, *(out_dir / name for name in shard_files), bag]


def swap_in(folder: Path, target: Path) -> None:
    """``folder`` in the place of ``target`` (a folder, or nothing), the old one removed after."""
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    folder.rename(target)
    shutil.rmtree(old, ignore_errors=True)
