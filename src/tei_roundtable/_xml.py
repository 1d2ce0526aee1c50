"""Safe XML parsing: no DTD, no entity expansion, no network, located errors.

Every XML document the toolkit reads goes through :func:`parse_file` or :func:`parse_bytes`.
A document type declaration is refused outright, so neither external entities (XXE) nor
internal entity bombs ("billion laughs") can be declared, let alone expanded.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from .errors import InputError

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NS = {"tei": TEI_NS}

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        remove_blank_text=False,
    )


def parse_bytes(data: bytes, file: str | Path = "<input>") -> etree._ElementTree:
    """Parse ``data`` as XML; raise :class:`InputError` with line and column on any problem."""
    if not data.strip():
        raise InputError("empty document", file, hint="expected an XML file")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("binary file, not XML", file, 1, 1, hint="expected a UTF-8 XML file")
    match = _DOCTYPE.search(data)
    if match:
        line = data.count(b"\n", 0, match.start()) + 1
        column = match.start() - (data.rfind(b"\n", 0, match.start()) + 1) + 1
        raise InputError(
            "DOCTYPE declarations are not allowed (no DTDs or entities are loaded, for safety)",
            file,
            line,
            column,
            hint="remove the <!DOCTYPE …> declaration; TEI needs none",
        )
    try:
        root = etree.fromstring(data, _parser(), base_url=str(file))
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (0, 0)
        message = exc.msg or str(exc)
        message = re.sub(r", line \d+, column \d+$", "", message)
        raise InputError(f"not well-formed XML: {message}", file, line, column) from None
    return root.getroottree()


def parse_file(path: str | Path) -> etree._ElementTree:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", path, hint="check the path") from None
    except IsADirectoryError:
        raise InputError("is a directory, expected an XML file", path) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", path) from None
    return parse_bytes(data, path)
