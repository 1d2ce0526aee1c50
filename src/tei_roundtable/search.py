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
words, Porter stemmer, the same algorithm in Python and JavaScript).

Beside the index, every document carries what the filters need: its edition, reference, the
speaker (``sp/@who``) and the register entries it names (``@ref`` of persName, orgName,
placeName). :func:`build` takes any number of TEI trees, so one index over a collection is one
call; the lunr ref of a document is its position, unique across editions.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Sequence

from lxml import etree

from ._xml import NS
from .readings import element_text

__all__ = ["SearchDoc", "SearchIndex", "build", "documents", "fold"]

# Typographic and ASCII apostrophes: "Kyrgyzstan's" and "Kyrgyzstan’s" index as "kyrgyzstans",
# which the stemmer takes to "kyrgyzstan", as it does the query "Kyrgyzstan".
_APOSTROPHE = re.compile(r"['’ʼ]")
_NAMES = ".//tei:persName | .//tei:orgName | .//tei:placeName"


# Punctuation and symbols become spaces before lunr sees the text. lunr's trimmer differs between
# its two implementations (lunr.js strips every non-ASCII letter as "non-word"), so neither side
# relies on it: what reaches the tokenizer is letters, digits, underscores and spaces.
_NOT_WORD = re.compile(r"[^\w\s]+")


def fold(text: str) -> str:
    """``text`` as it is indexed and queried: no diacritics, no apostrophes, no punctuation,
    lower case.

    edition.js's ``clean`` does the same: NFKD, drop \\p{M}, drop apostrophes, lower case, and
    every run of characters other than letters, digits, ``_`` and spaces becomes a space.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return _NOT_WORD.sub(" ", _APOSTROPHE.sub("", bare).lower())


@dataclass(frozen=True)
class SearchDoc:
    """One searchable passage: a speaker label (``tN``) or a paragraph (``tN.M``)."""

    edition: str
    ref: str
    who: str
    names: tuple[str, ...]
    text: str
    printed: str


@dataclass(frozen=True)
class SearchIndex:
    """The serialised lunr index and, in the same order as its refs, the documents' facets."""

    index: dict
    docs: tuple[SearchDoc, ...]

    def to_json(self) -> str:
        """Compact JSON for a ``<script type="application/json">``: ``</`` cannot end the script.
        Empty for an index without documents.

        The texts are not repeated here: the page shows keywords in context from its own text.
        """
        if not self.docs:
            return ""
        data = {
            "index": self.index,
            "docs": [{"e": d.edition, "r": d.ref, "w": d.who, "n": list(d.names)} for d in self.docs],
        }
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
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
                pointer for name in element.xpath(_NAMES, namespaces=NS)
                for pointer in (_pointer(name.get("ref")),) if pointer)
            printed = " ".join(element_text(form, "diplomatic")
                               for form in element.xpath(".//tei:sic | .//tei:orig", namespaces=NS))
            docs.append(SearchDoc(edition, ref, who, tuple(names), element_text(element, "normalised"), printed))
    return docs


def build(editions: Iterable[tuple[str, etree._ElementTree | etree._Element]]) -> SearchIndex:
    """One lunr index over the ``(edition id, TEI tree)`` pairs given (one edition, or a collection)."""
    import lunr

    docs: Sequence[SearchDoc] = [doc for ident, tree in editions for doc in documents(tree, ident)]
    if not docs:  # nothing to search (a TEI without turns): no index, and the page no search panel
        return SearchIndex({}, ())
    index = lunr.lunr(
        ref="id", fields=["text", "printed"],
        documents=[{"id": str(i), "text": fold(d.text), "printed": fold(d.printed)} for i, d in enumerate(docs)],
    )
    return SearchIndex(index.serialize(), tuple(docs))
