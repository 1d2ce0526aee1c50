"""The CLI contract: help with examples, `build` on the bundled edition, exit codes."""

from __future__ import annotations


import pytest
from click.testing import CliRunner

from conftest import EDITION_ID, EDITION_TEI, REPO
from tei_roundtable.cli import main


def test_top_level_help_has_an_example():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_subcommand_help_has_an_example(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output, f"`{command} --help` shows no example"


def test_build_runs_the_whole_pipeline(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    # The bundled project is a collection: each edition is built into OUT/<edition-id>/.
    out = tmp_path / EDITION_ID
    assert (out / "tei" / f"{EDITION_ID}.xml").read_bytes() == EDITION_TEI.read_bytes()
    assert (out / "html" / "index.html").is_file()
    assert (out / "txt" / f"{EDITION_ID}.txt").is_file()
    assert (out / "txt" / f"{EDITION_ID}-diplomatic.txt").is_file()
    archive = out / f"{EDITION_ID}_v1.0.0.zip"
    assert archive.is_file()
    verified = CliRunner().invoke(main, ["verify", str(archive)])
    assert verified.exit_code == 0, verified.output


def test_build_stops_when_the_edition_does_not_validate(tmp_path, monkeypatch):
    from tei_roundtable import validate

    def failing(path, **options):
        yield validate.Finding(str(path), 3, 1, "rng", validate.ERROR, "planted failure")

    monkeypatch.setattr(validate, "iter_findings", failing)
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert ":3:1: error [rng] planted failure" in result.output
    assert "does not validate" in result.output
    assert not (tmp_path / EDITION_ID).exists()
    assert not list(tmp_path.rglob("*.zip"))


def test_build_outside_a_project_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "dist")])
    assert result.exit_code == 2
    assert "pass --edition" in result.output


def test_unknown_command_is_a_usage_error():
    assert CliRunner().invoke(main, ["frobnicate"]).exit_code == 2


def test_python_m_runs_the_command_line():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "tei_roundtable", "--version"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("tei-roundtable, version ")


def test_readme_shows_the_real_output_of_an_encoding_error(tmp_path, monkeypatch):
    """The README's example error: the edition of the README's x.yaml (in its collection) without
    the decision on 'Uzakbaev', encoded from the project folder with the transcript the data names."""
    import re
    import shutil

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = readme.split("e.g.\n\n```\n", 1)[1].split("```", 1)[0].rstrip("\n").split("\n")
    (tmp_path / "tei" / "source").mkdir(parents=True)
    shutil.copy(REPO / "tei" / "source" / f"{EDITION_ID}.md", tmp_path / "tei" / "source" / "x.md")
    data = (REPO / "tei" / f"{EDITION_ID}.yaml").read_text(encoding="utf-8")
    data = data.replace(f"source: source/{EDITION_ID}.md", "source: source/x.md")
    data = re.sub(r"  - id: uzbekov-label\n(    .*\n|      .*\n)*", "", data)
    (tmp_path / "tei" / "x.yaml").write_text(data, encoding="utf-8")
    collection = (REPO / "tei" / "collection.yaml").read_text(encoding="utf-8")
    (tmp_path / "tei" / "collection.yaml").write_text(collection.replace(f"- {EDITION_ID}.yaml", "- x.yaml"),
                                                      encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["encode", "-o", "tei/x.xml"])
    assert result.exit_code == 1
    printed = result.stderr.rstrip("\n").split("\n")
    assert len(printed) == len(shown) == 2
    assert printed[0].startswith(shown[0].removesuffix("…"))
    assert printed[1] == shown[1]
