"""The encoder on the bundled edition and on a second, invented transcript of the same form."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from lxml import etree

from conftest import EDITION_DATA, EDITION_TEI, SOURCE
from tei_roundtable import edition as edition_mod
from tei_roundtable import readings, transcript
from tei_roundtable._xml import NS, XML_NS, parse_bytes
from tei_roundtable.encode import encode

FIXTURES = Path(__file__).parent / "fixtures"
XID = f"{{{XML_NS}}}id"


def one(tree, path: str) -> etree._Element:
    found = tree.xpath(path, namespaces=NS)
    assert len(found) == 1, f"{path}: {len(found)} matches"
    return found[0]


@pytest.fixture(scope="module")
def tei() -> etree._ElementTree:
    return parse_bytes(encode(SOURCE, EDITION_DATA), "encoded")


def test_committed_tei_is_what_encode_produces():
    assert encode(SOURCE, EDITION_DATA) == EDITION_TEI.read_bytes(), (
        "tei/*.xml is stale: run `tei-roundtable encode -o tei/ipp-roundtable-2007-11-15.xml`"
    )


def test_encoding_is_deterministic():
    assert encode(SOURCE, EDITION_DATA) == encode(SOURCE, EDITION_DATA)


def test_xml_model_pis_point_to_project_schemas():
    head = EDITION_TEI.read_text(encoding="utf-8").split("<TEI", 1)[0]
    hrefs = re.findall(r'<\?xml-model href="([^"]+)"', head)
    assert hrefs == ["../schema/tei-roundtable.rng", "../schema/tei-roundtable.sch"]


def test_every_turn_is_an_sp_with_its_printed_label(tei):
    parsed = transcript.parse(SOURCE)
    sps = tei.findall(".//tei:body//tei:sp", NS)
    assert len(sps) == len(parsed.turns)
    for sp, turn in zip(sps, parsed.turns):
        printed = "".join(
            t for t in sp.find("tei:speaker", NS).itertext()
            if t not in {c.text for c in sp.iterfind(".//tei:corr", NS)}
        )
        assert printed == turn.label
        assert sp.get("who", "").startswith("#")


def test_label_errors_keep_the_printed_label_and_point_to_the_right_person(tei):
    sp = one(tei, "//tei:sp[@xml:id='t27']")
    assert sp.find("tei:speaker/tei:choice/tei:sic", NS).text == "Uzakbaev"
    assert sp.find("tei:speaker/tei:choice/tei:corr", NS).text == "Uzbekov"
    assert sp.get("who") == "#uzbekov"
    abdyldaev = [sp for sp in tei.iterfind(".//tei:sp", NS) if sp.get("who") == "#abdyldaev"]
    assert [s.find("tei:speaker/tei:choice/tei:sic", NS).text for s in abdyldaev] == ["Abdylidaev"]


def test_ids_follow_the_positional_scheme(tei):
    for number, sp in enumerate(tei.iterfind(".//tei:body//tei:sp", NS), start=1):
        assert sp.get(XID) == f"t{number}" and sp.get("n") == str(number)
        for index, p in enumerate(sp.iterfind("tei:p", NS), start=1):
            assert p.get(XID) == f"t{number}.{index}" and p.get("n") == str(index)


def test_page_breaks_are_rejoined_with_pb(tei):
    parsed = transcript.parse(SOURCE)
    assert parsed.page_breaks == [
        (49, 51), (57, 59), (77, 79), (127, 129), (143, 145), (151, 153), (165, 167), (173, 175)
    ]
    pbs = tei.findall(".//tei:body//tei:pb", NS)
    assert len(pbs) == 8
    # the break inside a speaker's first paragraph (l. 77/79) is in t6.1
    assert tei.xpath("//tei:p[@xml:id='t6.1']/tei:pb", namespaces=NS)
    for pb in pbs:
        assert pb.getparent().tag.endswith("}p")


def test_sup_residue_becomes_hi(tei):
    hi = tei.find(".//tei:body//tei:hi[@rend='sup']", NS)
    assert hi is not None and hi.text == "st"
    assert "<sup>" not in etree.tostring(tei, encoding="unicode")


def test_quotations_are_q_or_quote(tei):
    quotes = [q.text for q in tei.iterfind(".//tei:quote", NS)]
    assert "“legal and financial provisions”" in quotes
    assert '"What will our science say?"' in [q.text for q in tei.iterfind(".//tei:q", NS)]


def test_header_is_built_from_front_matter_and_edition_data(tei):
    people = tei.findall(".//tei:particDesc/tei:listPerson/tei:person", NS)
    assert [p.get("role") for p in people] == ["moderator", "speaker", "speaker"] + ["participant"] * 8
    assert tei.find(".//tei:settingDesc//tei:date", NS).get("when") == "2007-11-15"
    assert tei.find(".//tei:availability/tei:licence", NS).get("target").startswith("https://creativecommons.org/")
    assert tei.find(".//tei:publicationStmt/tei:idno[@type='URN']", NS).text.startswith("urn:tei-roundtable:")
    assert tei.find(".//tei:publicationStmt/tei:idno[@type='DOI']", NS) is None  # never invented
    assert tei.find(".//tei:refsDecl/tei:citeStructure", NS).get("use") == "@n"
    assert tei.find(".//tei:revisionDesc/tei:change", NS) is not None


def test_source_description_names_the_transcripts_publisher_and_types_its_date(tei):
    bibl = one(tei, ".//tei:sourceDesc/tei:bibl")
    assert bibl.findtext("tei:publisher", namespaces=NS) == "Institute for Public Policy (IPP)"
    assert bibl.findtext("tei:pubPlace", namespaces=NS) == "Bishkek"
    date = one(bibl, "tei:date")
    assert (date.get("type"), date.get("when")) == ("event", "2007-11-15")  # the round-table's, not a publication date


def test_without_a_source_publisher_the_bibl_names_none(tmp_path):
    shutil.copy(FIXTURES / "seminar.md", tmp_path / "seminar.md")
    shutil.copy(FIXTURES / "seminar.yaml", tmp_path / "seminar.yaml")
    assert "source_publisher" not in (tmp_path / "seminar.yaml").read_text(encoding="utf-8")
    bibl = parse_bytes(encode(tmp_path / "seminar.md", tmp_path / "seminar.yaml")).find(".//tei:sourceDesc/tei:bibl", NS)
    assert bibl.find("tei:publisher", NS) is None and bibl.find("tei:pubPlace", NS) is None


def test_diplomatic_reading_equals_the_source(tei):
    source = SOURCE.read_text(encoding="utf-8")
    assert readings.first_difference(readings.source_plain(source), readings.diplomatic(tei)) is None


def test_normalised_reading_is_source_plus_decisions(tei):
    source = SOURCE.read_text(encoding="utf-8")
    decisions = edition_mod.load(EDITION_DATA).decisions
    assert readings.first_difference(readings.source_plain(source, decisions), readings.normalised(tei)) is None
    assert readings.normalised(tei) != readings.diplomatic(tei)


def test_every_decision_has_a_note_and_every_choice_a_note(tei):
    notes = tei.findall(".//tei:back//tei:note", NS)
    targets = {t.lstrip("#") for n in notes for t in n.get("target").split()}
    for choice in tei.iterfind(".//tei:choice", NS):
        assert choice.get(XID) in targets
    ids = {n.get(XID) for n in notes}
    for decision in edition_mod.load(EDITION_DATA).decisions:
        assert "note-" + decision.id in ids


# ----- a second transcript of the same form, with its own edition data ---------------------


@pytest.fixture
def seminar() -> etree._ElementTree:
    return parse_bytes(encode(FIXTURES / "seminar.md", FIXTURES / "seminar.yaml"), "seminar")


def test_second_transcript_encodes_without_code_changes(seminar):
    sps = seminar.findall(".//tei:sp", NS)
    assert [sp.get("who") for sp in sps] == ["#karaeva", "#osmonov", "#bekova", "#sultanov"]
    assert seminar.xpath("//tei:p[@xml:id='t2.1']/tei:pb", namespaces=NS)
    assert one(seminar, "//tei:p[@xml:id='t2.1']/tei:hi").text == "th"
    sic = one(seminar, "//tei:p[@xml:id='t3.1']//tei:sic")
    assert sic.text == "Osmanov" and sic.getparent().getparent().get("ref") == "#osmonov"
    assert seminar.find(".//tei:settingDesc//tei:date", NS).get("when") == "2009-03-03"
    source = (FIXTURES / "seminar.md").read_text(encoding="utf-8")
    assert readings.first_difference(readings.source_plain(source), readings.diplomatic(seminar)) is None


def test_ids_do_not_change_when_an_unrelated_turn_is_edited(tmp_path):
    text = (FIXTURES / "seminar.md").read_text(encoding="utf-8")
    edited = text.replace("A short question.", "A much longer question, with Timur named twice: Timur?")
    (tmp_path / "seminar.md").write_text(edited, encoding="utf-8")
    shutil.copy(FIXTURES / "seminar.yaml", tmp_path / "seminar.yaml")
    before = parse_bytes(encode(FIXTURES / "seminar.md", FIXTURES / "seminar.yaml"))
    after = parse_bytes(encode(tmp_path / "seminar.md", tmp_path / "seminar.yaml"))

    def ids(tree):
        return [(e.get(XID), "".join(e.itertext())) for e in tree.xpath("//tei:body//*[@xml:id]", namespaces=NS)]

    changed = [(a, b) for a, b in zip(ids(before), ids(after)) if a != b]
    assert [a[0] for a, _ in changed] == ["t4", "t4.1"]  # the edited turn and its paragraph only
    assert [i for i, _ in ids(before)] == [i for i, _ in ids(after)]


def test_crlf_and_bom_give_the_same_tei(tmp_path):
    raw = (FIXTURES / "seminar.md").read_bytes()
    (tmp_path / "seminar.md").write_bytes(b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n"))
    shutil.copy(FIXTURES / "seminar.yaml", tmp_path / "seminar.yaml")
    plain = encode(FIXTURES / "seminar.md", FIXTURES / "seminar.yaml")
    crlf = encode(tmp_path / "seminar.md", tmp_path / "seminar.yaml")
    # only the recorded checksum of the (different) source bytes may differ
    strip = lambda data: re.sub(rb'<idno type="sha256">[0-9a-f]+</idno>', b"", data)
    assert strip(plain) == strip(crlf)


def test_names_inside_names(tei):
    # a place in an organisation's name is a mention of that place …
    cica = one(tei, "//tei:orgName[@ref='#cica']")
    assert [p.get("ref") for p in cica.iterfind("tei:placeName", NS)] == ["#asia"]
    ebert = one(tei, "//tei:orgName[@ref='#fes']")
    assert [p.get("ref") for p in ebert.iterfind("tei:persName", NS)] == ["#ebert"]
    # … but "Asia" in "Central Asia" names no second place
    for place in tei.xpath("//tei:placeName[@ref='#central-asia']", namespaces=NS):
        assert not len(place), etree.tostring(place)


def test_a_mention_whose_text_stands_twice_on_its_line_gets_one_id_per_place(tmp_path):
    text = (FIXTURES / "seminar.md").read_text(encoding="utf-8")
    (tmp_path / "seminar.md").write_text(
        text.replace("A short question.", "A short question for Timur, and one more for Timur."), encoding="utf-8"
    )
    data = (FIXTURES / "seminar.yaml").read_text(encoding="utf-8")
    data = data.replace("decisions:", (
        "mentions:\n  - {id: which-timur, line: 30, text: Timur, ref: osmonov, cert: medium, "
        "resp: testers, note: Taken to be the speaker.}\ndecisions:"
    ))
    (tmp_path / "seminar.yaml").write_text(data, encoding="utf-8")
    tree = parse_bytes(encode(tmp_path / "seminar.md", tmp_path / "seminar.yaml"))
    ids = tree.xpath("//tei:p[@xml:id='t4.1']/tei:persName/@xml:id", namespaces=NS)
    assert ids == ["which-timur.1", "which-timur.2"]
    assert one(tree, "//tei:note[@xml:id='note-which-timur']").get("target") == "#which-timur.1 #which-timur.2"


def test_second_transcript_validates(tmp_path):
    from tei_roundtable import validate

    for name in ("seminar.md", "seminar.yaml"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    tei = tmp_path / "civic-forum-seminar-2009.xml"
    tei.write_bytes(encode(tmp_path / "seminar.md", tmp_path / "seminar.yaml"))
    errors = [f for f in validate.iter_findings(tei) if f.severity == "error"]
    assert errors == []


def test_a_speaker_missing_from_the_front_matter_becomes_a_participant(tmp_path):
    from tei_roundtable import validate

    text = (FIXTURES / "seminar.md").read_text(encoding="utf-8")
    (tmp_path / "seminar.md").write_text(text + "\n\n**Nurlan Ismailov:** A voice from the floor.\n", encoding="utf-8")
    data = (FIXTURES / "seminar.yaml").read_text(encoding="utf-8").replace(
        "  organisations:",
        "    - {id: ismailov, name: Nurlan Ismailov, role: participant, affiliation: a journalist, "
        "forms: [Nurlan Ismailov]}\n  organisations:",
    )
    (tmp_path / "seminar.yaml").write_text(data, encoding="utf-8")
    tei = tmp_path / "seminar.xml"
    tei.write_bytes(encode(tmp_path / "seminar.md", tmp_path / "seminar.yaml"))
    tree = parse_bytes(tei.read_bytes())
    person = one(tree, "//tei:particDesc//tei:person[@xml:id='ismailov']")
    assert person.get("role") == "participant"
    assert person.findtext("tei:affiliation", namespaces=NS) == "a journalist"
    assert not tree.xpath("//tei:standOff//tei:person[@xml:id='ismailov']", namespaces=NS)
    assert [f for f in validate.iter_findings(tei) if f.severity == "error"] == []
