"""BagIt profiles (BagIt Profiles 1.4.0) for :mod:`.verify`: loading one, and every rule a bag breaks.

A profile file must give what BagIt Profiles 1.4.0 and ``bagit_profile`` need
(``BagIt-Profile-Info`` with ``BagIt-Profile-Identifier`` and ``Source-Organization``;
``Accept-BagIt-Version``; ``Accept-Serialization`` unless ``Serialization`` is ``forbidden``),
every key of the type the specification gives, and tag and payload paths inside the bag.
``Bag-Info`` and ``Manifests-Required``, optional in the specification, default to empty.

The rules are checked here rather than by ``bagit_profile.Profile.validate``, which raises at the
first rule a bag breaks (and its ``validate_bag_info`` at the first tag): a verifier must name
every problem. ``bagit_profile`` still checks the profile itself when it is loaded, and lists the
tag files (:func:`bagit_profile.find_tag_files`). The serialisation is judged by the format the
archive's signature shows, not by ``mimetypes`` on its name.
"""

from __future__ import annotations

import copy
import fnmatch
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Iterator

from ._archive import FORMAT_MEDIA_TYPES
from .resources import schema_dir
from .errors import InputError

PROFILE_FILE = "bagit-profile.json"


@lru_cache(maxsize=1)
def project_profile() -> dict:
    """``schema/bagit-profile.json``: what tei-roundtable's packages guarantee."""
    return json.loads((schema_dir() / PROFILE_FILE).read_text(encoding="utf-8"))


def declared_profile_identifier(profile: dict) -> str:
    """The BagIt-Profile-Identifier a bag must declare to be checked against ``profile``.

    A profile's own identifier, unless it refines another profile that bags declare instead (the
    project profile names the BTR profile as the only allowed value).
    """
    own = profile["BagIt-Profile-Info"]["BagIt-Profile-Identifier"]
    values = profile.get("Bag-Info", {}).get("BagIt-Profile-Identifier", {}).get("values") or []
    return own if not values or own in values else values[0]

@dataclass(frozen=True)
class Failure:
    """A profile rule a bag breaks: the bag file it concerns and what."""

    file: str
    message: str


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
    """A BagIt profile file; :class:`InputError` naming the file if it is not one verify can use."""
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


def _algorithms(bag_dir: Path, prefix: str) -> list[str]:
    return sorted(p.name[len(prefix):-4] for p in bag_dir.glob(f"{prefix}*.txt") if p.is_file())


def iter_failures(bag_dir: Path, info: dict, version: str, fmt: str | None, profile: dict) -> Iterator[Failure]:
    """Every rule of ``profile`` the bag at ``bag_dir`` breaks; ``info``: its bag-info tags (lists
    for repeated tags), ``version``: its BagIt-Version, ``fmt``: the archive format or None for a
    folder."""
    import bagit_profile

    serialization = profile.get("Serialization", "optional")
    if fmt is None and serialization == "required":
        yield Failure("(bag)", "the profile requires a serialised bag (an archive), not a folder")
    elif fmt is not None and serialization == "forbidden":
        yield Failure("(bag)", "the profile forbids serialised bags (archives)")
    elif fmt is not None and not set(FORMAT_MEDIA_TYPES[fmt]) & set(profile.get("Accept-Serialization", [])):
        yield Failure("(bag)", f"serialisation not accepted: {FORMAT_MEDIA_TYPES[fmt][0]} (the archive's format) is "
                               f"not in Accept-Serialization {profile.get('Accept-Serialization', [])}")
    declared = declared_profile_identifier(profile)
    if "BagIt-Profile-Identifier" not in info:
        yield Failure("bag-info.txt", "required tag BagIt-Profile-Identifier is missing")
    elif info["BagIt-Profile-Identifier"] != declared and declared not in (info["BagIt-Profile-Identifier"] or []):
        yield Failure("bag-info.txt", f"BagIt-Profile-Identifier is {info['BagIt-Profile-Identifier']!r}, not this "
                                      f"profile's {declared!r}")
    for tag, rule in profile.get("Bag-Info", {}).items():
        value = info.get(tag)
        values = value if isinstance(value, list) else [] if value is None else [value]
        if rule.get("required") and not values:
            yield Failure("bag-info.txt", f"required tag {tag} is missing")
        if rule.get("repeatable") is False and len(values) > 1:
            yield Failure("bag-info.txt", f"tag {tag} may occur once, occurs {len(values)} times")
        if "values" in rule and tag != "BagIt-Profile-Identifier":
            for found in values:
                if found not in rule["values"]:
                    yield Failure("bag-info.txt", f"tag {tag} is {found!r}, not one of {rule['values']}")
    for key, prefix in (("Manifests", "manifest-"), ("Tag-Manifests", "tagmanifest-")):
        present = _algorithms(bag_dir, prefix)
        for alg in profile.get(f"{key}-Required", []):
            if alg not in present:
                yield Failure(f"{prefix}{alg}.txt", f"required manifest is missing ({key}-Required)")
        if f"{key}-Allowed" in profile:
            allowed = set(profile[f"{key}-Allowed"]) | set(profile.get(f"{key}-Required", []))
            for alg in present:
                if alg not in allowed:
                    yield Failure(f"{prefix}{alg}.txt", f"manifest algorithm {alg} not allowed ({key}-Allowed)")
    if profile.get("Allow-Fetch.txt") is False and (bag_dir / "fetch.txt").exists():
        yield Failure("fetch.txt", "fetch.txt is not allowed by the profile (Allow-Fetch.txt)")
    if version not in profile["Accept-BagIt-Version"]:
        yield Failure("bagit.txt", f"BagIt-Version {version} not accepted (Accept-BagIt-Version "
                                   f"{profile['Accept-BagIt-Version']})")
    for tag_file in profile.get("Tag-Files-Required", []):
        if not (bag_dir / tag_file).is_file():
            yield Failure(tag_file, "required tag file is missing (Tag-Files-Required)")
    allowed = profile.get("Tag-Files-Allowed", ["*"])
    for path in sorted(bagit_profile.find_tag_files(str(bag_dir))):
        rel = Path(path).relative_to(bag_dir).as_posix()
        if not any(fnmatch.fnmatchcase(rel, pattern) for pattern in allowed):
            yield Failure(rel, "tag file not allowed by the profile (Tag-Files-Allowed)")
    # Patterns as bagit_profile's Tag-Files-Allowed: fnmatch, '*' also matching '/'.
    payload = sorted(p.relative_to(bag_dir).as_posix() for p in (bag_dir / "data").rglob("*") if p.is_file())
    for pattern in profile.get("Payload-Files-Required", []):
        if not any(fnmatch.fnmatchcase(path, pattern) for path in payload):
            yield Failure(pattern, "required payload file is missing (Payload-Files-Required)")
    allowed_payload = profile.get("Payload-Files-Allowed")
    if allowed_payload is not None:
        for path in payload:
            if not any(fnmatch.fnmatchcase(path, pattern) for pattern in allowed_payload):
                yield Failure(path, "payload file not allowed by the profile (Payload-Files-Allowed)")


def tag_problems(bag, expected: dict, basis: str, problem) -> Iterator:
    """Each tag of ``bag``'s bag-info.txt that ``package`` writes must have the value ``expected``
    gives it (``basis`` says where that value comes from), and no other tag may be there; the
    agent and Payload-Oxum are checked elsewhere."""
    for tag, value in expected.items():
        found = bag.info.get(tag)
        if (found if isinstance(found, list) else [found]) != (value if isinstance(value, list) else [value]):
            yield problem(bag.tag_file_name, "description", f"{tag} is {found!r}, but {basis} {value!r}")
    for tag in sorted(set(bag.info) - set(expected) - {"Bag-Software-Agent", "Payload-Oxum"}):
        yield problem(bag.tag_file_name, "description", f"{tag} is not a tag tei-roundtable writes")
