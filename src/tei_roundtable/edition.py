"""Load and check the edition data file (YAML): metadata, register and editorial decisions.

Errors name the file, the line and the field (``tei/x.yaml:12: register.persons[3].forms: …``).
The JSON Schema lives in ``schema/edition.schema.json`` and is bundled into the package.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import jsonschema
import yaml

from ._io import read_text
from ._paths import schema_dir
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
        return (self.path.parent / self.meta["source"]).resolve()

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
    return loader.construct_object(node, deep=True)


# libyaml's parser where PyYAML was built with it (its wheels are): the same nodes, marks and
# errors, several times faster than the pure-Python one.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse_yaml(text: str, path: Path) -> tuple[Any, dict]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        column = mark.column + 1 if mark else 0
        raise InputError(f"not valid YAML: {exc.problem or exc.context}", path, line, column) from None
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
        if error.validator in ("oneOf", "anyOf") and error.context:
            message = min(error.context, key=lambda e: len(e.message)).message
        yield InputError(f"{_dotted(where)}: {message}", path, _line(lines, where))


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


def _check_references(edition: Edition) -> None:
    seen: dict[str, tuple] = {}

    def claim(ident: str, *where: Any) -> None:
        if ident in seen:
            raise edition.error(f"id '{ident}' is already used at line {edition.line_of(*seen[ident])}", *where, "id")
        seen[ident] = where + ("id",)

    for i, editor in enumerate(edition.meta["editors"]):
        claim(editor["id"], "edition", "editors", i)
    for group in ENTITY_KINDS:
        for i, item in enumerate(edition.data["register"].get(group, [])):
            claim(item["id"], "register", group, i)
            for j, form in enumerate(item["forms"]):
                if form != form.strip():
                    raise edition.error("form has leading or trailing spaces", "register", group, i, "forms", j)
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
    for i, revision in enumerate(edition.meta.get("revisions", [])):
        if revision["who"] not in editors:
            raise edition.error(f"who '{revision['who']}' is not an editor", "edition", "revisions", i, "who")
    place_ref = edition.meta["setting"].get("place_ref")
    if place_ref and place_ref not in entities:
        raise edition.error(f"place_ref '{place_ref}' is not in the register", "edition", "setting", "place_ref")
