"""The report formats: text lines and JSON (valid against schema/report.schema.json), with
golden files beside this test; exit codes 0, 1 and 2."""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from conftest import REPO
from tei_roundtable.cli import main

# A valid document, one with a warning, and failures from several layers; named relative to
# the repository, as a user would type them there.
FILES = [
    "tests/validate/fixtures/minimal.xml",
    "tests/validate/rules/consecutive-speaker/fail.xml",
    "tests/validate/rules/choice-complete/fail.xml",
    "tests/validate/rules/rng/fail.xml",
    "tests/validate/rules/xml-wellformed/fail.xml",
    "tests/validate/rules/text-fidelity/fail.xml",
]


@pytest.fixture()
def in_repo(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(REPO)
    return REPO


def invoke(*args: str):
    result = CliRunner().invoke(main, ["validate", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    return result


def test_text_report(in_repo, file_regression) -> None:
    result = invoke(*FILES)
    assert result.exit_code == 1
    file_regression.check(result.stdout, basename="text-report-reference", extension=".txt")
    assert result.stderr == "6 files checked: 4 error(s), 1 warning(s) — invalid\n"


def test_report_is_the_same_whatever_the_number_of_processes(in_repo) -> None:
    one = invoke(*FILES)
    several = invoke("--jobs", "3", *FILES)
    assert several.exit_code == one.exit_code == 1
    assert several.stdout == one.stdout and several.stderr == one.stderr
    every_cpu = invoke("--jobs", "0", "--format", "json", *FILES)
    assert json.loads(every_cpu.stdout) == json.loads(invoke("--format", "json", *FILES).stdout)


def _die(path: str, options: dict) -> None:
    os._exit(3)  # a worker killed mid-check (the out-of-memory killer, a crash in C)


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                    reason="the crash is staged by patching the module that forked processes inherit")
def test_a_process_that_dies_is_a_clear_error(in_repo, monkeypatch: pytest.MonkeyPatch) -> None:
    from tei_roundtable import validate

    monkeypatch.setattr(validate, "_check_one", _die)
    result = invoke("--jobs", "2", *FILES)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: a validation process ended abruptly")
    assert "--jobs 1" in result.stderr


def test_negative_jobs_is_a_usage_error(in_repo) -> None:
    result = invoke("--jobs", "-1", *FILES)
    assert result.exit_code == 2
    assert "--jobs" in result.stderr


def test_json_report_is_valid_against_its_schema(in_repo, data_regression) -> None:
    result = invoke("--format", "json", *FILES)
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    schema = json.loads((in_repo / "schema" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(report, schema, cls=jsonschema.Draft202012Validator)
    report["version"] = "<version>"
    data_regression.check(report, basename="json-report-reference")


def test_json_report_of_the_bundled_edition(in_repo) -> None:
    result = invoke("--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["valid"] is True
    assert report["summary"] == {"files": 1, "errors": 0, "warnings": 0}
    assert report["files"][0]["file"].startswith("tei/") and report["findings"] == []


def test_default_is_the_edition_in_tei(in_repo) -> None:
    result = invoke()
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "1 file checked: 0 error(s), 0 warning(s) — valid\n"


def test_output_file(in_repo, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = invoke("--format", "json", "-o", str(out), FILES[2])
    assert result.exit_code == 1 and result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["findings"][0]["rule"] == "choice-complete"


def test_usage_errors_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert invoke("--format", "yaml").exit_code == 2
    assert invoke("--no-such-option").exit_code == 2
    monkeypatch.chdir(tmp_path)
    result = invoke()
    assert result.exit_code == 2 and "no tei/*.xml here" in result.stderr


def test_readme_shows_the_real_output_for_one_error(in_repo) -> None:
    """The README's example of a finding is what the command prints today."""
    readme = (in_repo / "README.md").read_text(encoding="utf-8")
    block = readme.split("$ tei-roundtable validate ", 1)[1].split("```", 1)[0]
    command, *shown = block.rstrip("\n").split("\n")
    result = invoke(*command.split())
    assert result.exit_code == 1
    assert shown == (result.stdout + result.stderr).rstrip("\n").split("\n")
