"""The search index of the HTML edition, built at render time with ``lunr`` (the Python port of
lunr.js, whose ``lunr.Index.load`` reads the serialised index in the page).

One search document per speaker label (reference ``tN``) and per paragraph of a turn (``tN.M``),
in document order, so that results come back in turn order. Each document has two fields:

* ``text``: the normalised reading (corrections and normalisations applied);
* ``printed``: the forms as printed where the editors intervene (``sic``, ``orig``), so a search
  for the diplomatic form ("Abdylidaev") finds the passage.

Both are folded before indexing (:func:`fold`: compatibility decomposition, combining marks
dropped, apostrophes removed, punctuation turned into spaces, lower case); the page folds the query the same way, which makes
the search case- and diacritic-insensitive. lunr's English pipeline does the rest (trimmer, stop
words, Porter stemmer). The stemmer must give the page's lunr.js the tokens it makes of a query:
Python lunr's Porter stemmer differs from lunr.js's in step 1c ("valley" -> "vallei" in Python,
"valley" in lunr.js; "try" -> "try" and "tri"), so the index is built with :func:`_stemmer`, the
Python stemmer with lunr.js's step 1c (tests/render/test_search.py compares the two in Chromium
word by word).

Beside the index, every document carries what the filters need: its edition, reference, the
speaker (``sp/@who``) and the register entries it names (``@ref`` of persName, orgName,
placeName). :func:`build` takes any number of TEI trees, so one index over a collection is one
call; the lunr ref of a document is its position, unique across editions.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

import orjson
from lunr.stemmer import PorterStemmer
from lxml import etree

from ._xml import NS, TEI_NS
from .readings import element_readings

__all__ = ["SearchDoc", "SearchIndex", "build", "documents", "fold"]

# Typographic and ASCII apostrophes: "Kyrgyzstan's" and "Kyrgyzstan’s" index as "kyrgyzstans",
# which the stemmer takes to "kyrgyzstan", as it does the query "Kyrgyzstan".
_APOSTROPHE = re.compile(r"['’ʼ]")
# A person or body named by a post alone (rs, "the Ambassador") is named as its name is: the page's
# name filter lists whatever the index of the page says the text names.
# Their tags, for lxml's iterdescendants, which finds them in document order as XPath's
# ".//tei:persName | …" does, matching the tags in C rather than evaluating an expression.
_NAMES = tuple(f"{{{TEI_NS}}}{name}" for name in ("persName", "orgName", "placeName", "rs"))
# The forms as printed where the editors intervene.
_PRINTED = (f"{{{TEI_NS}}}sic", f"{{{TEI_NS}}}orig")


# Punctuation and symbols become spaces before lunr sees the text. lunr's trimmer differs between
# its two implementations (lunr.js strips every non-ASCII letter as "non-word"), so neither side
# relies on it: what reaches the tokenizer is letters, digits, underscores and spaces.
_NOT_WORD = re.compile(r"[^\w\s]+")


class _LunrJsPorter(PorterStemmer):
    """Porter's stemmer as lunr.js 2.3.9 implements it."""

    def step1c(self) -> None:
        # lunr.js: /^(.+?[^aeiou])y$/ -> "$1i": a final y after a consonant that is not the
        # word's first letter becomes i (Porter's published rule asks for a vowel in the stem).
        if self.ends("y") and self.j > self.k0 and self.b[self.j] not in "aeiou":
            self.b = self.b[: self.k] + "i" + self.b[self.k + 1:]


_PORTER = _LunrJsPorter()


def _stemmer(token, i=None, tokens=None):
    return token.update(_PORTER.stem)


# Serialised as "stemmer", the name lunr.js loads its own stemmer by; not registered with
# lunr's Pipeline, whose registry is global and holds Python lunr's stemmer under that name.
_stemmer.label = "stemmer"


# What lunr's tokenizer (lunr.tokenizer.Tokenizer) splits a field's text on.
_LUNR_WORD = re.compile(r"[^ \t\n\r\f\v\xa0-]+")


@functools.lru_cache(maxsize=1)
def _indexing_pipeline():
    """lunr's indexing pipeline, with lunr.js's stemmer: trimmer, stop word filter, stemmer."""
    from lunr.pipeline import Pipeline
    from lunr.stop_word_filter import stop_word_filter
    from lunr.trimmer import trimmer

    pipeline = Pipeline()
    pipeline.add(trimmer, stop_word_filter, _stemmer)
    return pipeline


@functools.lru_cache(maxsize=1 << 16)
def _word_terms(word: str) -> tuple[str, ...]:
    """The index terms of one word, as lunr's indexing pipeline makes them.

    Each of the pipeline's functions depends on the word alone, so the terms are remembered for
    the process (up to 65,536 words, about 13 MB): editions in one language share most of their
    words, and a collection's build stems each only once.
    """
    from lunr.token import Token

    return tuple(str(term) for term in _indexing_pipeline().run([Token(word)]))


class _Terms:
    """A field's text to its index terms: the words lunr's tokenizer makes of it, each through
    lunr's indexing pipeline (:func:`_word_terms`).

    lunr runs its pipeline on every word, and its tokenizer looks at every character in Python;
    but a text repeats its words (the bundled edition: 9,800 words, 1,700 distinct). So the
    builder (:func:`_index`) splits each field with a regular expression and looks each word's
    terms up, once per distinct word of the index. The index is the same, byte for byte, as
    lunr's own tokenizer and pipeline make (tests/render/test_search.py compares the two); no
    position metadata is kept, which lunr indexes only when asked to (``metadata_whitelist``,
    empty here). One instance serves one index.
    """

    def __init__(self) -> None:
        self._terms: dict[str, tuple[str, ...]] = {}

    def __call__(self, text: str) -> list[str]:
        """The terms of ``text`` in order, as lunr's tokenizer (a one-item list: ``text`` lower-cased
        as one token) and indexing pipeline make them."""
        known = self._terms
        terms: list[str] = []
        for word in _LUNR_WORD.findall(text.lower()):
            found = known.get(word)
            if found is None:
                found = known[word] = _word_terms(word)
            terms += found
        return terms


def fold(text: str) -> str:
    """``text`` as it is indexed and queried: no diacritics, no apostrophes, no punctuation,
    lower case.

    edition.js's ``clean`` does the same: NFKD, drop \\p{M}, drop apostrophes, lower case, and
    every run of characters other than letters, digits, ``_`` and spaces becomes a space.
    """
    if text.isascii():  # most of a text in English: NFKD leaves ASCII as it is, and no ASCII character is a mark
        bare = text
    else:  # only runs of non-ASCII characters are looked at one by one
        bare = _NON_ASCII.sub(_without_marks, unicodedata.normalize("NFKD", text))
    if bare.isascii():  # the same steps as below, as they come out on ASCII (a third of the time)
        return _NOT_WORD_ASCII.sub(" ", bare.replace("'", "").lower())
    return _NOT_WORD.sub(" ", _APOSTROPHE.sub("", bare).lower())


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
# _NOT_WORD on ASCII text: \w is [A-Za-z0-9_] there (\s stays Unicode's, which takes in \x1c-\x1f).
_NOT_WORD_ASCII = re.compile(r"[^A-Za-z0-9_\s]+")


def _without_marks(run: re.Match) -> str:
    return "".join(c for c in run.group() if not unicodedata.category(c).startswith("M"))


@dataclass(frozen=True)
class SearchDoc:
    """One searchable passage: a speaker label (``tN``) or a paragraph (``tN.M``)."""

    edition: str
    ref: str
    who: str
    names: tuple[str, ...]
    text: str
    printed: str
    diplomatic: str = ""


@dataclass(frozen=True)
class SearchIndex:
    """The serialised lunr index and, in the same order as its refs, the documents' facets."""

    index: dict
    docs: tuple[SearchDoc, ...]

    def data(self, *, texts: bool = False) -> dict:
        """What :meth:`to_json` writes, as plain data: the index and each document's facets."""

        def doc(d: SearchDoc) -> dict:
            data = {"e": d.edition, "r": d.ref, "w": d.who, "n": list(d.names)}
            if texts:
                data["t"] = d.text
                if d.diplomatic and d.diplomatic != d.text:
                    data["d"] = d.diplomatic
            return data

        return {"index": self.index, "docs": [doc(d) for d in self.docs]}

    def to_json(self, *, texts: bool = False) -> str:
        """Compact JSON for a ``<script type="application/json">``: ``</`` cannot end the script.
        Empty for an index without documents.

        An edition page leaves the texts out: it shows keywords in context from its own text. A
        page that does not hold the passages (the collection page) asks for ``texts``: each
        document then carries its normalised reading (``t``) and, where it differs, its
        diplomatic one (``d``), for keywords in context and phrase matching.
        """
        if not self.docs:
            return ""
        # orjson writes what json.dumps(ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        # writes (keys sorted by code point; the same escapes; its numbers are ints and lunr's
        # scores rounded to three places, which neither writes with an exponent), 8 times faster.
        text = orjson.dumps(self.data(texts=texts), option=orjson.OPT_SORT_KEYS).decode("utf-8")
        return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def _pointer(value: str | None) -> str:
    """The id a local pointer names (the first, for several): ``#uzbekov`` -> ``uzbekov``."""
    tokens = (value or "").split()
    return tokens[0].removeprefix("#") if tokens else ""


def documents(tree: etree._ElementTree | etree._Element, edition: str) -> list[SearchDoc]:
    """The search documents of one edition, in document order."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    docs: list[SearchDoc] = []
    for sp in root.iterfind("tei:text/tei:body//tei:sp", NS):
        turn = sp.get("{http://www.w3.org/XML/1998/namespace}id")
        if not turn:
            continue
        who = _pointer(sp.get("who"))
        parts = [(turn, element) for element in sp.iterfind("tei:speaker", NS)]
        parts += [(p.get("{http://www.w3.org/XML/1998/namespace}id"), p) for p in sp.iterfind("tei:p", NS)]
        for ref, element in parts:
            if not ref:
                continue
            names = dict.fromkeys(
                pointer for name in element.iterdescendants(*_NAMES)
                for pointer in (_pointer(name.get("ref")),) if pointer)
            # A form's diplomatic reading (element_readings: element_text's, made faster).
            printed = " ".join(element_readings(form)[1] for form in element.iterdescendants(*_PRINTED))
            text, diplomatic = element_readings(element)
            docs.append(SearchDoc(edition, ref, who, tuple(names), text, printed, diplomatic))
    return docs


def build(editions: Iterable[tuple[str, etree._ElementTree | etree._Element]]) -> SearchIndex:
    """One lunr index over the ``(edition id, TEI tree)`` pairs given (one edition, or a collection)."""
    docs: Sequence[SearchDoc] = [doc for ident, tree in editions for doc in documents(tree, ident)]
    if not docs:  # nothing to search (a TEI without turns): no index, and the page no search panel
        return SearchIndex({}, ())
    return SearchIndex(_index(docs), tuple(docs))


def _index(docs: Sequence[SearchDoc]) -> dict:
    """The serialised lunr index of ``docs``; a document's lunr ref is its position."""
    import lunr
    from lunr.builder import Builder
    from lunr.field_ref import FieldRef
    from lunr.idf import idf as Idf
    from lunr.token_set import TokenSet
    from lunr.vector import Vector

    class _Builder(Builder):
        """lunr's builder, less the token set of every term (a sixth of the time): that serves
        searches run in Python, and the serialised index, all the page loads, has none. The
        methods are lunr's own (pinned below 0.9 in pyproject.toml); the test that compares this
        index with lunr's unaided one would fail if a release changed what they do."""

        terms = _Terms()  # a class made per index (in _index): one _Terms per index

        def add(self, doc, attributes=None) -> None:
            """lunr's method for documents whose fields are strings, with no metadata kept: the
            same frequencies, lengths and postings, made per distinct term of a field (counted
            in C) rather than per occurrence, and of term strings rather than lunr Tokens."""
            assert not self.metadata_whitelist
            doc_ref = str(doc[self._ref])
            self._documents[doc_ref] = attributes or {}
            self.document_count += 1
            fields = self._fields
            inverted_index = self.inverted_index
            for field_name in fields:
                terms = self.terms(doc[field_name])
                field_ref = f"{field_name}/{doc_ref}"  # str(FieldRef(doc_ref, field_name))
                # In the order of first occurrence, as lunr's loop inserts them (most printed
                # fields are empty: nothing to count). A dict of counts, where lunr keeps a
                # defaultdict for its loop to add to: a dict of strings and numbers is not
                # tracked by the garbage collector, whose passes over the objects an index
                # holds cost a fifth of its time.
                field_terms = dict(Counter(terms)) if terms else {}
                self.field_term_frequencies[field_ref] = field_terms
                self.field_lengths[field_ref] = len(terms)
                for term in field_terms:
                    posting = inverted_index.get(term)
                    if posting is None:
                        posting = {name: {} for name in fields}
                        posting["_index"] = self.term_index
                        self.term_index += 1
                        inverted_index[term] = posting
                    if doc_ref not in posting[field_name]:
                        # lunr's defaultdict(list) holds the metadata kept of the term's
                        # occurrences, none here (an empty dict is not tracked either).
                        posting[field_name][doc_ref] = {}

        def _create_token_set(self) -> None:
            self.token_set = TokenSet()

        def _create_field_vectors(self) -> None:
            """lunr's method, with each vector made of its sorted (term index, score) pairs at
            once rather than by one insertion into the middle of a list per term (three
            quarters of its time): the terms of a field are distinct, so the elements are the
            same, and each score is the same arithmetic on the same numbers."""
            field_vectors = {}
            # Per term, its index and idf, looked up once (a term is in several fields).
            terms: dict[str, tuple[int, float]] = {}
            k1, b = self._k1, self._b
            for field_ref, term_frequencies in self.field_term_frequencies.items():
                if not term_frequencies:  # an empty field (where every one is, the average length is 0)
                    field_vectors[field_ref] = _Vector()
                    continue
                parsed = FieldRef.from_string(field_ref)
                field_name = parsed.field_name
                field_boost = self._fields[field_name].boost
                doc_boost = self._documents[parsed.doc_ref].get("boost", 1)
                length_norm = k1 * (1 - b + b * (self.field_lengths[field_ref] / self.average_field_length[field_name]))
                pairs = []
                for term, tf in term_frequencies.items():
                    known = terms.get(term)
                    if known is None:
                        posting = self.inverted_index[term]
                        known = terms[term] = (posting["_index"], Idf(posting, self.document_count))
                    index, idf = known
                    score = idf * ((k1 + 1) * tf) / (length_norm + tf)
                    score *= field_boost
                    score *= doc_boost
                    pairs.append((index, round(score, 3)))
                pairs.sort()
                field_vectors[field_ref] = _Vector([value for pair in pairs for value in pair])
            self.field_vectors = field_vectors

    class _Vector(Vector):
        """lunr's vector, serialised as its elements are: lunr's serialize rounds each element
        to three places, which the builder's scores are already (above, as lunr's method
        rounds them) and the term indices, integers, need not; rounding a number rounded to
        three places to three places gives it back, so the index is the same (the test
        comparing it with lunr's unaided one checks it), less two calls of round per term
        of every field."""

        def serialize(self) -> list:
            return list(self.elements)

    builder = _Builder()  # lunr's default builder, with lunr.js's stemmer (the terms: _Terms)
    builder.search_pipeline.add(_stemmer)
    index = lunr.lunr(
        ref="id", fields=["text", "printed"], builder=builder,
        documents=[{"id": str(i), "text": fold(d.text), "printed": fold(d.printed)} for i, d in enumerate(docs)],
    )
    return index.serialize()
