"""Note anchors: a ``ptr type="noteAnchor"`` in the text where each passage a note explains ends,
so that tools that follow pointers in the text (not note/@target) link the passage to its note."""

from __future__ import annotations

import copy
from collections import Counter

import pytest
from lxml import etree

from conftest import EDITION_DATA, SOURCE
from tei_roundtable import readings
from tei_roundtable._xml import NS, TEI_NS, XML_NS, parse_bytes
from tei_roundtable.encode import _anchor_notes, encode

XID = f"{{{XML_NS}}}id"
PTR = f"{{{TEI_NS}}}ptr"
NAMES = {f"{{{TEI_NS}}}{n}" for n in ("persName", "orgName", "placeName", "rs", "title")}


@pytest.fixture(scope="module")
def tei() -> etree._ElementTree:
    return parse_bytes(encode(SOURCE, EDITION_DATA), "encoded")


def _notes(tei) -> list[etree._Element]:
    return tei.findall(".//tei:back/tei:div/tei:note", NS)


def _without_anchors(tei) -> etree._ElementTree:
    bare = copy.deepcopy(tei)
    etree.strip_elements(bare, PTR, with_tail=False)
    return bare


def _passage_before(ptr: etree._Element) -> etree._Element | None:
    """The element the anchor follows directly (other anchors at the same place skipped)."""
    node = ptr.getprevious()
    while node is not None and node.tag == PTR and not node.tail:
        node = node.getprevious()
    return node if node is not None and not node.tail else None


def test_one_anchor_per_place_a_note_points_to(tei):
    anchors = Counter(ptr.get("target") for ptr in tei.getroot().iter(PTR))
    expected = Counter({f"#{note.get(XID)}": len(note.get("target").split()) for note in _notes(tei)})
    assert anchors == expected
    assert sum(anchors.values()) > len(_notes(tei))  # some notes explain several places


def test_each_anchor_stands_where_its_passage_ends(tei):
    ids = {el.get(XID): el for el in tei.getroot().iter() if isinstance(el.tag, str) and el.get(XID)}
    for ptr in tei.getroot().iter(PTR):
        assert ptr.get("type") == "noteAnchor" and len(ptr) == 0 and not ptr.text
        note = ids[ptr.get("target")[1:]]
        passages = [ids[t[1:]] for t in note.get("target").split()]
        before = _passage_before(ptr)
        closes = ptr.getnext() is None and not ptr.tail
        holder = ptr.getparent()
        here = set()
        if before is not None:
            here |= {el for el in before.iter() if el.get(XID)}
        if closes:
            here |= {holder, holder.getparent()}
        assert here & set(passages), f"anchor of {note.get(XID)} in {holder.tag} stands apart from its passage"
        # after the names that hold a choice, not inside them
        assert holder.tag not in NAMES


def test_anchors_add_no_word_to_either_reading(tei):
    bare = _without_anchors(tei)
    for reading in readings.READINGS:
        assert list(readings.iter_words(tei, reading)) == list(readings.iter_words(bare, reading))


def test_anchors_at_one_place_keep_the_notes_order():
    # A name with a note of its own around a corrected word with another: both anchors follow the
    # name, in the notes' order (the bundled edition has no such place).
    text = etree.fromstring(
        f'<text xmlns="{TEI_NS}"><body><div><sp xml:id="t1"><speaker>A</speaker><p xml:id="t1.1">In '
        '<placeName xml:id="ref-x"><choice xml:id="c.1"><sic>Pariss</sic><corr>Paris</corr></choice></placeName>'
        ' today.</p></sp></div></body><back><div type="notes">'
        '<note xml:id="note-ref-x" n="1" target="#ref-x">a</note><note xml:id="note-c" n="2" target="#c.1">b</note>'
        '<note xml:id="note-t1" n="3" target="#t1.1">c</note></div></back></text>'
    )
    _anchor_notes(text)
    p = text.find(".//tei:p", NS)
    assert [(el.tag.rpartition("}")[2], el.get("target"), el.tail) for el in p] == [
        ("placeName", None, None), ("ptr", "#note-ref-x", None), ("ptr", "#note-c", " today."), ("ptr", "#note-t1", None),
    ]


def test_a_turn_comment_closes_the_label_and_a_decision_in_a_name_follows_the_name(tei):
    root = tei.getroot()
    label = root.xpath(".//tei:sp[@xml:id='t33']/tei:speaker", namespaces=NS)[0]
    assert label[-1].tag == PTR and label[-1].get("target") == "#note-two-turns-imanaliev"
    choice = root.xpath(".//tei:choice[@xml:id='iwpr-name.1']", namespaces=NS)[0]
    org = choice.getparent()
    assert org.tag == f"{{{TEI_NS}}}orgName"
    assert org.getnext().tag == PTR and org.getnext().get("target") == "#note-iwpr-name"
    assert org.tail is None and org.getnext().tail.startswith(" in ")
