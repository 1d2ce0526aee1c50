"""build_collection, the one call the pipeline makes: what it writes, and that it writes all or
nothing."""

from __future__ import annotations

import shutil

import pytest

from collection_fixtures import EDITION_IDS, Built, build_editions, built, collection_meta  # noqa: F401
from tei_roundtable import corpus
from tei_roundtable.errors import InputError


def test_the_layout(built: Built):
    assert [p.relative_to(built.out).as_posix() for p in built.files] == [
        "tei/civic-forum-series.xml", "index.html", "names.html", "search/water-2009.js", "search/borders-2010.js",
        "search/trade-2011.js", "civic-forum-series_v1.0.0.zip"]
    for ident in EDITION_IDS:  # the editions, built before, beside the collection
        assert (built.out / ident / "html" / "index.html").is_file()
        assert (built.out / ident / f"{ident}_v1.0.0.zip").is_file()


def test_built_again_the_same_bytes(built: Built, tmp_path):
    out = tmp_path / "again"
    for ident in EDITION_IDS:
        shutil.copytree(built.out / ident, out / ident)
    teis = [out / ident / "tei" / f"{ident}.xml" for ident in EDITION_IDS]
    written = corpus.build_collection(collection_meta(), teis, out)
    assert [p.read_bytes() for p in written] == [p.read_bytes() for p in built.files]


def test_an_edition_not_built_there_writes_nothing(tmp_path):
    teis = build_editions(tmp_path / "elsewhere", EDITION_IDS[:2])
    out = tmp_path / "out"
    (out / EDITION_IDS[0] / "html").mkdir(parents=True)
    (out / EDITION_IDS[0] / "html" / "index.html").write_text("<!DOCTYPE html><title>x</title>\n")
    with pytest.raises(InputError, match="the edition's page is missing") as caught:
        corpus.build_collection(collection_meta(), teis, out)
    assert caught.value.location.file == str(out / EDITION_IDS[1] / "html" / "index.html")
    assert "build the edition into" in caught.value.hint
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        EDITION_IDS[0], f"{EDITION_IDS[0]}/html", f"{EDITION_IDS[0]}/html/index.html"]


def test_a_failure_after_the_checks_writes_nothing(built: Built, tmp_path):
    out = tmp_path / "out"
    for ident in EDITION_IDS:
        shutil.copytree(built.out / ident, out / ident)
    (out / "names.html").mkdir()  # a folder where a page goes: refused before anything is written
    teis = [out / ident / "tei" / f"{ident}.xml" for ident in EDITION_IDS]
    with pytest.raises(InputError):
        corpus.build_collection(collection_meta(), teis, out)
    assert not (out / "index.html").exists() and not (out / "tei").exists()
    assert not (out / "civic-forum-series_v1.0.0.zip").exists()


def test_a_folder_where_the_bag_goes_writes_nothing(built: Built, tmp_path):
    """The bag is made into a file of its own and put in its place last: what is in the way is
    refused before the pages are written."""
    out = tmp_path / "out"
    for ident in EDITION_IDS:
        shutil.copytree(built.out / ident, out / ident)
    (out / "civic-forum-series_v1.0.0.zip").mkdir()
    teis = [out / ident / "tei" / f"{ident}.xml" for ident in EDITION_IDS]
    with pytest.raises(InputError, match="not a file is in its place") as caught:
        corpus.build_collection(collection_meta(), teis, out)
    assert caught.value.location.file == str(out / "civic-forum-series_v1.0.0.zip")
    assert not (out / "index.html").exists() and not (out / "names.html").exists() and not (out / "tei").exists()
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("kind, ident", [("edition", "about"), ("register", "places")])
def test_an_id_the_pages_use_for_themselves(built: Built, tmp_path, kind, ident):
    from lxml import etree

    from tei_roundtable._xml import NS, XML_NS, parse_file

    tree = parse_file(built.teis[2])
    if kind == "edition":
        tree.find("tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:idno[@type='URN']", NS).text = \
            f"urn:tei-roundtable:{ident}:1.0.0"
    else:
        tree.find(".//tei:place", NS).set(f"{{{XML_NS}}}id", ident)
        for name in tree.iterfind(".//tei:placeName[@ref='#ferghana']", NS):
            name.set("ref", f"#{ident}")
    bad = tmp_path / "trade-2011.xml"
    etree.ElementTree(tree.getroot()).write(str(bad), encoding="UTF-8", xml_declaration=True)
    with pytest.raises(InputError, match=f"{kind} id '{ident}' is also an id the") as caught:
        corpus.build_collection(collection_meta(), [built.teis[0], bad], tmp_path / "out")
    assert caught.value.location.file == str(bad)


def test_an_edition_called_tei(built: Built, tmp_path):
    from lxml import etree

    from tei_roundtable._xml import NS, parse_file

    tree = parse_file(built.teis[2])
    tree.find("tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:idno[@type='URN']", NS).text = \
        "urn:tei-roundtable:tei:1.0.0"
    bad = tmp_path / "tei.xml"
    etree.ElementTree(tree.getroot()).write(str(bad), encoding="UTF-8", xml_declaration=True)
    with pytest.raises(InputError, match="cannot have the id 'tei'"):
        corpus.build_collection(collection_meta(), [built.teis[0], bad], tmp_path / "out")
