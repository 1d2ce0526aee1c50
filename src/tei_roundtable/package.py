"""Stage 4 — package: an edition version as a BagIt 1.0 deposit package.

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

:func:`package` builds a package — only from an edition that validates; :mod:`.verify` checks one.

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

import io
import logging
import os
import re
import shutil
import stat
import tarfile
import tempfile
import threading
import zipfile
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator, Mapping

from . import __version__
from ._io import atomic_writer, write_bytes
from ._profile import declared_profile_identifier, project_profile
from ._record import BuildRecord
from ._record import read as read_record
from .resources import schema_dir
from ._source import SourceRefused, named_source, source_path
from ._xml import Parsed, parse_bytes, parse_file
from .collection import FILE_NAME as COLLECTION_FILE
from .edition import Edition
from .edition import load as load_edition
from .errors import CheckFailed, InputError, TeiRoundtableError

REPORT_SCHEMA = "report.schema.json"  # the validation report's JSON Schema, packaged beside the report
CHECKSUMS = ("sha512",)
BAGIT_TXT = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
ARCHIVE_FORMATS = ("zip", "tar")
_NAME = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9]+$")
_DIR_NAME = re.compile(r"^[A-Za-z0-9_-]+$")
_XML_EXTENSIONS = {".xml", ".rng", ".sch", ".xsd", ".xsl"}
_BOM = b"\xef\xbb\xbf"


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
    parsed: Parsed | None = None,
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
    again. ``parsed``: the TEI's bytes and safe parse as the caller holds them (``build``), taken
    in place of parsing the file again while the file holds those bytes.
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
    inputs = _Inputs.read(tei_path, ed)  # each read once, for the record's check and for the package
    rendered = record.current_renderings(
        transcript=inputs.transcript, edition_data=inputs.edition_data, collection=inputs.collection,
        tei=inputs.tei, dist=dist) if record is not None else None
    if rendered is not None:
        report = record.report.encode("utf-8")
    else:
        report = validation_report(tei_path)
        _check_tei_is_current(tei_path, ed)
        rendered = _rendered_files(dist, tei_path)
    # Parsed once, for the metadata record, the schemas it declares and oai_dc (read, not changed).
    tree = parsed.tree if parsed is not None and parsed.data == inputs.tei else parse_bytes(inputs.tei, tei_path)
    rec = metadata.record(tei_path, ed, tree)
    files = _edition_files(tei_path, ed, tree, inputs)
    files.update(rendered)
    files.update(_made_files(tei_path, rec, report, tree))
    files, renamed = _bag_names(files)
    info = bag_info(ed, rec)

    name = bag_name(ed)
    written = []
    with tempfile.TemporaryDirectory(prefix=".package-") as work:
        bag_dir = Path(work) / name
        make_bag(files, info, bag_dir)
        stamp = _timestamp(info["Bagging-Date"])
        payload = {f"data/{path}": data for path, data in files.items()}  # what make_bag wrote, not read back
        for fmt in formats:
            target = out_dir / f"{name}.{fmt}"
            (write_zip if fmt == "zip" else write_tar)(bag_dir, target, stamp, payload)
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


@dataclass(frozen=True)
class _Inputs:
    """The bytes of the TEI being packaged and of the edition's files, as :func:`package` read them."""

    tei: bytes
    transcript: bytes
    edition_data: bytes
    collection: bytes | None

    @classmethod
    def read(cls, tei: Path, ed: Edition) -> "_Inputs":
        return cls(tei.read_bytes(), ed.source_path.read_bytes(), ed.path.read_bytes(),
                   ed.collection.path.read_bytes() if ed.collection is not None else None)


def _edition_files(tei: Path, ed: Edition, tree=None, inputs: _Inputs | None = None) -> dict[str, bytes]:
    """The TEI, the schemas its xml-model PIs declare, the edition data, its schema, the transcript
    (``tree``: the TEI as parsed already, if it was; ``inputs``: the files' bytes, if read already)."""
    tree = tree if tree is not None else parse_file(tei)
    inputs = inputs if inputs is not None else _Inputs.read(tei, ed)
    files = {f"tei/{tei.name}": inputs.tei, f"tei/{ed.path.name}": inputs.edition_data}
    if inputs.collection is not None:  # the shared register the edition data names, beside it as in tei/
        files[f"tei/{COLLECTION_FILE}"] = inputs.collection
        files["schema/collection.schema.json"] = (schema_dir() / "collection.schema.json").read_bytes()
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
    transcript = inputs.transcript
    if named is None or inside is None or (named.read_bytes() if named != ed.source_path else transcript) != transcript:
        raise InputError(f"the TEI names its source as {source_ref!r}, which is not {ed.source_path} beside it", tei,
                         hint="re-encode the TEI, and keep the transcript in source/ beside it")
    files[inside] = transcript
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


def _made_files(tei: Path, rec, report: bytes, tree=None) -> dict[str, bytes]:
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
    files.update({f"metadata/{name}": data for name, data in metadata.metadata_files(tei, rec, tree).items()})
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
    again = f"render them from this TEI again: tei-roundtable render {tei} -o {dist} (or tei-roundtable build)"
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
    # A page holds a name only if it holds the name's end from its first dot (".schema.json" of
    # the three schemas): each page is searched once for each such end (the HTML page is some
    # 480 KB, a search 0.1 ms), and for a name only where its end is.
    pages = [(page, data) for page, data in result.items() if page.endswith(".html")]
    holds: dict[tuple[bytes, str], bool] = {}
    for old, new in renamed.items():
        old_name = old.rsplit("/", 1)[-1].encode()
        end = old_name[max(old_name.find(b"."), 0):]
        for page, data in pages:
            if (end, page) not in holds:
                holds[end, page] = end in data
            if holds[end, page] and old_name in data:
                raise InputError(
                    f"{page} refers to {old_name.decode()}, which the package must rename to "
                    f"{new.rsplit('/', 1)[-1]} (file names have one dot)", old,
                    hint="give the file a name with one dot where it is made",
                )
    return result, renamed


def _content_problems(path: str, data: bytes) -> Iterator[str]:
    """What breaks the package's rules on file content; ``path`` is a payload path (``data/`` or not).

    The source transcript is exempt from the BOM rule: it is deposited byte for byte, as its
    sha256 in the TEI header records it, and a transcript saved with a BOM is still the source.
    """
    in_source = PurePosixPath(path.removeprefix("data/")).parent.as_posix() == "tei/source"
    if data.startswith(_BOM) and not in_source:
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


def make_bag(files: Mapping[str, bytes | Path], info: dict, bag_dir: str | Path) -> Path:
    """Write ``files`` (bag payload paths -> bytes, or a file that holds them, copied without
    being held: a collection's corpus) as a BagIt 1.0 bag at ``bag_dir`` (new folder)."""
    bag_dir = Path(bag_dir)
    bag_dir.mkdir(parents=True)
    folders = {bag_dir}  # each made once: mkdir of one that exists is a failed system call
    for path, data in files.items():
        target = bag_dir / path
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        if isinstance(data, Path):
            shutil.copyfile(data, target)
        else:
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
            bag = bagit.make_bag(str(directory), dict(info), checksums=list(CHECKSUMS))
            # bagit.py writes BagIt-Version 0.97; the package is a BagIt 1.0 bag (RFC 8493), whose
            # bagit.txt differs only in the version. Saving again re-makes the tag manifest over it
            # (the bag make_bag returns, rather than opening it again: save writes no bagit.txt).
            (directory / "bagit.txt").write_bytes(BAGIT_TXT)
            bag.save()
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
    # One os.walk, its names joined as strings: Path.rglob with relative_to and is_dir for each
    # entry took 0.4 ms of the zip's 1.7 beside deflating. Like rglob, it does not follow a link
    # to a folder, which is listed as a folder (as is_dir said).
    for folder, folders, names in os.walk(bag_dir):
        inside = Path(folder)
        prefix = f"{bag_dir.name}/" if inside == bag_dir else f"{bag_dir.name}/{inside.relative_to(bag_dir).as_posix()}/"
        found += [(f"{prefix}{name}/", inside / name) for name in folders]
        found += [(prefix + name, inside / name) for name in names]
    return sorted(found, key=lambda item: item[0].rstrip("/").split("/"))


def _contents(path: Path, name: str, payload: Mapping[str, bytes] | None) -> bytes:
    """The bytes of the bag's file ``name`` (``<bag>/data/…``): from ``payload`` when given, else read."""
    inside = name.split("/", 1)[1]
    return payload[inside] if payload is not None and inside in payload else path.read_bytes()


# zlib level 1: 6.5 ms of CPU for the bundled edition's 1 MB where level 6 took 22 and level 9
# twice that; the archive is 21 % larger (307 KB against 254), which a deposit does not feel.
ZIP_LEVEL = 1


def write_zip(bag_dir: Path, target: Path, stamp: datetime, payload: Mapping[str, bytes] | None = None) -> Path:
    """Serialise the bag as a zip with one top-level folder; same bag, same bytes.

    ``payload``: the bytes of files of the bag by their path in it (``data/…``), when the caller
    has them (what :func:`make_bag` was given), so that they are not read back from disk.
    """
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
                if payload is not None and name.split("/", 1)[1] in payload:
                    archive.writestr(info, _contents(path, name, payload), compresslevel=ZIP_LEVEL)
                else:
                    # Copied from the file, not read whole (a collection's corpus is some 60 MB):
                    # the same bytes as writestr's, which also writes through open().
                    info.file_size, info._compresslevel = path.stat().st_size, ZIP_LEVEL
                    with path.open("rb") as source, archive.open(info, "w") as entry:
                        shutil.copyfileobj(source, entry, 1 << 20)
    return target


def write_tar(bag_dir: Path, target: Path, stamp: datetime, payload: Mapping[str, bytes] | None = None) -> Path:
    """Serialise the bag as an uncompressed POSIX tar with one top-level folder; reproducible.
    ``payload``: as for :func:`write_zip`."""
    mtime = int(stamp.timestamp())
    with atomic_writer(target) as handle, tarfile.open(fileobj=handle, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for name, path in _entries(bag_dir):
            info = tarfile.TarInfo(name.rstrip("/"))
            info.mtime, info.uid, info.gid, info.uname, info.gname = mtime, 0, 0, "", ""
            if name.endswith("/"):
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                archive.addfile(info)
            else:
                data = _contents(path, name, payload)
                info.size, info.mode = len(data), 0o644
                archive.addfile(info, io.BytesIO(data))
    return target


def edition_data_files(folder: Path) -> list[Path]:
    """The edition data files of a package's ``tei/`` folder: every ``*.yaml`` but the collection's."""
    return sorted(p for p in folder.glob("*.yaml") if p.name != COLLECTION_FILE)
