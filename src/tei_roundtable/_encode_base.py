"""What every part of the encoder shares: the TEI namespace, a unit of text with its spans, the
element maker, the event's date, and the regex of a set of printed forms."""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from ._spans import Span
from ._xml import TEI_NS, XML_NS
from .errors import InputError
from .transcript import Piece, Text, Transcript

if TYPE_CHECKING:  # the edition data is above the encoder's parts; only its type is named here
    from .edition import Edition

E = f"{{{TEI_NS}}}"
XID = f"{{{XML_NS}}}id"
NAME_TAGS = {"person": "persName", "org": "orgName", "place": "placeName", "work": "title"}
SCHEMA_PIS = (
    ("tei-roundtable.rng", "http://relaxng.org/ns/structure/1.0"),
    ("tei-roundtable.sch", "http://purl.oclc.org/dsdl/schematron"),
)
_DATE_FORMATS = ("%B %d, %Y", "%d %B %Y", "%Y-%m-%d", "%b %d, %Y", "%d %b %Y")


@dataclass
class _Unit:
    """A run of text that becomes one TEI element's content, with its spans."""

    text: Text
    spans: list[Span]
    id: str | None  # citation id of the paragraph or turn it belongs to
    kind: str  # front | label | paragraph


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, E + tag, {XID if key == "xml_id" else key: value for key, value in attrs.items()}
                               if attrs else None)
    if text is not None:
        element.text = text
    return element


def _iso_date(value: str, transcript: Transcript) -> str:
    field = transcript.front.fields["Date"]
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    raise InputError(
        f"cannot read the date '{value}'", transcript.path, field.line, 1,
        hint="write it like 'November 15, 2007' or '2007-11-15'",
    )


_QUOTE_MARKS = re.compile("[“”\"'‘’]")


@lru_cache(maxsize=256)
def _alternation(forms: tuple[str, ...]) -> re.Pattern | None:
    """The regex matching any of ``forms`` (longest first, as the callers give them) as a whole
    name, or None for no form."""
    if not forms:
        return None
    if all(forms):
        # The forms as a tree of their letters, each branch before the end of a shorter form: at
        # every place the longest form that fits is tried first, then the shorter ones, as in an
        # alternation of the forms longest first, but without trying a hundred forms one by one
        # (a third of the time of the search). The first letters are looked ahead for before
        # anything else: a place where no form starts is left at once, before the look-behind.
        first = "".join(re.escape(c) for c in sorted({form[0] for form in forms}))
        body = rf"(?=[{first}])(?<!\w){_letters(forms)}"
    else:
        body = r"(?<!\w)(?:" + "|".join(re.escape(form) for form in forms) + ")"
    # A form followed by "-<digit>" is part of another name ("Kazakhstan-2030").
    return re.compile(body + r"(?![\w])(?!-\d)")


def _letters(forms: tuple[str, ...]) -> str:
    """A regex of ``forms`` (none empty) as a tree of their letters, longer before shorter."""
    tree: dict = {}
    for form in forms:
        node = tree
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}  # a form ends here

    def branch(node: dict) -> str:
        ends = "" in node
        parts = [re.escape(char) + branch(child) for char, child in sorted(node.items()) if char]
        if not parts:
            return ""
        inner = parts[0] if len(parts) == 1 and not ends else "(?:" + "|".join(parts) + ")"
        return f"(?:{inner})?" if ends else inner

    return branch(tree)


def _label_piece(turn) -> Piece:
    return Piece(turn.label_line, turn.label_column, 0, len(turn.label))


def relative_source(path: Path, edition: Edition) -> str:
    """How the TEI names the transcript ``path``: relative to the edition data's folder."""
    return Path(os.path.relpath(Path(path).resolve(), edition.path.parent.resolve())).as_posix()


def edition_urn(edition: Edition) -> str:
    """The edition's own identifier until a DOI is minted: a URN built from its id and version."""
    return f"urn:tei-roundtable:{edition.id}:{edition.meta['version']}"


# Characters a reader cannot see, or cannot tell from a neighbour, in a printed name: shown by
# their code point in messages, since they are often why a label matches no registered form.


_UNSEEN = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"})


def _shown(text: str) -> str:
    return "".join(f"<U+{ord(c):04X}>" if c != " " and unicodedata.category(c) in _UNSEEN else c for c in text)
