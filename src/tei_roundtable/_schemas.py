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

import os
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
    """A RELAX NG compact syntax grammar in the XML syntax (rnc2rng), for lxml to compile."""
    import rnc2rng

    try:
        text = path.read_text(encoding="utf-8")
        converted = rnc2rng.dumps(rnc2rng.loads(text))
    except OSError as exc:
        raise SchemaUnavailable(f"{path}: cannot read the schema: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise SchemaUnavailable(f"{path}: the compact schema is not UTF-8 text") from None
    except Exception as exc:  # rnc2rng reports a syntax error as whatever its parser raised
        detail = " ".join(str(exc).split()) or type(exc).__name__
        raise SchemaUnavailable(f"{path}: not a RELAX NG compact schema rnc2rng can read ({detail})") from None
    return converted.encode("utf-8")
