"""`tei-roundtable package` and `verify`: exit codes, messages that name files, CITATION.cff."""

from __future__ import annotations

import json
from pathlib import Path

import bagit
import pytest
from click.testing import CliRunner

from conftest import EDITION_DATA, EDITION_TEI, REPO, shared_file
from package_fixtures import BTR_PROFILE, copy_project, make_dist, unpack
from tei_roundtable.cli import main


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("cli")
    dist = make_dist(work / "dist", EDITION_TEI)
    code, output = run("package", "--edition", str(EDITION_DATA), "--dist", str(dist))
    assert code == 0, output
    made = sorted(dist.glob("*.zip"))
    assert len(made) == 1 and f"packaged {made[0]}" in output
    return made[0]


def test_verify_passes_on_a_fresh_package(archive):
    code, output = run("verify", str(archive))
    assert code == 0, output
    assert "sound" in output


def test_verify_with_the_btr_profile(archive):
    code, output = run("verify", str(archive), "--profile", str(shared_file(BTR_PROFILE)))
    assert code == 0, output


def test_verify_reports_each_problem_with_its_file_and_exits_1(archive, tmp_path):
    bag = unpack(archive, tmp_path)
    (bag / "data" / "metadata" / "CITATION.cff").unlink()
    (bag / "data" / "txt" / "notes.txt").write_text("added\n")
    code, output = run("verify", str(bag))
    assert code == 1
    assert f"{bag.name}/data/metadata/CITATION.cff: error [completeness]" in output
    assert f"{bag.name}/data/txt/notes.txt: error [completeness]" in output
    assert "the package is not sound" in output


def test_verify_finds_a_changed_word_of_the_tei_despite_new_manifests(archive, tmp_path):
    bag = unpack(archive, tmp_path)
    tei = bag / "data" / "tei" / EDITION_TEI.name
    tei.write_text(tei.read_text(encoding="utf-8").replace("I am pleased", "I am delighted", 1), encoding="utf-8")
    bagit.Bag(str(bag)).save(manifests=True)
    code, output = run("verify", str(bag))
    assert code == 1
    line = next(n for n, text in enumerate(tei.read_text(encoding="utf-8").split("\n"), 1) if "I am delighted" in text)
    assert f"{bag.name}/data/tei/{tei.name}:{line}:11: error [text-fidelity] " in output
    assert f"{bag.name}/data/html/index.html: error [reproduction] not what tei-roundtable" in output
    assert "the package is not sound" in output


def test_package_refuses_renderings_of_an_earlier_tei(tmp_path):
    data = copy_project(tmp_path)
    tei = data.with_name(EDITION_TEI.name)
    dist = make_dist(tmp_path / "dist", tei)
    data.write_text(data.read_text(encoding="utf-8").replace('  title: "Perspectives', '  title: "RETITLED Perspectives', 1),
                    encoding="utf-8")
    code, output = run("encode", "--edition", str(data), "-o", str(tei))
    assert code == 0, output
    code, output = run("package", "--edition", str(data), "--dist", str(dist))
    assert code == 1
    assert output.startswith(f"{dist / 'html' / 'index.html'}: error: stale: not what `render` makes of {tei}"), output
    assert f"hint: render them from this TEI again: tei-roundtable render {tei} -o {dist}" in output
    assert not list(dist.glob("*.zip"))


def test_verify_of_a_missing_path_is_a_usage_error(tmp_path):
    code, output = run("verify", str(tmp_path / "nothing.zip"))
    assert code == 2
    assert "does not exist" in output


def test_package_refuses_an_invalid_edition_with_the_findings(tmp_path, archive):
    data = copy_project(tmp_path)
    tei = data.with_name(EDITION_TEI.name)
    tei.write_text(tei.read_text(encoding="utf-8").replace(' who="#uzbekov"', ' who="#nobody"', 1), encoding="utf-8")
    dist = make_dist(tmp_path / "dist", EDITION_TEI)
    code, output = run("package", "--edition", str(data), "--dist", str(dist))
    assert code == 1
    assert f"tei/{tei.name}:" in output and "error [" in output and "nobody" in output
    assert "nothing was packaged" in output
    assert not list(dist.glob("*.zip"))


def test_citation_option_writes_the_repository_citation_file(tmp_path):
    target = tmp_path / "CITATION.cff"
    code, output = run("package", "--edition", str(EDITION_DATA), "--citation", str(target))
    assert code == 0, output
    assert target.read_bytes() == (REPO / "CITATION.cff").read_bytes()


def test_package_findings_name_the_tei_file_given(tmp_path, archive):
    data = copy_project(tmp_path)
    # A hand-edited copy beside the master (its source/ resolves): a changed word in a speech.
    edited = data.with_name("e-word.xml")
    text = EDITION_TEI.read_text(encoding="utf-8")
    assert "the Central Asian region simply has to unite" in text
    edited.write_text(text.replace("the Central Asian region simply has to unite",
                                   "the Central Asian region simply must unite", 1), encoding="utf-8")
    dist = make_dist(tmp_path / "dist", EDITION_TEI)
    code, output = run("package", "--edition", str(data), "--dist", str(dist), "--tei", str(edited))
    assert code == 1
    findings = [line for line in output.splitlines() if ": error [" in line]
    assert findings and all(line.startswith(f"{edited}:") for line in findings), output
    assert "nothing was packaged" in output
    assert not list(dist.glob("*.zip"))


# ----- bad profile and schema files for verify: an error naming the file, not a traceback -------

_PROFILE_INFO = {"BagIt-Profile-Identifier": "https://example.org/profile.json", "Source-Organization": "Example"}


def _json_file(path: Path, document) -> Path:
    path.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
    return path


@pytest.mark.parametrize("document, where, message", [
    ('{\n  "BagIt-Profile-Info": {,\n}', ":2:26:", "not JSON"),
    ([], ":", "[] is not of type 'object'"),
    ({"BagIt-Profile-Info": {"BagIt-Profile-Identifier": "x"}, "Accept-BagIt-Version": ["1.0"],
      "Accept-Serialization": ["application/zip"]}, ":", "'Source-Organization' is a required property"),
    ({"BagIt-Profile-Info": _PROFILE_INFO, "Bag-Info": "oops", "Manifests-Required": 5,
      "Accept-BagIt-Version": ["1.0"], "Accept-Serialization": ["application/zip"]},
     ":", "Bag-Info: 'oops' is not of type 'object'"),
    ({"BagIt-Profile-Info": {**_PROFILE_INFO, "BagIt-Profile-Version": "one"}, "Accept-BagIt-Version": ["1.0"],
      "Accept-Serialization": ["application/zip"]}, ":", "BagIt-Profile-Info/BagIt-Profile-Version"),
    ({"BagIt-Profile-Info": _PROFILE_INFO, "Accept-BagIt-Version": ["1.0"], "Accept-Serialization": ["application/zip"],
      "Tag-Files-Required": ["../../etc/passwd"]}, ":", "'../../etc/passwd' is not a path inside the bag"),
    ({"BagIt-Profile-Info": _PROFILE_INFO, "Accept-BagIt-Version": ["1.0"]},
     ":", "'Accept-Serialization' is a required property"),
], ids=["not-json", "not-an-object", "no-source-organization", "wrong-types", "bad-profile-version",
        "path-outside-the-bag", "no-accept-serialization"])
def test_verify_names_a_bad_profile_file(archive, tmp_path, document, where, message):
    profile = _json_file(tmp_path / "profile.json", document)
    code, output = run("verify", str(archive), "--profile", str(profile))
    assert code == 1
    assert output.startswith(f"{profile}{where} error: "), output
    assert message in output
    assert "hint: give a BagIt profile" in output or "not JSON" in output
    assert archive.name not in output  # nothing about the package: it was not checked


def test_verify_reports_where_the_bag_fails_a_valid_profile(archive, tmp_path):
    # A minimal profile (no Bag-Info, no Manifests-Required: both optional) that the bag fails.
    stem = archive.name.removesuffix(".zip")
    declared = "https://github.com/dpscollaborative/btr_bagit_profile/releases/download/1.0/btr-bagit-profile.json"
    profile = _json_file(tmp_path / "profile.json", {
        "BagIt-Profile-Info": {**_PROFILE_INFO, "BagIt-Profile-Identifier": declared},
        "Accept-BagIt-Version": ["0.97"], "Accept-Serialization": ["application/zip"],
        "Tag-Files-Required": ["extra.txt"], "Tag-Files-Allowed": ["*"],
    })
    code, output = run("verify", str(archive), "--profile", str(profile))
    assert code == 1, output
    label = f"profile {declared}"
    assert f"{stem}/bagit.txt: error [{label}] BagIt-Version 1.0 not accepted (Accept-BagIt-Version ['0.97'])" in output
    assert f"{stem}/extra.txt: error [{label}] required tag file is missing (Tag-Files-Required)" in output
    assert ".verify-" not in output  # no path of the temporary folder


@pytest.mark.parametrize("document, where, message", [
    ("{\n", ":2:1:", "not JSON"),
    ({"type": 5}, ":", "not a valid JSON Schema: type: 5"),
    ([1, 2], ":", "not a JSON Schema"),
    ({"$ref": "https://example.invalid/schema.json"}, ":", "the schema's reference cannot be resolved"),
], ids=["not-json", "bad-keyword", "not-an-object", "remote-ref"])
def test_verify_names_a_bad_cff_schema_file(archive, tmp_path, document, where, message):
    schema = _json_file(tmp_path / "cff.json", document)
    code, output = run("verify", str(archive), "--cff-schema", str(schema))
    assert code == 1
    assert output.startswith(f"{schema}{where} error: "), output
    assert message in output


@pytest.mark.parametrize("text, where", [
    ('<?xml version="1.0"?>\n<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">\n'
     '  <xs:import namespace="urn:x" schemaLocation="http://127.0.0.1:9/evil.xsd"/>\n</xs:schema>\n', ":3:"),
    ("not xml\n", ":1:1:"),
], ids=["network-import", "not-xml"])
def test_verify_names_a_bad_datacite_xsd_file(archive, tmp_path, text, where):
    xsd = tmp_path / "metadata.xsd"
    xsd.write_text(text, encoding="utf-8")
    code, output = run("verify", str(archive), "--datacite-xsd", str(xsd))
    assert code == 1
    assert output.startswith(f"{xsd}{where} error: cannot load XML Schema"), output
    assert "datacite.xml" not in output
