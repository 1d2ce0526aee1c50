"""Render a TEI edition as a citable HTML page and plain-text editions (XSLT 3.0, saxonche).

The stylesheets are ``xslt/tei2html.xsl`` and ``xslt/tei2text.xsl`` (shared modules in
``xslt/lib/``). Each is compiled once per process and reused; the Saxon processor stays
alive with them. The TEI is parsed safely first (:func:`tei_roundtable._xml.parse_file`)
and only then handed to Saxon.

Problems surface as located errors, never as Saxon's console output:

* the stylesheets check what they need (ids, pointers, a complete ``choice`` …) and report
  each problem with the XPath ``path()`` of the node; here the path becomes the line of the
  TEI file (:class:`~tei_roundtable.errors.CheckFailed` of :class:`InputError` findings);
* static errors of a stylesheet, and dynamic errors the stylesheets catch with
  ``xsl:try``, become an :class:`InputError` naming the stylesheet file and line.

The HTML page carries its own search: :mod:`tei_roundtable.search` builds a lunr index of the
same parsed tree, which the stylesheet embeds as JSON beside lunr.js (``xslt/lib/lunr.min.js``).

Outputs, all deterministic (same TEI, same bytes)::

    <out>/html/index.html                  the HTML edition (CSS, JavaScript and search index inside)
    <out>/txt/<edition-id>.txt             plain text, normalised reading
    <out>/txt/<edition-id>-diplomatic.txt  plain text, diplomatic reading
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from . import search
from ._io import same_file, write_files
from .resources import xslt_dir
from ._xml import Parsed, parse_file
from ._xslt import FileSource, Source, transform
from .errors import InputError, OutputError, TeiRoundtableError

__all__ = ["READINGS", "edition_id", "render", "render_outputs", "render_html", "render_text", "targets"]

READINGS = ("normalised", "diplomatic")

_URN = re.compile(r"^urn:tei-roundtable:([A-Za-z0-9][A-Za-z0-9._-]*):")
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")

def edition_id(tree: etree._ElementTree, tei_path: str | Path) -> str:
    """The edition's id: from its URN ``urn:tei-roundtable:<id>:<version>``, else the file name."""
    urns = tree.getroot().xpath(
        "//tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:idno[@type='URN']/text()",
        namespaces={"tei": "http://www.tei-c.org/ns/1.0"},
    )
    for urn in urns:
        match = _URN.match(urn.strip())
        if match:
            return match.group(1)
    stem = Path(tei_path).stem
    if not _SAFE_ID.match(stem):
        raise InputError(
            "cannot name the output files: the TEI has no tei-roundtable URN and its file name "
            f"{stem!r} is not a plain id", tei_path,
            hint="add <idno type=\"URN\">urn:tei-roundtable:<id>:<version></idno> or rename the file",
        )
    return stem


# ---------------------------------------------------------------------------------------------
# public API


def _load(tei_path: str | Path, tree: etree._ElementTree | None = None,
          parsed: Parsed | None = None) -> tuple[Source, str]:
    tei_path = Path(tei_path)
    if parsed is not None:
        if tree is not None and tree is not parsed.tree:
            raise TeiRoundtableError("render: give the TEI's tree or its parse, not both")
        # Saxon reads the file while it holds the bytes lxml parsed (cheaper than a string of
        # the tree); else it parses lxml's serialisation of the tree, as for any other caller.
        if _holds(tei_path, parsed.data):
            return FileSource(tei_path, parsed.tree, tei_path, parsed.data), edition_id(parsed.tree, tei_path)
        tree = parsed.tree
    if tree is None:
        tree = parse_file(tei_path)
    return Source(tei_path, tree), edition_id(tree, tei_path)


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def render_html(tei_path: str | Path, *, stylesheets: str | Path | None = None) -> bytes:
    """The HTML edition of ``tei_path`` as UTF-8 bytes."""
    source, ident = _load(tei_path)
    return _html(source, ident, Path(stylesheets) if stylesheets else xslt_dir())


def render_text(tei_path: str | Path, reading: str = "normalised", *,
                stylesheets: str | Path | None = None) -> bytes:
    """A plain-text edition of ``tei_path`` (``reading``: normalised or diplomatic), UTF-8."""
    if reading not in READINGS:
        raise TeiRoundtableError(f"unknown reading {reading!r}; use one of: {', '.join(READINGS)}")
    source, ident = _load(tei_path)
    return _text(source, ident, reading, Path(stylesheets) if stylesheets else xslt_dir())


def _html(source: Source, ident: str, folder: Path, warnings: list[InputError] | None = None,
          index: search.SearchIndex | None = None) -> bytes:
    # The search index is built here, from the same safely parsed tree the stylesheet reads,
    # unless the caller has built it from that tree already.
    if index is None:
        index = search.build([(ident, source.tree)])
    elif any(doc.edition != ident for doc in index.docs):
        raise TeiRoundtableError(f"the search index given is not of edition {ident!r}")
    data = index.to_json()
    params = {"edition-id": ident, "search-data": _SEARCH_MARK if data else ""}
    page = transform(folder / "tei2html.xsl", source, params, warnings).encode("utf-8")
    if not data:
        return page
    # The index (JSON, a third of the page) goes into the page here, in place of the marker the
    # stylesheet wrote as the script's content, rather than through Saxon, which writes a
    # script's content unchanged anyway: taking it as a parameter and writing it cost 2.7 ms.
    # The slot is found whole, once: text and attribute values of the TEI cannot make it (the
    # page escapes their < and "), nor can the index (to_json escapes "</").
    slot = _SEARCH_SCRIPT % _SEARCH_MARK.encode()
    if page.count(slot) != 1:
        raise TeiRoundtableError("the page has no single place for its search index; please report it with the TEI file")
    before, after = page.split(slot)
    return before + _SEARCH_SCRIPT % data.encode("utf-8") + after


_SEARCH_MARK = "trt:search-index"  # written by lib/html-search.xsl where the index goes
_SEARCH_SCRIPT = b'<script type="application/json" id="search-data">%s</script>'


def _text(source: Source, ident: str, reading: str, folder: Path, warnings: list[InputError] | None = None,
          checked: bool = False) -> bytes:
    # checked: tei2html.xsl has rendered this very tree (source) without a problem; its checks
    # include every check of tei2text.xsl (lib/check.xsl), which then need not run again.
    params = {"reading": reading, "edition-id": ident}
    if checked:
        params["checked"] = "yes"
    return transform(folder / "tei2text.xsl", source, params, warnings).encode("utf-8")


def render_outputs(tei_path: str | Path, *, stylesheets: str | Path | None = None,
                   warnings: list[InputError] | None = None, tree: etree._ElementTree | None = None,
                   search_index: search.SearchIndex | None = None, parsed: Parsed | None = None) -> dict[str, bytes]:
    """All outputs in memory: relative path (``html/index.html``, ``txt/<id>.txt`` …) -> bytes.

    Elements of TEI from elsewhere that the stylesheets render as their plain text (nothing is
    lost, the markup is not shown) are added to ``warnings``, once each, when it is given.

    A caller that holds the TEI parsed already (safely: :mod:`tei_roundtable._xml`) passes it
    as ``tree``, or, holding the bytes it parsed them from too (a build, the TEI it has just
    written), as ``parsed``; one that needs the edition's search index for itself too (a collection's
    shard) builds it once, ``search.build([(edition id, tree)])``, and passes it as
    ``search_index``. Both are what would otherwise be made here from ``tei_path``.
    """
    source, ident = _load(tei_path, tree, parsed)
    folder = Path(stylesheets) if stylesheets else xslt_dir()
    found: list[InputError] = []
    outputs = {
        "html/index.html": _html(source, ident, folder, found, search_index),
        # After the page, from the same source: the page's checks passed (see _text).
        f"txt/{ident}.txt": _text(source, ident, "normalised", folder, found, checked=True),
        f"txt/{ident}-diplomatic.txt": _text(source, ident, "diplomatic", folder, found, checked=True),
    }
    if warnings is not None:
        # Each stylesheet reports the same element: once per place and message.
        unique = {(w.location.line, w.message): w for w in found}
        warnings.extend(sorted(unique.values(), key=lambda w: (w.location.line, w.message)))
    return outputs


def targets(tei_path: str | Path, out_dir: str | Path) -> list[Path]:
    """The files :func:`render` writes for ``tei_path`` into ``out_dir``, known before rendering."""
    ident = edition_id(parse_file(tei_path), tei_path)
    return [Path(out_dir) / rel for rel in ("html/index.html", f"txt/{ident}.txt", f"txt/{ident}-diplomatic.txt")]


def render(tei_path: str | Path, out_dir: str | Path, *, stylesheets: str | Path | None = None,
           warnings: list[InputError] | None = None, tree: etree._ElementTree | None = None,
           search_index: search.SearchIndex | None = None) -> list[Path]:
    """Render ``tei_path`` into ``out_dir`` (html/ and txt/); return the files written.

    Everything is rendered, and every target checked, before anything is written; the files are
    then written all or nothing (:func:`tei_roundtable._io.write_files`), so a failure leaves
    ``out_dir`` as it was. ``warnings``, ``tree``, ``search_index``: see :func:`render_outputs`.
    """
    outputs = render_outputs(tei_path, stylesheets=stylesheets, warnings=warnings, tree=tree,
                             search_index=search_index)
    return write_outputs(outputs, tei_path, out_dir)


def write_outputs(outputs: dict[str, bytes], tei_path: str | Path, out_dir: str | Path) -> list[Path]:
    """Write what :func:`render_outputs` made of ``tei_path`` into ``out_dir``, all or nothing."""
    files = {Path(out_dir) / relative: data for relative, data in outputs.items()}
    for path in files:
        if same_file(path, tei_path):
            raise OutputError("cannot write here: it is the TEI being rendered", path,
                              hint="choose another --out folder")
    return write_files(files)
