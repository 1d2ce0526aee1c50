"""The search index search.py builds at render time (lunr), apart from the page that loads it."""

from __future__ import annotations

import json

import lunr.index
import pytest
from hypothesis import given, settings, strategies as st

from conftest import EDITION_ID, EDITION_TEI
from tei_roundtable import readings, search
from tei_roundtable._xml import NS, XML_NS, parse_file

ID = f"{{{XML_NS}}}id"


@pytest.fixture(scope="module")
def tree():
    return parse_file(EDITION_TEI)


@pytest.fixture(scope="module")
def built(tree):
    return search.build([(EDITION_ID, tree)])


def test_one_document_per_speaker_label_and_paragraph_in_turn_order(tree, built):
    expected = [e.get(ID) for e in tree.xpath("//tei:body//tei:sp | //tei:body//tei:sp/tei:p", namespaces=NS)]
    assert [d.ref for d in built.docs] == expected
    t18 = next(d for d in built.docs if d.ref == "t18")
    assert (t18.who, t18.text, t18.printed) == ("abdyldaev", "Erlan Abdyldaev", "Abdylidaev")
    t18_1 = next(d for d in built.docs if d.ref == "t18.1")
    assert t18_1.names == ("uzbekov", "kyrgyzstan", "kazakhstan", "ucas")


def test_fold_drops_case_diacritics_apostrophes_and_punctuation():
    assert search.fold("Öztürk’s “Union”, KYRGYZSTAN's!") == "ozturks  union  kyrgyzstans "
    assert search.fold("Юсупов") == "юсупов"


def test_the_index_finds_both_readings(built):
    index = lunr.index.Index.load(built.index)
    refs = lambda query: [built.docs[int(hit["ref"])].ref for hit in index.search(query)]
    assert "t18" in refs("abdylidaev"), "the printed form"
    assert "t18" in refs("abdyldaev"), "the edition's form"
    assert refs("integrating") and set(refs("integrating")) == set(refs("integration"))


def test_several_editions_make_one_index(tree):
    other = parse_file(EDITION_TEI)
    both = search.build([(EDITION_ID, tree), ("second", other)])
    assert len(both.docs) == 2 * len(search.documents(tree, EDITION_ID))
    assert {d.edition for d in both.docs} == {EDITION_ID, "second"}
    index = lunr.index.Index.load(both.index)
    hits = {(both.docs[int(h["ref"])].edition, both.docs[int(h["ref"])].ref) for h in index.search("abdylidaev")}
    assert (EDITION_ID, "t18") in hits and ("second", "t18") in hits


def test_json_cannot_end_its_script_and_is_reproducible(tree, built):
    text = built.to_json()
    assert "</" not in text and "<!--" not in text
    data = json.loads(text)
    assert data["index"]["version"] == "2.3.9", "the index format of the lunr.js the page embeds"
    assert [d["r"] for d in data["docs"]] == [d.ref for d in built.docs]
    assert search.build([(EDITION_ID, parse_file(EDITION_TEI))]).to_json() == text


def test_an_edition_without_turns_has_no_index(tree):
    empty = search.build([])
    assert empty.docs == () and empty.to_json() == ""


def _lunr_itself(docs: list[search.SearchDoc]) -> dict:
    """The index as lunr makes it unaided: its tokenizer and its pipeline run on every word."""
    from lunr.builder import Builder
    from lunr.stop_word_filter import stop_word_filter
    from lunr.trimmer import trimmer

    builder = Builder()
    builder.pipeline.add(trimmer, stop_word_filter, search._stemmer)
    builder.search_pipeline.add(search._stemmer)
    return lunr.lunr(ref="id", fields=["text", "printed"], builder=builder, documents=[
        {"id": str(i), "text": search.fold(d.text), "printed": search.fold(d.printed)}
        for i, d in enumerate(docs)]).serialize()


# Words that repeat, stop words, separators lunr's tokenizer knows (no-break space, hyphen) and
# white space it does not (em space, line separator), digits, underscores, an empty field.
_AWKWARD = ["The the THE runs running ran; a-b-c well‐known", "x\u00a0y\u2003z\u2028w _under_ 2007 2007",
            "", "Öztürk’s ﬁnal ǅ e\u0301 ①", "and or but if then", "try tries trying valley valleys"]


def test_the_index_is_the_one_lunr_makes_word_by_word(tree, built):
    assert built.index == _lunr_itself(list(built.docs))
    awkward = [search.SearchDoc("e", f"t{i}", "", (), text, text[::-1]) for i, text in enumerate(_AWKWARD)]
    assert search._index(awkward) == _lunr_itself(awkward)
    # An edition without printed forms (no sic, no orig): that field is empty in every document.
    unprinted = [search.SearchDoc("e", f"t{i}", "", (), text, "") for i, text in enumerate(_AWKWARD)]
    assert search._index(unprinted) == _lunr_itself(unprinted)


def test_fold_looks_at_non_ascii_characters_as_before():
    def one_by_one(text):
        import unicodedata
        bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.category(c).startswith("M"))
        return search._NOT_WORD.sub(" ", search._APOSTROPHE.sub("", bare).lower())

    for text in _AWKWARD + ["Ṩ̃ a\u0308\u0301b", "plain ASCII, only.", "A\x1cB\x1f_c-d'e\x7f!?", "ﬁ'x"]:
        assert search.fold(text) == one_by_one(text)
    every_ascii = "".join(map(chr, range(128)))
    assert search.fold(every_ascii) == one_by_one(every_ascii)
    assert search.fold(every_ascii + "é") == one_by_one(every_ascii + "é")


@settings(max_examples=500, deadline=None)
@given(st.text(st.characters(max_codepoint=0x7f)) | st.text(st.characters(exclude_categories=("Cs",))))
def test_fold_is_what_its_steps_make_of_any_text(text):
    """fold takes shortcuts for ASCII text (most of an English edition): the same result."""
    import unicodedata

    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.category(c).startswith("M"))
    assert search.fold(text) == search._NOT_WORD.sub(" ", search._APOSTROPHE.sub("", bare).lower())


def test_render_takes_the_parsed_tree_and_the_index_built_of_it(tree, built):
    from tei_roundtable import render
    from tei_roundtable.errors import TeiRoundtableError

    own = render.render_outputs(EDITION_TEI)
    assert render.render_outputs(EDITION_TEI, tree=tree, search_index=built) == own
    other = search.build([("another-edition", tree)])
    with pytest.raises(TeiRoundtableError, match="not of edition"):
        render.render_outputs(EDITION_TEI, tree=tree, search_index=other)
    # An index of the edition that the page would not make is embedded as given: the keyword
    # is the caller's promise, the edition id its one check.
    empty = render.render_outputs(EDITION_TEI, tree=tree, search_index=search.build([]))
    assert empty["html/index.html"] != own["html/index.html"]
    assert {k: v for k, v in empty.items() if k != "html/index.html"} == {
        k: v for k, v in own.items() if k != "html/index.html"}


def test_the_page_holds_the_index_as_saxon_writes_it(tree, built):
    """render puts the index into the page itself; Saxon would write the same bytes, awkward
    characters included (line and paragraph separators, C1 controls, bidi controls, emoji)."""
    from dataclasses import replace

    from tei_roundtable import _xslt, render
    from tei_roundtable.resources import xslt_dir

    awkward = replace(built, docs=(replace(built.docs[0], names=("x\u2028y\u2029z\u0085\u202e\U0001F600 & < \u00ad",)),
                                   *built.docs[1:]))
    source = _xslt.Source(EDITION_TEI, tree)
    for index in (built, awkward):
        page = render._html(source, EDITION_ID, xslt_dir(), index=index)
        saxon = _xslt.transform(xslt_dir() / "tei2html.xsl", source,
                                {"edition-id": EDITION_ID, "search-data": index.to_json()}).encode("utf-8")
        assert page == saxon
        assert page.count(b'id="search-data">') == 1


def test_the_json_is_the_standard_librarys(tree, built):
    """to_json writes with orjson what json.dumps writes (the page's bytes, the collection's shards)."""
    awkward = [search.SearchDoc("e", f"t{i}", "who", ("a", "é"), text, text[::-1], text.upper())
               for i, text in enumerate(_AWKWARD + ["\u2028\u2029\x7f\u0085 </script> <!-- é 😀"])]
    for index in (built, search.SearchIndex(search._index(awkward), tuple(awkward))):
        for texts in (False, True):
            expected = json.dumps(index.data(texts=texts), ensure_ascii=False, separators=(",", ":"),
                                  sort_keys=True)
            assert index.to_json(texts=texts) == expected.replace("</", "<\\/").replace("<!--", "<\\!--")


def test_the_documents_carry_their_texts_only_when_asked():
    """Each document's facets; ``texts`` adds its normalised reading, and its diplomatic one only
    where the two differ."""
    same = search.SearchDoc("e", "t1", "who", ("a",), text="one text", printed="One text", diplomatic="one text")
    other = search.SearchDoc("e", "t2", "", (), text="normalised", printed="Normalised", diplomatic="diplomatic")
    index = search.SearchIndex({}, (same, other))
    assert index.data()["docs"] == [{"e": "e", "r": "t1", "w": "who", "n": ["a"]},
                                    {"e": "e", "r": "t2", "w": "", "n": []}]
    assert index.data(texts=True)["docs"] == [{"e": "e", "r": "t1", "w": "who", "n": ["a"], "t": "one text"},
                                              {"e": "e", "r": "t2", "w": "", "n": [], "t": "normalised",
                                               "d": "diplomatic"}]


_CRAFTED = [
    "<p>21<hi>st</hi> century <persName ref='#a'>A  B</persName>\n end</p>",
    "<p>a<!-- a comment -->b <?pi x?>c</p>",
    "<p>x<ptr type='noteAnchor' target='#n'/> y<ptr>held</ptr></p>",
    "<p>one <note>left out</note> two</p>",
    "<p>one<label>block</label>two<lb/>three</p>",
    "<p>a <choice><sic>Abdylidaev</sic><corr>Abdyldaev</corr></choice> b</p>",
    "<p><seg>  </seg>x <hi><q>y</q></hi>z </p>",
    "<speaker>Erlan <persName>Abdyldaev</persName>:</speaker>",
    "<p>é\u00a0f\u2003g</p>",
]


def test_a_documents_readings_are_the_readings_of_its_element(tree):
    """documents takes an element's readings from readings.element_readings, which reads a
    plain element's from its string value: the same as readings.element_text makes, on every
    element of the edition and on awkward ones."""
    from pathlib import Path

    from lxml import etree

    from tei_roundtable.readings import element_text

    elements = list(tree.getroot().iter(etree.Element))
    for text in _CRAFTED:
        elements += list(etree.fromstring(f"<TEI xmlns='http://www.tei-c.org/ns/1.0'>{text}</TEI>").iter(etree.Element))
    for path in sorted(Path(__file__).parents[1].rglob("*.xml")):
        if path.stat().st_size > 200_000:
            continue
        try:
            elements += list(parse_file(path).getroot().iter("{*}p", "{*}speaker"))
        except Exception:  # not well-formed on purpose, or refused: not a case here
            continue
    plain = 0
    for element in elements:
        assert readings.element_readings(element) == (element_text(element, "normalised"),
                                                      element_text(element, "diplomatic")), etree.tostring(element)[:200]
        plain += readings.is_plain(element)
    assert plain > 100 and plain < len(elements), "both ways are taken"
