"""The collection's two pages, made by XSLT 3.0 (``xslt/collection/``) from the collection's TEI."""

from __future__ import annotations

from pathlib import Path

from ._corpus_tei import EditionTei, entities
from ._xml import XML_NS, parse_bytes
from ._xslt import Source, transform
from .errors import InputError
from .resources import xslt_dir

PAGES = ("index.html", "names.html")
_STYLESHEETS = {"index.html": "editions.xsl", "names.html": "names.xsl"}
# The ids each page gives its own parts: the anchors of the editions (index.html) and of the
# register's entries (names.html) must differ from them.
_PAGE_IDS = {"index.html": {"main", "editions", "editions-title", "about", "about-title"},
             "names.html": {"main", "index", "index-title", "persons", "organisations", "places"}}


def collection_pages(collection_id: str, corpus: bytes, *, stylesheets: str | Path | None = None) -> dict[str, bytes]:
    """The collection page and the index of names (file name -> UTF-8 bytes) from the corpus TEI."""
    folder = (Path(stylesheets) if stylesheets else xslt_dir()) / "collection"
    name = f"tei/{collection_id}.xml"
    source = Source(Path(name), parse_bytes(corpus, name))
    return {page: transform(folder / _STYLESHEETS[page], source, {"collection-id": collection_id}).encode("utf-8")
            for page in PAGES}


def check_anchors(editions: list[EditionTei]) -> None:
    """Refuse an edition id or register id that is also an id of the page that anchors it."""
    for ed in editions:
        if ed.id in _PAGE_IDS["index.html"]:
            raise InputError(f"edition id {ed.id!r} is also an id the collection page uses for itself",
                             ed.path, hint="give the edition another id (edition.id)")
        for entity in entities(ed):
            ident = entity.get(f"{{{XML_NS}}}id")
            if ident in _PAGE_IDS["names.html"]:
                raise InputError(f"register id {ident!r} is also an id the index of names uses for itself",
                                 ed.path, entity.sourceline or 0, hint="give the register entry another id")
