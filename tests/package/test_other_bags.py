"""Valid bags made by other tools: sound with ``--bagit-only --profile BTR``, never tei-roundtable packages.

The bags are written here with the bagit library, shaped like the samples other tools deposit:
a DSpace replication bag (md5 manifests, BagIt 0.97, METS and bitstreams, zipped) and bags like
the BTR profile's good samples (every recommended BTR tag, sha256, tar and tar.gz).
"""

from __future__ import annotations

import tarfile
import zipfile
from pathlib import Path

import bagit
import pytest
from click.testing import CliRunner

from conftest import shared_file
from package_fixtures import BTR_PROFILE
from tei_roundtable.cli import main
from tei_roundtable.verify import iter_problems

BTR_ID = "https://github.com/dpscollaborative/btr_bagit_profile/releases/download/1.0/btr-bagit-profile.json"


def _dspace_bag(root: Path) -> Path:
    folder = root / "ITEM@123456789-42"
    (folder / "bitstreams").mkdir(parents=True)
    (folder / "mets.xml").write_text('<?xml version="1.0"?>\n<mets xmlns="http://www.loc.gov/METS/"/>\n')
    (folder / "bitstreams" / "thesis.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    (folder / "bitstreams" / "license.txt").write_text("Deposit licence.\n")
    bagit.make_bag(str(folder), {
        "Source-Organization": "Example University Library", "Bagging-Date": "2024-03-05",
        "External-Identifier": "hdl:123456789/42", "BagIt-Profile-Identifier": BTR_ID,
        "Bag-Software-Agent": "DSpace Replication Task Suite", "Bag-Count": "1 of 1",
    }, checksums=["md5"])
    return folder


def _btr_sample_bag(root: Path) -> Path:
    folder = root / "btr_sample_good"
    (folder / "images").mkdir(parents=True)
    (folder / "images" / "IMG 0001.tif").write_bytes(b"II*\0" + bytes(200))
    (folder / "README").write_text("Sample payload with a space in a file name and no extension.\n")
    bagit.make_bag(str(folder), {
        "Source-Organization": "Beyond the Repository", "Organization-Address": "1 Main St",
        "Contact-Name": "A. Archivist", "Contact-Phone": "+1 555 0100", "Contact-Email": "a@example.org",
        "External-Description": "A good sample bag", "External-Identifier": "btr-sample-1",
        "Bag-Group-Identifier": "btr-samples", "Bag-Count": "1 of 1", "Bag-Size": "1 KB",
        "Internal-Sender-Identifier": "sample-1", "Internal-Sender-Description": "Sample",
        "Payload-Identifier": "sample-payload", "Bag-Producing-Organization": "BTR",
        "BagIt-Profile-Identifier": BTR_ID,
    }, checksums=["sha256", "md5"])
    return folder


def _zip(folder: Path) -> Path:
    archive = folder.with_name(folder.name + ".zip")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        for path in sorted(folder.rglob("*")):
            handle.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
    return archive


def _tar(folder: Path, mode: str = "w", suffix: str = ".tar") -> Path:
    archive = folder.with_name(folder.name + suffix)
    with tarfile.open(archive, mode) as handle:
        handle.add(folder, folder.name)
    return archive


@pytest.fixture(params=["dspace-folder", "dspace-zip", "btr-folder", "btr-tar", "btr-tar-gz"])
def other_bag(request, tmp_path) -> Path:
    kind, _, serialised = request.param.partition("-")
    folder = (_dspace_bag if kind == "dspace" else _btr_sample_bag)(tmp_path)
    return {"folder": folder, "zip": _zip(folder) if serialised == "zip" else None,
            "tar": _tar(folder) if serialised == "tar" else None,
            "tar-gz": _tar(folder, "w:gz", ".tar.gz") if serialised == "tar-gz" else None}[serialised]


def test_another_tools_bag_is_sound_as_bagit_with_the_btr_profile(other_bag):
    assert list(iter_problems(other_bag, [shared_file(BTR_PROFILE)], bagit_only=True)) == []


def test_the_command_says_the_content_was_not_rebuilt(other_bag):
    result = CliRunner().invoke(main, ["verify", "--bagit-only", "--profile", str(shared_file(BTR_PROFILE)),
                                       str(other_bag)])
    assert result.exit_code == 0, result.output
    assert "sound (as plain BagIt" in result.stdout and "content not rebuilt" in result.stdout


def test_another_tools_bag_is_not_a_tei_roundtable_package(other_bag):
    problems = list(iter_problems(other_bag))
    assert any("not a tei-roundtable package" in p.message and "--bagit-only" in p.message for p in problems)
    result = CliRunner().invoke(main, ["verify", str(other_bag)])
    assert result.exit_code == 1


def test_a_plain_bag_failing_the_btr_profile_names_every_tag(tmp_path):
    folder = tmp_path / "bare"
    folder.mkdir()
    (folder / "a.txt").write_text("a\n")
    bag = bagit.make_bag(str(folder), {}, checksums=["sha256"])
    del bag.info["Bagging-Date"]
    bag.save()
    problems = list(iter_problems(folder, [shared_file(BTR_PROFILE)], bagit_only=True))
    messages = [p.message for p in problems]
    assert "required tag BagIt-Profile-Identifier is missing" in messages
    assert "required tag Source-Organization is missing" in messages
    assert "required tag Bagging-Date is missing" in messages
