"""Reading a bag archive: by its signature, as its own tool reads it, within limits, never a traceback."""

from __future__ import annotations

import io
import lzma
import subprocess
import tarfile
import tempfile
import zipfile
from pathlib import Path

import bagit
import pytest

from conftest import EDITION_DATA, EDITION_TEI
from package_fixtures import make_dist, unpack as trusted_unpack
from tei_roundtable._archive import Limits, unpack
from tei_roundtable.package import _timestamp, package, write_tar, write_zip
from tei_roundtable.verify import is_valid, iter_problems

STAMP = _timestamp("2000-01-01")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    work = tmp_path_factory.mktemp("archive")
    return package(EDITION_DATA, make_dist(work / "dist", EDITION_TEI), work / "out")


@pytest.fixture
def bag(built, tmp_path) -> Path:
    return trusted_unpack(built.archives[0], tmp_path / "unpacked")


@pytest.fixture(autouse=True)
def own_temp(tmp_path, monkeypatch):
    """verify's temporary folders go here, so that a test can see that none is left."""
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    yield temp
    assert list(temp.iterdir()) == [], "verify left a temporary folder"


def problems_of(path, **options):
    return list(iter_problems(path, **options))


def _tamper(bag: Path) -> None:
    tei = bag / "data" / "tei" / EDITION_TEI.name
    tei.write_text(tei.read_text(encoding="utf-8").replace("I am pleased", "I am delighted", 1), encoding="utf-8")
    bagit.Bag(str(bag)).save(manifests=True)


# ----- the format is the signature ---------------------------------------------------------------

def test_a_tar_with_the_genuine_zip_appended_is_read_as_the_tar(built, bag, tmp_path):
    # Before: zipfile found the appended zip's directory at the end and checked the genuine bag,
    # while `tar x` of the same file gives the tampered one.
    _tamper(bag)
    polyglot = tmp_path / "out" / built.archives[0].name
    polyglot.parent.mkdir()
    write_tar(bag, polyglot, STAMP)
    with open(polyglot, "ab") as handle:
        handle.write(built.archives[0].read_bytes())
    listed = subprocess.run(["tar", "tf", str(polyglot)], capture_output=True, text=True, check=True).stdout
    assert f"{bag.name}/data/tei/{EDITION_TEI.name}" in listed
    problems = problems_of(polyglot)
    assert any(p.check == "text-fidelity" for p in problems)
    assert any("named .zip but it is a tar archive" in p.message for p in problems)
    assert not is_valid(polyglot)


def test_a_tar_named_zip_is_named_as_what_it_is(bag, tmp_path):
    archive = write_tar(bag, tmp_path / f"{bag.name}.zip", STAMP)
    problems = problems_of(archive)
    assert [(p.file, p.check) for p in problems] == [(archive.name, "archive")]
    assert "named .zip but it is a tar archive" in problems[0].message


def test_an_xz_file_named_tar_is_not_read(bag, tmp_path):
    # Before: tarfile's "r:*" read any compression, whatever the name said.
    inner = write_tar(bag, tmp_path / "inner.tar", STAMP)
    archive = tmp_path / f"{bag.name}.tar"
    archive.write_bytes(lzma.compress(inner.read_bytes()))
    problems = problems_of(archive)
    assert [(p.file, p.check) for p in problems] == [(archive.name, "archive")]
    assert "xz-compressed data" in problems[0].message


def test_an_xml_file_named_zip_is_one_clear_problem(tmp_path):
    archive = tmp_path / "x_v1.zip"
    archive.write_text('<?xml version="1.0"?>\n<TEI/>\n')
    problems = problems_of(archive)
    assert [str(p) for p in problems] == [
        "x_v1.zip: error [archive] not a bag archive: it is an XML or HTML file (a bag is a .zip or .tar)"]


def test_something_prepended_to_a_zip_is_refused(built, tmp_path):
    archive = tmp_path / built.archives[0].name
    archive.write_bytes(b"#!/bin/sh\nexit 0\n" + built.archives[0].read_bytes())
    problems = problems_of(archive)
    assert [p.check for p in problems] == ["archive"]


# ----- tar as tar writes it, zip as macOS writes it ---------------------------------------------

def test_a_tar_made_with_a_dot_slash_prefix_is_accepted(bag, tmp_path):
    # Before: './NAME/…' names were refused as unsafe.
    archive = tmp_path / f"{bag.name}.tar"
    subprocess.run(["tar", "cf", str(archive), f"./{bag.name}"], cwd=bag.parent, check=True)
    assert tarfile.open(archive).getnames()[0].startswith("./")
    assert problems_of(archive) == []


def test_macos_metadata_is_reported_as_extra_not_as_an_attack(bag, tmp_path):
    archive = write_zip(bag, tmp_path / f"{bag.name}.zip", STAMP)
    with zipfile.ZipFile(archive, "a") as handle:
        handle.writestr(f"__MACOSX/{bag.name}/._bagit.txt", b"\0\5\26\7 Mac OS X resource fork")
    problems = problems_of(archive)
    assert [(p.file, p.check, p.severity) for p in problems] == [(f"{archive.name}:__MACOSX/", "completeness", "error")]
    assert "extra: macOS Finder metadata" in problems[0].message and "unsafe" not in problems[0].message
    assert [p.severity for p in problems_of(archive, bagit_only=True)] == ["warning"]


# ----- inputs that raised tracebacks ------------------------------------------------------------

def _zip_bytes(entries: dict[str, bytes], compress=zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compress) as handle:
        for name, data in entries.items():
            handle.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_name_flagged_utf8_with_invalid_bytes(tmp_path):
    # Before: UnicodeDecodeError.
    data = _zip_bytes({"x_v1/caf\u00e9.txt": b"x"})  # non-ASCII: written with the UTF-8 flag
    archive = tmp_path / "x_v1.zip"
    archive.write_bytes(data.replace("caf\u00e9".encode(), b"caf\xff\xfe"))
    problems = problems_of(archive)
    assert [(p.file, p.check) for p in problems] == [("x_v1.zip", "archive")]
    assert "flagged as UTF-8 is not UTF-8" in problems[0].message


def test_a_corrupt_deflate_stream(tmp_path):
    # Before: zlib.error.
    text = bytes(range(256)) * 64
    data = bytearray(_zip_bytes({"x_v1/bagit.txt": text}, zipfile.ZIP_DEFLATED))
    data[60:90] = b"\xff" * 30  # inside the compressed data of the one member
    archive = tmp_path / "x_v1.zip"
    archive.write_bytes(bytes(data))
    problems = problems_of(archive)
    assert [(p.file, p.check) for p in problems] == [("x_v1.zip", "archive")]
    assert "cannot be read" in problems[0].message


def test_a_latin1_tar_name(tmp_path):
    # Before: UnicodeEncodeError.
    archive = tmp_path / "x_v1.tar"
    with tarfile.open(archive, "w", format=tarfile.GNU_FORMAT, encoding="latin-1") as handle:
        info = tarfile.TarInfo("x_v1/caf\u00e9.txt")
        info.size = 1
        handle.addfile(info, io.BytesIO(b"x"))
    problems = problems_of(archive)
    assert [(p.check, p.message) for p in problems] == [("archive", "name is not UTF-8")]
    assert problems[0].file == "x_v1.tar:x_v1/caf\\udce9.txt"


def test_1500_nested_folders_in_an_archive(tmp_path):
    # Before: RecursionError, leaving up to 2,000 folders in the temporary directory.
    archive = tmp_path / "x_v1.zip"
    archive.write_bytes(_zip_bytes({"x_v1/" + "a/" * 1500 + "f.txt": b"x"}))
    problems = problems_of(archive)
    assert [p.check for p in problems] == ["archive"]
    assert "1501 folders deep, more than the 32 allowed" in problems[0].message


def test_a_bag_folder_nested_too_deep(tmp_path):
    folder = tmp_path / "deep"
    (folder / "data" / Path(*["a"] * 40)).mkdir(parents=True)
    problems = problems_of(folder)
    assert [p.check for p in problems] == ["files"] and "folders deep" in problems[0].message


def test_a_payload_oxum_that_is_not_a_number(bag):
    # Before: ValueError.
    the_bag = bagit.Bag(str(bag))
    the_bag.info["Payload-Oxum"] = "lots"
    the_bag.save()
    problems = problems_of(bag)
    assert (f"{bag.name}/bag-info.txt", "completeness") in {(p.file, p.check) for p in problems}
    assert any("Payload-Oxum is 'lots'" in p.message for p in problems)


# ----- limits, checked before anything is written ------------------------------------------------

def test_declared_size_over_the_limit_writes_nothing(built, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    result = unpack(built.archives[0], work, Limits(max_bytes=1000))
    assert result.bag_dir is None and "more than 1000 bytes" in result.refusals[0].message
    assert list(work.iterdir()) == []


def test_a_tar_declaring_3_5_gib_is_refused_from_its_header(tmp_path):
    # Before: unpacked to disk (3.5 GB written) before bagit.txt was looked for.
    archive = tmp_path / "x_v1.tar"
    header = tarfile.TarInfo("x_v1/data/big.bin")
    header.size = 3_584 * 1024**2
    archive.write_bytes(header.tobuf(tarfile.GNU_FORMAT) + b"\0" * 10240)
    problems = problems_of(archive)
    assert [p.check for p in problems] == ["archive"] and "more than" in problems[0].message


def test_more_entries_than_allowed_are_refused_from_the_headers(tmp_path):
    archive = tmp_path / "x_v1.zip"
    archive.write_bytes(_zip_bytes({f"x_v1/data/{i}.txt": b"" for i in range(10_001)}))
    problems = problems_of(archive)
    assert [p.check for p in problems] == ["archive"]
    assert "more than 10000 entries" in problems[0].message


def test_a_member_longer_than_declared_cannot_pass_the_cap(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    archive = tmp_path / "x_v1.tar"
    with tarfile.open(archive, "w") as handle:
        info = tarfile.TarInfo("x_v1/data/a.txt")
        info.size = 5000
        handle.addfile(info, io.BytesIO(b"y" * 5000))
    result = unpack(archive, work, Limits(max_bytes=4000))
    assert result.bag_dir is None


def test_a_sparse_tar_is_refused_from_its_header(tmp_path):
    # Before: a 3.5 GiB sparse member was unpacked to disk (3.5 GB written).
    big = 3_584 * 1024**2
    info = tarfile.TarInfo("x_v1/data/GNUSparseFile.0/big.bin")
    data = f"1\n{big - 512}\n512\n".encode().ljust(512, b"\0") + b"x" * 512
    info.size = len(data)
    info.pax_headers = {"GNU.sparse.major": "1", "GNU.sparse.minor": "0", "GNU.sparse.name": "x_v1/data/big.bin",
                        "GNU.sparse.realsize": str(big)}
    archive = tmp_path / "x_v1.tar"
    with tarfile.open(archive, "w", format=tarfile.PAX_FORMAT) as handle:
        handle.addfile(info, io.BytesIO(data))
    problems = problems_of(archive)
    assert [(p.file, p.check, p.message) for p in problems] == [
        ("x_v1.tar:x_v1/data/big.bin", "archive", "a sparse file; bags hold only files and folders")]


def test_a_zip_declaring_3_5_gib_is_refused_from_its_directory(tmp_path):
    # Before: unpacked to disk (13-21 s, 3.5 GB written) before bagit.txt was looked for.
    data = bytearray(_zip_bytes({"x_v1/data/big.bin": b"0123456789"}))
    central = data.index(b"PK\x01\x02")
    data[central + 24:central + 28] = (3_584 * 1024**2).to_bytes(4, "little")  # uncompressed size
    archive = tmp_path / "x_v1.zip"
    archive.write_bytes(bytes(data))
    problems = problems_of(archive)
    assert [p.check for p in problems] == ["archive"] and "would unpack to more than" in problems[0].message


@pytest.mark.parametrize("make", [
    lambda path: path.symlink_to("/etc/passwd"), lambda path: __import__("os").mkfifo(path),
], ids=["link-out-of-the-bag", "fifo"])
def test_a_bag_folder_with_a_link_or_fifo_is_refused_before_bagit_reads_it(bag, make):
    # bagit would follow the link, and wait forever on the FIFO.
    make(bag / "data" / "txt" / "odd.txt")
    problems = problems_of(bag)
    assert [(p.file, p.check) for p in problems] == [(f"{bag.name}/data/txt/odd.txt", "files")]
