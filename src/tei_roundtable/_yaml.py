"""YAML as the toolkit reads it: plain data, every node's line kept, anchors and aliases refused.

Edition data and collection data are both read here, so that both give errors that name the
file, the line and the field (``tei/x.yaml:12: register.persons[3].forms: …``).
"""

from __future__ import annotations

import re
from typing import Any
from pathlib import Path

import yaml

from ._io import non_xml_char
from .errors import InputError

Path_ = tuple[Any, ...]


def dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


_STR = "tag:yaml.org,2002:str"


def _to_python(node: yaml.Node, loader: yaml.SafeLoader, path: Path_, lines: dict, file: Path,
               escapes: bool = True) -> Any:
    """The value of ``node``; ``lines`` gets the line of every node below it (its caller records
    its own: a mapping's value is on the line of its key). ``escapes``: whether the text has an
    escape, the only way to a character XML does not allow (see :func:`parse_yaml`)."""
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            # A scalar key's text, as construct_scalar gives it (whatever its tag: "1:" is the key "1").
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                raise InputError("mapping keys must be plain strings", file, key_node.start_mark.line + 1)
            where = path + (key,)
            if key in result:
                raise InputError(f"{dotted(where)}: key appears twice", file, key_node.start_mark.line + 1)
            lines[where] = key_node.start_mark.line + 1
            result[key] = _to_python(value_node, loader, where, lines, file, escapes)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            where = path + (i,)
            lines[where] = item.start_mark.line + 1
            items.append(_to_python(item, loader, where, lines, file, escapes))
        return items
    tag = node.tag
    if tag == _STR:  # most scalars: first
        value = node.value  # what SafeConstructor.construct_yaml_str returns for a scalar
    elif tag == "tag:yaml.org,2002:timestamp":
        return str(node.value)  # keep dates as the ISO strings the editor wrote
    else:
        # A scalar's own constructor, as construct_object would pick it, without its bookkeeping
        # (which is for nodes met twice: aliases, refused above); any other tag goes the long way.
        constructor = loader.yaml_constructors.get(tag)
        value = constructor(loader, node) if constructor is not None else loader.construct_object(node, deep=True)
    bad = non_xml_char(value) if escapes and isinstance(value, str) else None
    if bad:
        raise InputError(
            f"{dotted(path)}: character {bad[1]} is not allowed in XML", file,
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


# The escapes of a double-quoted scalar that can make a character XML does not allow; found, or
# a backslash before the same letter elsewhere (a literal one), the values are searched.
_ESCAPE = re.compile(r"\\[0abefvxuU]")


def parse_yaml(text: str, path: Path, what: str = "edition data") -> tuple[Any, dict]:
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
        raise InputError(f"{what} is empty", path, 1)
    lines: dict = {(): node.start_mark.line + 1}
    # Every character YAML's reader lets through is one XML allows (YAML's printable set is inside
    # XML's Char): a value can hold another only from a double-quoted escape of a control
    # character or a code point ("\x01", "\0", "\uFFFE"). Without such a backslash in the text
    # (an escaped quote is not one), the values' characters need no search.
    return _to_python(node, _Loader(""), (), lines, path, _ESCAPE.search(text) is not None), lines


def line_at(lines: dict, where: Path_) -> int:
    while where and where not in lines:
        where = where[:-1]
    return lines.get(where, 1)
