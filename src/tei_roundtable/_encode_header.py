"""The encoder's header and apparatus: the notes in back and their anchors in the text, the
teiHeader (file, encoding and profile descriptions), the register in standOff, and the editorial
principles (the toolkit's wording, or the edition's). A mixin of
:class:`tei_roundtable.encode._Encoder`, which holds the state."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources

import yaml
from lxml import etree

from . import __version__
from ._citations import fill_with_refs
from ._encode_base import E, NAME_TAGS, XID, _iso_date, _sub, edition_urn, relative_source
from .edition import Decision, Edition, Entity, Mention


class HeaderLayer:
    """Writes the header, the notes and the register of an encoded transcript."""

    # ----- notes ---------------------------------------------------------------------------
    def _notes(self, text: etree._Element) -> None:
        back = _sub(text, "back")
        div = _sub(back, "div", type="notes")
        _sub(div, "head", "Editorial notes")
        entries: list[tuple[Decision | Mention, list[str]]] = [(d, self.choice_ids[d.id]) for d in self.decisions]
        entries += [(m, self.choice_ids[m.id]) for m in self.mentions if m.note]
        # Notes are numbered in the order of the first place they concern.
        # Document order, by a walk in Python (an XPath of the ids' attribute nodes grows with the
        # square of their number: see _referenced), whose places _anchor_notes takes too.
        self.identified = _identified(text)
        order = {ident: i for i, (ident, _) in enumerate(self.identified)}
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
    # One walk in Python: libxml2 merges the attribute node-sets of an XPath such as
    # "//@ref | //@who" (or even of one "//@ref") in time that grows with the square of their size.
    get = etree._Element.get
    values = [value for el in tei.iter(etree.Element) for value in (get(el, "ref"), get(el, "who")) if value]
    for value in values:
        for pointer in value.split():
            if pointer.startswith("#"):
                found.add(pointer[1:])
    return found


# Where a note's anchor goes: at the end of these (a paragraph, label, list item or heading the
# note concerns as a whole), and after the names that hold the passage, not inside them.
_ANCHOR_HOLDERS = frozenset(E + t for t in ("p", "speaker", "item", "head"))
_NAMES_AROUND = frozenset(E + t for t in ("persName", "orgName", "placeName", "rs", "title"))


def _identified(text: etree._Element) -> list[tuple[str, etree._Element]]:
    """Every element of ``text`` with an xml:id, and its id, in document order."""
    get = etree._Element.get
    return [(ident, el) for el in text.iter(etree.Element) if (ident := get(el, XID)) is not None]


def _anchor_notes(text: etree._Element, identified: list[tuple[str, etree._Element]] | None = None) -> None:
    """A ``<ptr type="noteAnchor" target="#note-…"/>`` where each passage a note of ``back`` explains ends.

    note/@target points from the note to its passage, and tools that render the text in reading
    order (the TEI Consortium's stylesheets) make no link from that; a pointer in the text is one
    they follow. ``ptr`` is empty, so no reading gains a word; a whole turn's anchor closes its
    label, a division's its first heading. Anchors at one place stay in the notes' order.
    ``identified``: :func:`_identified` of ``text`` before its notes were written, if it was
    made (the notes point to places of the text, not to one another).
    """
    ids = dict(identified if identified is not None else _identified(text))
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
