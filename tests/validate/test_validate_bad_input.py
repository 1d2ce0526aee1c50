"""Bad input through the command line: every case ends in a located, rule-identified finding,
exit code 1 and no traceback; nothing is fetched and nothing expands."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from tei_roundtable import _xml
from tei_roundtable.cli import main
from validate_cases import MINIMAL, RULES, big_document


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["validate", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stdout, result.stderr


def one_finding(path: Path) -> dict:
    code, out, err = run("--format", "json", str(path))
    assert code == 1
    assert "Traceback" not in out + err
    report = json.loads(out)
    (finding,) = report["findings"]
    assert report["valid"] is False
    return finding


def test_malformed_xml_is_located() -> None:
    finding = one_finding(RULES / "xml-wellformed" / "fail.xml")
    assert finding["rule"] == "xml-wellformed"
    assert finding["line"] > 1 and finding["column"] > 1
    assert "speakr" in finding["message"] or "mismatch" in finding["message"].lower()


def test_wrong_namespace_and_foreign_root() -> None:
    for name in ("fail-namespace.xml", "fail-root.xml"):
        finding = one_finding(RULES / "tei-root" / name)
        assert finding["rule"] == "tei-root"
        assert "http://www.tei-c.org/ns/1.0" in finding["message"]


def test_external_entity_is_refused_and_nothing_is_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    doc = tmp_path / "xxe.xml"
    doc.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&xxe;</p></body></text></TEI>\n'
    )
    code, out, err = run(str(doc))
    assert code == 1
    assert "TOP-SECRET-CONTENT" not in out + err
    assert f"{doc}:2:1: error [xml-doctype]" in out
    assert "Traceback" not in out + err


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_doctype_in_a_wide_encoding_is_refused(tmp_path: Path, encoding: str) -> None:
    # "<!DOCTYPE" in UTF-16 or UTF-32 is not the ASCII bytes a byte scan looks for.
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    text = (f'<?xml version="1.0" encoding="{encoding.upper()}"?>\n'
            f'<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
            '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&xxe;</p></body></text></TEI>\n')
    doc = tmp_path / "wide.xml"
    doc.write_bytes(("\ufeff" if encoding.endswith("-be") else "").encode(encoding) + text.encode(encoding))
    code, out, err = run(str(doc))
    assert code == 1
    assert "TOP-SECRET-CONTENT" not in out + err
    assert f"{doc}:2:1: error [xml-doctype]" in out
    assert "Traceback" not in out + err


def test_a_doctype_the_scan_missed_is_refused_after_parsing() -> None:
    # The backstop behind the byte scan, for an encoding it cannot read: what libxml2 parsed as a
    # DOCTYPE (entities unexpanded: the parser resolves none) is refused all the same.
    data = b'<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY a "x">]>\n<TEI>&a;</TEI>'
    tree = etree.fromstring(data, _xml._parser()).getroottree()
    with pytest.raises(_xml.XMLError) as caught:
        _xml._refuse_parsed_doctype(tree, data, "scan-missed.xml")
    assert caught.value.rule == "xml-doctype"
    assert str(caught.value.location) == "scan-missed.xml:2:1"
    clean = etree.fromstring(b"<TEI/>", _xml._parser()).getroottree()
    assert _xml._refuse_parsed_doctype(clean, b"<TEI/>", "clean.xml") is None


def test_network_entity_is_refused(tmp_path: Path) -> None:
    doc = tmp_path / "net.xml"
    doc.write_text('<?xml version="1.0"?>\n<!DOCTYPE TEI SYSTEM "http://127.0.0.1:9/tei.dtd">\n<TEI/>\n')
    finding = one_finding(doc)
    assert finding["rule"] == "xml-doctype" and finding["line"] == 2


def test_entity_bomb_is_refused_without_expanding() -> None:
    path = RULES / "xml-doctype" / "fail-bomb.xml"
    finding = one_finding(path)
    assert finding["rule"] == "xml-doctype"
    assert len(json.dumps(finding)) < 1000


def test_undeclared_entity_without_doctype(tmp_path: Path) -> None:
    doc = tmp_path / "entity.xml"
    doc.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<p>&lol;</p></TEI>\n')
    finding = one_finding(doc)
    assert finding["rule"] == "xml-wellformed" and finding["line"] == 2


def test_empty_file(tmp_path: Path) -> None:
    doc = tmp_path / "empty.xml"
    doc.write_bytes(b"")
    finding = one_finding(doc)
    assert finding["rule"] == "xml-wellformed" and "empty" in finding["message"]


def test_binary_file(tmp_path: Path) -> None:
    doc = tmp_path / "binary.xml"
    doc.write_bytes(bytes(range(256)) * 8)
    finding = one_finding(doc)
    assert finding["rule"] == "xml-wellformed" and "binary" in finding["message"]


def test_missing_file_and_directory(tmp_path: Path) -> None:
    # On the command line a path that does not exist, or a folder, is a usage error (exit 2) in
    # every command (tests/test_exit_codes.py); the API reports them as findings.
    from tei_roundtable import validate

    for path in (tmp_path / "missing.xml", tmp_path):
        code, out, err = run(str(path))
        assert code == 2 and "Traceback" not in out + err
        assert [f.rule for f in validate.iter_findings(path)] == ["file-read"]


def test_all_files_are_checked_before_exiting(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    code, out, err = run("--format", "json", str(empty), str(MINIMAL), str(RULES / "tei-root" / "fail-root.xml"))
    assert code == 1
    report = json.loads(out)
    assert [f["file"] for f in report["files"]] == [str(empty), str(MINIMAL), str(RULES / "tei-root" / "fail-root.xml")]
    assert [f["valid"] for f in report["files"]] == [False, True, False]


def test_huge_text_node_is_refused_cleanly(tmp_path: Path) -> None:
    # libxml2's limit on one text node (10 MB) stays on: such a document is refused, located.
    doc = tmp_path / "huge.xml"
    doc.write_bytes(b'<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<p>' + b"lol " * 3_000_000 + b"</p></TEI>\n")
    finding = one_finding(doc)
    assert finding["rule"] == "xml-wellformed" and finding["line"] == 2


_MEASURE = """
import resource, sys
from tei_roundtable.cli import main
try:
    main(["validate", "--format", "json", "-o", sys.argv[2], sys.argv[1]])
except SystemExit as exc:
    code = exc.code
# The high-water mark of this program's own memory: /proc's VmHWM, which exec starts again. Not
# ru_maxrss, which keeps the resident size of the process this one was forked from (pytest's,
# some 700 MiB late in a run), so that the test failed or passed by the order of the tests.
try:
    with open("/proc/self/status") as status:
        peak = int(status.read().split("VmHWM:")[1].split()[0])
except (OSError, IndexError):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print("MAXRSS-KB", peak, file=sys.stderr)
sys.exit(code)
"""


@pytest.mark.slow
def test_50_megabyte_document_works_in_bounded_memory(tmp_path: Path) -> None:
    path = big_document(tmp_path, 50 * 1024 * 1024)
    size = path.stat().st_size
    assert size >= 45 * 1024 * 1024
    report_path = tmp_path / "report.json"
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(path), str(report_path)],
                          capture_output=True, text=True, timeout=900)
    assert "Traceback" not in done.stdout + done.stderr
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(report_path.read_text())
    assert report["findings"] == []
    peak = int(done.stderr.split("MAXRSS-KB")[1].split()[0]) * 1024
    # Linear in the file's size: the parsed tree and the source text, with the readings compared
    # as streams of words — measured about 10 times the size (24 times before streaming).
    assert peak < 14 * size, f"peak memory {peak / 2**20:.0f} MiB for a {size / 2**20:.0f} MiB file"


# ----- the source transcript the header names ----------------------------------------------------

SECRET = "TOP-SECRET-CONTENT of a file outside the edition"


def _edition_naming(tmp_path: Path, named: str) -> tuple[Path, int, int]:
    """A copy of the minimal edition in tmp_path/ed/ (its transcript and edition data beside it)
    whose header names ``named`` as its source, a secret file in tmp_path, and the idno's line
    and column."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    folder = tmp_path / "ed"
    (folder / "source").mkdir(parents=True)
    shutil.copy(MINIMAL.with_name("minimal.md"), folder / "source" / "minimal.md")
    shutil.copy(MINIMAL.with_suffix(".yaml"), folder / "doc.yaml")
    text = MINIMAL.read_text(encoding="utf-8")
    tag = '<idno type="file">'
    assert text.count(tag + "minimal.md<") == 1
    text = text.replace(tag + "minimal.md<", tag + named.replace("&", "&amp;").replace("<", "&lt;") + "<")
    before = text[:text.index(tag)]
    doc = folder / "doc.xml"
    doc.write_text(text, encoding="utf-8")
    return doc, before.count("\n") + 1, len(before) - before.rfind("\n")


def _refused(doc: Path, line: int, column: int) -> dict:
    finding = one_finding(doc)
    assert (finding["rule"], finding["line"], finding["column"]) == ("source-path", line, column), finding
    assert "keep the transcript beside the TEI" in finding["hint"]
    code, out, err = run(str(doc))
    assert code == 1 and SECRET not in out + err and "TOP-SECRET" not in out + err
    return finding


@pytest.mark.parametrize("form", ["absolute", "parent", "parent-inside-path"])
def test_a_source_outside_the_folder_is_refused_unread(tmp_path: Path, form: str) -> None:
    named = {"absolute": str(tmp_path / "secret.txt"), "parent": "../secret.txt",
             "parent-inside-path": "source/../../secret.txt"}[form]
    doc, line, column = _edition_naming(tmp_path, named)
    finding = _refused(doc, line, column)
    assert ("absolute path" if form == "absolute" else "'..' leads out") in finding["message"]


@pytest.mark.parametrize("link", ["file", "folder"])
def test_a_symbolic_link_out_of_the_folder_is_refused_unread(tmp_path: Path, link: str) -> None:
    doc, line, column = _edition_naming(tmp_path, "source/minimal.md")
    source = doc.parent / "source"
    if link == "file":
        (source / "minimal.md").unlink()
        (source / "minimal.md").symlink_to(tmp_path / "secret.txt")
    else:
        outside = tmp_path / "outside"
        outside.mkdir()
        shutil.copy(tmp_path / "secret.txt", outside / "minimal.md")
        shutil.rmtree(source)
        source.symlink_to(outside, target_is_directory=True)
    assert "symbolic link" in _refused(doc, line, column)["message"]


def test_a_device_is_refused_unread(tmp_path: Path) -> None:
    # read whole, /dev/zero would take all the memory there is
    doc, line, column = _edition_naming(tmp_path, "/dev/zero")
    _refused(doc, line, column)
    doc, line, column = _edition_naming(tmp_path / "link", "source/zero")
    (doc.parent / "source" / "zero").symlink_to("/dev/zero")
    _refused(doc, line, column)


def test_a_fifo_is_refused_unopened(tmp_path: Path) -> None:
    # Opening a FIFO waits for a writer for ever: in a process of its own, so that a
    # regression fails the test rather than hanging the suite.
    doc, line, column = _edition_naming(tmp_path, "source/fifo")
    os.mkfifo(doc.parent / "source" / "fifo")
    done = subprocess.run([sys.executable, "-m", "tei_roundtable", "validate", "--format", "json", str(doc)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    (finding,) = json.loads(done.stdout)["findings"]
    assert (finding["rule"], finding["line"], finding["column"]) == ("source-path", line, column)
    assert "a FIFO, not a regular file" in finding["message"]


def test_a_folder_is_refused(tmp_path: Path) -> None:
    for named in ("source", ".", "source/.."):
        doc, line, column = _edition_naming(tmp_path / named.replace("/", "_").replace(".", "dot"), named)
        assert "a folder, not a regular file" in _refused(doc, line, column)["message"]


def test_a_symbolic_link_loop_is_refused(tmp_path: Path) -> None:
    doc, line, column = _edition_naming(tmp_path, "source/loop")
    (doc.parent / "source" / "loop").symlink_to("loop")
    _refused(doc, line, column)


def test_a_source_inside_the_folder_is_read_through_links_that_stay_inside(tmp_path: Path) -> None:
    doc, _, _ = _edition_naming(tmp_path, "transcript/./../source/minimal.md")
    (doc.parent / "transcript").symlink_to("source", target_is_directory=True)
    code, out, err = run("--format", "json", str(doc))
    assert (code, json.loads(out)["findings"]) == (0, []), out + err
    doc, _, _ = _edition_naming(tmp_path / "link", "source/link.md")
    (doc.parent / "source" / "link.md").symlink_to("minimal.md")
    code, out, err = run("--format", "json", str(doc))
    assert (code, json.loads(out)["findings"]) == (0, []), out + err
