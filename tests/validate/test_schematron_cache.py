"""The Schematron schema's stylesheet is kept in the cache folder (validate._schematron): a later
process checks with it and finds what the ISO skeleton's own output finds; a cached file that is
no stylesheet is made again; a schema that includes files, or a broken one, is not cached."""

from __future__ import annotations

from pathlib import Path

import pytest

from tei_roundtable import _cache, validate
from tei_roundtable._schemas import SCHEMATRON, Schema
from tei_roundtable.errors import TeiRoundtableError
from validate_cases import MINIMAL, case_documents


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    validate._schematron.cache_clear()
    yield tmp_path / "cache" / "tei-roundtable"
    validate._schematron.cache_clear()


def _findings() -> list[list[str]]:
    return [[str(f) for f in validate.iter_findings(path)] for path in case_documents("fail") + case_documents("pass")]


def _no_skeleton(monkeypatch) -> None:
    def refuse(schema, path):
        raise AssertionError("the ISO skeleton ran although the cache holds the stylesheet")

    monkeypatch.setattr(validate, "_skeleton", refuse)


def test_the_cached_stylesheet_finds_what_the_skeletons_output_finds(fresh_cache, monkeypatch):
    made = _findings()
    rules = {r.split("]")[0] for found in made for f in found for r in f.split("[")[1:]}
    assert {"choice-note", "corresp-resolves", "note-anchor", "ref-resolves"} <= rules  # Schematron rules
    assert len(list(fresh_cache.glob("schematron-*.marshal"))) == 1
    validate._schematron.cache_clear()
    _no_skeleton(monkeypatch)
    assert _findings() == made


def test_a_cached_file_that_is_no_stylesheet_is_made_again(fresh_cache, monkeypatch):
    expected = [str(f) for f in validate.iter_findings(MINIMAL)]
    (cached,) = fresh_cache.glob("schematron-*.marshal")
    _, sch = validate.schemas()
    key = {"format": "schematron stylesheet 2", "schema": _cache.file_digest(sch),
           "lxml": list(validate.etree.LXML_VERSION), "libxml2": list(validate.etree.LIBXML_VERSION),
           "libxslt": list(validate.etree.LIBXSLT_VERSION)}
    assert _cache.read(cached, key) is not None  # the key above is the one the file was written with
    for damage in (b"<not-a-stylesheet/>", b"not xml", "a string"):
        assert _cache.write(cached, key, damage)
        validate._schematron.cache_clear()
        assert [str(f) for f in validate.iter_findings(MINIMAL)] == expected
        assert type(_cache.read(cached, key)) is bytes and _cache.read(cached, key).startswith(b"<")


def test_a_schema_that_includes_files_is_not_cached(fresh_cache, tmp_path):
    (tmp_path / "main.sch").write_text(
        '<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt">'
        '<ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/><include href="part.sch"/></schema>', encoding="utf-8")
    schema = Schema(SCHEMATRON, "main.sch", tmp_path / "main.sch")
    for said in ("first words", "second words"):
        (tmp_path / "part.sch").write_text(
            '<pattern xmlns="http://purl.oclc.org/dsdl/schematron"><rule context="tei:TEI">'
            f'<assert id="always" test="false()">{said}</assert></rule></pattern>', encoding="utf-8")
        validate._schematron.cache_clear()
        found = [str(f) for f in validate.iter_findings(MINIMAL, schemas=[schema])]
        assert any(said in f for f in found), found
    assert not list(fresh_cache.glob("schematron-*"))


def test_a_broken_schema_is_not_cached(fresh_cache, tmp_path):
    rng, sch = validate.schemas()
    (tmp_path / rng.name).write_bytes(rng.read_bytes())
    text = sch.read_text(encoding="utf-8").replace('<rule context="tei:ref">', '<rule context="tei:ref"><extends rule="nowhere"/>', 1)
    (tmp_path / sch.name).write_text(text, encoding="utf-8")
    for _ in range(2):
        validate._schematron.cache_clear()
        with pytest.raises(TeiRoundtableError, match="the Schematron schema is broken"):
            list(validate.iter_findings(MINIMAL, schema_directory=tmp_path))
    assert not list(fresh_cache.glob("schematron-*"))


def test_the_stylesheet_without_the_default_walk_finds_what_lxmls_schematron_finds():
    """validate._skeleton drops the skeleton's walk in the default mode (it writes nothing); the
    checks then report what lxml's own isoschematron.Schematron reports, document by document."""
    from lxml import etree, isoschematron

    from tei_roundtable._xml import XMLError, parse_file

    _, sch = validate.schemas()
    stylesheet = validate._skeleton(etree.parse(str(sch)), sch)
    xsl = {"xsl": "http://www.w3.org/1999/XSL/Transform", "svrl": "http://purl.oclc.org/dsdl/svrl"}
    assert not stylesheet.xpath("//svrl:active-pattern/xsl:apply-templates", namespaces=xsl)
    ours = etree.XSLT(stylesheet)
    theirs = isoschematron.Schematron(etree.parse(str(sch)), store_report=True)

    def failures(report) -> list[tuple]:
        return [(f.get("id"), f.get("location"), " ".join("".join(f.itertext()).split()))
                for f in report.getroot().iterfind("svrl:failed-assert", xsl)]

    checked = 0
    for path in case_documents("fail") + case_documents("pass"):
        try:
            document = parse_file(path)
        except XMLError:
            continue  # the cases the safe parser refuses
        theirs.validate(document)
        assert failures(ours(document)) == failures(theirs.validation_report), path
        checked += bool(failures(ours(document)))
    assert checked > 20
