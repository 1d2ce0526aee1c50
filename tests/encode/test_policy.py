"""The editorial principles (editorialDecl) are data: the toolkit's default wording, or the edition's own."""

from __future__ import annotations

from pathlib import Path

import yaml

from tei_roundtable._xml import NS, parse_bytes
from tei_roundtable.encode import POLICY_PARTS, default_policy, encode

FIXTURES = Path(__file__).parent / "fixtures"


def _decl(tei) -> dict[str, list[str]]:
    decl = tei.find(".//tei:encodingDesc/tei:editorialDecl", NS)
    return {part.tag.split("}")[1]: [" ".join("".join(p.itertext()).split()) for p in part.findall("tei:p", NS)]
            for part in decl}


def test_an_edition_without_its_own_wording_takes_the_default():
    tei = parse_bytes(encode(FIXTURES / "seminar.md", FIXTURES / "seminar.yaml"), "seminar")
    assert _decl(tei) == {part: [" ".join(p.split()) for p in default_policy()[part]] for part in POLICY_PARTS}


def test_the_default_says_nothing_of_one_edition():
    text = " ".join(p for paragraphs in default_policy().values() for p in paragraphs)
    for particular in ("Concept", "Russian", "English", "Kazakhstan", "IPP"):
        assert particular not in text, particular


def test_an_edition_words_a_part_of_its_own(tmp_path):
    data = yaml.safe_load((FIXTURES / "seminar.yaml").read_text(encoding="utf-8"))
    data["edition"]["editorial_policy"] = {"quotation": ["Quotation marks are as printed; nothing else is said."]}
    (tmp_path / "seminar.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (tmp_path / "seminar.md").write_bytes((FIXTURES / "seminar.md").read_bytes())
    decl = _decl(parse_bytes(encode(tmp_path / "seminar.md", tmp_path / "seminar.yaml"), "seminar"))
    assert decl["quotation"] == ["Quotation marks are as printed; nothing else is said."]
    assert decl["correction"] == [" ".join(p.split()) for p in default_policy()["correction"]]
