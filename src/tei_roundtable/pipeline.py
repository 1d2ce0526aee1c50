"""The pipeline in one place: encode → validate → export DTS → render → package, for an edition or a collection.

Each stage is a module of its own; this one only runs them in order and hands each stage's
result to the next: each stage runs once (package takes the TEI, its validation report and
the renderings as the build made them, through a :class:`~tei_roundtable._record.BuildRecord`,
which is also written to ``<out>/build-record.json`` for a later ``package`` run). The stages
are three functions that :func:`build` calls in order: :func:`prepare` (encode, validate,
export DTS: nothing that runs Saxon), :func:`render_edition` and :func:`finish` (the build
record and the package); a collection build calls the same three, the first in worker
processes (:func:`_build_in_parallel` says why). It prints nothing: what a caller shows is
reported through ``report`` (the CLI echoes it), so the same build runs under a command, a
test or another program.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import tempfile
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from . import validate as validate_mod
from ._children import end_with
from ._io import write_bytes, write_files
from ._saxon_host import saxon_host
from ._record import BuildRecord, toolkit_digest
from ._xml import Parsed, XMLError, parse_bytes
from .collection import Collection
from .edition import Edition
from .errors import CheckFailed, TeiRoundtableError
from .findings import ERROR, Finding
from .resources import schema_dir

if TYPE_CHECKING:
    from ._saxon_host import SaxonHost, Task
    from .search import SearchIndex


@dataclass(frozen=True)
class Event:
    """One line of what a build did: ``stage`` (encoded, valid, exported, rendered, packaged) and
    a path, or a warning."""

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
    # The edition page's search index, made once: a collection's search shard is the same index.
    search_index: SearchIndex | None = None


def _silent(event: Event) -> None:
    pass


def build(ed: Edition, out_dir: str | Path, *, report: Callable[[Event], None] = _silent,
          host: SaxonHost | None = None) -> Built:
    """Build edition ``ed`` into ``out_dir``; raise :class:`CheckFailed` at the first stage that fails.

    The stages, in order: :func:`prepare` (encode, validate, export DTS), :func:`render_edition`
    (the page and the text editions), :func:`finish` (the build record and the package). A
    collection build runs the same three, :func:`prepare` in worker processes (see
    :func:`build_collection`). An edition that does not validate is neither rendered nor packaged
    (nothing of its rendering is written). With a ``host`` (:func:`._saxon_host.saxon_host`), the
    TEI is rendered there from the moment it is encoded, while this process validates it.
    """
    out_dir = Path(out_dir)
    rendering, encoded = _rendered_in(host)
    prepared = prepare(ed, out_dir, report=report, encoded=encoded)
    rendered = render_edition(prepared, out_dir, report=report, made=rendering[0] if rendering else None)
    return finish(ed, prepared, rendered, out_dir, report=report)


def _rendered_in(host: SaxonHost | None) -> tuple[list[Task], Callable[[bytes, Path], None] | None]:
    """With a host, :func:`prepare`'s ``encoded`` hands the TEI to it to render (:func:`_rendered`),
    and the list gets the task; without one, nothing."""
    rendering: list[Task] = []
    if host is None:
        return rendering, None

    def encoded(data: bytes, tei: Path) -> None:
        rendering.append(host.submit(_rendered, data, str(tei)))

    return rendering, encoded


@dataclass
class Prepared:
    """What :func:`prepare` made of an edition: the TEI (written to ``tei``; ``data``, its bytes),
    its validation findings, and the input bytes the build record hashes, as they were read
    before encoding. Plain data: a collection build's worker makes it and hands it over."""

    tei: Path
    data: bytes
    findings: list[Finding]
    transcript: bytes
    edition_data: bytes
    collection: bytes | None
    # The TEI's safe parse, which the stages after prepare in this process read instead of
    # parsing ``data`` again; not handed to another process (a worker's parent parses the bytes).
    parsed: Parsed | None = field(default=None, repr=False, compare=False)

    def __getstate__(self) -> dict:
        return {**self.__dict__, "parsed": None}


@dataclass
class Rendered:
    """What :func:`render_edition` wrote (the files, and their bytes by their path relative to
    the output folder, which the build record hashes), and the search index the page holds (a
    collection's search shard is the same index)."""

    renderings: list[Path]
    search_index: SearchIndex
    data: dict[str, bytes]


def prepare(ed: Edition, out_dir: Path, *, report: Callable[[Event], None] = _silent,
            encoded: Callable[[bytes, Path], None] | None = None) -> Prepared:
    """Encode ``ed`` into ``out_dir/tei`` (with the sources and schemas it names), validate it and
    export it for DTS (``out_dir/dts``): every stage of a build that does not run Saxon, so that a
    collection build's workers run them without its heap (see :func:`build_collection`).
    ``encoded`` is told of the TEI (its bytes, its path) as soon as it is written."""
    from .dts import export as dts_export
    from .encode import SCHEMA_PIS, encode as encode_bytes
    from .package import check_packageable
    from .transcript import parse

    check_packageable(ed)
    # The bytes the build record hashes, read before the stages that read them.
    transcript_bytes, edition_bytes = ed.source_path.read_bytes(), ed.path.read_bytes()
    collection_bytes = ed.collection.path.read_bytes() if ed.collection is not None else None
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
    if ed.collection is not None:  # the shared register the edition data names
        write_bytes(tei_dir / ed.collection.path.name, collection_bytes)
    # The schemas its <?xml-model?> PIs declare (../schema/…), so that the output is checkable as it is.
    for name, _ in SCHEMA_PIS:
        write_bytes(out_dir / "schema" / name, (schema_dir() / name).read_bytes())
    report(Event("encoded", str(tei_path)))
    if encoded is not None:
        encoded(data, tei_path)
    try:
        parsed = Parsed.of(data, tei_path)  # once, for validation, the DTS export and rendering
    except XMLError:
        parsed = None  # validation parses the file and reports why it is no XML

    # The edition data and the transcript beside the TEI are copies of ed's files: the name and
    # text checks take them as loaded and parsed here.
    findings = list(validate_mod.iter_findings(tei_path, edition=ed, transcript=transcript, parsed=parsed))
    errors = [f for f in findings if f.severity == ERROR]
    for finding in findings:
        report(Event("finding", str(finding), True))
    if errors:
        raise CheckFailed(f"{tei_path} does not validate ({len(errors)} error(s)); nothing rendered or packaged")
    report(Event("valid", f"{tei_path} ({len(findings)} warning(s))"))
    exported = dts_export(tei_path, out_dir / "dts", parsed=parsed)
    report(Event("exported", f"{len(exported)} DTS files into {out_dir / 'dts'}"))
    return Prepared(tei_path, data, findings, transcript_bytes, edition_bytes, collection_bytes, parsed)


def render_edition(prepared: Prepared, out_dir: Path, *, report: Callable[[Event], None] = _silent,
                   made: Task | None = None) -> Rendered:
    """The HTML page and the text editions of the prepared TEI, into ``out_dir`` (Saxon): made
    here, or taken from ``made``, the host's rendering of the same TEI (:func:`_rendered_in`)."""
    from .render import write_outputs

    outputs, index = made.result() if made is not None else _rendered(prepared.data, str(prepared.tei), prepared.parsed)
    renderings = write_outputs(outputs, prepared.tei, out_dir)
    for path in renderings:
        report(Event("rendered", str(path)))
    return Rendered(renderings, index, outputs)


def _rendered(data: bytes, tei_path: str, parsed: Parsed | None = None) -> tuple[dict[str, bytes], SearchIndex]:
    """The edition's renderings (:func:`.render.render_outputs`) and its search index, which the
    page holds and a collection's shard reuses, from the TEI parsed once for both (``parsed``,
    where :func:`prepare` parsed it in this process)."""
    from . import search
    from .render import edition_id, render_outputs

    if parsed is None:
        parsed = Parsed.of(data, tei_path)
    index = search.build([(edition_id(parsed.tree, tei_path), parsed.tree)])
    return render_outputs(tei_path, parsed=parsed, search_index=index), index


def finish(ed: Edition, prepared: Prepared, rendered: Rendered, out_dir: Path, *,
           report: Callable[[Event], None] = _silent) -> Built:
    """The build record and the deposit package of what the stages before made (Saxon, for the
    package's Dublin Core record)."""
    from .package import package

    # What package would otherwise make again: the TEI is the one just encoded, its report the
    # findings (named as the package names the TEI), the renderings the files just written.
    tei_path = prepared.tei
    name = f"tei/{tei_path.name}"
    package_report = validate_mod.Report(
        [(name, [replace(f, file=name) if f.file == str(tei_path) else f for f in prepared.findings])])
    record = BuildRecord.of(
        transcript=prepared.transcript, edition_data=prepared.edition_data, collection=prepared.collection,
        tei=prepared.data, report=package_report.to_json(),
        renderings=rendered.data)
    record.write(out_dir)
    archives = package(ed, out_dir, tei=tei_path, record=record, parsed=prepared.parsed).archives
    for archive in archives:
        report(Event("packaged", str(archive)))
    return Built(ed, tei_path, rendered.renderings, archives, prepared.findings, rendered.search_index)


# ----- a collection ---------------------------------------------------------------------------

STATE_FILE = "build-inputs.json"  # in each edition's output folder: what it was built from
# Also there: the edition's part of the collection's search (its shard, made with the edition
# from the page's index) and the hash of the TEI it was made from, which the collection's pages take
# in place of making it again while the TEI is that one.
SHARD_FILE, SHARD_STATE = "collection/search.js", "collection/search.json"


@dataclass
class EditionOutcome:
    """How one edition of a collection build ended: ``built``, ``unchanged`` or ``failed``."""

    edition_id: str
    status: str
    seconds: float = 0.0
    events: list[Event] = field(default_factory=list)
    error: str | None = None


@dataclass
class CollectionBuilt:
    outcomes: list[EditionOutcome]
    outputs: list[Path] = field(default_factory=list)  # the collection's own: its TEI, pages, table, package
    skipped: str | None = None  # why the collection's outputs were not made this time

    @property
    def failed(self) -> list[EditionOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]


def inputs_digest(ed: Edition) -> str:
    """A hash of everything an edition's outputs are made from: its transcript and data, the
    collection's shared register, and the toolkit (version, modules, schemas and stylesheets).

    Content, not file times: a touched file is not a changed one, and a copied project keeps
    its outputs current.
    """
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)

    add("toolkit", toolkit_digest().encode())
    add("transcript", ed.source_path.read_bytes())
    add("edition", ed.path.read_bytes())
    if ed.collection is not None:
        register = ed.collection.data["register"]
        add("register", json.dumps(register, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()


def _edition_dir(out_dir: Path, ed: Edition | _Planned) -> Path:
    return out_dir / ed.id


def _is_current(ed: Edition | _Planned, target: Path, digest: str) -> bool:
    try:
        state = json.loads((target / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(state, dict) and state.get("inputs") == digest


@dataclass
class _Begun:
    """An edition of a collection after :func:`prepare`, in its temporary folder ``partial``
    beside ``target``, on its way from the worker that prepared it to the process that renders
    it: plain data (the TEI and its inputs' bytes, some 270 KB for a benchmark edition), picklable. ``edition``
    comes without its collection, which the receiving process has (:func:`_collection`)."""

    edition: Edition
    collection_path: str
    digest: str
    partial: Path
    target: Path
    prepared: Prepared
    events: list[Event]  # the warnings so far, naming the target
    seconds: float


def _failed(ident: str, exc: TeiRoundtableError, started: float, events: list[Event] | None = None,
            partial: Path | None = None, target: Path | None = None) -> EditionOutcome:
    lines = [str(f) for f in getattr(exc, "findings", [])] + [str(exc)]
    error = "\n".join(lines)
    if partial is not None:  # messages name the place, not the temporary folder
        error = error.replace(str(partial), str(target))
    return EditionOutcome(ident, "failed", time.perf_counter() - started, list(events or []), error)


def _naming(partial: Path, target: Path, events: list[Event]) -> Callable[[Event], None]:
    """A ``report`` that keeps an edition's warnings, naming its place rather than its temporary
    folder: the stages' own lines (encoded, rendered…) are the build's business; what the caller
    shows of an edition of a collection is its warnings."""

    def report(event: Event) -> None:
        if event.warning:
            events.append(Event(event.stage, event.text.replace(str(partial), str(target)), event.warning))

    return report


def _prepare_one(data_path: str, collection_path: str, out_dir: str, digest: str,
                 encoded: Callable[[bytes, Path], None] | None = None) -> _Begun | EditionOutcome:
    """Load one edition of a collection and :func:`prepare` it in a new temporary folder beside
    its place ``out_dir/<id>``; the rest is :func:`_finish_one`'s.

    Runs in a worker process (it loads what it needs from the paths) and never raises: a
    failure is an outcome, its temporary folder removed, so one failing edition does not stop
    the others. Nothing here runs Saxon (tests/collection/test_parallel_stages.py).
    """
    from . import edition as edition_mod

    started = time.perf_counter()
    ident = Path(data_path).stem
    try:
        # Cached per process, by where the file is and what it holds: a relative path names another
        # file after a change of working folder, and a rewritten file is another collection.
        ed = edition_mod.load(data_path, collection=_collection(collection_path))
        ident = ed.id
        target = _edition_dir(Path(out_dir), ed)
        # Built beside its place and swapped in when whole: a failed build leaves the previous
        # outputs as they were, and never half of new ones.
        partial = Path(tempfile.mkdtemp(prefix=f".{ed.id}.", dir=out_dir))
    except TeiRoundtableError as exc:
        return _failed(ident, exc, started)
    events: list[Event] = []
    try:
        prepared = prepare(ed, partial, report=_naming(partial, target, events), encoded=encoded)
    except TeiRoundtableError as exc:
        shutil.rmtree(partial, ignore_errors=True)
        return _failed(ident, exc, started, events, partial, target)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return _Begun(replace(ed, collection=None), collection_path, digest, partial, target, prepared, events,
                  time.perf_counter() - started)


def _finish_one(begun: _Begun | EditionOutcome, made: Task | None = None) -> EditionOutcome:
    """Render and package a prepared edition in its temporary folder, write its search shard
    and state, and swap the folder into its place; or, on any failure, remove it. Never raises
    for a failure of the edition's (an outcome says it). ``made``: see :func:`render_edition`."""
    from .corpus import swap_in

    if isinstance(begun, EditionOutcome):
        return begun
    started = time.perf_counter() - begun.seconds  # the time in the queue between is not the edition's
    partial, target, ident = begun.partial, begun.target, begun.edition.id
    events = list(begun.events)
    report = _naming(partial, target, events)
    try:
        ed = replace(begun.edition, collection=_collection(begun.collection_path))
        rendered = render_edition(begun.prepared, partial, report=report, made=made)
        built = finish(ed, begun.prepared, rendered, partial, report=report)
        _write_shard(ed, partial, begun.prepared.data, built.search_index)
        (partial / STATE_FILE).write_text(json.dumps({"edition": ed.id, "inputs": begun.digest}) + "\n",
                                          encoding="utf-8")
        swap_in(partial, target)
    except TeiRoundtableError as exc:
        return _failed(ident, exc, started, events, partial, target)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return EditionOutcome(ident, "built", time.perf_counter() - started, events)


def _build_one(data_path: str, collection_path: str, out_dir: str, digest: str,
               host: SaxonHost | None = None) -> EditionOutcome:
    """Build one edition of a collection into ``out_dir/<id>``, whole or not at all, in this
    process (with Saxon in ``host``: :func:`build`)."""
    rendering, encoded = _rendered_in(host)
    begun = _prepare_one(data_path, collection_path, out_dir, digest, encoded=encoded)
    return _finish_one(begun, made=rendering[0] if rendering else None)


# The collections this process has loaded, by where the file is and what it holds (a relative
# path names another file after a change of working folder, and a rewritten file is another
# collection): a worker loads its collection once, and a build in this process takes the one its
# caller loaded (:func:`build_collection`). A handful at most.
_COLLECTIONS: dict[tuple[str, str, str], Collection] = {}


def _collection(path: str, loaded: Collection | None = None) -> Collection:
    """The collection at ``path``: ``loaded`` (the caller's, of that file) or the one loaded before."""
    from . import collection as collection_mod

    key = (path, str(Path(path).resolve()), _file_digest(path))
    if key not in _COLLECTIONS:
        while len(_COLLECTIONS) >= 4:
            del _COLLECTIONS[next(iter(_COLLECTIONS))]
        _COLLECTIONS[key] = loaded if loaded is not None else collection_mod.load(path)
    return _COLLECTIONS[key]


def _write_shard(ed: Edition, folder: Path, tei: bytes, index: SearchIndex | None = None) -> None:
    """The edition's collection search shard, of its TEI (``tei``, the bytes the build wrote to
    ``folder/tei``): the page's own ``index`` when it is of this id."""
    from ._collection_pages import edition_shard, index_shard

    if index is not None and all(doc.edition == ed.id for doc in index.docs):
        shard = index_shard(ed.id, index)
    else:
        shard = edition_shard(ed.id, parse_bytes(tei, folder / "tei" / f"{ed.id}.xml"))
    write_bytes(folder / SHARD_FILE, shard)
    write_bytes(folder / SHARD_STATE, (json.dumps({"tei": hashlib.sha256(tei).hexdigest()}) + "\n").encode())


def _made_shard(out_dir: Path, ident: str) -> bytes | None:
    """The shard an edition's build made, if it was made from the TEI the edition has now."""
    folder = out_dir / ident
    try:
        state = json.loads((folder / SHARD_STATE).read_text(encoding="utf-8"))
        tei = (folder / "tei" / f"{ident}.xml").read_bytes()
        if not isinstance(state, dict) or state.get("tei") != hashlib.sha256(tei).hexdigest():
            return None
        return (folder / SHARD_FILE).read_bytes()
    except (OSError, ValueError):
        return None


def _file_digest(path: str) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""  # collection.load reports it, at the file


def build_collection(
    coll: Collection,
    out_dir: str | Path,
    *,
    jobs: int = 1,
    force: bool = False,
    editions: list[Edition] | None = None,
    on_done: Callable[[EditionOutcome], None] = lambda outcome: None,
    host: SaxonHost | None = None,
) -> CollectionBuilt:
    """Build every edition of ``coll`` into ``out_dir/<edition-id>/`` (``jobs`` processes at once),
    skipping those whose inputs have not changed since their last build (unless ``force``).

    Each edition is built once, whole or not at all; one that fails does not stop the others.
    ``on_done`` hears of each edition as it ends (a progress bar), with its warnings and error,
    which the result does not keep: a thousand editions' warnings are some 60 MB, shown as each
    edition ends rather than held to the end. ``editions`` are those of ``coll`` when the caller
    has loaded them already; ``host``, a Saxon host the caller has started for a build in one
    process (``jobs`` 1), which is otherwise started here.
    """
    out_dir = Path(out_dir)
    planned = _planned(coll if editions is None else editions)
    out_dir.mkdir(parents=True, exist_ok=True)
    outcomes: dict[str, EditionOutcome] = {}
    tasks = []
    for ed in planned:
        # Unchanged editions are known here, without starting a worker for them.
        if not force and _is_current(ed, _edition_dir(out_dir, ed), ed.digest):
            outcomes[ed.path] = _heard(EditionOutcome(ed.id, "unchanged"), on_done)
        else:
            tasks.append((ed.path, str(coll.path), str(out_dir), ed.digest))
    if jobs == 1 or not tasks:
        # One process builds; Saxon runs in a second one (where it can), rendering each edition
        # while this one validates it, and making the collection's pages.
        with (nullcontext(host) if host is not None else saxon_host()) if tasks else nullcontext() as host:
            _collection(str(coll.path), coll)  # the collection as the caller loaded it
            for task in tasks:
                outcomes[task[0]] = _heard(_build_one(*task, host=host), on_done)
            return _with_outputs(coll, planned, out_dir, force, outcomes)
    for key, outcome in _build_in_parallel(tasks, jobs):
        outcomes[key] = _heard(outcome, on_done)
    return _with_outputs(coll, planned, out_dir, force, outcomes)


def _with_outputs(coll: Collection, planned: list[_Planned], out_dir: Path, force: bool,
                  outcomes: dict[str, EditionOutcome]) -> CollectionBuilt:
    """The build's result, with the collection's outputs made when every edition is built."""
    result = CollectionBuilt([outcomes[ed.path] for ed in planned])
    if result.failed:
        result.skipped = "the collection's TEI, pages and package are made when every edition is built"
    else:
        result.outputs, result.skipped = _collection_outputs(coll, planned, out_dir, force)
    return result


@dataclass(frozen=True)
class _Planned:
    """What a collection build needs of an edition once its data is checked: its id, data file
    and inputs' hash. The loaded edition is not held through the build (a thousand are some
    30 MB, measured, in the process that also builds); its worker loads it again."""

    id: str
    path: str
    digest: str


def _planned(editions: Collection | list[Edition]) -> list[_Planned]:
    """Every edition's data checked before any work (a data error stops the build), each
    edition loaded for that alone when ``editions`` is the collection."""
    from .edition import load_all
    from .package import check_packageable

    loaded = load_all(editions) if isinstance(editions, Collection) else editions
    for ed in loaded:
        check_packageable(ed)
    return [_Planned(ed.id, str(ed.path), inputs_digest(ed)) for ed in loaded]


def _heard(outcome: EditionOutcome, on_done: Callable[[EditionOutcome], None]) -> EditionOutcome:
    """``outcome`` told to ``on_done``, then kept without its warnings and error text."""
    on_done(outcome)
    return replace(outcome, events=[], error=None)


def _build_in_parallel(tasks: list[tuple[str, str, str, str]], jobs: int):
    """Build the tasks with ``jobs - 1`` worker processes that :func:`prepare` the editions and
    this process, which renders and packages them (:func:`_finish_one`); yield
    ``(edition data path, outcome)`` as each ends.

    Only this process runs Saxon. Every process that runs it grows a heap of 225–300 MiB
    (GraalVM's adaptive young generation, which saxonche gives no way to bound), and this one
    needs it anyway for the collection's pages afterwards; a process that does everything but
    Saxon stays near 70 MiB. So a build of ``jobs`` processes holds one Saxon heap, not ``jobs``:
    at N = 1,000 with ``--jobs 2`` the process tree's peak went from 477 to 403 MiB for a first
    build (322 while the editions are built) and from 500 to 418 for a rebuild, measured back to
    back with benchmarks/bench_collection.py (the rest of the drop is the collection's outputs':
    _collection_bag, :func:`_collection_outputs`).

    Where the stages run was measured (N = 50, ``--jobs 2``, CPU seconds while the editions are
    built): the worker's user time about 3.1, this process's 3.7, the worker's system time 1.3–3.8
    more (the DTS export writes some 580 files an edition), so neither waits long for the other
    on a quiet disk. DTS here instead: this process 12–13 s (the same writes cost more system
    time here), the worker 2.7, and slower overall. Packaging stays here because its Dublin Core
    record is an XSLT transform, which would give a worker a heap of its own. This process
    renders every edition, so with more jobs it is the limit.

    Each worker has one task running and one waiting, so that none waits while this process
    renders; what a worker prepared waits in its temporary folder for this process (at most
    ``2 × (jobs - 1)`` editions), and is removed if the build stops before it is swapped in.
    """
    queue = deque(tasks)
    with ProcessPoolExecutor(max_workers=jobs - 1, mp_context=multiprocessing.get_context("spawn"),
                             initializer=end_with, initargs=(os.getpid(),)) as pool:
        pending: dict = {}

        def feed() -> None:
            while queue and len(pending) < 2 * (jobs - 1):
                task = queue.popleft()
                pending[pool.submit(_prepare_one, *task)] = task[0]

        try:
            feed()
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in sorted(done, key=list(pending).index):  # in the order they were handed out
                    key = pending.pop(future)
                    begun = future.result()
                    feed()  # before rendering, so that the workers do not wait meanwhile
                    yield key, _finish_one(begun)
        finally:
            # A build stopped early (an error here, ^C): what the workers prepared is not swapped in.
            for future in pending:
                if not future.cancel() and future.exception() is None and isinstance(future.result(), _Begun):
                    shutil.rmtree(future.result().partial, ignore_errors=True)


COLLECTION_STATE = "collection-inputs.json"


def _collection_outputs(coll: Collection, editions: list[_Planned], out_dir: Path,
                        force: bool) -> tuple[list[Path], str | None]:
    """The collection's TEI, pages, index, table, DTS export and deposit, from the editions' built
    TEI; not made again while the collection data and every edition's inputs are as at the last
    build."""
    from . import corpus
    from ._collection_dts import export_collection as dts_export
    from ._xslt import forget_compiled
    from .export import write as write_table

    digest = hashlib.sha256(toolkit_digest().encode())
    digest.update(coll.path.read_bytes())
    for ed in editions:
        digest.update(ed.digest.encode())
    state = out_dir / COLLECTION_STATE
    teis = [_edition_dir(out_dir, ed) / "tei" / f"{ed.id}.xml" for ed in editions]
    table = out_dir / f"{coll.meta.id}-paragraphs.csv"
    try:
        current = json.loads(state.read_text(encoding="utf-8")).get("inputs") == digest.hexdigest()
    except (OSError, ValueError, AttributeError):
        current = False
    dts_entry = out_dir / "dts" / "index.json"
    if current and not force and table.is_file() and (out_dir / "index.html").is_file() and dts_entry.is_file():
        return [], "the collection's outputs are current"
    # The editions' stylesheets are not needed again here: their part of Saxon's heap is left
    # to the pages' transforms, which make this process's peak.
    forget_compiled()
    written = corpus.build_collection(coll.meta, teis, out_dir, shards=lambda ident: _made_shard(out_dir, ident))
    # The state is written last: a build stopped before it makes everything again next time.
    # The DTS export is a folder of many small files, put together from the editions' own
    # exports (_collection_dts); it is reported as the folder. The table is written row after
    # row: neither is held whole.
    dts_export([(ed.id, _edition_dir(out_dir, ed) / "dts") for ed in editions], out_dir / "dts",
               collection_id=coll.meta.id, collection_title=coll.meta.title)
    written.append(out_dir / "dts")
    written.append(write_table(teis, table, "csv"))
    written += write_files({state: (json.dumps({"collection": coll.meta.id, "inputs": digest.hexdigest()}) + "\n").encode()})
    return written, None
