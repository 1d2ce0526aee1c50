"""The collection's two pages, made by XSLT 3.0 (``xslt/collection/``) from the collection's TEI.

The collection page carries a search over every edition: one lunr index (:func:`search.build`
over the editions) with the texts of its passages (the page does not hold them), read by the
edition page's own search code (``xslt/lib/html-search.xsl``, ``edition.js``). The index is made
from the collection's TEI alone, like the rest of the page, so that ``verify`` can make the page
again from the packaged collection TEI.
"""

from __future__ import annotations

import copy
from pathlib import Path

from lxml import etree

from . import search
from ._corpus_tei import EditionTei, entities
from ._xml import NS, XML_NS, parse_bytes
from ._xslt import Source, transform
from .errors import InputError
from .resources import xslt_dir

PAGES = ("index.html", "names.html")
_STYLESHEETS = {"index.html": "editions.xsl", "names.html": "names.xsl"}
_SEARCH_IDS = {"search", "search-title", "search-q", "search-help", "search-speaker", "search-name",
               "search-status", "search-results", "search-data"}
# The ids each page gives its own parts: the anchors of the editions (index.html) and of the
# register's entries (names.html) must differ from them.
_PAGE_IDS = {"index.html": {"main", "editions", "editions-title", "about", "about-title"} | _SEARCH_IDS,
             "names.html": {"main", "index", "index-title", "persons", "organisations", "places"}}
_XMLID = f"{{{XML_NS}}}id"
# The attributes search.documents reads: a turn's and a paragraph's id, the speaker, the names.
_SEARCHED_POINTERS = ("who", "ref")


def collection_pages(collection_id: str, corpus: bytes, *, stylesheets: str | Path | None = None) -> dict[str, bytes]:
    """The collection page and the index of names (file name -> UTF-8 bytes) from the corpus TEI."""
    folder = (Path(stylesheets) if stylesheets else xslt_dir()) / "collection"
    name = f"tei/{collection_id}.xml"
    source = Source(Path(name), parse_bytes(corpus, name))
    data = search.build(_editions_as_built(source.tree.getroot())).to_json(texts=True)
    params = {"index.html": {"collection-id": collection_id, "search-data": data},
              "names.html": {"collection-id": collection_id}}
    return {page: transform(folder / _STYLESHEETS[page], source, params[page]).encode("utf-8") for page in PAGES}


def _editions_as_built(corpus: etree._Element) -> list[tuple[str, etree._Element]]:
    """Each edition embedded in the corpus with the ids it has in its own TEI (the corpus
    prefixes them, ``E.t18.1``): the references of its page, and the register's ids, which are
    the collection's (an edition's ``karaeva`` is the corpus's ``#karaeva``)."""
    editions = []
    for tei in corpus.iterfind("tei:TEI", NS):
        ident = tei.get(_XMLID) or ""
        prefix = f"{ident}."
        own = copy.deepcopy(tei.find("tei:text", NS))
        if own is None:
            continue
        for element in own.iter(etree.Element):
            value = element.get(_XMLID)
            if value is not None and value.startswith(prefix):
                element.set(_XMLID, value[len(prefix):])
            for attribute in _SEARCHED_POINTERS:
                value = element.get(attribute)
                if value is not None:
                    element.set(attribute, " ".join(f"#{token[1 + len(prefix):]}" if token.startswith("#" + prefix)
                                                    else token for token in value.split()))
        root = etree.Element(f"{{{NS['tei']}}}TEI")
        root.append(own)
        editions.append((ident, root))
    return editions


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
