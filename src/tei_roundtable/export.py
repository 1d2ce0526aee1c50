"""Table exports: one row per paragraph (or utterance) of one TEI or of a collection of them.

``tei-roundtable export --format csv|jsonl`` writes the rows of every TEI given, edition after
edition, into one file, so that a collection is one table. A row (:class:`Row`) is a unit of
speech: a paragraph of a turn (``sp/p``, the edition's own; ``sp/l`` and ``sp/ab`` of a play), a
segment of an utterance (``u/seg``, ParlaMint's), or an utterance without segments. Stage
directions, notes and headings are no speech and have no row.

Columns (:data:`COLUMNS`), documented in the README:

``edition``       the edition's id (its URN's, else the file name's, as :func:`render.edition_id`)
``ref``           the unit's citation reference: its xml:id (``t12.3``), else its turn's and its
                  position in the turn (``t12.3`` again, or ``sp4.2`` where the turn has no id)
``speaker_id``    the xml:id @who points to (the first of several), without '#'
``speaker_name``  the register's name of that person or group, else empty
``role``          the person's @role, else the roles of its affiliations at the event's date
``affiliation``   the affiliations at the event's date (the organisation @ref names, else the
                  affiliation's text), '; ' between several
``text``          the normalised reading (corr, reg), notes left out, whitespace folded
``diplomatic``    the diplomatic reading (sic, orig)
``words``         the words of ``text``: whitespace-separated tokens with a letter or digit, as the
                  HTML page's speaker table counts them

The event's date is the header's ``settingDesc/setting/date`` (else the source's ``bibl/date``);
an affiliation counts at it when its @when, @from/@to or @notBefore/@notAfter (ISO dates,
compared as text, year-month-day) admit it, or when it has none. The same TEI gives the same
bytes.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable, Iterator, TextIO

from lxml import etree

from ._io import atomic_writer
from ._xinclude import assemble, has_includes
from ._xml import NS, TEI_NS, XML_NS, parse_file
from .errors import InputError
from .readings import element_text

FORMATS = ("csv", "jsonl")
COLUMNS = ("edition", "ref", "speaker_id", "speaker_name", "role", "affiliation", "text", "diplomatic", "words")
XID = f"{{{XML_NS}}}id"
_T = f"{{{TEI_NS}}}"
_TURNS = (f"{_T}sp", f"{_T}u")
# The units of speech inside a turn (sp) or utterance (u); the lines of a verse group (lg) too.
_UNITS = {f"{_T}sp": (f"{_T}p", f"{_T}l", f"{_T}ab"), f"{_T}u": (f"{_T}seg", f"{_T}p", f"{_T}ab")}
# What is in a unit but is not spoken: left out of its text (and of its word count).
_NOT_SPOKEN = [f"{_T}{name}" for name in ("stage", "vocal", "kinesic", "incident", "gap", "note")]
_WORD = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class Row:
    """One unit of speech (see the module's docstring for each column)."""

    edition: str
    ref: str
    speaker_id: str
    speaker_name: str
    role: str
    affiliation: str
    text: str
    diplomatic: str
    words: int

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class _Speaker:
    name: str
    role: str
    affiliation: str


def word_count(text: str) -> int:
    """Whitespace-separated tokens holding a letter or digit (the page's speaker table counts so)."""
    return sum(1 for token in text.split() if _WORD.search(token))


def _text(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _name(element: etree._Element) -> str:
    """A registered name: its parts (forename, surname …) apart even where no space is written between them."""
    pieces = [element.text or ""]
    for child in element:
        pieces += [" ", "".join(child.itertext()), " ", child.tail or ""]
    return " ".join("".join(pieces).split())


def _event_date(root: etree._Element) -> str:
    for path in ("tei:teiHeader/tei:profileDesc/tei:settingDesc/tei:setting/tei:date",
                 "tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:bibl/tei:date"):
        for date in root.iterfind(path, NS):
            when = (date.get("when") or "").strip()
            if when:
                return when
    return ""


def _at(element: etree._Element, date: str) -> bool:
    """True when the element's dates admit ``date`` (no dates, or no event date: always)."""
    if not date:
        return True
    day = date[:10]
    when = element.get("when")
    if when:
        return day.startswith(when) or when.startswith(day)
    start = element.get("from") or element.get("notBefore") or ""
    end = element.get("to") or element.get("notAfter") or ""
    # ISO dates compare as text; a shorter end (a year) covers all of it ("2021" covers "2021-03-04").
    return (not start or start[:len(day)] <= day) and (not end or day[:len(end)] <= end)


def _speakers(root: etree._Element, ids: dict[str, etree._Element], date: str) -> dict[str, _Speaker]:
    found: dict[str, _Speaker] = {}
    for person in root.iter(f"{_T}person", f"{_T}personGrp"):
        ident = person.get(XID)
        if not ident:
            continue
        name = person.find("tei:persName", NS)
        if name is None:
            name = person.find("tei:name", NS)
        current = [a for a in person.iterfind("tei:affiliation", NS) if _at(a, date)]
        roles = [person.get("role")] if person.get("role") else [a.get("role") for a in current if a.get("role")]
        places = []
        for affiliation in current:
            org = ids.get((affiliation.get("ref") or "").split()[0].lstrip("#")) if affiliation.get("ref") else None
            org_name = org.find("tei:orgName", NS) if org is not None else None
            places.append(_text(org_name) if org_name is not None else _text(affiliation))
        found[ident] = _Speaker(_name(name) if name is not None else "", "; ".join(dict.fromkeys(roles)),
                                "; ".join(dict.fromkeys(p for p in places if p)))
    return found


def _spoken(unit: etree._Element, reading: str) -> str:
    """The words spoken in a unit in a reading: stage directions, incidents and notes left out."""
    if next(unit.iter(*_NOT_SPOKEN), None) is None:
        return element_text(unit, reading)
    unit = copy.deepcopy(unit)
    for element in list(unit.iter(*_NOT_SPOKEN)):
        if element is unit:
            continue
        parent, tail = element.getparent(), (element.tail or "")
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + " " + tail
        else:
            parent.text = (parent.text or "") + " " + tail
        parent.remove(element)
    return element_text(unit, reading)


def _units(turn: etree._Element) -> list[etree._Element]:
    units = []
    for child in turn:
        if child.tag == f"{_T}lg":
            units += [line for line in child.iter(f"{_T}l")]
        elif child.tag in _UNITS[turn.tag]:
            units.append(child)
    if turn.tag == f"{_T}u" and not units:
        units = [turn]
    return units


def iter_rows(tei: str | Path, *, edition: str | None = None) -> Iterator[Row]:
    """The rows of one TEI file, in document order; ``edition`` overrides the edition id.

    A ``teiCorpus`` (its xi:includes resolved inside its folder, as ``validate`` resolves them)
    gives the rows of each of its TEI documents, whose speakers may be declared in the corpus
    header (ParlaMint's persons are).
    """
    tree = parse_file(tei)
    root = tree.getroot()
    if root.tag == f"{_T}teiCorpus":
        if has_includes(tree):
            assemble(tree, Path(tei), str(tei))
        members = list(root.iter(f"{_T}TEI"))
    elif root.tag == f"{_T}TEI":
        members = [root]
    else:
        raise InputError(f"root element is <{etree.QName(root).localname}>, not <TEI> or <teiCorpus>: export "
                         "reads TEI documents", tei, root.sourceline or 0,
                         hint="name the TEI files of the collection")
    ids = {el.get(XID): el for el in root.iter() if isinstance(el.tag, str) and el.get(XID)}
    for member in members:
        yield from _member_rows(member, root, ids, tei, edition)


def _member_rows(member: etree._Element, root: etree._Element, ids: dict[str, etree._Element],
                 tei: str | Path, edition: str | None) -> Iterator[Row]:
    from .render import edition_id

    name = Path(tei).with_name(member.get(XID)) if member is not root and member.get(XID) else tei
    ident = edition or edition_id(member.getroottree() if member is root else etree.ElementTree(copy.copy(member)), name)
    body = member.find("tei:text/tei:body", NS)
    if body is None:
        return
    date = _event_date(member) or _event_date(root)
    speakers = _speakers(root, ids, date)
    for number, turn in enumerate(body.iter(*_TURNS), 1):
        who = next((p[1:] for p in (turn.get("who") or "").split() if p.startswith("#")), "")
        speaker = speakers.get(who, _Speaker("", "", ""))
        turn_ref = turn.get(XID) or f"{etree.QName(turn).localname}{number}"
        for position, unit in enumerate(_units(turn), 1):
            ref = unit.get(XID) or (turn_ref if unit is turn else f"{turn_ref}.{position}")
            text = _spoken(unit, "normalised")
            yield Row(ident, ref, who, speaker.name, speaker.role, speaker.affiliation, text,
                      _spoken(unit, "diplomatic"), word_count(text))


def iter_collection(paths: Iterable[str | Path]) -> Iterator[Row]:
    """The rows of several TEI files (a collection), file after file, as one table.

    Two files with the same edition id would give rows that cannot be told apart: an error.
    """
    seen: dict[str, str] = {}
    for path in paths:
        first = True
        for row in iter_rows(path):
            if first:
                if row.edition in seen and seen[row.edition] != str(path):
                    raise InputError(f"edition id '{row.edition}' is also that of {seen[row.edition]}: the rows of the "
                                     "two could not be told apart", path,
                                     hint="give each edition its own URN or file name")
                seen[row.edition] = str(path)
                first = False
            yield row


def as_csv(rows: Iterable[Row]) -> str:
    buffer = io.StringIO()
    _write_csv(rows, buffer)
    return buffer.getvalue()


def as_jsonl(rows: Iterable[Row]) -> str:
    buffer = io.StringIO()
    _write_jsonl(rows, buffer)
    return buffer.getvalue()


def _write_csv(rows: Iterable[Row], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([getattr(row, column) for column in COLUMNS])


def _write_jsonl(rows: Iterable[Row], out: TextIO) -> None:
    for row in rows:
        out.write(json.dumps(row.as_dict(), ensure_ascii=False) + "\n")


def export(paths: Iterable[str | Path], format: str = "csv") -> str:
    """The table of every TEI of ``paths`` in ``format`` (csv or jsonl)."""
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")
    rows = iter_collection(paths)
    return as_csv(rows) if format == "csv" else as_jsonl(rows)


def write(paths: Iterable[str | Path], target: str | Path, format: str = "csv") -> Path:
    """Write the table of every TEI of ``paths`` to ``target`` as :func:`export` makes it, row
    after row (one TEI parsed at a time: a collection's table is not held whole); the file
    appears only when every row is written."""
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")
    with atomic_writer(target, "wb") as handle:
        # newline="": the csv module ends its rows itself, as export's StringIO keeps them.
        text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
        (_write_csv if format == "csv" else _write_jsonl)(iter_collection(paths), text)
        text.flush()
        text.detach()
    return Path(target)
