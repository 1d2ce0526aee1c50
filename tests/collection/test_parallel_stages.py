"""A collection build with ``--jobs 2`` or more: the workers prepare the editions (load, encode,
validate, DTS) without Saxon, this process renders and packages them (pipeline._build_in_parallel);
what it makes is what a build in one process makes, and an edition is whole or not at all."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from forum_project import listing, start_forum
from tei_roundtable import collection as collection_mod
from tei_roundtable import pipeline
from tei_roundtable.edition import load_all
from tei_roundtable.errors import InputError
from tei_roundtable.pipeline import build_collection, inputs_digest


@pytest.fixture
def project(tmp_path) -> Path:
    """A project of two editions that share their three people."""
    return start_forum(tmp_path / "forum")


def _load(project: Path) -> collection_mod.Collection:
    return collection_mod.load(project / "tei" / "collection.yaml")


# An import watcher for the processes of a command: a spawned worker that imports a watched
# module leaves a file named for it. A worker is started with --multiprocessing-fork, which
# spawn then replaces with the parent's arguments: it is read at start-up.
WATCHER = textwrap.dedent('''
    import importlib.abc, os, sys

    WORKER = "--multiprocessing-fork" in sys.argv

    class _Watch(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            if WORKER and name in ("saxonche", "tei_roundtable.validate"):
                open(os.path.join(os.environ["IMPORT_WATCH"], f"{name}-{os.getpid()}"), "w").close()
            return None

    sys.meta_path.insert(0, _Watch())
''')


def _watched(tmp_path: Path) -> tuple[dict, Path]:
    hook, marks = tmp_path / "hook", tmp_path / "marks"
    hook.mkdir()
    marks.mkdir()
    (hook / "sitecustomize.py").write_text(WATCHER, encoding="utf-8")
    env = dict(os.environ, IMPORT_WATCH=str(marks),
               PYTHONPATH=os.pathsep.join([str(hook), *filter(None, [os.environ.get("PYTHONPATH")])]))
    return env, marks


def test_the_watcher_sees_a_worker_import_saxonche(tmp_path):
    """The watcher of the next test is not blind: a spawned process that imports saxonche is seen."""
    env, marks = _watched(tmp_path)
    code = ("import multiprocessing as mp\n"
            "if __name__ == '__main__':\n"
            "    p = mp.get_context('spawn').Process(target=__import__, args=('saxonche',))\n"
            "    p.start(); p.join(); raise SystemExit(p.exitcode)\n")
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=120)
    assert [p.name.split("-")[0] for p in marks.iterdir()] == ["saxonche"]


def test_with_jobs_2_no_worker_imports_saxonche(project, tmp_path):
    """Only the command runs Saxon: its worker validates (so it did prepare the editions) but never
    imports saxonche, whose heap would be a second one of 225–300 MiB."""
    env, marks = _watched(tmp_path)
    done = subprocess.run([sys.executable, "-m", "tei_roundtable", "build", "--jobs", "2"], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 built, 0 unchanged, 0 failed" in done.stdout
    seen = sorted(p.name.rsplit("-", 1)[0] for p in marks.iterdir())
    assert seen == ["tei_roundtable.validate"], seen
    assert (project / "dist" / "forum-2009" / "html" / "index.html").is_file()


@pytest.mark.parametrize("jobs", [2, 3])
def test_the_parallel_build_writes_what_the_build_in_one_process_writes(project, jobs):
    """Byte for byte, every file: the editions' folders and the collection's outputs."""
    coll = _load(project)
    one, many = project / "one", project / f"many-{jobs}"
    assert not build_collection(coll, one, jobs=1).failed
    assert not build_collection(coll, many, jobs=jobs).failed
    made = listing(one)
    assert len(made) > 100 and any(name.endswith(".zip") for name in made)
    assert listing(many) == made


def test_with_jobs_2_this_process_renders_every_edition_and_prepares_none(project, monkeypatch):
    """The stages split across the processes: prepare in the workers (patching it here changes
    nothing there), rendering and packaging here, once each."""
    here: list[tuple[str, Path]] = []
    real_prepare, real_render, real_finish = pipeline.prepare, pipeline.render_edition, pipeline.finish

    def prepare(*args, **kw):
        here.append(("prepare", args[1]))
        return real_prepare(*args, **kw)

    def render_edition(prepared, folder, **kw):
        here.append(("render", prepared.tei.name))
        return real_render(prepared, folder, **kw)

    def finish(ed, prepared, rendered, folder, **kw):
        here.append(("finish", prepared.tei.name))
        return real_finish(ed, prepared, rendered, folder, **kw)

    monkeypatch.setattr(pipeline, "prepare", prepare)
    monkeypatch.setattr(pipeline, "render_edition", render_edition)
    monkeypatch.setattr(pipeline, "finish", finish)
    result = build_collection(_load(project), project / "dist", jobs=2)
    assert [o.status for o in result.outcomes] == ["built", "built"]
    assert sorted(here) == [("finish", "forum-2008.xml"), ("finish", "forum-2009.xml"),
                            ("render", "forum-2008.xml"), ("render", "forum-2009.xml")]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failure_in_rendering_leaves_the_old_outputs_and_no_half_edition(project, monkeypatch, jobs):
    """Rendering runs in this process, on what a worker prepared in a temporary folder: when it
    fails, the folder goes, the edition's previous outputs stay, its error names its place and
    not the temporary folder, and the other edition is built."""
    coll, out = _load(project), project / "dist"
    assert not build_collection(coll, out, jobs=jobs).failed
    before = listing(out / "forum-2009")
    real = pipeline.render_edition

    def render_edition(prepared, folder, **kw):
        if prepared.tei.name == "forum-2009.xml":
            raise InputError("the stylesheet failed here", prepared.tei, 3)
        return real(prepared, folder, **kw)

    monkeypatch.setattr(pipeline, "render_edition", render_edition)
    heard: list = []
    result = build_collection(coll, out, jobs=jobs, force=True, on_done=heard.append)
    assert [(o.edition_id, o.status) for o in result.outcomes] == [("forum-2008", "built"), ("forum-2009", "failed")]
    error = next(o.error for o in heard if o.edition_id == "forum-2009")
    assert "the stylesheet failed here" in error and str(out / "forum-2009" / "tei" / "forum-2009.xml") in error
    assert "/.forum-2009." not in error
    assert listing(out / "forum-2009") == before
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_a_parallel_build_stopped_early_leaves_no_temporary_folder(project):
    """What a worker prepared and this process did not finish is removed when the build stops."""
    coll, out = _load(project), project / "dist"
    out.mkdir()
    tasks = [(str(ed.path), str(coll.path), str(out), inputs_digest(ed)) for ed in load_all(coll)]
    build = pipeline._build_in_parallel(tasks, 2)
    key, outcome = next(build)
    assert outcome.status == "built"
    build.close()  # as an error in the caller (or ^C) would stop it
    assert sorted(p.name for p in out.iterdir()) == [Path(key).stem]
