"""`tei-roundtable package` and `verify`: exit codes, messages that name files, CITATION.cff."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EDITION_DATA, EDITION_TEI, REPO, shared_file
from package_fixtures import BTR_PROFILE, copy_project, make_dist, unpack
from tei_roundtable.cli import main


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("cli")
    dist = make_dist(work / "dist", EDITION_TEI)
    code, output = run("package", "--edition", str(EDITION_DATA), "--dist", str(dist))
    assert code == 0, output
    made = sorted(dist.glob("*.zip"))
    assert len(made) == 1 and f"packaged {made[0]}" in output
    return made[0]


def test_verify_passes_on_a_fresh_package(archive):
    code, output = run("verify", str(archive))
    assert code == 0, output
    assert "sound" in output


def test_verify_with_the_btr_profile(archive):
    code, output = run("verify", str(archive), "--profile", str(shared_file(BTR_PROFILE)))
    assert code == 0, output


def test_verify_reports_each_problem_with_its_file_and_exits_1(archive, tmp_path):
    bag = unpack(archive, tmp_path)
    (bag / "data" / "metadata" / "CITATION.cff").unlink()
    (bag / "data" / "txt" / "notes.txt").write_text("added\n")
    code, output = run("verify", str(bag))
    assert code == 1
    assert f"{bag.name}/data/metadata/CITATION.cff: error [completeness]" in output
    assert f"{bag.name}/data/txt/notes.txt: error [completeness]" in output
    assert "the package is not sound" in output


def test_verify_of_a_missing_path_is_a_usage_error(tmp_path):
    code, output = run("verify", str(tmp_path / "nothing.zip"))
    assert code == 2
    assert "does not exist" in output


def test_package_refuses_an_invalid_edition_with_the_findings(tmp_path, archive):
    data = copy_project(tmp_path)
    tei = data.with_name(EDITION_TEI.name)
    tei.write_text(tei.read_text(encoding="utf-8").replace(' who="#uzbekov"', ' who="#nobody"', 1), encoding="utf-8")
    dist = make_dist(tmp_path / "dist", EDITION_TEI)
    code, output = run("package", "--edition", str(data), "--dist", str(dist))
    assert code == 1
    assert f"tei/{tei.name}:" in output and "error [" in output and "nobody" in output
    assert "nothing was packaged" in output
    assert not list(dist.glob("*.zip"))


def test_citation_option_writes_the_repository_citation_file(tmp_path):
    target = tmp_path / "CITATION.cff"
    code, output = run("package", "--edition", str(EDITION_DATA), "--citation", str(target))
    assert code == 0, output
    assert target.read_bytes() == (REPO / "CITATION.cff").read_bytes()
