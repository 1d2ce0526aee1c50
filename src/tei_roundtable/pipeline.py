"""The pipeline in one place: encode → validate → render → package, for one edition.

Each stage is a module of its own; this one only runs them in order and hands each stage's
result to the next: each stage runs once (package takes the TEI, its validation report and
the renderings as the build made them, through a :class:`~tei_roundtable._record.BuildRecord`,
which is also written to ``<out>/build-record.json`` for a later ``package`` run). It prints nothing: what a caller shows is reported through ``report``
(the CLI echoes it), so the same build runs under a command, a test or another program.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from . import validate as validate_mod
from ._io import write_bytes
from ._record import BuildRecord
from .edition import Edition
from .errors import CheckFailed
from .findings import ERROR, Finding
from .resources import schema_dir


@dataclass(frozen=True)
class Event:
    """One line of what a build did: ``stage`` (encoded, valid, rendered, packaged) and a path,
    or a warning."""

    stage: str
    text: str
    warning: bool = False


@dataclass
class Built:
    """What a build wrote for one edition."""

    edition: Edition
    tei: Path
    renderings: list[Path] = field(default_factory=list)
    archives: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def _silent(event: Event) -> None:
    pass


def build(ed: Edition, out_dir: str | Path, *, report: Callable[[Event], None] = _silent) -> Built:
    """Build edition ``ed`` into ``out_dir``; raise :class:`CheckFailed` at the first stage that fails.

    An edition that does not validate is neither rendered nor packaged.
    """
    from .encode import SCHEMA_PIS, encode as encode_bytes
    from .package import check_packageable, package
    from .render import render
    from .transcript import parse

    out_dir = Path(out_dir)
    check_packageable(ed)
    # The bytes the build record hashes, read before the stages that read them.
    transcript_bytes, edition_bytes = ed.source_path.read_bytes(), ed.path.read_bytes()
    transcript = parse(ed.source_path)
    for finding in transcript.warnings:
        report(Event("warning", str(finding) + (f"\n  hint: {finding.hint}" if finding.hint else ""), True))
    data = encode_bytes(transcript, ed)
    committed = ed.path.parent / f"{ed.id}.xml"
    if committed.is_file() and committed.read_bytes() != data:
        report(Event("warning", f"warning: {committed} is stale; run `tei-roundtable encode -o {committed}`", True))
    tei_dir = out_dir / "tei"
    tei_path = tei_dir / f"{ed.id}.xml"
    write_bytes(tei_path, data)
    # Beside the TEI, as in tei/: the transcript it cites and the edition data the name check reads.
    write_bytes(tei_dir / "source" / ed.source_path.name, transcript_bytes)
    write_bytes(tei_dir / ed.path.name, edition_bytes)
    # The schemas its <?xml-model?> PIs declare (../schema/…), so that the output is checkable as it is.
    for name, _ in SCHEMA_PIS:
        write_bytes(out_dir / "schema" / name, (schema_dir() / name).read_bytes())
    report(Event("encoded", str(tei_path)))
    built = Built(ed, tei_path)

    # The edition data beside the TEI is a copy of ed's file: the name check takes ed as loaded.
    built.findings = list(validate_mod.iter_findings(tei_path, edition=ed))
    errors = [f for f in built.findings if f.severity == ERROR]
    for finding in built.findings:
        report(Event("finding", str(finding), True))
    if errors:
        raise CheckFailed(f"{tei_path} does not validate ({len(errors)} error(s)); nothing rendered or packaged")
    report(Event("valid", f"{tei_path} ({len(built.findings)} warning(s))"))

    built.renderings = render(tei_path, out_dir)
    for path in built.renderings:
        report(Event("rendered", str(path)))

    # What package would otherwise make again: the TEI is the one just encoded, its report the
    # findings above (named as the package names the TEI), the renderings the files just written.
    name = f"tei/{tei_path.name}"
    package_report = validate_mod.Report(
        [(name, [replace(f, file=name) if f.file == str(tei_path) else f for f in built.findings])])
    record = BuildRecord.of(
        transcript=transcript_bytes, edition_data=edition_bytes, tei=data,
        report=package_report.to_json(),
        renderings={path.relative_to(out_dir).as_posix(): path.read_bytes() for path in built.renderings})
    record.write(out_dir)
    built.archives = package(ed, out_dir, tei=tei_path, record=record).archives
    for archive in built.archives:
        report(Event("packaged", str(archive)))
    return built
