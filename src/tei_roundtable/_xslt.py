"""Running XSLT 3.0 stylesheets under saxonche, with located errors.

One Saxon processor and one compiled executable per stylesheet serve the whole process. Saxon
only ever sees documents that lxml has parsed safely. Static errors name the stylesheet and line;
``xsl:message`` output becomes located errors (``error<TAB>path()<TAB>text`` names a TEI element,
``xslt-error<TAB>module<TAB>line<TAB>code<TAB>text`` a stylesheet error caught by xsl:try,
``xslt-error-at<TAB>path()<TAB>module<TAB>line<TAB>code<TAB>text`` one caught at the TEI element
being rendered, reported at that element's line) or, for ``warning<TAB>path()<TAB>text``, located
warnings (an element rendered as plain text: lib/generic.xsl).
"""

from __future__ import annotations

import re
import threading
from contextvars import ContextVar
from pathlib import Path
from urllib.parse import unquote, urlparse

from lxml import etree

from .errors import CheckFailed, InputError

# One Saxon processor and one compiled executable per stylesheet, for the whole process.
# SaxonC executables are not thread-safe, hence the lock around every transformation.
_lock = threading.RLock()
_processor = None
_executables: dict[Path, object] = {}

# Set while a build has Saxon run in a process of its own (:mod:`._saxon_host`): transform()
# then hands its work to that process.
remote: ContextVar = ContextVar("tei_roundtable_saxon_host", default=None)


def _saxon():
    global _processor
    if _processor is None:
        from saxonche import PySaxonProcessor

        _processor = PySaxonProcessor(license=False)
        # Saxon's own parser refuses a DOCTYPE too, as lxml does (_xml): a file Saxon reads
        # (FileSource) holds what lxml parsed when it was compared, and only a DOCTYPE could
        # make it declare or expand entities, were it changed after that.
        _processor.set_configuration_property(_NO_DOCTYPE, "true")
    return _processor


_NO_DOCTYPE = "http://saxon.sf.net/feature/parserFeature?uri=http%3A//apache.org/xml/features/disallow-doctype-decl"


def forget_compiled() -> None:
    """Let go of the compiled stylesheets (they are compiled again when next used): what they
    hold of Saxon's heap is then free for the transforms that follow. Saxon's heap does not
    give memory back to the system, so a process that has rendered editions and then makes a
    collection's pages would otherwise need room for both (measured: 50 MiB less at the peak
    of a rebuild of a 1,000-edition collection, pipeline._collection_outputs)."""
    with _lock:
        _executables.clear()


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


# The characters trt:needs-isolation (lib/common.xsl) looks for: bidi controls and
# right-to-left letters (tests/render/test_reader_fixes.py tries each range's ends). Two
# patterns, as Python's re takes longer over one class of both planes than over the two in turn.
_BIDI_PATTERNS = (re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]"),
                  re.compile("[\U00010800-\U00010fff\U0001e800-\U0001efff]"))


def text_has_bidi(text: str) -> bool:
    """True when ``text`` has a character that trt:needs-isolation looks for."""
    return any(pattern.search(text) for pattern in _BIDI_PATTERNS)


# The UTF-8 of every character _BIDI_PATTERNS finds starts with one of these bytes (U+0580–U+07FF:
# D6–DF, U+0800–U+0FFF: E0, U+2000–U+2FFF: E2, U+F000–U+FFFF: EF, U+10000–U+3FFFF: F0); the
# character is the byte and the continuation bytes after it. Searching the bytes for them and
# the few characters found for _BIDI_PATTERNS took 0.4 ms for the bundled edition, against 0.7
# for decoding the bytes and searching all of the text (tests/render/test_reader_fixes.py).
_BIDI_CANDIDATES = re.compile(rb"[\xd6-\xe0\xe2\xef\xf0][\x80-\xbf]+")


def bytes_have_bidi(data: bytes, tree: etree._ElementTree) -> bool:
    """:func:`text_has_bidi` of the document lxml parsed from ``data`` as ``tree``."""
    if (tree.docinfo.encoding or "").upper() != "UTF-8" or b"&#" in data:
        # Not UTF-8, or a character given by its number: the characters of lxml's own
        # serialisation of the tree, which writes every one as itself (but a few ASCII ones).
        return text_has_bidi(etree.tostring(tree, encoding="unicode"))
    return text_has_bidi(b"".join(_BIDI_CANDIDATES.findall(data)).decode("utf-8"))


class Source:
    """A TEI document, safely parsed by lxml, and Saxon's tree of it (made once, on demand).

    ``has_bidi`` is False once the tree is made from text without any character that
    trt:needs-isolation looks for (the stylesheets then search no string for them), True
    when the text has one, None while unknown (the stylesheets search every string).
    """

    def __init__(self, path: Path, tree: etree._ElementTree) -> None:
        self.path, self.tree = path, tree
        self._node = None
        self.has_bidi: bool | None = None

    def node(self):
        if self._node is None:
            # Saxon only ever sees what lxml has parsed safely (no DTD, no entities).
            text = etree.tostring(self.tree, encoding="unicode")
            # Every character of the document's text and attributes is in this string as itself
            # (lxml writes a character reference only for a few ASCII ones).
            self.has_bidi = text_has_bidi(text)
            self._node = _saxon().parse_xml(xml_text=text)
        return self._node

    def portable(self) -> tuple[str, bytes, str | None]:
        """What another process needs to make this source again: its path, the tree's bytes and
        (for a :class:`FileSource`) the file Saxon reads."""
        return str(self.path), etree.tostring(self.tree), None


class FileSource(Source):
    """A source that Saxon reads from ``file``, written by lxml (which alone parses what the
    toolkit is given), or holding the bytes lxml parsed safely (``data``, compared with the
    file's by the caller), so that no string of it is held beside Saxon's tree (and none made:
    Saxon's parse of the bundled edition's file took 2.2 ms, of a string of its tree 2.7, and
    the string 0.3 more); ``tree`` is what a stylesheet's message is located in (for a large
    document, its root without children).

    With ``data``, ``has_bidi`` is known once the tree is made (:func:`bytes_have_bidi`);
    without, it stays None: the file's text is not searched.
    """

    def __init__(self, path: Path, tree: etree._ElementTree, file: Path, data: bytes | None = None) -> None:
        super().__init__(path, tree)
        self.file, self._data = file, data

    def node(self):
        if self._node is None:
            if self._data is not None:
                self.has_bidi = bytes_have_bidi(self._data, self.tree)
            # Absolute: Saxon resolves a relative name against the folder it started in.
            self._node = _saxon().parse_xml(xml_file_name=str(Path(self.file).absolute()))
        return self._node

    def portable(self) -> tuple[str, bytes, str | None]:
        return str(self.path), etree.tostring(self.tree), str(self.file)


def transform(stylesheet: Path, source: Source, params: dict[str, str],
              warnings: list[InputError] | None = None) -> str:
    """The result of ``stylesheet`` on ``source``; its warnings are added to ``warnings`` when given."""
    host = remote.get()
    if host is not None:
        result, found = host.transform(stylesheet, source, params)
    else:
        result, found = transform_here(stylesheet, source, params)
    if warnings is not None:
        warnings.extend(found)
    return result


def transform_here(stylesheet: Path, source: Source, params: dict[str, str]) -> tuple[str, list[InputError]]:
    """:func:`transform` in this process: the result and the warnings."""
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
        if source.has_bidi is False:
            executable.set_parameter("source-has-bidi", processor.make_string_value("no"))
        try:
            result = executable.transform_to_string(xdm_node=document)
        except PySaxonApiError as exc:
            raise InputError(
                f"rendering failed: {' '.join(str(exc).split())}", stylesheet,
                hint="an error the stylesheet did not catch; please report it with the TEI file",
            ) from None
        messages = executable.get_xsl_messages()
        texts = [messages.item_at(i).string_value for i in range(messages.size)] if messages is not None else []
    found = _raise_for_messages(texts, stylesheet, tree, tei_path)
    if result is None:
        raise InputError("rendering produced nothing", stylesheet, hint="please report it with the TEI file")
    return result, found


def _line_of(tree: etree._ElementTree, path: str) -> int:
    element = _node_at(tree.getroot(), path)
    return element.sourceline if element is not None and element.sourceline else 0


def _raise_for_messages(texts: list[str], stylesheet: Path, tree: etree._ElementTree,
                        tei_path: Path) -> list[InputError]:
    """Every xsl:message is an error (a problem of the TEI, or an error in a stylesheet), but warnings.

    Returns the warnings when there is no error.
    """
    located = [text.split("\t") for text in texts if text.startswith("xslt-error-at\t")]
    if located and len(located[0]) >= 6:
        _raise_located(located[0], stylesheet, tree, tei_path)
    findings: list[InputError] = []
    warnings: list[InputError] = []
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
        if fields[0] == "warning" and len(fields) >= 3:
            warnings.append(InputError("\t".join(fields[2:]), tei_path, _line_of(tree, fields[1]),
                                       hint="nothing of its text is lost; its markup is not shown"))
        elif fields[0] == "error" and len(fields) >= 3:
            findings.append(InputError(
                "\t".join(fields[2:]), tei_path, _line_of(tree, fields[1]),
                hint=f"render needs a TEI as `tei-roundtable encode` makes it; `tei-roundtable validate {tei_path}` "
                     "lists everything this one lacks"))
        else:
            findings.append(InputError(f"message from the stylesheet: {' '.join(text.split())}", stylesheet))
    if findings:
        if len(findings) == 1:
            raise findings[0]
        raise CheckFailed(f"{tei_path}: cannot render, {len(findings)} problems", findings)
    return warnings


# Errors of the type of a value: a template met an element it did not expect (a castList where
# the stylesheet expected only paragraphs). The TEI's line says what to look at.
_TYPE_ERROR = re.compile(r"^(?:XTTE|XPTY|XPDY0050|FORG0001|FOTY)")


def _raise_located(fields: list[str], stylesheet: Path, tree: etree._ElementTree, tei_path: Path) -> None:
    """An error caught at the TEI element being rendered (lib/generic.xsl's guard).

    A type error is reported at the element's line of the TEI, naming the stylesheet's line; any
    other error (a stylesheet's own) at the stylesheet's line, naming the element's.
    """
    path, module, line, code, description = fields[1:5] + ["\t".join(fields[5:])]
    code = code.rsplit("}", 1)[-1].removeprefix("err:")
    where = _file_of(module) or stylesheet
    name, tei_line = _local_name(path), _line_of(tree, path)
    if _TYPE_ERROR.match(code):
        raise InputError(
            f"cannot render <{name}>: {code}: {description} (in {where.name}{f' line {line}' if line.isdigit() else ''})",
            tei_path, tei_line,
            hint="the stylesheets do not expect this element here; please report it with the TEI file",
        )
    raise InputError(
        f"rendering failed: {code}: {description}", where, int(line) if line.isdigit() else 0,
        hint=f"while rendering <{name}> of {tei_path}{f' (line {tei_line})' if tei_line else ''}; a stylesheet "
             "error, please report it with the TEI file",
    )


def _local_name(path: str) -> str:
    """The element an XPath ``path()`` ends on: ``…/Q{ns}front[1]`` -> ``front``."""
    found = re.search(r"([^}/\[]+)(?:\[\d+\])?$", path)
    return found.group(1) if found else "?"


def _file_of(uri: str) -> Path | None:
    parsed = urlparse(uri)
    if parsed.scheme == "file":
        return Path(unquote(parsed.path))
    return Path(uri) if uri and not parsed.scheme else None
