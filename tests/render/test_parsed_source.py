"""A build hands rendering the TEI's bytes with their parse (_xml.Parsed): Saxon then reads the
file while it holds those bytes, and the bytes are searched for the characters the stylesheets
isolate. Same outputs as from the tree; the same characters found; nothing else read."""

from __future__ import annotations

import shutil

import pytest
from lxml import html

from conftest import EDITION_TEI
from tei_roundtable import _xslt
from tei_roundtable._xml import Parsed, parse_file
from tei_roundtable.render import _load, render_outputs

RLO = "\u202e"
BIDI_RANGES = [(0x200E, 0x200F), (0x061C, 0x061C), (0x202A, 0x202E), (0x2066, 0x2069), (0x0590, 0x08FF),
               (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF), (0x10800, 0x10FFF), (0x1E800, 0x1EFFF)]


def _copy(tmp_path, replace: tuple[bytes, bytes] | None = None):
    path = tmp_path / EDITION_TEI.name
    shutil.copy(EDITION_TEI, path)
    shutil.copytree(EDITION_TEI.parent / "source", tmp_path / "source")
    if replace:
        data = path.read_bytes()
        assert data.count(replace[0]) >= 1
        path.write_bytes(data.replace(replace[0], replace[1], 1))
    return path


def test_the_outputs_from_the_parse_are_those_from_the_file():
    parsed = Parsed.of(EDITION_TEI.read_bytes(), EDITION_TEI)
    source, _ = _load(EDITION_TEI, parsed=parsed)
    assert isinstance(source, _xslt.FileSource)
    assert render_outputs(EDITION_TEI, parsed=parsed) == render_outputs(EDITION_TEI)
    assert source.node() is not None and source.has_bidi is False


def test_a_file_that_no_longer_holds_the_bytes_is_not_read(tmp_path):
    path = _copy(tmp_path)
    parsed = Parsed.of(path.read_bytes(), path)
    expected = render_outputs(path, tree=parsed.tree)
    path.write_bytes(path.read_bytes().replace(b"Perspectives", f"Perspectives{RLO}".encode(), 1))
    source, _ = _load(path, parsed=parsed)
    assert type(source) is _xslt.Source, "Saxon parses lxml's serialisation of the tree it was given"
    assert render_outputs(path, parsed=parsed) == expected
    path.unlink()
    assert render_outputs(path, parsed=parsed) == expected


@pytest.mark.parametrize("written", [RLO.encode(), b"&#x202E;", b"&#8238;"])
def test_a_bidi_control_in_the_bytes_is_found_and_isolated(tmp_path, written):
    path = _copy(tmp_path, (b"Perspectives", b"Perspectives" + written))
    parsed = Parsed.of(path.read_bytes(), path)
    source, _ = _load(path, parsed=parsed)
    source.node()
    assert source.has_bidi is True
    page = html.document_fromstring(render_outputs(path, parsed=parsed)["html/index.html"])
    assert f"\u2068Perspectives{RLO}" in page.xpath("string(//p[@class='citation'])")


def test_a_document_in_another_encoding_is_searched_as_lxml_parsed_it(tmp_path):
    path = tmp_path / "latin.xml"
    path.write_bytes('<?xml version="1.0" encoding="ISO-8859-1"?><a>caf\u00e9 \u00d6</a>'.encode("latin-1"))
    parsed = Parsed.of(path.read_bytes(), path)
    assert _xslt.bytes_have_bidi(parsed.data, parsed.tree) is False
    path.write_bytes(b'<?xml version="1.0" encoding="ISO-8859-1"?><a>&#x05D0;</a>')
    parsed = Parsed.of(path.read_bytes(), path)
    assert _xslt.bytes_have_bidi(parsed.data, parsed.tree) is True


def test_the_byte_search_finds_every_character_the_text_search_does():
    """_BIDI_CANDIDATES must catch the UTF-8 of every character of _BIDI_PATTERNS: every code
    point of the planes its lead bytes can start, one by one and between other text."""
    tree = parse_file(EDITION_TEI)
    for code in range(0x40000):
        if 0xD800 <= code < 0xE000:
            continue
        data = f"<a>x\u2014{chr(code)}\u00e9y</a>".encode()
        assert _xslt.bytes_have_bidi(data, tree) == _xslt.text_has_bidi(chr(code)), hex(code)
    assert all(_xslt.text_has_bidi(chr(low)) and _xslt.text_has_bidi(chr(high)) for low, high in BIDI_RANGES)


def test_saxon_refuses_a_doctype_in_a_file_it_reads(tmp_path):
    """Were the file changed after it was compared, Saxon's own parser declares no entity."""
    from saxonche import PySaxonApiError

    path = tmp_path / "doctype.xml"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY e "boom">]>\n<a>&e;</a>\n', encoding="utf-8")
    with pytest.raises(PySaxonApiError, match="DOCTYPE"):
        _xslt._saxon().parse_xml(xml_file_name=str(path))


def test_a_relative_name_is_the_file_in_the_current_folder(tmp_path, monkeypatch):
    """Saxon resolves a relative name against the folder it started in, not the current one."""
    path = _copy(tmp_path, (b"Perspectives", b"Perspectives" + RLO.encode()))
    monkeypatch.chdir(tmp_path)
    relative = type(path)(path.name)
    parsed = Parsed.of(relative.read_bytes(), relative)
    assert render_outputs(relative, parsed=parsed) == render_outputs(relative, tree=parsed.tree)
