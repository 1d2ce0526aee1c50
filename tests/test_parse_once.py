"""A build reads and parses the TEI it writes once: validation, the DTS export and the rendering
take the tree prepare parsed (pipeline.Prepared.parsed), and so does the package; the name and
text checks take the transcript it encoded from. None of them changes that tree, and what they
find and make is what they find and make from the file."""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

from lxml import etree

from tei_roundtable import _xml, dts, metadata, pipeline, transcript, validate
from tei_roundtable.edition import load
from tei_roundtable._xml import Parsed, parse_bytes
from tei_roundtable.package import package

REPO = Path(__file__).resolve().parents[1]
EDITION = REPO / "tei" / "ipp-roundtable-2007-11-15.yaml"
INCLUDES = REPO / "tests" / "validate" / "rules" / "xinclude" / "pass.xml"


def _counting(monkeypatch, module, name: str, calls: list[str]) -> None:
    real = getattr(module, name)

    def counted(*args, **kw):
        calls.append(str(args[1] if name == "parse_bytes" and len(args) > 1 else args[0]))
        return real(*args, **kw)

    monkeypatch.setattr(module, name, counted)


def test_a_build_parses_its_tei_and_its_transcript_once(tmp_path, monkeypatch):
    parses: list[str] = []
    for module in (_xml, validate, dts, pipeline, sys.modules["tei_roundtable.package"]):
        for name in ("parse_bytes", "parse_file"):
            if hasattr(module, name):
                _counting(monkeypatch, module, name, parses)
    transcripts: list[str] = []
    _counting(monkeypatch, transcript, "parse", transcripts)
    built = pipeline.build(load(EDITION), tmp_path / "out")
    assert parses.count(str(built.tei)) == 1
    assert len(transcripts) == 1


def test_the_stages_leave_the_tree_as_parsed(tmp_path):
    ed = load(EDITION)
    prepared = pipeline.prepare(ed, tmp_path / "out")
    pipeline.render_edition(prepared, tmp_path / "out")
    assert etree.tostring(prepared.parsed.tree) == etree.tostring(parse_bytes(prepared.data, prepared.tei))


def test_findings_and_the_dts_export_are_those_of_the_file(tmp_path):
    ed = load(EDITION)
    prepared = pipeline.prepare(ed, tmp_path / "out")
    from_file = list(validate.iter_findings(prepared.tei, edition=ed))
    held = Parsed.of(prepared.data, prepared.tei)
    assert list(validate.iter_findings(prepared.tei, edition=ed, parsed=held,
                                       transcript=transcript.parse(ed.source_path))) == from_file
    assert dts.responses([prepared.tei], parsed={prepared.tei: held}) == dts.responses([prepared.tei])


def test_a_held_tree_with_includes_is_not_the_one_validated(tmp_path):
    """Resolving includes changes a tree: validation parses such a file again, and the caller's
    tree stays as it was."""
    data = INCLUDES.read_bytes()
    held = Parsed.of(data, INCLUDES)
    before = etree.tostring(held.tree)
    assert list(validate.iter_findings(INCLUDES, parsed=held)) == list(validate.iter_findings(INCLUDES))
    assert etree.tostring(held.tree) == before


def test_prepared_crosses_to_another_process_without_its_tree(tmp_path):
    prepared = pipeline.prepare(load(EDITION), tmp_path / "out")
    assert prepared.parsed is not None
    copy = pickle.loads(pickle.dumps(prepared))
    assert copy.parsed is None
    assert (copy.tei, copy.data, copy.findings, copy.transcript) == (prepared.tei, prepared.data, prepared.findings,
                                                                     prepared.transcript)


def test_package_takes_the_callers_tree_only_while_the_file_holds_its_bytes(tmp_path, monkeypatch):
    ed = load(EDITION)
    out = tmp_path / "out"
    built = pipeline.build(ed, out)
    held = Parsed.of(built.tei.read_bytes(), built.tei)
    seen = []
    real = metadata.record
    monkeypatch.setattr(metadata, "record", lambda tei, edition, tree: seen.append(tree) or real(tei, edition, tree))
    package(ed, out, tei=built.tei, parsed=held)
    assert seen[-1] is held.tree
    # bytes other than the file's: the file is parsed (and packed) instead
    package(ed, out, tei=built.tei, parsed=Parsed(held.data + b"\n", held.tree))
    assert seen[-1] is not held.tree
