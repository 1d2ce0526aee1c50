"""No work that is not needed: commands load only what they use.

Each case runs in a fresh interpreter (a module imported by an earlier test would hide the
import) and lists which of the expensive modules ended up in ``sys.modules``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import REPO, numbered

EXPENSIVE = ("saxonche", "lxml.isoschematron", "datacite", "bagit")

PROBE = """
import json, sys
from tei_roundtable import cli
try:
    cli.main({args!r}, standalone_mode=False)
except SystemExit:
    pass
print(json.dumps([m for m in {expensive!r} if m in sys.modules]))
"""


def loaded(code: str, env: dict | None = None) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120,
                          env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("args", [["--help"], ["validate", "--help"], ["build", "--help"], ["check-names"]])
def test_command_does_not_load_saxon_schematron_datacite_or_bagit(args):
    assert loaded(PROBE.format(args=args, expensive=EXPENSIVE)) == []


def test_validate_loads_no_saxon(tmp_path):
    """Nor the ISO Schematron skeleton once the schema's stylesheet is in the cache (validate._schematron)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    code = PROBE.format(args=["validate", "tei/ipp-roundtable-2007-11-15.xml"], expensive=EXPENSIVE)
    assert loaded(code, env) == ["lxml.isoschematron"]
    assert loaded(code, env) == []


def test_a_command_loads_lxml_without_rnc2rng():
    """lxml 6 imports rnc2rng as it loads (0.1 s); a command's process loads lxml without it."""
    code = PROBE.format(args=["validate", "tei/ipp-roundtable-2007-11-15.xml"], expensive=("lxml.etree", "rnc2rng"))
    assert loaded(code) == ["lxml.etree"]


def test_a_command_still_reads_a_compact_grammar(tmp_path):
    """rnc2rng is imported when a command is given a compact grammar, after lxml has loaded
    without it: the grammar is converted and checks the file (the line of the bad paragraph)."""
    grammar, tei = numbered(tmp_path)
    done = subprocess.run([sys.executable, "-m", "tei_roundtable", "validate", "--schema", str(grammar), str(tei)],
                          capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{tei}:5:1: error [rng]" in done.stdout + done.stderr, done.stdout + done.stderr


def test_a_program_that_imports_the_library_keeps_lxml_as_it_loads():
    """Importing the library loads lxml as a plain ``import lxml.etree`` does, rnc2rng and all."""
    probe = "import json, sys\n{}\nprint(json.dumps(['rnc2rng' in sys.modules, 'lxml.etree' in sys.modules]))"
    assert loaded(probe.format("from tei_roundtable import validate")) == loaded(probe.format("import lxml.etree"))


def test_datacite_json_schema_is_read_without_importing_the_package():
    code = ("import json, sys\nfrom tei_roundtable import metadata\n"
            "schema = metadata.datacite_json_schema()\n"
            "errors = list(metadata.iter_datacite_json_errors({}))\n"
            "print(json.dumps([schema['$schema'] != '', bool(errors), 'datacite' in sys.modules]))")
    assert loaded(code) == [True, True, False]


def test_datacite_xml_is_written_without_running_the_package_init():
    """datacite's XML writer (schema45) is the library's, loaded without its API clients; a later
    ``import datacite`` is the whole package, as if nothing had happened."""
    code = ("import json, sys\nfrom tei_roundtable import metadata\n"
            "xml = metadata.datacite_xml({'titles': [{'title': 'T'}], 'doi': '10.1234/x', 'creators': [],"
            " 'publisher': {'name': 'P'}, 'publicationYear': '2007', 'types': {'resourceTypeGeneral': 'Text'}})\n"
            "hidden = [m for m in ('datacite', 'datacite.schema45', 'idutils', 'requests') if m in sys.modules]\n"
            "import datacite, datacite.schema45\n"
            "print(json.dumps([b'<titles>' in xml and b'>T</title>' in xml, hidden,"
            " hasattr(datacite, 'DataCiteRESTClient'), datacite.schema45.dump_etree is not None,"
            " datacite.schema45 is not metadata._schema45()]))")
    assert loaded(code) == [True, [], True, True, True]


def test_datacite_xml_uses_the_package_when_the_program_imported_it():
    code = ("import json, sys\nimport datacite\nfrom tei_roundtable import metadata\n"
            "print(json.dumps([metadata._schema45() is sys.modules['datacite.schema45']]))")
    assert loaded(code) == [True]


def test_validate_reads_the_word_tables_without_the_word_libraries_once_they_are_cached(tmp_path):
    """The first run builds the tables (pyspellchecker's list; lemminflect's lemma table without
    its package __init__, which imports numpy, and without leaving lemminflect in sys.modules);
    later runs read them from the cache and import neither library."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    code = PROBE.format(args=["validate", "tei/ipp-roundtable-2007-11-15.xml"],
                        expensive=("spellchecker", "lemminflect", "numpy"))
    assert loaded(code, env) == ["spellchecker"]
    assert sorted(p.name.split("-")[1] for p in (tmp_path / "tei-roundtable").glob("english-*")) == ["parts", "spelling"]
    assert loaded(code, env) == []
