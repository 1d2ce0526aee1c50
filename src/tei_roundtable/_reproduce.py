"""Making a tei-roundtable package again from what it carries, for :mod:`.verify`.

Fixity cannot see a file changed by someone who also made the manifests again. A package of
this toolkit carries everything it is made from, so verify makes it again: the packaged TEI is
validated (each error a problem at its line), encoded again from the packaged transcript and
edition data, and its renderings, metadata, validation report and schemas are made again; a file
that differs, or that the toolkit does not make, is a ``reproduction`` problem naming it. This
adds about half a second to a check (the name-variant check, rendering and encoding; about a
second more in a fresh process).

Version skew decides nothing: a bag that claims another toolkit version is made again by this
one and each difference is an error (naming the claimed version), since the claim is an
unprotected line anyone can write.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import Iterator

from . import __version__
from .resources import schema_dir
from ._source import SourceRefused, named_source, source_path
from ._xml import parse_file
from .edition import load as load_edition
from .errors import CheckFailed, InputError, TeiRoundtableError
from .collection import FILE_NAME as COLLECTION_FILE
from .package import _bag_names, _made_files, _report, _resolve, _xml_model_hrefs, edition_data_files

_AGENT = re.compile(r"^tei-roundtable (\S+)")


def reproduction_problems(bag, bag_dir: Path, problem) -> Iterator:
    """A bag checked as a package of this toolkit, against its own sources (TEI, edition data, transcript).

    Fixity cannot see a file that was changed and had the manifests made again; but everything in
    such a package is made from what it carries. So (a) every packaged TEI is validated as
    ``validate`` does, each error a problem at its line; (b) the TEI is encoded again from the
    packaged transcript and edition data, and the renderings, metadata, validation report and
    schemas are made again from the packaged TEI: each file that differs is a problem naming it,
    and a payload file the toolkit does not make is one too.

    Every bag given to :func:`~tei_roundtable.verify.verify` is checked this way: what the bag
    says about itself (its ``Bag-Software-Agent``, how many edition data files it holds) decides
    nothing. A bag that claims another toolkit version is made again by this one, and each
    difference is an error whose message names the version the bag claims.
    """
    from . import metadata
    from .encode import encode
    from .render import render_outputs

    agent = bag.info.get("Bag-Software-Agent")
    found = _AGENT.match(agent) if isinstance(agent, str) else None
    skew = "" if found is not None and found.group(1) == __version__ else (
        f" (bag-info.txt says tei-roundtable {found.group(1)} made it: check it with that version)" if found else "")
    teis = sorted(p for p in (bag_dir / "data" / "tei").glob("*.xml") if p.is_file() and not p.is_symlink())
    data_files = edition_data_files(bag_dir / "data" / "tei")
    if not teis and not data_files:
        yield problem("data/tei", "reproduction", "no TEI and no edition data: not a tei-roundtable package "
                                                   "(check another tool's bag with verify --bagit-only)")
        return
    if len(data_files) != 1:
        # Each TEI is still validated: no file the bag adds switches a check off.
        for tei in teis:
            yield from _validation_problems(tei, problem)
        yield problem("data/tei", "reproduction", f"{len(data_files)} edition data files (data/tei/*.yaml): a "
                                                   "package holds one, so its content cannot be made again")
        return
    try:
        ed = load_edition(data_files[0])
        tei = data_files[0].with_name(f"{ed.id}.xml")
        rec = metadata.record(tei, ed)
    except InputError as exc:
        for tei in teis:
            yield from _validation_problems(tei, problem)
        yield problem(data_files[0].relative_to(bag_dir).as_posix(), "reproduction",
                      f"the content cannot be made again: {exc.message}")
        return
    if data_files[0].name != f"{ed.id}.yaml":
        # validate finds the edition data (for the name-variant check) as <id>.yaml beside the TEI.
        yield problem(data_files[0].relative_to(bag_dir).as_posix(), "reproduction",
                      f"the edition data of {ed.id} must be named {ed.id}.yaml")
    if tei.is_symlink():
        return  # never followed (a folder bag may hold one); the file check reports it
    tei_name = f"tei/{tei.name}"

    report = _report(tei)
    yield from _findings_as_problems(tei, report.findings, problem)

    def unmade(file: str, what: str, exc: TeiRoundtableError):
        first = exc.findings[0] if isinstance(exc, CheckFailed) and exc.findings else exc
        message = f"{first.location}: {first.message}" if isinstance(first, InputError) else str(first)
        return problem(file, "reproduction", f"{what} cannot be made again: {message}")

    complete = True
    expected: dict[str, bytes] = {}
    try:
        source = source_path(data_files[0], ed.meta["source"])
        expected[tei_name] = encode(source, ed)
    except (SourceRefused, FileNotFoundError) as exc:
        complete = False
        reason = exc.reason if isinstance(exc, SourceRefused) else "not found"
        yield problem(data_files[0].relative_to(bag_dir).as_posix(), "reproduction",
                      f"the TEI cannot be encoded again: the transcript it names ({ed.meta['source']}) "
                      f"cannot be read: {reason}")
    except TeiRoundtableError as exc:
        complete = False
        yield unmade(f"data/{tei_name}", "the TEI", exc)
    try:
        expected.update(render_outputs(tei))
    except TeiRoundtableError as exc:
        complete = False
        yield unmade(f"data/{tei_name}", "the HTML and text editions", exc)
    try:
        expected.update(_made_files(tei, rec, report.to_json().encode("utf-8")))
        if ed.collection is not None:
            expected["schema/collection.schema.json"] = (schema_dir() / "collection.schema.json").read_bytes()
        for href in _xml_model_hrefs(parse_file(tei)):
            inside, declared = _resolve("tei", href), schema_dir() / PurePosixPath(href).name
            if inside and declared.is_file():
                expected[inside] = declared.read_bytes()
        expected, _ = _bag_names(expected)
    except TeiRoundtableError as exc:
        complete = False
        yield unmade(f"data/{tei_name}", "the metadata", exc)

    for path, data in sorted(expected.items()):
        target = bag_dir / "data" / path
        # A missing file is reported by the completeness check, a link by the file check.
        if target.is_file() and not target.is_symlink() and target.read_bytes() != data:
            what = "transcript and edition data" if path == tei_name else "TEI and edition data"
            yield problem(f"data/{path}", "reproduction",
                          f"not what tei-roundtable {__version__} makes from the packaged {what}{skew}")
    if not complete:
        return  # the files that could not be made are not known
    # The transcript where the edition data and the TEI's header name it (the same file, normally).
    idno = named_source(parse_file(tei))
    named = idno.text if idno is not None else None
    inputs = [data_files[0]] + ([data_files[0].with_name(COLLECTION_FILE)] if ed.collection is not None else [])
    sources = {*(f"data/tei/{path.name}" for path in inputs), *(f"data/{path}" for path in expected),
               *(f"data/{inside}" for inside in (_resolve("tei", ed.meta["source"]), _resolve("tei", named or ""))
                 if inside)}
    for path in sorted((bag_dir / "data").rglob("*")):
        rel = path.relative_to(bag_dir).as_posix()
        if path.is_file() and rel not in sources:
            yield problem(rel, "reproduction",
                          f"not a file tei-roundtable {__version__} puts in a package of this edition{skew}")


# bagit_profile's checks with the file a failure concerns (Profile.validate runs the same list


def _validation_problems(tei: Path, problem) -> Iterator:
    yield from _findings_as_problems(tei, _report(tei).findings, problem)


def _findings_as_problems(tei: Path, findings, problem) -> Iterator:
    for finding in findings:
        if finding.severity == "error":
            where = f"data/tei/{tei.name}" + (f":{finding.line}" if finding.line else "") + (
                f":{finding.column}" if finding.line and finding.column else "")
            yield problem(where, finding.rule, finding.message)
