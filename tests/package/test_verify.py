"""Checking a deposit package: round trip, tampering, unsafe archives, BTR profile, bagit.py."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
import tracemalloc
import zipfile
from pathlib import Path

import bagit
import bagit_profile
import pytest

from conftest import EDITION_DATA, EDITION_TEI, shared_file
from package_fixtures import BTR_PROFILE, CFF_SCHEMA, DATACITE_XSD, make_dist, unpack
from tei_roundtable import __version__
from tei_roundtable.resources import schema_dir
from tei_roundtable.errors import CheckFailed
from tei_roundtable._profile import PROFILE_FILE, project_profile
from tei_roundtable.package import package, write_zip, _timestamp
from tei_roundtable.verify import Problem, is_valid, iter_problems, load_profile, verify


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    work = tmp_path_factory.mktemp("verify")
    return package(EDITION_DATA, make_dist(work / "dist", EDITION_TEI), work / "out", formats=("zip", "tar"))


@pytest.fixture
def bag(built, tmp_path) -> Path:
    """A fresh unpacked copy of the package, to tamper with."""
    return unpack(built.archives[0], tmp_path / "unpacked")


def problems_of(path, *args, **kwargs) -> list[Problem]:
    return list(iter_problems(path, *args, **kwargs))


# ----- round trip -------------------------------------------------------------------------------

def test_the_package_verifies_as_zip_tar_and_folder(built, bag):
    for target in (*built.archives, bag):
        assert problems_of(target) == [], target
    # Each check makes the edition's files again (about half a second): the API once.
    assert verify(bag) == []
    assert is_valid(bag)


def test_the_package_meets_the_btr_profile_and_the_metadata_schemas(built):
    problems = problems_of(
        built.archives[0], [shared_file(BTR_PROFILE)],
        datacite_xsd=shared_file(DATACITE_XSD), cff_schema=shared_file(CFF_SCHEMA),
    )
    assert problems == []


def test_bagit_py_validates_the_bag(bag):
    result = subprocess.run([sys.executable, "-m", "bagit", "--validate", str(bag)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "is valid" in result.stdout + result.stderr
    assert bagit.Bag(str(bag)).version_info == (1, 0)


def test_bagit_profile_accepts_the_bag_against_btr(built, bag):
    profile_file = shared_file(BTR_PROFILE)
    document = json.loads(profile_file.read_text(encoding="utf-8"))
    profile = bagit_profile.Profile(document["BagIt-Profile-Info"]["BagIt-Profile-Identifier"], profile=document)
    assert profile.validate_serialization(str(built.archives[0]))
    assert profile.validate(bagit.Bag(str(bag))), str(profile.report)


# ----- tampering: each change detected, and the file named ---------------------------------------

def _change_byte(bag: Path) -> str:
    target = bag / "data" / "tei" / EDITION_TEI.name
    data = bytearray(target.read_bytes())
    data[500] = ord("X") if data[500] != ord("X") else ord("Y")
    target.write_bytes(bytes(data))
    return f"data/tei/{EDITION_TEI.name}"


def _remove_file(bag: Path) -> str:
    (bag / "data" / "metadata" / "oai_dc.xml").unlink()
    return "data/metadata/oai_dc.xml"


def _add_file(bag: Path) -> str:
    (bag / "data" / "txt" / "notes.txt").write_text("added after packaging\n")
    return "data/txt/notes.txt"


def _edit_bag_info(bag: Path) -> str:
    info = bag / "bag-info.txt"
    text = info.read_text(encoding="utf-8")
    assert "Contact-Email: " in text
    info.write_text(text.replace("Contact-Email: ", "Contact-Email: someone-else."), encoding="utf-8")
    return "bag-info.txt"


def _remove_tag_manifest(bag: Path) -> str:
    (bag / "tagmanifest-sha512.txt").unlink()
    return "tagmanifest-sha512.txt"


@pytest.mark.parametrize("tamper, check", [
    (_change_byte, "fixity"),
    (_remove_file, "completeness"),
    (_add_file, "completeness"),
    (_edit_bag_info, "fixity"),
    (_remove_tag_manifest, "project profile"),
], ids=["changed-payload-byte", "removed-file", "extra-file", "edited-bag-info", "removed-tag-manifest"])
def test_tampering_is_detected_and_the_file_named(bag, tamper, check):
    file = tamper(bag)
    problems = problems_of(bag)
    assert Problem(f"{bag.name}/{file}", check, next(p.message for p in problems if p.file == f"{bag.name}/{file}"
                                                       and p.check == check)) in problems
    with pytest.raises(CheckFailed) as caught:
        verify(bag)
    assert any(f"{bag.name}/{file}" in str(p) for p in caught.value.findings)


def test_an_edited_bag_info_is_also_checked_against_the_header(bag):
    _edit_bag_info(bag)
    problems = problems_of(bag)
    assert any(p.check == "description" and "Contact-Email" in p.message for p in problems)


def test_a_consistent_but_false_bag_info_is_detected(bag):
    # Re-made tag manifest: fixity holds, but bag-info no longer says what the TEI header says.
    the_bag = bagit.Bag(str(bag))
    the_bag.info["External-Identifier"] = "urn:tei-roundtable:another:1.0.0"
    the_bag.save()
    problems = problems_of(bag)
    assert [p.file for p in problems] == [f"{bag.name}/bag-info.txt"]
    assert problems[0].check == "description" and "External-Identifier" in problems[0].message


def test_tampering_inside_an_archive_is_detected(bag, tmp_path):
    file = _change_byte(bag)
    archive = write_zip(bag, tmp_path / f"{bag.name}.zip", _timestamp("2000-01-01"))
    problems = problems_of(archive)
    assert [(p.file, p.check) for p in problems if p.check == "fixity"] == [(f"{bag.name}/{file}", "fixity")]


def test_invalid_metadata_is_reported(bag):
    # Keep fixity intact so that only the metadata check can see it.
    target = bag / "data" / "metadata" / "datacite.json"
    document = json.loads(target.read_text(encoding="utf-8"))
    del document["titles"]
    target.write_text(json.dumps(document), encoding="utf-8")
    bagit.Bag(str(bag)).save(manifests=True)
    problems = problems_of(bag)
    assert [(p.file, p.check) for p in problems] == [(f"{bag.name}/data/metadata/datacite.json", "metadata"),
                                                     (f"{bag.name}/data/metadata/datacite.json", "reproduction")]
    assert "titles" in problems[0].message


# ----- content: what fixity cannot see once the manifests are made again ------------------------

def _remanifest(bag: Path, target: str, old: str, new: str) -> str:
    """Replace ``old`` by ``new`` once in the bag file ``target`` and make the manifests again."""
    path = bag / target
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    bagit.Bag(str(bag)).save(manifests=True)
    return f"{bag.name}/{target}"


def test_a_changed_word_of_the_tei_is_a_fidelity_error_at_its_line(bag):
    file = _remanifest(bag, f"data/tei/{EDITION_TEI.name}", "I am pleased", "I am delighted")
    problems = problems_of(bag)
    fidelity = [p for p in problems if p.check == "text-fidelity"]
    assert len(fidelity) == 1 and fidelity[0].severity == "error"
    assert fidelity[0].file.startswith(f"{file}:")
    assert "I am pleased" in fidelity[0].message and "I am delighted" in fidelity[0].message
    # The TEI is not what encode makes; the report and renderings are not what the TEI makes now.
    reproduced = {p.file for p in problems if p.check == "reproduction"}
    assert {file, f"{bag.name}/data/reports/validation.json", f"{bag.name}/data/html/index.html"} <= reproduced
    with pytest.raises(CheckFailed, match="not sound"):
        verify(bag)


@pytest.mark.parametrize("target, old, new", [
    ("data/metadata/datacite.json", '"version": "1.0.0"', '"version": "1.0.1"'),
    ("data/html/index.html", "Perspectives to establish", "Prospects to establish"),
    ("data/txt/ipp-roundtable-2007-11-15-diplomatic.txt", "I am pleased", "I am delighted"),
    ("data/schema/tei-roundtable.rng", "</grammar>", "<!-- anything goes -->\n</grammar>"),
], ids=["datacite-version", "html", "text", "schema"])
def test_a_made_file_changed_is_named(bag, target, old, new):
    file = _remanifest(bag, target, old, new)
    problems = problems_of(bag)
    assert [(p.file, p.check, p.severity) for p in problems] == [(file, "reproduction", "error")]
    assert problems[0].message == f"not what tei-roundtable {__version__} makes from the packaged TEI and edition data"
    assert not is_valid(bag)


def test_a_changed_edition_data_makes_the_tei_not_what_encode_makes(bag):
    _remanifest(bag, f"data/tei/{EDITION_DATA.name}", 'reason: "Typing error:', 'reason: "Slip of the pen:')
    problems = problems_of(bag)
    assert (f"{bag.name}/data/tei/{EDITION_TEI.name}", "reproduction",
            f"not what tei-roundtable {__version__} makes from the packaged transcript and edition data"
            ) in [(p.file, p.check, p.message) for p in problems]


def test_a_file_added_with_new_manifests_is_named(bag):
    (bag / "data" / "html" / "extra.html").write_text("<p>added</p>\n", encoding="utf-8")
    bagit.Bag(str(bag)).save(manifests=True)
    problems = problems_of(bag)
    assert [(p.file, p.check) for p in problems] == [(f"{bag.name}/data/html/extra.html", "reproduction")]


def _made_by(bag: Path, version: str) -> None:
    the_bag = bagit.Bag(str(bag))
    the_bag.info["Bag-Software-Agent"] = f"tei-roundtable {version} (bagit.py {bagit.VERSION})"
    the_bag.save()


@pytest.mark.parametrize("agent", [
    f"tei-roundtable 0.0.1 (bagit.py {bagit.VERSION})", f"Tei-roundtable {__version__}", "another tool 2.0", None,
], ids=["older-version", "other-spelling", "another-tool", "no-agent"])
def test_what_the_agent_line_says_switches_no_check_off(bag, agent):
    # Before: an agent not starting with 'tei-roundtable ' skipped validation and reproduction,
    # and an older version turned every difference into a warning.
    the_bag = bagit.Bag(str(bag))
    if agent is None:
        del the_bag.info["Bag-Software-Agent"]
    else:
        the_bag.info["Bag-Software-Agent"] = agent
    the_bag.save()
    tei = _remanifest(bag, f"data/tei/{EDITION_TEI.name}", "I am pleased", "I am delighted")
    html = _remanifest(bag, "data/html/index.html", "Perspectives to establish", "Prospects to establish")
    (bag / "data" / "html" / "extra.html").write_text("<p>added</p>\n", encoding="utf-8")
    bagit.Bag(str(bag)).save(manifests=True)
    problems = problems_of(bag)
    assert {p.severity for p in problems} == {"error"}
    found = {(p.file.split(":")[0], p.check) for p in problems}
    assert {(tei, "text-fidelity"), (tei, "reproduction"), (html, "reproduction"),
            (f"{bag.name}/data/html/extra.html", "reproduction")} <= found
    if agent is None or not agent.startswith("tei-roundtable 0.0.1"):
        assert (f"{bag.name}/bag-info.txt", "description") in found
    else:
        assert any("says tei-roundtable 0.0.1 made it" in p.message for p in problems)
    assert not is_valid(bag)


def test_the_verify_command_fails_a_package_claiming_an_older_version(bag):
    from click.testing import CliRunner

    from tei_roundtable.cli import main

    the_bag = bagit.Bag(str(bag))
    the_bag.info["Bag-Software-Agent"] = f"tei-roundtable 0.0.1 (bagit.py {bagit.VERSION})"
    the_bag.save()
    file = _remanifest(bag, "data/html/index.html", "Perspectives to establish", "Prospects to establish")
    result = CliRunner().invoke(main, ["verify", str(bag)])
    assert result.exit_code == 1, result.output
    assert f"{file}: error [reproduction] " in result.stderr
    assert "sound (" not in result.stdout


def test_a_second_edition_data_file_switches_no_check_off(bag):
    # Before: any second data/tei/*.yaml switched off TEI validation, the description check and
    # reproduction, so an edited TEI passed.
    shutil.copyfile(bag / "data" / "tei" / EDITION_DATA.name, bag / "data" / "tei" / "second.yaml")
    tei = _remanifest(bag, f"data/tei/{EDITION_TEI.name}", "I am pleased", "I am delighted")
    problems = problems_of(bag)
    checks = {(p.file.split(":")[0], p.check) for p in problems}
    assert (tei, "text-fidelity") in checks
    assert (f"{bag.name}/data/tei", "reproduction") in checks
    assert (f"{bag.name}/bag-info.txt", "description") in checks
    assert not is_valid(bag)


def _retag(bag: Path, **tags) -> None:
    the_bag = bagit.Bag(str(bag))
    for tag, value in tags.items():
        the_bag.info[tag.replace("_", "-")] = value
    the_bag.save()


@pytest.mark.parametrize("tag, value", [
    ("Payload-Identifier", "doi:10.9999/forged"), ("Bag-Size", "1 TB"), ("Bag-Count", "1 of 7"),
    ("Internal-Sender-Description", "A forged description"),
    ("BagIt-Profile-Identifier", "https://example.org/other-profile.json"),
])
def test_every_bag_info_tag_is_compared_or_refused(bag, tag, value):
    # Before: these tags were not compared, so they could be forged with a re-made tag manifest.
    _retag(bag, **{tag.replace("-", "_"): value})
    problems = problems_of(bag)
    assert any(p.file == f"{bag.name}/bag-info.txt" and p.check == "description" and tag in p.message
               for p in problems), problems


def test_every_bag_info_problem_of_a_profile_is_reported(bag):
    # Before: bagit_profile stopped at the first failing tag.
    the_bag = bagit.Bag(str(bag))
    for tag in ("Source-Organization", "Bagging-Date", "Contact-Email"):
        del the_bag.info[tag]
    the_bag.info["Bag-Group-Identifier"] = ["a", "b"]
    the_bag.save()
    profile = [p for p in problems_of(bag) if p.check == "project profile"]
    messages = " | ".join(p.message for p in profile)
    for expected in ("Source-Organization is missing", "Bagging-Date is missing", "Contact-Email is missing",
                     "Bag-Group-Identifier may occur once"):
        assert expected in messages, messages


def test_a_tag_file_left_out_of_the_tag_manifest_and_edited_is_reported(bag):
    manifest = bag / "tagmanifest-sha512.txt"
    manifest.write_text("".join(line for line in manifest.read_text().splitlines(keepends=True)
                                if not line.rstrip().endswith(" bag-info.txt")))
    info = bag / "bag-info.txt"
    info.write_text(info.read_text().replace("Contact-Email: ", "Contact-Email: forged."))
    problems = problems_of(bag)
    assert (f"{bag.name}/bag-info.txt", "fixity") in {(p.file, p.check) for p in problems}
    assert any("tagmanifest-sha512.txt does not list" in p.message for p in problems)


def test_a_bag_with_no_edition_is_not_a_package(tmp_path):
    folder = tmp_path / "other_bag"
    (folder).mkdir()
    (folder / "report.txt").write_text("a report\n")
    bagit.make_bag(str(folder), {"Source-Organization": "Elsewhere"}, checksums=["sha512"])
    problems = problems_of(folder)
    assert any(p.check == "reproduction" and "not a tei-roundtable package" in p.message for p in problems)
    assert any("--bagit-only" in p.message for p in problems)
    assert problems_of(folder, bagit_only=True) == []


# ----- unsafe archives --------------------------------------------------------------------------

def _zip(path: Path, entries: dict[str, bytes], symlinks: tuple[str, ...] = ()) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name)
            info.create_system = 3
            info.external_attr = (0o120777 if name in symlinks else 0o100644) << 16
            archive.writestr(info, data)
    return path


@pytest.mark.parametrize("entries, symlinks, message", [
    ({"x_v1/../../evil.txt": b"x"}, (), "unsafe path"),
    ({"/tmp/evil.txt": b"x"}, (), "unsafe path"),
    ({"x_v1/link": b"/etc/passwd"}, ("x_v1/link",), "symlink"),
    ({"x_v1/bagit.txt": b"x", "other/bagit.txt": b"x"}, (), "top-level folder"),
])
def test_unsafe_archives_are_refused_before_anything_is_unpacked(tmp_path, entries, symlinks, message):
    archive = _zip(tmp_path / "x_v1.zip", entries, symlinks)
    problems = problems_of(archive)
    assert problems and all(p.check == "archive" for p in problems)
    assert any(message in p.message for p in problems)
    assert all(p.file.startswith("x_v1.zip") for p in problems)
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path.parent / "evil.txt").exists()


def test_an_archive_that_is_not_a_bag_is_reported_without_temporary_paths(tmp_path):
    problems = problems_of(_zip(tmp_path / "x_v1.zip", {"x_v1/data/a.txt": b"x"}))
    assert [(p.file, p.check) for p in problems] == [("x_v1/bagit.txt", "structure")]
    assert "bagit.txt does not exist" in problems[0].message and ".verify-" not in problems[0].message


def test_an_archive_named_unlike_its_folder_is_refused(built, tmp_path):
    renamed = tmp_path / "renamed.zip"
    shutil.copyfile(built.archives[0], renamed)
    problems = problems_of(renamed)
    assert [(p.file, p.check, p.severity) for p in problems] == [("renamed.zip", "archive", "error")]
    assert "not to renamed/ as its name says" in problems[0].message
    # As plain BagIt the name is a warning (RFC 8493 only recommends it).
    assert [p.severity for p in problems_of(renamed, bagit_only=True)] == ["warning"]


def test_problem_reads_like_a_validation_finding():
    assert str(Problem("x_v1/data/a.txt", "fixity", "changed")) == "x_v1/data/a.txt: error [fixity] changed"


def test_a_report_that_does_not_say_valid_is_reported(bag):
    target = bag / "data" / "reports" / "validation.json"
    report = json.loads(target.read_text(encoding="utf-8"))
    report["valid"] = False
    target.write_text(json.dumps(report), encoding="utf-8")
    bagit.Bag(str(bag)).save(manifests=True)
    problems = problems_of(bag)
    assert [(p.file, p.check) for p in problems] == [(f"{bag.name}/data/reports/validation.json", "metadata"),
                                                     (f"{bag.name}/data/reports/validation.json", "reproduction")]


def test_a_report_that_breaks_its_schema_is_reported(bag):
    target = bag / "data" / "reports" / "validation.json"
    report = json.loads(target.read_text(encoding="utf-8"))
    del report["summary"]
    target.write_text(json.dumps(report), encoding="utf-8")
    bagit.Bag(str(bag)).save(manifests=True)
    problems = problems_of(bag)
    assert [(p.file, p.check) for p in problems] == [(f"{bag.name}/data/reports/validation.json", "metadata"),
                                                     (f"{bag.name}/data/reports/validation.json", "reproduction")]
    assert "'summary' is a required property" in problems[0].message


def _rezip(bag: Path, target: Path, attributes: tuple[int, int] | None) -> Path:
    """The bag as a zip of bare-named members, as many tools write them: no folder entries, and
    ``attributes`` (create_system, external_attr) or writestr()'s own defaults when None."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in bag.rglob("*") if p.is_file()):
            name = f"{bag.name}/{path.relative_to(bag).as_posix()}"
            if attributes is None:
                archive.writestr(name, path.read_bytes())
            else:
                info = zipfile.ZipInfo(name)
                info.create_system, info.external_attr = attributes
                archive.writestr(info, path.read_bytes())
    return target


# writestr() itself turns an external_attr of 0 into 0o600 << 16, a mode with no file type.
@pytest.mark.parametrize("attributes", [None, (0, 0x20), (3, 0o644 << 16)],
                         ids=["writestr-name", "ms-dos-archive-bit", "unix-mode-no-type"])
def test_zip_members_without_file_type_bits_are_files(bag, tmp_path, attributes):
    archive = _rezip(bag, tmp_path / f"{bag.name}.zip", attributes)
    assert problems_of(archive) == []


@pytest.mark.parametrize("mode", [0o010644, 0o020644, 0o140644], ids=["fifo", "device", "socket"])
def test_zip_members_whose_mode_says_special_file_are_refused(tmp_path, mode):
    with zipfile.ZipFile(tmp_path / "x_v1.zip", "w") as archive:
        info = zipfile.ZipInfo("x_v1/bagit.txt")
        info.create_system, info.external_attr = 3, mode << 16
        archive.writestr(info, b"x")
    problems = problems_of(tmp_path / "x_v1.zip")
    assert [(p.file, p.check) for p in problems] == [("x_v1.zip:x_v1/bagit.txt", "archive")]
    assert "special file" in problems[0].message


@pytest.mark.parametrize("suffix", ["zip", "tar"])
def test_large_members_are_checked_without_holding_them_in_memory(bag, tmp_path, suffix):
    size = 48 * 1024**2
    with open(bag / "data" / "txt" / "large.txt", "wb") as handle:
        handle.truncate(size)  # zeros: a small zip that unpacks to a large file
    bagit.Bag(str(bag)).save(manifests=True)
    archive = tmp_path / f"{bag.name}.{suffix}"
    if suffix == "zip":
        _rezip(bag, archive, None)
    else:
        with tarfile.open(archive, "w") as handle:
            handle.add(bag, arcname=bag.name)
    tracemalloc.start()
    try:
        problems = problems_of(archive)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # Sound as a bag; not a file the toolkit makes.
    assert [(p.file, p.check) for p in problems] == [(f"{bag.name}/data/txt/large.txt", "reproduction")]
    assert peak < size // 4, f"{peak} bytes at the peak"


def test_the_project_and_btr_profiles_are_usable_profiles():
    assert load_profile(schema_dir() / PROFILE_FILE) == project_profile()
    assert load_profile(shared_file(BTR_PROFILE))["Accept-BagIt-Version"]


@pytest.mark.parametrize("name, change", [
    ("tagmanifest-sha512.txt", lambda text: "\n" + text.replace("\n", "\n\n")),
    ("bagit.txt", lambda text: text.replace("BagIt-Version: 1.0", "BagIt-Version:  1.0")),
], ids=["tag-manifest-blank-lines", "bagit-txt-respaced"])
def test_tag_files_are_what_the_toolkit_writes(bag, name, change):
    # Found by benchmarks/fuzz.py: a tag manifest with blank lines, reordered, still passed.
    path = bag / name
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    if name != "tagmanifest-sha512.txt":
        # Keep fixity intact: only the check of the tag file's form can see it.
        manifest = bag / "tagmanifest-sha512.txt"
        import hashlib
        digest = hashlib.sha512(path.read_bytes()).hexdigest()
        manifest.write_text("".join(f"{digest} {name}\n" if line.endswith(f" {name}\n") else line
                                    for line in manifest.read_text().splitlines(keepends=True)))
    problems = problems_of(bag)
    assert (f"{bag.name}/{name}", "reproduction") in {(p.file, p.check) for p in problems}, problems
