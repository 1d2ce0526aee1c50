"""The project schema is a strict TEI customization: every document valid against it is valid
against the official TEI P5 4.11.0 tei_all.rng too.

Checked for the bundled edition, every valid test document, and a generated document that
puts every phrase-level element inside every other one and uses every optional header and
register element the encoder can write.
"""

from __future__ import annotations

import copy
import time
from pathlib import Path

import pytest
from lxml import etree

from conftest import EDITION_TEI, SHARED
from tei_roundtable._xinclude import assemble, has_includes
from tei_roundtable.resources import schema_dir
from tei_roundtable._xml import NS, TEI_NS, XML_NS, parse_file
from validate_cases import MINIMAL, case_documents

pytestmark = pytest.mark.slow

T = f"{{{TEI_NS}}}"
XID = f"{{{XML_NS}}}id"


@pytest.fixture(scope="session")
def tei_all() -> etree.RelaxNG:
    path = SHARED / "schemas" / "tei_all.rng"
    if not path.exists():
        pytest.skip(f"{path} is not available (the shared data folder beside the checkout)")
    return etree.RelaxNG(parse_file(path))  # about 15 s with lxml


@pytest.fixture(scope="session")
def project() -> etree.RelaxNG:
    return etree.RelaxNG(parse_file(schema_dir() / "tei-roundtable.rng"))


def _valid_documents() -> list[Path]:
    return [EDITION_TEI, MINIMAL, *case_documents("pass")]


def _assert_valid(schema: etree.RelaxNG, tree, name: str) -> None:
    if not schema.validate(tree):
        errors = "\n".join(f"{e.line}: {e.message}" for e in schema.error_log)
        pytest.fail(f"{name}:\n{errors}")


@pytest.mark.parametrize("path", _valid_documents(), ids=lambda p: str(p.relative_to(p.parents[2])))
def test_valid_documents_are_valid_tei_all(path: Path, tei_all, project) -> None:
    tree = parse_file(path)
    if has_includes(tree):  # checked as validate checks it: with its xi:includes resolved
        assemble(tree, path, str(path))
    _assert_valid(project, tree, str(path))
    _assert_valid(tei_all, tree, str(path))


def test_project_schema_compiles_quickly() -> None:
    # Not a speed test: a sanity bound far above the few milliseconds it takes, to catch a
    # schema that has grown into a tei_all-sized one by accident.
    start = time.process_time()
    etree.RelaxNG(parse_file(schema_dir() / "tei-roundtable.rng"))
    assert time.process_time() - start < 1.0


# ----- every phrase-level element inside every other one --------------------------------------


def _phrase(tag: str) -> etree._Element:
    attributes = {
        "persName": {"ref": "#karaeva"},
        "orgName": {"ref": "#civic-forum"},
        "placeName": {"ref": "#fergana"},
        "seg": {"type": "commented"},
        "hi": {"rend": "italic"},
    }.get(tag, {})
    if tag == "choice":
        element = etree.Element(T + "choice")
        etree.SubElement(element, T + "sic").text = "a"
        etree.SubElement(element, T + "corr").text = "b"
        return element
    element = etree.Element(T + tag, attributes)
    if tag != "pb":
        element.text = "x "
    return element


PHRASES = ["persName", "orgName", "placeName", "choice", "seg", "hi", "q", "quote", "pb"]
CONTAINERS = ["persName", "orgName", "placeName", "seg", "hi", "q", "quote", "sic", "corr", "orig", "reg"]


def _matrix_document() -> etree._ElementTree:
    tree = copy.deepcopy(parse_file(MINIMAL))
    root = tree.getroot()
    p = root.find(".//tei:sp/tei:p", NS)
    for outer in CONTAINERS:
        for inner in PHRASES:
            if outer in ("sic", "corr", "orig", "reg"):
                holder = etree.SubElement(p, T + "choice")
                container = etree.SubElement(holder, T + outer)
                partner = {"sic": "corr", "corr": "sic", "orig": "reg", "reg": "orig"}[outer]
                etree.SubElement(holder, T + partner).text = "y"
            else:
                container = _phrase(outer)
                p.append(container)
            container.append(_phrase(inner))
    speaker = root.find(".//tei:sp/tei:speaker", NS)
    for tag in PHRASES:
        speaker.append(_phrase(tag))
    item = root.find(".//tei:item", NS)
    for tag in PHRASES:
        item.append(_phrase(tag))
    head = root.find(".//tei:front//tei:head", NS)
    for tag in PHRASES:
        head.append(_phrase(tag))
    date = root.find(".//tei:front//tei:p/tei:date", NS)
    date.append(_phrase("persName"))
    for rend in ("sup", "sub", "bold"):
        p.append(etree.Element(T + "hi", rend=rend))
    # Optional header and register parts the encoder writes for some editions.
    header = root.find("tei:teiHeader", NS)
    resp = header.find(".//tei:titleStmt/tei:respStmt", NS)
    extra = copy.deepcopy(resp)
    extra.remove(extra[1])
    etree.SubElement(extra, T + "persName", {XID: "an-editor", "ref": "https://orcid.org/0000-0002-1825-0097"}).text = "An Editor"
    resp.addnext(extra)
    publication = header.find(".//tei:publicationStmt", NS)
    publication.find("tei:publisher", NS).addnext(etree.Element(T + "pubPlace"))
    publication.find("tei:pubPlace", NS).text = "Bishkek"
    urn = publication.find("tei:idno", NS)
    for kind, value in (("URL", "https://example.org/edition/"), ("DOI", "10.5281/zenodo.1")):
        idno = etree.Element(T + "idno", type=kind)
        idno.text = value
        urn.addnext(idno)
    bibl = header.find(".//tei:sourceDesc/tei:bibl", NS)
    etree.SubElement(bibl, T + "ref", target="https://example.org/source").text = "https://example.org/source"
    for entity in root.iterfind(".//tei:standOff//tei:org", NS):
        idno = etree.Element(T + "idno", type="wikidata")
        idno.text = "Q1"
        entity[0].addnext(idno)
        etree.SubElement(entity, T + "note").text = "A note."
    for person in root.iterfind(".//tei:particDesc//tei:person", NS):
        idno = etree.SubElement(person, T + "idno", type="viaf")
        idno.text = "1"
        etree.SubElement(person, T + "note").text = "A note."
    return tree


def test_every_phrase_in_every_phrase_is_valid_in_both(tei_all, project) -> None:
    tree = _matrix_document()
    _assert_valid(project, tree, "generated phrase matrix")
    _assert_valid(tei_all, tree, "generated phrase matrix")
