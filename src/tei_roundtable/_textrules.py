"""The rules of ``check-text``: each finds candidate problems in the text of a transcript.

A rule is a function ``(context) -> Iterator[Candidate]``; :mod:`tei_roundtable.textcheck`
locates the candidates, decides them against the edition data and reports the rest. The rules
are heuristics that propose places for an editor to read, never corrections: their precision on
the bundled edition is measured (README, *Checking the text*), and every false alarm is
dismissed in the edition data with its reason.

Word knowledge comes from two libraries that ship their data in their PyPI wheels, so nothing is
downloaded at run time: pyspellchecker's English word-frequency list (spelling) and
lemminflect's lemma tables, which say which parts of speech an English word can be (the
punctuation and sentence rules ask whether a word can be a noun or a verb). Both are read
through :mod:`tei_roundtable._words`, which keeps what the rules ask of them as tables in the
user's cache folder. Closed word classes (articles, determiners, auxiliaries, conjunctions) are
the grammar's own short lists, below.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import chain, repeat
from typing import Callable, Iterable, Iterator

from . import _words
from ._encode_base import _letters
from .names import Vocabulary, derived, is_acronym, whole_word_spans, without_possessive
from .transcript import Text

# Articles, determiners and possessives: they need the noun that follows them.
DETERMINERS = frozenset("a an the these those every each its their our my your whose".split())
# Words after which a sentence cannot end: determiners, "of", coordinating conjunctions, "than".
OPEN_ENDINGS = DETERMINERS | frozenset("of and or but nor than that which".split())
AUXILIARIES = frozenset(
    "is are was were be been being am has have had do does did will would shall should can could "
    "may might must".split()
)
# Words that may stand before "not" without a finite verb in well-formed English.
_NOT_OK_BEFORE = frozenset(
    "but or and if whether why not perhaps maybe certainly surely probably definitely really "
    "also still yet just only even indeed that which who as than so".split()
)
SUBJECT_PRONOUNS = frozenset("i we you he she it they this that".split())
PRONOUNS = SUBJECT_PRONOUNS | frozenset("me us him her them one ones what who whom".split())
# A role or post given to a person (front matter and text compared).
ROLE_WORDS = frozenset(
    "ambassador professor minister director president chairman chairwoman advisor adviser head "
    "expert deputy secretary academician doctor dr senator governor mayor".split()
)
_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
_ORDINALS = {w: i for i, w in enumerate(
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split())}
_ORDINALS.update({"twenty-fifth": 25, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "hundredth": 100})

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# What WORD matches in a text of ASCII characters alone (str.isascii(), most paragraphs): the
# letters of [^\W\d_] among them are A-Z and a-z, and ’ is none of them. A class of ranges is
# tested faster than one of Unicode categories (1.2 -> 0.75 ms on the bundled edition's ASCII
# paragraphs). A test compares the two on ASCII texts.
ASCII_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*")
# The white space of \s among the ASCII characters (str.isspace()), for the ASCII twins below.
_ASCII_SPACE = r"[\t\n\x0b\x0c\r\x1c-\x1f ]"
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+[\"”’')\]]*|$)")
_SENTENCE_END = tuple(".!?…:;\"”’')]")


@dataclass(frozen=True)
class Candidate:
    """A possible problem: ``text.text[start:end]`` (the words concerned), why, and what to do."""

    rule: str
    text: Text
    start: int
    end: int
    message: str
    hint: str
    kind: str = ""  # the kind of error, where a rule finds several: one kind, one treatment (textcheck)


@dataclass
class Context:
    """What the rules read: the texts of the transcript and what the edition data knows."""

    texts: list[Text]  # every text: the front matter's, then the turns' paragraphs
    prose: list[Text]  # the turns' paragraphs, which are sentences
    known_names: set[str]  # words of the register's names and forms, as printed
    canonical_names: set[str]  # words of the register's names (not its printed forms) and of the front matter's people
    lexicon: set[str]  # words the editors declared (casefolded)
    roles: dict[str, str]  # a person's name words (casefolded) -> their described roles, lower case
    event_year: int | None
    entity_forms: dict[str, list[str]] = field(default_factory=dict)  # entity id -> forms (orgs, places)
    # The texts' words, where the name check's pass over them found them already (validate).
    vocabulary: Vocabulary | None = None

    @cached_property
    def joined(self) -> str:
        """Every text, one after the other: a form that is in none of them is not in this."""
        return "\n".join(t.text for t in self.texts)


# ----- word knowledge ---------------------------------------------------------------------------
def _spell() -> _words.Spelling:
    # Suggestions within one edit: two edits cost about a second a word in pure Python.
    return _words.spelling(_COMMONER)


@lru_cache(maxsize=1 << 14)
def parts_of_speech(word: str) -> frozenset[str]:
    """The parts of speech ``word`` can be (NOUN, VERB, ADJ, ADV, AUX), by lemminflect's tables."""
    return _words.parts_of_speech()(word.casefold())


# pyspellchecker's English list is American: a British spelling is known when the American
# spelling it maps to is (colour/color, organisation/organization, centre/center, defence/defense).
_BRITISH = (("our", "or"), ("isation", "ization"), ("ise", "ize"), ("ising", "izing"), ("yse", "yze"),
            ("tre", "ter"), ("ence", "ense"), ("mme", "m"), ("ogue", "og"), ("lled", "led"), ("lling", "ling"))


def is_known_word(word: str) -> bool:
    key = word.casefold()
    if _spell().is_known(key):
        return True
    variants = {key[:i] + american + key[i + len(british):]
                for british, american in _BRITISH for i in _positions(key, british)}
    return bool(variants and _spell().known(variants))


def _positions(word: str, part: str) -> list[int]:
    return [start for start, _ in literal_spans(word, part)]


def literal_spans(value: str, part: str) -> Iterator[tuple[int, int]]:
    """The spans of ``part`` (not empty) in ``value``, one after the other: what
    ``re.finditer(re.escape(part), value)`` finds, without compiling a pattern per part."""
    start = value.find(part)
    while start >= 0:
        yield start, start + len(part)
        start = value.find(part, start + len(part))


def _common_neighbour(word: str) -> str | None:
    """A word one edit from ``word`` used 500 times as often, where ``word`` itself is rare.

    This finds real-word typing errors ("Centra Asian Union" for "Central") that a dictionary
    accepts; a neighbour that ``word`` only inflects ("minimums", "furthers") is not one.
    """
    spell = _spell()
    own = spell[word]
    if not own or own >= _RARE or len(word) < 4:  # not own: a British spelling of a listed word
        return None
    # Only a neighbour used _COMMONER times (at least) can be reported, so the candidates are
    # looked up among those words alone, a set intersection in C rather than a look-up per
    # candidate in Python; the commonest neighbour, if reported, is one of them. The
    # candidates are lower case already (the lower-cased word and the list's letters).
    common = spell.common
    best = max(((common[c], c) for c in spell.common_neighbours(word) if c != word), default=None)
    if best is None or best[0] < own * _COMMONER or word.startswith(best[1]):
        return None
    return best[1]


# Thresholds of the rare-word check (occurrences in pyspellchecker's frequency list), set on the
# bundled transcript: "Centra" 50 against "central" 31,280; "sounder" (117) stays unreported.
_RARE = 100
_COMMONER = 500  # 26,157 of the list's 160,572 words; at least _RARE, which spelling's short cut relies on


def suggestions(word: str) -> list[str]:
    found = _spell().candidates(word.casefold()) or set()
    ranked = sorted(found, key=lambda w: (-_spell().word_usage_frequency(w), w))
    return [w for w in ranked if w != word.casefold()][:3]


# Abbreviations the punctuation rule checks for their full stop.
_ABBREVIATIONS = frozenset({"etc"})
# Combining forms written with a hyphen before a word.
_PREFIXES = frozenset(
    "socio hydro geo macro micro inter intra multi non post pre pro anti trans pan euro afro sino "
    "co neo quasi semi ultra mono bi tri".split()
)


# ----- spelling ---------------------------------------------------------------------------------
def spelling(ctx: Context) -> Iterator[Candidate]:
    names = {n.casefold() for n in ctx.known_names}
    canonical = {n.casefold() for n in ctx.canonical_names}
    # A word's verdict depends on the word (and on a hyphen after it), not on where it stands:
    # each distinct word is judged once per run, and each dictionary look-up made once. A
    # transcript repeats most of its words (the bundled one: 9,775 words, 1,776 distinct).
    known = lru_cache(maxsize=None)(is_known_word)
    common = _spell().is_common
    # The distinct words are gathered by findall and set() in C; the few texts that hold a word
    # with a finding are then searched again for its places, in order. A hyphen after a word
    # matters only to a combining form (_PREFIXES), which the places' loop looks at.
    # Where the name check's pass found a text's words already, they are those (see
    # names.Vocabulary.spelling_words), and the text is not scanned again.
    words: set[str] = set()
    for text in ctx.texts:
        found = ctx.vocabulary.spelling_words(text.text) if ctx.vocabulary is not None else None
        words.update(found if found is not None else (ASCII_WORD if text.text.isascii() else WORD).findall(text.text))
    # A word the list uses _COMMONER times or more (most words of a text) is known and no rare
    # word, so every branch of _spelling_verdict answers None for it: one look-up in the
    # common words' dict rather than the verdict's (3.9 of its 5 ms on the bundled edition).
    verdicts = {word: _spelling_verdict(word, ctx, names, canonical, known) for word in words
                if not common(without_possessive(word).casefold())}
    flagged = {word for word, verdict in verdicts.items() if verdict is not None}
    if not flagged:
        return
    for text in ctx.texts:
        value = text.text
        places = sorted(span for word in flagged if word in value for span in word_spans(value, word))
        for start, end in places:
            word = value[start:end]
            if value[end:end + 1] == "-" and word.casefold() in _PREFIXES:
                continue  # "socio-economic", "hydro-energy": a combining form, not a word
            verdict = verdicts[word]
            if verdict is not None:
                yield Candidate("text-spelling", text, start, end, *verdict)


def _letter(char: str) -> bool:
    r"""Whether ``char`` is what WORD's ``[^\W\d_]`` matches: a word character, no decimal digit, no underscore."""
    return char.isalnum() and not char.isdecimal()


def word_spans(value: str, word: str) -> Iterator[tuple[int, int]]:
    """The spans of the WORD matches of ``value`` that are ``word`` (itself a WORD match), in
    order: what ``[m.span() for m in WORD.finditer(value) if m[0] == word]`` finds, found with
    ``str.find`` rather than by matching every word of ``value``. A WORD match is a run of
    letters with single apostrophes between letters, as long as it goes: ``word`` found at a
    place is such a match where neither end can go on (a letter, or an apostrophe between
    letters, beside it)."""
    size, length = len(word), len(value)
    start = value.find(word)
    while start >= 0:
        end = start + size
        before = start and (_letter(value[start - 1]) or (
            value[start - 1] in "'’" and start > 1 and _letter(value[start - 2])))
        after = end < length and (_letter(value[end]) or (
            value[end] in "'’" and end + 1 < length and _letter(value[end + 1])))
        if not before and not after:
            yield start, end
        start = value.find(word, start + 1)


def _spelling_verdict(word: str, ctx: Context, names: set[str], canonical: set[str],
                      known: Callable[[str], bool]) -> tuple[str, str] | None:
    """The message and hint of a spelling finding on ``word`` (where no hyphen after it makes it a
    combining form, see :func:`spelling`), or None where it is no finding."""
    if is_acronym(word) or len(word) < 3 or word.casefold() in _ABBREVIATIONS:
        return None
    bare = without_possessive(word)
    key = bare.casefold()
    if key in ctx.lexicon:
        return None
    if known(bare) and key not in canonical:
        # A register form may keep a misprint for tagging ("Centra Asian Union"): the
        # rare-word check asks the canonical names only.
        common = _common_neighbour(key)
        if common:
            return (f"'{word}' is a rare word, one letter from the far more common '{common}'",
                    f"did you mean '{common}'? correct it with a decision, or dismiss the finding")
        return None
    if key in names or known(bare):
        return None
    if any(derived(bare, name) for name in ctx.known_names if name[:3].casefold() == key[:3]):
        return None  # an inflection or derivation of a register name (Kyrgyzs, Uzbeks)
    if "’" in bare or "'" in bare:
        if all(known(p) for p in re.split(r"['’]", bare) if p):
            return None
    found = suggestions(bare)
    hint = ("did you mean " + ", ".join(f"'{s}'" for s in found) + "? " if found else "") + (
        "correct it with a decision, or add the word to lexicon: if it is right")
    return f"'{word}' is in no English dictionary, no form of the register and no lexicon", hint


# ----- punctuation ------------------------------------------------------------------------------
# A word, a comma and the next word; "rest" is what follows, up to 30 characters before a
# comma, semicolon or full stop. Both comma checks read the same matches (one scan).
# Possessive runs (++): a shorter run of the letters would leave a letter where the comma, the
# space or the word's end must follow, so no match is lost, and the engine does not try each one
# (a fifth to a third of these patterns' time).
_COMMA = re.compile(r"(?<![\w-])(?P<word>[A-Za-z]++),\s+(?P<next>[A-Za-z]+)(?=(?P<rest>[^,;.]{0,30}))")
_ASCII_COMMA = re.compile(_COMMA.pattern.replace(r"\s", _ASCII_SPACE), re.ASCII)  # for an ASCII text (see ASCII_WORD)
_DOUBLED = re.compile(r"(?<![\w-])(?P<word>[^\W\d_]++)\s++(?P=word)(?![\w-])", re.IGNORECASE)
# _DOUBLED for an ASCII text (see ASCII_WORD): its letters and white space written out, and
# ASCII case folding, which is the same as Unicode's on ASCII letters (1.9 -> 1.4 ms on them).
_ASCII_DOUBLED = re.compile(rf"(?<![\w-])(?P<word>[A-Za-z]++){_ASCII_SPACE}++(?P=word)(?![\w-])",
                            re.IGNORECASE | re.ASCII)
_SPACE_BEFORE = re.compile(r"(?<=\w)[ \t]+[,.;:!?](?![\d.])")
# What every match of _SPACE_BEFORE holds, a space or tab and a mark: a paragraph without one is
# not searched (a pattern that opens with a look-behind is tried at every position). Written
# mark first, so that the search stops at the marks, not at every space (0.41 -> 0.17 ms).
_SPACE_THEN_MARK = re.compile(r"[,.;:!?](?<=[ \t].)")
_PAIRS = (("“", "”"), ("(", ")"), ("[", "]"))
_PAIR_PATTERNS = tuple(re.compile(f"[{re.escape(opening + closing)}]") for opening, closing in _PAIRS)


def punctuation(ctx: Context) -> Iterator[Candidate]:
    for text in ctx.texts:
        value = text.text
        commas = list((_ASCII_COMMA if value.isascii() else _COMMA).finditer(value)) if "," in value else []
        for m in commas:
            det, nxt = m["word"].casefold(), m["next"]
            # "these, goals member-states": a determiner cut from the noun it needs. "this" and
            # "that" also stand alone as pronouns, so only an article or possessive counts always.
            if det in DETERMINERS - {"these", "those"} or (
                    det in ("these", "those") and parts_of_speech(nxt) == {"NOUN"}):
                yield Candidate("text-punctuation", text, m.start(), m.end(),
                                f"'{m[0]}': a comma splits the determiner '{m['word']}' from the word it governs",
                                "move the comma after the noun phrase with a correction, or dismiss the finding",
                                kind="a comma cutting a phrase")
        for m in commas:
            aux, nxt = m["word"].casefold(), m["next"]
            if aux not in AUXILIARIES or nxt.casefold() in _PARENTHETICAL or m["rest"].lstrip().startswith(","):
                continue  # "it is, however, …": a parenthesis between two commas
            if value[max(0, m.start() - 2):m.start()] == ", ":
                continue
            if parts_of_speech(nxt) & {"VERB", "ADJ"} or nxt.casefold() in DETERMINERS:
                yield Candidate("text-punctuation", text, m.start(), m.end(),
                                f"'{m[0]}': a comma splits the verb '{m['word']}' from what it governs",
                                "remove the comma with a correction, or dismiss the finding",
                                kind="a comma cutting a phrase")
        for m in (_ASCII_DOUBLED if value.isascii() else _DOUBLED).finditer(value):
            yield Candidate("text-punctuation", text, m.start(), m.end(), f"'{m[0]}': a word doubled",
                            "delete the second word with a correction, or dismiss the finding if the repetition is meant",
                            kind="a doubled word")
        for m in _SPACE_BEFORE.finditer(value) if _SPACE_THEN_MARK.search(value) else ():
            start = m.start() - len(re.search(r"\w+$", value[:m.start()])[0])
            yield Candidate("text-punctuation", text, start, m.end(),
                            f"'{value[start:m.end()]}': a space before '{value[m.end() - 1]}'",
                            "normalise the spacing with a normalisation, or dismiss the finding",
                            kind="a space before punctuation")
        # Tried only where an abbreviation stands (one starts every match; none overlaps itself).
        abbreviated = "etc" in value or "i.e" in value or "e.g" in value
        places = sorted(chain.from_iterable(literal_spans(value, a) for a in _ABBREVIATED)) if abbreviated else ()
        for m in _matches_from(_BARE_ABBREVIATION, value, (start for start, _ in places)):
            yield Candidate("text-punctuation", text, m.start(), m.end(),
                            f"'{m[0]}': the abbreviation has no full stop",
                            "normalise it with a normalisation ('etc.'), or dismiss the finding",
                            kind="an abbreviation without its full stop")
        yield from _unbalanced(text)


_BARE_ABBREVIATION = re.compile(r"(?<![\w.])(?:etc|i\.e|e\.g)(?![\w.])")
_ABBREVIATED = ("etc", "i.e", "e.g")  # what _BARE_ABBREVIATION's matches start with


def _matches_from(pattern: re.Pattern, value: str, starts: Iterable[int]) -> Iterator[re.Match]:
    """``pattern.finditer(value)`` where every match starts at one of ``starts`` (ascending; more
    may be given) and none is empty: the pattern tried at those places alone, none inside the
    match before, rather than at every position of the text."""
    end = 0
    for start in starts:
        if start >= end:
            match = pattern.match(value, start)
            if match is not None:
                yield match
                end = match.end()
_PARENTHETICAL = frozenset(
    "however therefore perhaps of in for moreover nevertheless thus indeed certainly probably "
    "surely naturally unfortunately fortunately then too also though".split()
)


def _unbalanced(text: Text) -> Iterator[Candidate]:
    value = text.text
    # Only the brackets themselves are visited (found by a regular expression), not every
    # character of the paragraph in Python.
    for (opening, closing), brackets in zip(_PAIRS, _PAIR_PATTERNS):
        if opening not in value:
            continue
        depth: list[int] = []
        for m in brackets.finditer(value):
            if m[0] == opening:
                depth.append(m.start())
            elif depth:
                depth.pop()
        for i in depth:
            yield Candidate("text-punctuation", text, i, min(len(value), i + 1 + len(_first_words(value[i + 1:]))),
                            f"'{opening}' opens a quotation or bracket that is never closed in its paragraph",
                            "find where it should close; record a correction or a comment",
                            kind="an unclosed quotation or bracket")
    if value.count('"') % 2:
        i = value.rindex('"')
        yield Candidate("text-punctuation", text, i, min(len(value), i + 1 + len(_first_words(value[i + 1:]))),
                        "'\"' opens a quotation that is never closed in its paragraph",
                        "find where it should close; record a correction or a comment",
                        kind="an unclosed quotation or bracket")


def _first_words(value: str, count: int = 3) -> str:
    m = re.match(r"\s*(?:\S+\s+){0,%d}\S+" % (count - 1), value)
    return m[0] if m else ""


# ----- sentence ---------------------------------------------------------------------------------
_NOT = re.compile(r"(?<![\w-])(?P<before>[A-Za-z]++)\s+not\s+(?P<after>[A-Za-z]+)")  # ++: see _COMMA
_EVEN = re.compile(r"(?:^|[;:,.]\s+|\s[–-]\s)(?P<phrase>[Ee]ven\s+(?P<subject>we|they|he|she|it|I|you)\s+(?P<verb>[a-z]+))")


def sentence(ctx: Context) -> Iterator[Candidate]:
    for text in ctx.texts:
        value = text.text
        for m in _SENTENCE.finditer(value):
            body = m[0].rstrip()
            if not _STOP.search(body[-3:]):
                continue
            words = _final_words(body)
            if not words:
                continue
            last = words[-1]
            if last.casefold() in ("that", "which") and not _after_noun(words[:-1]):
                continue  # "I agree with that.": a pronoun ends the sentence
            if last.casefold() in OPEN_ENDINGS and not body.rstrip(".!?\"”’')]").endswith(("etc", "i.e")):
                end = m.start() + len(body)
                start = end - len(_last_words(body))
                yield Candidate("text-sentence", text, start, end,
                                f"'{value[start:end]}': the sentence ends in '{last}', which cannot end one (it breaks off)",
                                "comment on the sentence (kept as printed) or supply the missing words with a correction",
                                kind="a sentence that breaks off")
    for text in ctx.prose:
        stripped = text.text.rstrip()
        if stripped and not stripped.endswith(_SENTENCE_END) and not stripped.endswith("…"):
            start = len(stripped) - len(_last_words(stripped))
            yield Candidate("text-sentence", text, start, len(stripped),
                            f"'{stripped[start:]}': the paragraph ends without closing its sentence",
                            "comment on the place (kept as printed) or dismiss the finding",
                            kind="a paragraph that ends mid-sentence")
    for text in ctx.texts:
        value = text.text
        for m in _not_matches(value):
            before, after = m["before"], m["after"]
            b, a = before.casefold(), after.casefold()
            if (b in _NOT_OK_BEFORE or b in AUXILIARIES or b.endswith(("n't", "self", "selves"))
                    or a in ("to", "only", "just", "even")):
                continue
            pos_b, pos_a = parts_of_speech(b), parts_of_speech(a)
            # A subject: a pronoun, a word that can only be a noun, or a noun after its article
            # ("the question not simple": "question" is a verb too, but not after "the").
            previous = _word_before(value, m.start())
            after_determiner = previous is not None and previous.casefold() in DETERMINERS
            subject = b in SUBJECT_PRONOUNS or pos_b == {"NOUN"} or ("NOUN" in pos_b and after_determiner)
            if not subject or (pos_b & {"AUX", "ADV"}) or ("VERB" in pos_b and not after_determiner and b not in SUBJECT_PRONOUNS):
                continue
            if a.endswith(("ing", "ed")) and "VERB" in pos_a:
                continue  # "the question not answered" is a participle phrase
            yield Candidate("text-sentence", text, m.start(), m.end(),
                            f"'{m[0]}': no finite verb between '{before}' and 'not' (a verb may be missing)",
                            "supply the verb with a correction, or dismiss the finding",
                            kind="a missing word")
        for m in _even_matches(value):
            if "VERB" in parts_of_speech(m["verb"]):
                yield Candidate("text-sentence", text, m.start("phrase"), m.end("phrase"),
                                f"'{m['phrase']}': a clause opened by 'even' without 'if' or 'though' (a word may be missing)",
                                "supply the missing word with a correction, or dismiss the finding",
                                kind="a missing word")


_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _not_matches(value: str) -> Iterator[re.Match]:
    """``_NOT.finditer(value)``, found from each "not" of the text rather than by trying the
    pattern at every position (0.9 -> 0.2 ms on the bundled edition). A match ends its first
    word where only white space separates it from "not", and starts that word where the run of
    ASCII letters before it starts (a letter before would be a word character, which the
    look-behind refuses): so each "not" names the one place where a match may start (the
    places ascend with the "not"s)."""
    starts = (_start_of_word_before(value, found) for found, _ in literal_spans(value, "not"))
    return _matches_from(_NOT, value, (start for start in starts if start is not None))


def _even_matches(value: str) -> Iterator[re.Match]:
    """``_EVEN.finditer(value)``, tried only where each "even" or "Even" of the text names the one
    place a match may start: the text's start, the mark before the white space before it, or
    the space before a dash and a space (0.3 -> 0.05 ms on the bundled edition)."""
    places = sorted(chain(literal_spans(value, "even"), literal_spans(value, "Even")))
    return _matches_from(_EVEN, value, (start for start in map(_even_start, repeat(value), places) if start is not None))


def _even_start(value: str, place: tuple[int, int]) -> int | None:
    found = place[0]
    if found == 0:
        return 0
    if found >= 3 and value[found - 1].isspace() and value[found - 2] in "–-" and value[found - 3].isspace():
        return found - 3
    start = found
    while start > 0 and value[start - 1].isspace():
        start -= 1
    return start - 1 if start < found and start > 0 and value[start - 1] in ";:,." else None


def _word_before_span(value: str, offset: int) -> tuple[int, int] | None:
    r"""Where the run of ASCII letters that white space separates from ``offset`` starts and
    ends (what ``re.search(r"([A-Za-z]+)\s+$", value[:offset])`` finds), found by stepping back
    from ``offset`` rather than by copying and searching everything before it for each match."""
    end = offset
    while end > 0 and value[end - 1].isspace():
        end -= 1
    start = end
    while start > 0 and value[start - 1] in _ASCII_LETTERS:
        start -= 1
    return (start, end) if end < offset and start < end else None


def _start_of_word_before(value: str, offset: int) -> int | None:
    span = _word_before_span(value, offset)
    return span[0] if span is not None else None


def _word_before(value: str, offset: int) -> str | None:
    """The run of ASCII letters that white space separates from ``offset`` (see _word_before_span)."""
    span = _word_before_span(value, offset)
    return value[span[0]:span[1]] if span is not None else None


_STOP = re.compile(r"[.!?]")
# The last three words of a text, read backwards: a WORD is a run of letters (and digits other
# than decimal ones) with single apostrophes between letters, which reads the same from either
# end, and what separates two words holds no letter. So matching the reversed text from its
# start finds the words WORD.findall ends with, without finding every word before them.
_LETTERS = r"[^\W\d_]+(?:['’][^\W\d_]+)*"
_FINAL_WORDS = re.compile(rf"[\W\d_]*({_LETTERS})(?:[\W\d_]+({_LETTERS})(?:[\W\d_]+({_LETTERS}))?)?")


def _final_words(value: str) -> list[str]:
    """The last three words of ``value`` (fewer if it has fewer), in order: ``WORD.findall(value)[-3:]``."""
    found = _FINAL_WORDS.match(value[::-1])
    if found is None:
        return []
    return [word[::-1] for word in reversed(found.groups()) if word is not None]


def _after_noun(words: list[str]) -> bool:
    """Whether ``words`` end in a noun ("… the benefits"), after which "that" opens a clause."""
    if not words:
        return False
    pos = parts_of_speech(words[-1])
    return pos == {"NOUN"} or ("NOUN" in pos and len(words) > 1 and words[-2].casefold() in DETERMINERS)


def _last_words(value: str, count: int = 3) -> str:
    m = re.search(r"(?:\S+\s+){0,%d}\S+\s*$" % (count - 1), value)
    return m[0].rstrip() if m else value


# ----- figures ----------------------------------------------------------------------------------
_QUANTITY = re.compile(r"(?P<number>\d+(?:[.,]\d+)?)\s*(?P<unit>million|billion|thousand)\b", re.IGNORECASE)
_POPULATION = re.compile(r"\b(?:population|people|inhabitants|live|lives|living)\b", re.IGNORECASE)
_COUNT = re.compile(
    r"\b(?P<lead>all\s+(?:our\s+|the\s+|these\s+)?|only\s+|our\s+)(?P<number>two|three|four|five|six|seven|eight|nine|ten|\d+)"
    r"\s+(?P<noun>states|countries|republics)\b", re.IGNORECASE)
_ANNIVERSARY = re.compile(r"\b(?P<ordinal>[a-z]+(?:-[a-z]+)?|\d+(?:st|nd|rd|th))\s+anniversary\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


# The characters that IGNORECASE matches to an ASCII letter and that str.lower() does not make
# that letter (dotless i, long s; İ, which lower() makes two characters, changes the length): a
# text that holds one is searched by the patterns alone (_lowered_exactly). A test
# checks every code point.
_UNLOWERED = ("ı", "ſ")


def _lowered_exactly(value: str, lowered: str) -> bool:
    """Whether ``lowered`` (``value.lower()``) kept every character's place and made every
    character IGNORECASE folds to an ASCII letter that letter (see _UNLOWERED): then an
    IGNORECASE pattern's ASCII words stand in ``value`` where they stand in ``lowered``."""
    return len(lowered) == len(value) and not any(char in value for char in _UNLOWERED)


def _may_hold(value: str, lowered: str, words: tuple[str, ...]) -> bool:
    """Whether ``value`` (lower-cased: ``lowered``) may hold one of ``words`` (lower-case ASCII)
    as an IGNORECASE pattern matches it: False only where it was lowered exactly and no word is
    in the lowered text. A pattern every match of which holds one of the words need not search
    a text for which this is False."""
    return not _lowered_exactly(value, lowered) or any(word in lowered for word in words)


_UNITS = ("million", "billion", "thousand")  # one of them is in every match of _QUANTITY
_COUNTED = ("states", "countries", "republics")  # and of _COUNT


def _count_matches(value: str, lowered: str) -> Iterator[re.Match]:
    """``_COUNT.finditer(value)``: nothing where no count of states may stand (_may_hold), else
    tried where its lead ("all", "only", "our", in the lower-cased text) stands, not at every
    position of the text."""
    if not _lowered_exactly(value, lowered):
        return _COUNT.finditer(value)
    if not any(word in lowered for word in _COUNTED):
        return iter(())
    places = sorted(chain.from_iterable(literal_spans(lowered, lead) for lead in _COUNT_LEADS))
    return _matches_from(_COUNT, value, (start for start, _ in places))


_COUNT_LEADS = ("all", "only", "our")  # one starts every match of _COUNT (none overlaps itself)


def figures(ctx: Context) -> Iterator[Candidate]:
    groups: dict[str, list[tuple[Text, re.Match, str]]] = defaultdict(list)
    for text in ctx.texts:
        value = text.text
        # Most paragraphs name no unit and no count of states: they are not searched for these
        # (2.2 -> 1.1 ms on the bundled edition).
        lowered = value.lower()
        for m in _QUANTITY.finditer(value) if _may_hold(value, lowered, _UNITS) else ():
            window = value[max(0, m.start() - 60):m.end() + 40]
            if _POPULATION.search(window):
                groups["population"].append((text, m, f"{m['number']} {m['unit'].lower()}"))
        for m in _count_matches(value, lowered):
            number = m["number"].lower()
            groups["count of " + m["noun"].lower().replace("countries", "states").replace("republics", "states")].append(
                (text, m, str(_NUMBER_WORDS.get(number, number))))
        for m in _ANNIVERSARY.finditer(value) if _may_hold(value, lowered, ("anniversary",)) else ():
            yield from _anniversary(ctx, text, m)
    for quantity, found in groups.items():
        values = {v for _, _, v in found}
        if len(values) < 2:
            continue
        for text, m, v in found:
            others = sorted({f"{o} (l. {t.position(om.start())[0]})" for t, om, o in found if o != v})
            yield Candidate("text-figures", text, m.start(), m.end(),
                            f"'{m[0]}': the {quantity} is stated differently elsewhere: " + ", ".join(others),
                            "comment on each statement (kept as printed), correct one, or dismiss if they count different things")


def _anniversary(ctx: Context, text: Text, m: re.Match) -> Iterator[Candidate]:
    word = m["ordinal"].lower()
    number = _ORDINALS.get(word)
    if number is None and word[:-2].isdigit():
        number = int(word[:-2])
    if number is None:
        return
    value = text.text
    window = value[max(0, m.start() - 200):m.end() + 200]
    years = [int(y) for y in _YEAR.findall(window)]
    if ctx.event_year is not None and years and all(ctx.event_year - y != number for y in years):
        message = (f"'{m[0]}': {number} years do not lead from a year named nearby "
                   f"({', '.join(map(str, sorted(set(years))))}) to the event's year {ctx.event_year}")
    elif not years:
        message = f"'{m[0]}': no year is named nearby, so the transcript cannot confirm the figure"
    else:
        return
    yield Candidate("text-figures", text, m.start(), m.end(), message,
                    "check the figure against a named source; comment on it (kept as printed) or correct it")


# ----- roles ------------------------------------------------------------------------------------
# A post and the name after it. The posts as a tree of their letters (the encoder's, for names),
# not an alternation of twenty words: at each word the engine tries the few first letters rather
# than every post (3.5 -> 2.0 ms); no post begins another, so the matches are the same.
_ROLE = re.compile(r"\b(?P<role>(?i:" + _letters(tuple(sorted(ROLE_WORDS))) + r"))\s+(?P<name>(?:[A-Z][\w'-]+\s+){0,2}[A-Z][\w'-]+)")


# The posts in lower case, as that tree without the flag: a pattern that opens with a set of
# literal letters, which the engine skips to without trying the whole pattern at each position.
_ROLE_START = re.compile(_letters(tuple(sorted(ROLE_WORDS))))


def _role_matches(value: str) -> Iterator[re.Match]:
    """``_ROLE.finditer(value)``, found faster: a match starts where a post stands, case aside,
    so _ROLE is tried only where _ROLE_START finds one in the lower-cased text (overlapping
    places included), not at every position of the text (2.3 -> 0.6 ms on the bundled edition)."""
    lowered = value.lower()
    if not _lowered_exactly(value, lowered):
        return _ROLE.finditer(value)
    return _matches_from(_ROLE, value, _post_places(lowered))


def _post_places(lowered: str) -> Iterator[int]:
    found = _ROLE_START.search(lowered)
    while found is not None:
        yield found.start()
        found = _ROLE_START.search(lowered, found.start() + 1)


def roles(ctx: Context) -> Iterator[Candidate]:
    if not ctx.roles:
        return
    for text in ctx.texts:
        for m in _role_matches(text.text):
            role = m["role"].casefold()
            if not m["name"][0].isupper():
                continue
            person = next((w.casefold() for w in m["name"].split() if w.casefold() in ctx.roles), None)
            if person is None:
                continue
            described = ctx.roles[person]
            if role in described or (role == "dr" and "doctor" in described):
                continue
            yield Candidate("text-roles", text, m.start(), m.end(),
                            f"'{m[0]}': the text calls {m['name']} '{m['role']}', but the front matter or register "
                            f"describes them as '{described}'",
                            "comment on the title (kept as printed) with its basis, correct it, or dismiss the finding")


# ----- terms ------------------------------------------------------------------------------------
# Every pair of neighbouring words (overlapping: the second word of one pair starts the next).
_PHRASE = re.compile(r"(?<![\w-])(?P<first>[A-Za-z]++)(?=(?P<sep>-|\s+)(?P<second>[A-Za-z]++)(?![\w-]))")  # ++: see _COMMA
_ASCII_PHRASE = re.compile(_PHRASE.pattern.replace(r"\s", _ASCII_SPACE), re.ASCII)  # for an ASCII text


def terms(ctx: Context) -> Iterator[Candidate]:
    yield from _register_variants(ctx)
    yield from _spelled_variants(ctx)


def _occurrences(ctx: Context, form: str) -> list[tuple[Text, int, int]]:
    """Where ``form`` stands with no word character or hyphen touching it."""
    # Only the texts that hold the form are searched.
    if form not in ctx.joined:
        return []
    return [(t, a, b) for t in ctx.texts if form in t.text for a, b in whole_word_spans(t.text, form, "-")]


def _register_variants(ctx: Context) -> Iterator[Candidate]:
    """One organisation or place written with two full forms of the register (not an abbreviation)."""
    for entity, forms in ctx.entity_forms.items():
        # Written-out forms only: an abbreviation ("CIS", "CIS Department") is a short name.
        full = [f for f in forms if len(re.split(r"[\s-]+", f)) > 1 and not any(is_acronym(w) for w in f.split())]
        # A form that is part of a longer form ("concept on establishing the Union") is a short
        # name, not a variant; so is any occurrence inside a longer form's occurrence. Those
        # forms are set aside before any is searched for, and an entity left with fewer than
        # two is not searched at all: it has no variant to report (1.5 -> 0.2 ms).
        variants = [f for f in full if not any(f != g and f in g for g in full)]
        if len(variants) < 2:
            continue
        found = {f: _occurrences(ctx, f) for f in variants}
        found = {f: o for f, o in found.items() if o}
        found = {f: [(t, a, b) for t, a, b in o if not _inside_longer(t, a, b, full)] for f, o in found.items()}
        found = {f: o for f, o in found.items() if o}
        if len(found) < 2:
            continue
        preferred = max(found, key=lambda f: (len(found[f]), -full.index(f)))
        for form, places in found.items():
            if form == preferred:
                continue
            for text, start, end in places:
                yield Candidate("text-terms", text, start, end,
                                f"'{form}' names what is written '{preferred}' elsewhere ({_times(len(found[preferred]))})",
                                "normalise or comment on the form, or dismiss the finding if the difference is meant")


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def _inside_longer(text: Text, start: int, end: int, forms: list[str]) -> bool:
    for form in forms:
        for a, b in literal_spans(text.text, form):
            if a <= start and end <= b and (a, b) != (start, end):
                return True
    return False


def _spelled_variants(ctx: Context) -> Iterator[Candidate]:
    """Two-word terms written two ways: with a hyphen and without (global-level/global level), or
    with a lost plural 's' on the first noun (custom union/customs union). Capitals alone
    (Customs Union/customs union) are not reported: they mark a name against a common noun."""
    # Every pair of neighbouring words is a match (the bundled transcript: ~10,000): they are
    # counted by findall and Counter in C, and only the distinct pairs go through Python; the
    # places are looked up afterwards for the forms reported alone. A form is its two words
    # and what separates them (first + sep + second is the match's text).
    counted: Counter[tuple[str, str, str]] = Counter()
    for text in ctx.texts:
        counted.update((_ASCII_PHRASE if text.text.isascii() else _PHRASE).findall(text.text))
    seen: dict[str, dict[str, int]] = {}  # casefolded words -> form -> times, in order of first use
    words_of: dict[str, tuple[str, str]] = {}  # a form -> its two words, casefolded
    for (first, sep, second), times in _variant_pairs(counted):
        first_key, second_key = first.casefold(), second.casefold()
        if first_key in OPEN_ENDINGS or second_key in DETERMINERS:  # OPEN_ENDINGS holds DETERMINERS
            continue
        form = first + sep + second
        forms = seen.get(first_key + second_key)  # the words are ASCII letters: casefolded one by one
        if forms is None:
            forms = seen[first_key + second_key] = {}
        forms[form] = times
        words_of[form] = (first_key, second_key)
    reports: list[tuple[str, str, int]] = []  # (form, preferred form, its count), in order
    for forms in seen.values():
        if len(forms) < 2 or not any("-" in f for f in forms):
            continue  # "the Union"/"the union": capitals alone are the names check's business
        preferred = max(forms, key=lambda f: (forms[f], "-" in f))
        reports += [(form, preferred, forms[preferred]) for form in forms if form != preferred]
    first_report = len(reports)
    # "custom union" beside "customs union": a noun compound whose first noun lost its "s".
    by_words: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
    for forms in seen.values():
        for form, times in forms.items():
            by_words[words_of[form]].append((form, times))
    for (first, second), entries in by_words.items():
        plural = by_words.get((first + "s", second))
        if not plural or not _compound_noun(first + "s", second):
            continue
        preferred = max(plural, key=lambda e: e[1])[0]
        count = sum(times for _, times in plural)
        reports += [(form, preferred, count) for form, _ in entries]
    places = _phrase_places(ctx, {form for form, _, _ in reports})
    for number, (form, preferred, count) in enumerate(reports):
        message = (f"'{form}' is written '{preferred}' elsewhere ({_times(count)})")
        hint = ("normalise one spelling, or dismiss the finding if the two mean different things" if number < first_report
                else "correct or normalise the form, or dismiss the finding if the two mean different things")
        for text, start, end in places[form]:
            yield Candidate("text-terms", text, start, end, message, hint)


def _variant_pairs(counted: Counter[tuple[str, str, str]]) -> list[tuple[tuple[str, str, str], int]]:
    """The items of ``counted`` (distinct word pairs, in order) that :func:`_spelled_variants` can
    report: those whose two words, casefolded and run together, are also those of a hyphenated
    pair, and those whose first word with or without a final "s" makes another pair with the
    same second word. No other pair shares its casefolded words with a hyphenated form or has a
    plural beside it, so the reports are the same; but only these (the bundled transcript: 120
    of 5,161) go through the loop there. The words are ASCII letters (_PHRASE), lower-cased all
    at once by one join and split in C (``lower`` is ``casefold`` for them)."""
    pairs = list(counted)
    lowered = "\0".join(chain.from_iterable(pairs)).lower().split("\0")  # no word or separator holds a NUL
    firsts, seps, seconds = lowered[0::3], lowered[1::3], lowered[2::3]
    keys = [first + second for first, second in zip(firsts, seconds)]
    hyphenated = {keys[i] for i, sep in enumerate(seps) if sep == "-"}
    words = set(zip(firsts, seconds))
    singular = {(first[:-1], second) for first, second in words if first[-1] == "s"} & words
    plural = singular | {(first + "s", second) for first, second in singular}
    return [(pair, counted[pair]) for pair, key, word_pair in zip(pairs, keys, zip(firsts, seconds))
            if key in hyphenated or word_pair in plural]


def _phrase_places(ctx: Context, forms: set[str]) -> dict[str, list[tuple[Text, int, int]]]:
    """Where each of ``forms`` stands as a _PHRASE match, in order; only texts holding one are searched."""
    places: dict[str, list[tuple[Text, int, int]]] = {form: [] for form in forms}
    for text in ctx.texts:
        value = text.text
        if not any(form in value for form in forms):
            continue
        for m in _PHRASE.finditer(value):
            form = value[m.start():m.end(3)]
            if form in places:
                places[form].append((text, m.start(), m.end(3)))
    return places


def _compound_noun(first: str, second: str) -> bool:
    """Both words nouns and neither a word of grammar: "customs union", not "talks about"."""
    if {first, second} & (OPEN_ENDINGS | AUXILIARIES | PRONOUNS):
        return False
    return "NOUN" in parts_of_speech(first) and parts_of_speech(second) == {"NOUN"}


RULES = {
    "text-spelling": spelling,
    "text-punctuation": punctuation,
    "text-sentence": sentence,
    "text-figures": figures,
    "text-roles": roles,
    "text-terms": terms,
}
