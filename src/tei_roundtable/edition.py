"""Load and check the edition data file (YAML): metadata, register and editorial decisions.

Errors name the file, the line and the field (``tei/x.yaml:12: register.persons[3].forms: …``).
The JSON Schema lives in ``schema/edition.schema.json`` and is bundled into the package.

YAML anchors and aliases (``&name``, ``*name``) are refused, located: nested aliases expand
exponentially ("billion laughs") and a recursive one never ends, and edition data has no need
of them. Dates must be real calendar dates, and strings must hold only characters XML allows.
"""

from __future__ import annotations

import json
from datetime import date
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import jsonschema
import yaml

from ._io import non_xml_char, read_text
from ._paths import schema_dir
from ._source import SourceRefused, source_path
from .errors import InputError

Path_ = tuple[Any, ...]

ENTITY_KINDS = {"persons": "person", "organisations": "org", "places": "place"}


@lru_cache(maxsize=1)
def schema() -> dict:
    """The edition data JSON Schema, ``schema/edition.schema.json``."""
    return json.loads((schema_dir() / "edition.schema.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Entity:
    id: str
    kind: str  # person | org | place
    name: str
    forms: tuple[str, ...]
    data: dict


@dataclass
class Edition:
    """Edition data after schema and cross-reference checks."""

    path: Path
    data: dict
    lines: dict[Path_, int] = field(repr=False)

    @property
    def meta(self) -> dict:
        return self.data["edition"]

    @property
    def id(self) -> str:
        return self.meta["id"]

    @property
    def source_path(self) -> Path:
        return self.path.parent / self.meta["source"]  # as the user named the data file: messages show it so

    @property
    def entities(self) -> dict[str, Entity]:
        found: dict[str, Entity] = {}
        for group, kind in ENTITY_KINDS.items():
            for item in self.data["register"].get(group, []):
                found[item["id"]] = Entity(item["id"], kind, item["name"], tuple(item["forms"]), item)
        return found

    @property
    def decisions(self) -> list[dict]:
        return self.data["decisions"]

    @property
    def mentions(self) -> list[dict]:
        return self.data.get("mentions", [])

    @property
    def quotations(self) -> list[dict]:
        return self.data.get("quotations", [])

    def line_of(self, *path: Any) -> int:
        """The line in the YAML file of ``path`` (or of its nearest ancestor that has one)."""
        key = tuple(path)
        while key and key not in self.lines:
            key = key[:-1]
        return self.lines.get(key, 1)

    def error(self, message: str, *path: Any, hint: str | None = None) -> InputError:
        return InputError(f"{_dotted(path)}: {message}" if path else message, self.path, self.line_of(*path), hint=hint)


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _to_python(node: yaml.Node, loader: yaml.SafeLoader, path: Path_, lines: dict, file: Path) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            key = loader.construct_scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                raise InputError("mapping keys must be plain strings", file, key_node.start_mark.line + 1)
            if key in result:
                raise InputError(f"{_dotted(path + (key,))}: key appears twice", file, key_node.start_mark.line + 1)
            result[key] = _to_python(value_node, loader, path + (key,), lines, file)
            lines[path + (key,)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, loader, path + (i,), lines, file) for i, item in enumerate(node.value)]
    if node.tag == "tag:yaml.org,2002:timestamp":
        return str(node.value)  # keep dates as the ISO strings the editor wrote
    value = loader.construct_object(node, deep=True)
    bad = non_xml_char(value) if isinstance(value, str) else None
    if bad:
        raise InputError(
            f"{_dotted(path)}: character {bad[1]} is not allowed in XML", file,
            node.start_mark.line + 1, node.start_mark.column + 1,
            hint="remove it, e.g. an escape such as \\x01 in a double-quoted string: the TEI cannot hold it",
        )
    return value


# libyaml's parser where PyYAML was built with it (its wheels are): the same nodes, marks and
# errors, several times faster than the pure-Python one.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _refuse_aliases(text: str, path: Path) -> None:
    """Raise a located error at the first anchor or alias, before any alias is expanded."""
    if "&" not in text and "*" not in text:
        return  # every anchor starts with '&', every alias with '*'
    loader = _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent):
                what = f"alias *{event.anchor}"
            elif getattr(event, "anchor", None):
                what = f"anchor &{event.anchor}"
            else:
                continue
            mark = event.start_mark
            # The event starts at the node's properties: a tag may come before the anchor.
            column = text.split("\n", mark.line + 1)[mark.line].find(what[-len(event.anchor) - 1:], mark.column)
            raise InputError(
                f"YAML {what}: anchors and aliases are not allowed in edition data",
                path, mark.line + 1, (column if column >= 0 else mark.column) + 1,
                hint="write the value out in full wherever it is needed",
            )
    finally:
        loader.dispose()


def _parse_yaml(text: str, path: Path) -> tuple[Any, dict]:
    loader = _Loader(text)
    try:
        _refuse_aliases(text, path)
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        column = mark.column + 1 if mark else 0
        raise InputError(f"not valid YAML: {exc.problem or exc.context}", path, line, column) from None
    except yaml.reader.ReaderError as exc:
        offset = exc.position
        if _Loader is not yaml.SafeLoader:  # libyaml counts bytes of UTF-8
            offset = len(text.encode("utf-8")[:offset].decode("utf-8", "ignore"))
        raise InputError(
            f"not valid YAML: character U+{exc.character:04X} is not allowed in YAML" if isinstance(exc.character, int)
            else f"not valid YAML: {exc.reason}",
            path, text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset),
            hint="remove it",
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML: {exc}", path) from None
    finally:
        loader.dispose()
    if node is None:
        raise InputError("edition data is empty", path, 1)
    lines: dict = {}
    return _to_python(node, _Loader(""), (), lines, path), lines


def iter_errors(data: Any, lines: dict, path: Path) -> Iterator[InputError]:
    """Schema errors of the edition data as located :class:`InputError`s (not raised)."""
    validator = jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker())
    for error in sorted(validator.iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)))):
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


def _line(lines: dict, where: Path_) -> int:
    while where and where not in lines:
        where = where[:-1]
    return lines.get(where, 1)


def load(path: str | Path) -> Edition:
    """Read, schema-check and cross-check an edition data file; raise the first located error."""
    path = Path(path)
    data, lines = _parse_yaml(read_text(path), path)
    for error in iter_errors(data, lines, path):
        raise error
    edition = Edition(path, data, lines)
    _check_references(edition)
    return edition


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
    for group in ENTITY_KINDS:
        for i, item in enumerate(edition.data["register"].get(group, [])):
            claim(item["id"], "register", group, i)
            for j, form in enumerate(item["forms"]):
                if form != form.strip():
                    raise edition.error("form has leading or trailing spaces", "register", group, i, "forms", j)
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
    for i, decision in enumerate(edition.decisions):
        claim(decision["id"], "decisions", i)
    for i, mention in enumerate(edition.mentions):
        if "id" in mention:
            claim(mention["id"], "mentions", i)

    editors = {e["id"] for e in edition.meta["editors"]}
    entities = edition.entities
    for i, decision in enumerate(edition.decisions):
        if decision["resp"] not in editors:
            raise edition.error(
                f"resp '{decision['resp']}' is not an editor", "decisions", i, "resp",
                hint="known editors: " + ", ".join(sorted(editors)),
            )
    for i, mention in enumerate(edition.mentions):
        if mention["ref"] not in entities:
            raise edition.error(f"ref '{mention['ref']}' is not in the register", "mentions", i, "ref")
        if mention.get("resp", next(iter(editors))) not in editors:
            raise edition.error(f"resp '{mention['resp']}' is not an editor", "mentions", i, "resp")
    for i, person in enumerate(edition.data["register"]["persons"]):
        ref = person.get("affiliation_ref")
        if ref and (ref not in entities or entities[ref].kind != "org"):
            raise edition.error(f"affiliation_ref '{ref}' is not an organisation in the register", "register", "persons", i, "affiliation_ref")
    noted = {d["id"] for d in edition.decisions} | {m["id"] for m in edition.mentions if m.get("note")}
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
