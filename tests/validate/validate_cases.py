"""Shared helpers of the validation tests (a plain module: test modules import it by name)."""

from __future__ import annotations

import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
RULES = HERE / "rules"
FIXTURES = HERE / "fixtures"
MINIMAL = FIXTURES / "minimal.xml"
_MARKER = re.compile(r"<!--expect: ([a-z][a-z0-9-]*)-->")


def expected_findings(path: Path) -> set[tuple[str, int]]:
    """The (rule, line) pairs a case document announces with ``<!--expect: RULE-->`` markers."""
    text = path.read_bytes().decode("utf-8", "replace")
    return {(m[1], text.count("\n", 0, m.start()) + 1) for m in _MARKER.finditer(text)}


def case_documents(kind: str) -> list[Path]:
    """``pass*.xml`` or ``fail*.xml`` of every rule directory."""
    return sorted(RULES.glob(f"*/{kind}*.xml"))


def big_document(directory: Path, size: int) -> Path:
    """A valid edition of at least ``size`` bytes: fixtures/minimal.xml whose last turn goes on
    for many long paragraphs, with its source transcript (beside it) extended alike."""
    import hashlib

    from lxml import etree

    from tei_roundtable._xml import NS, XML_NS, parse_file

    words = ("the canals of the valley still carry water to the fields and the towns "
             "and the engineers keep them in repair every spring ").split()
    paragraph = " ".join(words * 1000)  # about 100 KB, far below libxml2's 10 MB text limit
    count = size // len(paragraph) + 1
    source_text = (FIXTURES / "minimal.md").read_text(encoding="utf-8").rstrip("\n")
    source_text += "".join(f"\n\n{paragraph}" for _ in range(count)) + "\n"
    (directory / "source").mkdir(parents=True, exist_ok=True)
    source = directory / "source" / "minimal.md"
    source.write_text(source_text, encoding="utf-8")
    tree = parse_file(MINIMAL)
    root = tree.getroot()
    last = root.findall(".//tei:body/tei:div/tei:sp", NS)[-1]
    turn = last.get("n")
    for number in range(2, count + 2):
        p = etree.SubElement(last, f"{{{NS['tei']}}}p", {"n": str(number), f"{{{XML_NS}}}id": f"t{turn}.{number}"})
        p.text = paragraph
        p.tail = last[-2].tail
    bibl = root.find(".//tei:sourceDesc/tei:bibl", NS)
    bibl.find("tei:idno[@type='file']", NS).text = "source/minimal.md"
    bibl.find("tei:idno[@type='sha256']", NS).text = hashlib.sha256(source.read_bytes()).hexdigest()
    path = directory / "big.xml"
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    return path
