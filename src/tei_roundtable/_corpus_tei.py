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

Why one file and not a corpus root that ``xi:include`` s prefixed copies: the deposit carries the
collection's TEI as one self-contained document (``verify`` remakes the pages from it), and a
reader that expands the includes holds the same whole anyway. What keeps a collection of a
thousand editions within bounds is how it is made: :func:`read_editions` keeps a small summary
per edition (:class:`EditionTei`: id, title, identifiers, register entries), not its tree, and
:func:`write_corpus` writes the corpus edition after edition, parsing each edition's file again
when its turn comes, so that one edition's tree is in memory at a time.
"""

from __future__ import annotations

import copy
import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

from lxml import etree

from . import __version__
from ._xml import NS, TEI_NS, XML_NS, XMLError, _refuse_doctype, parse_file
from .collection import CollectionMeta
from .encode import _indent
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
class Entity:
    """A person, organisation or place of an edition's register, as the corpus's register lists it."""

    id: str
    kind: str  # person, org, place
    name: str  # its first name, whitespace folded: one id must have one name across the collection
    entry: bytes  # the corpus's register entry (``<person xml:id>`` with the first name and the idnos)
    line: int  # where the edition's TEI has it


@dataclass(frozen=True)
class EditionTei:
    """What the collection needs of one edition's TEI without its tree: its id and file, title,
    language, identifiers and register entries (read once by :func:`read_editions`)."""

    id: str
    path: Path
    title: str
    language: str | None
    idnos: tuple[tuple[str, str], ...]  # (type, value) of publicationStmt/idno
    entities: tuple[Entity, ...]
    line: int = 0  # of the root element

    @classmethod
    def of(cls, root: etree._Element, ident: str, path: Path) -> "EditionTei":
        found = root.find("tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[@type='main']", NS)
        title = " ".join("".join(found.itertext()).split()) if found is not None else ident
        idnos = tuple((el.get("type") or "", " ".join(el.text.split()))
                      for el in root.iterfind("tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:idno", NS)
                      if el.text and el.text.strip())
        return cls(ident, Path(path), title, root.get(_LANG), idnos,
                   tuple(_entity(entity) for entity in entities(root)), root.sourceline or 0)

    def idno(self, kind: str) -> str | None:
        return next((value for type_, value in self.idnos if type_ == kind), None)


def _entity(element: etree._Element) -> Entity:
    kind = etree.QName(element).localname
    entry = etree.Element(_tei(kind), {_ID: element.get(_ID)}, nsmap={None: TEI_NS})
    # The first name is the preferred one; idnos (Wikidata, VIAF) identify the entity itself.
    for child in element.findall(f"tei:{_KINDS[kind]}", NS)[:1] + element.findall("tei:idno", NS):
        copied = copy.deepcopy(child)
        copied.tail = None
        entry.append(copied)
    return Entity(element.get(_ID), kind, _name(element, kind), etree.tostring(entry), element.sourceline or 0)


def _edition_root(path: Path) -> etree._Element:
    root = parse_file(path).getroot()
    if root.tag != _tei("TEI"):
        raise InputError(f"not an edition's TEI: the root element is {etree.QName(root).localname}, not TEI",
                         path, root.sourceline or 0,
                         hint="give the TEI files that `tei-roundtable encode` makes, one per edition")
    return root


def read_editions(edition_teis: list[Path]) -> list[EditionTei]:
    """Parse every edition TEI (safely, one at a time) and keep its summary; refuse a file that
    is not a TEI and two with one id."""
    editions: list[EditionTei] = []
    seen: dict[str, Path] = {}
    for path in map(Path, edition_teis):
        root = _edition_root(path)
        ident = edition_id(root.getroottree(), path)
        if ident in seen:
            raise InputError(f"edition id {ident!r} is also the id of {seen[ident]}", path, root.sourceline or 0,
                             hint="each edition of a collection needs an id of its own (edition.id)")
        seen[ident] = path
        editions.append(EditionTei.of(root, ident, path))
    if not editions:
        raise InputError("a collection needs at least one edition", "<collection>",
                         hint="give the TEI files of the collection's editions")
    return editions


def corpus_tei(meta: CollectionMeta, editions: list[EditionTei]) -> bytes:
    """The ``teiCorpus`` of the collection as bytes: same inputs, same bytes (:func:`write_corpus`)."""
    buffer = io.BytesIO()
    write_corpus(meta, editions, buffer)
    return buffer.getvalue()


def write_corpus(meta: CollectionMeta, editions: list[EditionTei], out: BinaryIO,
                 on_edition: Callable[[EditionTei, etree._Element], None] | None = None) -> None:
    """Write the ``teiCorpus`` to ``out``, one edition at a time; ``on_edition`` sees each
    embedded edition (ids prefixed) before its tree is let go.

    The bytes are those of the whole tree serialised as the encoder serialises (indented by
    ``encode._indent``): the skeleton is serialised with a marker where the editions go, and
    each edition, indented as a child of the root, is written in its place.
    """
    register = _register(editions)
    _check_register_ids(register, editions)
    root = etree.Element(_tei("teiCorpus"), nsmap={None: TEI_NS})
    languages = {ed.language for ed in editions}
    if len(languages) == 1 and None not in languages:
        root.set(_LANG, languages.pop())
    root.append(_header(meta, editions))
    stand_off = etree.SubElement(root, _tei("standOff"))
    for kind in _KINDS:
        entries = [etree.fromstring(entity.entry) for entity, _ in register.values() if entity.kind == kind]
        if entries:
            etree.SubElement(stand_off, _tei(_LISTS[kind]), type="register").extend(entries)
    if not len(stand_off):
        root.remove(stand_off)
    marker = etree.SubElement(root, _tei("TEI"))
    _indent(root)
    skeleton = etree.tostring(etree.ElementTree(root), xml_declaration=True, encoding="UTF-8", pretty_print=True)
    placeholder = b"<TEI/>"
    head, tail = skeleton.split(placeholder) if skeleton.count(placeholder) == 1 else (None, None)
    if head is None:  # a bug here: the skeleton has one empty TEI, the marker
        raise AssertionError("the corpus skeleton has no single place for the editions")
    del marker
    out.write(head)
    guard = _Prefixes(editions)
    for number, ed in enumerate(editions):
        tei = _embedded(ed, _edition_root(ed.path))
        guard.check(ed, tei, register)
        _indent(tei, 1)
        if on_edition is not None:
            on_edition(ed, tei)
        data = etree.tostring(tei, encoding="UTF-8", with_tail=False)
        # Serialised alone, the edition declares the TEI namespace, which the corpus root declares.
        own = b'<TEI xmlns="' + TEI_NS.encode() + b'"'
        out.write(b"<TEI" + data[len(own):] if data.startswith(own) else data)
        if number < len(editions) - 1:
            out.write(b"\n  ")
    out.write(tail)


def iter_corpus(corpus: bytes | str | Path, name: str | Path) -> Iterator[tuple[etree._Element, etree._Element | None]]:
    """``(root, None)`` when the root starts, then ``(root, child)`` for each child element of
    the root as the parser ends it, the file read as it is parsed (safely: no DTD, no entities,
    no network); the caller may replace or remove the child, so that a large corpus is never
    held whole."""
    if isinstance(corpus, bytes):
        head, stream = corpus[:1 << 16], io.BytesIO(corpus)
    else:
        with open(corpus, "rb") as handle:
            head = handle.read(1 << 16)
        stream = open(corpus, "rb")
    _refuse_doctype(head, name)  # before the root, where a DOCTYPE must be
    root = None
    try:
        with stream:
            for event, element in etree.iterparse(stream, events=("start", "end"), resolve_entities=False,
                                                  load_dtd=False, no_network=True):
                if root is None:
                    root = element
                    yield root, None
                elif event == "end" and element.getparent() is root:
                    yield root, element
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (0, 0)
        raise XMLError("xml-wellformed", f"not well-formed XML: {exc.msg or exc}", name, line, column) from None
    if root is None:
        raise XMLError("xml-wellformed", "empty document", name, hint="expected an XML file")


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


def entities(root: etree._Element) -> list[etree._Element]:
    """The persons, organisations and places with an id in an edition's TEI."""
    return root.xpath("//tei:person[@xml:id] | //tei:org[@xml:id] | //tei:place[@xml:id]", namespaces=NS)


def _name(entity: etree._Element, kind: str) -> str:
    name = entity.find(f"tei:{_KINDS[kind]}", NS)
    return " ".join("".join(name.itertext()).split()) if name is not None else ""


def _register(editions: list[EditionTei]) -> dict[str, tuple[Entity, EditionTei]]:
    """The corpus's register: one entry per id of a person, organisation or place, in the order of
    first appearance; its name (and idnos) from the first edition that has it.

    The same id in two editions is one entity (the collection's shared register gives it); the
    same id for two kinds of entity cannot be, and is refused.
    """
    register: dict[str, tuple[Entity, EditionTei]] = {}
    for ed in editions:
        for entity in ed.entities:
            if entity.id not in register:
                register[entity.id] = (entity, ed)
                continue
            first, where = register[entity.id]
            if first.kind != entity.kind:
                raise InputError(
                    f"register id {entity.id!r} is {_KIND_WORDS[entity.kind]} here but {_KIND_WORDS[first.kind]} "
                    f"in {where.path}", ed.path, entity.line,
                    hint="one id names one entity across the collection's editions; give one of them another id")
            if entity.name != first.name:
                # Two editions' own entries that happen to share an id would otherwise merge two
                # people into one index entry; a shared register entry has one name everywhere.
                raise InputError(
                    f"register id {entity.id!r} is {entity.name!r} here but {first.name!r} in "
                    f"{where.path}", ed.path, entity.line,
                    hint="one id names one entity across the collection's editions: use the shared "
                         "register's entry in both, or give one of them another id")
    return register


def _embedded(ed: EditionTei, tei: etree._Element) -> etree._Element:
    """The edition's TEI (its own tree, changed in place) with its ids prefixed and its pointers
    rewritten; each of its persons, organisations and places points to the corpus's register
    entry of that id, which every one of them has (:func:`_register`)."""
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
    for entity in entities(tei):
        entity.set("sameAs", f"#{entity.get(_ID)[len(prefix):]}")
    tei.set(_ID, ed.id)
    return tei


def _check_register_ids(register: dict[str, tuple[Entity, EditionTei]], editions: list[EditionTei]) -> None:
    """The ids of the corpus outside the editions (the editions' own, the register's) once each."""
    for ed in editions:
        if ed.id in register:
            raise InputError(f"id {ed.id!r} would be used twice in the collection's TEI (an edition id that is "
                             "also the id of a register entry?)", ed.path, ed.line,
                             hint="give the edition or the register entry another id")


class _Prefixes:
    """Every id of the corpus once, every pointer to an id of the corpus, checked edition by
    edition: an edition's ids are its own prefixed with ``<edition id>.``, so they can meet
    only the ids outside the editions (the editions' and the register's, a few) and those of an
    edition whose id continues its own after a dot (``a`` and ``a.b``: ``a.b.x`` is both
    ``b.x`` of one and ``x`` of the other), whose ids alone are kept to compare."""

    def __init__(self, editions: list[EditionTei]) -> None:
        self.outside = {ed.id for ed in editions}
        ids = sorted(self.outside)
        self.related = {a for a in ids for b in ids if a != b and (b.startswith(a + ".") or a.startswith(b + "."))}
        self.claimed: dict[str, EditionTei] = {}

    def check(self, ed: EditionTei, tei: etree._Element, register: dict) -> None:
        ids: set[str] = set()
        for element in tei.iter(etree.Element):
            ident = element.get(_ID)
            if ident is None or element is tei:
                continue
            if ident in register or ident in self.outside or (ed.id in self.related and ident in self.claimed):
                raise InputError(f"id {ident!r} would be used twice in the collection's TEI (an edition id that "
                                 "is also the id of a register entry?)", ed.path, element.sourceline or 0,
                                 hint="give the edition or the register entry another id")
            ids.add(ident)
            if ed.id in self.related:
                self.claimed[ident] = ed
        for element in tei.iter(etree.Element):
            for name in _POINTERS:
                for token in (element.get(name) or "").split():
                    if token.startswith("#") and token[1:] not in ids and not (name == "sameAs" and token[1:] in register):
                        shown = token[len(ed.id) + 2:] if token.startswith(f"#{ed.id}.") else token[1:]
                        raise InputError(f"@{name} points to #{shown}, which no element of the edition has",
                                         ed.path, element.sourceline or 0,
                                         hint=f"validate the edition: tei-roundtable validate {ed.path}")
