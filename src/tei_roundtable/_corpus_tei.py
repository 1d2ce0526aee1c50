"""The collection's TEI: one ``teiCorpus`` holding every edition's TEI whole.

Why embedded and not ``xi:include``: the editions' ids repeat from one edition to the next (every
edition has a turn ``t1``; a person of the shared register has the same id in each edition that
names them). A ParlaMint-style corpus root that ``xi:include`` s the edition files expands into a
document with duplicate ``xml:id`` s, which is not valid TEI (nor XML with ``xml:id``); giving the
edition files corpus-wide ids instead would change their citation references (``t18.1``), which
must stay what they are. So the corpus is a derived document made from the master files: each
edition's ``TEI`` is copied in, its ids prefixed with the edition id (``t18.1`` of edition ``E``
is ``E.t18.1``, the edition's own ``TEI`` element is ``E``) and every local pointer rewritten to
match; the shared entities are listed once, unprefixed, in the corpus's ``standOff``, and each
edition's entry for one points to it with ``@sameAs``. The corpus's ``refsDecl`` gives the citation
structure ``E.tN.M``, which is the prefixed id.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from . import __version__
from ._xml import NS, TEI_NS, XML_NS, parse_file
from .collection import CollectionMeta
from .encode import serialize
from .errors import InputError
from .render import edition_id

_ID = f"{{{XML_NS}}}id"
_LANG = f"{{{XML_NS}}}lang"
# The attributes of TEI (data.pointer) that point at ids with "#id" in the edition TEI.
_POINTERS = ("who", "ref", "target", "resp", "corresp", "sameAs", "source", "ana", "next", "prev",
             "copyOf", "synch", "select", "exclude", "hand", "decls", "facs", "spanTo")
_KINDS = {"person": "persName", "org": "orgName", "place": "placeName"}
_KIND_WORDS = {"person": "a person", "org": "an organisation", "place": "a place"}
_LISTS = {"person": "listPerson", "org": "listOrg", "place": "listPlace"}


def _tei(tag: str) -> str:
    return f"{{{TEI_NS}}}{tag}"


@dataclass(frozen=True)
class EditionTei:
    """One edition's TEI as the collection reads it: its id, file and (safely parsed) tree."""

    id: str
    path: Path
    tree: etree._ElementTree

    def idno(self, kind: str) -> str | None:
        found = self.tree.getroot().find(f"tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:idno[@type='{kind}']", NS)
        return " ".join(found.text.split()) if found is not None and found.text and found.text.strip() else None

    @property
    def title(self) -> str:
        found = self.tree.getroot().find("tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[@type='main']", NS)
        return " ".join("".join(found.itertext()).split()) if found is not None else self.id

    @property
    def language(self) -> str | None:
        return self.tree.getroot().get(_LANG)


def read_editions(edition_teis: list[Path]) -> list[EditionTei]:
    """Parse every edition TEI (safely); refuse a file that is not a TEI and two with one id."""
    editions: list[EditionTei] = []
    seen: dict[str, Path] = {}
    for path in map(Path, edition_teis):
        tree = parse_file(path)
        root = tree.getroot()
        if root.tag != _tei("TEI"):
            raise InputError(f"not an edition's TEI: the root element is {etree.QName(root).localname}, not TEI",
                             path, root.sourceline or 0,
                             hint="give the TEI files that `tei-roundtable encode` makes, one per edition")
        ident = edition_id(tree, path)
        if ident in seen:
            raise InputError(f"edition id {ident!r} is also the id of {seen[ident]}", path, root.sourceline or 0,
                             hint="each edition of a collection needs an id of its own (edition.id)")
        seen[ident] = path
        editions.append(EditionTei(ident, path, tree))
    if not editions:
        raise InputError("a collection needs at least one edition", "<collection>",
                         hint="give the TEI files of the collection's editions")
    return editions


def corpus_tei(meta: CollectionMeta, editions: list[EditionTei]) -> bytes:
    """The ``teiCorpus`` of the collection as bytes: same inputs, same bytes."""
    languages = {ed.language for ed in editions}
    root = etree.Element(_tei("teiCorpus"), nsmap={None: TEI_NS})
    if len(languages) == 1 and None not in languages:
        root.set(_LANG, languages.pop())
    root.append(_header(meta, editions))
    register = _register(editions)
    stand_off = etree.SubElement(root, _tei("standOff"))
    for kind in _KINDS:
        entries = [entry for entry, _ in register.values() if etree.QName(entry).localname == kind]
        if entries:
            etree.SubElement(stand_off, _tei(_LISTS[kind]), type="register").extend(entries)
    if not len(stand_off):
        root.remove(stand_off)
    for ed in editions:
        root.append(_embedded(ed, register))
    _check_ids(root, editions)
    return serialize(etree.ElementTree(root))


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, _tei(tag), {k: v for k, v in attrs.items() if v is not None})
    element.text = text
    return element


def _header(meta: CollectionMeta, editions: list[EditionTei]) -> etree._Element:
    header = etree.Element(_tei("teiHeader"))
    file_desc = _sub(header, "fileDesc")
    title_stmt = _sub(file_desc, "titleStmt")
    _sub(title_stmt, "title", meta.title, type="main")
    for editor in meta.editors:
        resp_stmt = _sub(title_stmt, "respStmt")
        _sub(resp_stmt, "resp", ", ".join(editor.roles))
        _sub(resp_stmt, "persName" if editor.type == "person" else "orgName", editor.name,
             ref=f"https://orcid.org/{editor.orcid}" if editor.orcid else None)
    edition = _sub(_sub(file_desc, "editionStmt"), "edition", f"Version {meta.version}, ", n=meta.version)
    _sub(edition, "date", meta.date, when=meta.date)
    _sub(_sub(file_desc, "extent"), "measure", f"{len(editions)} edition{'s' if len(editions) != 1 else ''}",
         unit="edition", quantity=str(len(editions)))
    publication = _sub(file_desc, "publicationStmt")
    _sub(publication, "publisher", meta.publisher)
    if meta.contact_email:  # where the editors are reached (the deposit's Contact-Email)
        _sub(_sub(_sub(publication, "address"), "addrLine"), "email", meta.contact_email)
    _sub(publication, "date", meta.date, when=meta.date)
    _sub(publication, "idno", meta.urn, type="URN")
    if meta.doi:
        _sub(publication, "idno", meta.doi, type="DOI")
    if meta.base_url:
        _sub(publication, "idno", meta.base_url, type="URL")
    _sub(_sub(publication, "availability"), "licence", meta.licence.text, target=meta.licence.url)
    bibls = _sub(_sub(file_desc, "sourceDesc"), "listBibl")
    for ed in editions:
        bibl = _sub(bibls, "bibl", corresp=f"#{ed.id}")
        _sub(bibl, "title", ed.title)
        for kind in ("URN", "DOI", "URL"):
            if ed.idno(kind):
                _sub(bibl, "idno", ed.idno(kind), type=kind)
    encoding = _sub(header, "encodingDesc")
    project = _sub(encoding, "projectDesc")
    if meta.description:
        _sub(project, "p", meta.description)
    _sub(project, "p", "Made with tei-roundtable from the master TEI files of the editions, each included whole. "
         "So that ids are unique in the corpus, every id of an edition is prefixed with the edition's id "
         "(t18.1 of edition E is E.t18.1, the edition's TEI element is E) and its pointers are rewritten to "
         "match. Every person, organisation and place of the editions is listed once, under its one id, in "
         "the corpus's standOff; each edition's entry for it (with the role and affiliation of that "
         "event) points there with @sameAs.")
    structure = _sub(_sub(encoding, "refsDecl"), "citeStructure", unit="edition", match="/teiCorpus/TEI",
                     use="@xml:id")
    turn = _sub(structure, "citeStructure", unit="turn", match="text/body/div/sp", use="@n", delim=".t")
    _sub(turn, "citeStructure", unit="paragraph", match="p", use="@n", delim=".")
    application = _sub(_sub(encoding, "appInfo"), "application", ident="tei-roundtable", version=__version__)
    _sub(application, "label", "tei-roundtable")
    return header


def entities(ed: EditionTei) -> list[etree._Element]:
    return ed.tree.getroot().xpath("//tei:person[@xml:id] | //tei:org[@xml:id] | //tei:place[@xml:id]",
                                   namespaces=NS)


def _name(entity: etree._Element, kind: str) -> str:
    name = entity.find(f"tei:{_KINDS[kind]}", NS)
    return " ".join("".join(name.itertext()).split()) if name is not None else ""


def _register(editions: list[EditionTei]) -> dict[str, tuple[etree._Element, EditionTei]]:
    """The corpus's register: one entry per id of a person, organisation or place, in the order of
    first appearance; its name (and idnos) from the first edition that has it.

    The same id in two editions is one entity (the collection's shared register gives it); the
    same id for two kinds of entity cannot be, and is refused.
    """
    register: dict[str, tuple[etree._Element, EditionTei]] = {}
    for ed in editions:
        for entity in entities(ed):
            ident, kind = entity.get(_ID), etree.QName(entity).localname
            if ident in register:
                first, where = register[ident]
                if etree.QName(first).localname != kind:
                    raise InputError(
                        f"register id {ident!r} is {_KIND_WORDS[kind]} here but {_KIND_WORDS[etree.QName(first).localname]} "
                        f"in {where.path}", ed.path, entity.sourceline or 0,
                        hint="one id names one entity across the collection's editions; give one of them another id")
                if _name(entity, kind) != _name(first, kind):
                    # Two editions' own entries that happen to share an id would otherwise merge two
                    # people into one index entry; a shared register entry has one name everywhere.
                    raise InputError(
                        f"register id {ident!r} is {_name(entity, kind)!r} here but {_name(first, kind)!r} in "
                        f"{where.path}", ed.path, entity.sourceline or 0,
                        hint="one id names one entity across the collection's editions: use the shared "
                             "register's entry in both, or give one of them another id")
                continue
            entry = etree.Element(_tei(kind), {_ID: ident})
            # The first name is the preferred one; idnos (Wikidata, VIAF) identify the entity itself.
            for child in entity.findall(f"tei:{_KINDS[kind]}", NS)[:1] + entity.findall("tei:idno", NS):
                copied = copy.deepcopy(child)
                copied.tail = None
                entry.append(copied)
            register[ident] = (entry, ed)
    return register


def _embedded(ed: EditionTei, register: dict) -> etree._Element:
    """A copy of the edition's TEI with its ids prefixed and its pointers rewritten."""
    tei = copy.deepcopy(ed.tree.getroot())
    prefix = f"{ed.id}."
    for element in tei.iter(etree.Element):
        ident = element.get(_ID)
        if ident is not None:
            element.set(_ID, prefix + ident)
        for name in _POINTERS:
            value = element.get(name)
            if value is not None:
                element.set(name, " ".join(f"#{prefix}{token[1:]}" if token.startswith("#") else token
                                           for token in value.split()))
        match = element.get("match") if element.tag == _tei("citeStructure") else None
        if match is not None and (match == "/TEI" or match.startswith("/TEI/")):
            element.set("match", f"/teiCorpus/TEI[@xml:id='{ed.id}']" + match[len("/TEI"):])
    for entity in tei.xpath("//tei:person[@xml:id] | //tei:org[@xml:id] | //tei:place[@xml:id]", namespaces=NS):
        shared = entity.get(_ID)[len(prefix):]
        if shared in register:
            entity.set("sameAs", f"#{shared}")
    tei.set(_ID, ed.id)
    return tei


def _check_ids(root: etree._Element, editions: list[EditionTei]) -> None:
    """Every id once, every pointer to an id of the corpus; a problem is named in its edition's file."""
    ids: dict[str, etree._Element] = {}
    by_id = {ed.id: ed for ed in editions}

    def located(element: etree._Element) -> tuple[Path | str, int]:
        tei = next((a for a in element.iterancestors(_tei("TEI"))), element if element.tag == _tei("TEI") else None)
        ed = by_id.get(tei.get(_ID)) if tei is not None else None
        return (ed.path, element.sourceline or 0) if ed is not None else ("<collection>", 0)

    for element in root.iter(etree.Element):
        ident = element.get(_ID)
        if ident is None:
            continue
        if ident in ids:
            raise InputError(f"id {ident!r} would be used twice in the collection's TEI (an edition id that is "
                             "also the id of a register entry?)", *located(element),
                             hint="give the edition or the register entry another id")
        ids[ident] = element
    for element in root.iter(etree.Element):
        for name in _POINTERS:
            for token in (element.get(name) or "").split():
                if token.startswith("#") and token[1:] not in ids:
                    file, line = located(element)
                    ed = next((e for e in editions if token[1:].startswith(f"{e.id}.")), None)
                    shown = token[len(ed.id) + 2:] if ed is not None else token[1:]
                    raise InputError(f"@{name} points to #{shown}, which no element of the edition has", file, line,
                                     hint=f"validate the edition: tei-roundtable validate {file}")
