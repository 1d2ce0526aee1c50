"""The toolkit as a user installs it: a wheel, in a fresh virtual environment, with no checkout.

The wheel must carry ``schema/`` and ``xslt/`` (they stay at the repository's top level), and
the installed command must start an edition and build it in a folder of its own.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import REPO

FIXTURE = REPO / "tests" / "collection" / "fixtures" / "forum-2008.md"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"pip wheel failed:\n{result.stdout}\n{result.stderr}")
    (path,) = out.glob("tei_roundtable-*.whl")
    return path


def test_the_wheel_carries_the_schemas_and_stylesheets(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("tei_roundtable/schema/tei-roundtable.rng", "tei_roundtable/schema/edition.schema.json",
                 "tei_roundtable/schema/collection.schema.json", "tei_roundtable/xslt/tei2html.xsl",
                 "tei_roundtable/xslt/lib/edition.css", "tei_roundtable/editorial-policy.yaml"):
        assert name in names, name


@pytest.mark.slow
def test_an_installed_wheel_starts_and_builds_an_edition_outside_the_checkout(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True)
    # The wheel's dependencies are those of this environment (read through a path, not
    # installed again: no download), and no path leads to the checkout.
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    (Path(site) / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    where = subprocess.run([str(python), "-c", "import tei_roundtable.resources as r; print(r.__file__); "
                            "print(r.schema_dir()); print(r.xslt_dir())"],
                           cwd=work, env=env, capture_output=True, text=True, check=True).stdout.split()
    assert all(Path(p).is_relative_to(venv) for p in where), where
    command = venv / "bin" / "tei-roundtable"
    started = subprocess.run([str(command), "init", "forum", "--transcript", str(FIXTURE), "--editor", "Ann Lee",
                              "--contact", "ann@example.org", "--licence", "CC-BY-4.0"],
                             cwd=work, env=env, capture_output=True, text=True)
    assert started.returncode == 0, started.stdout + started.stderr
    built = subprocess.run([str(command), "build"], cwd=work / "forum", env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stdout + built.stderr
    assert (work / "forum" / "dist" / "forum-2008" / "html" / "index.html").is_file()
    assert (work / "forum" / "dist" / "forum-2008" / "forum-2008_v1.0.0.zip").is_file()
