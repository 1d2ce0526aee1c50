"""Stage 1 — encode: transcript + edition data → TEI P5.

Decisions taken here (see DESIGN notes in the README):

* Turns are ``<sp who="#person" xml:id="tN" n="N">`` with the printed label in ``<speaker>`` and
  one ``<p xml:id="tN.M" n="M">`` per paragraph. ``sp``/``speaker`` is used rather than
  Parla-CLARIN's ``u`` because the source is a written, edited transcript whose printed labels are
  part of the text (and must survive, with their errors, in the diplomatic reading).
* Citation references are the turn's position and the paragraph's position within it
  (``t12.3``). The source is never edited, so positions are stable; editing the text of one turn
  or adding a decision never changes another turn's references.
* Names are tagged from the register's printed forms (longest form first, then names inside
  names); ``mentions`` in the edition data override a single occurrence.
* Every decision becomes ``choice`` (``sic``/``corr`` or ``orig``/``reg``) or, for comments, a
  ``seg`` (or the whole paragraph) that a ``note`` in ``back`` points to.
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path

from lxml import etree

from ._encode_base import (E, NAME_TAGS, SCHEMA_PIS, XID, _iso_date, _label_piece, _sub, _Unit, edition_urn,
                           relative_source)
from ._encode_header import POLICY_PARTS, HeaderLayer, _anchor_notes, _referenced, default_policy, editorial_policy
from ._encode_text import TextLayer
from ._io import write_bytes
from ._spans import fill
from ._xml import TEI_NS, XML_NS
from .edition import Decision, Edition, Entity, Quotation
from .edition import load as load_edition
from .errors import InputError
from .transcript import Text, Transcript, parse

# The names other modules take from here (the encoder's public constants and helpers).
__all__ = ["E", "NAME_TAGS", "POLICY_PARTS", "SCHEMA_PIS", "XID", "default_policy", "edition_urn", "editorial_policy",
           "encode", "encode_file", "encode_to_tree", "relative_source", "serialize"]


class _Encoder(TextLayer, HeaderLayer):
    """Encodes one transcript with its edition data: the text layer finds the spans, the header
    layer writes the apparatus; this class holds their state and builds the document."""

    def __init__(self, transcript: Transcript, edition: Edition) -> None:
        self.t = transcript
        self.ed = edition
        self.file = str(transcript.path)
        self.entities = edition.entities
        self.units: list[_Unit] = []
        self.choice_ids: dict[str, list[str]] = {}  # decision or mention id -> ids of the places it marks
        self.comment_targets: dict[str, list[str]] = {}
        self._patterns: dict[tuple[frozenset[str], str | None], re.Pattern | None] = {}
        self._forms: list[tuple[str, frozenset[str]]] | None = None  # every form, longest first, and its owners
        self._lengths: list[int] = []  # minus the length of each of _forms, for bisect
        self._owners: dict[str, list[Entity]] = {}  # each form's entities, in the register's order
        self._in_window: dict[str, list[tuple[str, frozenset[str]]]] = {}  # a name's text -> the forms in it
        self._inside: dict[tuple[str, frozenset[str]], list[tuple[int, int, str, str]]] = {}  # see _names_inside
        self._places = frozenset(e.id for e in self.entities.values() if e.kind == "place")
        self.speakers: list[Entity] = []  # in the order of their first turn
        self._person_by_form: dict[str, Entity] | None = None  # see person_for
        self.participant_ids: set[str] = set()  # the people of particDesc
        self._by_line: dict[int, list[_Unit]] | None = None  # see _units_on
        self._indexed = 0
        # The edition data's lists, made once (each access of Edition.decisions makes them anew),
        # and looked up by line: a label or a quotation is not compared with every entry.
        self.decisions = edition.decisions
        self.mentions = edition.mentions
        self._quotations: dict[int, list[Quotation]] = {}
        for quotation in edition.quotations:
            self._quotations.setdefault(quotation.line, []).append(quotation)
        # The decisions that change the text, in the data's order, by the line they apply to (those
        # for every line in each): a label or list entry is read through those of its line only.
        changes = [d for d in self.decisions if d.changes_text]
        self._changes_everywhere = [d for d in changes if d.lines is None]
        self._changes_on: dict[int, list[Decision]] = {
            line: [d for d in changes if d.lines is None or line in d.lines]
            for line in {line for d in changes for line in d.lines or ()}}
        self._cites: dict[int, tuple[str, str]] | None = None  # source line -> citation reference
        self.identified: list[tuple[str, etree._Element]] | None = None  # the text's ids, see _notes

    @cached_property
    def event_day(self) -> str:
        """The day of the event (ISO), at which dated affiliations of the shared register are read
        (once: strptime asks for the locale each time)."""
        return _iso_date(self.t.front.fields["Date"].value.text, self.t)

    # ----- document -------------------------------------------------------------------------
    def build(self) -> etree._ElementTree:
        tei = etree.Element(E + "TEI", nsmap={None: TEI_NS})
        tei.set(f"{{{XML_NS}}}lang", self.ed.meta["language"])
        header = _sub(tei, "teiHeader")
        stand_off = etree.Element(E + "standOff")
        text = _sub(tei, "text")
        front = _sub(text, "front")
        body = _sub(text, "body")
        front_fill = self._front(front)
        body_fill = self._body(body)
        self.apply_decisions()
        self.apply_mentions()
        self.apply_references()
        self.apply_foreign()
        self._titles_for_quoted_works()
        for element, unit in front_fill + body_fill:
            fill(element, unit.text, unit.spans, self.file)
        self._check_roles()
        self._notes(text)
        _anchor_notes(text, self.identified)
        self._header(header)
        self._stand_off(stand_off, _referenced(tei))
        if len(stand_off):
            header.addnext(stand_off)
        return self._with_pis(tei)

    def _with_pis(self, tei: etree._Element) -> etree._ElementTree:
        tree = etree.ElementTree(tei)
        for name, namespace in SCHEMA_PIS:
            pi = etree.ProcessingInstruction(
                "xml-model", f'href="../schema/{name}" type="application/xml" schematypens="{namespace}"'
            )
            tei.addprevious(pi)
        return tree

    def _front(self, front: etree._Element) -> list[tuple[etree._Element, _Unit]]:
        fm = self.t.front
        pending: list[tuple[etree._Element, _Unit]] = []
        div = _sub(front, "div", type="transcript-front", xml_id="front")
        if fm.genre is not None:
            head = _sub(div, "head", type="genre")
            pending.append((head, self._unit(fm.genre, "front", "front", names=False)))
        head = _sub(div, "head", type="main")
        pending.append((head, self._unit(fm.title, "front", "front", names=False)))
        for label in ("Date", "Place", "Moderator"):
            field = fm.fields[label]
            p = _sub(div, "p")
            _sub(p, "label", label).tail = " "
            target = p
            if label == "Date":
                target = _sub(p, "date", when=_iso_date(field.value.text, self.t))
            pending.append((target, self._unit(field.value, "front", "front")))
        for label, entries, list_type in (
            ("Speakers", fm.speakers, "speakers"),
            ("List of participants", fm.participants, "participants"),
        ):
            if label not in fm.fields:
                continue
            sub = _sub(div, "div", type=list_type)
            _sub(sub, "head", label)
            listing = _sub(sub, "list", type="ordered" if entries[0].marker[0].isdigit() else "bulleted")
            for entry in entries:
                item = _sub(listing, "item", n=entry.marker.rstrip("."))
                pending.append((item, self._unit(entry.text, "front", "front")))
        return pending

    def _body(self, body: etree._Element) -> list[tuple[etree._Element, _Unit]]:
        pending: list[tuple[etree._Element, _Unit]] = []
        div = _sub(body, "div", type="transcript")
        for number, turn in enumerate(self.t.turns, start=1):
            person = self.person_for(turn.label, turn.label_line, turn.label_column, "speaker label")
            if person not in self.speakers:
                self.speakers.append(person)
            sp = _sub(div, "sp", who="#" + person.id, n=str(number), xml_id=f"t{number}")
            speaker = _sub(sp, "speaker")
            label = Text(turn.label, [_label_piece(turn)])
            pending.append((speaker, self._unit(label, f"t{number}", "label", names=False)))
            for index, paragraph in enumerate(turn.paragraphs, start=1):
                p = _sub(sp, "p", n=str(index), xml_id=f"t{number}.{index}")
                pending.append((p, self._unit(paragraph, f"t{number}.{index}", "paragraph", quotes=True)))
        return pending

    def _check_roles(self) -> None:
        for role, entry in self.t.front.people:
            person = self.person_for(entry.name, entry.text.line, entry.text.pieces[0].column, f"{role}")
            registered = person.data.get("role")
            if registered and registered != role:
                raise InputError(
                    f"{entry.name} is printed as {role} but the register gives role '{registered}'",
                    self.file, entry.text.line, entry.text.pieces[0].column,
                    hint=f"correct 'role' of '{person.id}' in {self.ed.path.name}",
                )


def encode_to_tree(source: str | Path | Transcript, edition: Edition | str | Path) -> etree._ElementTree:
    """Encode ``source`` (a transcript file, or one already parsed) with ``edition`` data and return the TEI document."""
    if not isinstance(edition, Edition):
        edition = load_edition(edition)
    return _Encoder(source if isinstance(source, Transcript) else parse(source), edition).build()


# Elements with mixed content: whitespace inside them is text, so they are never indented.
_MIXED = {
    "p", "head", "item", "speaker", "note", "label", "edition", "title", "bibl", "persName",
    "orgName", "placeName", "seg", "q", "quote", "hi", "choice", "licence", "change",
    "affiliation", "resp", "date", "name", "sic", "corr", "orig", "reg",
}
# As the encoder's elements name them (all TEI): compared with each element's tag as it is,
# without a QName made of every element of the document.
_MIXED_TAGS = frozenset(E + name for name in _MIXED)


def _indent(element: etree._Element, level: int = 0) -> None:
    if element.tag in _MIXED_TAGS or not len(element):
        return
    pad = "\n" + "  " * (level + 1)
    element.text = pad
    for child in element:
        _indent(child, level + 1)
        child.tail = pad
    element[-1].tail = "\n" + "  " * level


def serialize(tree: etree._ElementTree) -> bytes:
    _indent(tree.getroot())
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def encode(source: str | Path | Transcript, edition: Edition | str | Path) -> bytes:
    """Encode and serialise: the bytes of the TEI file (deterministic for the same input)."""
    return serialize(encode_to_tree(source, edition))


def encode_file(source: str | Path, edition: Edition | str | Path, output: str | Path) -> Path:
    """Encode to ``output``; nothing is written unless encoding succeeds and the TEI would
    validate (:class:`~tei_roundtable.errors.CheckFailed` with validate's findings otherwise)."""
    from ._selfcheck import check_encoded

    ed = edition if isinstance(edition, Edition) else load_edition(edition)
    data = encode(source, ed)
    check_encoded(data, Path(source), ed, str(output))
    write_bytes(output, data)
    return Path(output)
