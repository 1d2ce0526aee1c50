"""Load and check the edition data file (YAML): metadata, register and editorial decisions.

Errors name the file, the line and the field (``tei/x.yaml:12: register.persons[3].forms: …``).
The JSON Schema lives in ``schema/edition.schema.json`` and is bundled into the package.

YAML anchors and aliases (``&name``, ``*name``) are refused, located: nested aliases expand
exponentially ("billion laughs") and a recursive one never ends, and edition data has no need
of them. Dates must be real calendar dates, and strings must hold only characters XML allows.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Iterator

from ._io import read_text
from ._jsoncheck import SchemaCheck
from ._yaml import Path_, dotted as _dotted, line_at as _line, parse_yaml as _parse_yaml
from .resources import schema_dir
from ._source import SourceRefused, source_path
from . import collection as collection_mod
from .collection import ENTITY_KINDS, Collection, affiliation_at
from .errors import InputError



@lru_cache(maxsize=1)
def schema() -> dict:
    """The edition data JSON Schema, ``schema/edition.schema.json``."""
    return json.loads((schema_dir() / "edition.schema.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Entity:
    """A person, organisation or place as this edition knows it: its own entry, or the shared
    register's entry with what the edition adds for its event (``shared`` is then true)."""

    id: str
    kind: str  # person | org | place
    name: str
    forms: tuple[str, ...]
    data: dict
    shared: bool = False

    def affiliation_ref(self, day: str) -> str | None:
        """The organisation the person belonged to on ``day`` (ISO): the edition's own
        ``affiliation_ref``, else the shared register's dated affiliation covering the day."""
        if self.data.get("affiliation_ref"):
            return self.data["affiliation_ref"]
        dated = affiliation_at(self.data, day)
        return dated.get("ref") if dated else None


@dataclass(frozen=True)
class Decision:
    """One editorial decision of the edition data: a correction, normalisation or comment.

    ``lines`` is ``None`` where the decision applies to every occurrence (``where: all``);
    ``index`` is the decision's place in the ``decisions:`` list, for located messages.
    """

    id: str
    type: str  # correction | normalisation | comment
    lines: tuple[int, ...] | None  # in the order the data gives them: occurrences are numbered so
    source: str | None
    edition: str | None
    reason: str
    basis: str | None
    resp: str
    cert: str
    index: int

    @classmethod
    def from_data(cls, item: dict, index: int) -> "Decision":
        where = item["where"]
        return cls(item["id"], item["type"], None if where == "all" else tuple(where), item.get("source"),
                   item.get("edition"), item["reason"], item.get("basis"), item["resp"], item["cert"], index)

    @property
    def changes_text(self) -> bool:
        """Whether the edition's reading differs from the source's (not a comment)."""
        return self.type in ("correction", "normalisation") and self.source is not None

    def covers(self, line: int) -> bool:
        return self.lines is None or line in self.lines


@dataclass(frozen=True)
class Mention:
    """A single occurrence whose referent the register's forms do not decide."""

    line: int
    text: str
    ref: str
    id: str | None
    cert: str | None
    resp: str | None
    note: str | None
    index: int

    @classmethod
    def from_data(cls, item: dict, index: int) -> "Mention":
        return cls(item["line"], item["text"], item["ref"], item.get("id"), item.get("cert"), item.get("resp"),
                   item.get("note"), index)


@dataclass(frozen=True)
class Dismissal:
    """A finding of ``check-text`` the editors judged a false alarm, with their reason.

    It decides the finding of ``rule`` on source ``line`` whose words overlap ``text`` (printed
    on that line). A dismissal is a record of the editors' review, not a statement about the
    text, so it is not encoded in the TEI; ``index`` locates it in the ``dismissals:`` list.
    """

    rule: str
    line: int
    text: str
    reason: str
    index: int

    @classmethod
    def from_data(cls, item: dict, index: int) -> "Dismissal":
        return cls(item["rule"], item["line"], item["text"], item["reason"], index)


@dataclass(frozen=True)
class Reference:
    """A role-only reference ("the Ambassador"): ``rs`` of ``type``, with ``ref`` where certain."""

    line: int
    text: str
    type: str  # person | org | place
    ref: str | None
    index: int


@dataclass(frozen=True)
class Foreign:
    """Words of another language (``lang``) left in the text on ``line``."""

    line: int
    text: str
    lang: str
    index: int


@dataclass(frozen=True)
class Quotation:
    """A quoted passage to encode as ``element`` (``quote`` for a document, ``q`` for speech)."""

    line: int
    text: str
    element: str


@dataclass
class Edition:
    """Edition data after schema and cross-reference checks."""

    path: Path
    data: dict
    lines: dict[Path_, int] = field(repr=False)
    collection: Collection | None = field(default=None, repr=False)

    @property
    def meta(self) -> dict:
        return self.data["edition"]

    @property
    def id(self) -> str:
        return self.meta["id"]

    @property
    def source_path(self) -> Path:
        return self.path.parent / self.meta["source"]  # as the user named the data file: messages show it so

    @cached_property
    def entities(self) -> dict[str, Entity]:
        """Every entity the edition can name: the shared register's (in its order), then its own.

        An entry of the edition that names a shared one by its id adds what is particular to
        this event (role, affiliation, further printed forms) to the shared entry.
        """
        found: dict[str, Entity] = {}
        own = self.data["register"]
        additions = {item["id"]: item for group in ENTITY_KINDS for item in own.get(group, []) if "name" not in item}
        if self.collection is not None:
            for shared in self.collection.register.values():
                data = {**shared.data, **additions.get(shared.id, {})}
                data["forms"] = list(dict.fromkeys(shared.data["forms"] + additions.get(shared.id, {}).get("forms", [])))
                found[shared.id] = Entity(shared.id, ENTITY_KINDS[shared.group], data["name"], tuple(data["forms"]), data,
                                          shared=True)
        for group, kind in ENTITY_KINDS.items():
            for item in own.get(group, []):
                if "name" in item:
                    found[item["id"]] = Entity(item["id"], kind, item["name"], tuple(item.get("forms", [])), item)
        return found

    @property
    def decisions(self) -> list[Decision]:
        return [Decision.from_data(item, i) for i, item in enumerate(self.data["decisions"])]

    @property
    def mentions(self) -> list[Mention]:
        return [Mention.from_data(item, i) for i, item in enumerate(self.data.get("mentions", []))]

    @property
    def references(self) -> list[Reference]:
        return [Reference(item["line"], item["text"], item["type"], item.get("ref"), i)
                for i, item in enumerate(self.data.get("references", []))]

    @property
    def foreign(self) -> list[Foreign]:
        return [Foreign(item["line"], item["text"], item["lang"], i) for i, item in enumerate(self.data.get("foreign", []))]

    @property
    def dismissals(self) -> list[Dismissal]:
        return [Dismissal.from_data(item, i) for i, item in enumerate(self.data.get("dismissals", []))]

    @property
    def lexicon(self) -> frozenset[str]:
        """Words the editors declare correct (``lexicon:`` here and in the collection), casefolded."""
        words = list(self.data.get("lexicon", []))
        if self.collection is not None:
            words += self.collection.data.get("lexicon", [])
        return frozenset(word.casefold() for word in words)

    @property
    def quotations(self) -> list[Quotation]:
        return [Quotation(item["line"], item["text"], item["element"]) for item in self.data.get("quotations", [])]

    def line_of(self, *path: Any) -> int:
        """The line in the YAML file of ``path`` (or of its nearest ancestor that has one)."""
        key = tuple(path)
        while key and key not in self.lines:
            key = key[:-1]
        return self.lines.get(key, 1)

    def error(self, message: str, *path: Any, hint: str | None = None) -> InputError:
        return InputError(f"{_dotted(path)}: {message}" if path else message, self.path, self.line_of(*path), hint=hint)


@lru_cache(maxsize=1)
def _check() -> SchemaCheck:
    return SchemaCheck(schema())


def iter_errors(data: Any, lines: dict, path: Path) -> Iterator[InputError]:
    """Schema errors of the edition data as located :class:`InputError`s (not raised)."""
    for error in sorted(_check().iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)))):
        where = tuple(error.absolute_path)
        message = error.message
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = set(error.schema.get("properties", {}))
            for key in sorted(set(error.instance) - allowed):
                key_path = where + (key,)
                yield InputError(
                    f"{_dotted(key_path)}: unknown key '{key}'",
                    path,
                    _line(lines, key_path),
                    hint="allowed here: " + ", ".join(sorted(allowed)),
                )
            continue
        if error.schema is schema()["$defs"]["decision"]["properties"]["where"]:
            yield _where_error(error.instance, where, lines, path)
            continue
        hint = None
        if error.validator == "format" and error.validator_value == "date":
            try:
                date.fromisoformat(error.instance)
            except ValueError as exc:
                message = f"'{error.instance}' is not a calendar date ({exc})"
                hint = "write a real date as YYYY-MM-DD"
        elif error.validator in ("oneOf", "anyOf") and error.context:
            message = min(error.context, key=lambda e: len(e.message)).message
        yield InputError(f"{_dotted(where)}: {message}", path, _line(lines, where), hint=hint)


def _where_error(value: Any, where: Path_, lines: dict, path: Path) -> InputError:
    """What is wrong with a decision's ``where``, said in the terms of what it takes."""
    if isinstance(value, list) and not value:
        message = "is empty"
    elif isinstance(value, list):
        index, item = next((i, v) for i, v in enumerate(value) if type(v) is not int or v < 1)
        where += (index,)
        message = f"{_shown(item)} is not a source line number" + (" (lines count from 1)" if type(item) is int else "")
    else:
        message = f"{_shown(value)} is neither 'all' nor a list of source line numbers"
    return InputError(
        f"{_dotted(where)}: {message}", path, _line(lines, where),
        hint="where takes 'all' (every occurrence in the transcript) or a list of the source's line numbers, e.g. [103, 107]",
    )


def _shown(value: Any) -> str:
    """A value as the editor wrote it: strings quoted, the rest in YAML's (and JSON's) spelling."""
    return repr(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def load(path: str | Path, *, collection: Collection | None = None) -> Edition:
    """Read, schema-check and cross-check an edition data file; raise the first located error.

    An edition whose folder holds a ``collection.yaml`` is an edition of that collection and
    reads its shared register (``collection`` passes it when already loaded).
    """
    path = Path(path)
    text = read_text(path)
    data, lines = _parse_yaml(text, path)
    if not isinstance(data, dict):
        # Quoting the whole document (a TEI file read as one YAML string) would help no one.
        what = "an XML file" if text.lstrip("\ufeff \t\r\n").startswith("<") else f"a YAML {type(data).__name__}"
        raise InputError(f"not edition data: {what}, not a mapping with edition:, register: and decisions:", path, 1,
                         hint="give the edition data file (tei/<edition>.yaml), e.g. --edition tei/<edition>.yaml")
    for error in iter_errors(data, lines, path):
        raise error
    if collection is None:
        found = collection_mod.find(path.parent)
        if found is not None and found.resolve() != (resolved := path.resolve()):  # resolved once
            collection = collection_mod.load(found)
            if resolved not in {p.resolve() for p in collection.edition_paths}:
                raise InputError(
                    f"{path.name} is not one of the editions of {found}", path, 1,
                    hint=f"add it under editions: in {found.name} (tei-roundtable init does), or move it out of this folder",
                )
    edition = Edition(path, data, lines, collection)
    _check_register(edition)
    _check_references(edition)
    return edition


def load_all(collection: Collection) -> list[Edition]:
    """Every edition of ``collection``, loaded with its shared register; raise the first error
    (an edition data file that is not there, two editions of one id or of one transcript)."""
    editions: list[Edition] = []
    seen_ids: dict[str, Path] = {}
    seen_sources: dict[str, Path] = {}
    for index, path in enumerate(collection.edition_paths):
        if not path.is_file():
            raise collection.error(f"'{collection.data['editions'][index]}' does not exist", "editions", index,
                                   hint="list the edition data files of this folder (tei-roundtable init adds them)")
        ed = load(path, collection=collection)
        if ed.id in seen_ids:
            raise ed.error(f"edition id '{ed.id}' is already the id of {seen_ids[ed.id]}", "edition", "id",
                           hint="every edition of a collection needs an id of its own")
        seen_ids[ed.id] = path
        digest = _sha256(ed.source_path)
        if digest in seen_sources:
            raise ed.error(f"the transcript is the same file as that of {seen_sources[digest]}", "edition", "source")
        seen_sources[digest] = path
        editions.append(ed)
    return editions


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return f"unreadable:{path}"  # reported where the transcript is read, with its path


def _check_register(edition: Edition) -> None:
    """Each entry of the edition is its own (name and forms) or names a shared one by its id alone."""
    shared = edition.collection.register if edition.collection is not None else {}
    for group in ENTITY_KINDS:
        for i, item in enumerate(edition.data["register"].get(group, [])):
            where = ("register", group, i)
            if "name" in item:
                if item["id"] in shared:
                    assert edition.collection is not None
                    entry = shared[item["id"]]
                    raise edition.error(
                        f"id '{item['id']}' is the shared register's {entry.data['name']} "
                        f"({edition.collection.path.name} line {edition.collection.line_of(*entry.line_key)})",
                        *where, "name",
                        hint="name the shared entry by its id alone (adding only what is particular to this event), "
                             "or give this entry an id of its own",
                    )
                if "forms" not in item:
                    raise edition.error("an entry of the edition's own needs its printed forms", *where,
                                        hint="list every form the transcript prints, e.g. forms: [Full Name]")
            elif item["id"] not in shared:
                where_shared = f"the shared register of {edition.collection.path.name}" if edition.collection else \
                    "a shared register (this edition is in no collection)"
                raise edition.error(
                    f"'{item['id']}' is not in {where_shared}", *where, "id",
                    hint="give the entry its name and forms, or add the person to the collection's register",
                )


def _check_source(edition: Edition) -> None:
    """The transcript must lie inside the data file's folder, where the TEI beside it names it."""
    try:
        source_path(edition.path, edition.meta["source"])
    except SourceRefused as exc:
        raise edition.error(
            f"the transcript path is refused: {exc.reason}", "edition", "source",
            hint="keep the transcript inside this file's folder (e.g. source/<edition>.md): the TEI, "
                 "written beside this file, names it by the same relative path, and validate reads it only there",
        ) from None
    except FileNotFoundError:
        pass  # reported where the transcript is read, with its path


def _check_references(edition: Edition) -> None:
    seen: dict[str, tuple] = {}

    def claim(ident: str, *where: Any) -> None:
        if ident in seen:
            raise edition.error(f"id '{ident}' is already used at line {edition.line_of(*seen[ident])}", *where, "id")
        seen[ident] = where + ("id",)

    for i, editor in enumerate(edition.meta["editors"]):
        claim(editor["id"], "edition", "editors", i)
    # A printed form names one entity: the encoder tags every occurrence of a form with its
    # entity, so a form given twice would silently go to whichever entry comes first.
    forms: dict[str, tuple] = {}
    shared_forms: dict[str, tuple[str, str]] = {}
    if edition.collection is not None:
        for entry in edition.collection.register.values():
            place = f"{edition.collection.path.name} line {edition.collection.line_of(*entry.line_key)}"
            shared_forms.update({form: (entry.id, place) for form in entry.data["forms"]})
    for group in ENTITY_KINDS:
        for i, item in enumerate(edition.data["register"].get(group, [])):
            claim(item["id"], "register", group, i)
            for j, form in enumerate(item.get("forms", [])):
                if form != form.strip():
                    raise edition.error("form has leading or trailing spaces", "register", group, i, "forms", j)
                if form in shared_forms and shared_forms[form][0] != item["id"]:
                    other, place = shared_forms[form]
                    raise edition.error(
                        f"form '{form}' is already a form of '{other}' ({place})", "register", group, i, "forms", j,
                        hint="a printed form names one entity; to give one occurrence to another entity, "
                             "list it under mentions: with its line",
                    )
                if form in forms and forms[form][0] != item["id"]:
                    other, *where = forms[form]
                    raise edition.error(
                        f"form '{form}' is already a form of '{other}' (line {edition.line_of(*where)})",
                        "register", group, i, "forms", j,
                        hint="a printed form names one entity; to give one occurrence to another entity, "
                             "list it under mentions: with its line",
                    )
                forms.setdefault(form, (item["id"], "register", group, i, "forms", j))
    _check_source(edition)
    for decision in edition.decisions:
        claim(decision.id, "decisions", decision.index)
    for mention in edition.mentions:
        if mention.id:
            claim(mention.id, "mentions", mention.index)

    editors = {e["id"] for e in edition.meta["editors"]}
    entities = edition.entities
    for decision in edition.decisions:
        if decision.resp not in editors:
            raise edition.error(
                f"resp '{decision.resp}' is not an editor", "decisions", decision.index, "resp",
                hint="known editors: " + ", ".join(sorted(editors)),
            )
    for mention in edition.mentions:
        if mention.ref not in entities:
            raise edition.error(f"ref '{mention.ref}' is not in the register", "mentions", mention.index, "ref")
        if mention.resp is not None and mention.resp not in editors:
            raise edition.error(f"resp '{mention.resp}' is not an editor", "mentions", mention.index, "resp")
    for reference in edition.references:
        if reference.ref is not None and (reference.ref not in entities or entities[reference.ref].kind != reference.type):
            raise edition.error(f"ref '{reference.ref}' is not a {reference.type} of the register",
                                "references", reference.index, "ref")
    for i, person in enumerate(edition.data["register"].get("persons", [])):
        ref = person.get("affiliation_ref")
        if ref and (ref not in entities or entities[ref].kind != "org"):
            raise edition.error(f"affiliation_ref '{ref}' is not an organisation in the register", "register", "persons", i, "affiliation_ref")
    noted = {d.id for d in edition.decisions} | {m.id for m in edition.mentions if m.note and m.id}
    for i, revision in enumerate(edition.meta.get("revisions", [])):
        if revision["who"] not in editors:
            raise edition.error(f"who '{revision['who']}' is not an editor", "edition", "revisions", i, "who")
        # A version's list of changed decisions names notes the TEI has; a removed one must be
        # gone, since its id is kept only as the landing of old citations.
        for k, ident in enumerate(revision.get("added", [])):
            if ident not in noted:
                raise edition.error(f"added decision '{ident}' is not among the decisions", "edition", "revisions", i, "added", k)
        for k, entry in enumerate(revision.get("changed", [])):
            if entry["id"] not in noted:
                raise edition.error(f"changed decision '{entry['id']}' is not among the decisions", "edition", "revisions", i, "changed", k, "id")
        for k, entry in enumerate(revision.get("removed", [])):
            if entry["id"] in noted:
                raise edition.error(f"removed decision '{entry['id']}' is still among the decisions", "edition", "revisions", i, "removed", k, "id",
                                    hint="delete the decision, or drop it from removed")
    place_ref = edition.meta["setting"].get("place_ref")
    if place_ref and place_ref not in entities:
        raise edition.error(f"place_ref '{place_ref}' is not in the register", "edition", "setting", "place_ref")
