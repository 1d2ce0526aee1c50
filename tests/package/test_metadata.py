"""Deposit metadata: DataCite 4.5 JSON and XML, oai_dc, CITATION.cff — valid, honest, from the header."""

from __future__ import annotations

import dataclasses
import json
import shutil

import pytest
from lxml import etree

from conftest import EDITION_DATA, EDITION_TEI, REPO, shared_file
from package_fixtures import CFF_SCHEMA, DATACITE_XSD
from tei_roundtable import edition as edition_mod
from tei_roundtable import metadata
from tei_roundtable._xml import NS, parse_bytes, parse_file
from tei_roundtable.encode import encode_file
from tei_roundtable.errors import InputError, TeiRoundtableError

DC_ELEMENTS = {"title", "creator", "subject", "description", "publisher", "contributor", "date", "type",
               "format", "identifier", "source", "language", "relation", "coverage", "rights"}


@pytest.fixture(scope="module")
def edition():
    return edition_mod.load(EDITION_DATA)


@pytest.fixture(scope="module")
def record(edition):
    return metadata.record(EDITION_TEI, edition)


@pytest.fixture(scope="module")
def files(record):
    return metadata.metadata_files(EDITION_TEI, record)


@pytest.fixture(scope="module")
def header():
    return parse_file(EDITION_TEI).getroot().find("tei:teiHeader", NS)


def text_of(header, path: str) -> str:
    return " ".join("".join(header.find(path, NS).itertext()).split())


# ----- golden files ------------------------------------------------------------------------------

@pytest.mark.parametrize("name, basename, extension", [
    ("datacite.json", "datacite-reference", ".json"),
    ("datacite.xml", "datacite-reference", ".xml"),
    ("oai_dc.xml", "oai_dc-reference", ".xml"),
    ("CITATION.cff", "citation-reference", ".cff"),
])
def test_metadata_files_match_their_golden_files(files, file_regression, name, basename, extension):
    file_regression.check(files[name], binary=True, basename=basename, extension=extension)


def test_metadata_files_are_xml_with_declaration_or_plain_utf8(files):
    for name, data in files.items():
        assert not data.startswith(b"\xef\xbb\xbf"), name
        data.decode("utf-8")
        if name.endswith(".xml"):
            assert data.startswith(b"<?xml "), name
            parse_bytes(data, name)


def test_root_citation_cff_is_what_the_code_generates(record):
    committed = (REPO / "CITATION.cff").read_bytes()
    assert committed == metadata.dump_cff(metadata.citation(record)), (
        "CITATION.cff is stale: regenerate it with `tei-roundtable package --citation CITATION.cff`"
    )


# ----- values come from the TEI header and the edition data --------------------------------------

def test_datacite_says_what_the_header_says(files, header, edition):
    data = json.loads(files["datacite.json"])
    assert data["titles"][0]["title"] == text_of(header, "tei:fileDesc/tei:titleStmt/tei:title[@type='main']")
    assert data["titles"][1] == {
        "title": text_of(header, "tei:fileDesc/tei:titleStmt/tei:title[@type='sub']"),
        "titleType": "Subtitle", "lang": edition.meta["language"],
    }
    assert [c["name"] for c in data["creators"]] == [
        " ".join(n.text.split()) for n in header.findall("tei:fileDesc/tei:titleStmt/tei:respStmt/tei:orgName", NS)
    ]
    assert data["publisher"]["name"] == text_of(header, "tei:fileDesc/tei:publicationStmt/tei:publisher")
    date = header.find("tei:fileDesc/tei:publicationStmt/tei:date", NS).get("when")
    assert data["publicationYear"] == date[:4]
    assert {"date": date, "dateType": "Issued"} in data["dates"]
    assert data["version"] == header.find("tei:fileDesc/tei:editionStmt/tei:edition", NS).get("n")
    licence = header.find("tei:fileDesc/tei:publicationStmt/tei:availability/tei:licence", NS)
    assert data["rightsList"][0]["rightsUri"] == licence.get("target")
    assert data["rightsList"][0]["rightsIdentifier"] == edition.meta["licence"]["id"]
    assert [s["subject"] for s in data["subjects"]] == edition.meta["keywords"]


def test_no_doi_is_invented(files, header):
    urn = text_of(header, "tei:fileDesc/tei:publicationStmt/tei:idno[@type='URN']")
    assert header.find("tei:fileDesc/tei:publicationStmt/tei:idno[@type='DOI']", NS) is None
    data = json.loads(files["datacite.json"])
    assert "doi" not in data
    assert data["alternateIdentifiers"] == [{"alternateIdentifier": urn, "alternateIdentifierType": "URN"}]
    root = parse_bytes(files["datacite.xml"]).getroot()
    identifier = root.find(f"{{{metadata.DATACITE_NS}}}identifier")
    assert (identifier.get("identifierType"), identifier.text) == ("URN", urn)
    # an alternate identifier is one other than the primary identifier
    assert root.find(f"{{{metadata.DATACITE_NS}}}alternateIdentifiers") is None
    assert b"10." not in files["CITATION.cff"].split(b"identifiers:")[1].split(b"abstract:")[0]


def test_a_minted_doi_becomes_the_primary_identifier(record):
    with_doi = dataclasses.replace(record, doi="10.5281/zenodo.0000000")
    data = metadata.datacite_json(with_doi)
    assert data["doi"] == "10.5281/zenodo.0000000"
    assert not list(metadata.iter_datacite_json_errors(data))
    root = parse_bytes(metadata.datacite_xml(data)).getroot()
    identifier = root.find(f"{{{metadata.DATACITE_NS}}}identifier")
    assert (identifier.get("identifierType"), identifier.text) == ("DOI", "10.5281/zenodo.0000000")
    alternate = root.find(f"{{{metadata.DATACITE_NS}}}alternateIdentifiers/{{{metadata.DATACITE_NS}}}alternateIdentifier")
    assert (alternate.get("alternateIdentifierType"), alternate.text) == ("URN", record.urn)
    cff = metadata.citation(with_doi)
    assert cff["doi"] == "10.5281/zenodo.0000000"
    assert cff["identifiers"][0] == {"type": "doi", "value": "10.5281/zenodo.0000000"}


def test_citation_cff_takes_contact_from_edition_data(files, edition):
    cff = metadata.load_cff(files["CITATION.cff"])
    assert cff["contact"][0]["email"] == edition.meta["contact_email"]
    assert cff["license"] == edition.meta["licence"]["id"]
    assert cff["date-released"] == edition.meta["date"]


def test_oai_dc_is_dublin_core_from_the_header(files, header):
    root = parse_bytes(files["oai_dc.xml"]).getroot()
    assert root.tag == f"{{{metadata.OAI_DC_NS}}}dc"
    locals_ = [etree.QName(child).localname for child in root]
    assert all(child.tag.startswith(f"{{{metadata.DC_NS}}}") for child in root)
    assert set(locals_) <= DC_ELEMENTS
    values = lambda name: [c.text for c in root if etree.QName(c).localname == name]  # noqa: E731
    title = text_of(header, "tei:fileDesc/tei:titleStmt/tei:title[@type='main']")
    subtitle = text_of(header, "tei:fileDesc/tei:titleStmt/tei:title[@type='sub']")
    assert values("title") == [f"{title}: {subtitle}"]
    assert values("identifier") == [
        " ".join(i.text.split()) for i in header.findall("tei:fileDesc/tei:publicationStmt/tei:idno", NS)
    ]
    assert values("date") == [header.find("tei:fileDesc/tei:publicationStmt/tei:date", NS).get("when")]
    assert header.find("tei:fileDesc/tei:publicationStmt/tei:availability/tei:licence", NS).get("target") in values("rights")


def test_a_person_editor_with_orcid(tmp_path):
    # ORCID's documentation example iD (a fictitious test person), never a real editor's.
    shutil.copytree(REPO / "tei", tmp_path / "tei")
    data_file = tmp_path / "tei" / EDITION_DATA.name
    text = data_file.read_text(encoding="utf-8")
    old = "      type: organisation\n"
    assert old in text
    data_file.write_text(text.replace(old, (
        "      type: person\n      given_name: Josiah\n      family_name: Carberry\n"
        "      orcid: 0000-0002-1825-0097\n"), 1), encoding="utf-8")
    ed = edition_mod.load(data_file)
    tei = encode_file(ed.source_path, ed, tmp_path / "tei" / EDITION_TEI.name)
    rec = metadata.record(tei, ed)
    creator = metadata.datacite_json(rec)["creators"][0]
    assert creator["nameType"] == "Personal"
    assert (creator["givenName"], creator["familyName"]) == ("Josiah", "Carberry")
    assert creator["nameIdentifiers"][0]["nameIdentifier"] == "https://orcid.org/0000-0002-1825-0097"
    author = metadata.citation(rec)["authors"][0]
    assert author == {"family-names": "Carberry", "given-names": "Josiah",
                      "orcid": "https://orcid.org/0000-0002-1825-0097"}


def test_tei_of_another_edition_version_is_refused(tmp_path, edition):
    tei = tmp_path / EDITION_TEI.name
    tei.write_bytes(EDITION_TEI.read_bytes().replace(b":1.0.0</idno>", b":9.9.9</idno>"))
    with pytest.raises(InputError, match="URN"):
        metadata.record(tei, edition)


# ----- validity against the standards' own schemas ------------------------------------------------

def test_datacite_json_is_valid_against_the_datacite_schema(files):
    assert list(metadata.iter_datacite_json_errors(json.loads(files["datacite.json"]))) == []


def test_datacite_json_schema_check_can_fail(files):
    data = json.loads(files["datacite.json"])
    del data["titles"]
    data["types"]["resourceTypeGeneral"] = "Edition"
    errors = list(metadata.iter_datacite_json_errors(data))
    assert any("'titles' is a required property" in e for e in errors)
    assert any(e.startswith("types/resourceTypeGeneral") for e in errors)


def test_datacite_xml_is_valid_against_kernel_4_5_xsd(files):
    schema = metadata.load_xsd(shared_file(DATACITE_XSD))
    assert list(metadata.iter_xsd_errors(files["datacite.xml"], schema)) == []
    broken = files["datacite.xml"].replace(b"<identifier ", b"<identifierX ").replace(b"</identifier>", b"</identifierX>")
    assert list(metadata.iter_xsd_errors(broken, schema))


def test_citation_cff_is_valid_against_the_cff_schema(files):
    schema = json.loads(shared_file(CFF_SCHEMA).read_text(encoding="utf-8"))
    assert list(metadata.iter_json_schema_errors(metadata.load_cff(files["CITATION.cff"]), schema)) == []
    broken = metadata.load_cff(files["CITATION.cff"])
    broken["license"] = "Not-A-Licence"
    assert list(metadata.iter_json_schema_errors(broken, schema))


def test_xsd_imports_are_never_fetched_from_the_network(tmp_path):
    xsd = tmp_path / "remote.xsd"
    xsd.write_text(
        '<?xml version="1.0"?>\n<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        '<xs:import namespace="urn:x" schemaLocation="http://example.invalid/x.xsd"/></xs:schema>\n',
        encoding="utf-8",
    )
    with pytest.raises(TeiRoundtableError):
        metadata.load_xsd(xsd)
