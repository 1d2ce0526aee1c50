"""The collection's deposit package and its DataCite record, and the check of what such a bag says.

A collection bag (``<collection-id>_v<version>``, profile ``schema/bagit-profile-collection.json``)
holds the collection's TEI, its two pages and its DataCite JSON and XML, whose related identifiers
say ``HasPart`` each edition. Fixity, completeness and the profile are what every bag is checked
for (``verify``); :func:`iter_bag_problems` checks what only a collection bag must say: its pages
are what the toolkit makes of its TEI, and its metadata and ``bag-info.txt`` name the collection
and the editions that TEI holds.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Mapping

from lxml import etree

from . import __version__
from ._collection_pages import PAGES, SHARDS, collection_pages
from ._corpus_tei import EditionTei, iter_corpus
from ._profile import tag_problems
from ._xml import NS, XML_NS, parse_bytes
from .collection import CollectionMeta
from .errors import InputError, TeiRoundtableError
from .metadata import Creator, Record, Relation
from .resources import schema_dir

PROFILE_FILE = "bagit-profile-collection.json"  # in schema/: what a collection bag guarantees
RESOURCE_TYPE = "Collection of digital scholarly editions (TEI P5)"
_URN = re.compile(r"^urn:tei-roundtable:([a-z][a-z0-9-]*):(\S+)$")
_AGENT = re.compile(r"^tei-roundtable (\S+)")


def _identifier(doi: str | None, urn: str) -> tuple[str, str]:
    return (doi, "DOI") if doi else (urn, "URN")


def has_part(editions: list[EditionTei]) -> tuple[Relation, ...]:
    """What the collection's DataCite record says of its editions, in the collection's order."""
    relations = []
    for ed in editions:
        urn = ed.idno("URN")
        if urn is None:
            raise InputError("the TEI header has no URN (publicationStmt/idno[@type='URN']), by which the "
                             "collection's record names the edition", ed.path,
                             hint="re-encode the edition with `tei-roundtable encode`")
        relations.append(Relation("HasPart", *_identifier(ed.idno("DOI"), urn), "Text"))
    return tuple(relations)


def _language(editions: list[EditionTei]) -> str:
    languages = {ed.language for ed in editions}
    # ISO 639-2 "mul": several languages, which is what a DataCite record can say of such a collection.
    return languages.pop() if len(languages) == 1 and None not in languages else "mul"


def _record(meta: CollectionMeta, editions: list[EditionTei]) -> Record:
    creators = tuple(Creator(e.name, e.type == "person", orcid=e.orcid) for e in meta.editors)
    return Record(
        id=meta.id, title=meta.title, subtitle=None, version=meta.version, date=meta.date,
        language=_language(editions), publisher=meta.publisher, creators=creators, urn=meta.urn,
        doi=meta.doi, url=meta.base_url, licence_url=meta.licence.url, licence_text=meta.licence.text,
        licence_id=meta.licence.id, source_rights=None, source_description=None, event_date=None, place=None,
        abstract=meta.description, contact_email=meta.contact_email,
    )


def collection_datacite(meta: CollectionMeta, editions: list[EditionTei]) -> dict:
    """The collection's DataCite 4.5 JSON: a Collection that ``HasPart`` each edition."""
    from . import metadata

    data = metadata.datacite_json(_record(meta, editions), has_part(editions))
    data["types"] = {"resourceTypeGeneral": "Collection", "resourceType": RESOURCE_TYPE}
    problems = list(metadata.iter_datacite_json_errors(data))
    if problems:  # a bug here, not bad input: the record is built to satisfy the schema
        raise TeiRoundtableError("the collection's DataCite JSON is not valid: " + "; ".join(problems))
    return data


def bag_name(meta: CollectionMeta) -> str:
    return f"{meta.id}_v{meta.version}"


@lru_cache(maxsize=1)
def collection_profile() -> dict:
    """``schema/bagit-profile-collection.json``: what a collection bag guarantees."""
    return json.loads((schema_dir() / PROFILE_FILE).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Described:
    """What ``bag-info.txt`` says of a collection version: from its metadata when the bag is made,
    from its TEI's header when the bag is checked."""

    id: str
    version: str
    title: str
    publisher: str
    date: str
    contact_email: str | None
    urn: str
    doi: str | None
    editions: int

    @classmethod
    def of(cls, meta: CollectionMeta, editions: int) -> "Described":
        return cls(meta.id, meta.version, meta.title, meta.publisher, meta.date, meta.contact_email,
                   meta.urn, meta.doi, editions)

    @classmethod
    def from_header(cls, root: etree._Element, ident: str, version: str, editions: int) -> "Described":
        def text(path: str) -> str:
            found = root.find(path, NS)
            return " ".join("".join(found.itertext()).split()) if found is not None else ""

        publication = "tei:teiHeader/tei:fileDesc/tei:publicationStmt/"
        date_element = root.find(publication + "tei:date", NS)
        return cls(ident, version, text("tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[@type='main']"),
                   text(publication + "tei:publisher"), date_element.get("when", "") if date_element is not None else "",
                   text(publication + "tei:address/tei:addrLine/tei:email") or None,
                   text(publication + "tei:idno[@type='URN']"), text(publication + "tei:idno[@type='DOI']") or None,
                   editions)


def bag_info(described: Described) -> dict:
    """The bag-info.txt tags of a collection bag but Bag-Software-Agent (bagit adds Payload-Oxum)."""
    from ._profile import declared_profile_identifier

    return {
        "Source-Organization": described.publisher,
        "Bagging-Date": described.date,
        "Contact-Email": described.contact_email,
        "External-Identifier": [described.urn] + ([described.doi] if described.doi else []),
        "External-Description": described.title,
        "Internal-Sender-Identifier": f"{described.id}_v{described.version}",
        "Internal-Sender-Description": (
            f"Version {described.version} of the collection of {described.editions} edition(s): its TEI (a "
            "teiCorpus holding every edition), collection page and index of names, DataCite metadata; each "
            "edition is deposited in a bag of its own"),
        "Bag-Group-Identifier": described.id,
        "BagIt-Profile-Identifier": declared_profile_identifier(collection_profile()),
    }


def collection_bag(meta: CollectionMeta, editions: list[EditionTei], corpus: bytes | Path,
                   pages: Mapping[str, bytes | Path]) -> bytes:
    """The collection's deposit package, a zip of one BagIt bag: same inputs, same bytes.

    ``corpus`` is the collection's TEI, ``pages`` the pages and the search shards by path
    relative to the pages (:func:`collection_pages`): bytes, or the files that hold them."""
    with tempfile.TemporaryDirectory(prefix=".collection-zip-") as work:
        return write_collection_bag(meta, editions, corpus, pages, Path(work) / "bag.zip").read_bytes()


def write_collection_bag(meta: CollectionMeta, editions: list[EditionTei], corpus: bytes | Path,
                         pages: Mapping[str, bytes | Path], target: Path) -> Path:
    """:func:`collection_bag` written to the file ``target`` (a new file, which the caller puts
    in its place) rather than returned: a thousand editions' bag is some 40 MB, not held."""
    import bagit

    from . import metadata
    from .package import make_bag, write_zip

    if not meta.contact_email:
        raise TeiRoundtableError("the collection has no contact_email: the deposit package's Contact-Email "
                                 "comes from it (add collection.contact_email to the collection data)")
    datacite = collection_datacite(meta, editions)
    # Paths inside data/. A value that is a file is copied into the bag and from there into the
    # zip, never held whole: a large collection's corpus and shards are not held at once.
    payload = {
        f"tei/{meta.id}.xml": corpus,
        **{f"html/{page}": data for page, data in pages.items()},
        "metadata/datacite.json": metadata.dump_json(datacite),
        "metadata/datacite.xml": metadata.datacite_xml(datacite),
    }
    info = {**bag_info(Described.of(meta, len(editions))),
            "Bag-Software-Agent": f"tei-roundtable {__version__} (bagit.py {bagit.VERSION})"}
    stamp = datetime.combine(date.fromisoformat(meta.date), datetime.min.time(), tzinfo=timezone.utc)
    with tempfile.TemporaryDirectory(prefix=".collection-") as work:
        bag_dir = make_bag(payload, info, Path(work) / bag_name(meta))
        write_zip(bag_dir, target, stamp)
    return target


# ----- checking a collection bag ----------------------------------------------------------------

def is_collection_bag(bag_dir: str | Path) -> bool:
    """A bag whose one TEI is a teiCorpus and which holds no edition data: a collection's bag."""
    tei = Path(bag_dir) / "data" / "tei"
    files = sorted(tei.glob("*.xml"))
    if len(files) != 1 or any(tei.glob("*.yaml")):
        return False
    try:  # the root's tag, read without parsing the rest
        return next(iter_corpus(files[0], files[0]))[0].tag == f"{{{NS['tei']}}}teiCorpus"
    except (InputError, StopIteration):
        return False


def iter_bag_problems(bag_dir: str | Path) -> Iterator:
    """What a collection bag (unpacked, fixity checked) says that does not agree with its TEI.

    Its pages are made again from its TEI and compared; its DataCite JSON and XML must name the
    collection's URN and relate ``HasPart`` exactly the editions the TEI holds, in its order; its
    every tag of ``bag-info.txt`` must have the value its TEI gives it. What the bag says of the
    toolkit that made it switches nothing off (as for an edition's bag).
    """
    import bagit

    from .findings import Problem

    bag_dir = Path(bag_dir)

    def problem(file: str, check: str, message: str, severity: str = "error") -> Problem:
        return Problem(f"{bag_dir.name}/{file}", check, message, severity)

    files = sorted((bag_dir / "data" / "tei").glob("*.xml"))
    if len(files) != 1:
        yield problem("data/tei", "completeness", f"a collection bag holds one TEI, the collection's; found {len(files)}")
        return
    rel = f"data/tei/{files[0].name}"
    try:
        root, editions = _read_corpus(files[0])
    except InputError as exc:
        yield problem(rel, "metadata", exc.message)
        return
    idnos = {el.get("type"): " ".join((el.text or "").split())
             for el in root.findall("tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:idno", NS)}
    found = _URN.match(idnos.get("URN", ""))
    if root.tag != f"{{{NS['tei']}}}teiCorpus" or found is None or found.group(1) != files[0].stem:
        yield problem(rel, "description", f"not the TEI of collection {files[0].stem!r}: a teiCorpus whose "
                      f"URN is urn:tei-roundtable:{files[0].stem}:<version> (found {idnos.get('URN')!r})")
        return
    ident, version, urn, doi = found.group(1), found.group(2), idnos["URN"], idnos.get("DOI")
    bag = bagit.Bag(str(bag_dir))
    yield from _description_problems(bag, Described.from_header(root, ident, version, len(editions)), problem)
    try:
        pages = collection_pages(ident, files[0])
    except TeiRoundtableError as exc:
        yield problem(rel, "reproduction", f"the collection's pages cannot be made from it: {exc}")
    else:
        for page, data in pages.items():
            path = bag_dir / "data" / "html" / page
            if not path.is_file():
                if page not in PAGES:  # a missing page: the profile reports it; a shard, here
                    yield problem(f"data/html/{page}", "completeness",
                                  "missing: the collection page's search loads it (the edition's search index)")
            elif path.read_bytes() != data:
                yield problem(f"data/html/{page}", "reproduction",
                              f"not what tei-roundtable {__version__} makes from the packaged collection TEI")
        shards = bag_dir / "data" / "html" / SHARDS
        for path in sorted(shards.glob("*")) if shards.is_dir() else []:
            if f"{SHARDS}/{path.name}" not in pages:
                yield problem(f"data/html/{SHARDS}/{path.name}", "reproduction",
                              "no edition of the packaged collection TEI has this search shard")

    try:
        expected = [r.datacite() for r in has_part(editions)]
    except InputError as exc:
        yield problem(rel, "description", exc.message)
        return
    yield from _datacite_problems(bag_dir, problem, urn, doi, expected)


def _read_corpus(path: Path) -> tuple[etree._Element, list[EditionTei]]:
    """The corpus's root with its header (the editions taken out) and each edition's summary,
    read one edition at a time."""
    editions: list[EditionTei] = []
    root = None
    for root, element in iter_corpus(path, path):
        if element is not None and element.tag == f"{{{NS['tei']}}}TEI":
            editions.append(EditionTei.of(element, element.get(f"{{{XML_NS}}}id") or "", path))
            root.remove(element)
    return root, editions


def _description_problems(bag, described: Described, problem) -> Iterator:
    """Every tag of bag-info.txt has the value the collection's TEI gives it, and there is no other."""
    expected = bag_info(described)
    agent = bag.info.get("Bag-Software-Agent")
    if not isinstance(agent, str) or not _AGENT.match(agent):
        yield problem(bag.tag_file_name, "description",
                      f"Bag-Software-Agent is {agent!r}, not 'tei-roundtable <version> (bagit.py <version>)'")
    yield from tag_problems(bag, expected, "the bag's collection TEI says", problem)


def _datacite_problems(bag_dir: Path, problem, urn: str, doi: str | None, expected: list[dict]) -> Iterator:
    from . import metadata

    named = f"the editions of the packaged collection TEI ({', '.join(r['relatedIdentifier'] for r in expected)})"
    path = bag_dir / "data" / "metadata" / "datacite.json"
    if path.is_file():  # a missing or unreadable record is reported by the profile and metadata checks
        try:
            record = json.loads(path.read_bytes().decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            record = None
        if isinstance(record, dict):
            if record.get("relatedIdentifiers") != expected:
                yield problem("data/metadata/datacite.json", "description",
                              f"relatedIdentifiers do not say HasPart exactly {named}")
            identifiers = {a.get("alternateIdentifier") for a in record.get("alternateIdentifiers", [])
                           if isinstance(a, dict)}
            if urn not in identifiers or record.get("doi") != doi:
                yield problem("data/metadata/datacite.json", "description",
                              f"does not identify the collection of the packaged TEI ({doi or urn})")
    path = bag_dir / "data" / "metadata" / "datacite.xml"
    if path.is_file():
        try:
            root = parse_bytes(path.read_bytes(), "datacite.xml").getroot()
        except InputError:
            return  # reported by the metadata check
        related = [(r.get("relationType"), (r.text or "").strip())
                   for r in root.iter(f"{{{metadata.DATACITE_NS}}}relatedIdentifier")]
        if related != [(r["relationType"], r["relatedIdentifier"]) for r in expected]:
            yield problem("data/metadata/datacite.xml", "description",
                          f"relatedIdentifiers do not say HasPart exactly {named}")
        identifier = root.find(f"{{{metadata.DATACITE_NS}}}identifier")
        if identifier is None or (identifier.text or "").strip() != (doi or urn):
            yield problem("data/metadata/datacite.xml", "description",
                          f"its identifier is not the collection's ({doi or urn})")
