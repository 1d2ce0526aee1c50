r"""Parse a round-table transcript (the Markdown-like form described in DESIGN.md §1).

The parser keeps, for every piece of text, the source line and column it came from, so that
editorial decisions (which name source lines) and error messages can point back into the file.
It understands the form, not this one transcript: front matter (``## genre``, ``### title``,
``**Date:**``, ``**Place:**``, ``**Moderator:**``, ``**Speakers:**``, ``**List of
participants:**``) followed by turns ``**Label:** text`` whose paragraphs are separated by blank
lines.

Characters XML 1.0 does not allow (control characters other than tab and newline) are refused
with their line and column: the TEI could not hold them.

A line of a turn that looks like a speaker label but does not follow the form (``**Name**
text``, ``**Name**: text``, ``*Name:*``, ``__Name:__``, ``***Name:***``, ``＊＊Name:＊＊``,
``\*\*Name:\*\*``, ``<strong>Name:</strong>``, ``**Name：**`` with a full-width or other
colon-like character, any of these after Markdown block markers (``> ``, ``- ``, ``1. ``,
``## ``), ``Known Name: text`` without markup, or a well-formed label that does not start a
paragraph) is read as text of the turn above, as the form says. Since that silently gives the
words to the previous speaker, each such line is reported as a ``label-like`` warning in
:attr:`Transcript.warnings`, not as an error: the source is never edited and may really print
a malformed label, so the edition must stay buildable; the warning asks the editor to look at
the place. Looks like a label: a known person's name, or two to five capitalised words (one
with a colon); without a colon only in bold at the very start of the line (``- **Name**,
role`` is a list item, ``*Novaya Gazeta*`` a title), or a known name in italics.

Lines end at LF (CRLF and CR are read as LF), not at U+2028, U+2029 or NEL, which
``str.splitlines`` would also split at: line numbers must be those an editor, ``grep`` and
the edition data's ``where:`` count, and the fidelity check reads lines the same way. Text
after such a character is text of the same line; a label there is reported as label-like.

A speaker label needs no space after it (``**Name:**Text`` is a turn): the label and the text
are separate words, in the TEI (``speaker`` and ``p``) as in the fidelity check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ._form import FIELD as _FIELD, LIST_FIELDS, LIST_ITEM as _LIST_ITEM, REQUIRED_FIELDS
from ._io import non_xml_char, read_text
from .errors import InputError
from .findings import WARNING, Finding

LABEL_LIKE = "label-like"
# Characters a label's colon may be printed as: the colon, its full-width and small forms, the
# ratio sign, the modifier letter colons.
_COLONS = ":\uff1a\ufe55\ufe13\u2236\ua789\u02f8"
# Markdown block markers before a label-like span: block quotes, list items, headings.
_BLOCK_MARKERS = r"(?:>[ \t]*|(?:[-+*\u2022]|\d{1,3}[.)]|#{1,6})[ \t]+)*"
# An emphasis mark: up to three asterisks or underscores, full-width or escaped ones too.
_MARK_CHARS = "*_\uff0a\ufe61\u2217\uff3f"
_MARK = rf"(?:\\?[{_MARK_CHARS}]){{1,3}}"
# A line starting (after any block markers) with a span in emphasis: **…**, ***…***, __…__, *…*,
# _…_, ＊＊…＊＊, \*\*…\*\*, <strong>…</strong>, <b>, <em>, <i>.
_EMPHASIS = re.compile(
    rf"(?P<indent>[ \t]*)(?P<markers>{_BLOCK_MARKERS})(?P<emphasis>"
    rf"(?P<open>{_MARK}|<(?P<tag>strong|b|em|i)(?:\s[^<>]*)?>)"
    rf"(?P<span>[^{_MARK_CHARS}<>\\\n]+?)"
    rf"(?:{_MARK}|</(?P=tag)\s*>))(?![{_MARK_CHARS}])"
)
# A line starting (after any block markers) with a name and a colon, with no markup.
_PLAIN_LABEL = re.compile(
    rf"(?P<indent>[ \t]*)(?P<markers>{_BLOCK_MARKERS})(?P<name>[^\W\d_][^{_COLONS}\n]{{0,80}}?)[{_COLONS}](?:\s|$)"
)
# Characters str.splitlines() takes as line ends that the reader does not (see parse_text).
_INNER_BREAKS = re.compile("[\x85\u2028\u2029]")
_INNER_BREAK_NAMES = {"\x85": "U+0085 NEXT LINE", "\u2028": "U+2028 LINE SEPARATOR", "\u2029": "U+2029 PARAGRAPH SEPARATOR"}
_NAME_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
# A paragraph ending in one of these is complete; anything else followed by a block that
# starts in lower case was cut by a page break of the printed original.
_SENTENCE_END = tuple(".?!…:;”’\"')]")


@dataclass(frozen=True)
class Piece:
    """``text[start:end]`` of a paragraph came from ``line``, starting at ``column`` (1-based)."""

    line: int
    column: int
    start: int
    end: int


@dataclass
class Text:
    """A run of source text with its provenance, possibly joined across page breaks."""

    text: str
    pieces: list[Piece]
    breaks: list[int] = field(default_factory=list)  # offsets of page breaks in ``text``

    @property
    def line(self) -> int:
        return self.pieces[0].line

    @property
    def lines(self) -> list[int]:
        return [p.line for p in self.pieces]

    def position(self, offset: int) -> tuple[int, int]:
        """Source (line, column) of ``offset`` in ``text``."""
        for piece in self.pieces:
            if piece.start <= offset <= piece.end:
                return piece.line, piece.column + offset - piece.start
        last = self.pieces[-1]
        return last.line, last.column + last.end - last.start

    def spans_on_line(self, line: int) -> tuple[int, int] | None:
        """The range of ``text`` that came from source ``line``, or None."""
        ranges = [(p.start, p.end) for p in self.pieces if p.line == line]
        if not ranges:
            return None
        return min(r[0] for r in ranges), max(r[1] for r in ranges)


@dataclass
class Entry:
    """One person in the front matter: ``Name, description;`` (the printed item is ``text``)."""

    marker: str
    text: Text
    name: str
    description: str


@dataclass
class FrontField:
    label: str
    line: int
    value: Text | None  # None for list fields


@dataclass
class FrontMatter:
    genre: Text | None
    title: Text
    fields: dict[str, FrontField]
    moderator: Entry
    speakers: list[Entry]
    participants: list[Entry]

    @property
    def title_text(self) -> str:
        return self.title.text.strip().strip("“”\"'‘’").strip()

    @property
    def people(self) -> list[tuple[str, Entry]]:
        """Every person of the event with their role, in the order printed."""
        return (
            [("moderator", self.moderator)]
            + [("speaker", e) for e in self.speakers]
            + [("participant", e) for e in self.participants]
        )


@dataclass
class Turn:
    label: str
    label_line: int
    label_column: int
    paragraphs: list[Text]


@dataclass
class Transcript:
    path: Path
    front: FrontMatter
    turns: list[Turn]
    warnings: list[Finding] = field(default_factory=list)  # label-like lines (see the module's docstring)

    @property
    def page_breaks(self) -> list[tuple[int, int]]:
        """(line before, line after) for every page break re-joined by the parser."""
        found = []
        for turn in self.turns:
            for para in turn.paragraphs:
                for offset in para.breaks:
                    before = para.position(offset - 1)[0]
                    after = para.position(offset + 1)[0]
                    found.append((before, after))
        return found


@dataclass
class _Block:
    lines: list[tuple[int, str]]  # (line number, text)

    @property
    def line(self) -> int:
        return self.lines[0][0]

    @property
    def first(self) -> str:
        return self.lines[0][1]


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            current.append((number, line))
        elif current:
            blocks.append(_Block(current))
            current = []
    if current:
        blocks.append(_Block(current))
    return blocks


def _text(lines: list[tuple[int, str]], skip: int = 0) -> Text:
    """Join source lines with single spaces; ``skip`` characters of the first line are not text."""
    parts: list[str] = []
    pieces: list[Piece] = []
    offset = 0
    for index, (number, line) in enumerate(lines):
        start_col = skip if index == 0 else 0
        raw = line[start_col:]
        lead = len(raw) - len(raw.lstrip())
        content = raw.strip()
        if parts:
            parts.append(" ")
            offset += 1
        pieces.append(Piece(number, start_col + lead + 1, offset, offset + len(content)))
        parts.append(content)
        offset += len(content)
    return Text("".join(parts), pieces)


def _join(first: Text, second: Text) -> Text:
    """Re-join a paragraph cut by a page break; the break is remembered as an offset."""
    offset = len(first.text) + 1
    pieces = first.pieces + [
        Piece(p.line, p.column, p.start + offset, p.end + offset) for p in second.pieces
    ]
    breaks = first.breaks + [offset] + [b + offset for b in second.breaks]
    return Text(first.text + " " + second.text, pieces, breaks)


def _is_cut(paragraph: Text, following: Text) -> bool:
    head = following.text.lstrip()
    return bool(head) and head[0].islower() and not paragraph.text.rstrip().endswith(_SENTENCE_END)


def _entry(marker: str, text: Text, path: Path) -> Entry:
    body = text.text.rstrip(";.,").strip()
    name, _, description = body.partition(",")
    if not name.strip():
        raise InputError("list item has no name", path, text.line, text.pieces[0].column)
    return Entry(marker, text, name.strip(), description.strip())


def parse(path: str | Path) -> Transcript:
    """Parse a transcript file; raise :class:`InputError` (with line and column) on bad form."""
    path = Path(path)
    return parse_text(read_text(path), path)


def parse_text(source: str, path: str | Path = "<transcript>") -> Transcript:
    path = Path(path)
    bad = non_xml_char(source)
    if bad:
        offset, what = bad
        raise InputError(
            f"character {what} is not allowed in XML",
            path,
            source.count("\n", 0, offset) + 1,
            offset - source.rfind("\n", 0, offset),
            hint="delete it, or replace it with the character meant: the TEI cannot hold it",
        )
    blocks = _blocks(source)
    index = 0
    genre: Text | None = None
    title: Text | None = None
    fields: dict[str, FrontField] = {}
    lists: dict[str, list[Entry]] = {}
    while index < len(blocks):
        block = blocks[index]
        first = block.first.strip()
        if first == "---" or first.startswith("<!--"):
            index += 1
            continue
        if first.startswith("### "):
            title = _text(block.lines, block.first.index("### ") + 4)
            index += 1
            continue
        if first.startswith("## ") or first.startswith("# "):
            genre = _text(block.lines, block.first.index("#") + block.first.lstrip().index(" ") + 1)
            index += 1
            continue
        match = _FIELD.match(block.first)
        if not match or match["label"].strip() not in REQUIRED_FIELDS + LIST_FIELDS:
            break
        label = match["label"].strip()
        if label in fields:
            raise InputError(f"front-matter field **{label}:** appears twice", path, block.line, 1)
        if label in LIST_FIELDS:
            if match["value"].strip():
                # The form puts a list's entries below its label; text beside the label would
                # otherwise be dropped silently (and then fail text fidelity).
                raise InputError(
                    f"text after **{label}:** on the same line: {match['value'].strip()[:60]!r}", path,
                    block.line, match.start("value") + 1,
                    hint=f"put each entry on its own line below **{label}:**, as '- Name, description;'",
                )
            entries: list[Entry] = []
            fields[label] = FrontField(label, block.line, None)
            index += 1
            if len(block.lines) > 1:
                item_blocks = [_Block(block.lines[1:])]
            else:
                item_blocks = []
                while index < len(blocks) and _LIST_ITEM.match(blocks[index].first.strip()):
                    item_blocks.append(blocks[index])
                    index += 1
            for item_block in item_blocks:
                for number, line in item_block.lines:
                    item = _LIST_ITEM.match(line.strip())
                    if not item:
                        raise InputError(
                            f"expected a list item ('- Name, description;' or '1. Name, description;') under **{label}:**",
                            path,
                            number,
                            1,
                        )
                    skip = line.index(item["text"])
                    entries.append(_entry(item["marker"], _text([(number, line)], skip), path))
            if not entries:
                raise InputError(f"**{label}:** has no entries", path, block.line, 1)
            lists[label] = entries
            continue
        if not match["value"].strip():
            raise InputError(f"front-matter field **{label}:** has no value", path, block.line, 1)
        fields[label] = FrontField(label, block.line, _text(block.lines, match.start("value")))
        index += 1

    first_turn_line = blocks[index].line if index < len(blocks) else source.count("\n") + 1
    if title is None:
        raise InputError(
            "front matter has no title (a '### “Title”' line)", path, first_turn_line, 1,
            hint="put the title before the **Date:** line",
        )
    for required in REQUIRED_FIELDS:
        if required not in fields:
            raise InputError(
                f"front-matter field **{required}:** is missing",
                path,
                first_turn_line,
                1,
                hint=f"add a line '**{required}:** …' to the front matter before the first turn",
            )
    moderator_value = fields["Moderator"].value
    assert moderator_value is not None
    front = FrontMatter(
        genre=genre,
        title=title,
        fields=fields,
        moderator=_entry("", moderator_value, path),
        speakers=lists.get("Speakers", []),
        participants=lists.get("List of participants", []),
    )

    turns: list[Turn] = []
    known = {entry.name.casefold() for _, entry in front.people} | {
        m["label"].strip().casefold() for m in map(_FIELD.match, (b.first for b in blocks[index:])) if m
    }
    warnings: list[Finding] = []
    for block in blocks[index:]:
        match = _FIELD.match(block.first)
        if match:
            text_lines = block.lines
            if not match["value"].strip():
                if len(block.lines) == 1:
                    raise InputError(
                        f"speaker label '{match['label'].strip()}' has no text",
                        path,
                        block.line,
                        1,
                        hint="put the turn's first paragraph on the same line as its label",
                    )
            paragraph = _text(text_lines, match.start("value"))
            turns.append(Turn(match["label"].strip(), block.line, 3, [paragraph]))
            warnings.extend(_label_like(block, turns[-1], known, path))
            continue
        if not turns:
            raise InputError(
                "text before the first speaker label is neither front matter nor a turn",
                path,
                block.line,
                1,
                hint="start each turn with '**Speaker Name:** text'",
            )
        warnings.extend(_label_like(block, turns[-1], known, path))
        paragraph = _text(block.lines)
        turn = turns[-1]
        if _is_cut(turn.paragraphs[-1], paragraph):
            turn.paragraphs[-1] = _join(turn.paragraphs[-1], paragraph)
        else:
            turn.paragraphs.append(paragraph)
    if not turns:
        raise InputError(
            "no turns found after the front matter", path, first_turn_line, 1,
            hint="each turn starts with '**Speaker Name:** text'",
        )
    return Transcript(path, front, turns, warnings)


def _is_name(span: str, known: set[str], colon: bool) -> bool:
    """True for a known person's name, or for two to five words whose first and last are
    capitalised; one capitalised word only with a colon (``*Applause*`` is no label)."""
    if span.casefold() in known:
        return True
    words = span.split()
    return (
        (1 if colon else 2) <= len(words) <= 5
        and all(_NAME_WORD.fullmatch(word) for word in words)
        and words[0][0].isupper()
        and words[-1][0].isupper()
    )


def _looks_like_label(text: str, known: set[str], first: bool) -> tuple[int, str, str] | None:
    """(offset, what, what is read as text) when ``text``, the start of a line, looks like a
    speaker label; ``first``: the start of the block, where a well-formed label is one."""
    label = _FIELD.match(text)
    if label:
        if first or not _is_name(label["label"].strip(), known, colon=True):
            return None
        return 0, f"speaker label '{text[:label.end('label') + 3].strip()}' does not start a paragraph", "it"
    emphasis = _EMPHASIS.match(text)
    if emphasis:
        span = emphasis["span"].strip()
        name = span.rstrip(_COLONS).rstrip()
        colon = span.endswith(tuple(_COLONS)) or text[emphasis.end():].lstrip(" \t").startswith(tuple(_COLONS))
        tag = emphasis["tag"]
        bold = tag in ("strong", "b") if tag else len(emphasis["open"].replace("\\", "")) > 1
        # Without a colon only bold at the start of a line, as labels are printed: after a block
        # marker ("- **Name**, role") or in italics ("*Novaya Gazeta* wrote") it is a list item
        # or a title, unless it is a known person's name in italics.
        if colon or (bold and not emphasis["markers"]):
            looks = _is_name(name, known, colon)
        else:
            looks = not emphasis["markers"] and name.casefold() in known
        if looks:
            shown = emphasis["markers"] + emphasis["emphasis"]
            return len(emphasis["indent"]), f"'{shown.strip()}' looks like a speaker label but is not one", "the line"
    plain = _PLAIN_LABEL.match(text)
    if plain and plain["name"].strip().casefold() in known:
        return len(plain["indent"]), f"'{plain.group().strip()}' looks like a speaker label but is not one", "the line"
    return None


def _label_like(block: _Block, turn: Turn, known: set[str], path: Path) -> Iterator[Finding]:
    """Warnings for lines of ``block`` that look like speaker labels but are read as ``turn``'s text.

    A line is also looked at after each character that ends a line for some tools but not for
    the reader (U+2028, U+2029, NEL): a label there is text of the line.
    """
    merged = f"read as text of the turn of '{turn.label}' (line {turn.label_line})"
    for position, (number, line) in enumerate(block.lines):
        starts = [(0, None)] + [(m.end(), m.group()) for m in _INNER_BREAKS.finditer(line)]
        for start, after in starts:
            found = _looks_like_label(line[start:], known, first=position == 0 and after is None)
            if found is None:
                continue
            offset, what, subject = found
            where = f" (it follows {_INNER_BREAK_NAMES[after]}, which does not end a line)" if after else ""
            yield Finding(
                str(path), number, start + offset + 1, LABEL_LIKE, WARNING,
                f"{what}{where}: {subject} is {merged}",
                "a speaker label is '**Name:** text' at the start of a paragraph; if a turn starts here, "
                "the printed label is malformed: check the original before publishing the edition",
            )
