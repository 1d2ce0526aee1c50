"""Stage 4 — package: an edition version as a BagIt 1.0 deposit package, and the check of one.

A package is a bag (RFC 8493) made with the ``bagit`` library, named ``<edition-id>_v<version>``,
serialised as one ``.zip`` (optionally also ``.tar``) that unpacks to one folder of that name::

    bagit.txt  bag-info.txt  manifest-sha512.txt  tagmanifest-sha512.txt
    data/tei/<id>.xml           the TEI; its xml-model PIs resolve to data/schema/…
    data/tei/<id>.yaml          the edition data
    data/tei/source/<id>.md     the source transcript, byte for byte
    data/schema/…               the schemas the TEI declares; JSON Schemas of edition data, report
    data/html/…, data/txt/…     the HTML and plain-text editions (from a dist folder, checked to be
                                what ``render`` makes of the TEI)
    data/reports/validation.json  the validation report of the TEI (schema/report-schema.json)
    data/metadata/datacite.json, datacite.xml, oai_dc.xml, CITATION.cff

``bag-info.txt`` meets the Beyond the Repository (BTR) profile, which it declares, and the
project's own stricter profile ``schema/bagit-profile.json``; its values come from the TEI header,
the edition data and that profile. Packages are byte-reproducible: Bagging-Date is the edition's
date, entries are sorted, timestamps and permissions fixed.

File names inside the bag are ASCII ``[A-Za-z0-9_-]`` with one dot before the extension (what
repository file checkers accept); a name with more dots is renamed (``a.b.txt`` → ``a-b.txt``)
unless an HTML page links to it. Text files carry no BOM; XML files start with a declaration.

:func:`package` builds a package — only from an edition that validates; :func:`iter_problems`,
:func:`verify` and :func:`is_valid` check one (full fixity, completeness, profiles, metadata).

Checking, decisions:

* The files that say what to check (profiles, the DataCite XSD, the CFF schema) are loaded before
  the package is opened; one that cannot be used is an :class:`InputError` naming that file (at
  the line and column of a JSON or XML syntax error), never a problem of the package. A profile
  must give what BagIt Profiles 1.4.0 and ``bagit_profile`` need (``BagIt-Profile-Info`` with
  ``BagIt-Profile-Identifier`` and ``Source-Organization``; ``Accept-BagIt-Version``;
  ``Accept-Serialization`` unless ``Serialization`` is ``forbidden``), every key of the type the
  specification gives, and tag and payload paths inside the bag. ``Bag-Info`` and
  ``Manifests-Required``, optional in the specification, default to empty.
* Archive members are files or folders. A zip member is refused only when the Unix mode in its
  external attributes says symlink, device, FIFO or socket: members without file-type bits (zips
  from MS-DOS/Windows tools, ``ZipFile.writestr`` with a bare name) are files, or folders when
  their name ends with ``/``. Members are unpacked in chunks, up to :data:`MAX_UNPACKED_BYTES` in
  all as the archive declares them.
* Fixity cannot see a file changed by someone who also made the manifests again. A package of
  this toolkit (``Bag-Software-Agent: tei-roundtable <version> …``) carries everything it is made
  from, so verify makes it again: the packaged TEI is validated (each error a problem at its line),
  encoded again from the packaged transcript and edition data, and its renderings, metadata,
  validation report and schemas are made again; a file that differs, or that the toolkit does not
  make, is a ``reproduction`` problem naming it. This adds about half a second to a check (the
  name-variant check, rendering and encoding; about a second more in a fresh process).
* Version skew: a package made by another version of the toolkit may differ from what this one
  makes without having been touched, so its differences, and validation errors other than the
  TEI's agreement with its packaged transcript (``text-fidelity``, ``source-*``), are warnings:
  :func:`verify` returns them and the package stays sound. Editing the agent line to claim
  another version turns only those into warnings; a TEI that no longer says what its transcript
  says is an error whatever the version.

Building, decision: ``package`` does not take the HTML and text editions of ``--dist`` on trust.
Where ``build`` made them, its record (:mod:`tei_roundtable._record`, handed over in memory or
read from ``dist/build-record.json``) gives the content hashes of the transcript, the edition
data, the toolkit, the TEI and every rendering, with the validation report: while they all hold,
nothing is encoded, validated or rendered again. Otherwise ``package`` renders the TEI again in
memory and refuses a dist whose ``html/`` or ``txt/`` differ (stale after a re-encoding,
missing, or extra files), naming the file and the ``render`` command to run. It does not
silently package its own rendering instead: what is deposited is what the user rendered and
could look at in dist/, and ``--dist`` keeps its meaning.
"""

from __future__ import annotations

import copy
import fnmatch
import io
import json
import logging
import os
import re
import shutil
import stat
import tarfile
import tempfile
import threading
import zipfile
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator

from . import __version__
from ._io import atomic_writer, write_bytes
from ._record import BuildRecord
from ._record import read as read_record
from .resources import schema_dir
from ._source import SourceRefused, named_source, source_path
from ._xml import parse_bytes, parse_file
from .edition import Edition
from .edition import load as load_edition
from .errors import CheckFailed, InputError, TeiRoundtableError

PROFILE_FILE = "bagit-profile.json"
REPORT_SCHEMA = "report.schema.json"  # the validation report's JSON Schema, packaged beside the report
CHECKSUMS = ("sha512",)
BAGIT_TXT = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
ARCHIVE_FORMATS = ("zip", "tar")
MAX_UNPACKED_BYTES = 4 * 1024**3  # refuse archives that claim to unpack to more (zip bombs)
_CHUNK = 1024**2  # bytes read at a time from an archive member or a file

_NAME = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9]+$")
_DIR_NAME = re.compile(r"^[A-Za-z0-9_-]+$")
_XML_EXTENSIONS = {".xml", ".rng", ".sch", ".xsd", ".xsl"}
_BOM = b"\xef\xbb\xbf"


# ----- the project's BagIt profile -------------------------------------------------------------

@lru_cache(maxsize=1)
def project_profile() -> dict:
    """``schema/bagit-profile.json``: what tei-roundtable's packages guarantee."""
    return json.loads((schema_dir() / PROFILE_FILE).read_text(encoding="utf-8"))


_STRINGS = {"type": "array", "items": {"type": "string"}}
_PATH_KEYS = ("Tag-Files-Required", "Tag-Files-Allowed", "Payload-Files-Required", "Payload-Files-Allowed")

# What a profile file must be for the check to run (BagIt Profiles 1.4.0): the keys the
# specification requires and bagit_profile needs, and the type of every key either reads.
_PROFILE_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["BagIt-Profile-Info", "Accept-BagIt-Version"],
    "properties": {
        "BagIt-Profile-Info": {
            "type": "object",
            "required": ["BagIt-Profile-Identifier", "Source-Organization"],
            "properties": {
                "BagIt-Profile-Identifier": {"type": "string", "minLength": 1},
                "BagIt-Profile-Version": {"type": "string", "pattern": r"^[0-9]+(\.[0-9]+)*$"},
            },
            "additionalProperties": {"type": "string"},
        },
        "Bag-Info": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "properties": {"required": {"type": "boolean"}, "repeatable": {"type": "boolean"},
                               "recommended": {"type": "boolean"}, "values": _STRINGS,
                               "description": {"type": "string"}},
            },
        },
        **{key: _STRINGS for key in ("Manifests-Required", "Manifests-Allowed", "Tag-Manifests-Required",
                                      "Tag-Manifests-Allowed", "Accept-Serialization", *_PATH_KEYS)},
        "Accept-BagIt-Version": {**_STRINGS, "minItems": 1},
        "Allow-Fetch.txt": {"type": "boolean"},
        "Serialization": {"enum": ["forbidden", "required", "optional"]},
    },
    # The specification: "If serialization has a value of required or optional [the default],
    # at least one value is needed."
    "if": {"not": {"properties": {"Serialization": {"const": "forbidden"}}, "required": ["Serialization"]}},
    "then": {"required": ["Accept-Serialization"]},
}


def load_profile(path: str | Path) -> dict:
    """A BagIt profile file; :class:`InputError` naming the file if it is not one :func:`verify` can use."""
    import bagit_profile

    from . import metadata

    profile = metadata.load_json(path)
    hint = "give a BagIt profile (JSON, BagIt Profiles 1.4.0), e.g. the BTR profile"
    problems = list(metadata.iter_json_schema_errors(profile, _PROFILE_SCHEMA))
    if not problems:
        # Paths are relative to the bag; one that leaves it would have the checker look outside.
        problems = [f"{key}: {pattern!r} is not a path inside the bag" for key in _PATH_KEYS
                    for pattern in profile.get(key, [])
                    if pattern.startswith("/") or ".." in PurePosixPath(pattern).parts]
    if problems:
        raise InputError(f"not a usable BagIt profile: {'; '.join(problems)}", path, hint=hint)
    try:
        _profile_checker(profile)
    except bagit_profile.ProfileValidationError as exc:
        # bagit_profile's message starts with the whole profile as a Python dict.
        message = str(exc.value).rpartition("}: ")[2]
        raise InputError(f"not a usable BagIt profile: {message}", path, hint=hint) from None
    return profile


def _profile_checker(profile: dict):
    """bagit_profile's checker of ``profile``, with the defaults the specification gives."""
    import bagit_profile

    # Profile() fills in defaults in the dict it is given: give it a copy.
    profile = copy.deepcopy(profile)
    profile.setdefault("Bag-Info", {})
    profile.setdefault("Manifests-Required", [])
    return bagit_profile.Profile(declared_profile_identifier(profile), profile=profile)


def declared_profile_identifier(profile: dict) -> str:
    """The BagIt-Profile-Identifier a bag must declare to be checked against ``profile``.

    A profile's own identifier, unless it refines another profile that bags declare instead (the
    project profile names the BTR profile as the only allowed value).
    """
    own = profile["BagIt-Profile-Info"]["BagIt-Profile-Identifier"]
    values = profile.get("Bag-Info", {}).get("BagIt-Profile-Identifier", {}).get("values") or []
    return own if not values or own in values else values[0]


# ----- building --------------------------------------------------------------------------------

@dataclass
class Package:
    """What :func:`package` made."""

    name: str
    archives: list[Path]
    renamed: dict[str, str] = field(default_factory=dict)  # payload path in dist -> path in bag


def bag_name(edition: Edition) -> str:
    return f"{edition.id}_v{edition.meta['version']}"


def package(
    edition: Edition | str | Path,
    dist: str | Path,
    out_dir: str | Path | None = None,
    *,
    tei: str | Path | None = None,
    formats: Iterable[str] = ("zip",),
    record: BuildRecord | None = None,
) -> Package:
    """Package an edition version for deposit; return the archives written to ``out_dir``.

    ``tei`` defaults to the master TEI beside the edition data (``tei/<id>.xml``); it must be
    exactly what ``encode`` makes of the transcript and edition data, and it must validate
    (:class:`CheckFailed` with the findings otherwise). The HTML and text editions are taken from
    ``dist/html`` and ``dist/txt``, which must hold exactly what ``render`` makes of that TEI now
    (:class:`InputError` naming a stale, missing or extra file otherwise). Nothing is written
    unless every step succeeds.

    ``record`` is what ``build`` made of the edition (default: ``dist/build-record.json``, see
    :mod:`tei_roundtable._record`): while its content hashes hold, the TEI is taken as current,
    its validation report and the renderings as made, without encoding, validating or rendering
    again.
    """
    from . import metadata

    ed = edition if isinstance(edition, Edition) else load_edition(edition)
    formats = tuple(formats)
    for fmt in formats:
        if fmt not in ARCHIVE_FORMATS:
            raise TeiRoundtableError(f"unknown archive format {fmt!r}; use one of {', '.join(ARCHIVE_FORMATS)}")
    dist = Path(dist)
    out_dir = Path(out_dir) if out_dir is not None else dist
    tei_path = _tei_path(ed, tei)
    if not tei_path.is_file():
        raise InputError("TEI file not found", tei_path, hint=f"encode it first: tei-roundtable encode -o {tei_path}")
    record = record if record is not None else read_record(dist)
    rendered = record.current_renderings(
        transcript=ed.source_path.read_bytes(), edition_data=ed.path.read_bytes(), tei=tei_path.read_bytes(),
        dist=dist) if record is not None else None
    if rendered is not None:
        report = record.report.encode("utf-8")
    else:
        report = validation_report(tei_path)
        _check_tei_is_current(tei_path, ed)
        rendered = _rendered_files(dist, tei_path)
    rec = metadata.record(tei_path, ed)
    files = _edition_files(tei_path, ed)
    files.update(rendered)
    files.update(_made_files(tei_path, rec, report))
    files, renamed = _bag_names(files)
    info = bag_info(ed, rec)

    name = bag_name(ed)
    written = []
    with tempfile.TemporaryDirectory(prefix=".package-") as work:
        bag_dir = Path(work) / name
        make_bag(files, info, bag_dir)
        stamp = _timestamp(info["Bagging-Date"])
        for fmt in formats:
            target = out_dir / f"{name}.{fmt}"
            (write_zip if fmt == "zip" else write_tar)(bag_dir, target, stamp)
            written.append(target)
    return Package(name, written, renamed)


def write_citation(edition: Edition | str | Path, output: str | Path, *, tei: str | Path | None = None) -> Path:
    """Write the edition's CITATION.cff (the same file the package carries) to ``output``."""
    from . import metadata

    ed = edition if isinstance(edition, Edition) else load_edition(edition)
    write_bytes(output, metadata.dump_cff(metadata.citation(metadata.record(_tei_path(ed, tei), ed))))
    return Path(output)


def _tei_path(ed: Edition, tei: str | Path | None) -> Path:
    """The TEI given, or the master TEI beside the edition data (``tei/<id>.xml``)."""
    return Path(tei) if tei is not None else ed.path.parent / f"{ed.id}.xml"


def _check_tei_is_current(tei: Path, ed: Edition) -> None:
    from .encode import encode

    if tei.read_bytes() != encode(ed.source_path, ed):
        raise InputError(
            "the TEI is not what `encode` makes of the transcript and edition data (edited by hand, or stale)",
            tei, hint=f"re-encode it: tei-roundtable encode --edition {ed.path} -o {tei}",
        )


def validation_report(tei: Path) -> bytes:
    """The JSON validation report of ``tei``; :class:`CheckFailed` with the findings if it has errors.

    The report names the TEI as it lies in the package (``tei/<id>.xml``), not by a path of this
    machine, so that the package stays reproducible.
    """
    report = _report(tei)
    name = f"tei/{tei.name}"
    if not report.valid:
        # The user reads these findings: they name the file given, not the name inside the package.
        findings = [replace(f, file=str(tei)) if f.file == name else f for f in report.findings]
        raise CheckFailed(f"{tei}: the edition does not validate ({report.summary()}); nothing was packaged",
                          findings)
    return report.to_json().encode("utf-8")


def _edition_files(tei: Path, ed: Edition) -> dict[str, bytes]:
    """The TEI, the schemas its xml-model PIs declare, the edition data, its schema, the transcript."""
    tree = parse_file(tei)
    files = {f"tei/{tei.name}": tei.read_bytes(), f"tei/{ed.path.name}": ed.path.read_bytes()}
    for href in _xml_model_hrefs(tree):
        inside = _resolve("tei", href)
        if inside is None:
            raise InputError(f"xml-model href {href!r} points outside the edition's folders", tei,
                             hint="schemas must lie beside tei/ (e.g. ../schema/…) to be packaged")
        source = tei.parent / href
        if not source.is_file():
            raise InputError(f"the schema the TEI declares ({href}) does not exist: {source}", tei,
                             hint="a package carries the schemas its TEI declares; write them first")
        files[inside] = source.read_bytes()
    idno = named_source(tree)
    source_ref = idno.text if idno is not None else None
    inside = _resolve("tei", source_ref or "")
    try:
        named = source_path(tei, source_ref) if source_ref else None
    except (SourceRefused, FileNotFoundError):
        named = None
    # The TEI may lie in tei/ or in a build folder; what counts is that the transcript it names
    # beside it is the edition's transcript, byte for byte.
    if named is None or inside is None or named.read_bytes() != ed.source_path.read_bytes():
        raise InputError(f"the TEI names its source as {source_ref!r}, which is not {ed.source_path} beside it", tei,
                         hint="re-encode the TEI, and keep the transcript in source/ beside it")
    files[inside] = ed.source_path.read_bytes()
    return files


def _xml_model_hrefs(tree) -> list[str]:
    hrefs = []
    node = tree.getroot().getprevious()
    while node is not None:
        if getattr(node, "target", None) == "xml-model" and node.get("href"):
            hrefs.insert(0, node.get("href"))
        node = node.getprevious()
    return hrefs


def _resolve(folder: str, href: str) -> str | None:
    """``href`` relative to ``folder`` as a bag path, or None when it leaves the bag or is absolute."""
    if not href or "://" in href or href.startswith("/"):
        return None
    parts = folder.split("/")
    for part in PurePosixPath(href).parts:
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts) if parts else None


def _report(tei: Path):
    """The validation report of ``tei`` as the package carries it, naming the TEI ``tei/<name>``."""
    from . import validate

    name = f"tei/{tei.name}"
    return validate.Report([(name, list(validate.iter_findings(tei, display_name=name)))])


def _made_files(tei: Path, rec, report: bytes) -> dict[str, bytes]:
    """The files the toolkit itself supplies or makes from the TEI and edition data (the renderings
    aside), by payload path before renaming: the report and its schema, the edition data's
    schema, the metadata. :func:`verify` makes them again to compare.
    """
    from . import metadata

    files = {
        "reports/validation.json": report,
        "schema/report.schema.json": (schema_dir() / REPORT_SCHEMA).read_bytes(),
        "schema/edition.schema.json": (schema_dir() / "edition.schema.json").read_bytes(),
    }
    files.update({f"metadata/{name}": data for name, data in metadata.metadata_files(tei, rec).items()})
    return files


def _rendered_files(dist: Path, tei: Path) -> dict[str, bytes]:
    """The HTML and text editions of ``dist``, which must be exactly what ``render`` makes of ``tei``.

    They are rendered again and compared, rather than taken on trust: renderings left from an
    earlier TEI (the edition data changed and was re-encoded, not re-rendered) would otherwise be
    deposited beside a TEI they do not show. The package keeps what the user rendered and could
    look at; a stale, missing or extra file is refused with the command that renders them again.
    """
    from .render import render_outputs

    made = render_outputs(tei)
    again = f"render them from this TEI again: tei-roundtable render {tei} --out {dist} (or tei-roundtable build)"
    for part in ("html", "txt"):
        folder = dist / part
        found = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
        if not found:
            raise InputError(f"no {part.upper()} edition in {folder}", folder,
                             hint="render the edition first (tei-roundtable build writes dist/html and dist/txt)")
        for path in found:
            if path.is_symlink():
                raise InputError("symbolic links are not packaged", path)
            if f"{part}/{path.relative_to(folder).as_posix()}" not in made:
                raise InputError(f"not one of the files `render` makes of {tei}, which are all a package holds",
                                 path, hint="remove it (left from an earlier edition?) or render into a fresh folder")
    for rel, data in made.items():
        path = dist / rel
        if not path.is_file():
            raise InputError(f"missing: `render` makes it of {tei}", path, hint=again)
        if path.read_bytes() != data:
            raise InputError(f"stale: not what `render` makes of {tei} now (the TEI or the stylesheets changed "
                             "since it was rendered)", path, hint=again)
    return made


def _bag_names(files: dict[str, bytes]) -> tuple[dict[str, bytes], dict[str, str]]:
    """Apply the file-name rules; return the files under their bag names and what was renamed."""
    renamed = {}
    result: dict[str, bytes] = {}
    for path, data in sorted(files.items()):
        *folders, name = path.split("/")
        for folder in folders:
            if not _DIR_NAME.match(folder):
                raise InputError(f"folder name {folder!r} has characters outside [A-Za-z0-9_-]", path,
                                 hint="rename it; repository file checkers reject such names")
        new_name = name
        if not _NAME.match(name):
            stem, dot, ext = name.rpartition(".")
            candidate = stem.replace(".", "-") + dot + ext
            if not dot or not _NAME.match(candidate):
                raise InputError(f"file name {name!r} is not ASCII [A-Za-z0-9_-] with one dot and an extension",
                                 path, hint="rename it; repository file checkers reject such names")
            new_name = candidate
        new_path = "/".join([*folders, new_name])
        if new_path in result:
            raise InputError(f"two files would be named {new_path} in the package", path)
        if new_path != path:
            renamed[path] = new_path
        for problem in _content_problems(new_path, data):
            raise InputError(problem, path)
        result[new_path] = data
    for old, new in renamed.items():
        old_name = old.rsplit("/", 1)[-1].encode()
        for page, data in result.items():
            if page.endswith(".html") and old_name in data:
                raise InputError(
                    f"{page} refers to {old_name.decode()}, which the package must rename to "
                    f"{new.rsplit('/', 1)[-1]} (file names have one dot)", old,
                    hint="give the file a name with one dot where it is made",
                )
    return result, renamed


def _content_problems(path: str, data: bytes) -> Iterator[str]:
    if data.startswith(_BOM):
        yield "starts with a byte-order mark (BOM); save it as UTF-8 without BOM"
    if PurePosixPath(path).suffix in _XML_EXTENSIONS and not data.startswith(b"<?xml "):
        yield "XML file without an XML declaration (<?xml version=\"1.0\" encoding=\"UTF-8\"?>)"


def described_tags(rec) -> dict:
    """The bag-info.txt tags that describe the edition version: from its TEI header and edition data."""
    return {
        "Source-Organization": rec.publisher,
        "Bagging-Date": rec.date,
        "Contact-Email": rec.contact_email,
        "External-Identifier": [rec.urn] + ([rec.doi] if rec.doi else []),
        "External-Description": rec.full_title,
        "Internal-Sender-Identifier": f"{rec.id}_v{rec.version}",
        "Bag-Group-Identifier": rec.id,
    }


def check_packageable(ed: Edition) -> None:
    """Raise what would stop the edition data from making a package, before anything is written.

    ``build`` calls it first, so that a missing field does not surface after the TEI, HTML and
    text have been written.
    """
    if not ed.meta.get("contact_email"):
        raise ed.error("no contact_email: the deposit package's Contact-Email comes from it", "edition",
                       hint="add edition.contact_email: an address where the editors can be reached")


def bag_info(ed: Edition, rec) -> dict:
    """The bag-info.txt tags (bagit adds Payload-Oxum)."""
    import bagit

    check_packageable(ed)
    return {
        **described_tags(rec),
        "Internal-Sender-Description": (
            f"Version {rec.version} of the edition: TEI P5 with its schemas, edition data and source "
            "transcript; HTML and plain-text editions; validation report; DataCite, oai_dc and "
            "CITATION.cff metadata"
        ),
        "BagIt-Profile-Identifier": declared_profile_identifier(project_profile()),
        "Bag-Software-Agent": f"tei-roundtable {__version__} (bagit.py {bagit.VERSION})",
    }


def make_bag(files: dict[str, bytes], info: dict, bag_dir: str | Path) -> Path:
    """Write ``files`` (bag payload paths -> bytes) as a BagIt 1.0 bag at ``bag_dir`` (new folder)."""
    bag_dir = Path(bag_dir)
    bag_dir.mkdir(parents=True)
    for path, data in files.items():
        target = bag_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    _bagit_make_bag(bag_dir.resolve(), info)
    # bagit lists tag files in directory order: sort them so that the bag is reproducible.
    for tagmanifest in bag_dir.glob("tagmanifest-*.txt"):
        lines = sorted(tagmanifest.read_text(encoding="utf-8").splitlines(keepends=True),
                       key=lambda line: line.split(" ", 1)[1])
        tagmanifest.write_text("".join(lines), encoding="utf-8")
    return bag_dir


# bagit changes the process's working directory while it bags (and Bag.save does not change it
# back when it fails): one bag at a time, and the directory restored whatever happens.
_BAGGING = threading.Lock()


def _bagit_make_bag(directory: Path, info: dict) -> None:
    """Make the bag with ``bagit`` in this process, leaving the working directory as it was.

    The working directory is held open and restored from that descriptor, which works even when
    it has been removed or renamed meanwhile; bagit is started from inside the bag, so that it
    never needs the caller's directory. bagit reports a failure through logging (a traceback on
    standard error when the program has no logging set up): its records are collected for the
    error message instead. Run in a child process before; that cost 0.3 s of Python start-up.
    """
    import bagit

    records = _Records()
    logger = logging.getLogger("bagit")
    with _BAGGING:
        home = os.open(".", getattr(os, "O_PATH", os.O_RDONLY)) if os.chdir in os.supports_fd else os.getcwd()
        logger.addHandler(records)
        try:
            os.chdir(directory)
            bagit.make_bag(str(directory), dict(info), checksums=list(CHECKSUMS))
            # bagit.py writes BagIt-Version 0.97; the package is a BagIt 1.0 bag (RFC 8493), whose
            # bagit.txt differs only in the version. Saving again re-makes the tag manifest over it.
            (directory / "bagit.txt").write_bytes(BAGIT_TXT)
            bagit.Bag(str(directory)).save()
        except (OSError, RuntimeError, bagit.BagError) as exc:
            detail = "; ".join(dict.fromkeys([*records.messages[:1], str(exc)]))
            raise TeiRoundtableError(f"bagit could not make the bag in {directory}: {detail}") from None
        finally:
            logger.removeHandler(records)
            os.chdir(home)
            if isinstance(home, int):
                os.close(home)


class _Records(logging.Handler):
    """bagit's log records of one bagging, kept to name what went wrong."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(" ".join(record.getMessage().split()))


def _timestamp(day: str) -> datetime:
    return datetime.combine(date.fromisoformat(day), datetime.min.time(), tzinfo=timezone.utc)


def _entries(bag_dir: Path) -> list[tuple[str, Path]]:
    """Every folder and file of the bag, sorted, as (archive name, path); folders end with '/'."""
    found = [(bag_dir.name + "/", bag_dir)]
    for path in bag_dir.rglob("*"):
        rel = f"{bag_dir.name}/{path.relative_to(bag_dir).as_posix()}"
        found.append((rel + "/" if path.is_dir() else rel, path))
    return sorted(found, key=lambda item: item[0].rstrip("/").split("/"))


def write_zip(bag_dir: Path, target: Path, stamp: datetime) -> Path:
    """Serialise the bag as a zip with one top-level folder; same bag, same bytes."""
    when = stamp.timetuple()[:6]
    with atomic_writer(target) as handle, zipfile.ZipFile(handle, "w") as archive:
        for name, path in _entries(bag_dir):
            info = zipfile.ZipInfo(name, date_time=when)
            info.create_system = 3  # Unix, so that the permissions below are read
            if name.endswith("/"):
                info.external_attr = (stat.S_IFDIR | 0o755) << 16 | 0x10
                archive.writestr(info, b"")
            else:
                info.external_attr = (stat.S_IFREG | 0o644) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes(), compresslevel=9)
    return target


def write_tar(bag_dir: Path, target: Path, stamp: datetime) -> Path:
    """Serialise the bag as an uncompressed POSIX tar with one top-level folder; reproducible."""
    mtime = int(stamp.timestamp())
    with atomic_writer(target) as handle, tarfile.open(fileobj=handle, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for name, path in _entries(bag_dir):
            info = tarfile.TarInfo(name.rstrip("/"))
            info.mtime, info.uid, info.gid, info.uname, info.gname = mtime, 0, 0, "", ""
            if name.endswith("/"):
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                archive.addfile(info)
            else:
                data = path.read_bytes()
                info.size, info.mode = len(data), 0o644
                archive.addfile(info, io.BytesIO(data))
    return target


# ----- checking --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    """One thing wrong with a package: the file it concerns, the check that found it, what.

    A ``warning`` does not make the package unsound (see :func:`verify`).
    """

    file: str
    check: str
    message: str
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        return f"{self.file}: {self.severity} [{self.check}] {self.message}"


def iter_problems(
    path: str | Path,
    profiles: Iterable[str | Path] = (),
    *,
    datacite_xsd: str | Path | None = None,
    cff_schema: str | Path | None = None,
) -> Iterator[Problem]:
    """Check a package (bag folder, .zip or .tar) and yield every problem found.

    Checks: safe unpacking; BagIt structure; full fixity of every payload and tag file (never
    "fast"); completeness (nothing missing, nothing extra, Payload-Oxum); the project's profile
    and each profile file in ``profiles`` (e.g. the BTR profile); file names and formats;
    metadata validity (DataCite JSON by its schema, and DataCite XML by ``datacite_xsd``, CFF by
    ``cff_schema`` where given); and, for a package of tei-roundtable, its content: the packaged
    TEI validated, and every file made again from the packaged sources and compared (see
    :func:`_reproduction_problems`). Warnings (``severity``) come with the problems.
    """
    from . import metadata

    path = Path(path)
    # The files that say what to check are read first: a bad one is an error of its own, never
    # blamed on the package, and nothing is unpacked for it.
    loaded = [(project_profile(), "project profile")]
    for profile_path in profiles:
        profile = load_profile(profile_path)
        loaded.append((profile, f"profile {profile['BagIt-Profile-Info']['BagIt-Profile-Identifier']}"))
    xsd = metadata.load_xsd(datacite_xsd) if datacite_xsd is not None else None
    cff = (cff_schema, metadata.load_json_schema(cff_schema)) if cff_schema is not None else None
    with ExitStack() as stack:
        if path.is_dir():
            bag_dir, archive = path, None
        elif path.is_file():
            archive = path
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=".verify-")))
            bag_dir, problems = _unpack(path, work)
            if problems:
                yield from problems
                return
        else:
            raise InputError("no such bag folder or archive", path)
        yield from _bag_problems(bag_dir, archive, loaded, xsd, cff)


def verify(path: str | Path, profiles: Iterable[str | Path] = (), **options) -> list[Problem]:
    """Raise :class:`CheckFailed` with every problem (warnings too) if the package at ``path`` is
    not sound, that is, has any error; return the warnings of a sound package."""
    problems = list(iter_problems(path, profiles, **options))
    errors = sum(p.severity == "error" for p in problems)
    if errors:
        raise CheckFailed(f"{path}: {errors} problem(s); the package is not sound", problems)
    return problems


def is_valid(path: str | Path, profiles: Iterable[str | Path] = (), **options) -> bool:
    return not any(p.severity == "error" for p in iter_problems(path, profiles, **options))


def _archive_stem(path: Path) -> str | None:
    for suffix in (".tar.gz", ".tgz", ".tar", ".zip"):
        if path.name.endswith(suffix):
            return path.name[: -len(suffix)]
    return None


def _unpack(archive: Path, work: Path) -> tuple[Path, list[Problem]]:
    """Extract safely: regular files and folders only, all inside one folder named like the archive."""
    stem = _archive_stem(archive)
    if stem is None:
        return work, [Problem(archive.name, "archive", "not a .zip or .tar archive")]
    try:
        with ExitStack() as stack:
            if zipfile.is_zipfile(archive):
                members = list(_zip_members(stack.enter_context(zipfile.ZipFile(archive))))
            else:
                members = list(_tar_members(stack.enter_context(tarfile.open(archive, "r:*"))))
            problems = list(_member_problems(archive, stem, members))
            if problems:
                return work, problems
            for name, kind, _, open_member in members:
                target = work.joinpath(*name.rstrip("/").split("/"))
                if kind == "dir":
                    target.mkdir(parents=True, exist_ok=True)
                else:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    # In chunks: a member may be as large as the whole cap. The readers stop at
                    # the size the archive declares, which the cap has checked.
                    with open_member() as source, open(target, "xb") as handle:
                        shutil.copyfileobj(source, handle, _CHUNK)
    except (zipfile.BadZipFile, tarfile.TarError, OSError, EOFError) as exc:
        return work, [Problem(archive.name, "archive", f"cannot be read: {exc}")]
    bag_dir = work / stem
    if not bag_dir.is_dir():
        return work, [Problem(archive.name, "archive", f"has no folder {stem}/")]
    return bag_dir, []


def _member_problems(archive: Path, stem: str, members) -> Iterator[Problem]:
    seen, total = set(), 0
    for name, kind, size, _ in members:
        where = f"{archive.name}:{name}"
        parts = name.rstrip("/").split("/")
        if name.startswith("/") or "\\" in name or any(p in ("", ".", "..") for p in parts) or ":" in parts[0]:
            yield Problem(where, "archive", "unsafe path (absolute, '..', or backslashes)")
        elif parts[0] != stem:
            yield Problem(where, "archive", f"outside the one top-level folder {stem}/ the archive must have")
        elif kind not in ("file", "dir"):
            yield Problem(where, "archive", f"a {kind}; packages hold only files and folders")
        elif name.rstrip("/") in seen:
            yield Problem(where, "archive", "appears twice")
        seen.add(name.rstrip("/"))
        total += size
    if total > MAX_UNPACKED_BYTES:
        yield Problem(archive.name, "archive", f"would unpack to {total} bytes, more than allowed")


def _zip_members(handle: zipfile.ZipFile):
    for info in handle.infolist():
        # The high 16 bits hold a Unix mode only when the creator wrote one; its file-type bits
        # are 0 in zips from MS-DOS/Windows tools and from writestr() with a bare name. A member
        # is refused only when those bits say it is something other than a file or folder.
        file_type = stat.S_IFMT(info.external_attr >> 16)
        kind = ("dir" if info.is_dir() or file_type == stat.S_IFDIR else
                "file" if file_type in (0, stat.S_IFREG) else
                "symlink" if file_type == stat.S_IFLNK else "special file")
        yield info.filename, kind, info.file_size, (lambda info=info: handle.open(info))


def _tar_members(handle: tarfile.TarFile):
    for member in handle.getmembers():
        kind = ("file" if member.isreg() else "dir" if member.isdir() else
                "symlink" if member.issym() else "hard link" if member.islnk() else "special file")
        name = member.name + ("/" if member.isdir() else "")
        yield name, kind, member.size, (lambda member=member: handle.extractfile(member))


def _bag_problems(bag_dir: Path, archive: Path | None, profiles, xsd, cff) -> Iterator[Problem]:
    import bagit

    label = bag_dir.name
    # bagit's messages name files by absolute path, inside the temporary folder for an archive.
    inside = f"{os.path.abspath(bag_dir)}{os.sep}"

    def problem(file: str, check: str, message: str, severity: str = "error") -> Problem:
        return Problem(f"{label}/{file}", check, message.replace(inside, ""), severity)

    try:
        bag = bagit.Bag(str(bag_dir))
    except bagit.BagError as exc:
        yield problem("bagit.txt", "structure", f"not a bag: {exc}")
        return
    # bagit's public validate() stops at the first failing step and names no file for a
    # Payload-Oxum mismatch; a verifier must name every problem, so run its steps one by one.
    for step, file in ((bag._validate_structure, "data"), (bag._validate_bagittxt, "bagit.txt"),
                       (bag.validate_fetch, "fetch.txt")):
        try:
            step()
        except bagit.BagError as exc:
            yield problem(file, "structure", str(exc))
            return
    try:
        bag._validate_oxum()
    except bagit.BagError as exc:
        yield problem(bag.tag_file_name, "completeness", str(exc))
    missing = set()
    try:
        bag._validate_completeness()
    except bagit.BagValidationError as exc:
        for detail in exc.details:
            if isinstance(detail, bagit.FileMissing):
                missing.add(detail.path)
                yield problem(detail.path, "completeness", "listed in the manifest but missing")
            else:
                yield problem(detail.path, "completeness", "in the payload but in no manifest")
    try:
        bag._validate_entries(1)
    except bagit.BagValidationError as exc:
        for detail in exc.details:
            if detail.path in missing:
                continue
            if not (bag_dir / detail.path).is_file():
                yield problem(detail.path, "completeness", "listed in the tag manifest but missing")
            else:
                yield problem(detail.path, "fixity",
                              f"{detail.algorithm} checksum differs from the manifest's (the file was changed)")
    for profile, name in profiles:
        yield from _profile_problems(bag, bag_dir, archive, profile, name, problem)
    yield from _file_problems(bag_dir, problem)
    yield from _description_problems(bag, bag_dir, problem)
    yield from _metadata_problems(bag_dir, problem, xsd, cff)
    yield from _reproduction_problems(bag, bag_dir, problem)


def _description_problems(bag, bag_dir: Path, problem) -> Iterator[Problem]:
    """bag-info.txt must say what the bag's own TEI header and edition data say."""
    from . import metadata

    data_files = sorted((bag_dir / "data" / "tei").glob("*.yaml"))
    if len(data_files) != 1:
        return  # the profile reports a missing edition data file
    try:
        ed = load_edition(data_files[0])
        rec = metadata.record(data_files[0].with_name(f"{ed.id}.xml"), ed)
    except InputError as exc:
        file = Path(exc.location.file)
        rel = file.relative_to(bag_dir).as_posix() if file.is_relative_to(bag_dir) else str(file)
        yield problem(rel, "description", exc.message)
        return
    for tag, expected in described_tags(rec).items():
        found = bag.info.get(tag)
        if (found if isinstance(found, list) else [found]) != (expected if isinstance(expected, list) else [expected]):
            yield problem(bag.tag_file_name, "description",
                          f"{tag} is {found!r}, but the bag's TEI header and edition data say {expected!r}")


_AGENT = re.compile(r"^tei-roundtable (\S+)")
# Rules of validate that compare the TEI with its packaged transcript: what they check does not
# change between versions of the toolkit, unlike its schemas and renderings.
_SOURCE_RULES = frozenset({"source-path", "source-file", "source-sha256", "text-fidelity"})


def _reproduction_problems(bag, bag_dir: Path, problem) -> Iterator[Problem]:
    """A package of this toolkit checked against its own sources (the TEI, edition data, transcript).

    Fixity cannot see a file that was changed and had the manifests made again; but everything in
    such a package is made from what it carries. So (a) the packaged TEI is validated as
    ``validate`` does, each error a problem at its line; (b) the TEI is encoded again from the
    packaged transcript and edition data, and the renderings, metadata, validation report and
    schemas are made again from the packaged TEI: each file that differs is a problem naming it,
    and a payload file the toolkit does not make is one too.

    Recognised by ``Bag-Software-Agent: tei-roundtable <version> …``; other bags are not checked
    this way. A package made by another version of the toolkit may differ for that reason alone:
    then the differences, and validation errors other than those of the TEI against its
    transcript (:data:`_SOURCE_RULES`), are warnings.
    """
    from . import metadata
    from .encode import encode
    from .render import render_outputs

    agent = bag.info.get("Bag-Software-Agent")
    found = _AGENT.match(agent) if isinstance(agent, str) else None
    data_files = sorted((bag_dir / "data" / "tei").glob("*.yaml"))
    if found is None or len(data_files) != 1:
        return  # not made by this toolkit, or the profile reports what is missing
    made_by = found.group(1)
    skew = "" if made_by == __version__ else (
        f" (the package was made by tei-roundtable {made_by}, which may legitimately differ)")
    severity = "warning" if skew else "error"
    try:
        ed = load_edition(data_files[0])
        tei = data_files[0].with_name(f"{ed.id}.xml")
        rec = metadata.record(tei, ed)
    except InputError:
        return  # _description_problems reports it
    if tei.is_symlink():
        return  # never followed (a folder bag may hold one); the file check reports it
    tei_name = f"tei/{tei.name}"

    report = _report(tei)
    for finding in report.findings:
        if finding.severity == "error":
            where = f"data/{tei_name}" + (f":{finding.line}" if finding.line else "") + (
                f":{finding.column}" if finding.line and finding.column else "")
            yield problem(where, finding.rule, finding.message,
                          "error" if finding.rule in _SOURCE_RULES else severity)

    def unmade(file: str, what: str, exc: TeiRoundtableError) -> Problem:
        first = exc.findings[0] if isinstance(exc, CheckFailed) and exc.findings else exc
        message = f"{first.location}: {first.message}" if isinstance(first, InputError) else str(first)
        return problem(file, "reproduction", f"{what} cannot be made again: {message}", severity)

    complete = True
    expected: dict[str, bytes] = {}
    try:
        source = source_path(data_files[0], ed.meta["source"])
        expected[tei_name] = encode(source, ed)
    except (SourceRefused, FileNotFoundError) as exc:
        complete = False
        reason = exc.reason if isinstance(exc, SourceRefused) else "not found"
        yield problem(data_files[0].relative_to(bag_dir).as_posix(), "reproduction",
                      f"the TEI cannot be encoded again: the transcript it names ({ed.meta['source']}) "
                      f"cannot be read: {reason}", severity)
    except TeiRoundtableError as exc:
        complete = False
        yield unmade(f"data/{tei_name}", "the TEI", exc)
    try:
        expected.update(render_outputs(tei))
    except TeiRoundtableError as exc:
        complete = False
        yield unmade(f"data/{tei_name}", "the HTML and text editions", exc)
    try:
        expected.update(_made_files(tei, rec, report.to_json().encode("utf-8")))
        for href in _xml_model_hrefs(parse_file(tei)):
            inside, declared = _resolve("tei", href), schema_dir() / PurePosixPath(href).name
            if inside and declared.is_file():
                expected[inside] = declared.read_bytes()
        expected, _ = _bag_names(expected)
    except TeiRoundtableError as exc:
        complete = False
        yield unmade(f"data/{tei_name}", "the metadata", exc)

    for path, data in sorted(expected.items()):
        target = bag_dir / "data" / path
        # A missing file is reported by the completeness check, a link by the file check.
        if target.is_file() and not target.is_symlink() and target.read_bytes() != data:
            what = "transcript and edition data" if path == tei_name else "TEI and edition data"
            yield problem(f"data/{path}", "reproduction",
                          f"not what tei-roundtable {__version__} makes from the packaged {what}{skew}", severity)
    if not complete:
        return  # the files that could not be made are not known
    # The transcript where the edition data and the TEI's header name it (the same file, normally).
    idno = named_source(parse_file(tei))
    named = idno.text if idno is not None else None
    sources = {f"data/tei/{data_files[0].name}", *(f"data/{path}" for path in expected),
               *(f"data/{inside}" for inside in (_resolve("tei", ed.meta["source"]), _resolve("tei", named or ""))
                 if inside)}
    for path in sorted((bag_dir / "data").rglob("*")):
        rel = path.relative_to(bag_dir).as_posix()
        if path.is_file() and rel not in sources:
            yield problem(rel, "reproduction",
                          f"not a file tei-roundtable {__version__} puts in a package of this edition{skew}", severity)


# bagit_profile's checks with the file a failure concerns (Profile.validate runs the same list
# but reports no file); {alg} is filled with each required algorithm whose file is missing.
_PROFILE_CHECKS = (
    ("validate_bag_info", "bag-info.txt"),
    ("validate_manifests_required", "manifest-{alg}.txt"),
    ("validate_tag_manifests_required", "tagmanifest-{alg}.txt"),
    ("validate_payload_manifests_allowed", "manifest-*.txt"),
    ("validate_tag_manifests_allowed", "tagmanifest-*.txt"),
    ("validate_tag_files_required", "(tag files)"),
    ("validate_allow_fetch", "fetch.txt"),
    ("validate_accept_bagit_version", "bagit.txt"),
    ("validate_tag_files_allowed", "(tag files)"),
)


def _profile_problems(bag, bag_dir: Path, archive: Path | None, profile: dict, name: str, problem) -> Iterator[Problem]:
    import bagit_profile

    checker = _profile_checker(profile)
    prefix = f"{bag}: "
    checks = list(_PROFILE_CHECKS)
    if archive is not None:
        checks.insert(0, ("validate_serialization", None))
    for method, file in checks:
        try:
            if method == "validate_serialization":
                checker.validate_serialization(str(archive))
            else:
                getattr(checker, method)(bag)
        except bagit_profile.ProfileValidationError as exc:
            # Paths in the messages are the checker's, inside the temporary folder: make them the bag's.
            message = str(exc.value).removeprefix(prefix).replace(f"{bag.path}{os.sep}", "")
            if file is None:
                yield Problem(archive.name, name, f"serialisation not accepted: {message}")
                continue
            if "{alg}" in file:
                key = "Manifests-Required" if file.startswith("manifest") else "Tag-Manifests-Required"
                files = [file.format(alg=a) for a in profile.get(key, []) if not (bag_dir / file.format(alg=a)).is_file()]
                file = ", ".join(files) or file
            found = re.search(r"tag file '([^']+)'", message)
            yield problem(found.group(1) if found else file, name, message)
    # BagIt Profiles 1.4 payload rules, which bagit_profile 1.3 does not check (patterns as its
    # Tag-Files-Allowed: fnmatch, '*' also matching '/').
    payload = sorted(p.relative_to(bag_dir).as_posix() for p in (bag_dir / "data").rglob("*") if p.is_file())
    for pattern in profile.get("Payload-Files-Required", []):
        if not any(fnmatch.fnmatchcase(path, pattern) for path in payload):
            yield problem(pattern, name, "required payload file is missing (Payload-Files-Required)")
    allowed = profile.get("Payload-Files-Allowed")
    if allowed is not None:
        for path in payload:
            if not any(fnmatch.fnmatchcase(path, pattern) for pattern in allowed):
                yield problem(path, name, "payload file not allowed by the profile (Payload-Files-Allowed)")


def _file_problems(bag_dir: Path, problem) -> Iterator[Problem]:
    for path in sorted(bag_dir.rglob("*")):
        rel = path.relative_to(bag_dir).as_posix()
        if path.is_symlink():
            yield problem(rel, "files", "a symbolic link")
        elif path.is_dir():
            if not _DIR_NAME.match(path.name):
                yield problem(rel, "files", "folder name not ASCII [A-Za-z0-9_-]")
        else:
            if not _NAME.match(path.name):
                yield problem(rel, "files", "file name not ASCII [A-Za-z0-9_-] with one dot and an extension")
            with open(path, "rb") as handle:
                head = handle.read(16)  # the checks look at how a file starts
            for message in _content_problems(rel, head):
                yield problem(rel, "files", message)


def _metadata_problems(bag_dir: Path, problem, xsd, cff) -> Iterator[Problem]:
    """``xsd``: the DataCite XML Schema or None; ``cff``: (file, schema) of the CFF schema or None."""
    from referencing.exceptions import Unresolvable  # jsonschema's reference resolver

    from . import metadata

    def read(rel: str) -> bytes | None:
        path = bag_dir / rel
        return path.read_bytes() if path.is_file() else None  # a missing one is reported by the profile

    def read_json(rel: str) -> tuple[object, list[Problem]]:
        """The parsed document (``absent`` if missing or unreadable) and the problem reading it."""
        if (data := read(rel)) is None:
            return absent, []
        try:
            return json.loads(data.decode("utf-8")), []
        except (UnicodeDecodeError, ValueError) as exc:
            return absent, [problem(rel, "metadata", f"not JSON: {exc}")]

    absent = object()

    rel = "data/metadata/datacite.json"
    document, found = read_json(rel)
    yield from found
    if document is not absent:
        for message in metadata.iter_datacite_json_errors(document):
            yield problem(rel, "metadata", f"DataCite 4.5 JSON Schema: {message}")
    rel = "data/metadata/datacite.xml"
    if (data := read(rel)) is not None:
        try:
            if xsd is not None:
                for message in metadata.iter_xsd_errors(data, xsd, rel):
                    yield problem(rel, "metadata", f"DataCite kernel-4.5 XSD: {message}")
            else:
                parse_bytes(data, rel)
        except InputError as exc:
            yield problem(rel, "metadata", exc.message)
    rel = "data/metadata/oai_dc.xml"
    if (data := read(rel)) is not None:
        try:
            root = parse_bytes(data, rel).getroot()
        except InputError as exc:
            yield problem(rel, "metadata", exc.message)
        else:
            if root.tag != f"{{{metadata.OAI_DC_NS}}}dc":
                yield problem(rel, "metadata", f"root element is {root.tag}, not oai_dc:dc")
            for child in root:
                if not isinstance(child.tag, str) or not child.tag.startswith(f"{{{metadata.DC_NS}}}"):
                    yield problem(rel, "metadata", f"line {child.sourceline}: {child.tag} is not a Dublin Core element")
    rel = "data/metadata/CITATION.cff"
    if (data := read(rel)) is not None:
        try:
            document = metadata.load_cff(data, rel)
        except InputError as exc:
            yield problem(rel, "metadata", exc.message)
        else:
            if not isinstance(document, dict) or "cff-version" not in document:
                yield problem(rel, "metadata", "not a Citation File Format document (no cff-version)")
            elif cff is not None:
                schema_file, schema = cff
                try:
                    messages = list(metadata.iter_json_schema_errors(document, schema))
                except Unresolvable as exc:  # a $ref to another file or a URL, never fetched
                    raise InputError(f"the schema's reference cannot be resolved: {exc}", schema_file,
                                     hint="give a self-contained JSON Schema (references within the file only)") from None
                for message in messages:
                    yield problem(rel, "metadata", f"CFF 1.2.0 schema: {message}")
    rel = "data/reports/validation.json"
    report, found = read_json(rel)
    yield from found
    if report is not absent:
        schema = json.loads((schema_dir() / REPORT_SCHEMA).read_text(encoding="utf-8"))
        for message in metadata.iter_json_schema_errors(report, schema):
            yield problem(rel, "metadata", f"validation report schema: {message}")
        if not isinstance(report, dict) or report.get("valid") is not True:
            yield problem(rel, "metadata", "the validation report does not say that the edition is valid")
    for tei in sorted((bag_dir / "data" / "tei").glob("*.xml")):
        rel = tei.relative_to(bag_dir).as_posix()
        try:
            hrefs = _xml_model_hrefs(parse_file(tei))
        except InputError as exc:
            yield problem(rel, "metadata", exc.message)
            continue
        for href in hrefs:
            inside = _resolve("data/tei", href)
            if inside is None or not inside.startswith("data/") or not (bag_dir / inside).is_file():
                yield problem(rel, "completeness", f"its xml-model schema {href} does not resolve inside the bag")
