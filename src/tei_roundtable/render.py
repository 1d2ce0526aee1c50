"""Render a TEI edition as a citable HTML page and plain-text editions (XSLT 3.0, saxonche).

The stylesheets are ``xslt/tei2html.xsl`` and ``xslt/tei2text.xsl`` (shared modules in
``xslt/lib/``). Each is compiled once per process and reused; the Saxon processor stays
alive with them. The TEI is parsed safely first (:func:`tei_roundtable._xml.parse_file`)
and only then handed to Saxon.

Problems surface as located errors, never as Saxon's console output:

* the stylesheets check what they need (ids, pointers, a complete ``choice`` …) and report
  each problem with the XPath ``path()`` of the node; here the path becomes the line of the
  TEI file (:class:`~tei_roundtable.errors.CheckFailed` of :class:`InputError` findings);
* static errors of a stylesheet, and dynamic errors the stylesheets catch with
  ``xsl:try``, become an :class:`InputError` naming the stylesheet file and line.

Outputs, all deterministic (same TEI, same bytes)::

    <out>/html/index.html                  the HTML edition (CSS and JavaScript inside)
    <out>/txt/<edition-id>.txt             plain text, normalised reading
    <out>/txt/<edition-id>.diplomatic.txt  plain text, diplomatic reading
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

from lxml import etree

from ._io import write_bytes
from ._paths import xslt_dir
from ._xml import parse_file
from .errors import CheckFailed, InputError, TeiRoundtableError

__all__ = ["READINGS", "edition_id", "render", "render_outputs", "render_html", "render_text"]

READINGS = ("normalised", "diplomatic")

_URN = re.compile(r"^urn:tei-roundtable:([A-Za-z0-9][A-Za-z0-9._-]*):")
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")

# One Saxon processor and one compiled executable per stylesheet, for the whole process.
# SaxonC executables are not thread-safe, hence the lock around every transformation.
_lock = threading.RLock()
_processor = None
_executables: dict[Path, object] = {}


def _saxon():
    global _processor
    if _processor is None:
        from saxonche import PySaxonProcessor

        _processor = PySaxonProcessor(license=False)
    return _processor


_STATIC_ERROR = re.compile(r"on line (\d+)(?: column (\d+))? of ([^:\s]+):?\s*(.*)", re.S)


def _compile(stylesheet: Path):
    """The compiled stylesheet, compiled on first use; static errors name file and line."""
    stylesheet = stylesheet.resolve()
    with _lock:
        executable = _executables.get(stylesheet)
        if executable is not None:
            return executable
        if not stylesheet.is_file():
            raise InputError("stylesheet not found", stylesheet,
                             hint="reinstall tei-roundtable from its checkout (pip install -e .)")
        from saxonche import PySaxonApiError

        compiler = _saxon().new_xslt30_processor()
        try:
            executable = compiler.compile_stylesheet(stylesheet_file=str(stylesheet))
        except PySaxonApiError as exc:
            raise _static_error(str(exc), stylesheet) from None
        executable.set_save_xsl_message(True)
        _executables[stylesheet] = executable
        return executable


def _static_error(text: str, stylesheet: Path) -> InputError:
    text = " ".join(text.split())
    match = _STATIC_ERROR.search(text)
    if not match:
        return InputError(f"stylesheet cannot be compiled: {text}", stylesheet)
    line, column, name, detail = match.groups()
    # Saxon lists every static error in one message; the first one is located, the rest counted.
    first, *more = re.split(r"\s(?=(?:Error|Warning) (?:at|in|on|near|evaluating)\b)", detail)
    errors = sum(1 for part in more if part.startswith("Error"))
    module = stylesheet.parent / name if not Path(name).is_absolute() else Path(name)
    found = [p for p in (module, stylesheet.parent / "lib" / name) if p.is_file()]
    return InputError(
        f"stylesheet cannot be compiled: {first.strip() or text}"
        + (f" (and {errors} more error{'s' if errors > 1 else ''})" if errors else ""),
        found[0] if found else module,
        int(line),
        int(column or 0),
    )


def edition_id(tree: etree._ElementTree, tei_path: str | Path) -> str:
    """The edition's id: from its URN ``urn:tei-roundtable:<id>:<version>``, else the file name."""
    urns = tree.getroot().xpath(
        "//tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:idno[@type='URN']/text()",
        namespaces={"tei": "http://www.tei-c.org/ns/1.0"},
    )
    for urn in urns:
        match = _URN.match(urn.strip())
        if match:
            return match.group(1)
    stem = Path(tei_path).stem
    if not _SAFE_ID.match(stem):
        raise InputError(
            "cannot name the output files: the TEI has no tei-roundtable URN and its file name "
            f"{stem!r} is not a plain id", tei_path,
            hint="add <idno type=\"URN\">urn:tei-roundtable:<id>:<version></idno> or rename the file",
        )
    return stem


# ---------------------------------------------------------------------------------------------
# running a stylesheet


_STEP = re.compile(r"/(?:Q\{([^}]*)\}([^/\[]+)\[(\d+)\]|@[^/]*|[a-z-]+\([^)]*\)(?:\[\d+\])?)")


def _node_at(root: etree._Element, path: str) -> etree._Element | None:
    """The element an XPath 3.1 ``path()`` result designates (an attribute: its element)."""
    if not path.startswith("/Q{"):
        return None
    current: etree._Element | None = None
    for match in _STEP.finditer(path):
        namespace, local, position = match.groups()
        if local is None:  # attribute, text(), comment() …: stay on the element
            break
        tag = f"{{{namespace}}}{local}" if namespace else local
        if current is None:
            if root.tag != tag:
                return None
            current = root
            continue
        children = [child for child in current if child.tag == tag]
        index = int(position) - 1
        if index >= len(children):
            return None
        current = children[index]
    return current


class _Source:
    """A TEI document, safely parsed by lxml, and Saxon's tree of it (made once, on demand)."""

    def __init__(self, path: Path, tree: etree._ElementTree) -> None:
        self.path, self.tree = path, tree
        self._node = None

    def node(self):
        if self._node is None:
            # Saxon only ever sees what lxml has parsed safely (no DTD, no entities).
            self._node = _saxon().parse_xml(xml_text=etree.tostring(self.tree, encoding="unicode"))
        return self._node


def _transform(stylesheet: Path, source: _Source, params: dict[str, str]) -> str:
    from saxonche import PySaxonApiError

    executable = _compile(stylesheet)
    processor = _saxon()
    tree, tei_path = source.tree, source.path
    with _lock:
        document = source.node()
        executable.clear_parameters()
        executable.clear_xsl_messages()
        for name, value in params.items():
            executable.set_parameter(name, processor.make_string_value(value))
        try:
            result = executable.transform_to_string(xdm_node=document)
        except PySaxonApiError as exc:
            raise InputError(
                f"rendering failed: {' '.join(str(exc).split())}", stylesheet,
                hint="an error the stylesheet did not catch; please report it with the TEI file",
            ) from None
        messages = executable.get_xsl_messages()
        texts = [messages.item_at(i).string_value for i in range(messages.size)] if messages is not None else []
    _raise_for_messages(texts, stylesheet, tree, tei_path)
    if result is None:
        raise InputError("rendering produced nothing", stylesheet, hint="please report it with the TEI file")
    return result


def _raise_for_messages(texts: list[str], stylesheet: Path, tree: etree._ElementTree, tei_path: Path) -> None:
    """Every xsl:message is an error: a problem of the TEI, or an error in a stylesheet."""
    findings: list[InputError] = []
    for text in texts:
        fields = text.split("\t")
        if fields[0] == "xslt-error" and len(fields) >= 5:
            module, line, code, description = fields[1], fields[2], fields[3], "\t".join(fields[4:])
            raise InputError(
                f"rendering failed: {code.rsplit('}', 1)[-1].removeprefix('err:')}: {description}",
                _file_of(module) or stylesheet,
                int(line) if line.isdigit() else 0,
                hint=f"while rendering {tei_path}; a stylesheet error, please report it with the TEI file",
            )
        if fields[0] == "error" and len(fields) >= 3:
            element = _node_at(tree.getroot(), fields[1])
            line = element.sourceline if element is not None and element.sourceline else 0
            findings.append(InputError("\t".join(fields[2:]), tei_path, line))
        else:
            findings.append(InputError(f"message from the stylesheet: {' '.join(text.split())}", stylesheet))
    if findings:
        if len(findings) == 1:
            raise findings[0]
        raise CheckFailed(f"{tei_path}: cannot render, {len(findings)} problems", findings)


def _file_of(uri: str) -> Path | None:
    parsed = urlparse(uri)
    if parsed.scheme == "file":
        return Path(unquote(parsed.path))
    return Path(uri) if uri and not parsed.scheme else None


# ---------------------------------------------------------------------------------------------
# public API


def _load(tei_path: str | Path) -> tuple[_Source, str]:
    tei_path = Path(tei_path)
    tree = parse_file(tei_path)
    return _Source(tei_path, tree), edition_id(tree, tei_path)


def render_html(tei_path: str | Path, *, stylesheets: str | Path | None = None) -> bytes:
    """The HTML edition of ``tei_path`` as UTF-8 bytes."""
    source, ident = _load(tei_path)
    return _html(source, ident, Path(stylesheets) if stylesheets else xslt_dir())


def render_text(tei_path: str | Path, reading: str = "normalised", *,
                stylesheets: str | Path | None = None) -> bytes:
    """A plain-text edition of ``tei_path`` (``reading``: normalised or diplomatic), UTF-8."""
    if reading not in READINGS:
        raise TeiRoundtableError(f"unknown reading {reading!r}; use one of: {', '.join(READINGS)}")
    source, ident = _load(tei_path)
    return _text(source, ident, reading, Path(stylesheets) if stylesheets else xslt_dir())


def _html(source: _Source, ident: str, folder: Path) -> bytes:
    return _transform(folder / "tei2html.xsl", source, {"edition-id": ident}).encode("utf-8")


def _text(source: _Source, ident: str, reading: str, folder: Path) -> bytes:
    params = {"reading": reading, "edition-id": ident}
    return _transform(folder / "tei2text.xsl", source, params).encode("utf-8")


def render_outputs(tei_path: str | Path, *, stylesheets: str | Path | None = None) -> dict[str, bytes]:
    """All outputs in memory: relative path (``html/index.html``, ``txt/<id>.txt`` …) -> bytes."""
    source, ident = _load(tei_path)
    folder = Path(stylesheets) if stylesheets else xslt_dir()
    return {
        "html/index.html": _html(source, ident, folder),
        f"txt/{ident}.txt": _text(source, ident, "normalised", folder),
        f"txt/{ident}-diplomatic.txt": _text(source, ident, "diplomatic", folder),
    }


def render(tei_path: str | Path, out_dir: str | Path, *, stylesheets: str | Path | None = None) -> list[Path]:
    """Render ``tei_path`` into ``out_dir`` (html/ and txt/); return the files written.

    Everything is rendered before anything is written, and each file is written atomically,
    so a failure leaves ``out_dir`` as it was.
    """
    outputs = render_outputs(tei_path, stylesheets=stylesheets)
    written = []
    for relative, data in outputs.items():
        path = Path(out_dir) / relative
        write_bytes(path, data)
        written.append(path)
    return written
