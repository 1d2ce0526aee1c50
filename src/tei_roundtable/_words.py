"""English word knowledge for ``check-text``: pyspellchecker's word list and lemminflect's parts of
speech, answered from compact tables kept in the user's cache folder (:mod:`._cache`).

The libraries ship their data in their wheels, so nothing is downloaded; but loading it is the
fixed cost of every fresh process: ``SpellChecker("en")`` decompresses and parses 160,572
words of JSON (0.12 s of CPU), and lemminflect's ``getAllLemmas`` reads its lemma table, a
gzipped CSV of 80,676 lines, after ``import lemminflect`` has imported numpy for an inflection
model the checks never use (0.21 s together). A validation of the bundled edition asks about
1,700 distinct words and 34 parts of speech.

So the first run takes what the checks ask from the libraries, once, into tables:

* spelling: pyspellchecker's word frequencies (as its case-insensitive ``WordFrequency`` holds
  them: lower case, with counts), its letters, longest word length and total count, and the
  words used at least ``common_minimum`` times;
* parts of speech: for every word of lemminflect's lemma table and overrides, the parts of
  speech ``getAllLemmas(word)`` gives it (the keys of its answer).

The word tables are sorted and cut into chunks of 20 words, each chunk a small marshal dump
unpacked on first look-up (found by bisecting the chunks' first words), so that a run unpacks
the chunks of the words it asks about rather than 230,000 entries. The lookups below answer as
pyspellchecker's ``SpellChecker(language="en", case_sensitive=False, distance=1)`` and
lemminflect's ``getAllLemmas`` do (the tests compare them with the libraries on every word of
the tables, of the fixtures, and a random sample of the libraries' words with misspellings). A chunk that does not hold what a chunk must (a cache file written by
something else than this module) has the tables built again from the libraries.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import marshal
import string
import sys
import threading
from bisect import bisect_right
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

from . import _cache

_SPELLING_FORMAT = "english spelling tables 1"
_PARTS_FORMAT = "english parts of speech tables 1"
_CHUNK = 20  # words a chunk of a table holds
_SPELLING_DATA = ("spellchecker", "pyspellchecker", ("resources/en.json.gz",))
_PARTS_DATA = ("lemminflect", "lemminflect", ("resources/lemma_lu.csv.gz", "resources/lemma_overrides.csv"))


def _chunked(table: dict[str, Any]) -> tuple[list[str], list[bytes]]:
    """``table`` in sorted order, cut into chunks of ``_CHUNK`` words: the first word of each
    chunk (the index a look-up bisects) and each chunk as a marshal dump. Sorted, so that the
    same library data makes the same bytes, and the words of a text (inflections of one word
    side by side) share chunks."""
    items = sorted(table.items())
    starts = range(0, len(items), _CHUNK)
    return [items[i][0] for i in starts], [marshal.dumps(dict(items[i:i + _CHUNK])) for i in starts]


class _Damaged(Exception):
    """A chunk of a cached table is not what this module writes."""


class _Chunks:
    """A word table cut into marshal-dumped chunks (:func:`_chunked`), each unpacked on its first look-up.

    ``valid_values`` says whether the values of an unpacked chunk are what the table holds. Its
    keys must be strings; that each sorts between its chunk's first word and the next chunk's is
    not checked (a word in another chunk is a word not found, which reports a finding rather
    than hiding one).
    """

    def __init__(self, index: list[str], chunks: list[bytes], valid_values: Callable[[Iterable[Any]], bool]) -> None:
        self._index = index
        self._chunks = chunks
        self._valid_values = valid_values
        self._unpacked: dict[int, dict[str, Any]] = {}

    def get(self, word: str, default: Any = None) -> Any:
        number = bisect_right(self._index, word) - 1
        if number < 0:
            return default  # before the table's first word
        chunk = self._unpacked.get(number)
        if chunk is None:
            chunk = self._unpacked[number] = self._unpack(number)
        return chunk.get(word, default)

    def _unpack(self, number: int) -> dict[str, Any]:
        try:
            chunk = marshal.loads(self._chunks[number])
        except (ValueError, EOFError, TypeError):
            raise _Damaged from None
        # Checked by type, in C (the bundled edition unpacks about a thousand chunks).
        if not (type(chunk) is dict and set(map(type, chunk)) <= {str} and self._valid_values(chunk.values())):
            raise _Damaged
        return chunk


def _valid_chunked(index: Any, chunks: Any) -> bool:
    return (type(index) is list and type(chunks) is list and 0 < len(index) == len(chunks)
            and set(map(type, index)) == {str} and set(map(type, chunks)) == {bytes} and index == sorted(index))


def _key(data: tuple[str, str, tuple[str, ...]], form: str, **parameters: Any) -> dict | None:
    """What a table is derived from: the library's version and the sha256 of its data files (None:
    the library is not installed as a distribution, so there is nothing to key a cache by)."""
    module, distribution, files = data
    try:
        version = importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None
    spec = importlib.util.find_spec(module)  # finds the package without running its __init__
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(list(spec.submodule_search_locations)[0])
    digests = {name: _cache.file_digest(folder / name) for name in files}
    if None in digests.values():
        return None
    return {"format": form, "library": distribution, "version": version, "data": digests, **parameters}


def _derived(name: str, key: dict | None, build: Callable[[], dict], valid: Callable[[Any], bool],
             trust_cache: bool) -> dict:
    if key is None:
        return build()
    if trust_cache:
        return _cache.load(name, key, build, valid)
    data = build()
    path = _cache.path_for(name, key)
    if path is not None:
        _cache.write(path, key, data)
    return data


# ----- spelling ----------------------------------------------------------------------------------
def _build_spelling(common_minimum: int) -> dict:
    from spellchecker import SpellChecker

    frequency = SpellChecker(language="en", case_sensitive=False, distance=1).word_frequency
    counts = frequency.dictionary  # a Counter: read, never indexed (which would add a word)
    return {
        "letters": "".join(sorted(frequency.letters)),
        "longest": frequency.longest_word_length,
        "total": frequency.total_words,
        "common": {w: c for w, c in counts.items() if c >= common_minimum},
        "counts": _chunked(counts),
    }


def _valid_spelling(data: Any) -> bool:
    return (type(data) is dict and set(data) == {"letters", "longest", "total", "common", "counts"}
            and type(data["letters"]) is str and type(data["longest"]) is int and type(data["total"]) is int
            and data["total"] > 0 and type(data["common"]) is dict
            # by type, in C: 26,157 common words and 8,029 chunks are checked in every run
            and set(map(type, data["common"])) <= {str} and set(map(type, data["common"].values())) <= {int}
            and type(data["counts"]) is tuple and len(data["counts"]) == 2 and _valid_chunked(*data["counts"]))


class Spelling:
    """pyspellchecker's English word list, as ``SpellChecker(language="en", case_sensitive=False,
    distance=1)`` answers: the same methods' names and answers, from the tables."""

    def __init__(self, common_minimum: int) -> None:
        self._common_minimum = common_minimum
        self._use(self._data(trust_cache=True))

    def _data(self, trust_cache: bool) -> dict:
        key = _key(_SPELLING_DATA, _SPELLING_FORMAT, common_minimum=self._common_minimum)
        return _derived("english-spelling", key, lambda: _build_spelling(self._common_minimum), _valid_spelling,
                        trust_cache)

    def _use(self, data: dict) -> None:
        self.letters = frozenset(data["letters"])
        self.longest_word_length = data["longest"]
        self.total_words = data["total"]
        #: the words used at least ``common_minimum`` times, with their counts
        self.common: dict[str, int] = data["common"]
        self._counts = _Chunks(*data["counts"], lambda counts: set(map(type, counts)) <= {int})
        # The letters of the common words (27 of the list's 45): only these, inserted or put in,
        # can make a common word, which is what common_neighbours asks for.
        self._common_letters = "".join(sorted(set("".join(self.common))))

    def _count(self, word: str) -> int | None:
        try:
            return self._counts.get(word)
        except _Damaged:
            self._use(self._data(trust_cache=False))
            return self._counts.get(word)

    def __getitem__(self, word: str) -> int:
        """How often ``word`` occurs in the list (0 if not at all): ``word_frequency[word]``."""
        return self._count(word.lower()) or 0

    def __contains__(self, word: str) -> bool:
        return self._count(word.lower()) is not None

    def _should_check(self, word: str) -> bool:
        """pyspellchecker's ``_check_if_should_check``: punctuation, numbers and overlong strings are no words."""
        if word.isalpha():  # the usual case, without float()'s ValueError: no punctuation, no number
            return len(word) <= self.longest_word_length + 3
        if len(word) == 1 and word in string.punctuation:
            return False
        if len(word) > self.longest_word_length + 3:
            return False
        if word.lower() in ("nan", "inf", "infinity"):
            return True
        try:
            float(word)
        except ValueError:
            return True
        return False

    def is_known(self, word: str) -> bool:
        """Whether ``word`` (lower-cased) is in the list: ``bool(known([word]))``, without the sets."""
        word = word.lower()
        return self._count(word) is not None and self._should_check(word)

    def is_common(self, word: str) -> bool:
        """Whether ``word`` (lower-cased) is known and one of the words used at least
        ``common_minimum`` times: ``is_known(word) and self[word] >= common_minimum``, in one look-up."""
        word = word.lower()
        return word in self.common and self._should_check(word)

    def known(self, words: Any) -> set[str]:
        """The words (lower-cased) that are in the list."""
        lowered = [w.lower() for w in words]
        return {w for w in lowered if self._count(w) is not None and self._should_check(w)}

    def edit_distance_1(self, word: str) -> set[str]:
        """Every string one deletion, transposition, replacement or insertion (of the list's letters) from ``word``."""
        word = word.lower()
        if not self._should_check(word):
            return {word}
        splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
        deletes = [a + b[1:] for a, b in splits if b]
        transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
        replaces = [a + c + b[1:] for a, b in splits if b for c in self.letters]
        inserts = [a + c + b for a, b in splits for c in self.letters]
        return set(deletes + transposes + replaces + inserts)

    def common_neighbours(self, word: str) -> set[str]:
        """The common words among ``edit_distance_1(word)`` (``edit_distance_1(word) & common.keys()``),
        with only the common words' letters inserted or put in: about half the strings to make."""
        word = word.lower()
        if not self._should_check(word):
            return {word} & self.common.keys()
        letters = self._common_letters
        # Each position's inserts (and replacements) made by one str.join of the letters, with
        # what follows and precedes the position as the glue, and every edit split apart once:
        # C loops rather than a Python step per string (the bundled edition asks this of about
        # 40 rare words a validation: 3.9 -> 1.6 ms). The separator is a character that neither
        # the word nor the letters hold, so that the pieces are the edits.
        sep = "\0"
        while sep in word or sep in letters:
            sep = chr(ord(sep) + 1)
        pieces = []
        for i in range(len(word) + 1):
            a, b = word[:i], word[i:]
            pieces.append(a + (b + sep + a).join(letters) + b)  # the inserts at i
            if b:
                rest = b[1:]
                pieces.append(a + (rest + sep + a).join(letters) + rest)  # the replacements at i
                pieces.append(a + rest)  # the deletion at i
                if rest:
                    pieces.append(a + rest[0] + b[0] + rest[1:])  # the transposition at i
        return self.common.keys() & sep.join(pieces).split(sep)

    def candidates(self, word: str) -> set[str] | None:
        """The word itself if known (or no word to check), else the known words one edit from it, else None."""
        if self.known([word]) or not self._should_check(word):
            return {word}
        return self.known(self.edit_distance_1(word)) or None

    def word_usage_frequency(self, word: str) -> float:
        return self[word] / self.total_words


# ----- parts of speech ---------------------------------------------------------------------------
_LEMMINFLECT_IMPORT = threading.Lock()


def _lemminflect_modules() -> tuple[Any, Any, Any]:
    """lemminflect's ``config``, ``LemmaLUCodec`` and ``OverridesCodec``, loaded without running the
    package's ``__init__``.

    ``import lemminflect.codecs.LemmaLUCodec`` runs ``lemminflect/__init__.py`` first, which imports
    the inflection model and with it numpy (70 ms of CPU), which reading the lemma table does not
    need: the codecs import only ``gzip`` and lemminflect's ``core.LexicalUtils``/``slexicon.SKey``.
    So (as the toolkit loads datacite's schema45 writer) the package's module is made from its
    own import spec without being executed, the modules are imported under it, and
    ``sys.modules`` is put back as it was, so that a later ``import lemminflect`` runs the
    package as usual. The lock keeps two threads of this process from doing so at once.
    """
    names = ("lemminflect.config", "lemminflect.codecs.LemmaLUCodec", "lemminflect.codecs.OverridesCodec")
    with _LEMMINFLECT_IMPORT:
        if "lemminflect" in sys.modules:  # imported already (say, by the program using the toolkit)
            return tuple(importlib.import_module(n) for n in names)  # type: ignore[return-value]
        spec = importlib.util.find_spec("lemminflect")
        if spec is None or spec.submodule_search_locations is None:
            raise ImportError("lemminflect is not installed; reinstall tei-roundtable with its dependencies")
        sys.modules["lemminflect"] = importlib.util.module_from_spec(spec)
        try:
            return tuple(importlib.import_module(n) for n in names)  # type: ignore[return-value]
        finally:
            for name in [n for n in sys.modules if n == "lemminflect" or n.startswith("lemminflect.")]:
                del sys.modules[name]


def _build_parts() -> dict:
    """Every word's parts of speech as ``Lemmatizer.getAllLemmas`` finds them: the keys of its
    lemma table's entry, updated by its overrides' entry (the files the Lemmatizer loads by default)."""
    config, lemma_codec, overrides_codec = _lemminflect_modules()
    lemmas = lemma_codec.LemmaLUCodec.load(config.lemma_lu_fn)
    overrides = overrides_codec.OverridesCodec.load(config.lemma_overrides_fn)
    # One sorted tuple per combination of parts (18 of them), which marshal writes once; found
    # by the parts in the order the table lists them rather than sorted again for each word.
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}
    parts = {}
    for word, entry in lemmas.items():
        found = tuple(entry) if word not in overrides else tuple({**entry, **overrides[word]})
        combination = shared.get(found)
        if combination is None:
            combination = shared[found] = tuple(sorted(found))
        parts[word] = combination
    for word in overrides.keys() - lemmas.keys():
        parts[word] = tuple(sorted(overrides[word]))
    return {"parts": _chunked(parts)}


def _valid_parts(data: Any) -> bool:
    return (type(data) is dict and set(data) == {"parts"} and type(data["parts"]) is tuple
            and len(data["parts"]) == 2 and _valid_chunked(*data["parts"]))


def _valid_combination(value: Any) -> bool:
    return type(value) is tuple and all(type(p) is str and p for p in value)


class PartsOfSpeech:
    """lemminflect's parts of speech of a word, as ``frozenset(getAllLemmas(word))`` gives them."""

    def __init__(self) -> None:
        self._use(self._data(trust_cache=True))

    def _data(self, trust_cache: bool) -> dict:
        return _derived("english-parts-of-speech", _key(_PARTS_DATA, _PARTS_FORMAT), _build_parts, _valid_parts,
                        trust_cache)

    def _use(self, data: dict) -> None:
        self._parts = _Chunks(*data["parts"], lambda found: all(map(_valid_combination, found)))

    def __call__(self, word: str) -> frozenset[str]:
        key = word.lower()  # getAllLemmas looks the lower-cased word up
        try:
            found = self._parts.get(key, ())
        except _Damaged:
            self._use(self._data(trust_cache=False))
            found = self._parts.get(key, ())
        return frozenset(found)


@lru_cache(maxsize=None)
def spelling(common_minimum: int) -> Spelling:
    """The word list, with the words used at least ``common_minimum`` times at hand (one per process)."""
    return Spelling(common_minimum)


@lru_cache(maxsize=1)
def parts_of_speech() -> PartsOfSpeech:
    """The parts-of-speech table (one per process)."""
    return PartsOfSpeech()
