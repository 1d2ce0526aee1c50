"""How every command writes its outputs: special files, symlinks, outputs that are inputs, paths
that cannot be written, all-or-nothing rendering (see the docstring of tei_roundtable._io)."""

from __future__ import annotations

import errno
import os
import re
import shutil
import socket
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EDITION_DATA, EDITION_ID, EDITION_TEI, REPO
from tei_roundtable import _io
from tei_roundtable.cli import main
from tei_roundtable.encode import encode
from tei_roundtable.errors import OutputError
from tei_roundtable.render import render as render_api

FIXTURES = REPO / "tests" / "encode" / "fixtures"

# A well-formed TEI from another project: render cannot use it (no ids, version, identifier …).
OTHER_TEI = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>A letter</title></titleStmt>
      <publicationStmt><p>Unpublished</p></publicationStmt>
      <sourceDesc><p>Born digital</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <text>
    <body>
      <div><sp who="#a"><speaker>A</speaker><p>Hello <choice><sic>wrold</sic><corr>world</corr></choice>.</p></sp>
      <note xml:id="n1" type="correction" target="#x">A note</note></div>
    </body>
  </text>
</TEI>
"""


def run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(arg) for arg in args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.output


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """The invented seminar (transcript, edition data) and its TEI, same.xml."""
    shutil.copy(FIXTURES / "seminar.md", tmp_path / "seminar.md")
    shutil.copy(FIXTURES / "seminar.yaml", tmp_path / "seminar.yaml")
    (tmp_path / "same.xml").write_bytes(encode(tmp_path / "seminar.md", tmp_path / "seminar.yaml"))
    return tmp_path


def listing(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


# ---------------------------------------------------------------------------------------------
# special files and symlinks


def test_a_fifo_output_is_written_to_not_replaced(work):
    fifo = work / "out.fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # so that the writer does not wait for one
    try:
        code, output = run("encode", "-e", work / "seminar.yaml", "-o", fifo)
        assert code == 0, output
        received = b""
        while chunk := os.read(reader, 65536):
            received += chunk
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the fifo was replaced"
    assert received == (work / "same.xml").read_bytes()


def test_a_socket_output_is_a_usage_error(work):
    path = work / "out.sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        code, output = run("corrections", work / "same.xml", "-o", path)
    assert code == 2
    assert "'-o' / '--output'" in output and f"cannot write {path}: it is a socket, not a file" in output
    assert stat.S_ISSOCK(os.lstat(path).st_mode)


def test_a_symlink_output_replaces_the_file_it_points_to(work):
    (work / "lists").mkdir()
    target = work / "lists" / "decisions.txt"
    target.write_text("old list\n")
    link = work / "decisions.txt"
    link.symlink_to(Path("lists") / "decisions.txt")
    code, output = run("corrections", work / "same.xml", "-o", link)
    assert code == 0, output
    assert link.is_symlink() and os.readlink(link) == os.path.join("lists", "decisions.txt")
    assert target.read_text().startswith("Editorial decisions")
    assert listing(work / "lists") == ["decisions.txt"]  # the temporary file was made beside the target


def test_a_dangling_symlink_output_creates_the_file_it_points_to(work):
    link = work / "link.xml"
    link.symlink_to("made.xml")
    code, output = run("encode", "-e", work / "seminar.yaml", "-o", link)
    assert code == 0, output
    assert link.is_symlink()
    assert (work / "made.xml").read_bytes() == (work / "same.xml").read_bytes()


def test_a_replaced_file_keeps_its_permissions_and_a_new_one_is_0644(work):
    private = work / "private.txt"
    private.write_text("old list\n")
    private.chmod(0o600)
    assert run("corrections", work / "same.xml", "-o", private)[0] == 0
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert private.read_text().startswith("Editorial decisions")
    assert run("corrections", work / "same.xml", "-o", work / "new.txt")[0] == 0
    assert stat.S_IMODE((work / "new.txt").stat().st_mode) == 0o644


# ---------------------------------------------------------------------------------------------
# an output that is an input


def _project_copy(root: Path) -> Path:
    shutil.copytree(REPO / "tei", root / "tei")
    return root / "tei" / f"{EDITION_ID}.yaml"


@pytest.mark.parametrize("args, victim, role", [
    (["encode", "-e", "seminar.yaml", "-o", "seminar.md"], "seminar.md", "transcript"),
    (["encode", "seminar.md", "-e", "seminar.yaml", "-o", "seminar.yaml"], "seminar.yaml", "edition data"),
    (["validate", "same.xml", "-o", "same.xml"], "same.xml", "input"),
    (["validate", "seminar.md", "same.xml", "-o", "./same.xml"], "same.xml", "input"),
    (["corrections", "same.xml", "-o", "same.xml"], "same.xml", "TEI"),
    (["corrections", "same.xml", "-o", "hard.xml"], "same.xml", "TEI"),
    (["corrections", "same.xml", "-o", "soft.xml"], "same.xml", "TEI"),
], ids=["encode-transcript", "encode-data", "validate", "validate-second", "corrections", "hard-link", "symlink"])
def test_an_output_that_is_an_input_is_a_usage_error(work, monkeypatch, args, victim, role):
    os.link(work / "same.xml", work / "hard.xml")
    (work / "soft.xml").symlink_to("same.xml")
    before = {path.name: path.read_bytes() for path in work.iterdir()}
    monkeypatch.chdir(work)
    code, output = run(*args)
    assert code == 2, output
    assert "'-o' / '--output'" in output
    assert re.search(rf"is the {role} (\S*/)?{re.escape(victim)}; writing it would destroy the input", output)
    assert {path.name: path.read_bytes() for path in work.iterdir()} == before


@pytest.mark.parametrize("victim, role", [
    (f"source/{EDITION_ID}.md", "source transcript"),
    (f"{EDITION_ID}.yaml", "edition data"),
])
def test_validate_does_not_overwrite_what_it_reads(tmp_path, monkeypatch, victim, role):
    # Not only the TEI files named: the transcript the header names and the data beside it.
    folder = _project_copy(tmp_path).parent
    before = (folder / victim).read_bytes()
    monkeypatch.chdir(folder)
    code, output = run("validate", f"{EDITION_ID}.xml", "-o", victim)
    assert code == 2, output
    assert re.search(rf"is the {role} (\S*/)?{re.escape(victim)}; writing it would destroy the input", output)
    assert (folder / victim).read_bytes() == before


def test_files_read_names_the_schemas_the_transcript_and_the_data():
    from tei_roundtable.validate import files_read, schemas

    found = dict((str(path), role) for role, path in files_read(EDITION_TEI))
    assert {str(path) for path in schemas()} <= set(found)
    assert found[str((REPO / "tei" / "source" / f"{EDITION_ID}.md").resolve())] == "source transcript"
    assert found[str(EDITION_DATA)] == "edition data"


@pytest.mark.parametrize("out", [".", "tei", "tei/source", "tei/.."])
def test_build_does_not_write_among_the_edition_inputs(tmp_path, monkeypatch, out):
    # build writes tei/, schema/, html/, txt/ and archives into --out: never over or among the
    # edition data and the transcript.
    _project_copy(tmp_path)
    before = listing(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, output = run("build", "--out", out)
    assert code == 2, output
    assert "Invalid value for '-o' / '--output' / '--out'" in output and "choose a folder of its own" in output
    assert listing(tmp_path) == before


def test_build_without_contact_email_stops_before_writing(tmp_path, monkeypatch):
    # The package needs it; build says so before it writes the TEI, HTML and text, not after.
    data = _project_copy(tmp_path)
    text = data.read_text(encoding="utf-8")
    data.write_text("".join(line for line in text.splitlines(keepends=True)
                            if not line.startswith("  contact_email:")), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, output = run("build", "--out", "dist")
    assert code == 1, output
    assert "no contact_email" in output
    assert not (tmp_path / "dist").exists()


def test_a_citation_onto_the_tei_is_a_usage_error(tmp_path):
    edition = _project_copy(tmp_path)
    tei = edition.parent / f"{EDITION_ID}.xml"
    code, output = run("package", "--edition", edition, "--citation", tei)
    assert code == 2, output
    assert "'--citation'" in output and f"is the TEI {tei}" in output
    assert tei.read_bytes() == EDITION_TEI.read_bytes()


# ---------------------------------------------------------------------------------------------
# paths that cannot be written


@pytest.mark.parametrize("args, option, message", [
    (["encode", "-e", "seminar.yaml", "-o", ""], "'-o' / '--output'", "empty path; name a file"),
    (["render", "same.xml", "--out", ""], "'-o' / '--output' / '--out'", "empty path; name a folder"),
    (["encode", "-e", "seminar.yaml", "-o", "same.xml/x.xml"], "'-o' / '--output'", "same.xml is a file, not a folder"),
    (["corrections", "same.xml", "-o", "a/f.txt/b/c.txt"], "'-o' / '--output'", "a/f.txt is a file, not a folder"),
    (["package", "-e", "seminar.yaml", "--citation", "same.xml/CITATION.cff"], "'--citation'", "is a file, not a folder"),
    (["render", "same.xml", "--out", "same.xml/out"], "'-o' / '--output' / '--out'", "same.xml is a file, not a folder"),
    (["render", "same.xml", "-o", "out.fifo"], "'-o' / '--output' / '--out'", "it is a pipe (FIFO), not a folder"),
], ids=["encode-empty", "render-empty", "encode-under-a-file", "corrections-deep", "citation", "render-under-a-file",
        "render-fifo"])
def test_an_impossible_output_path_is_a_usage_error(work, monkeypatch, args, option, message):
    (work / "a").mkdir()
    (work / "a" / "f.txt").write_text("a file\n")
    os.mkfifo(work / "out.fifo")
    before = listing(work)
    monkeypatch.chdir(work)
    code, output = run(*args)
    assert code == 2, output
    assert f"Invalid value for {option}" in output and message in output
    assert listing(work) == before


def _no_proc() -> bool:
    return not Path("/proc/self").is_dir()


@pytest.mark.skipif(_no_proc(), reason="needs Linux's /proc, where no file can be made")
@pytest.mark.parametrize("args, path", [
    (["encode", "-e", "{work}/seminar.yaml", "-o", "/proc/x.xml"], "/proc/x.xml"),
    (["corrections", "{work}/same.xml", "-o", "/proc/c.txt"], "/proc/c.txt"),
    (["package", "-e", str(EDITION_DATA), "--citation", "/proc/x.cff"], "/proc/x.cff"),
    (["render", str(EDITION_TEI), "--out", "/proc/rendx"], "/proc/rendx/html/index.html"),
], ids=["encode", "corrections", "citation", "render"])
def test_a_failure_to_write_is_a_located_error(work, args, path):
    code, output = run(*(arg.format(work=work) for arg in args))
    assert code == 1, output
    assert f"{path}: error: cannot write: " in output and "  hint: " in output


def test_a_write_failure_leaves_no_file_and_no_new_folder(work, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    (work / "keep.xml").write_bytes(b"previous")
    before = listing(work)
    monkeypatch.setattr(os, "replace", full)
    for out in (work / "new" / "deeper" / "x.xml", work / "keep.xml"):
        code, output = run("encode", "-e", work / "seminar.yaml", "-o", out)
        assert code == 1, output
        assert f"{out}: error: cannot write: No space left on device" in output
        assert "hint: free some space" in output
    assert listing(work) == before and (work / "keep.xml").read_bytes() == b"previous"


def test_an_error_of_the_block_is_not_blamed_on_the_output(tmp_path):
    with pytest.raises(FileNotFoundError):
        with _io.atomic_writer(tmp_path / "out.bin") as handle:
            handle.write((tmp_path / "missing.bin").read_bytes())
    assert listing(tmp_path) == []


def test_refused_outputs_raise_output_error_from_the_api(tmp_path):
    os.mkfifo(tmp_path / "p")
    with pytest.raises(OutputError, match="it is a folder, not a file"):
        _io.write_bytes(tmp_path, b"x")
    with pytest.raises(OutputError, match=r"it is a pipe \(FIFO\), not a file"):
        _io.write_files({tmp_path / "p": b"x"})


# ---------------------------------------------------------------------------------------------
# render: all or nothing, and its problem lines


def test_render_writes_nothing_when_a_target_is_a_folder(tmp_path):
    out = tmp_path / "rend"
    (out / "txt" / f"{EDITION_ID}.txt").mkdir(parents=True)
    code, output = run("render", EDITION_TEI, "--out", out)
    assert code == 1, output
    assert f"{out}/txt/{EDITION_ID}.txt: error: cannot write here: it is a folder, not a file" in output
    assert listing(out) == ["txt", f"txt/{EDITION_ID}.txt"]


def test_render_writes_nothing_when_a_later_file_fails(tmp_path, monkeypatch):
    real = os.open
    made = []

    def third_fails(path, *args, **kwargs):  # the third file written (in a temporary folder) cannot be made
        if ".tmp" in str(path):
            made.append(1)
            if len(made) == 3:
                raise OSError(errno.EACCES, os.strerror(errno.EACCES), path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(_io.os, "open", third_fails)
    code, output = run("render", EDITION_TEI, "--out", tmp_path / "a" / "b")
    assert code == 1, output
    assert "-diplomatic.txt: error: cannot write: Permission denied" in output
    assert listing(tmp_path) == []


def test_render_refuses_to_overwrite_the_tei(tmp_path):
    tei = tmp_path / "txt" / f"{EDITION_ID}.txt"
    tei.parent.mkdir()
    shutil.copyfile(EDITION_TEI, tei)
    code, output = run("render", tei, "--out", tmp_path)
    assert code == 2, output  # an output that is an input, like every command's
    assert "Invalid value for '-o' / '--output' / '--out'" in output and "writing it would destroy the input" in output
    assert tei.read_bytes() == EDITION_TEI.read_bytes() and listing(tmp_path) == ["txt", f"txt/{EDITION_ID}.txt"]
    # The API refuses it too, after rendering and before writing.
    with pytest.raises(OutputError, match="it is the TEI being rendered"):
        render_api(tei, tmp_path)
    assert listing(tmp_path) == ["txt", f"txt/{EDITION_ID}.txt"]


def test_render_problem_lines_read_like_every_other_error(tmp_path):
    tei = tmp_path / "other.xml"
    tei.write_text(OTHER_TEI, encoding="utf-8")
    code, output = run("render", tei, "--out", tmp_path / "out")
    assert code == 1
    lines = output.splitlines()
    problems = [line for line in lines if line.startswith(f"{tei}:")]
    # (a turn and paragraph without xml:id are no problem: this TEI declares no citation
    # references, and they render without one)
    assert len(problems) == 4
    assert all(f"{tei}:{n}: error: " in line for n, line in zip((4, 6, 12, 13), problems))
    hints = [line for line in lines if line.startswith("  hint: ")]
    assert hints == [f"  hint: render needs a TEI as `tei-roundtable encode` makes it; "
                     f"`tei-roundtable validate {tei}` lists everything this one lacks"]
    assert lines.index(hints[0]) == lines.index(problems[-1]) + 1
    assert not (tmp_path / "out").exists()
