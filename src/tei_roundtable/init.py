"""Start an edition: a project folder for a new transcript, or a new edition of a collection.

``init(folder, transcript)`` copies the transcript byte for byte into ``folder/tei/source/``,
drafts the edition data from its front matter (title, date, place, the people with their
printed forms, roles and descriptions) and adds the edition to ``folder/tei/collection.yaml``,
which it writes for a new project. The people go into the collection's shared register, so
that the next transcript of the series finds them: a name printed exactly as a registered form
reuses that entry; a near match is left for ``check-names`` to report as a variant to decide.

Nothing is invented. What a transcript cannot tell (who edits it, the contact address, the
licence) comes from the caller or is left out, and the stage that needs it says so at its line.
Everything is checked before anything is written, and every file is written whole.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ruamel.yaml import YAML

from . import collection as collection_mod
from ._encode_base import SCHEMA_PIS
from ._io import write_files
from .errors import InputError, OutputError, TeiRoundtableError
from .findings import Finding
from .resources import schema_dir
from .transcript import Entry, Transcript, parse

# The licences an editor can name by their SPDX id; any other is given in the edition data.
LICENCES = {
    "CC-BY-4.0": ("https://creativecommons.org/licenses/by/4.0/", "Creative Commons Attribution 4.0 International (CC BY 4.0)"),
    "CC-BY-SA-4.0": ("https://creativecommons.org/licenses/by-sa/4.0/",
                     "Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0)"),
    "CC-BY-NC-4.0": ("https://creativecommons.org/licenses/by-nc/4.0/",
                     "Creative Commons Attribution-NonCommercial 4.0 International (CC BY-NC 4.0)"),
    "CC0-1.0": ("https://creativecommons.org/publicdomain/zero/1.0/", "CC0 1.0 Universal (public domain dedication)"),
}
ROLES = ["encoding", "annotation", "editorial notes", "corrections"]
_PATRONYMIC = re.compile(r"(?:[oe]vi?ch|[oe]vych|[oe]vna|ichna|[iy]evich)$", re.IGNORECASE)


@dataclass
class Started:
    """What ``init`` wrote and what the editor still has to do."""

    edition_id: str
    files: list[Path]
    reused: list[str] = field(default_factory=list)  # ids of shared entries the edition names
    added: list[str] = field(default_factory=list)  # ids of new shared entries
    findings: list[Finding] = field(default_factory=list)  # check-names on the new edition
    todo: list[str] = field(default_factory=list)


def slug(text: str) -> str:
    """A lower-case ASCII id (``[a-z][a-z0-9-]*``) of ``text``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    value = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return value if value[:1].isalpha() else f"e-{value}" if value else "edition"


def init(
    folder: str | Path,
    transcript: str | Path,
    *,
    editor: str | None = None,
    contact: str | None = None,
    licence: str | None = None,
    edition_id: str | None = None,
    language: str = "en",
    today: date | None = None,
) -> Started:
    """Make ``folder`` an edition project for ``transcript``, or add it to the collection there."""
    folder, transcript = Path(folder), Path(transcript)
    if licence is not None and licence not in LICENCES:
        raise TeiRoundtableError(f"unknown licence '{licence}'; known: {', '.join(LICENCES)} "
                                 "(another licence: write it in the edition data's edition.licence)")
    if not transcript.is_file():
        raise InputError("no such transcript file", transcript, hint="name the transcript's Markdown file")
    data = transcript.read_bytes()
    parsed = parse(transcript)  # a file that is not a transcript of the form is refused here, located
    tei_dir = folder / "tei"
    found = collection_mod.find(tei_dir)
    if found is None:
        _refuse_foreign_folder(folder)
    coll = collection_mod.load(found) if found is not None else None
    ident = edition_id or slug(transcript.stem)
    if not re.fullmatch(r"[a-z][a-z0-9-]*", ident):
        raise TeiRoundtableError(f"edition id '{ident}' is not a lower-case id ([a-z][a-z0-9-]*); pass --id")
    source_name = f"{ident}{transcript.suffix or '.md'}"
    data_path = tei_dir / f"{ident}.yaml"
    if coll is not None:
        _refuse_duplicate(coll, ident, data, data_path)
    for path in (data_path, tei_dir / "source" / source_name):
        if path.exists():
            raise OutputError(f"{path} exists already", path, hint="choose another edition id with --id")

    variants: list[Finding] = []
    people = _people(parsed, coll.data["register"] if coll is not None else {}, variants)
    started = Started(ident, [], [p.id for p in people if p.new is None], [p.id for p in people if p.new])
    responsibility = _responsibility(editor, contact, licence, coll)
    edition_data = _edition_data(parsed, ident, source_name, transcript.name, responsibility, language,
                                 today or date.today(), people)
    collection_text = _collection_text(found, ident, parsed, responsibility, people, _event_day(parsed),
                                       today or date.today())
    files = {
        tei_dir / "source" / source_name: data,  # byte for byte: a BOM and CRLF line ends stay
        data_path: _dump(edition_data, _EDITION_HEADER.format(title=parsed.front.title_text)),
        tei_dir / collection_mod.FILE_NAME: collection_text,
    }
    # The schemas the TEI's <?xml-model?> PIs name (../schema/…), so that an editor's XML tool finds
    # them beside tei/ as in the toolkit's own checkout; a folder's own copies are left as they are.
    for name, _ in SCHEMA_PIS:
        if not (folder / "schema" / name).exists():
            files[folder / "schema" / name] = (schema_dir() / name).read_bytes()
    write_files(files)
    started.files = list(files)
    started.findings, started.todo = _review(data_path, tei_dir / "source" / source_name, variants, responsibility)
    return started


# ----- checks before writing ------------------------------------------------------------------


def _refuse_foreign_folder(folder: Path) -> None:
    """A folder without a collection must be new or empty: init never mixes with other files."""
    if folder.exists() and not folder.is_dir():
        raise OutputError("is not a folder", folder, hint="name a new or empty folder for the project")
    if folder.is_dir():
        present = sorted(p.name for p in folder.iterdir())
        if present:
            raise OutputError(
                f"holds files of another project ({', '.join(present[:5])}{', …' if len(present) > 5 else ''}) "
                "and no tei/collection.yaml", folder,
                hint="start a project in a new or empty folder, or run init in a project's folder to add an edition",
            )


def _refuse_duplicate(coll: collection_mod.Collection, ident: str, data: bytes, data_path: Path) -> None:
    for index, path in enumerate(coll.edition_paths):
        if path.resolve() == data_path.resolve() or path.stem == ident:
            raise coll.error(f"the collection has an edition '{ident}' already", "editions", index,
                             hint="choose another edition id with --id")
        source = path.parent / "source"
        for candidate in source.glob("*") if source.is_dir() else []:
            if candidate.is_file() and candidate.read_bytes() == data:
                raise coll.error(f"the transcript is already in the collection, as {candidate}", "editions", index,
                                 hint="each transcript is one edition; a new version of it is a new version of that edition")


# ----- drafting ---------------------------------------------------------------------------------


def _split(name: str) -> dict:
    words = name.split()
    parts: dict = {"name": name}
    if len(words) >= 2:
        parts["forename"] = words[0]
        parts["surname"] = words[-1]
        if len(words) == 3 and _PATRONYMIC.search(words[1]):
            parts["patronymic"] = words[1]
    return parts


def _text_forms(parsed: Transcript, name: str) -> list[str]:
    """The forms of a person's name that the turns use: first name + patronymic (``Umarzak
    Uzbekovich``), the full name with it, or the first name alone where a turn has it."""
    words = name.split()
    if len(words) < 2:
        return []
    first, last = words[0], words[-1]
    text = "\n".join(p.text for turn in parsed.turns for p in turn.paragraphs)
    labels = {turn.label for turn in parsed.turns}
    forms: list[str] = []
    for match in re.finditer(rf"\b{re.escape(first)} (\w+)(?: {re.escape(last)})?\b", text):
        middle = match.group(1)
        if _PATRONYMIC.search(middle):
            forms.append(match.group(0))
    if re.search(rf"\b{re.escape(first)}\b(?! \w)", text) or first in labels:
        forms.append(first)
    return list(dict.fromkeys(f for f in forms if f != name))


@dataclass
class _Person:
    """One person of the new edition: a shared entry reused, or a new one (``new`` holds it)."""

    id: str
    role: str
    entry: Entry
    forms: list[str]  # forms the text uses that the shared entry does not have yet
    new: dict | None = None


def _people(parsed: Transcript, register: dict, variants: list[Finding]) -> list[_Person]:
    """The edition's people: an exact printed form reuses its shared entry; anyone else is new.
    A near match of a shared name is added to ``variants``."""
    by_form = {form: item for item in register.get("persons", []) for form in item["forms"]}
    taken = {item["id"] for group in register.values() for item in group}
    people: list[_Person] = []
    for role, entry in parsed.front.people:
        near = None if entry.name in by_form else _near(entry.name, register.get("persons", []))
        known = by_form.get(entry.name) or near
        if near is not None:
            line, column = entry.text.line, entry.text.pieces[0].column
            variants.append(Finding(
                str(parsed.path), line, column, "names-undecided-variant", "error",
                f"{entry.name} ({role} l.{line}) ~ {near['name']} (shared register '{near['id']}'): "
                "no decision in the edition data",
                hint=f"if it is {near['name']}, record a correction or normalisation of the printed form; if not, give "
                     "the person an entry of the edition's own (name, forms) instead of the shared id",
            ))
        if known is not None:
            # An exact form reuses the entry. A near one ("Imanaliyev" for "Imanaliev") names the
            # shared entry too, but is no form of it: encode refuses it and check-names reports
            # the variant until the editors decide (a decision, or an entry of its own).
            extra = [f for f in _text_forms(parsed, entry.name) if f not in known["forms"] and f not in by_form]
            people.append(_Person(known["id"], role, entry, extra))
            continue
        ident = _new_id(entry, taken)
        taken.add(ident)
        item = {"id": ident, **_split(entry.name)}
        item["forms"] = [entry.name] + [f for f in _text_forms(parsed, entry.name) if f not in by_form]
        patronymics = {f.split()[1] for f in item["forms"] if len(f.split()) >= 2 and _PATRONYMIC.search(f.split()[1])}
        if "patronymic" not in item and len(patronymics) == 1 and "forename" in item:
            # The turns call the person by first name and patronymic ("Umarzak Uzbekovich").
            item = {**{k: v for k, v in item.items() if k not in ("surname", "forms")},
                    "patronymic": patronymics.pop(), "surname": item["surname"], "forms": item["forms"]}
        people.append(_Person(ident, role, entry, [], item))
    return people


def _near(name: str, persons: list[dict]) -> dict | None:
    """The shared person whose name ``name`` nearly is: the same first name and a surname that
    the name check takes for a variant spelling."""
    from .names import similar

    words = name.split()
    for person in persons:
        if len(words) >= 2 and person.get("forename") == words[0] and person.get("surname") \
                and similar(words[-1], person["surname"], loose=True):
            return person
    return None


def _new_id(entry: Entry, taken: set[str]) -> str:
    base = slug(entry.name.split()[-1]) if entry.name.split() else "person"
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    return ident


def _event_day(parsed: Transcript) -> str:
    from ._encode_base import _iso_date

    return _iso_date(parsed.front.fields["Date"].value.text, parsed)


def _responsibility(editor: str | None, contact: str | None, licence: str | None, coll) -> dict:
    """Who edits and publishes, the contact and the licence: from the options, else (for a new
    edition of a collection) as the collection gives them, else left out."""
    given: dict = {}
    if editor:
        given["publisher"] = editor
        given["editors"] = [{"id": slug(editor), "name": editor, "type": "person", "roles": ROLES}]
    if contact:
        given["contact_email"] = contact
    if licence:
        url, name = LICENCES[licence]
        given["licence"] = {"id": licence, "url": url,
                            "text": f"Editorial layer (encoding, annotation and notes) licensed under {name}."}
    if coll is not None:
        inherited = {key: coll.data["collection"][key] for key in ("publisher", "editors", "contact_email", "licence")
                     if key in coll.data["collection"]}
        given = {**inherited, **given}
    return given


def _edition_data(parsed: Transcript, ident: str, source_name: str, received_as: str, responsibility: dict,
                  language: str, today: date, people: list[_Person]) -> dict:
    front = parsed.front
    title = front.title_text
    genre = front.genre.text.strip() if front.genre is not None else "Transcript"
    place = front.fields["Place"].value.text.strip()
    printed_date = front.fields["Date"].value.text.strip()
    meta: dict = {
        "id": ident,
        "title": title,
        "version": "1.0.0",
        "date": today.isoformat(),
        "language": language,
        "source": f"source/{source_name}",
        "source_received_as": received_as,
        "source_description": f"Transcript of the {genre.lower()} “{title}”, {place}, {printed_date}, "
                              f"received as the text file {received_as}.",
        "source_rights": "The transcript text remains the work of its publisher and of its speakers; the "
                         "edition's licence covers only the editorial layer (encoding, annotation, notes).",
    }
    meta.update(responsibility)
    meta["setting"] = {"name": f"{genre} “{title}”", "place": place}
    editors = responsibility.get("editors")
    meta["revisions"] = [{"date": today.isoformat(), "who": editors[0]["id"], "version": "1.0.0",
                          "change": "First edition: transcript encoded from the draft made by tei-roundtable init."}] \
        if editors else []
    return {
        "edition": meta,
        # The people by their shared ids, with what is particular to this event: the role, and
        # forms of their names only this transcript prints.
        "register": {"persons": [{"id": p.id, "role": p.role, **({"forms": p.forms} if p.forms else {})}
                                 for p in people]},
        "decisions": [],
    }


_EDITION_HEADER = """\
# Edition data for “{title}”, drafted by tei-roundtable init from the transcript's front matter.
# Review it: the register's people are in ../collection.yaml (shared by every edition); line
# numbers in `where:` and `line:` are lines of the source transcript, which is never edited.
"""

_COLLECTION_HEADER = """\
# Collection data: the series' metadata, its editions, and the register of persons,
# organisations and places the editions share (one id each, across every edition).
"""


def _yaml() -> YAML:
    yaml = YAML()  # round-trip: an editor's comments and order in collection.yaml survive
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 100
    return yaml


def _dump(data: dict, header: str) -> bytes:
    stream = io.StringIO()
    stream.write(header + "\n")
    _yaml().dump(data, stream)
    return stream.getvalue().encode("utf-8")


def _collection_text(found: Path | None, ident: str, parsed: Transcript, responsibility: dict,
                     people: list[_Person], event_day: str, today: date) -> bytes:
    yaml = _yaml()
    if found is not None:
        data = yaml.load(found.read_text(encoding="utf-8"))
    else:
        meta: dict = {"id": slug(f"{ident}-collection"), "title": f"Editions of “{parsed.front.title_text}” and "
                      "related transcripts", "version": "1.0.0", "date": today.isoformat(), **responsibility}
        data = {"collection": meta, "editions": [], "register": {}}
    data["editions"].append(f"{ident}.yaml")
    persons = data["register"].setdefault("persons", [])
    by_id = {item["id"]: item for item in persons}
    for person in people:
        item = person.new if person.new is not None else by_id[person.id]
        # The post as this event's front matter prints it, dated to the event: people return
        # to a series with new posts.
        description = person.entry.description.strip().rstrip(";.,")
        if description:
            item.setdefault("affiliations", []).append({"text": description, "when": event_day})
        if person.new is not None:
            persons.append(item)
    stream = io.StringIO()
    if found is None:
        stream.write(_COLLECTION_HEADER + "\n")
    yaml.dump(data, stream)
    return stream.getvalue().encode("utf-8")


# ----- what is left to do ---------------------------------------------------------------------


def _review(data_path: Path, source: Path, variants: list[Finding], responsibility: dict) -> tuple[list[Finding], list[str]]:
    from . import names

    todo = []
    try:
        findings = variants + list(names.iter_findings(source, data_path))
    except InputError as exc:
        # The draft lacks what only the editors can add (editors, licence): the raw source is checked.
        findings = variants + list(names.iter_findings(source))
        todo.append(f"complete the edition data: {exc}")
    todo += [f"review {data_path}: the title, the setting (place as printed; add settlement and country "
            "if you know them) and the source description"]
    if "editors" not in responsibility:
        todo.append("add the editors (edition.editors and publisher), or run init again with --editor NAME")
    if "licence" not in responsibility:
        todo.append("add edition.licence (or run init with --licence CC-BY-4.0, …)")
    if "contact_email" not in responsibility:
        todo.append("add edition.contact_email before packaging (or run init with --contact EMAIL)")
    if findings:
        todo.append(f"decide {len(findings)} name variant(s) (listed above): a correction, normalisation or "
                    "comment decision in the edition data, or the shared entry's id where it is the same person")
    todo.append("check collection.yaml: the collection's title and id (init drafts them from this transcript's "
                "title), and the register's people: forms, first names and patronymics")
    todo.append(f"run tei-roundtable check-text --edition {data_path} and decide each finding of the text "
                "(a decision, or a dismissal with its reason)")
    todo.append("then: tei-roundtable build")
    return findings, todo
