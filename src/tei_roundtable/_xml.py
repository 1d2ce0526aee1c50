"""Safe XML parsing: no DTD, no entity expansion, no network, located errors.

Every XML document the toolkit reads goes through :func:`parse_file` or :func:`parse_bytes`.
A document type declaration is refused outright, so neither external entities (XXE) nor
internal entity bombs ("billion laughs") can be declared, let alone expanded. The refusal comes
before parsing, from a scan of the bytes (or of the text, for UTF-16 and UTF-32 with a byte-order
mark), and again after parsing for an encoding the scan cannot read; the parser
itself is also set to load no DTD, resolve no entity and use no network, and keeps libxml2's
limits on text size and nesting depth (``huge_tree=False``).

Errors are :class:`XMLError`, an :class:`InputError` that also names the check it failed
(``rule``), so that ``validate`` can report them like any other finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ._io import bom_encoding
from .errors import InputError

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NS = {"tei": TEI_NS}

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_DUPLICATE_ID = re.compile(r"^ID (\S+) already defined")


class XMLError(InputError):
    """An XML document that cannot be read safely or is not well-formed.

    ``rule`` is one of ``file-read``, ``xml-wellformed``, ``xml-doctype``, ``id-unique``.
    """

    def __init__(self, rule: str, message: str, file: str | Path = "<input>", line: int = 0,
                 column: int = 0, hint: str | None = None) -> None:
        super().__init__(message, file, line, column, hint)
        self.rule = rule


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        remove_blank_text=False,
    )


def _doctype_error(text: str | bytes, file: str | Path) -> XMLError:
    match = re.search("<!DOCTYPE" if isinstance(text, str) else rb"<!DOCTYPE", text, re.IGNORECASE)
    start = match.start() if match else 0
    newline = "\n" if isinstance(text, str) else b"\n"
    return XMLError(
        "xml-doctype",
        "DOCTYPE declarations are not allowed (no DTDs or entities are loaded, for safety)",
        file,
        text.count(newline, 0, start) + 1,
        start - (text.rfind(newline, 0, start) + 1) + 1,
        hint="remove the <!DOCTYPE …> declaration; TEI needs none",
    )


def _refuse_doctype(data: bytes, file: str | Path) -> None:
    """Refuse a DOCTYPE before libxml2 reads it: in ASCII-compatible encodings and in UTF-16/32."""
    if _DOCTYPE.search(data):
        raise _doctype_error(data, file)
    marked = bom_encoding(data)  # UTF-16/32: "<!DOCTYPE" is not those ASCII bytes
    if marked:
        encoding, length = marked
        text = data[length:].decode(encoding, errors="replace")
        if "<!DOCTYPE" in text.upper():
            raise _doctype_error(text, file)


def _refuse_parsed_doctype(tree: etree._ElementTree, data: bytes, file: str | Path) -> None:
    """The backstop for an encoding the scan before parsing does not read."""
    info = tree.docinfo
    if info.internalDTD is not None or info.doctype:
        try:
            text = data.decode(info.encoding or "utf-8", errors="replace")
        except LookupError:
            text = ""
        raise _doctype_error(text, file)


def parse_bytes(data: bytes, file: str | Path = "<input>") -> etree._ElementTree:
    """Parse ``data`` as XML; raise :class:`XMLError` with line and column on any problem."""
    if not data.strip():
        raise XMLError("xml-wellformed", "empty document", file, hint="expected an XML file")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise XMLError("xml-wellformed", "binary file, not XML", file, 1, 1, hint="expected a UTF-8 XML file")
    _refuse_doctype(data, file)
    try:
        root = etree.fromstring(data, _parser(), base_url=str(file))
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (0, 0)
        message = exc.msg or str(exc)
        message = re.sub(r", line \d+, column \d+$", "", message)
        duplicate = _DUPLICATE_ID.match(message)
        if duplicate:
            raise XMLError(
                "id-unique", f"xml:id '{duplicate[1]}' is used twice", file, line, column,
                hint="every xml:id must be unique in the document",
            ) from None
        raise XMLError("xml-wellformed", f"not well-formed XML: {message}", file, line, column) from None
    tree = root.getroottree()
    _refuse_parsed_doctype(tree, data, file)
    return tree


@dataclass(frozen=True)
class Parsed:
    """A file's bytes and their safe parse (:func:`parse_bytes`), held together by a caller that
    hands both on (a build, the TEI it has just written), so that the stages after it neither
    read nor parse the file again. They read the tree; none changes it."""

    data: bytes
    tree: etree._ElementTree

    @classmethod
    def of(cls, data: bytes, file: str | Path) -> Parsed:
        return cls(data, parse_bytes(data, file))


def parse_file(path: str | Path) -> etree._ElementTree:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise XMLError("file-read", "file not found", path, hint="check the path") from None
    except IsADirectoryError:
        raise XMLError("file-read", "is a directory, expected an XML file", path) from None
    except OSError as exc:
        raise XMLError("file-read", f"cannot read file: {exc.strerror}", path) from None
    return parse_bytes(data, path)
