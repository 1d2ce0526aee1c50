"""Deposit metadata of an edition: DataCite 4.5 (JSON and XML), Dublin Core (oai_dc), CITATION.cff.

Every value comes from the TEI header (the edition's published record) or, where the header has
no place for it (keywords, the SPDX licence id, editors' given and family names, the contact
address), from the edition data. Nothing is invented:

* **Identifier.** Until a DOI is minted the edition is identified by its URN
  (``urn:tei-roundtable:<id>:<version>``, the header's ``idno type="URN"``). DataCite JSON then has
  no ``doi`` (the DataCite 4.5 JSON Schema does not require one: that is how draft metadata is
  sent before registration) and carries the URN as an alternate identifier. DataCite XML must have
  an ``identifier`` with an ``identifierType``; the kernel-4.5 XSD does not restrict the type, so
  the URN is given there, typed ``URN`` honestly. DataCite registers DOIs only: the repository that
  mints one replaces the identifier (and the edition data's ``doi`` puts it in every output).
* **Creators** are the header's ``respStmt`` names (an organisation, "tei-roundtable editors",
  unless the edition data names a person, with ORCID where given).

Validity: DataCite JSON against the DataCite 4.5 JSON Schema that the ``datacite`` package ships;
DataCite XML against the kernel-4.5 XSD and CITATION.cff against the CFF 1.2.0 JSON Schema when
those files are given (they are not shipped with the toolkit).
"""

from __future__ import annotations

import copy
import importlib
import importlib.util
import json
import sys
import threading
import types
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Sequence

import jsonschema
import yaml
from lxml import etree

from ._jsoncheck import SchemaCheck
from .resources import xslt_dir
from ._xml import NS, XML_NS, parse_bytes, parse_file
from ._xslt import Source, transform
from .collection import CollectionMeta
from .edition import Edition
from .errors import InputError, TeiRoundtableError

DATACITE_NS = "http://datacite.org/schema/kernel-4"
DATACITE_SCHEMA_VERSION = DATACITE_NS
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
CFF_VERSION = "1.2.0"
RESOURCE_TYPE = "Digital scholarly edition (TEI P5)"


@dataclass(frozen=True)
class Creator:
    name: str
    person: bool
    given_name: str | None = None
    family_name: str | None = None
    orcid: str | None = None  # the bare iD, 0000-0000-0000-0000


@dataclass(frozen=True)
class Relation:
    """A DataCite related identifier: the record's resource ``relation`` (``HasPart``,
    ``IsPartOf`` …) the resource ``identifier`` (of ``identifier_type``: DOI, URN, URL)."""

    relation: str
    identifier: str
    identifier_type: str
    resource_type: str  # the related resource's resourceTypeGeneral (Text, Collection …)

    def datacite(self) -> dict:
        return {"relatedIdentifier": self.identifier, "relatedIdentifierType": self.identifier_type,
                "relationType": self.relation, "resourceTypeGeneral": self.resource_type}


@dataclass(frozen=True)
class Record:
    """What the deposit metadata says about one version of an edition."""

    id: str
    title: str
    subtitle: str | None
    version: str
    date: str
    language: str
    publisher: str
    creators: tuple[Creator, ...]
    urn: str
    doi: str | None
    url: str | None
    licence_url: str
    licence_text: str
    licence_id: str
    source_rights: str | None
    source_description: str | None
    event_date: str | None
    place: str | None
    abstract: str | None
    keywords: tuple[str, ...] = field(default=())
    contact_email: str | None = None
    part_of: tuple[Relation, ...] = field(default=())  # IsPartOf the collection of the edition

    @property
    def full_title(self) -> str:
        return f"{self.title}: {self.subtitle}" if self.subtitle else self.title


def _text(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    value = " ".join("".join(element.itertext()).split())
    return value or None


def record(tei: str | Path, edition: Edition, tree: etree._ElementTree | None = None) -> Record:
    """Read the deposit metadata from the TEI header of ``tei`` and from ``edition``.

    Raises :class:`InputError` when the header lacks what a deposit needs, or when the TEI is not
    the one this edition data describes (another id or version). ``tree``: the TEI as parsed
    already, if it was.
    """
    tei = Path(tei)
    root = (tree if tree is not None else parse_file(tei)).getroot()
    header = root.find("tei:teiHeader", NS)
    if header is None:
        raise InputError("no teiHeader: deposit metadata comes from the TEI header", tei, root.sourceline or 0)

    def one(path: str, what: str) -> etree._Element:
        found = header.find(path, NS)
        if found is None:
            raise InputError(f"the TEI header has no {what} ({path}), which deposit metadata needs", tei,
                             header.sourceline or 0, hint="re-encode the TEI with `tei-roundtable encode`")
        return found

    def optional(path: str) -> etree._Element | None:
        return header.find(path, NS)

    meta = edition.meta
    title_stmt = one("tei:fileDesc/tei:titleStmt", "titleStmt")
    publication = one("tei:fileDesc/tei:publicationStmt", "publicationStmt")
    idnos = {el.get("type"): _text(el) for el in publication.findall("tei:idno", NS)}
    urn = idnos.get("URN")
    expected_urn = f"urn:tei-roundtable:{edition.id}:{meta['version']}"
    if urn != expected_urn:
        raise InputError(
            f"the TEI's URN is {urn!r}, but the edition data describes {expected_urn!r}", tei,
            publication.sourceline or 0,
            hint=f"the TEI is not the one made from {edition.path}; re-encode it with `tei-roundtable encode`",
        )
    editors = {e["id"]: e for e in meta["editors"]}
    creators = []
    for name in title_stmt.findall("tei:respStmt/*", NS):
        local = etree.QName(name).localname
        if local not in ("persName", "orgName", "name"):
            continue
        data = editors.get(name.get(f"{{{XML_NS}}}id") or "", {})
        ref = name.get("ref") or ""
        creators.append(Creator(
            name=_text(name) or "",
            person=local == "persName",
            given_name=data.get("given_name"),
            family_name=data.get("family_name"),
            orcid=ref.removeprefix("https://orcid.org/") if ref.startswith("https://orcid.org/") else None,
        ))
    if not creators:
        raise InputError("the TEI header names no editor (titleStmt/respStmt)", tei, title_stmt.sourceline or 0)
    licence = one("tei:fileDesc/tei:publicationStmt/tei:availability/tei:licence", "licence")
    setting = optional("tei:profileDesc/tei:settingDesc/tei:setting")
    place = event_date = None
    if setting is not None:
        parts = [_text(el) for el in setting.findall("tei:locale/*", NS)]
        place = ", ".join(p for p in parts if p) or None
        event_date = setting.find("tei:date", NS).get("when") if setting.find("tei:date", NS) is not None else None
    language = optional("tei:profileDesc/tei:langUsage/tei:language")
    return Record(
        id=edition.id,
        title=_text(one("tei:fileDesc/tei:titleStmt/tei:title[@type='main']", "main title")) or "",
        subtitle=_text(optional("tei:fileDesc/tei:titleStmt/tei:title[@type='sub']")),
        version=one("tei:fileDesc/tei:editionStmt/tei:edition", "edition statement").get("n") or "",
        date=one("tei:fileDesc/tei:publicationStmt/tei:date", "publication date").get("when") or "",
        language=(language.get("ident") if language is not None else None)
        or root.get(f"{{{XML_NS}}}lang") or meta["language"],
        publisher=_text(one("tei:fileDesc/tei:publicationStmt/tei:publisher", "publisher")) or "",
        creators=tuple(creators),
        urn=urn,
        doi=idnos.get("DOI"),
        url=idnos.get("URL"),
        licence_url=licence.get("target") or meta["licence"]["url"],
        licence_text=_text(licence) or meta["licence"]["text"],
        licence_id=meta["licence"]["id"],
        source_rights=_text(optional("tei:fileDesc/tei:publicationStmt/tei:availability/tei:p")),
        source_description=_text(optional("tei:fileDesc/tei:sourceDesc/tei:bibl/tei:note")),
        event_date=event_date,
        place=place,
        abstract=_text(optional("tei:encodingDesc/tei:projectDesc")),
        keywords=tuple(meta.get("keywords", ())),
        contact_email=meta.get("contact_email"),
        part_of=part_of(edition.collection.meta) if edition.collection is not None else (),
    )


def part_of(meta: CollectionMeta) -> tuple[Relation, ...]:
    """What the record of an edition of the collection ``meta`` says of it: ``IsPartOf`` its DOI
    once minted, else its URN. It comes from the collection data, which the edition's package
    carries beside the edition data, so that ``verify`` makes the same record again."""
    identifier, kind = (meta.doi, "DOI") if meta.doi else (meta.urn, "URN")
    return (Relation("IsPartOf", identifier, kind, "Collection"),)


# ----- DataCite ---------------------------------------------------------------------------------

def datacite_json(rec: Record, related: Sequence[Relation] = ()) -> dict:
    """The DataCite 4.5 JSON document (draft metadata: no ``doi`` until one is minted).

    ``related``: related identifiers besides the record's own ``part_of``, e.g. a collection's
    ``HasPart`` editions (:func:`tei_roundtable.corpus.collection_datacite`).
    """
    lang = rec.language
    data: dict = {}
    if rec.doi:
        data["doi"] = rec.doi
    if rec.url:
        data["url"] = rec.url
    data["types"] = {"resourceTypeGeneral": "Text", "resourceType": RESOURCE_TYPE}
    data["creators"] = [_datacite_creator(c) for c in rec.creators]
    data["titles"] = [{"title": rec.title, "lang": lang}]
    if rec.subtitle:
        data["titles"].append({"title": rec.subtitle, "titleType": "Subtitle", "lang": lang})
    data["publisher"] = {"name": rec.publisher}
    data["publicationYear"] = rec.date[:4]
    if rec.keywords:
        data["subjects"] = [{"subject": k, "lang": lang} for k in rec.keywords]
    data["dates"] = [{"date": rec.date, "dateType": "Issued"}]
    if rec.event_date:
        data["dates"].append({"date": rec.event_date, "dateType": "Other",
                              "dateInformation": "Date of the round-table that the source transcript records"})
    data["language"] = lang
    data["alternateIdentifiers"] = [{"alternateIdentifier": rec.urn, "alternateIdentifierType": "URN"}]
    data["version"] = rec.version
    data["rightsList"] = [{
        "rights": rec.licence_text, "rightsUri": rec.licence_url, "rightsIdentifier": rec.licence_id,
        "rightsIdentifierScheme": "SPDX", "schemeUri": "https://spdx.org/licenses/", "lang": lang,
    }]
    if rec.source_rights:
        data["rightsList"].append({"rights": rec.source_rights, "lang": lang})
    descriptions = []
    if rec.abstract:
        descriptions.append({"description": rec.abstract, "descriptionType": "Abstract", "lang": lang})
    if rec.source_description:
        descriptions.append({"description": rec.source_description, "descriptionType": "Other", "lang": lang})
    if descriptions:
        data["descriptions"] = descriptions
    if rec.place:
        data["geoLocations"] = [{"geoLocationPlace": rec.place}]
    if rec.part_of or related:
        data["relatedIdentifiers"] = [relation.datacite() for relation in (*rec.part_of, *related)]
    data["schemaVersion"] = DATACITE_SCHEMA_VERSION
    return data


def _datacite_creator(creator: Creator) -> dict:
    item: dict = {"name": creator.name, "nameType": "Personal" if creator.person else "Organizational"}
    if creator.person and creator.given_name:
        item["givenName"] = creator.given_name
    if creator.person and creator.family_name:
        item["familyName"] = creator.family_name
    if creator.orcid:
        item["nameIdentifiers"] = [{"nameIdentifier": f"https://orcid.org/{creator.orcid}",
                                    "nameIdentifierScheme": "ORCID", "schemeUri": "https://orcid.org"}]
    return item


def dump_json(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


_DATACITE_IMPORT = threading.Lock()


@lru_cache(maxsize=1)
def _schema45():
    """The ``datacite`` package's ``schema45`` module (its DataCite 4.5 JSON → XML writer), loaded
    without running the package's ``__init__``.

    ``import datacite.schema45`` runs ``datacite/__init__.py`` first, which imports the package's
    API clients: requests, and idutils, which compiles hundreds of regular expressions at import
    (0.26 s of the 0.32 s the import took, in every process that packages). The writer needs
    neither: ``schema45`` imports only ``.jsonutils`` and ``.xmlutils`` and finds its JSON Schema
    through importlib.resources. So the package's module is made from its own import spec without
    being executed, the writer imported under it, and ``sys.modules`` put back as it was: the
    writer is the library's code, unchanged, and a later ``import datacite`` runs the package as
    usual. Nothing else in the toolkit imports ``datacite``; the lock keeps two threads of this
    process from loading it at once.

    ``schema45`` also makes, when imported, a jsonschema validator of its JSON Schema
    (``jsonutils.validator_factory``): that checks the schema itself against its metaschema and
    imports jsonresolver and werkzeug, 0.11 s of a build's 0.9, for ``schema45.validate``, which
    the toolkit never calls (it checks the DataCite JSON against the schema file itself, see
    :data:`DATACITE_JSON_SCHEMA`). So ``.jsonutils`` is given, for this import only, a module whose
    ``validator_factory`` makes nothing; the module this function returns has no ``validator``.
    """
    with _DATACITE_IMPORT:
        if "datacite" in sys.modules:  # imported already (say, by the program using the toolkit)
            return importlib.import_module("datacite.schema45")
        spec = importlib.util.find_spec("datacite")
        if spec is None or spec.submodule_search_locations is None:
            raise TeiRoundtableError("the datacite package is not installed; reinstall tei-roundtable with its "
                                     "dependencies (pip install -e .)")
        sys.modules["datacite"] = importlib.util.module_from_spec(spec)
        jsonutils = types.ModuleType("datacite.jsonutils")
        jsonutils.validator_factory = _no_validator
        sys.modules["datacite.jsonutils"] = jsonutils
        try:
            return importlib.import_module("datacite.schema45")
        finally:
            for name in [n for n in sys.modules if n == "datacite" or n.startswith("datacite.")]:
                del sys.modules[name]


def _no_validator(schema_file) -> None:
    """``datacite.jsonutils.validator_factory`` for :func:`_schema45`: no validator is made."""
    return None


def datacite_xml(data: dict) -> bytes:
    """DataCite kernel-4.5 XML of a DataCite JSON document (see the module notes on ``identifier``)."""
    schema45 = _schema45()

    # The package builds un-namespaced elements under a default-namespace root: re-parse to get
    # the elements in the DataCite namespace before adding to them.
    root = parse_bytes(etree.tostring(schema45.dump_etree(data)), "datacite.xml").getroot()
    if not data.get("doi"):
        urn = next(a["alternateIdentifier"] for a in data["alternateIdentifiers"]
                   if a["alternateIdentifierType"] == "URN")
        identifier = etree.Element(f"{{{DATACITE_NS}}}identifier", identifierType="URN")
        identifier.text = urn
        root.insert(0, identifier)
        # An alternate identifier is one *other than* the primary identifier.
        alternates = root.find(f"{{{DATACITE_NS}}}alternateIdentifiers")
        for alternate in list(alternates):
            if alternate.text == urn:
                alternates.remove(alternate)
        if not len(alternates):
            root.remove(alternates)
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


DATACITE_JSON_SCHEMA = "datacite-v4.5.json"


def datacite_json_schema_file() -> Path:
    """The DataCite 4.5 JSON Schema file that the ``datacite`` package ships (its ``schemas/``).

    Found through the package's import spec, which names its folder without running it:
    importing ``datacite`` loads its API clients (requests, idutils), about 0.4 s, and the schema
    is only data. Nothing is vendored, so the schema stays the one of the installed package.
    """
    spec = importlib.util.find_spec("datacite")
    folders = list(spec.submodule_search_locations or ()) if spec is not None else []
    for folder in folders:
        path = Path(folder) / "schemas" / DATACITE_JSON_SCHEMA
        if path.is_file():
            return path
    raise TeiRoundtableError(f"the datacite package's {DATACITE_JSON_SCHEMA} is not installed; "
                             "reinstall tei-roundtable with its dependencies (pip install -e .)")


@lru_cache(maxsize=1)
def datacite_json_schema() -> dict:
    """The DataCite 4.5 JSON Schema shipped by the ``datacite`` package."""
    return json.loads(datacite_json_schema_file().read_text("utf-8"))


@lru_cache(maxsize=1)
def _datacite_check() -> SchemaCheck:
    return SchemaCheck(datacite_json_schema())


def iter_datacite_json_errors(data: object) -> Iterator[str]:
    """Yield one message per DataCite 4.5 JSON Schema violation of ``data``."""
    return _iter_errors(_datacite_check(), data)


class _LocalOnly(etree.Resolver):
    """Refuse every schema import or include that is not a local file."""

    def resolve(self, url, public_id, context):
        if url and "://" in url and not url.startswith("file:"):
            raise TeiRoundtableError(f"refusing to fetch {url}: schemas are loaded from local files only")
        return None


def load_xsd(path: str | Path) -> etree.XMLSchema:
    """An XML Schema from a local file; its includes and imports must be local too."""
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)
    parser.resolvers.add(_LocalOnly())
    hint = "give a well-formed XML Schema whose includes and imports are local files"
    try:
        return etree.XMLSchema(etree.parse(str(path), parser))
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        error = exc.error_log.last_error
        raise InputError(f"cannot load XML Schema: not well-formed XML: {error.message if error else exc.msg}",
                         exc.filename or path, line, column, hint=hint) from None
    except etree.XMLSchemaParseError as exc:
        # The error may lie in a schema it includes: name the file libxml2 names when it has one.
        error = exc.error_log.last_error
        known = error is not None and error.filename not in (None, "", "<string>")
        raise InputError(f"cannot load XML Schema: {error.message if error is not None else exc}",
                         error.filename if known else path, error.line if known else 0, hint=hint) from None
    except OSError as exc:
        raise InputError(f"cannot load XML Schema: {exc.strerror or exc}", path) from None


def iter_xsd_errors(data: bytes, schema: etree.XMLSchema, file: str = "<input>") -> Iterator[str]:
    """Yield ``line:col: message`` for each XML Schema error of the document ``data``."""
    tree = parse_bytes(data, file)
    if not schema.validate(tree):
        for error in schema.error_log:
            yield f"{error.line}:{error.column}: {error.message}"


# ----- CITATION.cff -----------------------------------------------------------------------------

def citation(rec: Record) -> dict:
    """The Citation File Format 1.2.0 document of the edition."""
    data: dict = {
        "cff-version": CFF_VERSION,
        "message": "If you use this edition, please cite it using the metadata from this file.",
        "type": "dataset",
        "title": rec.full_title,
        "authors": [_cff_author(c) for c in rec.creators],
        "version": rec.version,
        "date-released": rec.date,
    }
    if rec.doi:
        data["doi"] = rec.doi
    if rec.url:
        data["url"] = rec.url
    identifiers = [{"type": "other", "value": rec.urn,
                    "description": "URN of this version of the edition"
                    + ("" if rec.doi else " (no DOI has been minted for it)")}]
    if rec.doi:
        identifiers.insert(0, {"type": "doi", "value": rec.doi})
    data["identifiers"] = identifiers
    if rec.abstract:
        data["abstract"] = rec.abstract
    if rec.keywords:
        data["keywords"] = list(rec.keywords)
    data["license"] = rec.licence_id
    if rec.contact_email:
        data["contact"] = [{**_cff_author(rec.creators[0]), "email": rec.contact_email}]
    return data


def _cff_author(creator: Creator) -> dict:
    if not creator.person:
        return {"name": creator.name}
    author: dict = {}
    if creator.family_name:
        author["family-names"] = creator.family_name
    if creator.given_name:
        author["given-names"] = creator.given_name
    if not author:
        author["name"] = creator.name
    if creator.orcid:
        author["orcid"] = f"https://orcid.org/{creator.orcid}"
    return author


def dump_cff(data: dict) -> bytes:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    return ("# This CITATION.cff is generated by tei-roundtable from the edition's TEI header and\n"
            "# edition data: edit those and regenerate it (tei-roundtable package --citation CITATION.cff).\n"
            + text).encode("utf-8")


def load_cff(data: bytes, file: str = "CITATION.cff") -> object:
    """Parse a CITATION.cff, keeping dates as the strings the CFF JSON Schema expects."""
    try:
        return yaml.load(data.decode("utf-8"), Loader=_StringDates)  # noqa: S506 - a SafeLoader subclass
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"not a YAML document: {exc}", file) from None


class _StringDates(yaml.SafeLoader):
    """A safe YAML loader that reads timestamps as strings."""


_StringDates.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_json(path: str | Path) -> object:
    """A JSON file; :class:`InputError` at the line and column where it is not JSON."""
    try:
        return json.loads(Path(path).read_bytes().decode("utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", path, hint="save it as UTF-8") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc.msg}", path, exc.lineno, exc.colno, hint="correct the JSON there") from None


def load_json_schema(path: str | Path) -> dict | bool:
    """A JSON Schema file, checked against its draft's metaschema (InputError otherwise)."""
    schema = load_json(path)
    if not isinstance(schema, (dict, bool)):
        raise InputError(f"not a JSON Schema: the document is a JSON {type(schema).__name__}, not an object", path,
                         hint="give a JSON Schema file, e.g. the CFF 1.2.0 schema.json")
    try:
        jsonschema.validators.validator_for(schema).check_schema(schema)
    except jsonschema.SchemaError as exc:
        where = "/".join(map(str, exc.absolute_path)) or "(document)"
        raise InputError(f"not a valid JSON Schema: {where}: {exc.message}", path,
                         hint="give a JSON Schema file, e.g. the CFF 1.2.0 schema.json") from None
    return schema


def _validator(schema: dict | bool):
    return jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())


def iter_json_schema_errors(document: object, schema: dict | bool) -> Iterator[str]:
    """Yield ``path: message`` for each violation of ``schema`` (its own draft, formats checked)."""
    return _iter_errors(_validator(schema), document)


def _iter_errors(validator, document: object) -> Iterator[str]:
    for error in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path))):
        yield f"{'/'.join(map(str, error.absolute_path)) or '(document)'}: {error.message}"


# ----- oai_dc -----------------------------------------------------------------------------------

def oai_dc(tei: str | Path, tree: etree._ElementTree | None = None) -> bytes:
    """Dublin Core (oai_dc) of the TEI header, made by ``xslt/tei2oai_dc.xsl``.

    The stylesheet reads ``/TEI/teiHeader`` only, so Saxon is given the root and a copy of the
    header: the text would be most of what it parses (4 of 5 ms). ``tree``: the TEI as parsed
    already, if it was.
    """
    tei = Path(tei)
    root = (tree if tree is not None else parse_file(tei)).getroot()
    shell = etree.Element(root.tag, dict(root.attrib), nsmap=root.nsmap)
    header = root.find("tei:teiHeader", NS)
    if header is not None:
        shell.append(copy.deepcopy(header))
    result = transform(xslt_dir() / "tei2oai_dc.xsl", Source(tei, etree.ElementTree(shell)), {})
    return result.encode("utf-8") if result.endswith("\n") else (result + "\n").encode("utf-8")


# ----- everything at once ----------------------------------------------------------------------

METADATA_FILES = ("datacite.json", "datacite.xml", "oai_dc.xml", "CITATION.cff")


def metadata_files(tei: str | Path, rec: Record, tree: etree._ElementTree | None = None) -> dict[str, bytes]:
    """The four metadata files of the deposit, by file name; DataCite JSON checked by its schema.
    ``tree``: the TEI as parsed already, if it was."""
    datacite = datacite_json(rec)
    problems = list(iter_datacite_json_errors(datacite))
    if problems:  # a bug here, not bad input: the record is built to satisfy the schema
        raise TeiRoundtableError("DataCite JSON is not valid: " + "; ".join(problems))
    return {
        "datacite.json": dump_json(datacite),
        "datacite.xml": datacite_xml(datacite),
        "oai_dc.xml": oai_dc(tei, tree),
        "CITATION.cff": dump_cff(citation(rec)),
    }
