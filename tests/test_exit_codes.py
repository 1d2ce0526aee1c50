"""One exit code per kind of mistake, the same in every command (the table in the README), and
one spelling of the output option in every command."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import EDITION_DATA, EDITION_TEI
from tei_roundtable.cli import main

# (command and arguments before the path, the path's option or None for an argument, after)
INPUTS = [
    (["encode", "--edition", str(EDITION_DATA)], None, []),
    (["encode"], "--edition", []),
    (["validate"], None, []),
    (["check-names"], None, []),
    (["check-names"], "--edition", []),
    (["check-text"], None, []),
    (["check-text"], "--edition", []),
    (["corrections"], None, []),
    (["render"], None, ["--out", "{tmp}/out"]),
    (["package"], "--edition", ["--citation", "{tmp}/CITATION.cff"]),
    (["package", "--edition", str(EDITION_DATA), "--citation", "{tmp}/CITATION.cff"], "--tei", []),
    (["verify"], None, []),
    (["verify", str(EDITION_TEI)], "--profile", []),
]
IDS = ["encode-source", "encode-edition", "validate", "check-names-source", "check-names-edition",
       "check-text-source", "check-text-edition", "corrections",
       "render", "package-edition", "package-tei", "verify", "verify-profile"]


def run(tmp_path, before, option, after, path) -> tuple[int, str]:
    args = [*before, *([option, str(path)] if option else [str(path)]),
            *(a.replace("{tmp}", str(tmp_path)) for a in after)]
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    return result.exit_code, result.output


@pytest.mark.parametrize("before, option, after", INPUTS, ids=IDS)
def test_a_missing_input_is_a_usage_error_everywhere(tmp_path, before, option, after):
    # Before: 1 for validate (and encode), 2 for verify.
    code, output = run(tmp_path, before, option, after, tmp_path / "missing.xml")
    assert code == 2, output
    assert "does not exist" in output


@pytest.mark.parametrize("before, option, after", [i for i, name in zip(INPUTS, IDS) if name != "verify"],
                         ids=[name for name in IDS if name != "verify"])
def test_a_folder_given_as_an_input_file_is_a_usage_error_everywhere(tmp_path, before, option, after):
    # Before: 1 for validate, 2 for render.
    (tmp_path / "folder.xml").mkdir()
    code, output = run(tmp_path, before, option, after, tmp_path / "folder.xml")
    assert code == 2, output
    assert "is a directory" in output


@pytest.mark.parametrize("before, option, after", INPUTS, ids=IDS)
def test_an_input_that_is_not_what_it_should_be_is_exit_1_everywhere(tmp_path, before, option, after):
    bad = tmp_path / "bad.xml"
    bad.write_text("this is neither XML nor YAML edition data nor a bag: [\n", encoding="utf-8")
    code, output = run(tmp_path, before, option, after, bad)
    assert code == 1, output
    assert "error" in output


@pytest.mark.parametrize("command", ["encode", "build", "validate", "check-names", "check-text", "corrections",
                                     "render", "package", "verify"])
def test_an_unknown_option_is_a_usage_error_everywhere(command):
    result = CliRunner().invoke(main, [command, "--no-such-option"])
    assert result.exit_code == 2


@pytest.mark.parametrize("command", ["encode", "build", "validate", "corrections", "render", "package"])
def test_every_output_option_is_spelt_alike(command):
    # Before: -o/--output for some commands, --out for others.
    result = CliRunner().invoke(main, [command, "--help"])
    assert "-o, --output, --out" in result.output, result.output


def test_a_tei_given_as_edition_data_is_one_line_not_the_file_quoted(tmp_path):
    # Before: the schema error quoted the whole file (a TEI read as one YAML string).
    tei = tmp_path / "x.xml"
    tei.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">\n'
                   + "<text><body><p>A paragraph of the edition, long enough to notice.</p></body></text>\n" * 50
                   + "</TEI>\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["encode", "--edition", str(tei)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (f"{tei}:1: error: not edition data: an XML file, not a mapping with "
                                             "edition:, register: and decisions:")
    assert "A paragraph of the edition" not in result.output


def test_an_xml_file_named_zip_is_one_clear_line(tmp_path):
    # Before: four lines of archive-library output.
    archive = tmp_path / "x_v1.zip"
    archive.write_text('<?xml version="1.0"?>\n<TEI/>\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["verify", str(archive)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == ("x_v1.zip: error [archive] not a bag archive: it is an XML or HTML "
                                             "file (a bag is a .zip or .tar)")
    assert len(result.output.splitlines()) == 2  # the problem, and the verdict
