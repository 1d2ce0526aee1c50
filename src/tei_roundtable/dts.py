"""A static Distributed Text Services (DTS 1.0) export: the Entry, Collection, Navigation and
Document endpoints as files that any static web server can serve (Level 0 of the specification's
conformance: no ``start``/``end`` ranges).

The citation tree comes from the TEI's ``refsDecl/citeStructure`` (here: turns ``tN`` and their
paragraphs ``tN.M``); ``match`` must be a path of element names (``/TEI/text/body/div/sp``,
``p``) and ``use`` an attribute (``@n``), which is what the toolkit writes; anything else is an
error naming the line. The URI templates are the path form the specification gives for static
implementations (RFC 6570 path and path-parameter expansions)::

    <base>index.json                                   Entry
    <base>collection{/id}{;nav}.json                   Collection (root: collection.json)
    <base>navigation/{resource}{;down}{/ref}.json      Navigation
    <base>document/{resource}{/ref}.xml                Document (TEI; a passage in dts:wrapper)

Navigation files exist for every reference with ``down`` absent, 0, 1 and -1, and for the whole
resource with ``down`` 1, 2 and -1 (the tree is two levels deep, so any ``down`` of 2 or more
answers as -1 does). The resource's ``@id`` is the edition id, a plain string (as the
specification requires of static implementations, whose ids cannot hold URLs); its URN is given
in ``dublinCore.identifier``.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import orjson
from lxml import etree

from ._io import write_files
from ._xml import NS, TEI_NS, XML_NS, Parsed, parse_file
from .errors import InputError
from .readings import element_text
from .render import edition_id

__all__ = ["CitableUnit", "CONTEXT", "DTS_NS", "export", "export_collection", "responses", "units"]

CONTEXT = "https://dtsapi.org/context/v1.0.json"
DTS_NS = "https://w3id.org/api/dts#"
DEFAULT_BASE = "/dts/"
_NAME_PATH = re.compile(r"^/{0,2}[A-Za-z_][\w.-]*(?://?[A-Za-z_][\w.-]*)*$")
_ATTRIBUTE = re.compile(r"^@([A-Za-z_][\w.-]*)$")
_XMLID = f"{{{XML_NS}}}id"


@dataclass(frozen=True)
class CitableUnit:
    """One node of the citation tree."""

    identifier: str
    level: int
    parent: str | None
    cite_type: str
    element: etree._Element

    def json(self) -> dict:
        data = {"identifier": self.identifier, "@type": "CitableUnit", "level": self.level,
                "parent": self.parent, "citeType": self.cite_type}
        who = self.element.get("who") if etree.QName(self.element).localname == "sp" else None
        speaker = self.element.find("tei:speaker", NS)
        if who and speaker is not None:
            label = element_text(speaker, "normalised")
            data["dublinCore"] = {"creator": [{"lang": _language(self.element), "value": label}]}
        return data


@dataclass(frozen=True)
class _Structure:
    unit: str
    match: str
    use: str
    delim: str
    children: tuple["_Structure", ...]
    line: int | None


def _language(element: etree._Element) -> str:
    for node in element.iterancestors():
        if node.get(f"{{{XML_NS}}}lang"):
            return node.get(f"{{{XML_NS}}}lang")
    idents = element.getroottree().xpath("//tei:langUsage/tei:language/@ident", namespaces=NS)
    return idents[0] if idents else "und"


def _xpath(path: str) -> str:
    """A path of element names with the TEI prefix on each step (lxml's XPath 1.0 has no default
    element namespace)."""
    return re.sub(r"(^|/)([A-Za-z_][\w.-]*)", r"\1tei:\2", path)


def _structures(parent: etree._Element, tei_path: Path) -> tuple[_Structure, ...]:
    found = []
    for node in parent.iterfind("tei:citeStructure", NS):
        match, use = node.get("match", ""), node.get("use", "")
        if not _NAME_PATH.match(match) or not _ATTRIBUTE.match(use):
            raise InputError(
                f"citeStructure match={match!r} use={use!r}: the DTS export reads a match that is a path "
                "of element names and a use that is one attribute", tei_path, node.sourceline,
                hint="write match as e.g. /TEI/text/body/div/sp and use as @n, as encode does")
        found.append(_Structure(node.get("unit") or etree.QName(match.rsplit("/", 1)[-1]).localname,
                                match, use, node.get("delim", ""), _structures(node, tei_path), node.sourceline))
    return tuple(found)


def units(tree: etree._ElementTree, tei_path: str | Path = "<tei>") -> tuple[list[dict], list[CitableUnit]]:
    """The citation tree of a TEI: its ``citeStructure`` as DTS CiteStructure objects, and every
    citable unit in document order."""
    tei_path = Path(tei_path)
    decl = tree.getroot().find("tei:teiHeader/tei:encodingDesc/tei:refsDecl", NS)
    structures = _structures(decl, tei_path) if decl is not None else ()
    found: list[tuple[etree._Element, CitableUnit]] = []
    # Each structure's path compiled once: it is evaluated from every unit of the level above.
    paths: dict[str, etree.XPath] = {}

    def walk(context: etree._Element, items: Sequence[_Structure], level: int, parent: CitableUnit | None):
        for structure in items:
            path = paths.get(structure.match)
            if path is None:
                path = paths[structure.match] = etree.XPath(_xpath(structure.match), namespaces=NS)
            for element in path(context):
                value = element.get(_ATTRIBUTE.match(structure.use).group(1))
                if not value:
                    raise InputError(f"a {structure.unit} has no {structure.use} for its reference",
                                     tei_path, element.sourceline, hint="give every citable unit its @n")
                ident = (parent.identifier if parent else "") + structure.delim + value
                unit = CitableUnit(ident, level, parent.identifier if parent else None, structure.unit, element)
                found.append((element, unit))
                walk(element, structure.children, level + 1, unit)

    walk(tree.getroot(), structures, 1, None)
    # Document order, whatever the order of the citeStructure declarations. Units found on lines
    # that strictly increase are in document order already (an element before another starts on
    # the same line or an earlier one); otherwise every element's position is looked up.
    lines = [element.sourceline for element, _ in found]
    if None not in lines and all(a < b for a, b in zip(lines, lines[1:])):
        ordered = [unit for _, unit in found]
    else:
        position = {element: i for i, element in enumerate(tree.getroot().iter())}
        ordered = [unit for _, unit in sorted(found, key=lambda pair: position[pair[0]])]
    seen: dict[str, CitableUnit] = {}
    for unit in ordered:
        if unit.identifier in seen:
            raise InputError(f"two citable units have the reference {unit.identifier!r}", tei_path,
                             unit.element.sourceline, hint="references must be unique in the citation tree")
        seen[unit.identifier] = unit

    def tree_json(items: Sequence[_Structure]) -> list[dict]:
        out = []
        for s in items:
            entry = {"@type": "CiteStructure", "citeType": s.unit}
            if s.children:
                entry["citeStructure"] = tree_json(s.children)
            out.append(entry)
        return out

    return tree_json(structures), ordered


@dataclass(frozen=True)
class _Edition:
    ident: str
    path: Path
    tree: etree._ElementTree
    cite_structure: list[dict]
    units: list[CitableUnit]
    data: bytes  # the file as read

    def text(self, xpath: str) -> str | None:
        """The first value ``xpath`` selects (an element's text, or an attribute), spaces folded."""
        values = self.tree.getroot().xpath(xpath, namespaces=NS)
        if not values:
            return None
        first = values[0]
        text = "".join(first.itertext()) if isinstance(first, etree._Element) else str(first)
        return " ".join(text.split()) or None


class _Site:
    """The URLs of the export under ``base``."""

    def __init__(self, base: str) -> None:
        self.base = base if base.endswith("/") else base + "/"

    def collection(self, ident: str | None = None, nav: str | None = None) -> str:
        return self.base + "collection" + (f"/{ident}" if ident else "") + (f";nav={nav}" if nav else "") + ".json"

    def navigation(self, resource: str, down: int | None = None, ref: str | None = None) -> str:
        return (self.base + f"navigation/{resource}" + (f";down={down}" if down is not None else "")
                + (f"/{ref}" if ref else "") + ".json")

    def document(self, resource: str, ref: str | None = None) -> str:
        return self.base + f"document/{resource}" + (f"/{ref}" if ref else "") + ".xml"

    def relative(self, url: str) -> str:
        return url[len(self.base):]


def _resource(edition: _Edition, site: _Site, parents: int) -> dict:
    title = edition.text("(//tei:titleStmt/tei:title[@type='main'] | //tei:titleStmt/tei:title)[1]")
    lang = _language(edition.tree.getroot().find("tei:text", NS))
    dublin = {"title": [{"lang": lang, "value": title or edition.ident}], "language": [lang], "type": ["Text"]}
    urn = edition.text("//tei:publicationStmt/tei:idno[@type='URN']")
    if urn:
        dublin["identifier"] = [urn]
    publisher = edition.text("//tei:publicationStmt/tei:publisher")
    if publisher:
        dublin["publisher"] = [publisher]
    date = edition.text("//tei:publicationStmt/tei:date/@when")
    if date:
        dublin["date"] = [date]
    licence = edition.text("//tei:publicationStmt/tei:availability/tei:licence/@target")
    if licence and licence.startswith(("http://", "https://")):
        dublin["license"] = [licence]
    data = {
        "@id": edition.ident, "@type": "Resource", "title": title or edition.ident,
        "totalParents": parents, "totalChildren": 0,
        "collection": site.base + f"collection/{edition.ident}{{;nav}}.json",
        "navigation": site.base + f"navigation/{edition.ident}{{;down}}{{/ref}}.json",
        "document": site.base + f"document/{edition.ident}{{/ref}}.xml",
        "download": site.document(edition.ident),
        "mediaTypes": ["application/tei+xml"],
        "citationTrees": [{"@type": "CitationTree", "citeStructure": edition.cite_structure}],
        "dublinCore": dublin,
    }
    return data


class _Tree:
    """An edition's citable units as JSON, each made once, with who is below and beside whom: a
    Navigation response lists the same units many times (about 580 responses for 115 units)."""

    def __init__(self, found: Sequence[CitableUnit]) -> None:
        self.units = list(found)
        self.json = {u.identifier: u.json() for u in found}
        self.below: dict[str, list[CitableUnit]] = {u.identifier: [] for u in found}
        self.beside: dict[str | None, list[CitableUnit]] = {}
        parents = {u.identifier: u.parent for u in found}
        for unit in found:  # document order, so each list is in document order too
            self.beside.setdefault(unit.parent, []).append(unit)
            parent = unit.parent
            while parent is not None:
                self.below[parent].append(unit)
                parent = parents[parent]


def _navigation(edition: _Edition, site: _Site, resource: dict, down: int | None, ref: CitableUnit | None,
                tree: _Tree) -> dict:
    nav = {"@context": CONTEXT, "dtsVersion": "1.0", "@type": "Navigation",
           "@id": site.navigation(edition.ident, down, ref.identifier if ref else None),
           "resource": resource}
    if ref is not None:
        nav["ref"] = tree.json[ref.identifier]
    if down is None:
        return nav
    if down == 0:
        members = tree.beside[ref.parent]
    else:
        deepest = None if down == -1 else (ref.level if ref else 0) + down
        members = [u for u in (tree.below[ref.identifier] if ref else tree.units) if deepest is None or u.level <= deepest]
        if ref is not None and not members:
            members = [ref]
    nav["member"] = [tree.json[u.identifier] for u in members]
    return nav


def _fragment(unit: CitableUnit) -> bytes:
    """The passage as TEI: ``<TEI><dts:wrapper>`` around a copy of its element."""
    root = etree.Element(f"{{{TEI_NS}}}TEI", nsmap={None: TEI_NS})
    wrapper = etree.SubElement(root, f"{{{DTS_NS}}}wrapper", nsmap={"dts": DTS_NS})
    passage = copy.deepcopy(unit.element)
    passage.tail = None
    wrapper.append(passage)
    etree.cleanup_namespaces(root, top_nsmap={None: TEI_NS, "dts": DTS_NS})
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


_TEI_XMLNS = f' xmlns="{TEI_NS}"'.encode()


@lru_cache(maxsize=1)
def _wrapping() -> tuple[bytes, bytes]:
    """What :func:`_fragment` writes before and after a passage, as it writes it."""
    marker = etree.Element(f"{{{TEI_NS}}}marker")
    fragment = _fragment(CitableUnit("x", 1, None, "x", marker))
    head, tail = fragment.split(b"<marker/>")
    return head, tail


def _plain(data: bytes, tree: etree._ElementTree) -> bool:
    """Whether the TEI declares one namespace, TEI's as the default, on its root and nowhere else:
    then every passage needs no declaration of its own inside the wrapper."""
    return data.count(b"xmlns") == 1 and tree.getroot().nsmap == {None: TEI_NS}


def _plain_fragment(unit: CitableUnit) -> bytes:
    """:func:`_fragment` of a passage of a plain TEI (see :func:`_plain`), byte for byte, without
    copying its element: serialised where it is, its element carries the default namespace
    declaration it inherits, which the wrapper's root makes redundant."""
    head, tail = _wrapping()
    return head + etree.tostring(unit.element, encoding="UTF-8", with_tail=False).replace(_TEI_XMLNS, b"", 1) + tail


def _json(data: dict) -> bytes:
    # orjson writes the same bytes as json.dumps(ensure_ascii=False, indent=2) (UTF-8, ": " and
    # two-space indents) about 30 times faster: the standard library's indenting encoder is pure Python.
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def responses(tei_paths: Iterable[str | Path], *, base: str = DEFAULT_BASE,
              collection_id: str = "editions", collection_title: str = "tei-roundtable editions",
              parsed: Mapping[Path, Parsed] | None = None) -> dict[str, bytes]:
    """Every response of the export, by its path relative to the export folder. ``parsed``: the
    bytes and safe parse of TEI files of ``tei_paths`` as the caller holds them (by path), which
    are then not read again."""
    site = _Site(base)
    editions = []
    for path in tei_paths:
        path = Path(path)
        held = (parsed or {}).get(path)
        tree, data = (held.tree, held.data) if held is not None else (parse_file(path), None)
        tree_json, found = units(tree, path)
        editions.append(_Edition(edition_id(tree, path), path, tree, tree_json, found,
                                 data if data is not None else path.read_bytes()))
    idents = [e.ident for e in editions]
    if len(set(idents)) != len(idents) or collection_id in idents:
        raise InputError("two editions of the DTS collection have the same id", editions[-1].path,
                         hint="every edition needs its own URN id")
    out: dict[str, bytes] = {}
    entry = {"@context": CONTEXT, "dtsVersion": "1.0", "@id": site.base + "index.json", "@type": "EntryPoint",
             "collection": site.base + "collection{/id}{;nav}.json",
             "navigation": site.base + "navigation/{resource}{;down}{/ref}.json",
             "document": site.base + "document/{resource}{/ref}.xml"}
    out["index.json"] = _json(entry)
    resources = {e.ident: _resource(e, site, 1) for e in editions}
    root = {"@context": CONTEXT, "dtsVersion": "1.0", "@id": collection_id, "@type": "Collection",
            "title": collection_title, "totalParents": 0, "totalChildren": len(editions),
            "collection": site.base + "collection{/id}{;nav}.json",
            "member": [{k: v for k, v in resources[e.ident].items()} for e in editions]}
    out[site.relative(site.collection())] = _json(root)
    out[site.relative(site.collection(collection_id))] = _json(root)
    out[site.relative(site.collection(nav="parents"))] = _json({**{k: v for k, v in root.items() if k != "member"}, "member": []})
    out[site.relative(site.collection(collection_id, nav="parents"))] = out[site.relative(site.collection(nav="parents"))]
    parent_member = {k: v for k, v in root.items() if k not in ("@context", "dtsVersion", "member")}
    for edition in editions:
        resource = resources[edition.ident]
        in_navigation = {k: v for k, v in resource.items() if k not in ("totalParents", "totalChildren")}
        tree = _Tree(edition.units)
        fragment = _plain_fragment if _plain(edition.data, edition.tree) else _fragment
        out[site.relative(site.collection(edition.ident))] = _json({"@context": CONTEXT, "dtsVersion": "1.0", **resource})
        out[site.relative(site.collection(edition.ident, "parents"))] = _json(
            {"@context": CONTEXT, "dtsVersion": "1.0", **resource, "member": [parent_member]})
        for down in (1, 2, -1):
            out[site.relative(site.navigation(edition.ident, down))] = _json(_navigation(edition, site, in_navigation, down, None, tree))
        for unit in edition.units:
            for down in (None, 0, 1, -1):
                out[site.relative(site.navigation(edition.ident, down, unit.identifier))] = _json(
                    _navigation(edition, site, in_navigation, down, unit, tree))
            out[site.relative(site.document(edition.ident, unit.identifier))] = fragment(unit)
        out[site.relative(site.document(edition.ident))] = edition.data
    return out


def export_collection(tei_paths: Iterable[str | Path], out_dir: str | Path, **options) -> list[Path]:
    """Write the DTS export of several editions into ``out_dir`` (all files or none)."""
    tei_paths = [Path(p) for p in tei_paths]
    folder = Path(out_dir)  # once, not once per file (580 of them: 0.8 ms)
    files = {folder / relative: data for relative, data in responses(tei_paths, **options).items()}
    return write_files(files, inputs={tei: "a TEI being exported" for tei in tei_paths})


def export(tei_path: str | Path, out_dir: str | Path, *, base: str = DEFAULT_BASE,
           parsed: Parsed | None = None) -> list[Path]:
    """Write the DTS export of one edition into ``out_dir`` (e.g. ``dist/dts``); the files written.
    ``parsed``: the TEI's bytes and safe parse, when the caller holds them (see :func:`responses`)."""
    tei_path = Path(tei_path)
    return export_collection([tei_path], out_dir, base=base, parsed={tei_path: parsed} if parsed else None)
