"""Which schemas ``validate --schema`` checks against: the project's, TEI's ``tei_all``, or a user's file.

A schema is named by ``tei-roundtable`` (the project's RELAX NG and Schematron with the
project's checks in Python: what ``validate`` runs without ``--schema``), ``tei_all``, or the
path of a RELAX NG grammar (``.rng``, or the compact syntax ``.rnc``, converted by the rnc2rng
library) or an ISO Schematron schema (``.sch``, XPath 1.0 / XSLT 1.0 query binding, as
libxslt runs it).

``tei_all`` is not shipped with the toolkit and never fetched: the TEI Consortium publishes it
with every P5 release, and the environment variable ``TEI_ALL`` names the local copy to use.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import TeiRoundtableError

PROJECT = "tei-roundtable"
TEI_ALL = "tei_all"
TEI_ALL_VARIABLE = "TEI_ALL"
RELAXNG = "relaxng"
SCHEMATRON = "schematron"
_KINDS = {".rng": RELAXNG, ".rnc": RELAXNG, ".sch": SCHEMATRON}
# Query bindings libxslt can run (ISO Schematron's default is xslt, XPath 1.0).
XSLT1_BINDINGS = {"", "xslt", "xslt1", "exslt", "xpath"}
HOW_TO_GET_TEI_ALL = (
    "tei-roundtable does not ship or download tei_all: get tei_all.rng (or tei_all.rnc) of a TEI P5 release "
    "from the TEI Consortium (tei-c.org, release/xml/tei/custom/schema/relaxng/, or the P5 release archive "
    "on the TEI's GitHub), then set TEI_ALL=/path/to/tei_all.rng or pass --schema /path/to/tei_all.rng"
)


class SchemaUnavailable(TeiRoundtableError):
    """A schema that was asked for but cannot be used (not there, not a schema, a binding not run)."""


@dataclass(frozen=True)
class Schema:
    """One schema to check against: what it is, where it is and how reports name it."""

    kind: str  # "tei-roundtable" (the project's layers) | "relaxng" | "schematron"
    name: str  # how the report names it: tei-roundtable, tei_all, or the path as given
    path: Path | None = None  # None for the project's (schema_dir() holds them)

    @property
    def is_project(self) -> bool:
        return self.kind == PROJECT


PROJECT_SCHEMA = Schema(PROJECT, PROJECT)


def resolve(spec: str) -> Schema:
    """The schema ``spec`` names (see the module's docstring); :class:`SchemaUnavailable` if it cannot be used."""
    if spec == PROJECT:
        return PROJECT_SCHEMA
    if spec == TEI_ALL:
        return tei_all()
    path = Path(spec)
    kind = _KINDS.get(path.suffix.lower())
    if kind is None:
        raise SchemaUnavailable(f"--schema {spec}: not a schema tei-roundtable runs; name tei-roundtable, tei_all, "
                                "or a .rng, .rnc or .sch file")
    if not path.is_file():
        raise SchemaUnavailable(f"--schema {spec}: no such file")
    return Schema(kind, spec, path)


def tei_all() -> Schema:
    """TEI P5's ``tei_all`` from the copy ``$TEI_ALL`` names; :class:`SchemaUnavailable` saying how to get it."""
    value = os.environ.get(TEI_ALL_VARIABLE, "").strip()
    if not value:
        raise SchemaUnavailable(f"--schema tei_all: TEI_ALL is not set. {HOW_TO_GET_TEI_ALL}")
    path = Path(value).expanduser()
    if path.suffix.lower() not in (".rng", ".rnc"):
        raise SchemaUnavailable(f"--schema tei_all: TEI_ALL={value} is not a .rng or .rnc file. {HOW_TO_GET_TEI_ALL}")
    if not path.is_file():
        raise SchemaUnavailable(f"--schema tei_all: TEI_ALL={value}: no such file. {HOW_TO_GET_TEI_ALL}")
    return Schema(RELAXNG, TEI_ALL, path)


def compact_to_xml(path: Path) -> bytes:
    """A RELAX NG compact syntax grammar in the XML syntax (rnc2rng), for lxml to compile.

    Its includes resolve beside the file that names them, as the compact syntax has it (rnc2rng
    is given the file's name; given the text alone, it would look for them in the working
    folder). A grammar is never fetched: an include of a URL, which rnc2rng would open, is
    refused (:func:`_refuse_url_includes`) before any is read. A syntax error is reported at its
    line and column.
    """
    import rnc2rng
    from rnc2rng.parser import ParseError

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SchemaUnavailable(f"{path}: cannot read the schema: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise SchemaUnavailable(f"{path}: the compact schema is not UTF-8 text") from None
    _refuse_url_includes(path, text, set())
    source = io.StringIO(text)
    source.name = str(path)  # what rnc2rng resolves the includes against
    try:
        converted = rnc2rng.dumps(rnc2rng.load(source))
    except ParseError as exc:
        file, line, column = exc.location
        raise SchemaUnavailable(f"{file or path}:{line + 1}:{column + 1}: not a RELAX NG compact schema rnc2rng can "
                                f"read: {' '.join(exc.line.split())!r} is not compact syntax here") from None
    except OSError as exc:  # an included file
        raise SchemaUnavailable(f"{exc.filename or path}: cannot read the grammar that {path} includes: "
                                f"{exc.strerror or exc}") from None
    except Exception as exc:  # rnc2rng reports other errors as whatever its parser raised
        if isinstance(exc, AttributeError) and "lineno" in str(exc):
            # rnc2rng's error handler found no position: the error is the end of the text.
            raise SchemaUnavailable(f"{path}: not a RELAX NG compact schema rnc2rng can read: it ends before a "
                                    "pattern or definition is complete (a brace or parenthesis left open?)") from None
        detail = " ".join(str(exc).split()) or type(exc).__name__
        raise SchemaUnavailable(f"{path}: not a RELAX NG compact schema rnc2rng can read ({detail})") from None
    return converted.encode("utf-8")


_INCLUDE_WORD = re.compile(r"(?<![\w.-])include(?![\w.-])")  # the keyword, wherever it may stand


def _refuse_url_includes(path: Path, text: str, seen: set[str]) -> None:
    """Raise :class:`SchemaUnavailable`, at its line and column, for an include of ``text`` (the
    grammar ``path``) or of a grammar it includes that names a URL, as rnc2rng tells one
    (``is_url``: http, https, file) and would open it. The grammar is read with rnc2rng's own
    lexer (comments and strings as the parser takes them); one it cannot read is left to the
    conversion, which reports it."""
    from rnc2rng.parser import is_url, lex

    seen.add(os.path.realpath(path))
    if not _INCLUDE_WORD.search(text):
        return  # no include (lexing a grammar of 1 MB takes seconds, half its conversion)
    try:
        tokens = list(lex(text))
    except Exception:  # noqa: BLE001 - rply's LexingError, or whatever its lexer raises: the conversion reports it
        return
    for at, token in enumerate(tokens):
        if token.name != "INCLUDE":
            continue
        target, following = "", at + 1
        while following < len(tokens) and tokens[following].name == "LITERAL":  # "a" ~ "b" is one string
            target += tokens[following].value
            if following + 1 < len(tokens) and tokens[following + 1].name == "TILDE":
                following += 2
                continue
            break
        where = f"{path}:{token.source_pos.lineno}:{token.source_pos.colno}"
        if is_url(target):
            raise SchemaUnavailable(
                f"{where}: include \"{target}\" names a URL; tei-roundtable reads no schema from the network: "
                "save the grammar beside this one and include it by its file name")
        included = Path(path).parent / target
        if os.path.realpath(included) not in seen and included.is_file():
            try:
                _refuse_url_includes(included, included.read_text(encoding="utf-8"), seen)
            except (OSError, UnicodeDecodeError):
                pass  # the conversion reports the file it cannot read
