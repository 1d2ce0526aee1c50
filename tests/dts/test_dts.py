"""The static DTS 1.0 export: golden responses, the JSON-LD shapes of the 1.0 specification, a
navigation answer for every turn and paragraph, TEI fragments, and the URI templates followed
as a client does against a plain static web server. (DTS-validator, the community's test suite,
is not on PyPI or npm, so it cannot be installed here.)"""

from __future__ import annotations

import functools
import os
import stat
import http.server
import json
import threading
import urllib.request
from pathlib import Path

import pytest
import uritemplate
from jsonschema import Draft202012Validator
from lxml import etree

from conftest import EDITION_ID, EDITION_TEI
from tei_roundtable import dts
from tei_roundtable._xml import NS, XML_NS, parse_bytes, parse_file
from tei_roundtable.errors import InputError, OutputError

ID = f"{{{XML_NS}}}id"

# The required members of each object of DTS 1.0 ("Scheme for … Responses" tables).
_CITABLE = {"type": "object", "required": ["identifier", "@type", "level", "parent"],
            "properties": {"@type": {"const": "CitableUnit"}, "level": {"type": "integer", "minimum": 1},
                           "parent": {"type": ["string", "null"]}, "identifier": {"type": "string"},
                           "citeType": {"type": "string"}, "dublinCore": {"$ref": "#/$defs/metadata"}}}
_CITE_STRUCTURE = {"type": "object", "required": ["citeType"],
                   "properties": {"citeType": {"type": "string"},
                                  "citeStructure": {"type": "array", "items": {"$ref": "#/$defs/citeStructure"}}}}
_RESOURCE = {"type": "object", "required": ["@id", "@type", "collection", "navigation", "document", "citationTrees"],
             "properties": {"@type": {"const": "Resource"}, "title": {"type": "string"},
                            "citationTrees": {"type": "array", "items": {
                                "type": "object", "required": ["@type"], "not": {"required": ["identifier"]},
                                "properties": {"@type": {"const": "CitationTree"},
                                               "citeStructure": {"type": "array", "items": {"$ref": "#/$defs/citeStructure"}}}}},
                            "dublinCore": {"$ref": "#/$defs/metadata"}, "mediaTypes": {"type": "array"}}}
# A MetadataObject's values: literals, URIs, arrays of {lang, value} or of URIs.
_METADATA = {"type": "object", "additionalProperties": {"anyOf": [
    {"type": ["string", "number", "integer", "boolean"]},
    {"type": "array", "items": {"anyOf": [
        {"type": "string"},
        {"type": "object", "required": ["lang", "value"], "additionalProperties": False,
         "properties": {"lang": {"type": "string"}, "value": {"type": "string"}}}]}}]}}
_DEFS = {"citable": _CITABLE, "citeStructure": _CITE_STRUCTURE, "resource": _RESOURCE, "metadata": _METADATA}
_TOP = {"required": ["@context", "dtsVersion"], "properties": {"@context": {"const": dts.CONTEXT}, "dtsVersion": {"const": "1.0"}}}
SCHEMAS = {
    "EntryPoint": {"$defs": _DEFS, "allOf": [_TOP], "required": ["@id", "@type", "collection", "navigation", "document"]},
    "Collection": {"$defs": _DEFS, "allOf": [_TOP], "required": ["@id", "@type", "title", "totalParents", "totalChildren", "collection"],
                   "properties": {"member": {"type": "array", "items": {"anyOf": [
                       {"$ref": "#/$defs/resource"},
                       {"type": "object", "required": ["@id", "@type", "title", "totalParents", "totalChildren", "collection"],
                        "properties": {"@type": {"const": "Collection"}}}]}}}},
    "Resource": {"$defs": _DEFS, "allOf": [_TOP, {"$ref": "#/$defs/resource"}], "required": ["title", "totalParents"]},
    "Navigation": {"$defs": _DEFS, "allOf": [_TOP], "required": ["@id", "@type", "resource"],
                   "properties": {"resource": {"$ref": "#/$defs/resource"}, "ref": {"$ref": "#/$defs/citable"},
                                  "member": {"type": "array", "items": {"$ref": "#/$defs/citable"}}}},
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # no request lines in the test output
        pass


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist") / "dts"
    dts.export(EDITION_TEI, out)
    return out


def load(export: Path, relative: str) -> dict:
    return json.loads((export / relative).read_text("utf-8"))


def tei_units() -> list[str]:
    tei = parse_file(EDITION_TEI)
    return [e.get(ID) for e in tei.xpath("//tei:body//tei:sp | //tei:body//tei:sp/tei:p", namespaces=NS)]


@pytest.mark.parametrize("relative", [
    "index.json",
    "collection.json",
    f"collection/{EDITION_ID};nav=parents.json",
    f"navigation/{EDITION_ID};down=1.json",
    f"navigation/{EDITION_ID}/t18.json",
    f"navigation/{EDITION_ID};down=-1/t18.json",
    f"navigation/{EDITION_ID};down=0/t1.2.json",
    f"document/{EDITION_ID}/t18.1.xml",
])
def test_responses_match_their_golden_files(export, relative, file_regression):
    path = export / relative
    name = relative.replace("/", "_").replace(";", "_").replace("=", "-").rsplit(".", 1)[0]
    file_regression.check(path.read_text("utf-8"), basename=name, extension=path.suffix)


def test_every_json_response_has_the_shape_of_dts_1_0(export):
    checked = 0
    for path in sorted(export.rglob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        errors = list(Draft202012Validator(SCHEMAS[data["@type"]]).iter_errors(data))
        assert errors == [], f"{path.relative_to(export)}: {errors[0].message} at {list(errors[0].absolute_path)}"
        checked += 1
    assert checked > 4 * len(tei_units())


def test_navigation_answers_for_every_turn_and_paragraph(export):
    refs = tei_units()
    tree = load(export, f"navigation/{EDITION_ID};down=-1.json")
    assert [u["identifier"] for u in tree["member"]] == refs, "every unit, in document order"
    assert [u["identifier"] for u in load(export, f"navigation/{EDITION_ID};down=1.json")["member"]] == \
        [r for r in refs if "." not in r]
    for ref in refs:
        answer = load(export, f"navigation/{EDITION_ID}/{ref}.json")
        assert answer["ref"]["identifier"] == ref and "member" not in answer
        assert answer["ref"]["level"] == (2 if "." in ref else 1)
        assert answer["ref"]["parent"] == (ref.split(".")[0] if "." in ref else None)
        children = load(export, f"navigation/{EDITION_ID};down=1/{ref}.json")["member"]
        if "." in ref:
            assert [u["identifier"] for u in children] == [ref], "a leaf answers with itself"
        else:
            assert [u["identifier"] for u in children] == [r for r in refs if r.startswith(ref + ".")]
        siblings = load(export, f"navigation/{EDITION_ID};down=0/{ref}.json")["member"]
        assert ref in [u["identifier"] for u in siblings]
        assert {u["parent"] for u in siblings} == {answer["ref"]["parent"]}


def test_documents_are_tei_fragments_in_a_dts_wrapper(export):
    whole = export / "document" / f"{EDITION_ID}.xml"
    assert whole.read_bytes() == EDITION_TEI.read_bytes()
    for ref in tei_units():
        fragment = parse_bytes((export / "document" / EDITION_ID / f"{ref}.xml").read_bytes())
        root = fragment.getroot()
        assert root.tag == "{http://www.tei-c.org/ns/1.0}TEI"
        wrapper = root[0]
        assert wrapper.tag == f"{{{dts.DTS_NS}}}wrapper"
        assert [e.get(ID) for e in wrapper] == [ref]


def test_the_templates_lead_a_client_to_every_file_on_a_static_server(export):
    """Entry -> collection -> resource -> navigation -> document, by RFC 6570 expansion, served by
    Python's http.server from the folder holding dts/."""
    handler = functools.partial(_Quiet, directory=str(export.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    root = f"http://127.0.0.1:{server.server_address[1]}"

    def get(url: str) -> bytes:
        with urllib.request.urlopen(root + url) as response:
            assert response.status == 200
            return response.read()

    try:
        entry = json.loads(get("/dts/index.json"))
        collection = json.loads(get(uritemplate.expand(entry["collection"])))
        resource = collection["member"][0]
        assert resource["@id"] == EDITION_ID
        again = json.loads(get(uritemplate.expand(entry["collection"], id=resource["@id"])))
        assert again["@id"] == EDITION_ID
        json.loads(get(uritemplate.expand(resource["collection"], nav="parents")))
        for ref in tei_units()[::7]:
            nav = json.loads(get(uritemplate.expand(entry["navigation"], resource=resource["@id"], ref=ref, down=-1)))
            assert nav["ref"]["identifier"] == ref
            same = get(uritemplate.expand(resource["navigation"], ref=ref))
            assert json.loads(same)["ref"]["identifier"] == ref
            fragment = parse_bytes(get(uritemplate.expand(resource["document"], ref=ref)))
            assert fragment.getroot()[0][0].get(ID) == ref
        assert get(uritemplate.expand(resource["document"])) == EDITION_TEI.read_bytes()
    finally:
        server.shutdown()
        server.server_close()


def test_the_export_is_reproducible(export, tmp_path):
    again = tmp_path / "dts"
    dts.export(EDITION_TEI, again)
    first = {p.relative_to(export): p.read_bytes() for p in export.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first == second


def test_base_url_prefixes_every_address(tmp_path):
    out = dts.responses([EDITION_TEI], base="https://example.org/api/dts")
    entry = json.loads(out["index.json"])
    assert entry["navigation"] == "https://example.org/api/dts/navigation/{resource}{;down}{/ref}.json"


def test_a_cite_structure_it_cannot_follow_is_an_error_at_its_line(tmp_path):
    tree = parse_file(EDITION_TEI)
    structure = tree.find(".//tei:refsDecl/tei:citeStructure", NS)
    structure.set("match", "//sp[@who = '#x'] | //p")
    tei = tmp_path / f"{EDITION_ID}.xml"
    tree.write(str(tei), encoding="UTF-8", xml_declaration=True)
    with pytest.raises(InputError) as caught:
        dts.export(tei, tmp_path / "dts")
    written = parse_file(tei).find(".//tei:refsDecl/tei:citeStructure", NS)
    assert caught.value.location.line == written.sourceline
    assert "path of element names" in caught.value.message
    assert not (tmp_path / "dts").exists(), "nothing written"


def test_a_collection_of_editions_lists_each_with_its_own_files(tmp_path):
    tree = parse_file(EDITION_TEI)
    urn = tree.find(".//tei:publicationStmt/tei:idno[@type='URN']", NS)
    urn.text = "urn:tei-roundtable:second-hearing:1.0.0"
    second = tmp_path / "second-hearing.xml"
    tree.write(str(second), encoding="UTF-8", xml_declaration=True)
    out = tmp_path / "dts"
    dts.export_collection([EDITION_TEI, second], out)
    root = load(out, "collection.json")
    assert root["totalChildren"] == 2 and [m["@id"] for m in root["member"]] == [EDITION_ID, "second-hearing"]
    for ident in (EDITION_ID, "second-hearing"):
        assert load(out, f"navigation/{ident}/t18.1.json")["resource"]["@id"] == ident
        parents = load(out, f"collection/{ident};nav=parents.json")
        assert [m["@id"] for m in parents["member"]] == ["editions"]


def test_the_dts_command_writes_the_export_and_refuses_a_bad_base(tmp_path):
    from click.testing import CliRunner

    from tei_roundtable.cli import main

    runner = CliRunner()
    done = runner.invoke(main, ["dts", str(EDITION_TEI), "--out", str(tmp_path / "dts"), "--base-url", "/api/dts/"])
    assert done.exit_code == 0, done.output
    assert f"exported {len(list((tmp_path / 'dts').rglob('*.*')))} DTS files" in done.output
    assert load(tmp_path / "dts", "index.json")["collection"] == "/api/dts/collection{/id}{;nav}.json"
    refused = runner.invoke(main, ["dts", str(EDITION_TEI), "--out", str(tmp_path / "other"), "--base-url", "javascript:x"])
    assert refused.exit_code == 2 and "neither an absolute path" in refused.output
    assert not (tmp_path / "other").exists()


def _listing(folder: Path) -> dict[str, bytes | None]:
    return {p.relative_to(folder).as_posix(): (None if p.is_dir() or p.is_symlink() else p.read_bytes())
            for p in sorted(folder.rglob("*"))}


@pytest.mark.parametrize("how", ["same path", "symlink", "hard link"])
def test_the_export_does_not_write_over_the_tei_it_exports(tmp_path, how):
    out = tmp_path / "dts"
    (out / "document").mkdir(parents=True)
    place = out / "document" / f"{EDITION_ID}.xml"  # where the export writes the whole document
    tei = place if how == "same path" else tmp_path / f"{EDITION_ID}.xml"
    tei.write_bytes(EDITION_TEI.read_bytes())
    if how == "symlink":
        place.symlink_to(tei)
    elif how == "hard link":
        place.hardlink_to(tei)
    before = _listing(tmp_path)
    with pytest.raises(OutputError, match="it is a TEI being exported") as caught:
        dts.export(tei, out)
    assert caught.value.location.file == str(place)
    assert _listing(tmp_path) == before, "nothing written"


def test_a_symlink_in_the_export_folder_is_followed_and_a_folder_refused(tmp_path):
    out = tmp_path / "dts"
    dts.export(EDITION_TEI, out)
    first = _listing(out)
    aside = tmp_path / "aside.json"
    aside.write_bytes(b"old")
    link = out / "navigation" / EDITION_ID / "t18.json"
    link.unlink()
    link.symlink_to(aside)
    dts.export(EDITION_TEI, out)
    assert link.is_symlink() and aside.read_bytes() == first[f"navigation/{EDITION_ID}/t18.json"]
    (out / "navigation" / EDITION_ID / "t18.1.json").unlink()
    (out / "navigation" / EDITION_ID / "t18.1.json").mkdir()
    (out / "index.json").write_bytes(b"stale")
    with pytest.raises(OutputError, match="it is a folder, not a file"):
        dts.export(EDITION_TEI, out)
    assert (out / "index.json").read_bytes() == b"stale", "nothing written when one target is refused"
    assert not [p for p in out.rglob(".*.tmp")], "no temporary file left"


def test_a_fresh_export_folder_is_made_as_mkdir_makes_one_and_holds_no_temporary_names(tmp_path):
    out = tmp_path / "new" / "dts"
    written = dts.export(EDITION_TEI, out)
    umask = os.umask(0)
    os.umask(umask)
    for folder in (tmp_path / "new", out, out / "navigation"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o777 & ~umask
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o644 for p in written)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == \
        sorted(p.relative_to(tmp_path).as_posix() for p in written)


@pytest.mark.parametrize("by_descriptor", [True, False], ids=["dir_fd", "by path"])
@pytest.mark.parametrize("umask", [0o022, 0o077])
def test_a_fresh_export_is_0o644_whatever_the_umask_and_the_same_either_way(tmp_path, monkeypatch, umask,
                                                                              by_descriptor):
    """Files are created through their folder's descriptor with 0o644, and given it with fchmod
    when the umask takes from it; where the system opens no file by a folder's descriptor, by
    path as before: the same files, bytes and permissions."""
    from tei_roundtable import _io

    if not by_descriptor:
        monkeypatch.setattr(os, "supports_dir_fd", set())
    chmods = []
    real_fchmod = os.fchmod
    monkeypatch.setattr(os, "fchmod", lambda fd, mode: (chmods.append(mode), real_fchmod(fd, mode)))
    previous = os.umask(umask)
    try:
        written = dts.export(EDITION_TEI, tmp_path / "new" / "dts")
    finally:
        os.umask(previous)
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o644 for p in written)
    for folder in (tmp_path / "new", tmp_path / "new" / "dts", tmp_path / "new" / "dts" / "navigation" / EDITION_ID):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o777 & ~umask
    assert {p.relative_to(tmp_path / "new" / "dts").as_posix(): p.read_bytes() for p in written} == \
        dts.responses([EDITION_TEI])
    # fchmod only where the file was not created with 0o644 already
    assert len(chmods) == (len(written) if umask & 0o644 or not by_descriptor else 0)


@pytest.mark.parametrize(("failing", "by_descriptor"), [("t18.json", True), ("t18.json", False),
                                                      ("the new folder", True)])
def test_a_file_the_system_will_not_create_in_a_fresh_export_is_an_error_and_leaves_nothing(
        tmp_path, monkeypatch, failing, by_descriptor):
    real_open = os.open
    refused = []

    def refusing(path, flags, mode=0o777, *, dir_fd=None):
        name = os.path.basename(os.fspath(path))
        if not refused and (name == failing or failing == "the new folder" and name.startswith(".new.")):
            refused.append(name)  # once: the clean-up opens the new folder to remove it
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, flags, mode, dir_fd=dir_fd)

    monkeypatch.setattr(os, "open", refusing)
    monkeypatch.setattr(os, "supports_dir_fd", os.supports_dir_fd | {refusing} if by_descriptor else set())
    with pytest.raises(OutputError, match="cannot write: Permission denied"):
        dts.export(EDITION_TEI, tmp_path / "new" / "dts")
    monkeypatch.undo()
    assert refused and _listing(tmp_path) == {}, "no folder, no file, no temporary name left"


def test_a_folder_that_appears_meanwhile_is_not_written_over(tmp_path, monkeypatch):
    from tei_roundtable import _io

    out = tmp_path / "dts"
    real = _io._write_fresh

    def someone_else_makes_it(made, entries, files):
        real(made, entries, files)
        (out / "navigation").mkdir(parents=True)
        (out / "navigation" / "theirs.json").write_bytes(b"theirs")

    monkeypatch.setattr(_io, "_write_fresh", someone_else_makes_it)
    with pytest.raises(OutputError, match="cannot write"):
        dts.export(EDITION_TEI, out)
    assert _listing(tmp_path) == {"dts": None, "dts/navigation": None, "dts/navigation/theirs.json": b"theirs"}


def test_exporting_again_rewrites_only_what_changed(tmp_path):
    out = tmp_path / "dts"
    dts.export(EDITION_TEI, out)
    index, nav = out / "index.json", out / "navigation" / EDITION_ID / "t18.json"
    nav.write_bytes(b"stale")
    before = {p: p.stat().st_ino for p in (index, nav)}
    dts.export(EDITION_TEI, out)
    assert index.stat().st_ino == before[index], "the same bytes: left as it was"
    assert nav.stat().st_ino != before[nav] and json.loads(nav.read_bytes())["@type"] == "Navigation"


def test_passages_serialised_in_place_are_the_copies_byte_for_byte():
    tree = parse_file(EDITION_TEI)
    assert dts._plain(EDITION_TEI.read_bytes(), tree)
    _, found = dts.units(tree, EDITION_TEI)
    assert len(found) > 100 and all(dts._plain_fragment(u) == dts._fragment(u) for u in found)


def test_a_tei_declaring_another_namespace_has_its_passages_copied(tmp_path):
    data = EDITION_TEI.read_bytes().replace(b'<p n="1" xml:id="t18.1">', b'<p xmlns:x="urn:x" n="1" xml:id="t18.1">', 1)
    tei = tmp_path / f"{EDITION_ID}.xml"
    tei.write_bytes(data)
    tree = parse_file(tei)
    unit = next(u for u in dts.units(tree, tei)[1] if u.identifier == "t18.1")
    assert not dts._plain(data, tree)
    assert dts._plain_fragment(unit) != dts._fragment(unit), "in place, the passage would keep the declaration"
    out = dts.responses([tei])
    assert out[f"document/{EDITION_ID}/t18.1.xml"] == dts._fragment(unit)
    assert b"urn:x" not in out[f"document/{EDITION_ID}/t18.1.xml"]


def test_units_on_one_line_come_in_document_order_too(tmp_path):
    tree = parse_file(EDITION_TEI)
    lines = [u.element.sourceline for u in dts.units(tree, EDITION_TEI)[1]]
    assert lines == sorted(set(lines)), "the bundled TEI: one unit a line, in order"
    flat = parse_bytes(etree.tostring(tree).replace(b"\n", b" "), "flat.xml")  # every element on line 1
    assert [u.identifier for u in dts.units(flat, "flat.xml")[1]] == [u.identifier for u in dts.units(tree, "x")[1]]
