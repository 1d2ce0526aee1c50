"""The bag is made by ``bagit`` in this process: the working directory stays where it was, even
when bagit fails half-way or the directory has been removed, and a failure is one message."""

from __future__ import annotations

import os
import subprocess

import bagit
import pytest

from tei_roundtable.errors import TeiRoundtableError
from tei_roundtable.package import _entries, make_bag

FILES = {"data/tei/a.xml": b"<?xml version='1.0'?><a/>\n", "data/txt/a.txt": b"text\n"}
INFO = {"Source-Organization": "Test", "Bagging-Date": "2007-11-15"}


@pytest.fixture
def no_child_process(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError(f"a child process was started: {args}")
    monkeypatch.setattr(subprocess, "run", refuse)
    monkeypatch.setattr(subprocess, "Popen", refuse)


def test_bag_is_made_in_process_and_valid(tmp_path, no_child_process):
    cwd = os.getcwd()
    bag_dir = make_bag(FILES, INFO, tmp_path / "bag")
    assert os.getcwd() == cwd
    bag = bagit.Bag(str(bag_dir))
    bag.validate()
    assert (bag_dir / "bagit.txt").read_text().startswith("BagIt-Version: 1.0\n")
    assert bag.info["Payload-Oxum"] == f"{sum(map(len, FILES.values()))}.{len(FILES)}"


def test_working_directory_is_restored_when_bagit_fails(tmp_path, monkeypatch, capfd):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    def failing_save(self, *args, **kwargs):
        os.chdir(elsewhere)  # as Bag.save does, which does not change back when it fails
        bagit.LOGGER.error("Unable to write to the following directories and files: x")
        raise bagit.BagError("Missing permissions to move all files and directories")

    monkeypatch.setattr(bagit.Bag, "save", failing_save)
    cwd = os.getcwd()
    with pytest.raises(TeiRoundtableError) as caught:
        make_bag(FILES, INFO, tmp_path / "bag")
    assert os.getcwd() == cwd
    assert str(caught.value) == (
        f"bagit could not make the bag in {(tmp_path / 'bag').resolve()}: Unable to write to the following "
        "directories and files: x; Missing permissions to move all files and directories")
    assert capfd.readouterr().err == ""  # bagit's log records went into the message, not to stderr
    assert not bagit.LOGGER.handlers


def test_a_removed_working_directory_is_returned_to(tmp_path):
    gone = tmp_path / "gone"
    gone.mkdir()
    cwd = os.getcwd()
    try:
        os.chdir(gone)
        inode = os.stat(".").st_ino
        gone.rmdir()
        make_bag(FILES, INFO, tmp_path / "bag")
        assert os.stat(".").st_ino == inode
    finally:
        os.chdir(cwd)
    bagit.Bag(str(tmp_path / "bag")).validate()


def test_a_bags_entries_are_listed_as_rglob_lists_them(tmp_path):
    """The zip's and tar's entries (``_entries``, one os.walk): every folder and file that
    ``Path.rglob`` finds, folders ending in '/', a link to a folder listed as a folder and not
    followed, sorted by their path's parts."""
    bag = tmp_path / "b_v1"
    for path in ("data/tei/source/x.md", "data/tei/x.xml", "data/a-b/c.txt", "data/a/c.txt", "bagit.txt"):
        (bag / path).parent.mkdir(parents=True, exist_ok=True)
        (bag / path).write_text("x")
    (bag / "data" / "empty").mkdir()
    (bag / "data" / "linked").symlink_to(bag / "data" / "tei")
    (bag / "data" / "link.txt").symlink_to(bag / "bagit.txt")

    former = [(bag.name + "/", bag)]
    for path in bag.rglob("*"):
        rel = f"{bag.name}/{path.relative_to(bag).as_posix()}"
        former.append((rel + "/" if path.is_dir() else rel, path))
    former.sort(key=lambda item: item[0].rstrip("/").split("/"))
    assert _entries(bag) == former
    assert ("b_v1/data/linked/", bag / "data" / "linked") in former
    assert not any(name.startswith("b_v1/data/linked/x") for name, _ in former)
