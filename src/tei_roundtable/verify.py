"""Checking a deposit package: :func:`verify`, :func:`iter_problems`, :func:`is_valid`, :class:`Problem`.

A package (bag folder, ``.zip`` or ``.tar``) is checked for safe unpacking (:mod:`._archive`),
BagIt structure, full fixity, completeness, the project's profile and each profile given, file
names and formats, what ``bag-info.txt`` says against the bag's TEI header, metadata validity,
and, for a package of this toolkit, its content made again (:mod:`._reproduce`).

Decisions:

* The files that say what to check (profiles, the DataCite XSD, the CFF schema) are loaded before
  the package is opened; one that cannot be used is an :class:`InputError` naming that file (at
  the line and column of a JSON or XML syntax error), never a problem of the package. A profile
  must give what BagIt Profiles 1.4.0 and ``bagit_profile`` need (``BagIt-Profile-Info`` with
  ``BagIt-Profile-Identifier`` and ``Source-Organization``; ``Accept-BagIt-Version``;
  ``Accept-Serialization`` unless ``Serialization`` is ``forbidden``), every key of the type the
  specification gives, and tag and payload paths inside the bag. ``Bag-Info`` and
  ``Manifests-Required``, optional in the specification, default to empty.
"""

from __future__ import annotations

import copy
import fnmatch
import json
import os
import re
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator

from ._archive import unpack
from ._paths import schema_dir
from ._reproduce import reproduction_problems
from ._xml import parse_bytes, parse_file
from .edition import load as load_edition
from .errors import CheckFailed, InputError
from .package import (
    REPORT_SCHEMA, _DIR_NAME, _NAME, _content_problems, _resolve, _xml_model_hrefs, declared_profile_identifier,
    described_tags, project_profile,
)

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
            bag_dir, refusals = unpack(path, work)
            if refusals:
                yield from (Problem(r.file, "archive", r.message) for r in refusals)
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
    yield from reproduction_problems(bag, bag_dir, problem)


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

