"""Stage 2 — validate: one report over every layer of checks.

Layers, in order (DESIGN §3):

1. safe parsing (``_xml``): no DTD, entities or network; rules ``file-read``,
   ``xml-wellformed``, ``xml-doctype``, ``id-unique``; then ``tei-root``;
2. RELAX NG, ``schema/tei-roundtable.rng`` (rule ``rng``);
3. ISO Schematron, ``schema/tei-roundtable.sch`` (one rule id per assert);
4. project checks in Python: the source named in the header is a regular file inside the TEI
   file's folder (``source-path``; any other path is refused unopened, see :mod:`._source`) and
   exists (``source-file``), its digest matches (``source-sha256``), and the diplomatic reading
   equals it (``text-fidelity``);
   name variants left undecided come from :mod:`tei_roundtable.names` when it is installed,
   and text findings left undecided (warnings) from :mod:`tei_roundtable.textcheck`.

``schemas`` (``validate --schema``, :mod:`._schemas`) replaces layers 2 to 4 by other grammars and
Schematron schemas (TEI's ``tei_all``, a user's ``.rng``, ``.rnc`` or ``.sch``), or adds them to
the project's. An ``xi:include`` (a ``teiCorpus`` of session files) is resolved first, inside the
file's folder only (:mod:`._xinclude`, rule ``xinclude``); a finding in an included file names
that file and its line.

The API follows python-jsonschema: :func:`iter_findings` yields :class:`Finding` records,
:func:`validate` raises :class:`~tei_roundtable.errors.CheckFailed` holding them, and
:func:`is_valid` answers. Compiled schemas are cached for the life of the process.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Sequence

from lxml import etree

from . import __version__, _cache, readings
from ._io import decode_text
from ._schemas import PROJECT_SCHEMA, SCHEMATRON, XSLT1_BINDINGS, Schema, SchemaUnavailable, compact_to_xml
from ._xinclude import Assembled, assemble, has_includes
from .resources import schema_dir
from ._source import HINT as SOURCE_HINT
from ._source import SourceRefused, named_source, read_source, source_path
from ._xml import NS, TEI_NS, XML_NS, Parsed, XMLError, parse_bytes, parse_file
from .errors import CheckFailed, InputError, TeiRoundtableError
from .findings import ERROR, WARNING, Finding

if TYPE_CHECKING:
    from .edition import Edition
    from .names import Vocabulary
    from .transcript import Transcript

SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
RNG_NAME = "tei-roundtable.rng"
SCH_NAME = "tei-roundtable.sch"

# The attribute a pointer rule is about, so that its finding points at the attribute itself.
_RULE_ATTRIBUTE = {
    "who-resolves": "who",
    "who-participant": "who",
    "ref-resolves": "ref",
    "resp-resolves": "resp",
    "target-resolves": "target",
    "note-anchor": "target",
    "corresp-resolves": "corresp",
    "ref-kind": "ref",
    "turn-id": "xml:id",
    "paragraph-id": "xml:id",
    "turn-n": "n",
    "paragraph-n": "n",
    "id-pattern": "xml:id",
    "header-licence": "target",
}

_HINTS = {
    "rng": "see schema/tei-roundtable.rng for what the edition's TEI allows here",
    "who-resolves": "point @who to the xml:id of a person (#id), or add the person to the register",
    "ref-resolves": "point @ref to an xml:id of the register (#id) or to an http(s) URL",
    "resp-resolves": "point @resp to an editor declared in titleStmt/respStmt (#id)",
    "target-resolves": "point @target to an xml:id of this document (#id) or to an http(s) URL",
    "corresp-resolves": "point @corresp to an xml:id of this document (#id) or to an http(s) URL",
    "choice-note": "record the decision with a note in back (the encoder writes one per decision)",
    "comment-note": "record the comment with a note in back (the encoder writes one per decision)",
    "note-anchor": "point the ptr to the note of back that explains the passage it follows, or re-encode (tei-roundtable encode)",
    "who-participant": "point @who to a participant declared in particDesc (profileDesc/particDesc/listPerson)",
    "speaker-label": "correct @who, or record a correction of the printed label (choice/sic/corr)",
    "consecutive-speaker": "if the source really has two turns in a row, add an editorial note on the second",
    "participant-referenced": "tag the participant's mentions, or remove the person from particDesc",
}


# ----- compiled schemas (cached per process) --------------------------------------------------


def _grammar(path: Path) -> etree._ElementTree:
    """A RELAX NG grammar in the XML syntax; a compact one is converted in memory (its includes
    resolve beside it: the base URL is its path)."""
    return parse_bytes(compact_to_xml(path), path) if path.suffix.lower() == ".rnc" else parse_file(path)


@lru_cache(maxsize=None)
def _relaxng(path: Path) -> etree.RelaxNG:
    grammar = _grammar(path)
    try:
        return etree.RelaxNG(grammar)
    except etree.RelaxNGParseError as exc:
        detail = "; ".join(" ".join(e.message.split()) for e in exc.error_log) or str(exc)
        raise SchemaUnavailable(f"{path}: the RELAX NG schema cannot be compiled: {detail}") from None


_RNG = "http://relaxng.org/ns/structure/1.0"


@lru_cache(maxsize=None)
def _attribute_values(path: Path) -> dict[str, frozenset[str] | None]:
    """Each attribute the grammar declares -> the values it allows (None: any value of a type).

    libxml2 says only "Element note failed to validate attributes"; with this the message can
    name the attribute whose value no declaration of it allows.
    """
    allowed: dict[str, frozenset[str] | None] = {}
    for attribute in _grammar(path).iter(f"{{{_RNG}}}attribute"):
        name = attribute.get("name")
        if not name:
            continue
        values = frozenset(v.text or "" for v in attribute.iter(f"{{{_RNG}}}value"))
        open_ = not values or any(True for _ in attribute.iter(f"{{{_RNG}}}data", f"{{{_RNG}}}text"))
        if name in allowed:
            allowed[name] = None if open_ or allowed[name] is None else allowed[name] | values
        else:
            allowed[name] = None if open_ else values
    return allowed


def _attribute_problem(element: etree._Element, rng_path: Path) -> str:
    """Which attribute of ``element`` has a value the grammar does not allow, as a message tail."""
    declared = _attribute_values(rng_path)
    for key, value in element.attrib.items():
        name = key.replace(f"{{{XML_NS}}}", "xml:")
        values = declared.get(name)
        if values is not None and value not in values:
            return f": @{name}={value!r} is not one of {', '.join(sorted(values))}"
    names = ", ".join("@" + k.replace(f"{{{XML_NS}}}", "xml:") for k in element.attrib)
    return f" (one of {names}, or one it lacks, is not what the grammar allows here)" if names else ""


_SCH = "http://purl.oclc.org/dsdl/schematron"


@lru_cache(maxsize=None)
def _schematron(path: Path) -> etree.XSLT:
    """The Schematron schema ``path`` compiled to a stylesheet of its checks (once per process).

    The ISO skeleton's output for a schema is kept in the user's cache folder (:mod:`._cache`),
    keyed by the schema's sha256 and the versions of lxml (which ships the skeleton), libxml2
    and libxslt: a later process compiles that stylesheet without loading the skeleton and
    running its three steps again (7 of the 9 ms the project's schema took in every validation).
    A schema that includes other files (``sch:include``, ``sch:extends/@href``) is not cached, as
    its key would not cover them; a cached stylesheet that does not compile is made again.
    """
    data = _read_schema(path)
    schema = parse_bytes(data, path)
    binding = (schema.getroot().get("queryBinding") or "").strip().lower()
    if binding not in XSLT1_BINDINGS:
        raise SchemaUnavailable(
            f"{path}: queryBinding=\"{binding}\" needs an XSLT {binding[-1:] or '2'} processor; tei-roundtable runs "
            "Schematron with XSLT 1.0 (libxslt), so only the xslt (XPath 1.0) binding is checked"
        )
    includes = schema.xpath("//sch:include | //sch:extends[@href]", namespaces={"sch": _SCH})
    key = None if includes else {
        "format": "schematron stylesheet 2", "schema": hashlib.sha256(data).hexdigest(),
        "lxml": etree.LXML_VERSION, "libxml2": etree.LIBXML_VERSION, "libxslt": etree.LIBXSLT_VERSION,
    }
    cache_file = _cache.path_for("schematron", key) if key else None
    if cache_file is not None:
        cached = _cache.read(cache_file, key)
        if type(cached) is bytes:
            try:
                return _compile_checks(parse_bytes(cached, path), path)
            except (XMLError, TeiRoundtableError):
                pass  # not the stylesheet this function writes: made again below
    stylesheet = _skeleton(schema, path)
    compiled = _compile_checks(stylesheet, path)
    if cache_file is not None:
        _cache.write(cache_file, key, etree.tostring(stylesheet))
    return compiled


def _read_schema(path: Path) -> bytes:
    """The bytes of a schema file, or the located file-read error :func:`parse_file` raises."""
    try:
        return path.read_bytes()
    except OSError:
        parse_file(path)  # raises the located file-read error
        raise


def _skeleton(schema: etree._ElementTree, path: Path) -> etree._ElementTree:
    """The stylesheet the ISO skeleton makes of ``schema``.

    As lxml.isoschematron.Schematron uses it, but without the fired-rule records (only failures
    are wanted). The skeleton reports a broken schema (an abstract rule extended but not
    declared, a rule without context) only as messages, and the compiled checks then silently
    miss: such messages are errors here.
    """
    # Imported here: loading the ISO skeleton costs a command that never runs the Schematron.
    from lxml import isoschematron

    expanded = isoschematron.iso_abstract_expand(isoschematron.iso_dsdl_include(schema))
    step = isoschematron.iso_svrl_for_xslt1
    stylesheet = step(expanded, **{"generate-fired-rule": etree.XSLT.strparam("false")})
    messages = [e.message for e in step.error_log]
    if messages:
        raise _broken(path, messages)
    _drop_default_walk(stylesheet)
    return stylesheet


_XSL = "http://www.w3.org/1999/XSL/Transform"


def _drop_default_walk(stylesheet: etree._ElementTree) -> None:
    """Take out the walk of the whole document that the skeleton's output makes in the default mode.

    Each pattern's svrl:active-pattern holds an xsl:apply-templates of the document in the
    default mode, where the skeleton's only templates are the root's and an empty one for text
    nodes: it visits every node and writes nothing (0.14 of the 4 ms the project's schema takes
    on the bundled edition). It is taken out only where that is so: no other template of the
    default mode, nothing in the text nodes' template, no stylesheet imported or included.
    """
    root = stylesheet.getroot()
    if root.find(f"{{{_XSL}}}import") is not None or root.find(f"{{{_XSL}}}include") is not None:
        return
    default = [t for t in root.iterchildren(f"{{{_XSL}}}template") if t.get("mode") is None]
    if sorted(t.get("match") or "" for t in default) != ["/", "text()"]:
        return
    text = next(t for t in default if t.get("match") == "text()")
    if len(text) or (text.text or "").strip():
        return
    document = next(t for t in default if t.get("match") == "/")
    for walk in document.iterfind(f".//{{{SVRL['svrl']}}}active-pattern/{{{_XSL}}}apply-templates"):
        if walk.get("select") is None and walk.get("mode") is None and not len(walk):
            walk.getparent().remove(walk)


def _compile_checks(stylesheet: etree._ElementTree, path: Path) -> etree.XSLT:
    """The compiled checks, with no file or network access for the result; a test that is no
    XPath is an error."""
    try:
        return etree.XSLT(stylesheet, access_control=etree.XSLTAccessControl.DENY_ALL)
    except etree.XSLTParseError as exc:
        raise _broken(path, [e.message for e in exc.error_log] or [str(exc)]) from None


def _broken(path: Path, messages: list[str]) -> TeiRoundtableError:
    return TeiRoundtableError(
        f"{path}: the Schematron schema is broken: " + "; ".join(" ".join(m.split()) for m in messages)
    )


def schemas(directory: Path | None = None) -> tuple[Path, Path]:
    """The project's RELAX NG and Schematron files."""
    return _project_paths(directory)


def _project_paths(directory: Path | None) -> tuple[Path, Path]:
    directory = directory or schema_dir()
    return directory / RNG_NAME, directory / SCH_NAME


# ----- locating -------------------------------------------------------------------------------


class _Locator:
    """Line and column of elements and attributes, from the document's own bytes.

    libxml2 knows the line of an element but not its column; the column is found by looking
    for the k-th start tag of that name on that line.
    """

    def __init__(self, data: bytes, tree: etree._ElementTree) -> None:
        self.data = data
        self.tree = tree
        self._lines: list[bytes] | None = None
        self._same_line: dict[tuple[int, str], list[etree._Element]] | None = None

    def _line(self, number: int) -> str:
        if self._lines is None:
            self._lines = self.data.split(b"\n")
        if 0 < number <= len(self._lines):
            return self._lines[number - 1].decode("utf-8", "replace")
        return ""

    def column(self, element: etree._Element, attribute: str | None = None) -> int:
        line = element.sourceline or 0
        if not line or not isinstance(element.tag, str):
            return 0
        if self._same_line is None:
            self._same_line = {}
            for node in self.tree.iter():
                if isinstance(node.tag, str) and node.sourceline:
                    self._same_line.setdefault((node.sourceline, node.tag), []).append(node)
        siblings = self._same_line.get((line, element.tag), [])
        index = siblings.index(element) if element in siblings else 0
        qname = etree.QName(element)
        name = f"{element.prefix}:{qname.localname}" if element.prefix else qname.localname
        matches = [m.start() for m in re.finditer(rf"<{re.escape(name)}(?=[\s/>])", self._line(line))]
        if index >= len(matches):
            return 0
        start = matches[index]
        if attribute:
            text = self._line(line)
            end = text.find(">", start)
            found = re.compile(rf"\s{re.escape(attribute)}\s*=").search(text, start, end if end >= 0 else len(text))
            if found:
                return found.start() + 2
        return start + 1


# ----- layers ---------------------------------------------------------------------------------


def _tei_root(tree: etree._ElementTree, file: str) -> Finding | None:
    root = tree.getroot()
    qname = etree.QName(root)
    if qname.namespace == TEI_NS and qname.localname == "TEI":
        return None
    where = f"in namespace '{qname.namespace}'" if qname.namespace else "in no namespace"
    return Finding(
        file, root.sourceline or 1, 1, "tei-root", ERROR,
        f"root element is <{qname.localname}> {where}; expected <TEI> in namespace '{TEI_NS}'",
        "a tei-roundtable edition is a TEI P5 document: <TEI xmlns=\"http://www.tei-c.org/ns/1.0\">"
        + ("; check a corpus against TEI itself with --schema tei_all"
           if qname.namespace == TEI_NS and qname.localname == "teiCorpus" else ""),
    )


class _Places:
    """File, line and column of an element: in the file checked, or in the included file it comes from."""

    def __init__(self, file: str, data: bytes, tree: etree._ElementTree) -> None:
        self.file = file
        self.top = _Locator(data, tree)
        self.assembled: Assembled | None = None
        self._parts: dict[int, _Locator] = {}

    def assemble(self, tree: etree._ElementTree, path: Path) -> None:
        """Resolve the tree's includes (:func:`._xinclude.assemble`), remembering each element's file."""
        # The top file's elements are indexed before the included ones join its tree.
        self.top.column(tree.getroot())
        self.assembled = assemble(tree, path, self.file)

    def of(self, element: etree._Element, attribute: str | None = None) -> tuple[str, int, int]:
        part = self.assembled.part_of(element) if self.assembled is not None else None
        if part is None:
            return self.file, element.sourceline or 0, self.top.column(element, attribute)
        locate = self._parts.get(id(part.root))
        if locate is None:
            locate = self._parts[id(part.root)] = _Locator(part.data, part.root)
        return part.name, element.sourceline or 0, locate.column(element, attribute)


def _rng_findings(tree: etree._ElementTree, rng_path: Path, places: _Places,
                  schema: Schema | None = None) -> Iterator[Finding]:
    """RELAX NG findings: the project's grammar (``schema`` None), or another one, named in each message."""
    grammar = _relaxng(rng_path)
    if grammar.validate(tree):
        return
    hint = _HINTS["rng"] if schema is None else f"see {schema.name} for what it allows here"
    prefix = "" if schema is None else f"{schema.name}: "
    seen: set[tuple[str, int, str]] = set()
    for entry in grammar.error_log:
        message = entry.message
        # libxml2 repeats a failure on every ancestor ("Element sp failed to validate
        # content"); the innermost report says what is wrong.
        if "failed to validate content" in message and seen:
            continue
        file, line, column = places.file, entry.line, entry.column
        detail = ""
        if entry.path:
            try:
                found = tree.xpath(entry.path)
            except etree.XPathError:
                found = []
            if found and isinstance(found[0], etree._Element):
                file, line, column = places.of(found[0])
                line, column = line or entry.line, column or entry.column
                if "failed to validate attributes" in message:
                    detail = _attribute_problem(found[0], rng_path)
        # libxml2 follows one error with guesses about the rest of the content model on the
        # same line ("Expecting an element …, got nothing"); the first report is the cause.
        if any(f == file and seen_line == line for f, seen_line, _ in seen):
            continue
        seen.add((file, line, message))
        yield Finding(file, line, column, "rng", ERROR, prefix + _rng_message(message) + detail, hint)


def _rng_message(message: str) -> str:
    # libxml2 names elements in Clark notation; the TEI namespace is the default here.
    return message.replace("{" + TEI_NS + "}", "")


_RULE_ID = re.compile(r"^[a-z][a-z0-9-]*$")


def _schematron_findings(tree: etree._ElementTree, sch_path: Path, places: _Places,
                         schema: Schema | None = None) -> Iterator[Finding]:
    """Schematron findings: the project's rules (``schema`` None), or another schema's, named in each message.

    Another schema's assert is reported under its id where that is a rule id (lower-case
    letters, digits and '-'), else as ``schematron``; role warning, warn or info is a warning.
    """
    report = _schematron(sch_path)(tree)
    for failure in report.getroot().iterchildren(
        "{http://purl.oclc.org/dsdl/svrl}failed-assert", "{http://purl.oclc.org/dsdl/svrl}successful-report"
    ):
        ident = failure.get("id") or ""
        role = (failure.get("role") or "").lower()
        if schema is None:
            rule, severity = ident or "schematron", WARNING if role == WARNING else ERROR
        else:
            rule = ident if _RULE_ID.match(ident) else "schematron"
            severity = WARNING if role in ("warning", "warn", "info", "information") else ERROR
        text = " ".join("".join(failure.itertext()).split())
        if schema is not None:
            text = f"{schema.name}: {text}"
        file, line, column = places.file, 0, 0
        location = failure.get("location")
        if location:
            try:
                found = tree.xpath(location)
            except etree.XPathError:
                found = []
            if found:
                node = found[0]
                element = node if isinstance(node, etree._Element) else node.getparent()
                attribute = _RULE_ATTRIBUTE.get(rule) if schema is None else None
                file, line, column = places.of(element, attribute)
        yield Finding(file, line, column, rule, severity, text, _HINTS.get(rule) if schema is None else None)


def _source_findings(tree: etree._ElementTree, path: Path, file: str, locate: _Locator) -> Iterator[Finding]:
    named = named_source(tree)
    if named is None:
        return  # header-source reports it
    bibl = named.getparent()
    relative = named.text.strip()
    try:
        source, raw = read_source(path, relative)
    except SourceRefused as exc:
        yield Finding(file, named.sourceline or 0, locate.column(named), "source-path", ERROR, str(exc), SOURCE_HINT)
        return
    except OSError as exc:
        source = path.parent / relative
        reason = "not found" if isinstance(exc, FileNotFoundError) else (exc.strerror or "unreadable")
        yield Finding(
            file, named.sourceline or 0, locate.column(named), "source-file", ERROR,
            f"the source transcript '{relative}' named in sourceDesc cannot be read ({reason}: {source})",
            "idno type=\"file\" is the transcript's path relative to this TEI file; keep source/ beside it",
        )
        return
    digest = bibl.find("tei:idno[@type='sha256']", NS)
    if digest is not None and (digest.text or "").strip():
        actual = hashlib.sha256(raw).hexdigest()
        if digest.text.strip().lower() != actual:
            yield Finding(
                file, digest.sourceline or 0, locate.column(digest), "source-sha256", ERROR,
                f"the sha256 of '{relative}' is {actual}, not the {digest.text.strip()} recorded in sourceDesc",
                "the source changed after encoding: re-encode the edition from it (tei-roundtable encode)",
            )
    try:
        text = decode_text(raw, source)
    except InputError as exc:
        yield Finding(file, named.sourceline or 0, locate.column(named), "source-file", ERROR,
                      f"the source transcript '{relative}' cannot be read: {exc.message}", exc.hint)
        return
    yield from _fidelity(tree, text, relative, file, locate)


def _fidelity(tree: etree._ElementTree, source: str, relative: str, file: str, locate: _Locator) -> Iterator[Finding]:
    source_lines = (line + "\n" for _, line in readings.iter_source_lines(source))
    difference = readings.first_difference(_words(source_lines), _words(readings.iter_texts(tree, "diplomatic")))
    if difference is None:
        return
    index, source_words, tei_words = difference
    source_line = _source_line(source, index)
    element = _tei_element_at(tree, index)
    if element is None:
        element = tree.getroot().find("tei:text", NS)
    line = element.sourceline if element is not None else 0
    column = locate.column(element) if element is not None else 0
    where = f"{relative}:{source_line}" if source_line else relative
    yield Finding(
        file, line or 0, column, "text-fidelity", ERROR,
        f"the diplomatic reading differs from the source at word {index + 1}: {where} has "
        f"'{source_words}', the TEI has '{tei_words}'",
        "the TEI's text (with sic/orig and the printed labels) must equal the source word for word; "
        "re-encode it (tei-roundtable encode) or record the change as a decision",
    )


_BLOCK_CHARS = 1 << 16


def _words(texts: Iterable[str]) -> Iterator[str]:
    """The words of the concatenated ``texts`` (those of readings' word streams), split a block
    of about 64 KiB at a time: str.split() over a block and the words handed on a list at a
    time (chain), rather than a Python step per piece (a paragraph's text, a tail) or per
    word; and never the whole document's words in memory at once."""
    return chain.from_iterable(_word_blocks(texts))


def _word_blocks(texts: Iterable[str]) -> Iterator[list[str]]:
    block: list[str] = []
    size = 0
    carry = ""  # the last word of a block, which the next block may continue (21 + st)
    for text in texts:
        block.append(text)
        size += len(text)
        if size < _BLOCK_CHARS:
            continue
        joined = carry + "".join(block)
        block, size = [], 0
        words = joined.split()
        carry = words.pop() if words and not joined[-1].isspace() else ""
        yield words
    yield (carry + "".join(block)).split()


def _source_line(source: str, index: int) -> int:
    """The line of the source transcript that holds its ``index``-th plain word."""
    count = 0
    for number, line in readings.iter_source_lines(source):
        count += len(line.split())
        if count > index:
            return number
    return 0


def _tei_element_at(tree: etree._ElementTree, index: int) -> etree._Element | None:
    """The element of the text whose content holds the ``index``-th word of the diplomatic reading."""
    count = 0
    in_word = False
    for piece, owner in readings.iter_pieces(tree, "diplomatic"):
        for match in re.finditer(r"\S+", piece):
            if not (in_word and match.start() == 0):  # a word continued from the last piece
                count += 1
            if count > index:
                return owner
        in_word = bool(piece) and not piece[-1].isspace()
    return None


def _name_findings(file: str, inputs: tuple[Path, str, Path, int], edition: Edition | InputError,
                   transcript: Transcript | InputError, words: Vocabulary | None = None) -> Iterator[Finding]:
    """Name variants that no editorial decision covers (:mod:`tei_roundtable.names`, ``check-names``).

    The check reads the source transcript and the edition data, whose decisions say which
    variants are settled (``inputs``, from :func:`_check_inputs`; ``edition`` as loaded by
    :func:`_edition_for_checks`, or why it cannot be). Findings keep the transcript's line and
    column, named in the message, and are reported against the TEI file.
    """
    source, relative, data, line = inputs
    from . import names

    try:
        if isinstance(edition, InputError):
            raise edition
        if isinstance(transcript, InputError):
            raise transcript
        found = list(names.iter_findings(source, edition, transcript=transcript, words=words))
    except InputError as exc:
        yield Finding(file, 0, 0, "names-input", ERROR,
                      f"name variants not checked: {exc.location}: {exc.message}", exc.hint)
        return
    for item in found:
        where = f"{relative}:{item.line}:{item.column}"
        yield Finding(
            file, line, 0, item.rule, item.severity if item.severity in (ERROR, WARNING) else ERROR,
            f"{where}: {item.message}",
            f"record a decision for the variant in {data.name} (see `tei-roundtable check-names`)",
        )


def _edition_for_checks(data: Path, edition: Edition | None) -> Edition | InputError:
    """The edition data the name and text checks read: ``edition`` where the caller loaded it,
    else loaded here once for both (each check loading it again doubled the validation of
    the data and of its collection); the error instead where it cannot be loaded, which each
    check reports as the input it could not check."""
    if edition is not None:
        return edition
    from .edition import load

    try:
        return load(data)
    except InputError as exc:
        return exc


def _transcript_for_checks(source: Path) -> Transcript | InputError:
    """The transcript the name and text checks read, parsed once for both (each parsing it was
    2 ms of every validation), or the error each reports as the input it could not check."""
    from .transcript import parse

    try:
        return parse(source)
    except InputError as exc:
        return exc


def _words_for_checks(edition: Edition | InputError, transcript: Transcript | InputError) -> Vocabulary | None:
    """The transcript's words (:func:`tei_roundtable.names.vocabulary`), found once for the name
    and text checks, which both read them (each scanning the texts was 1.4 ms of a validation);
    None where either check reports an input it could not check instead."""
    if isinstance(edition, InputError) or isinstance(transcript, InputError):
        return None
    from .names import vocabulary

    return vocabulary(transcript)


def _check_inputs(tree: etree._ElementTree, path: Path) -> tuple[Path, str, Path, int] | None:
    """What the name and text checks read: the transcript the header names (resolved, and as
    named), the edition data beside the TEI (``tei/<edition>.yaml``) and the line of the header's
    source ``idno``; None where either is missing (the checks are then skipped: source-path or
    source-file reports a transcript that cannot be read)."""
    named = named_source(tree)
    data = path.with_suffix(".yaml")
    if named is None or not data.is_file():
        return None
    try:
        source = source_path(path, named.text.strip())
    except (SourceRefused, OSError):
        return None
    return source, named.text.strip(), data, named.sourceline or 0


def _text_findings(file: str, inputs: tuple[Path, str, Path, int], edition: Edition | InputError,
                   transcript: Transcript | InputError, words: Vocabulary | None = None) -> Iterator[Finding]:
    """Text findings that no decision or dismissal decides (:mod:`tei_roundtable.textcheck`, ``check-text``).

    Read as the name check reads its inputs. The findings stay warnings here, as in
    ``check-text``: they are candidates for an editor to read, and an edition whose text
    still has some is valid TEI; ``check-text`` is the gate that fails while any is undecided.
    """
    source, relative, data, line = inputs
    from . import textcheck

    try:
        if isinstance(edition, InputError):
            raise edition
        if isinstance(transcript, InputError):
            raise transcript
        found = list(textcheck.iter_findings(source, edition, transcript=transcript, words=words))
    except InputError as exc:
        yield Finding(file, 0, 0, "text-input", ERROR,
                      f"text not checked: {exc.location}: {exc.message}", exc.hint)
        return
    for item in found:
        where = f"{relative}:{item.line}:{item.column}" if item.rule != textcheck.STALE else f"{data.name}:{item.line}"
        yield Finding(
            file, line, 0, item.rule, WARNING, f"{where}: {item.message}",
            f"{item.hint} (in {data.name}; see `tei-roundtable check-text`)" if item.hint else None,
        )


# ----- public API ------------------------------------------------------------------------------


def files_read(path: str | Path, *, schema_directory: Path | None = None,
               schemas: Sequence[Schema] | None = None) -> list[tuple[str, Path]]:
    """(role, path) of every file that checking the TEI ``path`` reads besides it.

    The schemas, and where the TEI can be parsed: the files its xi:includes name, the source
    transcript its header names (when the rule source-path admits it) and the edition data
    beside it. Used to keep an output (``validate -o``) from overwriting what the check reads.
    """
    selected = schemas or (PROJECT_SCHEMA,)
    found = [("schema", schema.path) for schema in selected if schema.path is not None]
    if any(schema.is_project for schema in selected):
        found[:0] = [("schema", p) for p in _project_paths(schema_directory)]
    path = Path(path)
    try:
        tree = parse_file(path)
    except InputError:
        return found
    if has_includes(tree):
        try:
            found += [("included file", part.path) for part in assemble(tree, path, str(path)).parts]
        except InputError:
            pass  # validate reports the include it refuses
    named = named_source(tree)
    if named is not None:
        try:
            found.append(("source transcript", source_path(path, named.text.strip())))
        except (SourceRefused, OSError):
            pass
    found.append(("edition data", path.with_suffix(".yaml")))
    return found


def iter_findings(path: str | Path, *, schema_directory: Path | None = None, display_name: str | None = None,
                  schemas: Sequence[Schema] | None = None, edition: Edition | None = None,
                  transcript: Transcript | None = None, parsed: Parsed | None = None) -> Iterator[Finding]:
    """Check one TEI file and yield every finding, layer by layer.

    ``display_name`` is how the file is named in findings (default: ``str(path)``);
    ``schemas`` the schemas to check against (default: the project's, :mod:`._schemas`).
    ``edition`` is the edition data beside the TEI (``<name>.yaml``) as the caller has already
    loaded it (``build`` does), so that the name and text checks do not load it again; it is
    used only where that file exists, as the checks read it otherwise. ``transcript``, in the
    same way, is the source transcript the TEI names as the caller has parsed it (``build``
    encoded the TEI from it and wrote it beside the TEI). ``parsed`` is the file's bytes and
    their safe parse as the caller holds them (``build``, the TEI it has just written); the
    checks only read that tree (a document with includes is parsed again, as resolving them
    changes the tree).
    """
    path = Path(path)
    file = display_name or str(path)
    if parsed is not None and not has_includes(parsed.tree):
        data, tree = parsed.data, parsed.tree
    else:
        try:
            data = path.read_bytes()
        except OSError:
            data = None
        try:
            if data is None:
                parse_file(path)  # raises the located file-read error
            tree = parse_bytes(data, file)
        except XMLError as exc:
            yield Finding(file, exc.location.line, exc.location.column, exc.rule, ERROR, exc.message, exc.hint)
            return
    places = _Places(file, data, tree)
    if has_includes(tree):
        try:
            places.assemble(tree, path)
        except XMLError as exc:
            yield Finding(exc.location.file, exc.location.line, exc.location.column, exc.rule, ERROR,
                          exc.message, exc.hint)
            return
    for schema in schemas or (PROJECT_SCHEMA,):
        if schema.is_project:
            yield from _project_findings(tree, path, file, places, schema_directory, edition, transcript)
        elif schema.kind == SCHEMATRON:
            yield from _schematron_findings(tree, schema.path, places, schema)
        else:
            yield from _rng_findings(tree, schema.path, places, schema)


def _project_findings(tree: etree._ElementTree, path: Path, file: str, places: _Places,
                      schema_directory: Path | None, edition: Edition | None = None,
                      transcript: Transcript | None = None) -> Iterator[Finding]:
    """Layers 1 (the root) to 4 of the module's docstring: what a tei-roundtable edition must be."""
    wrong_root = _tei_root(tree, file)
    if wrong_root:
        yield wrong_root
        return
    rng_path, sch_path = _project_paths(schema_directory)
    yield from _rng_findings(tree, rng_path, places)
    yield from _schematron_findings(tree, sch_path, places)
    yield from _source_findings(tree, path, file, places.top)
    # The name and text checks run where the edition data sits beside the TEI (the project's
    # convention, tei/<edition>.yaml); without it they cannot tell decided from undecided
    # findings and are skipped.
    inputs = _check_inputs(tree, path)
    if inputs is not None:
        loaded = _edition_for_checks(inputs[2], edition)
        source = transcript if transcript is not None else _transcript_for_checks(inputs[0])
        words = _words_for_checks(loaded, source)
        yield from _name_findings(file, inputs, loaded, source, words)
        yield from _text_findings(file, inputs, loaded, source, words)


def compile_schemas(selected: Sequence[Schema] | None = None, schema_directory: Path | None = None) -> None:
    """Compile every schema of ``selected`` now (cached): :class:`SchemaUnavailable` before any file is checked."""
    for schema in selected or (PROJECT_SCHEMA,):
        if schema.is_project:
            rng_path, sch_path = _project_paths(schema_directory)
            _relaxng(rng_path), _schematron(sch_path)
        elif schema.kind == SCHEMATRON:
            _schematron(schema.path)
        else:
            _relaxng(schema.path)


def schema_names(selected: Sequence[Schema] | None = None) -> list[str]:
    """How a report names the schemas: the project's two files, tei_all, or the paths as given."""
    names: list[str] = []
    for schema in selected or (PROJECT_SCHEMA,):
        names += [RNG_NAME, SCH_NAME] if schema.is_project else [schema.name]
    return names


def validate(path: str | Path, **options) -> None:
    """Raise :class:`CheckFailed` with the findings if ``path`` has any error; warnings pass."""
    findings = list(iter_findings(path, **options))
    errors = [f for f in findings if f.severity == ERROR]
    if errors:
        raise CheckFailed(f"{path}: {len(errors)} error(s)", findings)


def is_valid(path: str | Path, **options) -> bool:
    """True if ``path`` has no error (warnings allowed)."""
    return not any(f.severity == ERROR for f in iter_findings(path, **options))


@dataclass
class Report:
    """The findings of a run over several files, file by file in the order given."""

    results: list[tuple[str, list[Finding]]]
    schemas: list[str] = field(default_factory=lambda: [RNG_NAME, SCH_NAME])

    @property
    def findings(self) -> list[Finding]:
        return [f for _, found in self.results for f in found]

    @property
    def errors(self) -> int:
        return sum(f.severity == ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == WARNING for f in self.findings)

    @property
    def valid(self) -> bool:
        return self.errors == 0

    def as_dict(self) -> dict:
        per_file = []
        for name, found in self.results:
            errors = sum(f.severity == ERROR for f in found)
            per_file.append({
                "file": name, "valid": errors == 0, "errors": errors,
                "warnings": sum(f.severity == WARNING for f in found),
            })
        return {
            "report": "tei-roundtable validation",
            "version": __version__,
            "schemas": self.schemas,
            "valid": self.valid,
            "summary": {"files": len(self.results), "errors": self.errors, "warnings": self.warnings},
            "files": per_file,
            "findings": [f.as_dict() for f in self.findings],
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2) + "\n"

    def to_text(self) -> str:
        lines = []
        for finding in self.findings:
            lines.append(str(finding))
            if finding.hint:
                lines.append(f"  hint: {finding.hint}")
        return "".join(line + "\n" for line in lines)

    def summary(self) -> str:
        files = f"{len(self.results)} file" + ("s" if len(self.results) != 1 else "")
        verdict = "valid" if self.valid else "invalid"
        return f"{files} checked: {self.errors} error(s), {self.warnings} warning(s) — {verdict}"


def check_files(paths: Iterable[str | Path], *, jobs: int = 1, **options) -> Report:
    """Check every file (all of them, whatever the first ones hold) and collect one report.

    ``jobs`` processes share the files (0: one per available CPU); the report keeps the order of
    ``paths`` whatever the number of processes. Each process compiles the schemas once.
    """
    paths = [str(path) for path in paths]
    jobs = jobs or _available_cpus()
    if jobs < 0:
        raise ValueError(f"jobs must be 0 (one per CPU) or more, not {jobs}")
    jobs = min(jobs, len(paths))
    names = schema_names(options.get("schemas"))
    # Compiled before any file is checked (a schema that cannot be used stops the run at once)
    # and before the processes start: where they are forked, they inherit the schemas.
    compile_schemas(options.get("schemas"), options.get("schema_directory"))
    if jobs <= 1:
        return Report([_check_one(path, options) for path in paths], names)
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from ._children import end_with

    try:
        # The workers end with this process, however it ends (_children.end_with).
        with ProcessPoolExecutor(max_workers=jobs, initializer=end_with, initargs=(os.getpid(),)) as pool:
            # A few files per task: fewer round trips, and the processes still finish together.
            chunk = max(1, min(16, len(paths) // (4 * jobs)))
            return Report(list(pool.map(_check_one, paths, [options] * len(paths), chunksize=chunk)), names)
    except BrokenProcessPool:
        raise TeiRoundtableError(
            f"a validation process ended abruptly (out of memory?) while checking {len(paths)} files "
            f"in {jobs} processes; check them with --jobs 1 to see which file it was"
        ) from None


def _check_one(path: str, options: dict) -> tuple[str, list[Finding]]:
    return path, list(iter_findings(path, **options))


def _available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
