"""Saxon in a process of its own (``_saxon_host``): a build renders in a forked child while it
validates, and its outputs are the outputs of a build that runs Saxon itself."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
import threading

import pytest

from conftest import EDITION_DATA, EDITION_ID, REPO, ends_soon
from tei_roundtable import _saxon_host, pipeline
from tei_roundtable.edition import load
from tei_roundtable.errors import CheckFailed, InputError, OutputError

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the host forks: Linux only")

# Run in a fresh interpreter: this test process may have loaded Saxon already, and then no host
# is started (tested below).
BUILD = """
import json, sys
from pathlib import Path
from tei_roundtable import _saxon_host, pipeline
from tei_roundtable.edition import load
with _saxon_host.saxon_host() as host:
    started = host is not None
    pipeline.build(load(sys.argv[1]), Path(sys.argv[2]), host=host)
print(json.dumps({"host": started, "saxon here": "saxonche" in sys.modules}))
"""


def _run(script, *args, timeout=300):
    """Run ``script`` in a fresh interpreter in the checkout; it must succeed."""
    done = subprocess.run([sys.executable, "-c", script, *map(str, args)], capture_output=True, text=True,
                          cwd=REPO, timeout=timeout)
    assert done.returncode == 0, done.stderr
    return done


def _last_json(done):
    """What the script printed last, as JSON."""
    return json.loads(done.stdout.strip().splitlines()[-1])


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _same_as_a_build_here(hosted_out, here_out):
    """``hosted_out`` holds what this process's own build of the edition writes into ``here_out``,
    byte for byte: the deposit package and the (signed) build record included."""
    pipeline.build(load(EDITION_DATA), here_out)
    hosted, here = _files(hosted_out), _files(here_out)
    assert sorted(hosted) == sorted(here)
    assert [name for name in here if hosted[name] != here[name]] == []


def test_a_build_with_a_host_writes_what_a_build_without_one_writes(tmp_path):
    done = _run(BUILD, EDITION_DATA, tmp_path / "hosted")
    # The host was used, and this process never started Saxon: every transformation ran there.
    assert _last_json(done) == {"host": True, "saxon here": False}
    _same_as_a_build_here(tmp_path / "hosted", tmp_path / "here")


FAILING = """
import sys
from pathlib import Path
from tei_roundtable import _saxon_host, pipeline
from tei_roundtable.edition import load
from tei_roundtable.errors import CheckFailed
from tei_roundtable.findings import ERROR, Finding

def invalid(tei_path, **options):
    # What the checks would find in an edition that does not validate; the host renders meanwhile.
    yield Finding(str(tei_path), 1, 0, "turn-id", ERROR, "a stand-in error")

pipeline.validate_mod.iter_findings = invalid
with _saxon_host.saxon_host() as host:
    assert host is not None
    try:
        pipeline.build(load(sys.argv[1]), Path(sys.argv[2]), host=host)
    except CheckFailed as exc:
        print(exc)
"""


def test_an_edition_that_does_not_validate_is_not_rendered_with_a_host(tmp_path):
    done = _run(FAILING, EDITION_DATA, tmp_path / "out")
    assert "does not validate (1 error(s)); nothing rendered or packaged" in done.stdout
    assert (tmp_path / "out" / "tei" / f"{EDITION_ID}.xml").is_file()
    assert not (tmp_path / "out" / "html").exists() and not (tmp_path / "out" / "txt").exists()
    assert not list((tmp_path / "out").glob("*.zip"))


def test_errors_cross_the_process_whole():
    error = pickle.loads(pickle.dumps(InputError("bad", "a.xml", 3, 4, hint="fix it")))
    assert (str(error), error.location.line, error.location.column, error.hint) == ("a.xml:3:4: bad (fix it)", 3, 4,
                                                                                    "fix it")
    assert type(pickle.loads(pickle.dumps(OutputError("here", "b")))) is OutputError
    failed = pickle.loads(pickle.dumps(CheckFailed("two problems", [InputError("one", "a.xml", 1),
                                                                    InputError("two", "a.xml", 2)])))
    assert str(failed) == "two problems"
    assert [str(f) for f in failed.findings] == ["a.xml:1: one", "a.xml:2: two"]


def test_no_host_where_forking_is_not_safe(monkeypatch):
    monkeypatch.setitem(sys.modules, "saxonche", sys.modules.get("saxonche") or object())
    assert not _saxon_host.can_fork()
    with _saxon_host.saxon_host() as host:
        assert host is None
    monkeypatch.delitem(sys.modules, "saxonche")
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not _saxon_host.can_fork()  # another thread: a fork would copy its locks held
    finally:
        stop.set()
        other.join()


KILLED = """
import json, os, signal, sys, time
from pathlib import Path
from tei_roundtable import _saxon_host, pipeline
from tei_roundtable.edition import load
with _saxon_host.saxon_host() as host:
    host.submit(time.sleep, 0).result()  # the child is up
    for pid in list(host._pool._processes):
        os.kill(pid, signal.SIGKILL)
    pipeline.build(load(sys.argv[1]), Path(sys.argv[2]), host=host)
    broken = host.broken
print(json.dumps({"broken": broken, "saxon here": "saxonche" in sys.modules}))
"""


def test_a_build_whose_host_ends_renders_here(tmp_path):
    done = _run(KILLED, EDITION_DATA, tmp_path / "hosted")
    assert _last_json(done) == {"broken": True, "saxon here": True}
    _same_as_a_build_here(tmp_path / "hosted", tmp_path / "here")


INTERRUPT = """
import json, signal
from tei_roundtable import _saxon_host
with _saxon_host.saxon_host() as host:
    print(json.dumps(int(host.submit(signal.getsignal, signal.SIGINT).result()) == int(signal.SIG_IGN)))
"""


def test_the_host_leaves_an_interrupt_to_the_build():
    # Ctrl-C reaches the whole process group: the build stops (click's "Aborted!"), and the host
    # prints no traceback of its own.
    done = _run(INTERRUPT, timeout=120)
    assert done.stdout.strip() == "true"


ORPHAN = """
import os, signal, sys, time
from tei_roundtable import _saxon_host
with _saxon_host.saxon_host() as host:
    host.submit(time.sleep, 0).result()
    open(sys.argv[1], "w").write(str(*host._pool._processes))
    os.kill(os.getpid(), signal.SIGKILL)  # the build killed, without a word to its host
"""


def test_the_host_ends_with_the_build(tmp_path):
    # Not through a pipe: a child that outlived the build would hold it open.
    subprocess.run([sys.executable, "-c", ORPHAN, str(tmp_path / "pid")], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, cwd=REPO, timeout=120)
    assert ends_soon(int((tmp_path / "pid").read_text())), "the host outlived the build that started it"


COMMAND = """
import json, sys
from tei_roundtable import cli
try:
    cli.main(["build", "--out", sys.argv[1]], standalone_mode=False)
except SystemExit:
    pass
print(json.dumps("saxonche" in sys.modules))
"""


def test_the_build_command_renders_in_its_saxon_process(tmp_path):
    # The bundled collection, --jobs 1: the command itself never starts Saxon.
    done = _run(COMMAND, tmp_path / "dist")
    assert _last_json(done) is False
    assert (tmp_path / "dist" / EDITION_ID / "html" / "index.html").is_file()
    assert (tmp_path / "dist" / "index.html").is_file()  # the collection's page, made there too
