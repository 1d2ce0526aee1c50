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
    assert (tmp_path / "tei" / f"{EDITION_ID}.xml").read_bytes() == EDITION_TEI.read_bytes()
    assert (tmp_path / "html" / "index.html").is_file()
    assert (tmp_path / "txt" / f"{EDITION_ID}.txt").is_file()
    assert (tmp_path / "txt" / f"{EDITION_ID}-diplomatic.txt").is_file()
    archive = tmp_path / f"{EDITION_ID}_v1.0.0.zip"
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
    assert not (tmp_path / "html").exists()
    assert not list(tmp_path.glob("*.zip"))


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
