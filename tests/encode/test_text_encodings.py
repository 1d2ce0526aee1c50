"""Encodings of issue 12: citations in notes as ref, role-only references as rs, works as title,
foreign words, the header's languages, textDesc and quotation policy — on the bundled edition,
and the located errors of their edition data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

from conftest import EDITION_DATA, SOURCE
from tei_roundtable import edition as edition_mod
from tei_roundtable._citations import fill_with_refs
from tei_roundtable._xml import NS, XML_NS, parse_bytes
from tei_roundtable.encode import encode
from tei_roundtable.errors import InputError


@pytest.fixture(scope="module")
def tei() -> etree._ElementTree:
    return parse_bytes(encode(SOURCE, EDITION_DATA), "encoded")


def xp(tree, path: str) -> list:
    return tree.xpath(path, namespaces=NS)


def test_notes_cite_the_paragraph_that_holds_a_source_line(tei):
    note = xp(tei, "//tei:note[@xml:id='note-population-figures']")[0]
    refs = [(r.get("target"), r.text) for r in note.iterfind("tei:ref", NS)]
    # l. 61 is paragraph 6 of turn 2, l. 123 paragraph 1 of turn 26
    assert ("#t2.6", "t2.6") in refs and ("#t26.1", "t26.1") in refs
    assert "l. 61" not in "".join(note.itertext())
    for note in xp(tei, "//tei:note"):
        assert not any(c in "".join(note.itertext()) for c in (" l. 1", " ll. ")), note.get(f"{{{XML_NS}}}id")


def test_every_ref_of_a_note_resolves(tei):
    ids = set(xp(tei, "//@xml:id"))
    targets = xp(tei, "//tei:note/tei:ref/@target")
    assert targets and all(t[1:] in ids for t in targets)


def cite(line: int):
    return {25: ("front", "front matter"), 26: ("front", "front matter"), 61: ("t2.6", "t2.6"),
            69: ("t4.1", "t4.1"), 71: ("t4.2", "t4.2")}.get(line)


@pytest.mark.parametrize("text, expected", [
    ("as at l. 61.", "as at [t2.6]."),
    ("(ll. 69–71)", "([t4.1]–[t4.2])"),
    ("ll. 25, 26 and 61", "[front matter] and [t2.6]"),  # two lines of the front matter cite it once
    ("l. 999 has no text", "l. 999 has no text"),          # kept as written
    ("ll. 61 and 999", "ll. 61 and 999"),                  # not half a citation
])
def test_citations_become_refs(text, expected):
    element = etree.Element("note")
    fill_with_refs(element, text, cite)
    shown = (element.text or "") + "".join(f"[{child.text}]{child.tail or ''}" for child in element)
    assert shown == expected


def test_role_only_references_are_rs_with_ref_where_certain(tei):
    ambassador = xp(tei, "//tei:rs[. = 'The Ambassador']")[0]
    assert ambassador.get("type") == "person" and ambassador.get("ref") == "#uzbekov"
    minister = xp(tei, "//tei:rs[. = 'the Minister of Foreign Affairs of Kazakhstan']")[0]
    assert minister.get("ref") is None  # the referent is not certain
    # names inside the role stay tagged
    assert xp(minister, "tei:placeName/@ref") == ["#kazakhstan"]


def test_works_are_titles_with_marks_inside_not_quotations(tei):
    title = xp(tei, "//tei:title[@ref='#kazakhstan-2030']")
    assert sorted(t.text for t in title) == ["'Kazakhstan-2030'", "long-term strategic development program for 2030"]
    assert not xp(tei, "//tei:q[contains(., 'Kazakhstan-2030')]")
    assert xp(tei, "//tei:standOff/tei:listBibl/tei:bibl[@xml:id='kazakhstan-2030']/tei:title")


def test_foreign_words_carry_their_language(tei):
    foreign = xp(tei, "//tei:foreign")
    assert [(f.text, f.get(f"{{{XML_NS}}}lang")) for f in foreign] == [("rayon", "ru")]


def test_header_declares_the_original_language_and_the_derivation(tei):
    languages = [(lang.get("ident"), lang.get("usage")) for lang in xp(tei, "//tei:langUsage/tei:language")]
    assert languages == [("en", None), ("ru", "0")]
    assert xp(tei, "//tei:textDesc/tei:derivation/@type") == ["translation"]
    assert [e.tag.split("}")[1] for e in xp(tei, "//tei:textDesc/*")] == [
        "channel", "constitution", "derivation", "domain", "factuality", "interaction", "preparedness", "purpose"]
    assert xp(tei, "//tei:editorialDecl/tei:quotation/@marks") == ["all"]


def test_eurasian_union_identification_has_its_decision(tei):
    name = xp(tei, "//tei:orgName[@ref='#eurasian-union']")[0]
    assert name.get("cert") == "low"
    assert xp(tei, f"//tei:note[@target='#{name.get(f'{{{XML_NS}}}id')}']")


def test_no_high_certainty_on_a_figure_nobody_checked(tei):
    note = xp(tei, "//tei:note[@xml:id='note-population-figures']")[0]
    assert note.get("cert") != "high"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    shutil.copytree(EDITION_DATA.parent, tmp_path / "tei")
    return tmp_path / "tei" / EDITION_DATA.name


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_reference_to_the_wrong_kind_is_a_located_error(data):
    replace(data, "{line: 71, text: The Ambassador, type: person, ref: uzbekov}",
            "{line: 71, text: The Ambassador, type: person, ref: kazakhstan}")
    with pytest.raises(InputError) as caught:
        edition_mod.load(data)
    assert "references[2].ref" in caught.value.message and "not a person" in caught.value.message
    assert data.read_text(encoding="utf-8").split("\n")[caught.value.location.line - 1].strip().startswith("- {line: 71")


@pytest.mark.parametrize("old, new, where", [
    ("{line: 171, text: rayon, lang: ru}", "{line: 169, text: rayon, lang: ru}", "foreign[0].text"),
    ("{line: 89, text: our minister, type: person}", "{line: 89, text: our ministers, type: person}", "references[4].text"),
])
def test_words_not_on_their_line_are_a_located_error(data, old, new, where):
    replace(data, old, new)
    with pytest.raises(InputError) as caught:
        encode(data.parent / "source" / SOURCE.name, data)
    assert where in caught.value.message and "does not occur on line" in caught.value.message
