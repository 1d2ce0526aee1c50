"""validate --schema: any TEI (a teiCorpus too) against tei_all, a user's RELAX NG (XML or compact
syntax) or Schematron; findings located in the file they are in; tei_all never fetched."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EDITION_TEI, NUMBERED_P, numbered, shared_file
from foreign_helpers import CORPUS, LETTER, PLAY, SAMPLES, SESSION
from tei_roundtable import validate
from tei_roundtable._schemas import Schema, SchemaUnavailable, resolve
from tei_roundtable.cli import main


@pytest.fixture()
def tei_all(monkeypatch: pytest.MonkeyPatch) -> Schema:
    monkeypatch.setenv("TEI_ALL", str(shared_file("schemas/tei_all.rng")))
    return resolve("tei_all")


def _line(path: Path, needle: str) -> int:
    return next(n for n, text in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if needle in text)


def _copy_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "parlamint"
    shutil.copytree(SAMPLES / "parlamint", folder)
    return folder / CORPUS.name


def test_the_samples_are_valid_tei(tei_all: Schema) -> None:
    for sample in (CORPUS, SESSION, PLAY, LETTER):
        assert [str(f) for f in validate.iter_findings(sample, schemas=[tei_all])] == []


def test_a_finding_in_an_included_session_names_that_file_and_line(tei_all: Schema, tmp_path: Path) -> None:
    corpus = _copy_corpus(tmp_path)
    session = corpus.parent / SESSION.name
    text = session.read_text(encoding="utf-8")
    session.write_text(text.replace('<u who="#DoeJane"', '<u speaker="#DoeJane" who="#DoeJane"', 1), encoding="utf-8")
    findings = list(validate.iter_findings(corpus, schemas=[tei_all], display_name="ParlaMint-XX.xml"))
    assert [(f.file, f.line, f.rule) for f in findings] == [
        ("ParlaMint-XX_2021-03-04.xml", _line(session, 'speaker="#DoeJane"'), "rng")]
    assert findings[0].message.startswith("tei_all: ") and "speaker" in findings[0].message
    assert findings[0].column == text.split("\n")[findings[0].line - 1].index("<u") + 1


def test_a_finding_in_a_play_is_located(tei_all: Schema, tmp_path: Path) -> None:
    play = tmp_path / PLAY.name
    play.write_text(PLAY.read_text(encoding="utf-8").replace("<castItem><role corresp=\"#duncan\">",
                                                             "<castItem><l>x</l><role corresp=\"#duncan\">", 1))
    findings = list(validate.iter_findings(play, schemas=[tei_all]))
    assert {(f.line, f.rule) for f in findings} == {(_line(play, "<l>x</l>"), "rng")}


def test_the_projects_layers_run_beside_another_schema(tei_all: Schema) -> None:
    project = resolve("tei-roundtable")
    assert list(validate.iter_findings(EDITION_TEI, schemas=[project, tei_all])) == []
    findings = list(validate.iter_findings(PLAY, schemas=[project, tei_all]))
    rules = {f.rule for f in findings}
    assert "rng" in rules and "header-source" in rules  # the project's grammar and Schematron
    assert all(not f.message.startswith("tei_all") for f in findings)  # and the play is valid TEI


def test_a_compact_grammar_is_converted(tmp_path: Path) -> None:
    grammar, tei = numbered(tmp_path)
    findings = list(validate.iter_findings(tei, schemas=[resolve(str(grammar))]))
    assert [(f.line, f.column, f.rule) for f in findings] == [(5, 1, "rng")]
    assert findings[0].message.startswith(f"{grammar}: ") and "n" in findings[0].message


def test_a_broken_compact_grammar_names_the_file(tmp_path: Path) -> None:
    grammar = tmp_path / "broken.rnc"
    grammar.write_text("start = element TEI { text ", encoding="utf-8")
    with pytest.raises(SchemaUnavailable, match="broken.rnc: not a RELAX NG compact schema rnc2rng can read: "
                                                 "it ends before a pattern or definition is complete"):
        validate.compile_schemas([resolve(str(grammar))])


def test_a_syntax_error_of_a_compact_grammar_is_located(tmp_path: Path) -> None:
    grammar = tmp_path / "typo.rnc"
    grammar.write_text("start = element TEI { text }\nfoo = = bar\n", encoding="utf-8")
    with pytest.raises(SchemaUnavailable, match=r"typo.rnc:2:7: not a RELAX NG compact schema rnc2rng can read: "
                                                 r"'foo = = bar' is not compact syntax here"):
        validate.compile_schemas([resolve(str(grammar))])


def test_a_compact_grammar_includes_the_files_beside_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As the compact syntax says, whatever the working folder (rnc2rng given the text alone
    looked for them there)."""
    (tmp_path / "grammar" / "parts").mkdir(parents=True)
    grammar, tei = numbered(tmp_path / "grammar", include='include "parts/p.rnc"\n')
    (tmp_path / "grammar" / "parts" / "p.rnc").write_text(NUMBERED_P, encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    findings = list(validate.iter_findings(tei, schemas=[resolve(str(grammar))]))
    assert [(f.line, f.column, f.rule) for f in findings] == [(5, 1, "rng")]


@pytest.mark.parametrize("where", ["top", "nested"])
def test_a_compact_grammar_that_includes_a_url_is_refused(tmp_path: Path, where: str) -> None:
    """Refused where the include stands, before rnc2rng would open the URL: a schema is never
    fetched. A URL in a comment is not an include."""
    url_include = '# include "http://example.org/not-this.rnc"\ninclude "https://example.org/" ~ "p.rnc"\n'
    if where == "top":
        grammar, _ = numbered(tmp_path, include=url_include)
        refused = f"{grammar}:3:1"
    else:
        grammar, _ = numbered(tmp_path, include='include "local.rnc"\n')
        (tmp_path / "local.rnc").write_text(url_include + NUMBERED_P, encoding="utf-8")
        refused = f"{tmp_path / 'local.rnc'}:2:1"
    with pytest.raises(SchemaUnavailable) as raised:
        validate.compile_schemas([resolve(str(grammar))])
    assert str(raised.value).startswith(f'{refused}: include "https://example.org/p.rnc" names a URL; '
                                        "tei-roundtable reads no schema from the network")


def test_a_missing_include_of_a_compact_grammar_is_named(tmp_path: Path) -> None:
    grammar, _ = numbered(tmp_path, include='include "gone.rnc"\n')
    with pytest.raises(SchemaUnavailable, match=f"gone.rnc: cannot read the grammar that {grammar} includes: "
                                                 "No such file or directory"):
        validate.compile_schemas([resolve(str(grammar))])


SCHEMATRON = """<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="{binding}">
  <ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/>
  <pattern>
    <rule context="tei:sp">
      <assert id="verse-only" test="not(tei:p)">verse drama: a turn of {{name}} holds prose</assert>
    </rule>
    <rule context="tei:stage">
      <report test="string-length(normalize-space()) &lt; 6" role="warning">a very short stage direction</report>
    </rule>
  </pattern>
</schema>
"""


def test_a_users_schematron_gives_located_findings_with_its_ids(tmp_path: Path) -> None:
    rules = tmp_path / "verse.sch"
    rules.write_text(SCHEMATRON.format(binding="xslt").replace("{name}", "<value-of select=\"@who\"/>"),
                     encoding="utf-8")
    findings = list(validate.iter_findings(PLAY, schemas=[resolve(str(rules))]))
    got = [(f.line, f.rule, f.severity) for f in findings]
    assert got == [(_line(PLAY, '<sp who="#duncan">'), "verse-only", "error"),
                   (_line(PLAY, "<stage>Exit.</stage>"), "schematron", "warning")]
    assert findings[0].message == f"{rules}: verse drama: a turn of #duncan holds prose"


def test_a_schematron_for_xslt2_is_refused_saying_why(tmp_path: Path) -> None:
    rules = tmp_path / "xpath2.sch"
    rules.write_text(SCHEMATRON.format(binding="xslt2").replace("{name}", ""), encoding="utf-8")
    with pytest.raises(SchemaUnavailable, match="queryBinding=\"xslt2\" needs an XSLT 2 processor"):
        validate.compile_schemas([resolve(str(rules))])


@pytest.mark.parametrize("href, says", [
    ("../outside.xml", "leads out of the folder"),
    ("/etc/passwd", "not a relative path"),
    ("file:///etc/passwd", "not a relative path"),
    ("https://example.org/session.xml", "not a relative path"),
    ("missing.xml", "no such file"),
    ("ParlaMint-XX.xml", "a cycle"),
])
def test_an_include_that_is_not_resolved_is_a_located_error(tmp_path: Path, href: str, says: str) -> None:
    corpus = _copy_corpus(tmp_path)
    (tmp_path / "outside.xml").write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"/>', encoding="utf-8")
    text = corpus.read_text(encoding="utf-8")
    corpus.write_text(text.replace('href="ParlaMint-XX_2021-03-04.xml"', f'href="{href}"'), encoding="utf-8")
    (finding,) = validate.iter_findings(corpus)
    assert (finding.rule, finding.line) == ("xinclude", _line(corpus, "<xi:include"))
    assert says in finding.message


def test_an_include_through_a_link_leading_out_is_refused(tmp_path: Path) -> None:
    corpus = _copy_corpus(tmp_path)
    session = corpus.parent / SESSION.name
    outside = tmp_path / "elsewhere.xml"
    session.rename(outside)
    os.symlink(outside, session)
    (finding,) = validate.iter_findings(corpus)
    assert finding.rule == "xinclude" and "leads out of the folder" in finding.message


def test_cli_schema_tei_all_without_a_copy_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TEI_ALL", raising=False)
    result = CliRunner().invoke(main, ["validate", "--schema", "tei_all", str(PLAY)])
    assert result.exit_code == 2
    assert "TEI_ALL is not set" in result.stderr and "TEI Consortium" in result.stderr
    assert "Traceback" not in result.output


def test_cli_schema_tei_all_reports_located_findings(tei_all: Schema, tmp_path: Path) -> None:
    corpus = _copy_corpus(tmp_path)
    session = corpus.parent / SESSION.name
    session.write_text(session.read_text(encoding="utf-8").replace("<kinesic type=\"applause\">",
                                                                   "<kinesic type=\"applause\" who=\"#x\" bad=\"1\">"))
    result = CliRunner().invoke(main, ["validate", "--schema", "tei_all", "--format", "json", str(corpus), str(PLAY)])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["schemas"] == ["tei_all"]
    assert [(f["file"], f["line"]) for f in report["findings"]] == [
        (str(session), _line(session, 'bad="1"'))]
    assert result.stderr == "2 files checked: 1 error(s), 0 warning(s) — invalid\n"


def test_cli_an_unknown_schema_is_a_usage_error(tmp_path: Path) -> None:
    for spec, says in (("tei_lite", "not a schema tei-roundtable runs"), (str(tmp_path / "none.rng"), "no such file")):
        result = CliRunner().invoke(main, ["validate", "--schema", spec, str(PLAY)])
        assert result.exit_code == 2 and says in result.stderr


def test_a_corpus_against_the_projects_schema_points_to_tei_all() -> None:
    (finding,) = validate.iter_findings(CORPUS)
    assert finding.rule == "tei-root" and "--schema tei_all" in finding.hint


def test_other_schemas_give_the_same_report_in_several_processes(tmp_path: Path) -> None:
    rules = tmp_path / "verse.sch"
    rules.write_text(SCHEMATRON.format(binding="xslt").replace("{name}", "<value-of select=\"@who\"/>"),
                     encoding="utf-8")
    schemas = [resolve(str(rules)), resolve("tei-roundtable")]
    files = [PLAY, LETTER, SESSION]
    one = validate.check_files(files, jobs=1, schemas=schemas)
    two = validate.check_files(files, jobs=2, schemas=schemas)
    assert two.as_dict() == one.as_dict() and one.errors > 0
    assert one.as_dict()["schemas"] == [str(rules), "tei-roundtable.rng", "tei-roundtable.sch"]
