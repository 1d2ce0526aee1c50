"""check-text: candidate problems of a transcript's text, and whether the edition decides each.

Six rules (:mod:`tei_roundtable._textrules`) read the transcript's front matter and turns and
propose places for an editor to read: ``text-spelling``, ``text-punctuation``, ``text-sentence``,
``text-figures``, ``text-roles`` and ``text-terms``. A finding is *decided* when

* a decision of the edition data (correction, normalisation or comment) covers its line and its
  ``source`` overlaps the finding's words on that line, or
* a dismissal (``dismissals:``, with ``rule``, ``line``, ``text`` and ``reason``) of the same
  rule names its line and words: the editors judged it a false alarm.

Findings are warnings (a candidate is not yet an error of the text); the check fails while any
is undecided. A seventh rule, ``text-consistency``, compares the decisions: one kind of error
(a comma cutting a phrase, a missing word …) decided as a correction in one place and otherwise
in another is reported where it differs. A dismissal that no longer matches a finding is reported too (rule
``text-dismissal``, at its line of the edition data): a stale dismissal would otherwise hide
nothing and mislead the next reader of the data.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from ._textrules import RULES, Candidate, Context
from .edition import Decision, Dismissal, Edition
from .edition import load as load_edition
from .errors import CheckFailed
from .findings import WARNING, Finding
from .names import Vocabulary
from .readings import word_pattern
from .transcript import Text, Transcript, parse

STALE = "text-dismissal"
CONSISTENCY = "text-consistency"
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass(frozen=True)
class Located:
    """A candidate with its source line and column, and what decides it (if anything)."""

    candidate: Candidate
    line: int
    column: int
    decided_by: Decision | Dismissal | None

    @property
    def words(self) -> str:
        c = self.candidate
        return c.text.text[c.start:c.end]


def context(transcript: Transcript, edition: Edition | None, vocabulary: Vocabulary | None = None) -> Context:
    """What the rules read, from the transcript and (where given) the edition data and the
    transcript's words (:func:`tei_roundtable.names.vocabulary`)."""
    fm = transcript.front
    texts: list[Text] = [fm.title]
    texts += [f.value for name, f in fm.fields.items() if name in ("Date", "Place") and f.value is not None]
    texts += [entry.text for _, entry in fm.people]
    prose = [p for turn in transcript.turns for p in turn.paragraphs]
    texts += prose
    names: set[str] = set()
    roles: dict[str, str] = {}
    for _, entry in fm.people:
        names.update(entry.name.split())
        for word in entry.name.split():
            roles[word.casefold()] = entry.description.casefold()
    canonical = set(names)
    for turn in transcript.turns:
        names.update(turn.label.split())
    entity_forms: dict[str, list[str]] = {}
    lexicon: frozenset[str] = frozenset()
    if edition is not None:
        lexicon = edition.lexicon
        for entity in edition.entities.values():
            names.update(w for form in entity.forms for w in re.split(r"[\s“”\"()-]+", form) if w)
            words = [w for w in re.split(r"[\s“”\"()-]+", entity.name) if w]
            names.update(words)
            canonical.update(words)
            if entity.kind == "person":
                described = " ".join(str(entity.data.get(k, "")) for k in ("note", "affiliation", "role")).casefold()
                for key in ("forename", "patronymic", "surname"):
                    value = entity.data.get(key)
                    if value:
                        names.add(value)
                        canonical.add(value)
                        roles[value.casefold()] = (roles.get(value.casefold(), "") + " " + described).strip()
            elif entity.kind in ("org", "place"):  # a work's forms are descriptions, not its name
                entity_forms[entity.id] = list(entity.forms)
    date = fm.fields.get("Date")
    year = _YEAR.search(date.value.text) if date is not None and date.value is not None else None
    return Context(texts, prose, names, canonical, set(lexicon), roles, int(year[1]) if year else None, entity_forms,
                   vocabulary)


def _overlaps(text: Text, start: int, end: int, needle: str, line: int) -> bool:
    """Whether ``needle`` occurs on source ``line`` of ``text`` overlapping ``[start, end)``."""
    span = text.spans_on_line(line)
    if span is None:
        return False
    return any(m.start() < end and start < m.end() for m in word_pattern(needle).finditer(text.text, *span))


def locate(candidates: Iterable[Candidate], edition: Edition | None) -> list[Located]:
    decisions = [d for d in edition.decisions if d.source] if edition is not None else []
    dismissals = edition.dismissals if edition is not None else []
    found = []
    for c in candidates:
        line, column = c.text.position(c.start)
        lines = {c.text.position(i)[0] for i in (c.start, max(c.start, c.end - 1))}
        by: Decision | Dismissal | None = next(
            (d for d in decisions for n in sorted(lines)
             if d.covers(n) and _overlaps(c.text, c.start, c.end, d.source, n)), None)
        if by is None:
            by = next((d for d in dismissals if d.rule == c.rule and d.line in lines
                       and _overlaps(c.text, c.start, c.end, d.text, d.line)), None)
        found.append(Located(c, line, column, by))
    return sorted(found, key=lambda f: (f.line, f.column, f.candidate.rule, f.candidate.message))


def candidates(transcript: Transcript, edition: Edition | None) -> Iterator[Candidate]:
    yield from _run(context(transcript, edition))


def _run(ctx: Context) -> Iterator[Candidate]:
    seen = set()
    for rule in RULES.values():
        for c in rule(ctx):
            key = (c.rule, id(c.text), c.start, c.end)
            if key not in seen:  # one place, one finding per rule
                seen.add(key)
                yield c


def review(transcript_path: str | Path, edition: Edition | str | Path | None = None) -> list[Located]:
    """Every candidate of the transcript, located, with what decides it (the precision table's input)."""
    if edition is not None and not isinstance(edition, Edition):
        edition = load_edition(edition)
    transcript = parse(transcript_path)
    return locate(candidates(transcript, edition), edition)


def _check_dismissal_places(edition: Edition, transcript: Transcript, texts: list[Text]) -> None:
    """Raise a located error for a dismissal whose words are not printed on its line."""
    for dismissal in edition.dismissals:
        spans = [(t, t.spans_on_line(dismissal.line)) for t in texts]
        if not any(span and word_pattern(dismissal.text).search(t.text, *span) for t, span in spans):
            raise edition.error(
                f"'{dismissal.text}' does not occur on line {dismissal.line} of {transcript.path.name}",
                "dismissals", dismissal.index, "text", hint="copy the words of the finding exactly as printed, or correct 'line'")


def _stale_dismissals(edition: Edition, located: list[Located], used: set[int]) -> Iterator[Finding]:
    used = used | {f.decided_by.index for f in located if isinstance(f.decided_by, Dismissal)}
    for dismissal in edition.dismissals:
        if dismissal.index not in used:
            yield Finding(
                str(edition.path), edition.line_of("dismissals", dismissal.index), 0, STALE, WARNING,
                f"dismissal of {dismissal.rule} on line {dismissal.line} ('{dismissal.text}') matches no finding",
                "remove it: the text or the rule changed, and it no longer decides anything")


def _treatment(item: Located) -> str | None:
    by = item.decided_by
    return by.type if isinstance(by, Decision) else "dismissal" if isinstance(by, Dismissal) else None


def _inconsistent(located: list[Located], dismissals: list[Dismissal], file: str, used: set[int]) -> Iterator[Finding]:
    """One kind of error decided two ways: each place treated otherwise than the kind's usual way.

    "The same kind of error, the same treatment": a comma corrected in one place and kept or
    dismissed in its twin is a finding, at the twin, until the treatments agree or a dismissal
    of this rule says why the twin differs (its index goes into ``used``).
    """
    by_kind: dict[tuple[str, str], list[Located]] = {}
    for item in located:
        if item.candidate.kind and _treatment(item) is not None:
            by_kind.setdefault((item.candidate.rule, item.candidate.kind), []).append(item)
    for (_, kind), items in by_kind.items():
        treatments = [_treatment(i) for i in items]
        counts = Counter(treatments)
        if len(counts) < 2:
            continue
        # the most common treatment; on a tie, that of the first place
        usual = max(counts, key=lambda t: (counts[t], -treatments.index(t)))
        places = ", ".join(f"l. {i.line}" for i in items if _treatment(i) == usual)
        for item in items:
            if _treatment(item) == usual:
                continue
            c = item.candidate
            dismissal = next((d for d in dismissals if d.rule == CONSISTENCY and d.line == item.line
                              and _overlaps(c.text, c.start, c.end, d.text, d.line)), None)
            if dismissal is not None:
                used.add(dismissal.index)
                continue
            yield Finding(
                file, item.line, item.column, CONSISTENCY, WARNING,
                f"'{item.words}' ({kind}) is decided as a {_treatment(item)}, the same kind at {places} as a {usual}",
                f"treat the same kind of error the same way, or dismiss this finding (rule {CONSISTENCY}) saying why it differs")


def iter_findings(transcript_path: str | Path, edition: Edition | str | Path | None = None, *,
                  transcript: Transcript | None = None, words: Vocabulary | None = None) -> Iterator[Finding]:
    """One warning per candidate that no decision or dismissal decides, then stale dismissals.

    A dismissal whose words are not on its line raises :class:`InputError` before any finding.
    ``transcript``: the file at ``transcript_path`` parsed already (read, never changed);
    ``words``: its :func:`tei_roundtable.names.vocabulary`, made already (validate makes it
    once for this check and the name check).
    """
    if edition is not None and not isinstance(edition, Edition):
        edition = load_edition(edition)
    if transcript is None:
        transcript = parse(transcript_path)
    ctx = context(transcript, edition, words)
    if edition is not None:
        _check_dismissal_places(edition, transcript, ctx.texts)
    located = locate(_run(ctx), edition)
    file = str(transcript_path)
    for item in located:
        if item.decided_by is None:
            c = item.candidate
            yield Finding(file, item.line, item.column, c.rule, WARNING, c.message, c.hint)
    if edition is not None:
        used: set[int] = set()
        yield from _inconsistent(located, edition.dismissals, file, used)
        yield from _stale_dismissals(edition, located, used)


COLUMNS = ("findings", "decision", "dismissal", "lexicon", "undecided")


def precision(transcript_path: str | Path, edition: Edition | str | Path) -> dict[str, Counter]:
    """Per rule: how many findings the rules make on the transcript, and what decides each.

    The lexicon is left out of the rules' context here, so that a word the editors added to it
    counts as the false alarm of the spelling rule that it was (column ``lexicon``).
    """
    if not isinstance(edition, Edition):
        edition = load_edition(edition)
    ctx = context(parse(transcript_path), edition)
    lexicon, ctx.lexicon = ctx.lexicon, set()
    table: dict[str, Counter] = {rule: Counter({c: 0 for c in COLUMNS}) for rule in RULES}
    for item in locate(_run(ctx), edition):
        row = table[item.candidate.rule]
        row["findings"] += 1
        if isinstance(item.decided_by, Decision):
            row["decision"] += 1
        elif isinstance(item.decided_by, Dismissal):
            row["dismissal"] += 1
        elif item.candidate.rule == "text-spelling" and item.words.casefold() in lexicon:
            row["lexicon"] += 1
        else:
            row["undecided"] += 1
    return table


def precision_table(table: dict[str, Counter]) -> str:
    """The table as Markdown: per rule, findings and what decides them; precision = decisions / findings."""
    lines = ["| rule | findings | led to a decision | dismissed | added to the lexicon | undecided | precision |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    total: Counter = Counter()
    for rule, row in list(table.items()) + [("all rules", None)]:
        if row is None:
            row = total
        else:
            total.update(row)
        share = f"{row['decision'] / row['findings']:.0%}" if row["findings"] else "–"
        lines.append(f"| {'**' + rule + '**' if rule == 'all rules' else '`' + rule + '`'} | "
                     + " | ".join(str(row[c]) for c in COLUMNS) + f" | {share} |")
    return "\n".join(lines) + "\n"


def check(transcript_path: str | Path, edition: Edition | str | Path | None = None) -> None:
    """Raise :class:`CheckFailed` with the findings if any is undecided."""
    findings = list(iter_findings(transcript_path, edition))
    if findings:
        raise CheckFailed(f"{len(findings)} text finding(s) without a decision or dismissal", findings)


def is_valid(transcript_path: str | Path, edition: Edition | str | Path | None = None) -> bool:
    return not any(True for _ in iter_findings(transcript_path, edition))
