"""Checking a deposit package: :func:`verify`, :func:`iter_problems`, :func:`is_valid`, :class:`Problem`.

What is checked is decided by the caller, never by what the bag says about itself: every bag
is checked in full as a tei-roundtable package (safe unpacking, BagIt structure, full fixity,
completeness, tag manifests covering every tag file, the project's profile and each profile
given, file names and formats, every ``bag-info.txt`` tag against what the bag's TEI header and
edition data make of it, metadata validity, and its content made again, :mod:`._reproduce`).
A bag that is not such a package fails, and says so. ``bagit_only=True`` (``verify
--bagit-only``) checks any bag as plain BagIt and the profiles given, and rebuilds nothing.

Decisions:

* Nothing in the bag switches a check off or turns an error into a warning: not
  ``Bag-Software-Agent`` (however spelled, whatever version it claims), not the number of files
  in ``data/tei/``. A package made by another toolkit version is made again by this one; what
  differs is an error (the message names the version the bag claims).
* Every problem is reported: no check stops at the first failure (BagIt steps after the bag's
  structure, each profile rule, each tag).
* The files that say what to check (profiles, the DataCite XSD, the CFF schema) are loaded before
  the package is opened; one that cannot be used is an :class:`InputError` naming that file,
  never a problem of the package.
* Whatever the input, the result is problems, never a traceback: archives are unpacked by
  :mod:`._archive` within :class:`Limits` checked before writing, and a folder is walked within
  the same limits before bagit reads it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Iterable, Iterator

from ._archive import Limits, archive_stem, scan_folder, unpack
from .resources import schema_dir
from ._profile import iter_failures, load_profile, project_profile, tag_problems
from ._reproduce import reproduction_problems
from ._xml import parse_bytes, parse_file
from .edition import load as load_edition
from .errors import CheckFailed, InputError
from .findings import Problem
from .package import (
    _DIR_NAME, _NAME, BAGIT_TXT, CHECKSUMS, REPORT_SCHEMA, _content_problems, _resolve, _xml_model_hrefs, bag_info,
    edition_data_files,
)

__all__ = ["Limits", "Problem", "is_valid", "iter_problems", "load_profile", "verify"]

_OXUM = re.compile(r"^[0-9]+\.[0-9]+$")
# bagit's own readers raise these on malformed tag files and manifests, besides BagError.
_BAGIT_READ_ERRORS = (ValueError, UnicodeError, OSError, KeyError, IndexError)


def iter_problems(
    path: str | Path,
    profiles: Iterable[str | Path] = (),
    *,
    bagit_only: bool = False,
    datacite_xsd: str | Path | None = None,
    cff_schema: str | Path | None = None,
    limits: Limits = Limits(),
) -> Iterator[Problem]:
    """Check a package (bag folder, zip or tar) and yield every problem found.

    By default the bag is checked as a tei-roundtable package (see the module). With
    ``bagit_only`` it is checked as plain BagIt 1.0/0.97 and against ``profiles`` only; nothing
    is made again, and what BagIt leaves optional (tag files no tag manifest lists, an archive
    named unlike its folder, ``__MACOSX/``) is a warning.
    """
    from . import metadata

    path = Path(path)
    # The files that say what to check are read first: a bad one is an error of its own, never
    # blamed on the package, and nothing is unpacked for it.
    loaded = [] if bagit_only else [(project_profile(), "project profile")]
    for profile_path in profiles:
        profile = load_profile(profile_path)
        loaded.append((profile, f"profile {profile['BagIt-Profile-Info']['BagIt-Profile-Identifier']}"))
    xsd = metadata.load_xsd(datacite_xsd) if datacite_xsd is not None else None
    cff = (cff_schema, metadata.load_json_schema(cff_schema)) if cff_schema is not None else None
    optional = "warning" if bagit_only else "error"
    with ExitStack() as stack:
        if path.is_dir():
            refusals = scan_folder(path, limits)
            if refusals:
                yield from (Problem(r.file, "files", r.message) for r in refusals)
                return
            bag_dir, fmt = path, None
        elif path.is_file():
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=".verify-")))
            unpacked = unpack(path, work, limits)
            for r in unpacked.refusals:
                yield (Problem(r.file, "completeness", r.message, optional) if r.extra
                       else Problem(r.file, "archive", r.message))
            if unpacked.bag_dir is None:
                return
            bag_dir, fmt = unpacked.bag_dir, unpacked.format
            if bag_dir.name != archive_stem(path):
                yield Problem(path.name, "archive", f"unpacks to the folder {bag_dir.name}/, not to "
                                                    f"{archive_stem(path)}/ as its name says", optional)
        else:
            raise InputError("no such bag folder or archive", path)
        yield from _bag_problems(bag_dir, fmt, loaded, xsd, cff, bagit_only)


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


def _bag_problems(bag_dir: Path, fmt: str | None, profiles, xsd, cff, bagit_only: bool) -> Iterator[Problem]:
    import bagit

    from ._collection_bag import collection_profile, is_collection_bag, iter_bag_problems

    label = bag_dir.name
    # bagit's messages name files by absolute path, inside the temporary folder for an archive.
    inside = f"{os.path.abspath(bag_dir)}{os.sep}"

    def problem(file: str, check: str, message: str, severity: str = "error") -> Problem:
        message = message.replace(inside, "").replace(os.path.abspath(bag_dir), label)
        return Problem(f"{label}/{file}", check, message, severity)

    try:
        bag = bagit.Bag(str(bag_dir))
    except bagit.BagError as exc:
        yield problem("bagit.txt", "structure", f"not a bag: {exc}")
        return
    except _BAGIT_READ_ERRORS as exc:
        yield problem("bagit.txt", "structure", f"not a bag: a tag file cannot be read: {exc}")
        return
    # bagit's public validate() stops at the first failing step and names no file for a
    # Payload-Oxum mismatch; a verifier must name every problem, so run its steps one by one.
    for step, file in ((bag._validate_structure, "data"), (bag._validate_bagittxt, "bagit.txt"),
                       (bag.validate_fetch, "fetch.txt")):
        try:
            step()
        except (bagit.BagError, *_BAGIT_READ_ERRORS) as exc:
            yield problem(file, "structure", str(exc))
            return
    oxum = bag.info.get("Payload-Oxum")
    if oxum is not None and (not isinstance(oxum, str) or not _OXUM.match(oxum)):
        yield problem(bag.tag_file_name, "completeness",
                      f"Payload-Oxum is {oxum!r}, not <octets>.<number of files>")
    else:
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
    except (bagit.BagError, *_BAGIT_READ_ERRORS) as exc:
        yield problem("data", "completeness", f"cannot be checked: {exc}")
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
    except (bagit.BagError, *_BAGIT_READ_ERRORS) as exc:
        yield problem("data", "fixity", f"cannot be checked: {exc}")
    yield from _tag_manifest_problems(bag_dir, problem, "warning" if bagit_only else "error")
    # A collection's bag (its one TEI a teiCorpus, no edition data) is checked in full as what it
    # is: against the collection bags' profile, whose payload rules admit no edition's files, and
    # for what its TEI says (pages made again, related identifiers, every bag-info tag).
    collection = not bagit_only and is_collection_bag(bag_dir)
    if collection:
        profiles = [(collection_profile(), "collection profile") if name == "project profile" else (profile, name)
                    for profile, name in profiles]
    for profile, name in profiles:
        for failure in iter_failures(bag_dir, bag.info, ".".join(map(str, bag.version_info)), fmt, profile):
            yield problem(failure.file, name, failure.message.replace(inside, ""))
    if bagit_only:
        return
    yield from _file_problems(bag_dir, problem)
    yield from _tag_file_problems(bag, bag_dir, problem)
    if collection:
        yield from _metadata_problems(bag_dir, problem, xsd, cff)
        yield from iter_bag_problems(bag_dir)
        return
    yield from _description_problems(bag, bag_dir, problem)
    yield from _metadata_problems(bag_dir, problem, xsd, cff)
    yield from reproduction_problems(bag, bag_dir, problem)


def _tag_manifest_problems(bag_dir: Path, problem, severity: str) -> Iterator[Problem]:
    """Every tag file must be listed in every tag manifest: one left out could be edited unseen.

    RFC 8493 lets a tag manifest leave tag files out, so for a plain BagIt check it is a warning.
    """
    import bagit_profile

    tag_files = {"bagit.txt", *(p.name for p in bag_dir.glob("bag-info.txt")),
                 *(p.name for p in bag_dir.glob("manifest-*.txt")), *(p.name for p in bag_dir.glob("fetch.txt")),
                 *(Path(p).relative_to(bag_dir).as_posix() for p in bagit_profile.find_tag_files(str(bag_dir)))}
    for manifest in sorted(bag_dir.glob("tagmanifest-*.txt")):
        listed = set()
        try:
            for line in manifest.read_text(encoding="utf-8").splitlines():
                _, _, listed_path = line.strip().partition(" ")
                listed.add(listed_path.strip().removeprefix("./").replace("%0D", "\r").replace("%0A", "\n")
                           .replace("%25", "%"))
        except (OSError, UnicodeError) as exc:
            yield problem(manifest.name, "fixity", f"cannot be read: {exc}")
            continue
        for tag_file in sorted(tag_files - listed):
            if (bag_dir / tag_file).is_file():
                yield problem(tag_file, "fixity", f"a tag file {manifest.name} does not list, so no checksum "
                                                  "protects it", severity)


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


def _tag_file_problems(bag, bag_dir: Path, problem) -> Iterator[Problem]:
    """The tag files must be byte for byte what ``package`` (through bagit) writes for this bag.

    Their values are checked elsewhere (fixity, description); this sees what those checks read
    past: blank or repeated lines, other spacing, a BagIt-Version spelt otherwise. The lines of a
    tag manifest may come in any order (bagit writes them in the order the folder lists them).
    """
    def canonical(name: str, expected: bytes, ordered: bool = True) -> Iterator[Problem]:
        path = bag_dir / name
        if not path.is_file() or path.is_symlink():
            return
        found = path.read_bytes()
        if (found != expected if ordered else
                sorted(found.splitlines(keepends=True)) != sorted(expected.splitlines(keepends=True))):
            yield problem(name, "reproduction", f"not the {name} tei-roundtable writes for this bag "
                                                "(lines added, repeated, reordered or respaced)")

    yield from canonical("bagit.txt", BAGIT_TXT)
    lines = []
    for tag in sorted(bag.info):
        values = bag.info[tag] if isinstance(bag.info[tag], list) else [bag.info[tag]]
        lines += [f"{tag}: {value}\n" for value in values]
    yield from canonical("bag-info.txt", "".join(lines).encode("utf-8"))
    payload = sorted(p for p in (bag_dir / "data").rglob("*") if p.is_file() and not p.is_symlink())
    for alg in CHECKSUMS:
        manifest = "".join(f"{_digest(path, alg)}  {path.relative_to(bag_dir).as_posix()}\n" for path in payload)
        yield from canonical(f"manifest-{alg}.txt", manifest.encode("utf-8"))
        tags = sorted(p.name for p in bag_dir.iterdir() if p.is_file() and not p.name.startswith("tagmanifest-"))
        tagmanifest = "".join(f"{_digest(bag_dir / name, alg)} {name}\n" for name in tags)
        yield from canonical(f"tagmanifest-{alg}.txt", tagmanifest.encode("utf-8"), ordered=False)


def _digest(path: Path, alg: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, alg).hexdigest()


_AGENT = re.compile(r"^tei-roundtable \S+ \(bagit\.py \S+\)$")


def _description_problems(bag, bag_dir: Path, problem) -> Iterator[Problem]:
    """bag-info.txt must say what the bag's own TEI header and edition data make of it: every tag
    that ``package`` writes has the value it would write, and there is no other tag."""
    from . import metadata

    data_files = edition_data_files(bag_dir / "data" / "tei")
    if len(data_files) != 1:
        yield problem("bag-info.txt", "description", f"cannot be compared: the package has {len(data_files)} "
                                                     "edition data files (data/tei/*.yaml), not one")
        return
    try:
        ed = load_edition(data_files[0])
        rec = metadata.record(data_files[0].with_name(f"{ed.id}.xml"), ed)
        expected = bag_info(ed, rec)
    except InputError as exc:
        file = Path(exc.location.file)
        rel = file.relative_to(bag_dir).as_posix() if file.is_relative_to(bag_dir) else str(file)
        yield problem(rel, "description", exc.message)
        return
    # The agent names the versions that made the bag; what they made is checked by making it again.
    agent = bag.info.get("Bag-Software-Agent")
    if not isinstance(agent, str) or not _AGENT.match(agent):
        yield problem(bag.tag_file_name, "description",
                      f"Bag-Software-Agent is {agent!r}, not 'tei-roundtable <version> (bagit.py <version>)': "
                      "not a tei-roundtable package (check another tool's bag with verify --bagit-only)")
    expected.pop("Bag-Software-Agent")
    yield from tag_problems(bag, expected, "the bag's TEI header and edition data say", problem)


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

