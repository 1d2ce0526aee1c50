"""An init project holds the schemas its TEI declares, where the TEI's <?xml-model?> PIs say."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from tei_roundtable.edition import load
from tei_roundtable.encode import encode
from tei_roundtable.init import init
from tei_roundtable.resources import schema_dir

FIXTURES = Path(__file__).parent / "fixtures"
OPTIONS = dict(editor="Ann Lee", contact="ann@example.org", licence="CC-BY-4.0")


def declared_schemas(tei: bytes) -> list[str]:
    root = etree.fromstring(tei)
    pis = [node for node in root.itersiblings(preceding=True) if isinstance(node, etree._ProcessingInstruction)]
    return [pi.get("href") for pi in pis if pi.target == "xml-model"]


def test_the_tei_of_an_init_project_finds_its_schemas(tmp_path):
    folder = tmp_path / "forum"
    init(folder, FIXTURES / "forum-2008.md", **OPTIONS)
    ed = load(folder / "tei" / "forum-2008.yaml")
    hrefs = declared_schemas(encode(ed.source_path, ed))
    assert hrefs, "the TEI declares its schemas"
    for href in hrefs:
        found = (folder / "tei" / href).resolve()
        assert found.is_file(), href
        assert found.read_bytes() == (schema_dir() / found.name).read_bytes()


def test_a_projects_own_schema_is_left_as_it_is(tmp_path):
    folder = tmp_path / "forum"
    init(folder, FIXTURES / "forum-2008.md", **OPTIONS)
    own = folder / "schema" / "tei-roundtable.sch"
    own.write_bytes(own.read_bytes() + b"<!-- the editors' own rule -->\n")
    kept = own.read_bytes()
    init(folder, FIXTURES / "forum-2009.md", **OPTIONS)
    assert own.read_bytes() == kept
