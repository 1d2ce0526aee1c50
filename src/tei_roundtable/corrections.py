"""The corrections list: every editorial decision of a TEI edition, read from the TEI itself.

One :class:`Decision` per note in ``back`` (corrections, normalisations, editorial comments and
reference notes), each with the places it applies to: the citation reference (``tN.M``, ``tN``
for a speaker label or a whole turn, ``front`` for the front matter), the reading of the source
(``sic``/``orig``, or the commented words) and the edition's reading (``corr``/``reg``).
Output as text (for reading), CSV (one row per place) or JSON (one object per decision).

The list is read from a tei-roundtable edition, where every decision is a note in ``back``. A TEI
that marks an intervention (``choice``, ``sic``, ``corr``, ``orig``, ``reg``, ``supplied``,
``surplus``, a commented ``seg``) that no such note points to, or has a note in the text, is
refused with an error at each such element rather than listed short: a TEI from another
project records its decisions in ways this list does not read, and "0 notes" of it would be wrong.
"""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable, Iterator

from lxml import etree

from ._xml import NS, TEI_NS, XML_NS, parse_file
from .readings import element_text
from .errors import CheckFailed, InputError

FORMATS = ("text", "csv", "json")
XID = f"{{{XML_NS}}}id"
_CITATION = re.compile(r"^t\d+(?:\.\d+)?$")
_NAMES = {"persName", "orgName", "placeName"}
# What marks an editorial intervention in the text (TEI's simple editorial changes); each needs
# its note in back. sic/corr and orig/reg are explained by the note on their choice.
_INTERVENTIONS = {"choice", "sic", "corr", "orig", "reg", "supplied", "surplus"}
_IN_CHOICE = {"sic", "corr", "orig", "reg"}
CSV_COLUMNS = ("n", "id", "type", "ref", "part", "source", "edition", "entity", "resp", "cert", "note")


@dataclass(frozen=True)
class Place:
    """One place a decision applies to."""

    ref: str  # citation reference: tN.M, tN or front
    part: str  # text | label | front | turn | paragraph (the last two: the whole unit)
    source: str  # the reading as printed ("" when the whole turn or paragraph is meant)
    edition: str  # the edition's reading (equal to source where the source is kept)
    target: str  # xml:id the note points to
    entity: str = ""  # for reference notes: the register entry the name is identified with


@dataclass(frozen=True)
class Decision:
    n: int
    id: str  # the decision's id in the edition data (the note's id without "note-")
    type: str  # correction | normalisation | editorial | reference
    resp: str  # editor id
    resp_name: str
    cert: str
    note: str
    places: tuple[Place, ...]

    def as_dict(self) -> dict:
        return asdict(self)


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _diplomatic(element: etree._Element) -> str:
    return element_text(element, "diplomatic")


def _normalised(element: etree._Element) -> str:
    return element_text(element, "normalised")


def _place(target: etree._Element, ident: str, names: dict[str, str]) -> Place:
    local = _local(target)
    ref, part = "front", "front"
    for ancestor in target.iterancestors():
        if _local(ancestor) == "speaker":
            part = "label"
        elif _local(ancestor) in ("p", "sp") and _CITATION.match(ancestor.get(XID, "")):
            ref = ancestor.get(XID)
            if part == "front":
                part = "text"
            break
        elif _local(ancestor) == "front":
            break
    if local == "sp":
        return Place(ident, "turn", "", "", ident)
    if local == "p" and _CITATION.match(ident):
        return Place(ident, "paragraph", "", "", ident)
    if local == "choice":
        first = target.find("tei:sic", NS) if target.find("tei:sic", NS) is not None else target.find("tei:orig", NS)
        second = target.find("tei:corr", NS) if target.find("tei:corr", NS) is not None else target.find("tei:reg", NS)
        source = _diplomatic(first) if first is not None else ""
        edition = _normalised(second) if second is not None else ""
        return Place(ref, part, source, edition, ident)
    entity = ""
    if local in _NAMES:
        key = (target.get("ref") or "").lstrip("#")
        entity = names.get(key, key)
    return Place(ref, part, _diplomatic(target), _normalised(target), ident, entity)


def _register_names(root: etree._Element) -> dict[str, str]:
    found: dict[str, str] = {}
    for entry in root.xpath("tei:standOff//*[@xml:id]", namespaces=NS):
        name = next((c for c in entry if _local(c) in _NAMES), None)
        if name is not None:
            found[entry.get(XID)] = " ".join("".join(name.itertext()).split())
    for person in root.xpath("tei:teiHeader//tei:particDesc//tei:person[@xml:id]", namespaces=NS):
        name = person.find("tei:persName", NS)
        if name is not None:
            found[person.get(XID)] = " ".join("".join(name.itertext()).split())
    return found


def _check_every_decision_has_its_note(root: etree._Element, file: str) -> None:
    """Refuse a TEI whose interventions the list would leave out, rather than list it short.

    The list is the notes in ``back``, where the encoder writes one for every decision. A TEI
    from elsewhere (or an edition edited by hand) may mark an intervention without such a note,
    or put its notes in the text: listing only the notes in ``back`` would then say "0 notes"
    of a document that has corrections. Every such element is an error (all of them, so that
    one run shows what a file lacks), raised together as :class:`CheckFailed`.
    """
    text = root.find("tei:text", NS)
    if text is None:
        return
    pointed = {pointer[1:] for note in text.iterfind("tei:back//tei:note", NS)
               for pointer in (note.get("target") or "").split() if pointer.startswith("#")}
    back = text.find("tei:back", NS)
    hint = ("corrections lists the decisions of a tei-roundtable edition, each a note in back that points to "
            "its place; check the file with tei-roundtable validate, or re-encode it (tei-roundtable encode)")
    problems: list[InputError] = []
    reported: set[etree._Element] = set()  # the elements themselves: an id() of a proxy is reused
    for element in text.iter(f"{{{TEI_NS}}}*"):
        if back is not None and (element is back or back in element.iterancestors()):
            continue
        local = _local(element)
        if local == "note":
            problems.append(InputError("a note in the text, outside back: the corrections list reads the notes in "
                                       "back, and would leave this one out", file, element.sourceline or 0, hint=hint))
            continue
        if local not in _INTERVENTIONS and not (local == "seg" and element.get("type") == "commented"):
            continue
        parent = element.getparent()
        owner = parent if local in _IN_CHOICE and parent is not None and _local(parent) == "choice" else element
        if owner.get(XID) not in pointed and owner not in reported:
            reported.add(owner)  # a choice once, not again for its sic and corr
            problems.append(InputError(f"<{_local(owner)}> is explained by no note in back: the corrections list "
                                       "reads the notes in back, and would leave it out", file,
                                       owner.sourceline or 0, hint=hint))
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise CheckFailed(f"{file}: not listed, {len(problems)} interventions without their note in back", problems)


def iter_decisions(tei: str | Path | etree._ElementTree, *, file: str | None = None) -> Iterator[Decision]:
    """Every note in ``back`` of the TEI, in the edition's order, with the places it points to.

    ``tei`` is a path or a parsed tree; ``file`` names it in errors (default: the path).
    """
    tree = parse_file(tei) if isinstance(tei, (str, Path)) else tei
    file = file or (str(tei) if isinstance(tei, (str, Path)) else "<tei>")
    root = tree.getroot()
    if root.tag != f"{{{TEI_NS}}}TEI":
        namespace = etree.QName(root).namespace
        found = f"in namespace '{namespace}'" if namespace else "in no namespace"
        raise InputError(f"root element is <{_local(root) or root.tag}> {found}, not a TEI document: "
                         f"expected <TEI> in namespace '{TEI_NS}'", file, root.sourceline or 0,
                         hint="pass the edition's TEI file (tei/<edition>.xml)")
    ids = {el.get(XID): el for el in root.iter() if isinstance(el.tag, str) and el.get(XID)}
    names = _register_names(root)
    decisions = []
    for note in root.iterfind("tei:text/tei:back//tei:note", NS):
        ident = note.get(XID, "")
        places = []
        for pointer in (note.get("target") or "").split():
            target = ids.get(pointer.lstrip("#")) if pointer.startswith("#") else None
            if target is None:
                raise InputError(
                    f"note '{ident}' points to '{pointer}', which is not an xml:id of this document",
                    file, note.sourceline or 0,
                    hint="re-encode the edition (tei-roundtable encode) or correct @target",
                )
            places.append(_place(target, pointer[1:], names))
        resp = (note.get("resp") or "").lstrip("#")
        resp_element = ids.get(resp)
        decisions.append(Decision(
            n=int(note.get("n") or 0) or len(places),
            id=ident.removeprefix("note-"),
            type=note.get("type", ""),
            resp=resp,
            resp_name=" ".join("".join(resp_element.itertext()).split()) if resp_element is not None else resp,
            cert=note.get("cert", ""),
            note=" ".join("".join(note.itertext()).split()),
            places=tuple(places),
        ))
    # After the notes: a note pointing nowhere is the nearer cause of a place left unexplained.
    _check_every_decision_has_its_note(root, file)
    yield from decisions


# ----- output formats --------------------------------------------------------------------------
def _where(place: Place) -> str:
    extra = {"label": " (speaker label)", "turn": " (whole turn)", "paragraph": " (whole paragraph)"}.get(place.part, "")
    return place.ref + extra


def _readings(place: Place, kind: str) -> str:
    if not place.source:
        return ""
    if kind in ("correction", "normalisation"):
        return f"“{place.source}” → “{place.edition}”"
    if kind == "reference" and place.entity:
        return f"“{place.source}” = {place.entity}"
    return f"“{place.source}” (kept)"


def as_text(decisions: Iterable[Decision], title: str = "") -> str:
    """One block per decision: its heading, its readings with the places, the note wrapped."""
    decisions = list(decisions)
    lines = [title, ""] if title else []
    for d in decisions:
        lines.append(f"[{d.n}] {d.id} · {d.type} · cert {d.cert} · {d.resp_name}")
        groups: dict[str, list[str]] = {}
        for place in d.places:
            groups.setdefault(_readings(place, d.type), []).append(_where(place))
        for reading, wheres in groups.items():
            counted = [f"{w} ({wheres.count(w)}×)" if wheres.count(w) > 1 else w for w in dict.fromkeys(wheres)]
            lines.append("    " + (f"{reading}: " if reading else "") + ", ".join(counted))
        lines += textwrap.wrap(d.note, width=100, initial_indent="    ", subsequent_indent="    ")
        lines.append("")
    counts: dict[str, int] = {}
    for d in decisions:
        counts[d.type] = counts.get(d.type, 0) + 1
    if counts:
        lines.append(f"{len(decisions)} note{'s' if len(decisions) != 1 else ''}: "
                     + ", ".join(f"{n} {t}" for t, n in sorted(counts.items())))
    else:
        lines.append("no notes: the TEI records no editorial decision")
    return "\n".join(lines) + "\n"


def as_csv(decisions: Iterable[Decision]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for d in decisions:
        for place in d.places:
            writer.writerow([d.n, d.id, d.type, place.ref, place.part, place.source, place.edition, place.entity,
                             d.resp_name, d.cert, d.note])
    return buffer.getvalue()


def as_json(decisions: Iterable[Decision], title: str = "") -> str:
    data = {"title": title, "decisions": [d.as_dict() for d in decisions]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render(tei: str | Path, format: str = "text") -> str:
    """The corrections list of the TEI file ``tei`` in ``format`` (text, csv or json)."""
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")
    tree = parse_file(tei)
    decisions = list(iter_decisions(tree, file=str(tei)))
    title_el = tree.getroot().find("tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title", NS)
    title = " ".join("".join(title_el.itertext()).split()) if title_el is not None else ""
    if format == "csv":
        return as_csv(decisions)
    if format == "json":
        return as_json(decisions, title)
    return as_text(decisions, f"Editorial decisions — {title}" if title else "")

