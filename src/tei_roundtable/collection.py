"""A collection: many editions of one series, with collection metadata and a shared register.

A project folder holds ``tei/collection.yaml``::

    collection:            # metadata of the collection (its page, corpus TEI and deposit)
      id: ipp-roundtables
      title: …
      publisher: …
      editors: [...]       # as in an edition's data
      licence: {id, url, text}
      contact_email: …
      version: 1.0.0
      date: "2026-12-01"
      base_url: null
      doi: null
    editions:              # the editions' data files, relative to this file, in order
      - ipp-roundtable-2007-11-15.yaml
    register:              # persons, organisations, places shared by the editions
      persons: [...]

An edition's data names the shared entries it uses; it may add entries of its own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from ._io import read_text
from ._jsoncheck import SchemaCheck
from ._source import SourceRefused, source_path
from ._yaml import dotted, line_at, parse_yaml
from .errors import InputError
from .resources import schema_dir

@dataclass(frozen=True)
class Editor:
    id: str
    name: str
    type: str  # organisation | person
    roles: tuple[str, ...]
    orcid: str | None = None


@dataclass(frozen=True)
class Licence:
    id: str
    url: str
    text: str


@dataclass(frozen=True)
class CollectionMeta:
    """The ``collection:`` block of ``collection.yaml``, checked by its JSON Schema."""

    id: str
    title: str
    publisher: str
    editors: tuple[Editor, ...]
    licence: Licence
    version: str
    date: str
    contact_email: str | None = None
    base_url: str | None = None
    doi: str | None = None
    description: str | None = None

    @classmethod
    def from_data(cls, data: dict) -> "CollectionMeta":
        editors = tuple(
            Editor(e["id"], e["name"], e["type"], tuple(e["roles"]), e.get("orcid")) for e in data["editors"]
        )
        licence = Licence(**data["licence"])
        return cls(data["id"], data["title"], data["publisher"], editors, licence, data["version"], data["date"],
                   data.get("contact_email"), data.get("base_url"), data.get("doi"), data.get("description"))

    @property
    def urn(self) -> str:
        return f"urn:tei-roundtable:{self.id}:{self.version}"


# ----- loading ------------------------------------------------------------------------------

FILE_NAME = "collection.yaml"
# The register's groups and the kind of entity each holds (the edition data's groups too).
ENTITY_KINDS = {"persons": "person", "organisations": "org", "places": "place", "works": "work"}
GROUPS = tuple(ENTITY_KINDS)


@dataclass(frozen=True)
class SharedEntry:
    """One entry of the shared register, with where it stands in ``collection.yaml``."""

    id: str
    group: str  # persons | organisations | places | works
    index: int
    data: dict

    @property
    def line_key(self) -> tuple:
        return ("register", self.group, self.index)


@dataclass
class Collection:
    """``collection.yaml`` after schema and cross-reference checks."""

    path: Path
    meta: CollectionMeta
    data: dict
    lines: dict = field(repr=False)

    @cached_property
    def register(self) -> dict[str, SharedEntry]:
        return {
            item["id"]: SharedEntry(item["id"], group, index, item)
            for group in GROUPS
            for index, item in enumerate(self.data["register"].get(group, []))
        }

    @property
    def edition_paths(self) -> list[Path]:
        return [self.path.parent / name for name in self.data["editions"]]

    def line_of(self, *path) -> int:
        return line_at(self.lines, tuple(path))

    def error(self, message: str, *path, hint: str | None = None) -> InputError:
        return InputError(f"{dotted(path)}: {message}" if path else message, self.path, self.line_of(*path), hint=hint)


@lru_cache(maxsize=1)
def schema() -> dict:
    return json.loads((schema_dir() / "collection.schema.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _validator() -> SchemaCheck:
    # The edition data's schema, which this one refers to, read here: edition.py imports this module.
    edition_doc = json.loads((schema_dir() / "edition.schema.json").read_text(encoding="utf-8"))
    return SchemaCheck(schema(), [(edition_doc["$id"], edition_doc), ("edition.schema.json", edition_doc)])


def find(folder: str | Path) -> Path | None:
    """The ``collection.yaml`` of a folder of edition data, if it has one."""
    candidate = Path(folder) / FILE_NAME
    return candidate if candidate.is_file() else None


def load(path: str | Path) -> Collection:
    """Read, schema-check and cross-check ``collection.yaml``; raise the first located error."""
    path = Path(path)
    data, lines = parse_yaml(read_text(path), path, "collection data")
    for error in sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        where = tuple(error.absolute_path)
        message = error.message
        if error.validator in ("oneOf", "anyOf") and error.context:
            message = min(error.context, key=lambda e: len(e.message)).message
        raise InputError(f"{dotted(where)}: {message}", path, line_at(lines, where))
    collection = Collection(path, CollectionMeta.from_data(data["collection"]), data, lines)
    _check(collection)
    return collection


def _check(collection: Collection) -> None:
    seen: dict[str, tuple] = {}
    forms: dict[str, tuple] = {}
    register = collection.data["register"]
    for group in GROUPS:
        for i, item in enumerate(register.get(group, [])):
            where = ("register", group, i)
            if item["id"] in seen:
                raise collection.error(
                    f"id '{item['id']}' is already used at line {collection.line_of(*seen[item['id']])}", *where, "id",
                    hint="one entry per person, organisation or place: the same id in every edition",
                )
            seen[item["id"]] = where
            if "name" not in item or "forms" not in item:
                raise collection.error("a shared entry needs a name and its printed forms", *where)
            for j, form in enumerate(item["forms"]):
                if form in forms:
                    raise collection.error(
                        f"form '{form}' is already a form of '{forms[form][0]}' (line {collection.line_of(*forms[form][1])})",
                        *where, "forms", j,
                        hint="a printed form names one entry; give one occurrence to another entry under an edition's mentions:",
                    )
                forms[form] = (item["id"], where + ("forms", j))
    organisations = {item["id"] for item in register.get("organisations", [])}
    for i, person in enumerate(register.get("persons", [])):
        periods = []
        for j, affiliation in enumerate(person.get("affiliations", [])):
            where = ("register", "persons", i, "affiliations", j)
            if affiliation.get("ref") and affiliation["ref"] not in organisations:
                raise collection.error(f"ref '{affiliation['ref']}' is not an organisation of the shared register",
                                       *where, "ref")
            start, end = _period(affiliation)
            if start > end:
                raise collection.error(f"'to' {affiliation['to']} is before 'from' {affiliation['from']}", *where, "to")
            for other_start, other_end, k in periods:
                if start <= other_end and other_start <= end:
                    raise collection.error(
                        f"overlaps affiliation {k} of '{person['id']}' (line "
                        f"{collection.line_of('register', 'persons', i, 'affiliations', k)})",
                        *where,
                        hint="a person holds one affiliation at a time here: end the earlier one ('to') before the "
                             "next begins, or describe both posts in one entry",
                    )
            periods.append((start, end, j))
    for index, name in enumerate(collection.data["editions"]):
        try:
            source_path(collection.path, name)
        except SourceRefused as exc:
            raise collection.error(f"the edition data path is refused: {exc.reason}", "editions", index,
                                   hint="keep the editions' data files inside this file's folder") from None
        except FileNotFoundError:
            pass  # reported with its line when the editions are loaded


def _period(affiliation: dict) -> tuple[str, str]:
    """The days an affiliation covers, as ISO strings (which sort as dates)."""
    if "when" in affiliation:
        return affiliation["when"], affiliation["when"]
    return affiliation.get("from", "0000-01-01"), affiliation.get("to", "9999-12-31")


def affiliation_at(person: dict, day: str) -> dict | None:
    """The dated affiliation of a shared person that covers ``day`` (ISO), if any."""
    for affiliation in person.get("affiliations", []):
        start, end = _period(affiliation)
        if start <= day <= end:
            return affiliation
    return None
