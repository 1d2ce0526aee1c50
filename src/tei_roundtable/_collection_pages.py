"""The collection's pages, made by XSLT 3.0 (``xslt/collection/``) from the collection's TEI.

The collection page carries a search over every edition, in shards: one lunr index per edition
(:func:`search.build` over that edition, with the texts of its passages, which the page does
not hold), each in a script file of its own, ``search/<edition-id>.js``, which the page's
search code (``xslt/collection/collection-search.js``) loads with a ``<script src>`` when a
search is first asked for (a ``<script src>`` works from ``file:``, where ``fetch`` of a local
file does not). Results are in the collection's order, not ranked, so an index per edition
finds what one index over all would. The page itself stays small: a thousand editions' index
in it would be some 80 MB.

Everything is made from the collection's TEI alone, so that ``verify`` can make the pages again
from the packaged collection TEI; the corpus is read edition by edition (:func:`_page_source`):
each edition's text is reduced to what the pages show of it (turns, and the names in them, with
their ids), so the stylesheets get a small document even for a large collection.
"""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path
from typing import Callable

from lxml import etree

from . import search
from ._corpus_tei import EditionTei, iter_corpus
from ._xml import NS, TEI_NS, XML_NS
from ._xslt import FileSource, transform
from .errors import InputError
from .resources import xslt_dir

PAGES = ("index.html", "names.html")
SHARDS = "search"  # folder of the search index's shards, beside the pages
_STYLESHEETS = {"index.html": "editions.xsl", "names.html": "names.xsl"}
_SEARCH_IDS = {"search", "search-title", "search-q", "search-help", "search-speaker", "search-name",
               "search-status", "search-results", "search-shards"}
# The ids each page gives its own parts: the anchors of the editions (index.html) and of the
# register's entries (names.html) must differ from them.
_PAGE_IDS = {"index.html": {"main", "editions", "editions-title", "about", "about-title"} | _SEARCH_IDS,
             "names.html": {"main", "index", "index-title", "persons", "organisations", "places"}}
_XMLID = f"{{{XML_NS}}}id"
_T = f"{{{TEI_NS}}}"
# The attributes search.documents reads: a turn's and a paragraph's id, the speaker, the names.
_SEARCHED_POINTERS = ("who", "ref")
# What the pages show of an edition's text: its turns (sp) and the names in it (lib/common.xsl's
# key trt:mentions), each with the elements around it, which give its reference.
_NAMES = {f"{_T}{name}" for name in ("persName", "orgName", "placeName", "rs", "title")}
_SPLIT = "\ue000"  # a private-use character, no text of the root's own: where its children go


def collection_pages(collection_id: str, corpus: bytes | str | Path, *,
                     stylesheets: str | Path | None = None,
                     made: Callable[[str], bytes | None] = lambda ident: None,
                     shard_folder: Path | None = None) -> dict[str, bytes]:
    """The collection page, the index of names and the search shards (path relative to the
    pages -> bytes) from the corpus TEI (its bytes, or the file).

    ``made`` gives an edition's shard where one was made already, from the TEI the corpus
    holds (the collection build makes each with its edition, :func:`edition_shard`), else None.
    With ``shard_folder`` the shards are written there (``<edition-id>.js``), not returned: a
    thousand editions' shards are some 80 MB."""
    folder = (Path(stylesheets) if stylesheets else xslt_dir()) / "collection"
    name = f"tei/{collection_id}.xml"
    shards: dict[str, bytes] = {}

    def keep(ident: str, data: bytes) -> None:
        if shard_folder is None:
            shards[f"{SHARDS}/{ident}.js"] = data
        else:
            (shard_folder / f"{ident}.js").write_bytes(data)

    with tempfile.TemporaryDirectory(prefix=".collection-pages-") as work:
        reduced = Path(work) / "source.xml"
        root, idents = _page_source(corpus, name, made, reduced, keep)
        source = FileSource(Path(name), root.getroottree(), reduced)
        params = {"index.html": {"collection-id": collection_id,
                                 "search-shards": json.dumps(idents, separators=(",", ":")) if idents else ""},
                  "names.html": {"collection-id": collection_id}}
        pages = {page: transform(folder / _STYLESHEETS[page], source, params[page]).encode("utf-8") for page in PAGES}
    return {**pages, **shards}


def _page_source(corpus: bytes | str | Path, name: str, made: Callable[[str], bytes | None], out: Path,
                 keep: Callable[[str], None]) -> tuple[etree._Element, list[str]]:
    """Write the corpus with each edition's text reduced to what the pages show into ``out``,
    and hand each edition's search shard to ``keep``, one edition at a time (:func:`iter_corpus`);
    return the corpus's root (its children let go) and the editions that have a shard."""
    idents: list[str] = []
    root = None
    with open(out, "wb") as handle:
        for root, element in iter_corpus(corpus, name):
            if element is None:  # the root's start tag, with its namespaces and attributes
                shell = etree.Element(root.tag, dict(root.attrib), nsmap=root.nsmap)
                shell.text = _SPLIT
                head, tail = etree.tostring(shell, encoding="UTF-8", xml_declaration=True).split(_SPLIT.encode())
                handle.write(head)
                continue
            if element.tag == f"{_T}TEI":
                ident = element.get(_XMLID) or ""
                data = made(ident)
                if data is None:
                    data = _shard(ident, element)
                if data:
                    keep(ident, data)
                    idents.append(ident)
                handle.write(etree.tostring(_reduced(element), encoding="UTF-8"))
            elif isinstance(element.tag, str):
                handle.write(etree.tostring(element, encoding="UTF-8", with_tail=False))
            root.remove(element)
        handle.write(tail)
    return root, idents


def _reduced(tei: etree._Element) -> etree._Element:
    """An embedded edition with everything but its text whole, and of its text the turns and
    names (:data:`_NAMES` with @ref) and the elements that hold them, with their attributes."""
    out = etree.Element(tei.tag, tei.attrib)
    for child in tei:
        if child.tag == f"{_T}text":
            kept = _kept(child)
            if kept is not None:
                out.append(kept)
        elif isinstance(child.tag, str):
            copied = copy.deepcopy(child)
            copied.tail = None
            out.append(copied)
    return out


def _kept(element: etree._Element) -> etree._Element | None:
    if element.tag in _NAMES and element.get("ref") is not None:
        copied = copy.deepcopy(element)
        copied.tail = None
        return copied
    children = [kept for kept in map(_kept, (c for c in element if isinstance(c.tag, str))) if kept is not None]
    if not children and element.tag not in (f"{_T}sp", f"{_T}text"):
        return None
    out = etree.Element(element.tag, element.attrib)
    out.extend(children)
    return out


def _shard(ident: str, tei: etree._Element) -> bytes:
    """The search shard of an embedded edition: its lunr index with the texts, as a script that
    hands it to the page (``trtCollectionSearch.push``); empty for an edition without turns.

    The index is made from the edition's text with the ids it has in its own TEI (the corpus
    prefixes them, ``E.t18.1``): the references of its page, and the register's ids, which are
    the collection's (an edition's ``karaeva`` is the corpus's ``#karaeva``)."""
    prefix = f"{ident}."
    own = copy.deepcopy(tei.find("tei:text", NS))
    if own is None:
        return b""
    for element in own.iter(etree.Element):
        value = element.get(_XMLID)
        if value is not None and value.startswith(prefix):
            element.set(_XMLID, value[len(prefix):])
        for attribute in _SEARCHED_POINTERS:
            value = element.get(attribute)
            if value is not None:
                element.set(attribute, " ".join(f"#{token[1 + len(prefix):]}" if token.startswith("#" + prefix)
                                                else token for token in value.split()))
    root = etree.Element(f"{_T}TEI")
    root.append(own)
    return edition_shard(ident, root)


def edition_shard(ident: str, tei: etree._Element | etree._ElementTree) -> bytes:
    """The search shard of edition ``ident`` from its own TEI (its own ids), as the collection
    page loads it; empty for an edition without turns."""
    return index_shard(ident, search.build([(ident, tei)]))


def index_shard(ident: str, index: search.SearchIndex) -> bytes:
    """The search shard of edition ``ident`` from its search index (``search.build`` of its TEI)."""
    data = index.to_json(texts=True)
    if not data:
        return b""
    return f"trtCollectionSearch.push({json.dumps(ident)}, {data});\n".encode("utf-8")


def check_anchors(editions: list[EditionTei]) -> None:
    """Refuse an edition id or register id that is also an id of the page that anchors it."""
    for ed in editions:
        if ed.id in _PAGE_IDS["index.html"]:
            raise InputError(f"edition id {ed.id!r} is also an id the collection page uses for itself",
                             ed.path, hint="give the edition another id (edition.id)")
        for entity in ed.entities:
            if entity.id in _PAGE_IDS["names.html"]:
                raise InputError(f"register id {entity.id!r} is also an id the index of names uses for itself",
                                 ed.path, entity.line, hint="give the register entry another id")
