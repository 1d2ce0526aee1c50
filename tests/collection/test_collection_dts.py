"""The collection's DTS export (dist/dts/ of a collection build): golden responses, every edition a
member of the collection, navigation for every turn and paragraph of every edition, the shapes of
DTS 1.0 (the schemas of the edition's DTS test), and made again only when an input changes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from forum_project import EDITIONS, build_forum
from tei_roundtable import collection
from tei_roundtable._xml import NS, XML_NS, parse_file
from tei_roundtable.pipeline import build_collection

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "dts"))
from test_dts import SCHEMAS  # noqa: E402 - the DTS 1.0 shapes, one definition for both tests

COLLECTION_ID = "forum-2008-collection"


@pytest.fixture(scope="module")
def forum(tmp_path_factory) -> Path:
    dist, _ = build_forum(tmp_path_factory.mktemp("forum"))
    return dist


@pytest.mark.parametrize("relative", [
    "index.json",
    "collection.json",
    f"collection/{COLLECTION_ID}.json",
    "collection/forum-2009;nav=parents.json",
    "navigation/forum-2008;down=1.json",
    "navigation/forum-2009;down=-1/t3.json",
    "document/forum-2009/t3.1.xml",
])
def test_responses_match_their_golden_files(forum, relative, file_regression):
    path = forum / "dts" / relative
    name = relative.replace("/", "_").replace(";", "_").replace("=", "-").rsplit(".", 1)[0]
    file_regression.check(path.read_text("utf-8"), basename=name, extension=path.suffix)


def test_the_export_put_together_from_the_editions_is_dts_export_collection(forum, tmp_path):
    """The build links the editions' own exports and makes the collection's few responses
    (_collection_dts): file for file and byte for byte what dts.export_collection makes of the
    editions' TEI."""
    from tei_roundtable import dts

    coll = collection.load(forum.parent / "tei" / "collection.yaml")
    teis = [forum / ident / "tei" / f"{ident}.xml" for ident in EDITIONS]
    dts.export_collection(teis, tmp_path / "dts", collection_id=coll.meta.id, collection_title=coll.meta.title)

    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    expected, made = files(tmp_path / "dts"), files(forum / "dts")
    assert sorted(made) == sorted(expected) and len(made) > 50
    assert made == expected


def test_an_edition_whose_export_is_missing_is_named(forum, tmp_path):
    from tei_roundtable._collection_dts import export_collection
    from tei_roundtable.errors import InputError

    with pytest.raises(InputError, match="the edition's DTS export is missing or unreadable") as caught:
        export_collection([("forum-2008", forum / "forum-2008" / "dts"), ("forum-2009", tmp_path / "nothing")],
                          tmp_path / "dts", collection_id=COLLECTION_ID, collection_title="t")
    assert "nothing/collection/forum-2009.json" in str(caught.value)
    assert not (tmp_path / "dts").exists() and list(tmp_path.iterdir()) == []


def test_the_collection_has_every_edition_and_is_their_parent(forum):
    root = json.loads((forum / "dts" / "collection.json").read_text("utf-8"))
    assert root["@id"] == COLLECTION_ID and root["totalChildren"] == 2
    assert [m["@id"] for m in root["member"]] == list(EDITIONS)
    for ident in EDITIONS:
        parents = json.loads((forum / "dts" / "collection" / f"{ident};nav=parents.json").read_text("utf-8"))
        assert [p["@id"] for p in parents["member"]] == [COLLECTION_ID]


def test_navigation_answers_for_every_turn_and_paragraph_of_every_edition(forum):
    for ident in EDITIONS:
        tei = parse_file(forum / ident / "tei" / f"{ident}.xml")
        refs = [e.get(f"{{{XML_NS}}}id") for e in tei.xpath("//tei:body//tei:sp | //tei:body//tei:sp/tei:p", namespaces=NS)]
        assert refs
        for ref in refs:
            nav = json.loads((forum / "dts" / "navigation" / ident / f"{ref}.json").read_text("utf-8"))
            assert nav["ref"]["identifier"] == ref and nav["resource"]["@id"] == ident
            assert (forum / "dts" / "document" / ident / f"{ref}.xml").is_file()


def test_every_json_response_has_the_shape_of_dts_1_0(forum):
    paths = sorted((forum / "dts").rglob("*.json"))
    for path in paths:
        data = json.loads(path.read_text("utf-8"))
        errors = list(Draft202012Validator(SCHEMAS[data["@type"]]).iter_errors(data))
        assert errors == [], f"{path.relative_to(forum)}: {errors[0].message} at {list(errors[0].absolute_path)}"
    assert len(paths) > 20


def test_the_export_is_made_again_only_when_an_input_changed(forum):
    coll = collection.load(forum.parent / "tei" / "collection.yaml")
    entry = forum / "dts" / "index.json"
    before = entry.stat().st_mtime_ns
    again = build_collection(coll, forum)
    assert again.skipped == "the collection's outputs are current" and entry.stat().st_mtime_ns == before
    entry.unlink()  # a missing export is made again, even with unchanged inputs
    third = build_collection(coll, forum)
    assert third.skipped is None and forum / "dts" in third.outputs and entry.is_file()
