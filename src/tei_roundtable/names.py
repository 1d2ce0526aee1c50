"""check-names: name forms of a transcript that look like variants of one another, and whether
an editorial decision covers each of them.

The check collects every name form of a transcript — the people of the front matter, the
speaker labels, the register's forms found in the text and the capitalised words the register
does not know — and groups near-identical forms. A group with more than one form is a variant
(``Abdylidaev`` ~ ``Abdyldaev``); it is *decided* when every occurrence of every form but one is
the ``source`` of an editorial decision (correction, normalisation or a comment that keeps it).

Rules, chosen so that the check is quiet on a finished edition without a list of exceptions:

* Person names are split into first name, patronymic and surname (patronymics are recognised
  by their ending: -ovich, -evich, -ovna, -evna, …). Surnames are compared only between names
  with the same (or a near-identical) first name; different first names mean different people,
  whatever their surnames. With the same first name a looser likeness counts
  (Umarzak Uzbekov ~ Umarzak Uzakbaev).
* Forms are compared on a transliteration key (kh→h, zh→j, y→i, doubled letters …), by edit
  distance (one edit for 5–7 letters, two from 8, none below 5).
* Inflection and derivation are not variants: Russia/Russian/Russians, Uzbek/Uzbeks/Uzbekistan,
  Ashirov/Ashirovich. A real typo is: Centra/Central (``l`` is no English suffix).
* Acronyms (all capitals) are variants only of the same letters in another case or punctuation.
* A capitalised word that also occurs in lower case in the transcript is a common word
  (Union/union); it takes part only as the partner of a name. A capitalised word that occurs only
  at the start of sentences is weak evidence of a name; two weak words are never grouped.
* Where the edition data's register assigns two single-word forms to different entities, they
  are different names (Belorussia/Russia), not variants.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from itertools import chain, combinations
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

from rapidfuzz.distance import OSA, JaroWinkler

from .edition import Decision, Edition
from .edition import load as load_edition
from .errors import CheckFailed
from .transcript import Text, Transcript, parse
from .findings import Finding

RULE = "names-undecided-variant"

# Patronymics of Russian form, in any transliteration: -ovich, -evich, -yevich, -ovna, -ichna …
_PATRONYMIC = re.compile(r"(?:[oe]vi?ch|[oe]vych|[oe]vna|ichna)$", re.IGNORECASE)
# Surnames of Russian/Central Asian form: -ov, -ev (-aev, -iev, -yev), -ova, -eva, -uly, -zoda.
_SURNAME = re.compile(r"(?:[oe]va?|uly|uulu|zod[ae])$", re.IGNORECASE)
# English inflection and derivation of names (and Russian patronymic/feminine endings): a form
# that is another form plus these is the same word, not a variant.
_SUFFIXES = (
    "s", "es", "'s", "’s", "n", "an", "ans", "ian", "ians", "ean", "eans", "ns", "ese", "i", "is",
    "ic", "ics", "ism", "isms", "ist", "ists", "ite", "ites", "ish", "ern", "stan", "istan",
    "ich", "vich", "ovich", "evich", "ovna", "evna", "na", "a",
)
_VOWELS = set("aeiouy")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# What _WORD matches in a text of ASCII characters alone (most paragraphs), with a class of
# ranges rather than of Unicode categories (as _textrules.ASCII_WORD): 1.2 -> 0.75 ms.
_ASCII_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_WORD_CHARS = re.compile(r"\w+")
_LETTERS = re.compile(r"[^\W\d_]+")
_APOSTROPHE = re.compile(r"['’]")
_SENTENCE_END = set(".!?…:;\"“”‘'")
_TRANSLIT = (
    ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"), ("gh", "g"), ("sch", "sh"), ("ph", "f"),
    ("ck", "k"), ("q", "k"), ("w", "v"), ("x", "ks"), ("ye", "e"), ("yo", "o"), ("yu", "u"),
    ("ya", "a"), ("iy", "i"), ("y", "i"), ("ou", "u"),
)
_MAX_LINES = 6  # occurrences listed per kind of place in a message
_FRONT_PLACES = {"moderator": "moderator", "speaker": "speakers", "participant": "participants"}


# Occurrence and Item are named tuples, not frozen dataclasses: a collection makes one of each
# per name word (1,352 of each for the bundled edition), and a frozen dataclass's __init__ sets
# each field through object.__setattr__ in Python (1.8 ms a validation, 0.75 as tuples). They
# stay immutable, compared and hashed by their fields, and printed as before; nothing unpacks,
# orders or replaces them (a test checks what callers rely on).
class Occurrence(NamedTuple):
    """A name form as printed at one place of the transcript."""

    form: str
    line: int
    column: int
    where: str  # moderator | speakers | participants | labels | text


class _Facts(NamedTuple):
    """What a capitalised word is wherever it stands (:meth:`_Collector._facts`)."""

    word: str  # without a possessive ending
    common: bool  # a common word (_Collector._common)
    role: str  # surname | word
    first_name: bool  # one of the register's first names
    patronymic: bool  # has a patronymic's ending
    surname_ending: bool  # has a surname's ending


class Item(NamedTuple):
    """One word of a name, in its role, with the context the comparison needs."""

    token: str
    role: str  # first | patronymic | surname | word
    occurrence: Occurrence
    first: str | None = None  # the first name beside a surname or patronymic (casefolded)
    surname: str | None = None  # the surname beside a first name (casefolded)
    ref: str | None = None  # register id, where the register names this word alone
    strength: str = "name"  # name | weak (only sentence-initial) | common (also lower case)


@dataclass
class Cluster:
    """Near-identical forms, each with its occurrences; ``preferred`` is the reading kept."""

    forms: dict[str, list[Item]]
    preferred: str = ""
    undecided: dict[str, list[Item]] = field(default_factory=dict)


# ----- comparison -----------------------------------------------------------------------------
@lru_cache(maxsize=1 << 16)  # asked for a few hundred forms, tens of thousands of times
def translit_key(word: str) -> str:
    """A key that is equal for common transliterations of one name (Bakiyev/Bakiev, Kh/H)."""
    value = unicodedata.normalize("NFKD", word.casefold())
    value = "".join(c for c in value if c.isalpha())
    for old, new in _TRANSLIT:
        value = value.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", value)


def _stems(word: str) -> set[str]:
    """``word`` and what remains after stripping up to two inflectional/derivational suffixes."""
    found = {word}
    frontier = {word}
    for _ in range(2):
        nxt = set()
        for value in frontier:
            for suffix in _SUFFIXES:
                if value.endswith(suffix) and len(value) - len(suffix) >= 3:
                    nxt.add(value[: -len(suffix)])
        found |= nxt
        frontier = nxt
    return found | {w[:-1] for w in found if w[-1:] in _VOWELS and len(w) > 3}


def derived(a: str, b: str) -> bool:
    """True if one form is the other inflected or derived (Russia/Russians, Uzbek/Uzbekistan)."""
    x, y = a.casefold(), b.casefold()
    if x == y:
        return True
    short, long = sorted((x, y), key=len)
    if not long.startswith(short[:3]):
        return False
    stems_long = _stems(long)
    return short in stems_long or (short[-1:] in _VOWELS and short[:-1] in stems_long)


def is_acronym(word: str) -> bool:
    if word.islower():
        return False  # most words: every cased character lower case, so no letter is upper case
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _allowed_edits(length: int) -> int:
    return 0 if length < 5 else 1 if length < 8 else 2


def similar(a: str, b: str, loose: bool = False) -> bool:
    """Whether two different forms look like spellings of one name.

    ``loose`` is for surnames of people with the same first name: a Jaro-Winkler likeness of
    0.85 or the same consonants in another order then suffices (Uzbekov ~ Uzakbaev).
    """
    if a == b or derived(a, b):
        return False
    if is_acronym(a) or is_acronym(b):
        return re.sub(r"\W", "", a).casefold() == re.sub(r"\W", "", b).casefold()
    x, y = translit_key(a), translit_key(b)
    if x == y:
        return True
    if OSA.distance(x, y) <= _allowed_edits(min(len(x), len(y))):
        return True
    if loose and len(x) >= 4 and len(y) >= 4 and x[0] == y[0]:
        if JaroWinkler.similarity(x, y) >= 0.85:
            return True
        consonants = lambda s: sorted(c for c in s if c not in _VOWELS)  # noqa: E731
        return consonants(x) == consonants(y)
    return False


def _same_first(a: str | None, b: str | None) -> str:
    """'same', 'near' or 'different' for two first names (None: unknown)."""
    if a is None or b is None:
        return "unknown"
    if a == b:
        return "same"
    return "near" if similar(a, b) else "different"


def linked(a: Item, b: Item) -> bool:
    """Whether two occurrences of different forms are candidates for one name."""
    if a.token == b.token:
        return False
    if a.ref and b.ref and a.ref != b.ref:
        return False  # the register says these are different entities
    if a.strength != "name" and b.strength != "name":
        return False  # two common or merely sentence-initial words are no evidence
    roles = {a.role, b.role}
    if roles == {"surname"}:
        relation = _same_first(a.first, b.first)
        if relation == "different":
            return False  # different first names: different people, whatever the surname
        return similar(a.token, b.token, loose=relation == "same")
    if roles == {"first"}:
        if a.surname and b.surname and a.surname != b.surname:
            return False
        return similar(a.token, b.token)
    if roles == {"patronymic"}:
        return a.first is not None and a.first == b.first and similar(a.token, b.token)
    if roles <= {"surname", "word"}:
        return similar(a.token, b.token)
    return False


# ----- collection -----------------------------------------------------------------------------
def _split_person(tokens: list[tuple[str, int]], first_names: set[str]) -> list[tuple[str, str, int]]:
    """(role, token, offset) for the words of one person name."""
    words = [t for t, _ in tokens]
    roles: list[str] = []
    for index, word in enumerate(words):
        if _PATRONYMIC.search(word) and index > 0:
            roles.append("patronymic")
        elif index == 0 and (len(words) > 1 or word.casefold() in first_names):
            roles.append("first")
        elif index == len(words) - 1:
            roles.append("surname")
        else:
            roles.append("first" if index == 0 else "patronymic")
    return [(role, word, offset) for role, (word, offset) in zip(roles, tokens)]


# A letter, an apostrophe, letters, an apostrophe and a letter: where _WORD (one apostrophe at
# most) and _textrules.WORD (any number) may part a text's words differently; without it they
# match the same words. Written apostrophe first (the letter before it a look-behind), so that
# the search stops at the apostrophes, not at every letter (0.6 -> 0.05 ms on the bundled texts).
_CHAIN = re.compile(r"['’](?<=[^\W\d_]['’])[^\W\d_]+['’][^\W\d_]")


@dataclass(frozen=True)
class Vocabulary:
    """The words of a transcript's texts, found by one pass over them (:func:`vocabulary`).

    The name check's collection starts from it; validate makes it once and hands it to the text
    check too, whose spelling rule reads the same words of the same texts (each scanning them
    was 1.4 ms of a validation). A text is looked up by its value; one not in it is scanned.
    """

    words: dict[str, frozenset[str]]  # a text's value -> its distinct _WORD matches
    capitalised: dict[str, list[re.Match]]  # a text's value -> its _WORD matches that start with a capital
    lower_words: frozenset[str]  # the words that start lower case somewhere (casefolded)
    capital_words: frozenset[str]  # the words not starting lower case somewhere not at a sentence start

    def spelling_words(self, value: str) -> frozenset[str] | None:
        """The distinct matches of ``_textrules.WORD`` (``ASCII_WORD`` for an ASCII text) in
        ``value``, where they are those of _WORD: the text holds no apostrophe, or none that
        _CHAIN finds; else None (not known)."""
        words = self.words.get(value)
        if words is None or (("'" in value or "’" in value) and _CHAIN.search(value)):
            return None
        return words


def _texts(transcript: Transcript) -> Iterator[tuple[Text, str]]:
    """Every run of text with names, and what part of the transcript it is."""
    fm = transcript.front
    yield fm.title, "title"
    for name in ("Date", "Place"):
        field_ = fm.fields.get(name)
        if field_ is not None and field_.value is not None:
            yield field_.value, "front"
    for role, entry in fm.people:
        # The whole item; its name is collected as a person and skipped here.
        yield entry.text, _FRONT_PLACES[role]
    for turn in transcript.turns:
        for paragraph in turn.paragraphs:
            yield paragraph, "text"


def vocabulary(transcript: Transcript) -> Vocabulary:
    """The words of every text of ``transcript`` (:class:`Vocabulary`), in one pass."""
    words: dict[str, frozenset[str]] = {}
    capitalised: dict[str, list[re.Match]] = {}
    lower_words: set[str] = set()
    capital_words: set[str] = set()
    for text, _ in _texts(transcript):
        value = text.text
        found = capitalised[value] = []
        distinct = set()
        for match in (_ASCII_WORD if value.isascii() else _WORD).finditer(value):
            word = match[0]
            distinct.add(word)
            if word[0].islower():
                lower_words.add(word.casefold())
                continue
            if word[0].isupper():
                found.append(match)
            if not _sentence_initial(value, match.start()):
                capital_words.add(word)
        words[value] = frozenset(distinct)
    return Vocabulary(words, capitalised, frozenset(lower_words), frozenset(capital_words))


class _Collector:
    def __init__(self, transcript: Transcript, edition: Edition | None, words: Vocabulary | None = None) -> None:
        self.t = transcript
        self.ed = edition
        self.items: list[Item] = []
        self.first_names: set[str] = set()
        self._vocabulary = words
        self.lower_words: frozenset[str] = frozenset()  # see Vocabulary
        self.capital_words: frozenset[str] = frozenset()  # capitalised somewhere not at a sentence start
        self._word_facts: dict[str, _Facts] = {}  # see _facts
        # A text's words that start with a capital, by the text: _runs looks at these alone.
        self._capitalised: dict[str, list[re.Match]] = {}
        self.single_refs: dict[str, str] = {}  # a one-word register form -> its entity
        self.person_forms: dict[str, str] = {}  # register person forms -> entity id
        self.forms: list[tuple[str, str, str, int | None]] = []  # (form, entity, kind, line)
        if edition is not None:
            for entity in edition.entities.values():
                for form in entity.forms:
                    self.forms.append((form, entity.id, entity.kind, None))
                    if entity.kind == "person":
                        self.person_forms[form] = entity.id
                    if len(_WORD.findall(form)) == 1:
                        self.single_refs.setdefault(form, entity.id)
                forename = entity.data.get("forename")
                if entity.kind == "person" and forename:
                    self.first_names.add(forename.casefold())
            for mention in edition.mentions:
                kind = edition.entities[mention.ref].kind
                self.forms.append((mention.text, mention.ref, kind, mention.line))
            self.forms.sort(key=lambda f: -len(f[0]))
        # The register's forms by their first word and the mentions by their line: a run of text
        # is searched only for the forms whose first word it holds and the mentions of its
        # lines, not for every form and mention of the edition data (see _text).
        self._by_first_word: dict[str, list[int]] = defaultdict(list)  # first word -> indexes in forms
        self._by_line: dict[int, list[int]] = defaultdict(list)  # a mention's line -> indexes in forms
        # Forms that do not start with a run of letters (a word character that is no letter: a
        # digit, '_'), which every run of text is searched for.
        self._unindexed: list[int] = []
        for index, (form, _, _, only_line) in enumerate(self.forms):
            first = _WORD_CHARS.match(form)
            if only_line is not None:
                self._by_line[only_line].append(index)
            elif first and _LETTERS.fullmatch(first[0]):
                self._by_first_word[first[0]].append(index)
            else:
                self._unindexed.append(index)
        # The words of each text (by its value), and their parts either side of an apostrophe,
        # gathered by collect's first pass: see _text.
        self._word_parts: dict[str, frozenset[str]] = {}
        for _, entry in transcript.front.people:
            words = entry.name.split()
            if len(words) > 1:
                self.first_names.add(words[0].casefold())
        for turn in transcript.turns:
            words = turn.label.split()
            if len(words) > 1:
                self.first_names.add(words[0].casefold())

    def texts(self) -> Iterator[tuple[Text, str]]:
        """Every run of text with names, and what part of the transcript it is."""
        return _texts(self.t)

    def collect(self) -> list[Item]:
        words = self._vocabulary if self._vocabulary is not None else vocabulary(self.t)
        self.lower_words, self.capital_words = words.lower_words, words.capital_words
        self._capitalised = words.capitalised
        for value, found in words.words.items():
            self._word_parts[value] = found.union(_parts(found))
        for role, entry in self.t.front.people:
            line, column = entry.text.line, entry.text.pieces[0].column
            self._person(entry.name, line, column, _FRONT_PLACES[role], self.person_forms.get(entry.name))
        for turn in self.t.turns:
            self._person(turn.label, turn.label_line, turn.label_column, "labels", self.person_forms.get(turn.label))
        for text, where in self.texts():
            self._text(text, where)
        return self.items

    def _person(self, name: str, line: int, column: int, where: str, ref: str | None,
                text: Text | None = None, start: int = 0) -> None:
        tokens = [(m[0], m.start()) for m in _WORD.finditer(name)]
        parts = _split_person(tokens, self.first_names)
        first = next((w.casefold() for role, w, _ in parts if role == "first"), None)
        surname = next((w.casefold() for role, w, _ in parts if role == "surname"), None)
        for role, word, offset in parts:
            if text is not None:
                tline, tcol = text.position(start + offset)
            else:
                tline, tcol = line, column + offset
            occurrence = Occurrence(word, tline, tcol, where)
            self.items.append(Item(
                word, role, occurrence,
                first=first if role in ("surname", "patronymic") else None,
                surname=surname if role == "first" else None,
                ref=ref,
            ))

    def _text(self, text: Text, where: str) -> None:
        value = text.text
        taken: list[tuple[int, int]] = []
        if where in _FRONT_PLACES.values():
            # A front-matter item: its name is collected as a person already.
            name_end = value.find(",")
            taken.append((0, name_end if name_end >= 0 else len(value)))
        line_of = lambda offset: text.position(offset)[0]  # noqa: E731
        # A whole-word match of a form starts where a run of word characters of the text equals
        # the form's first run: the other forms cannot occur. A run of letters bounded by no
        # word character is a word of _WORD, or one of its parts either side of an apostrophe
        # (collect found them): so the forms whose first run is made of letters are looked up
        # by the text's word parts (which may name more forms than its runs, found in no span),
        # and the text is not searched for its runs again (1.7 ms of the bundled edition's
        # 13). The candidates keep the forms' order (longest first), which decides between
        # overlapping forms.
        candidates = set(self._unindexed)
        parts = self._word_parts.get(value)
        for word in self._by_first_word.keys() & (parts if parts is not None else set(_WORD_CHARS.findall(value))):
            candidates.update(self._by_first_word[word])
        for number in set(text.lines):
            candidates.update(self._by_line.get(number, ()))
        for index in sorted(candidates):
            form, ident, kind, only_line = self.forms[index]
            if form not in value:
                continue  # most candidates (their first word is here) are not: one substring test each
            for span in whole_word_spans(value, form):
                if any(a < span[1] and span[0] < b for a, b in taken):
                    continue
                if only_line is not None and line_of(span[0]) != only_line:
                    continue
                taken.append(span)
                if kind == "person":
                    line, column = text.position(span[0])
                    self._person(form, line, column, where, ident, text, span[0])
                else:
                    self._words(text, span[0], span[1], where, ref=ident if form in self.single_refs else None)
        cursor = 0
        for a, b in sorted(taken):
            self._runs(text, cursor, a, where)
            cursor = max(cursor, b)
        self._runs(text, cursor, len(value), where)

    def _words(self, text: Text, start: int, end: int, where: str, ref: str | None) -> None:
        for match in _WORD.finditer(text.text, start, end):
            if match[0][0].isupper():
                self._word(text, match, where, ref)

    def _word(self, text: Text, match: re.Match, where: str, ref: str | None) -> None:
        facts = self._facts(match[0])
        word, common, role = facts.word, facts.common, facts.role
        line, column = text.position(match.start())
        occurrence = Occurrence(word, line, column, where)
        if common:
            strength = "common"
        elif word in self.capital_words or _sentence_initial(text.text, match.start()) is False:
            strength = "name"
        else:
            strength = "weak"
        self.items.append(Item(word, role, occurrence, ref=ref, strength=strength))

    def _facts(self, printed: str) -> _Facts:
        """What a capitalised word is wherever it stands: the word without a possessive ending,
        whether it is common (:meth:`_common`), its role (surname or word), and what :meth:`_run`
        asks of it: whether it is a first name, has a patronymic's ending or a surname's. Worked
        out once per distinct word of the run (names repeat), after the first pass has found
        every lower-case word (the first names are known from the start)."""
        facts = self._word_facts.get(printed)
        if facts is None:
            word = without_possessive(printed)
            surname_ending = _SURNAME.search(word) is not None
            role = "surname" if surname_ending and not is_acronym(word) else "word"
            facts = self._word_facts[printed] = _Facts(word, self._common(word), role, word.casefold() in self.first_names,
                                                       _PATRONYMIC.search(word) is not None, surname_ending)
        return facts

    def _common(self, word: str) -> bool:
        """A word whose lower-case form (or singular) also occurs: Union/union, Ministers/minister."""
        key = word.casefold()
        return any(form in self.lower_words for form in (key, key[:-1] if key.endswith("s") else key, key[:-2] if key.endswith("es") else key))

    def _runs(self, text: Text, start: int, end: int, where: str) -> None:
        """Capitalised runs of ``text[start:end]``: persons where a name shape shows, else words."""
        value = text.text
        capitalised = self._capitalised.get(value)
        if capitalised is not None and not _inside_word(value, start) and not _inside_word(value, end):
            # The text's capitalised words, found by collect, are the words of the region where
            # no word crosses its ends. A word that does not start with a capital ends a run;
            # between two capitalised words it is more than spaces and hyphens, which ends the
            # run too: the runs are the same without looking at the other words (most of them).
            first = bisect_left(capitalised, start, key=lambda m: m.start())
            last = bisect_right(capitalised, end, key=lambda m: m.end())
            run: list[re.Match] = []
            for match in capitalised[first:last]:
                if run and value[run[-1].end():match.start()].strip(" -") != "":
                    self._run(text, run, where)
                    run = []
                run.append(match)
            self._run(text, run, where)
            return
        run = []
        previous_end = None
        for match in _WORD.finditer(value, start, end):
            if not match[0][0].isupper():
                if run:  # most words are lower case and end no run
                    self._run(text, run, where)
                    run = []
            # what lies between two capitalised words is looked at only there (most words are not)
            elif not run or value[previous_end:match.start()].strip(" -") == "":
                run.append(match)
            else:
                self._run(text, run, where)
                run = [match]
            previous_end = match.end()
        self._run(text, run, where)

    def _run(self, text: Text, run: list[re.Match], where: str) -> None:
        if len(run) < 2:
            # Most runs are one word, which no name shape below can begin (each needs a word
            # after or before it): a word.
            if run:
                self._word(text, run[0], where, None)
            return
        facts = [self._facts(m[0]) for m in run]
        begin = None
        for index, fact in enumerate(facts):
            if fact.first_name and index + 1 < len(facts):
                begin = index
                break
        if begin is None:
            for index, fact in enumerate(facts):
                if fact.patronymic and index > 0:
                    begin = index - 1
                    break
        if begin is None and facts[-1].surname_ending and not facts[-2].common:
            begin = len(facts) - 2
        if begin is None:
            for match in run:
                self._word(text, match, where, None)
            return
        for match in run[:begin]:
            self._word(text, match, where, None)
        start = run[begin].start()
        name = text.text[start:run[-1].end()]
        line, column = text.position(start)
        self._person(name, line, column, where, None, text, start)


def _parts(words: set[str]) -> list[str]:
    """The parts either side of an apostrophe of the words of _WORD that hold one (l'Union: l, Union).

    With the words, they hold every run of letters of the text that no word character touches
    (which _WORD matches whole, or as the part after an apostrophe): what _text looks forms up by.
    """
    return [part for word in words if "'" in word or "’" in word for part in _APOSTROPHE.split(word)]


def whole_word_spans(value: str, form: str, joiners: str = "") -> Iterator[tuple[int, int]]:
    r"""The spans of ``value`` where ``form`` (not empty) stands with no word character, nor one of
    ``joiners``, touching it: what ``re.finditer(r"(?<![\w<joiners>])<form>(?![\w<joiners>])", value)``
    finds, found with ``str.find``.

    A pattern per form costs its compilation in each process (the bundled edition's register
    and text checks asked for 190 of them: 7 ms of a first validation), and a pattern that
    opens with a look-behind is tried at every position of the text. ``\w`` is what
    ``str.isalnum()`` or ``_`` is, as in a ``str`` pattern.
    """
    size = len(form)
    start = value.find(form)
    while start >= 0:
        end = start + size
        before = value[start - 1] if start else ""
        after = value[end:end + 1]
        if _joins(before, joiners) or _joins(after, joiners):
            start = value.find(form, start + 1)
        else:
            yield start, end
            start = value.find(form, end)


def _joins(char: str, joiners: str) -> bool:
    return bool(char) and (char.isalnum() or char == "_" or char in joiners)


def _inside_word(value: str, offset: int) -> bool:
    """Whether a word of _WORD may run across ``offset``: characters it may hold on both sides
    (letters and apostrophes; digits and underscores too, which only makes the answer safer)."""
    return 0 < offset < len(value) and _word_part(value[offset - 1]) and _word_part(value[offset])


def _word_part(char: str) -> bool:
    return char.isalnum() or char in "_'’"


def without_possessive(word: str) -> str:
    """The word without a possessive ending (Nazarbaev's -> Nazarbaev); the text check's
    spelling rule takes its words so too."""
    # (what re.sub(r"['’]s$", "", word) does to a word of _WORD or of _textrules.WORD, which hold no line break)
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _sentence_initial(value: str, offset: int) -> bool:
    # Backwards from the word over white space, not value[:offset].rstrip(): a copy of everything
    # before each word made the check grow with the square of a paragraph's length.
    index = offset
    while index > 0 and value[index - 1].isspace():
        index -= 1
    return index == 0 or value[index - 1] in _SENTENCE_END


def collect(transcript: Transcript, edition: Edition | None = None, words: Vocabulary | None = None) -> list[Item]:
    """Every name word of ``transcript`` as an :class:`Item` (register forms located if given;
    ``words``: the transcript's :func:`vocabulary`, made already)."""
    return _Collector(transcript, edition, words).collect()


# ----- clustering and decisions ---------------------------------------------------------------
def cluster(items: Iterable[Item]) -> list[Cluster]:
    """Group the forms of ``items`` that are linked (see :func:`linked`); only groups of 2+ forms."""
    by_form: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        by_form[item.token].append(item)
    forms = sorted(by_form)
    parent = {form: form for form in forms}

    def find(form: str) -> str:
        while parent[form] != form:
            parent[form] = parent[parent[form]]
            form = parent[form]
        return form

    # One representative item per (form, role, context) keeps the comparison small.
    reps: dict[str, list[Item]] = {}
    for form, group in by_form.items():
        seen: dict[tuple, Item] = {}
        for item in group:
            seen.setdefault((item.role, item.first, item.surname, item.ref, item.strength), item)
        reps[form] = list(seen.values())
    for a, b in _candidate_pairs(reps):
        if find(a) == find(b):
            continue
        if any(linked(x, y) for x in reps[a] for y in reps[b]):
            parent[find(b)] = find(a)
    groups: dict[str, dict[str, list[Item]]] = defaultdict(dict)
    for form in forms:
        groups[find(form)][form] = by_form[form]
    return [Cluster(dict(g)) for g in groups.values() if len(g) > 1]


def _deletions(key: str, depth: int) -> set[str]:
    """``key`` and every string made of it by deleting up to ``depth`` letters.

    The strings left by deleting k letters are the subsequences of ``len(key) - k`` letters,
    which itertools.combinations makes (each once) and str.join joins, in C: a set
    comprehension that cut one letter at a time from every string of the level before made
    each twice over, in Python (1.1 of the 3.7 ms the clustering took on the bundled edition).
    """
    found: set[str] = set()
    for deleted in range(min(depth, len(key)) + 1):
        found.update(map("".join, combinations(key, len(key) - deleted)))
    return found


def _candidate_pairs(reps: dict[str, list[Item]]) -> list[tuple[str, str]]:
    """The pairs of forms (sorted, each pair in order) that :func:`linked` may find alike.

    Comparing every form with every other grows with the square of the text's vocabulary.
    Instead each form goes into buckets that two alike forms are bound to share, and only forms
    of one bucket are compared (a superset of the alike pairs; :func:`linked` decides):

    * acronyms: the letters, case and punctuation aside (the only likeness of an acronym);
    * spellings: every string made of the transliteration key by deleting as many letters as
      :func:`similar` allows edits for its length; within that many edits (a transposition is
      one) two keys share such a string, and equal keys share the key itself;
    * surnames of people with one first name, compared loosely (:func:`similar`).
    """
    # A bucket is a list (a form may go into one twice: two first-name items), made a set
    # only when it holds two forms or more: most hold one, and a list is the cheaper to make.
    acronyms: dict[str, list[str]] = defaultdict(list)
    spellings: dict[str, list[str]] = defaultdict(list)
    first_names: dict[str, list[str]] = defaultdict(list)
    variants: dict[str, set[str]] = {}
    for form, items in reps.items():
        acronyms[re.sub(r"\W", "", form).casefold()].append(form)
        key = translit_key(form)
        variants[form] = _deletions(key, _allowed_edits(len(key)))
        for item in items:
            if item.role == "surname" and item.first is not None:
                first_names[item.first].append(form)
    # Only a string two forms share makes a bucket of two: counted in C, and only those strings
    # put into buckets (the bundled transcript: a few hundred of some 7,000).
    counts = Counter(chain.from_iterable(variants.values()))
    shared = {variant for variant, count in counts.items() if count > 1}
    for form, found in variants.items():
        for variant in found & shared:
            spellings[variant].append(form)
    pairs: set[tuple[str, str]] = set()
    for members in chain(acronyms.values(), spellings.values(), first_names.values()):
        if len(members) < 2:
            continue  # most buckets hold one form
        ordered = sorted(set(members))
        pairs.update((a, b) for i, a in enumerate(ordered) for b in ordered[i + 1:])
    return sorted(pairs)


def _uncovered(items: list[Item], scoped: list[tuple[Decision, frozenset[int] | None]]) -> list[Item]:
    """The items that no decision covers: a decision (applying to its lines, None: everywhere)
    covers an occurrence on one of its lines whose word its ``source`` holds as a whole word.

    Whether a source holds the word is a question of the word, not of the occurrence: asked
    once per distinct word (the items of a cluster's form share theirs), and each occurrence
    then looked up in the lines of the decisions that hold it alone, rather than every
    decision tried on every occurrence (3,400 times a validation of the bundled edition).
    """
    by_word: dict[str, list[frozenset[int] | None]] = {}
    found = []
    for item in items:
        applying = by_word.get(item.token)
        if applying is None:
            applying = by_word[item.token] = [lines for d, lines in scoped
                                              if d.source and _whole_word_in(item.token, d.source)]
        if not any(lines is None or item.occurrence.line in lines for lines in applying):
            found.append(item)
    return found


@lru_cache(maxsize=1 << 14)  # a few hundred words against a few dozen decisions, many times over
def _whole_word_in(word: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) is not None


def decide(clusters: list[Cluster], edition: Edition | None) -> list[Cluster]:
    """Fill ``preferred`` and ``undecided`` of each cluster; return the clusters left undecided."""
    decisions = edition.decisions if edition is not None else []
    readings = {d.edition for d in decisions if d.edition}
    names = set()
    if edition is not None:
        for entity in edition.entities.values():
            names.update(_WORD.findall(entity.name))
            names.update(str(entity.data.get(k, "")) for k in ("forename", "surname", "patronymic"))
    # A decision's lines as a set: an occurrence is looked up, not compared with every line.
    scoped = [(d, frozenset(d.lines) if d.lines is not None else None) for d in decisions]
    open_ = []
    for group in clusters:
        uncovered = {form: _uncovered(items, scoped) for form, items in group.forms.items()}
        group.preferred = min(group.forms, key=lambda form: _preference(form, group.forms[form], uncovered[form], readings, names))
        group.undecided = {f: items for f, items in uncovered.items() if items and f != group.preferred}
        if group.undecided:
            open_.append(group)
    return open_


def _preference(form: str, items: list[Item], uncovered: list[Item], readings: set[str], names: set[str]) -> tuple:
    in_front = any(i.occurrence.where in _FRONT_PLACES.values() for i in items)
    first = min((i.occurrence.line, i.occurrence.column) for i in items)
    return (
        not uncovered,  # a form every occurrence of which is decided is not the one kept
        not any(form in r.split() or form == r for r in readings),
        form not in names,
        not in_front,
        -len(items),
        first,
        form,
    )


def _places(items: list[Item]) -> str:
    by_where: dict[str, list[int]] = defaultdict(list)
    for item in sorted(items, key=lambda i: (i.occurrence.line, i.occurrence.column)):
        lines = by_where[item.occurrence.where]
        if item.occurrence.line not in lines:
            lines.append(item.occurrence.line)
    parts = []
    for where, lines in by_where.items():
        shown = ", ".join(f"l.{n}" for n in lines[:_MAX_LINES])
        if len(lines) > _MAX_LINES:
            shown += f", … ({len(lines)} lines)"
        parts.append(f"{where} {shown}")
    return "; ".join(parts)


def iter_findings(transcript_path: str | Path, edition: Edition | str | Path | None = None, *,
                  transcript: Transcript | None = None, words: Vocabulary | None = None) -> Iterator[Finding]:
    """One finding per name form that varies another and that no editorial decision covers.

    ``transcript``: the file at ``transcript_path`` parsed already (validate parses it once for
    this check and the text check); it is read, never changed. ``words``: its
    :func:`vocabulary`, made already (validate makes it once for both checks).
    """
    if edition is not None and not isinstance(edition, Edition):
        edition = load_edition(edition)
    if transcript is None:
        transcript = parse(transcript_path)
    items = collect(transcript, edition, words)
    open_ = decide(cluster(items), edition)
    file = str(transcript_path)
    findings = []
    for group in open_:
        preferred = group.forms[group.preferred]
        for form, items_ in sorted(group.undecided.items()):
            first = min(items_, key=lambda i: (i.occurrence.line, i.occurrence.column)).occurrence
            where = "edition data" if edition is None else edition.path.name
            covered = len(items_) < len(group.forms[form])
            message = (
                f"{form} ({_places(items_)}) ~ {group.preferred} ({_places(preferred)}): "
                + (f"no decision in {where} covers these places" if covered else f"no decision in {where}")
            )
            hint = f"add a decision (correction, normalisation or comment) with source '{form}' for these lines"
            findings.append(Finding(file, first.line, first.column, RULE, "error", message, hint))
    yield from sorted(findings, key=lambda f: (f.line, f.column, f.message))


def check(transcript_path: str | Path, edition: Edition | str | Path | None = None) -> None:
    """Raise :class:`CheckFailed` with the findings if any name variant is undecided."""
    findings = list(iter_findings(transcript_path, edition))
    if findings:
        raise CheckFailed(f"{len(findings)} name variant(s) without an editorial decision", findings)


def is_valid(transcript_path: str | Path, edition: Edition | str | Path | None = None) -> bool:
    return not any(True for _ in iter_findings(transcript_path, edition))
