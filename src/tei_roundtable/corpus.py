"""The collection's outputs: its TEI, its pages and its deposit, made from the editions' TEI.

The editions are built first (``pipeline.build`` of each into ``OUT/<edition-id>/``); then
:func:`build_collection` writes, beside them::

    OUT/index.html                      the collection page: every edition, linked to its page
    OUT/names.html                      the index of names across the editions
    OUT/tei/<collection-id>.xml         the collection's TEI (a teiCorpus, see _corpus_tei)
    OUT/<collection-id>_v<version>.zip  the collection's deposit package (a BagIt bag)
    OUT/<edition-id>/html/index.html    each edition's page (there already; the pages link to it)
    OUT/<edition-id>/…                  each edition's TEI, text editions and deposit package

The deposit is one bag per edition (``package``, unchanged, its DataCite records ``IsPartOf``
the collection: :func:`part_of`) plus this collection bag, whose DataCite records ``HasPart``
every edition. Why not one bag: an edition is the unit that is cited, versioned and given a DOI,
a series grows by an edition at a time (one bag would be deposited again, whole, for every new
round-table), and each edition's bag stays what ``verify`` checks and reproduces. The collection
bag carries what belongs to the collection alone: its TEI, its two pages and its metadata; the
editions it names are in their own bags (the pages' links to them resolve in the build folder,
and on a server that publishes it, not inside the collection bag).
"""

from __future__ import annotations

import tempfile
from datetime import date, datetime, timezone
from pathlib import Path

from . import __version__
from ._corpus_tei import EditionTei, corpus_tei, entities, read_editions
from ._io import write_files
from ._xml import XML_NS, parse_bytes
from ._xslt import Source, transform
from .collection import CollectionMeta
from .errors import InputError, TeiRoundtableError
from .metadata import Creator, Record, Relation
from .resources import xslt_dir

__all__ = ["PAGES", "PROFILE_FILE", "build_collection", "check_anchors", "collection_bag", "collection_datacite", "collection_pages",
           "corpus_tei", "has_part", "part_of", "read_editions"]

PAGES = ("index.html", "names.html")
PROFILE_FILE = "bagit-profile-collection.json"  # in schema/: what a collection bag guarantees
_STYLESHEETS = {"index.html": "editions.xsl", "names.html": "names.xsl"}
# The ids each page gives its own parts: the anchors of the editions (index.html) and of the
# register's entries (names.html) must differ from them.
_PAGE_IDS = {"index.html": {"main", "editions", "editions-title", "about", "about-title"},
             "names.html": {"main", "index", "index-title", "persons", "organisations", "places"}}
RESOURCE_TYPE = "Collection of digital scholarly editions (TEI P5)"


def _identifier(doi: str | None, urn: str) -> tuple[str, str]:
    return (doi, "DOI") if doi else (urn, "URN")


def part_of(meta: CollectionMeta) -> tuple[Relation, ...]:
    """What an edition's DataCite record says of its collection (pass to ``package(related=…)``)."""
    identifier, kind = _identifier(meta.doi, meta.urn)
    return (Relation("IsPartOf", identifier, kind, "Collection"),)


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


def collection_pages(meta: CollectionMeta, corpus: bytes, *, stylesheets: str | Path | None = None) -> dict[str, bytes]:
    """The collection page and the index of names (file name -> UTF-8 bytes) from the corpus TEI."""
    folder = (Path(stylesheets) if stylesheets else xslt_dir()) / "collection"
    name = f"tei/{meta.id}.xml"
    source = Source(Path(name), parse_bytes(corpus, name))
    return {page: transform(folder / _STYLESHEETS[page], source, {"collection-id": meta.id}).encode("utf-8")
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


def bag_name(meta: CollectionMeta) -> str:
    return f"{meta.id}_v{meta.version}"


def collection_bag(meta: CollectionMeta, editions: list[EditionTei], corpus: bytes,
                   pages: dict[str, bytes]) -> bytes:
    """The collection's deposit package, a zip of one BagIt bag: same inputs, same bytes."""
    import bagit

    from . import metadata
    from .package import declared_profile_identifier, make_bag, project_profile, write_zip

    if not meta.contact_email:
        raise TeiRoundtableError("the collection has no contact_email: the deposit package's Contact-Email "
                                 "comes from it (add collection.contact_email to the collection data)")
    datacite = collection_datacite(meta, editions)
    files = {
        f"data/tei/{meta.id}.xml": corpus,
        **{f"data/html/{page}": data for page, data in pages.items()},
        "data/metadata/datacite.json": metadata.dump_json(datacite),
        "data/metadata/datacite.xml": metadata.datacite_xml(datacite),
    }
    info = {
        "Source-Organization": meta.publisher,
        "Bagging-Date": meta.date,
        "Contact-Email": meta.contact_email,
        "External-Identifier": [meta.urn] + ([meta.doi] if meta.doi else []),
        "External-Description": meta.title,
        "Internal-Sender-Identifier": bag_name(meta),
        "Internal-Sender-Description": (
            f"Version {meta.version} of the collection of {len(editions)} edition(s): its TEI (a teiCorpus "
            "holding every edition), collection page and index of names, DataCite metadata; each edition "
            "is deposited in a bag of its own"),
        "Bag-Group-Identifier": meta.id,
        "BagIt-Profile-Identifier": declared_profile_identifier(project_profile()),
        "Bag-Software-Agent": f"tei-roundtable {__version__} (bagit.py {bagit.VERSION})",
    }
    stamp = datetime.combine(date.fromisoformat(meta.date), datetime.min.time(), tzinfo=timezone.utc)
    with tempfile.TemporaryDirectory(prefix=".collection-") as work:
        bag_dir = make_bag({path.removeprefix("data/"): data for path, data in files.items()}, info,
                           Path(work) / bag_name(meta))
        target = Path(work) / f"{bag_name(meta)}.zip"
        write_zip(bag_dir, target, stamp)
        return target.read_bytes()


def build_collection(meta: CollectionMeta, edition_teis: list[Path], out_dir: Path) -> list[Path]:
    """Write the collection's TEI, pages and deposit package into ``out_dir``; return the files.

    The editions must have been built into ``out_dir/<edition-id>/`` already (their pages are what
    the collection's pages link to). Everything is made before anything is written, and the files
    are written all or none.
    """
    out_dir = Path(out_dir)
    editions = read_editions(edition_teis)
    check_anchors(editions)
    for ed in editions:
        page = out_dir / ed.id / "html" / "index.html"
        if not page.is_file():
            raise InputError("the edition's page is missing: the collection's pages link to it", page,
                             hint=f"build the edition into {out_dir / ed.id} first (tei-roundtable build)")
    corpus = corpus_tei(meta, editions)
    pages = collection_pages(meta, corpus)
    files = {out_dir / "tei" / f"{meta.id}.xml": corpus, **{out_dir / page: data for page, data in pages.items()},
             out_dir / f"{bag_name(meta)}.zip": collection_bag(meta, editions, corpus, pages)}
    return write_files(files)
