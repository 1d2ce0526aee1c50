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

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml
from lxml import etree
from rapidfuzz import fuzz, process

from . import __version__
from ._io import read_text, write_bytes
from ._citations import fill_with_refs
from ._spans import Span, fill, strip_inline_html
from ._xml import TEI_NS, XML_NS
from .edition import Decision, Edition, Entity, Mention, Quotation
from .edition import load as load_edition
from .errors import InputError
from .readings import replace_words, word_pattern
from .transcript import Piece, Text, Transcript, parse

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
    element = etree.SubElement(parent, E + tag)
    for key, value in attrs.items():
        element.set(XID if key == "xml_id" else key, value)
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
    """The regex matching any of ``forms`` (in their order) as a whole name, or None for no form."""
    if not forms:
        return None
    alternatives = "|".join(re.escape(form) for form in forms)
    # A form followed by "-<digit>" is part of another name ("Kazakhstan-2030").
    return re.compile(rf"(?<!\w)(?:{alternatives})(?![\w])(?!-\d)")


class _Encoder:
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
        self.speakers: list[Entity] = []  # in the order of their first turn
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
        self._changes = [(d, frozenset(d.lines) if d.lines is not None else None)
                         for d in self.decisions if d.changes_text]
        self._cites: dict[int, tuple[str, str]] | None = None  # source line -> citation reference

    @property
    def event_day(self) -> str:
        """The day of the event (ISO), at which dated affiliations of the shared register are read."""
        return _iso_date(self.t.front.fields["Date"].value.text, self.t)

    # ----- names --------------------------------------------------------------------------
    def _pattern(self, exclude: frozenset[str] = frozenset(), window: str | None = None) -> re.Pattern | None:
        """One regex for the register forms (longest first), without the forms of ``exclude``;
        with ``window`` (the text of a name, searched for names inside it), only the forms that
        occur in it: no other form can match there, and one regex for every form of the register
        per set of exclusions cost a fresh process 0.1 s of compiling."""
        key = (exclude, window)
        if key not in self._patterns:
            if self._forms is None:
                owners: dict[str, set[str]] = {}
                for entity in self.entities.values():
                    for form in entity.forms:
                        owners.setdefault(form, set()).add(entity.id)
                self._forms = [(form, frozenset(owners[form])) for form in sorted(owners, key=lambda f: (-len(f), f))]
            self._patterns[key] = _alternation(tuple(
                form for form, owners_ in self._forms
                if not owners_ <= exclude and (window is None or form in window)))
        return self._patterns[key]

    def _name_spans(self, value: str, start: int, end: int, exclude: frozenset[str] = frozenset()) -> list[Span]:
        pattern = self._pattern(exclude, value[start:end] if exclude else None)
        if pattern is None:
            return []
        spans = []
        for match in pattern.finditer(value, start, end):
            entity = self._owner(match[0], exclude)
            spans.append(
                Span(match.start(), match.end(), "name", NAME_TAGS[entity.kind], {"ref": "#" + entity.id}, label="name")
            )
            # Names inside names are mentions too ("Foundation of Ebert"), except a place inside a
            # place's name: "Asia" in "Central Asia" names no second place.
            inner_exclude = exclude | {entity.id}
            if entity.kind == "place":
                inner_exclude |= {e.id for e in self.entities.values() if e.kind == "place"}
            inner = self._name_spans(value, match.start(), match.end(), frozenset(inner_exclude))
            spans.extend(s for s in inner if (s.start, s.end) != (match.start(), match.end()))
        return spans

    def _owner(self, form: str, exclude: frozenset[str]) -> Entity:
        for entity in self.entities.values():
            if entity.id not in exclude and form in entity.forms:
                return entity
        raise AssertionError(form)

    # ----- units ---------------------------------------------------------------------------
    def _unit(self, text: Text, ident: str | None, kind: str, names: bool = True, quotes: bool = False) -> _Unit:
        text, spans = strip_inline_html(text, self.file)
        if names:
            spans += self._name_spans(text.text, 0, len(text.text))
        if quotes:
            spans += self._quote_spans(text)
        spans += [Span(b, b, "pb", "pb") for b in text.breaks]
        unit = _Unit(text, spans, ident, kind)
        self.units.append(unit)
        return unit

    def _quote_spans(self, text: Text) -> list[Span]:
        value = text.text
        spans: list[Span] = []
        curly: list[int] = []
        straight: int | None = None
        single: int | None = None
        # Only the quotation marks matter: visit them, not every character of the text.
        for match in _QUOTE_MARKS.finditer(value):
            i, char = match.start(), match[0]
            before = value[i - 1] if i else " "
            after = value[i + 1] if i + 1 < len(value) else " "
            if char == "“":
                curly.append(i)
            elif char == "”" and curly:
                spans.append(self._q(text, curly.pop(), i + 1))
            elif char == '"':
                if straight is None:
                    straight = i
                else:
                    spans.append(self._q(text, straight, i + 1))
                    straight = None
            elif char in "'‘" and (before.isspace() or before in "([–-") and not after.isspace():
                single = i
            elif char in "'’" and single is not None and not before.isspace() and (after.isspace() or after in ".,;:!?)"):
                spans.append(self._q(text, single, i + 1))
                single = None
        return spans

    def _q(self, text: Text, start: int, end: int) -> Span:
        line = text.position(start)[0]
        element = "q"
        for quotation in self._quotations.get(line, ()):
            if quotation.text == text.text[start:end]:
                element = quotation.element
        return Span(start, end, "q", element, label="quotation")

    # ----- decisions ------------------------------------------------------------------------
    def _find(self, unit: _Unit, needle: str, line: int | None) -> list[tuple[int, int]]:
        lo, hi = 0, len(unit.text.text)
        if line is not None:
            found = unit.text.spans_on_line(line)
            if found is None:
                return []
            lo, hi = found
        return [(m.start(), m.end()) for m in word_pattern(needle).finditer(unit.text.text, lo, hi)]

    def _units_on(self, line: int) -> list[_Unit]:
        """The units holding text of source ``line``, in document order.

        From an index of the units by line, made once all units exist (rebuilt if one is added):
        scanning every unit for every decision and mention line grew with the square of the text.
        """
        if self._by_line is None or self._indexed != len(self.units):
            self._by_line = {}
            for unit in self.units:
                for number in dict.fromkeys(unit.text.lines):
                    self._by_line.setdefault(number, []).append(unit)
            self._indexed = len(self.units)
        return self._by_line.get(line, [])

    def apply_decisions(self) -> None:
        for decision in self.decisions:
            index = decision.index
            lines = decision.lines
            hits: list[tuple[_Unit, int, int]] = []
            for line in lines or [None]:
                units = self.units if line is None else self._units_on(line)
                if line is not None and not units:
                    text = read_text(self.t.path)  # lines end at LF only, as the reader counts them
                    total = text.count("\n") + (not text.endswith("\n"))
                    where = "has no text" if line <= total else f"does not exist: the transcript has {total} lines"
                    raise self.ed.error(f"line {line} of {self.t.path.name} {where}", "decisions", index, "where")
                found = []
                if decision.source is not None:
                    for unit in units:
                        found += [(unit, a, b) for a, b in self._find(unit, decision.source, line)]
                    if not found:
                        where = f"line {line}" if line else "the transcript"
                        raise self.ed.error(
                            f"'{decision.source}' does not occur on {where} of {self.t.path.name}",
                            "decisions", index, "source",
                            hint="copy the text exactly as printed, or correct 'where'",
                        )
                else:
                    # A comment on a label line concerns the whole turn.
                    unit = next((u for u in units if u.kind == "label"), units[0])
                    found = [(unit, -1, -1)]
                hits += found
            self._record(decision, hits)

    def _record(self, decision: Decision, hits: list[tuple[_Unit, int, int]]) -> None:
        ident = decision.id
        targets: list[str] = []
        for number, (unit, start, end) in enumerate(hits, start=1):
            if decision.type == "comment":
                if start < 0:
                    assert unit.id is not None
                    targets.append(unit.id)
                    continue
                span_id = f"{ident}.{number}" if len(hits) > 1 else ident
                unit.spans.append(Span(start, end, "seg", "seg", {"type": "commented", "xml:id": span_id}, label=f"comment '{ident}'"))
                targets.append(span_id)
                continue
            span_id = f"{ident}.{number}"
            attrs = {"xml:id": span_id}
            unit.spans.append(
                Span(start, end, "choice", "choice", attrs, decision.edition, decision.type, label=f"decision '{ident}'")
            )
            targets.append(span_id)
        self.choice_ids[ident] = targets

    def apply_mentions(self) -> None:
        for mention in self.mentions:
            entity = self.entities[mention.ref]
            hits = [
                (unit, start, end)
                for unit in self._units_on(mention.line)
                for start, end in self._find(unit, mention.text, mention.line)
            ]
            if not hits:
                raise self.ed.error(
                    f"'{mention.text}' does not occur on line {mention.line} of {self.t.path.name}",
                    "mentions", mention.index, "text",
                )
            targets = []
            for number, (unit, start, end) in enumerate(hits, start=1):
                unit.spans = [s for s in unit.spans if not (s.kind == "name" and (s.start, s.end) == (start, end))]
                attrs = {"ref": "#" + entity.id}
                if mention.cert:
                    attrs["cert"] = mention.cert
                if mention.id:
                    # one id per occurrence: the text may stand twice on its line
                    attrs["xml:id"] = mention.id if len(hits) == 1 else f"{mention.id}.{number}"
                    targets.append(attrs["xml:id"])
                unit.spans.append(Span(start, end, "name", NAME_TAGS[entity.kind], attrs, label="name"))
            if mention.id:
                self.choice_ids[mention.id] = targets

    # ----- role-only references, foreign words, titles ------------------------------------
    def _hits(self, line: int, text: str, where: tuple) -> list[tuple[_Unit, int, int]]:
        hits = [(unit, start, end) for unit in self._units_on(line) for start, end in self._find(unit, text, line)]
        if not hits:
            raise self.ed.error(f"'{text}' does not occur on line {line} of {self.t.path.name}", *where, "text")
        return hits

    def apply_references(self) -> None:
        """``references:``: rs of the entity's kind, @ref where the edition data gives one."""
        for reference in self.ed.references:
            for unit, start, end in self._hits(reference.line, reference.text, ("references", reference.index)):
                attrs = {"type": reference.type}
                if reference.ref:
                    attrs["ref"] = "#" + reference.ref
                unit.spans.append(Span(start, end, "name", "rs", attrs, label="role-only reference"))

    def apply_foreign(self) -> None:
        """``foreign:``: words of another language, with their xml:lang."""
        for item in self.ed.foreign:
            for unit, start, end in self._hits(item.line, item.text, ("foreign", item.index)):
                unit.spans.append(Span(start, end, "hi", "foreign", {"xml:lang": item.lang}, label="foreign word"))

    def _titles_for_quoted_works(self) -> None:
        """A work's title printed in quotation marks is a title (marks inside), not a quotation."""
        for unit in self.units:
            titles = {(s.start, s.end): s for s in unit.spans if s.kind == "name" and s.tag == "title"}
            for span in [s for s in unit.spans if s.kind == "q"]:
                inner = titles.get((span.start + 1, span.end - 1))
                if inner is not None:
                    unit.spans.remove(inner)
                    span.kind, span.tag, span.attrs, span.label = "name", "title", inner.attrs, inner.label

    def cite(self, line: int) -> tuple[str, str] | None:
        """The citation reference (target id, label) that holds source ``line``; None for no text."""
        if self._cites is None:
            cites: dict[int, tuple[str, str]] = {}
            for unit in self.units:
                if unit.id is None:
                    continue
                label = (unit.id, "front matter") if unit.kind == "front" else (unit.id, unit.id)
                for number in unit.text.lines:
                    if unit.kind == "paragraph" or number not in cites:
                        cites[number] = label
            self._cites = cites
        return self._cites.get(line)

    def _original_language(self, profile: etree._Element, lang_usage: etree._Element) -> None:
        """A translation's original language in langUsage, and textDesc saying what the text is."""
        meta = self.ed.meta
        original = meta.get("original_language")
        if not original:
            return
        # usage (TEI: the approximate percentage of the text in the language): the original's
        # language is named because words of it are left in the text, not because the text is in it.
        _sub(lang_usage, "language", f"{meta.get('original_language_name', original)} (the language of the original; "
             "words of it are left untranslated)", ident=original, usage="0")
        text_desc = etree.Element(E + "textDesc", n="transcript")
        lang_usage.addnext(text_desc)
        _sub(text_desc, "channel", "spoken, transcribed and edited as written text", mode="s")
        _sub(text_desc, "constitution", "one round-table discussion, transcribed whole", type="single")
        _sub(text_desc, "derivation", " ".join(meta.get("derivation", "a translation").split()), type="translation")
        _sub(text_desc, "domain", "public debate on regional politics", type="public")
        _sub(text_desc, "factuality", "statements of fact and opinion", type="mixed")
        _sub(text_desc, "interaction", "a moderated discussion among the participants", type="complete",
             active="plural", passive="group")
        _sub(text_desc, "preparedness", "prepared statements and spontaneous discussion", type="mixed")
        _sub(text_desc, "purpose", "to inform and persuade", type="persuade", degree="medium")

    # ----- people ---------------------------------------------------------------------------
    def _edited(self, value: str, line: int) -> str:
        """``value`` (printed on ``line``) as the edition reads it, after corrections."""
        for decision, lines in self._changes:
            if lines is None or line in lines:
                value = replace_words(value, decision.source, decision.edition)
        return value

    def person_for(self, printed: str, line: int, column: int, what: str) -> Entity:
        name = self._edited(printed, line)
        persons = [e for e in self.entities.values() if e.kind == "person"]
        for person in persons:
            if name in person.forms:
                return person
        choices = {f"{form} ({p.id})": form for p in persons for form in p.forms}
        nearest = process.extract(name, list(choices), scorer=fuzz.WRatio, limit=3)
        suggestion = ", ".join(choice for choice, score, _ in nearest if score >= 50) or "none close"
        raise InputError(
            f"{what} '{_shown(printed)}' is not in the register; nearest registered names: {suggestion}",
            self.file, line, column,
            hint=f"add the printed form to a person's forms in "
                 f"{self.ed.collection.path.name if self.ed.collection else self.ed.path.name}, "
                 f"or record a correction decision for line {line}",
        )

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
        _anchor_notes(text)
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

    # ----- notes ---------------------------------------------------------------------------
    def _notes(self, text: etree._Element) -> None:
        back = _sub(text, "back")
        div = _sub(back, "div", type="notes")
        _sub(div, "head", "Editorial notes")
        entries: list[tuple[Decision | Mention, list[str]]] = [(d, self.choice_ids[d.id]) for d in self.decisions]
        entries += [(m, self.choice_ids[m.id]) for m in self.mentions if m.note]
        # Notes are numbered in the order of the first place they concern.
        order = {el.get(XID): i for i, el in enumerate(text.iter()) if el.get(XID)}
        entries.sort(key=lambda item: min(order[t] for t in item[1]))
        for number, (item, targets) in enumerate(entries, start=1):
            kind = (
                {"correction": "correction", "normalisation": "normalisation", "comment": "editorial"}[item.type]
                if isinstance(item, Decision) else "reference"
            )
            note = _sub(
                div, "note",
                xml_id="note-" + item.id,
                n=str(number),
                type=kind,
                target=" ".join("#" + t for t in targets),
                resp="#" + (item.resp or self.ed.meta["editors"][0]["id"]),
                cert=item.cert or "high",
            )
            text = item.reason if isinstance(item, Decision) else item.note
            text_value = " ".join(text.split())
            if isinstance(item, Decision) and item.basis:
                text_value += f" Basis: {item.basis}."
            fill_with_refs(note, text_value, self.cite)

    # ----- header --------------------------------------------------------------------------
    def _header(self, header: etree._Element) -> None:
        meta = self.ed.meta
        file_desc = _sub(header, "fileDesc")
        title_stmt = _sub(file_desc, "titleStmt")
        _sub(title_stmt, "title", meta["title"], type="main")
        if meta.get("subtitle"):
            _sub(title_stmt, "title", meta["subtitle"], type="sub")
        for editor in meta["editors"]:
            resp_stmt = _sub(title_stmt, "respStmt")
            _sub(resp_stmt, "resp", ", ".join(editor["roles"]))
            if editor["type"] == "person":
                name = _sub(resp_stmt, "persName", editor["name"], xml_id=editor["id"])
                if editor.get("orcid"):
                    name.set("ref", "https://orcid.org/" + editor["orcid"])
            else:
                _sub(resp_stmt, "orgName", editor["name"], xml_id=editor["id"])
        edition_stmt = _sub(file_desc, "editionStmt")
        edition = _sub(edition_stmt, "edition", n=meta["version"])
        edition.text = f"Version {meta['version']}, "
        _sub(edition, "date", meta["date"], when=meta["date"])
        publication = _sub(file_desc, "publicationStmt")
        _sub(publication, "publisher", meta["publisher"])
        if meta.get("publisher_place"):
            _sub(publication, "pubPlace", meta["publisher_place"])
        _sub(publication, "date", meta["date"], when=meta["date"])
        for kind, value in self.identifiers():
            _sub(publication, "idno", value, type=kind)
        availability = _sub(publication, "availability")
        _sub(availability, "licence", meta["licence"]["text"], target=meta["licence"]["url"])
        _sub(availability, "p", " ".join(meta["source_rights"].split()))
        source_desc = _sub(file_desc, "sourceDesc")
        bibl = _sub(source_desc, "bibl")
        _sub(bibl, "title", self.t.front.title_text)
        # The transcript's own publisher, whose rights availability names (DESIGN: "say so plainly").
        if meta.get("source_publisher"):
            _sub(bibl, "publisher", meta["source_publisher"])
        if meta.get("source_pub_place"):
            _sub(bibl, "pubPlace", meta["source_pub_place"])
        _sub(bibl, "note", " ".join(meta["source_description"].split()))
        # The date the transcript gives is the event's, not a publication date: typed as such.
        _sub(bibl, "date", when=_iso_date(self.t.front.fields["Date"].value.text, self.t), type="event").text = (
            self.t.front.fields["Date"].value.text
        )
        source_file = self.t.path
        _sub(bibl, "idno", f"{self.source_reference()}", type="file")
        _sub(bibl, "idno", hashlib.sha256(source_file.read_bytes()).hexdigest(), type="sha256")
        if meta.get("source_received_as"):
            _sub(bibl, "idno", meta["source_received_as"], type="received-as")
        if meta.get("source_url"):
            _sub(bibl, "ref", meta["source_url"], target=meta["source_url"])
        self._encoding_desc(header)
        self._profile_desc(header)
        if meta.get("revisions"):
            revision = _sub(header, "revisionDesc")
        for change in meta.get("revisions", []):
            item = _sub(revision, "change", " ".join(change["change"].split()), when=change["date"], who="#" + change["who"])
            if change.get("version"):
                item.set("n", change["version"])
            # One change per decision added, changed or removed, so that the page can list them
            # and keep a landing for the note id of a removed one ("note-<id>: reason").
            details = [("decision-added", "note-" + ident, f"Decision added: note-{ident}.") for ident in change.get("added", [])]
            details += [("decision-changed", "note-" + c["id"], " ".join(c["change"].split())) for c in change.get("changed", [])]
            details += [("decision-removed", None, f"note-{r['id']}: " + " ".join(r["reason"].split())) for r in change.get("removed", [])]
            for kind, note, text_value in details:
                detail = _sub(revision, "change", text_value, when=change["date"], who="#" + change["who"], type=kind)
                if change.get("version"):
                    detail.set("n", change["version"])
                if note:
                    detail.set("target", "#" + note)

    def source_reference(self) -> str:
        """The transcript's path relative to the edition data file, beside which the TEI is kept."""
        return relative_source(self.t.path, self.ed)

    def identifiers(self) -> list[tuple[str, str]]:
        meta = self.ed.meta
        found = [("URN", edition_urn(self.ed))]
        if meta.get("base_url"):
            found.append(("URL", meta["base_url"]))
        if meta.get("doi"):
            found.append(("DOI", meta["doi"]))
        return found

    def _encoding_desc(self, header: etree._Element) -> None:
        encoding = _sub(header, "encodingDesc")
        project = _sub(encoding, "projectDesc")
        _sub(project, "p", (
            "A scholarly digital edition of the transcript, made with tei-roundtable: the TEI is "
            "generated from the unedited source transcript and an edition data file that holds the "
            "register of names and every editorial decision."
        ))
        decl = _sub(encoding, "editorialDecl")
        for tag, paragraphs in editorial_policy(self.ed).items():
            policy = _sub(decl, tag)
            if tag == "quotation":
                # The marks are in the text as printed: other TEI tools must not add their own.
                policy.set("marks", "all")
            for paragraph in paragraphs:
                _sub(policy, "p", " ".join(paragraph.split()))
        refs = _sub(encoding, "refsDecl")
        turn = _sub(refs, "citeStructure", unit="turn", match="/TEI/text/body/div/sp", use="@n")
        turn.set("delim", "t")
        _sub(turn, "citeStructure", unit="paragraph", match="p", use="@n", delim=".")
        app = _sub(_sub(encoding, "appInfo"), "application", ident="tei-roundtable", version=__version__)
        _sub(app, "label", "tei-roundtable")

    def _profile_desc(self, header: etree._Element) -> None:
        profile = _sub(header, "profileDesc")
        lang_usage = _sub(profile, "langUsage")
        _sub(lang_usage, "language", self.ed.meta.get("language_name", self.ed.meta["language"]), ident=self.ed.meta["language"])
        self._original_language(profile, lang_usage)
        partic = _sub(profile, "particDesc")
        listing = _sub(partic, "listPerson", type="participants")
        for role, entry in self.t.front.people:
            person = self.person_for(entry.name, entry.text.line, entry.text.pieces[0].column, role)
            self._participant(listing, person, role, self._edited(entry.description, entry.text.line))
        # Someone who speaks but is in no list of the front matter (a voice from the floor) is a
        # participant too, described from the register.
        for person in self.speakers:
            if person.id not in self.participant_ids:
                role = person.data.get("role", "participant")
                self._participant(listing, person, "participant" if role == "mentioned" else role,
                                  person.data.get("affiliation"))
        setting_desc = _sub(profile, "settingDesc")
        setting = _sub(setting_desc, "setting")
        meta = self.ed.meta["setting"]
        _sub(setting, "name", meta["name"])
        locale = _sub(setting, "locale")
        ref = self.entities.get(meta.get("place_ref", ""))
        place = _sub(locale, "orgName" if ref and ref.kind == "org" else "placeName", meta["place"])
        if meta.get("place_ref"):
            place.set("ref", "#" + meta["place_ref"])
        # Settlement and country where the editors know them (a transcript may name only a venue).
        last = place
        for tag in ("settlement", "country"):
            if meta.get(tag):
                last.tail = ", "
                last = _sub(locale, tag, meta[tag])
        _sub(setting, "date", self.t.front.fields["Date"].value.text, when=_iso_date(self.t.front.fields["Date"].value.text, self.t))

    def _participant(self, listing: etree._Element, person: Entity, role: str, description: str | None) -> None:
        element = _sub(listing, "person", xml_id=person.id, role=role)
        self.participant_ids.add(person.id)
        self._person_name(element, person)
        if description:
            affiliation = _sub(element, "affiliation", description)
            ref = person.affiliation_ref(self.event_day)
            if ref:
                affiliation.set("ref", "#" + ref)

    def _person_name(self, element: etree._Element, person: Entity) -> None:
        name = _sub(element, "persName")
        data = person.data
        if data.get("forename") and data.get("surname"):
            _sub(name, "forename", data["forename"]).tail = " "
            if data.get("patronymic"):
                _sub(name, "addName", data["patronymic"], type="patronymic").tail = " "
            _sub(name, "surname", data["surname"])
        else:
            name.text = person.name

    def _stand_off(self, stand_off: etree._Element, referenced: set[str]) -> None:
        # The edition's own entries are listed whether named or not, as the editor wrote them; of
        # a collection's shared register only those this edition names or points to.
        listed = [e for e in self.entities.values() if not e.shared or e.id in referenced]
        people = [e for e in listed if e.kind == "person" and e.id not in self.participant_ids]
        if people:
            listing = _sub(stand_off, "listPerson", type="mentioned")
            for person in people:
                element = _sub(listing, "person", xml_id=person.id)
                self._person_name(element, person)
                self._entity_extras(element, person)
        for kind, list_tag, item_tag in (("org", "listOrg", "org"), ("place", "listPlace", "place"), ("work", "listBibl", "bibl")):
            items = [e for e in listed if e.kind == kind]
            if not items:
                continue
            listing = _sub(stand_off, list_tag)
            for entity in items:
                element = _sub(listing, item_tag, xml_id=entity.id)
                _sub(element, NAME_TAGS[kind], entity.name)
                self._entity_extras(element, entity)

    def _entity_extras(self, element: etree._Element, entity: Entity) -> None:
        for authority in ("wikidata", "viaf"):
            if entity.data.get(authority):
                _sub(element, "idno", entity.data[authority], type=authority)
        if entity.data.get("note"):
            fill_with_refs(_sub(element, "note"), " ".join(entity.data["note"].split()), self.cite)


POLICY_PARTS = ("correction", "normalization", "quotation", "hyphenation", "segmentation", "interpretation")


@lru_cache(maxsize=1)
def default_policy() -> dict[str, tuple[str, ...]]:
    """The toolkit's wording of the editorial principles (``editorial-policy.yaml`` of the package)."""
    text = (resources.files(__package__) / "editorial-policy.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    return {part: tuple(data[part]) for part in POLICY_PARTS}


def editorial_policy(edition: Edition) -> dict[str, tuple[str, ...]]:
    """The editorialDecl of ``edition``: each part in the edition data's own wording where it gives
    one (``edition.editorial_policy``), in the toolkit's otherwise."""
    own = edition.meta.get("editorial_policy", {})
    return {part: tuple(own.get(part, default)) for part, default in default_policy().items()}


def _referenced(tei: etree._Element) -> set[str]:
    """The ids the document points to with ``@ref`` and ``@who`` (``#id``)."""
    found: set[str] = set()
    for element in tei.iter():
        for name in ("ref", "who"):
            for pointer in (element.get(name) or "").split():
                if pointer.startswith("#"):
                    found.add(pointer[1:])
    return found


# Where a note's anchor goes: at the end of these (a paragraph, label, list item or heading the
# note concerns as a whole), and after the names that hold the passage, not inside them.
_ANCHOR_HOLDERS = frozenset(E + t for t in ("p", "speaker", "item", "head"))
_NAMES_AROUND = frozenset(E + t for t in ("persName", "orgName", "placeName", "rs", "title"))


def _anchor_notes(text: etree._Element) -> None:
    """A ``<ptr type="noteAnchor" target="#note-…"/>`` where each passage a note of ``back`` explains ends.

    note/@target points from the note to its passage, and tools that render the text in reading
    order (the TEI Consortium's stylesheets) make no link from that; a pointer in the text is one
    they follow. ``ptr`` is empty, so no reading gains a word; a whole turn's anchor closes its
    label, a division's its first heading. Anchors at one place stay in the notes' order.
    """
    ids = {el.get(XID): el for el in text.iter() if isinstance(el.tag, str) and el.get(XID)}
    for note in text.iterfind(f"{E}back/{E}div/{E}note"):
        for pointer in (note.get("target") or "").split():
            passage = ids[pointer[1:]]
            ptr = etree.Element(E + "ptr", type="noteAnchor", target="#" + note.get(XID))
            if passage.tag == E + "sp":
                passage = passage.find(E + "speaker")
            elif passage.tag == E + "div":
                passage = next(child for child in passage if child.tag in _ANCHOR_HOLDERS)
            if passage.tag in _ANCHOR_HOLDERS:
                passage.append(ptr)
                continue
            while passage.getparent().tag in _NAMES_AROUND:
                passage = passage.getparent()
            following = passage.getnext()
            while not passage.tail and following is not None and following.tag == E + "ptr":
                passage, following = following, following.getnext()
            ptr.tail, passage.tail = passage.tail, None
            passage.addnext(ptr)


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


def _indent(element: etree._Element, level: int = 0) -> None:
    if not len(element) or etree.QName(element).localname in _MIXED:
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
