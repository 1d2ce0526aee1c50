"""One directory per rule (DraCor practice): a document that passes and one that fails with
exactly that rule, on exactly the marked line."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree, isoschematron

from tei_roundtable import validate
from tei_roundtable.resources import schema_dir

from validate_cases import RULES, case_documents, expected_findings

PARSE_RULES = {"xml-wellformed", "xml-doctype", "id-unique", "tei-root"}
PYTHON_RULES = {"rng", "source-path", "source-file", "source-sha256", "text-fidelity", "xinclude"}


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


@pytest.mark.parametrize("path", case_documents("pass"), ids=_id)
def test_pass_document_has_no_finding(path: Path) -> None:
    assert [str(f) for f in validate.iter_findings(path)] == []


@pytest.mark.parametrize("path", case_documents("fail"), ids=_id)
def test_fail_document_fails_with_its_rule_on_the_marked_lines(path: Path) -> None:
    rule = path.parent.name
    expected = expected_findings(path)
    assert expected and {r for r, _ in expected} == {rule}, "the case document must mark its expected findings"
    findings = list(validate.iter_findings(path))
    assert {(f.rule, f.line) for f in findings} == expected, "\n".join(map(str, findings))
    for finding in findings:
        assert finding.file == str(path)
        assert finding.message
        assert finding.severity in ("error", "warning")


def _schematron_rule_ids() -> set[str]:
    schema = etree.parse(str(schema_dir() / "tei-roundtable.sch"))
    ns = {"sch": "http://purl.oclc.org/dsdl/schematron"}
    return {a.get("id") for a in schema.iterfind(".//sch:assert", ns)} | {
        r.get("id") for r in schema.iterfind(".//sch:report", ns)
    }


def test_every_rule_has_a_directory_with_a_passing_and_a_failing_document() -> None:
    rules = _schematron_rule_ids() | PARSE_RULES | PYTHON_RULES
    directories = {d.name for d in RULES.iterdir() if d.is_dir()}
    assert rules == directories
    for name in directories:
        assert list((RULES / name).glob("pass*.xml")), name
        assert list((RULES / name).glob("fail*.xml")), name


def test_schematron_rules_declare_id_and_severity() -> None:
    schema = etree.parse(str(schema_dir() / "tei-roundtable.sch"))
    ns = {"sch": "http://purl.oclc.org/dsdl/schematron"}
    for check in schema.iterfind(".//sch:assert", ns):
        assert check.get("id"), etree.tostring(check)[:80]
        assert check.get("role") in ("error", "warning"), check.get("id")


def test_warnings_are_warnings() -> None:
    for rule in ("participant-referenced", "consecutive-speaker"):
        findings = list(validate.iter_findings(RULES / rule / "fail.xml"))
        assert findings and all(f.severity == "warning" for f in findings)
        assert validate.is_valid(RULES / rule / "fail.xml")


def test_text_fidelity_names_the_source_line() -> None:
    (finding,) = validate.iter_findings(RULES / "text-fidelity" / "fail.xml")
    source = (RULES / "../fixtures/minimal.md").resolve().read_text(encoding="utf-8").split("\n")
    line = next(n for n, text in enumerate(source, start=1) if text.startswith("Second paragraph"))
    assert f"minimal.md:{line} has 'canals still work. Second paragraph" in finding.message
    assert "the TEI has 'canals still work. Third paragraph" in finding.message
    assert finding.column > 0


def test_pointer_findings_point_at_the_attribute() -> None:
    path = RULES / "who-resolves" / "fail.xml"
    (finding,) = validate.iter_findings(path)
    line = path.read_text(encoding="utf-8").split("\n")[finding.line - 1]
    assert line[finding.column - 1:].startswith('who="#nobody"')


def test_schematron_is_valid_iso_schematron() -> None:
    """The grammar of ISO/IEC 19757-3 that lxml ships: among other things, every @id unique."""
    grammar = Path(isoschematron.__file__).parent / "resources" / "rng" / "iso-schematron.rng"
    checker = etree.RelaxNG(etree.parse(str(grammar)))
    schema = etree.parse(str(schema_dir() / "tei-roundtable.sch"))
    assert checker.validate(schema), checker.error_log


def test_schematron_has_one_pattern() -> None:
    """The skeleton walks the document once per pattern: the rules share one (see the .sch)."""
    schema = etree.parse(str(schema_dir() / "tei-roundtable.sch"))
    ns = {"sch": "http://purl.oclc.org/dsdl/schematron"}
    assert len(schema.findall("sch:pattern", ns)) == 1
    contexts = [r.get("context") for r in schema.iterfind(".//sch:rule[@context]", ns)]
    names = [name.strip() for context in contexts for name in context.split("|")]
    assert len(names) == len(set(names)), "an element kind with two rules fires only the first"


def test_an_rng_attribute_failure_names_the_attribute(tmp_path) -> None:
    # Before: "Element note failed to validate attributes", naming no attribute.
    import shutil

    folder = tmp_path / "rng"
    shutil.copytree(RULES / "rng", folder)
    path = folder / "pass.xml"
    text = path.read_text(encoding="utf-8")
    at = text.index(' cert="', text.index("<note "))
    path.write_text(text[:at] + ' cert="certain"' + text[text.index('"', at + 7) + 1:], encoding="utf-8")
    rng = [f for f in validate.iter_findings(path) if f.rule == "rng"]
    assert len(rng) == 1, rng
    assert rng[0].message == ("Element note failed to validate attributes: @cert='certain' is not one of "
                              "high, low, medium, unknown")


def test_a_surname_of_punctuation_alone_is_compared_folded(tmp_path) -> None:
    """speaker-label compares the label as printed only with a surname whose first character is
    no punctuation: a surname "." folds to no word, which no label contains, even one whose
    reading (corr) holds " . "."""
    import shutil

    folder = tmp_path / "speaker-label"
    shutil.copytree(RULES / "speaker-label", folder)
    path = folder / "pass.xml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("<forename>Daniyar</forename> <surname>Sultanov</surname>",
                        "<forename>Daniyar</forename> <surname>.</surname>", 1)
    text = text.replace("<speaker>Daniyar Sultanov</speaker>",
                        '<speaker>Daniyar Sultanov<choice xml:id="label.1"><sic/><corr> .</corr></choice></speaker>', 1)
    path.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.split("\n"), start=1) if '<sp who="#sultanov"' in row)
    found = [(f.rule, f.line) for f in validate.iter_findings(path)]
    assert ("speaker-label", line) in found, found
