"""The ``tei-roundtable`` command: a thin layer over the pipeline stages.

Exit codes: 0 ok, 1 invalid input or failed check, 2 usage error.
"""

from __future__ import annotations

import os
import sys
from contextlib import nullcontext
from pathlib import Path

import click

from . import __version__
from .errors import CheckFailed, InputError, TeiRoundtableError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _Group(click.Group):
    """Turns every toolkit error into one located line on stderr and exit code 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except CheckFailed as exc:
            findings = exc.findings
            for at, finding in enumerate(findings):
                if isinstance(finding, InputError):
                    # Consecutive findings that share a hint (render's) show it once, after the last.
                    following = findings[at + 1] if at + 1 < len(findings) else None
                    _echo_input_error(finding, hint=getattr(following, "hint", None) != finding.hint)
                else:
                    click.echo(str(finding), err=True)
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        except InputError as exc:
            _echo_input_error(exc)
            sys.exit(1)
        except TeiRoundtableError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)


def _echo_input_error(exc: InputError, *, hint: bool = True, severity: str = "error") -> None:
    click.echo(f"{exc.location}: {severity}: {exc.message}", err=True)
    if exc.hint and hint:
        click.echo(f"  hint: {exc.hint}", err=True)


class OutputPath(click.Path):
    """An output file (or, with ``folder``, folder) option, refused before any work when it cannot be one.

    Refused as usage errors: an empty path, a path through a file, and what is there already
    when it is not a regular file, a pipe or a character device (or, for a folder, a folder).
    Failures of the system itself surface when writing (exit 1); see :mod:`tei_roundtable._io`.
    """

    def __init__(self, *, folder: bool = False) -> None:
        super().__init__(path_type=Path, file_okay=not folder, dir_okay=folder)
        self.folder = folder

    def convert(self, value, param, ctx):
        from ._io import output_problem

        if isinstance(value, str) and not value:
            self.fail(f"empty path; name a {'folder (. for this one)' if self.folder else 'file'}", param, ctx)
        path = super().convert(value, param, ctx)
        problem = output_problem(path, folder=self.folder)
        if problem:
            self.fail(f"cannot write {path}: {problem}", param, ctx)
        return path


def _bad_option(name: str, message: str) -> click.BadParameter:
    """A usage error about the current command's option ``name`` (click names it as typed: '-o' / '--output')."""
    ctx = click.get_current_context()
    return click.BadParameter(message, ctx=ctx, param=next(p for p in ctx.command.params if p.name == name))


def refuse_overwriting_inputs(option: str, output: Path | None, inputs: list[tuple[str, Path | None]]) -> None:
    """A usage error when the output of ``option`` is one of the command's inputs ((role, path) pairs).

    Called before any work, so that a slip like ``-o`` naming the transcript destroys nothing.
    """
    from ._io import same_file

    if output is None:
        return
    for role, path in inputs:
        if path is not None and same_file(output, path):
            raise _bad_option(option, f"{output} is the {role} {path}; writing it would destroy the input, "
                                      "choose another path")


def _refuse_out_holding_inputs(out_dir: Path, inputs: list[tuple[str, Path]]) -> None:
    """A usage error when the output folder holds one of the inputs' folders (``-o .``, ``-o tei``).

    build writes tei/, schema/, html/, txt/ and archives into it: over the edition's own files,
    or among them.
    """
    out = Path(os.path.realpath(out_dir))
    for role, path in inputs:
        folder = Path(os.path.realpath(path)).parent
        if folder.is_relative_to(out):
            raise _bad_option("out_dir", f"{out_dir} holds the {role} ({path}); build writes tei/, schema/, "
                                         "html/, txt/ and the archives into its output folder: choose a folder of "
                                         "its own, such as dist")


def _single(pattern: str, given: str, instead: str) -> Path:
    """The one file of this folder matching ``pattern`` (e.g. ``tei/*.yaml``), or a usage error."""
    folder, glob = pattern.split("/")
    found = sorted(Path(folder).glob(glob))
    if len(found) != 1:
        raise click.UsageError(
            f"no {given} given and "
            + (f"no {pattern} here" if not found else f"{len(found)} files match {pattern}")
            + f"; run from the project folder or {instead}"
        )
    return found[0]


def default_edition(value: Path | None) -> Path:
    """The edition data file to use: the one given, the one edition of this folder's collection
    (``tei/collection.yaml``), or the single ``tei/*.yaml`` of a folder without a collection."""
    if value is not None:
        return value
    from . import collection as collection_mod

    found = collection_mod.find("tei")
    if found is None:
        return _single("tei/*.yaml", "--edition", "pass --edition PATH")
    paths = collection_mod.load(found).edition_paths
    if len(paths) != 1:
        raise click.UsageError(
            f"no --edition given and the collection {found} has {len(paths)} editions; pass --edition, e.g. "
            + (f"--edition {paths[0]}" if paths else "after tei-roundtable init adds one")
        )
    return paths[0]


def _warn(findings) -> None:
    """Print warnings that do not stop the command, as ``validate`` prints findings."""
    for finding in findings:
        click.echo(str(finding), err=True)
        if finding.hint:
            click.echo(f"  hint: {finding.hint}", err=True)


def _fail_with_findings(exc: CheckFailed) -> None:
    """Exit 1 with a check's findings as the command's output (``check-names > todo.txt``), as
    validate's are, each with its hint; the verdict goes to standard error."""
    for finding in exc.findings:
        click.echo(str(finding))
        if finding.hint:
            click.echo(f"  hint: {finding.hint}")
    click.echo(f"error: {exc}", err=True)
    sys.exit(1)


def default_tei(value: Path | None) -> Path:
    """The TEI file to use: the one given, or the single ``tei/*.xml`` of this folder."""
    return value if value is not None else _single("tei/*.xml", "TEI", "name the TEI file")


def input_path(*, folder: bool = False, either: bool = False) -> click.Path:
    """An input path: one that does not exist, or a folder where a file is wanted (or the other
    way round), is a usage error (exit 2) in every command, found before any work."""
    return click.Path(exists=True, path_type=Path, dir_okay=folder or either, file_okay=not folder or either)


def output_option(dest: str, help: str, *, folder: bool = False, **options):
    """The output option, spelt alike in every command: -o/--output (--out: the old spelling of
    build, render and package, kept as an alias)."""
    return click.option("-o", "--output", "--out", dest, type=OutputPath(folder=folder), help=help, **options)


edition_option = click.option(
    "--edition", "-e", "edition_path", type=input_path(),
    help="Edition data file (YAML). Default: the single tei/*.yaml in the current folder.",
)


@click.group(cls=_Group, context_settings=CONTEXT)
@click.version_option(__version__, prog_name="tei-roundtable")
def main() -> None:
    """Turn a round-table transcript into a scholarly TEI P5 edition.

    \b
    Pipeline: encode (transcript + edition data -> TEI), validate, render
    (HTML and text), package (BagIt deposit). `build` runs them all.

    \b
    Example, from the project folder:
      tei-roundtable build
      tei-roundtable encode --edition tei/ipp-roundtable-2007-11-15.yaml -o out.xml
    """
    _lxml_without_its_rnc2rng()


def _lxml_without_its_rnc2rng() -> None:
    """Load lxml.etree, for this command's process, without the import of rnc2rng it makes.

    lxml 6 imports rnc2rng, where it is installed, as lxml.etree loads, for its own reading of
    compact grammars (``RelaxNG(file="x.rnc")``), which the toolkit never calls: ``_schemas``
    converts a compact grammar with rnc2rng itself, imported when a command is given one. That
    import cost every command about 0.1 s (rnc2rng builds its parser's grammar, and loads
    urllib, as it is imported). Here the import is refused while lxml.etree loads (lxml then
    leaves its compact reading out) and allowed again at once. Done by the command alone: a
    program that imports the library keeps lxml as lxml loads itself.
    """
    if "lxml.etree" in sys.modules or "rnc2rng" in sys.modules:
        return
    sys.modules["rnc2rng"] = None  # type: ignore[assignment]  # makes `import rnc2rng` fail
    try:
        import lxml.etree  # noqa: F401
    finally:
        if sys.modules.get("rnc2rng", ...) is None:
            del sys.modules["rnc2rng"]


@main.command(context_settings=CONTEXT)
@click.argument("source", required=False, type=input_path())
@edition_option
@output_option("output", "Write the TEI here (default: standard output).")
def encode(source: Path | None, edition_path: Path | None, output: Path | None) -> None:
    """Encode a transcript as TEI, using an edition data file.

    SOURCE defaults to the transcript named by the edition data (edition.source).
    Nothing is written unless encoding succeeds.

    \b
    Example:
      tei-roundtable encode tei/source/ipp-roundtable-2007-11-15.md \\
          --edition tei/ipp-roundtable-2007-11-15.yaml -o tei/ipp-roundtable-2007-11-15.xml
    """
    from . import edition as edition_mod
    from ._selfcheck import check_encoded
    from .encode import encode as encode_bytes, write_bytes
    from .transcript import parse

    ed = edition_mod.load(default_edition(edition_path))
    source = source or ed.source_path
    refuse_overwriting_inputs("output", output, [("transcript", source), ("edition data", ed.path)])
    transcript = parse(source)
    _warn(transcript.warnings)
    data = encode_bytes(transcript, ed)
    check_encoded(data, source, ed, str(output) if output is not None else "<stdout>")
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        write_bytes(output, data)
        click.echo(f"wrote {output}", err=True)


@main.command(context_settings=CONTEXT)
@edition_option
@output_option("out_dir", "Output folder.", folder=True, default=Path("dist"), show_default=True)
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=1, show_default=True,
              help="Build the editions of a collection in N processes (0: one per CPU).")
@click.option("--force", is_flag=True, help="Rebuild every edition, also those whose inputs have not changed.")
def build(edition_path: Path | None, out_dir: Path, jobs: int, force: bool) -> None:
    """Run the whole pipeline: encode, validate, render, package.

    \b
    In a collection (tei/collection.yaml), every edition is built into OUT/<edition-id>/,
    each whole or not at all; an edition whose inputs (transcript, edition data, shared
    register, toolkit) have not changed since its last build is not built again. One edition
    that fails does not stop the others; the exit code is 1 when any failed.

    \b
    With --edition (or without a collection), one edition into OUT/ (-o):
      tei/<edition-id>.xml           the TEI (identical to the committed tei/<edition-id>.xml),
                                     with the edition data and the transcript beside it
      html/index.html                the HTML edition
      txt/<edition-id>.txt           the plain-text edition, normalised reading
      txt/<edition-id>-diplomatic.txt  … and diplomatic reading
      dts/                           the DTS 1.0 static export (see: tei-roundtable dts --help)
      schema/                        the schemas the TEI declares
      <edition-id>_v<version>.zip    the BagIt deposit package
      build-record.json              hashes of what was built, so that `package` need not redo it
    Stops at the first stage that fails (exit 1): an edition that does not validate is neither
    rendered nor packaged.

    \b
    Examples, from the project folder:
      tei-roundtable build
      tei-roundtable build --jobs 2
      tei-roundtable build --edition tei/ipp-roundtable-2007-11-15.yaml --out dist/one
    """
    from . import collection as collection_mod
    from . import edition as edition_mod
    from . import validate as validate_mod
    from .resources import schema_dir

    from ._saxon_host import saxon_host

    found = collection_mod.find("tei") if edition_path is None else None
    # One process builds (one edition, or --jobs 1): Saxon's own process is started first, so
    # that it compiles the stylesheets while this one loads and encodes (pipeline.build).
    one_process = found is None or (jobs or validate_mod._available_cpus()) == 1
    with saxon_host() if one_process else nullcontext() as host:
        if found is not None:
            _build_collection(collection_mod.load(found), out_dir, jobs, force, host)
            return
        from .pipeline import build as build_edition

        ed = edition_mod.load(default_edition(edition_path))
        _refuse_out_holding_inputs(out_dir, [("edition data", ed.path), ("transcript", ed.source_path),
                                             ("schemas", schema_dir() / validate_mod.RNG_NAME)])

        def show(event) -> None:
            click.echo(event.text if event.warning else f"{event.stage:<8} {event.text}", err=event.warning)

        build_edition(ed, out_dir, report=show, host=host)


def _build_collection(coll, out_dir: Path, jobs: int, force: bool, host=None) -> None:
    from . import edition as edition_mod
    from . import validate as validate_mod
    from .pipeline import build_collection
    from .resources import schema_dir

    inputs = [("collection data", coll.path), ("schemas", schema_dir() / validate_mod.RNG_NAME)]
    # The editions are not kept here: build_collection loads them again (0.5 s for a thousand)
    # rather than this process holding them (30 MB) while it builds.
    for ed in edition_mod.load_all(coll):
        inputs += [("edition data", ed.path), ("transcript", ed.source_path)]
    _refuse_out_holding_inputs(out_dir, inputs)
    total = len(coll.data["editions"])
    jobs = jobs or validate_mod._available_cpus()
    bar = click.progressbar(length=total, label="building", file=sys.stderr) if sys.stderr.isatty() else None

    def done(outcome) -> None:
        # Each edition's warnings and error as it ends: the result does not keep them.
        if bar is not None:
            bar.update(1)
        elif outcome.status != "unchanged":
            click.echo(f"{outcome.status:<9} {outcome.edition_id}", err=True)
        for event in outcome.events:
            if event.warning:
                click.echo(event.text, err=True)
        if outcome.error:
            click.echo(outcome.error, err=True)

    if bar is not None:
        with bar:
            result = build_collection(coll, out_dir, jobs=jobs, force=force, on_done=done, host=host)
    else:
        result = build_collection(coll, out_dir, jobs=jobs, force=force, on_done=done, host=host)
    width = max([len(o.edition_id) for o in result.outcomes] + [7])
    click.echo(f"{'edition':<{width}}  {'status':<9}  seconds")
    for outcome in result.outcomes:
        click.echo(f"{outcome.edition_id:<{width}}  {outcome.status:<9}  {outcome.seconds:7.2f}")
    counts = {s: sum(o.status == s for o in result.outcomes) for s in ("built", "unchanged", "failed")}
    click.echo(f"{total} edition(s): {counts['built']} built, {counts['unchanged']} unchanged, {counts['failed']} failed "
               f"— {out_dir}")
    for path in result.outputs:
        click.echo(f"collection {path}")
    if result.skipped:
        click.echo(f"collection: {result.skipped}", err=True)
    if result.failed:
        raise CheckFailed(f"{len(result.failed)} of {total} edition(s) failed; their previous outputs are unchanged")


@main.command("init", context_settings=CONTEXT)
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("--transcript", "-t", required=True, type=input_path(),
              help="The transcript (Markdown, of the form the README describes).")
@click.option("--editor", help="Who edits it (a person's name): editors, publisher, the first revision.")
@click.option("--contact", help="Contact e-mail of the deposit package (bag-info Contact-Email, CITATION.cff).")
@click.option("--licence", "licence", help="Licence of the editorial layer, by SPDX id: CC-BY-4.0, CC-BY-SA-4.0, "
              "CC-BY-NC-4.0 or CC0-1.0.")
@click.option("--id", "edition_id", help="Edition id (default: the transcript's file name as an id).")
@click.option("--language", default="en", show_default=True, help="Language of the transcript (BCP 47).")
def init_command(folder: Path, transcript: Path, editor: str | None, contact: str | None, licence: str | None,
                 edition_id: str | None, language: str) -> None:
    """Start an edition of TRANSCRIPT in FOLDER, or add it to the collection there.

    \b
    A new FOLDER (or an empty one) becomes a project:
      tei/collection.yaml          the collection: metadata, editions, shared register
      tei/<id>.yaml                the draft edition data, from the front matter
      tei/source/<id>.md           the transcript, byte for byte
    In a project, the transcript becomes a new edition of its collection: people printed as a
    registered form reuse that entry; the others are added to the shared register. Then the
    name check runs, and a list says what to review and decide. Nothing is invented: what the
    transcript cannot tell comes from the options, or the stage that needs it says so.

    \b
    Examples:
      tei-roundtable init my-edition --transcript round-table.md --editor "Ann Lee" \\
          --contact ann@example.org --licence CC-BY-4.0
      cd my-edition && tei-roundtable build
    """
    from .init import LICENCES, init

    if licence is not None and licence not in LICENCES:
        raise _bad_option("licence", f"unknown licence '{licence}'; known: {', '.join(LICENCES)} (for another, "
                                     "write edition.licence in the edition data)")
    started = init(folder, transcript, editor=editor, contact=contact, licence=licence, edition_id=edition_id,
                   language=language)
    for path in started.files:
        click.echo(f"wrote    {path}")
    if started.reused:
        click.echo(f"reused   shared register entries: {', '.join(started.reused)}")
    if started.added:
        click.echo(f"added    to the shared register: {', '.join(started.added)}")
    for finding in started.findings:
        click.echo(str(finding))
    click.echo("to do:")
    for number, item in enumerate(started.todo, start=1):
        click.echo(f"  {number}. {item}")


class SchemaSpec(click.ParamType):
    """``--schema``: tei-roundtable, tei_all or a schema file, resolved by :mod:`tei_roundtable._schemas`."""

    name = "SCHEMA"

    def convert(self, value, param, ctx):
        from ._schemas import Schema, SchemaUnavailable, resolve

        if isinstance(value, Schema):
            return value
        try:
            return resolve(value)
        except SchemaUnavailable as exc:
            self.fail(str(exc).removeprefix(f"--schema {value}: "), param, ctx)


@main.command("validate", context_settings=CONTEXT)
@click.argument("files", nargs=-1, type=input_path())
@click.option("--schema", "schemas", multiple=True, type=SchemaSpec(),
              help="Check against this schema instead of the project's: tei_all (TEI P5, from the copy the TEI_ALL "
                   "environment variable names), a .rng, .rnc or .sch file, or tei-roundtable (the project's "
                   "schemas and checks, to keep them beside others). Repeatable.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Report as lines 'file:line:col: severity [rule] message', or as JSON "
                   "(described by schema/report.schema.json).")
@output_option("output", "Write the report here (default: standard output).")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=1, show_default=True,
              help="Check the files in this many processes; 0: one per CPU. The report is the same.")
def validate_command(files: tuple[Path, ...], schemas: tuple, output_format: str, output: Path | None,
                     jobs: int) -> None:
    """Validate TEI files: safe parsing, RELAX NG, Schematron, text fidelity, name variants.

    FILES default to the edition's TEI, tei/*.xml of the current folder. Every file is
    checked before the command exits: 0 when no file has an error (warnings allowed),
    1 when one has. With --schema, any TEI (or teiCorpus, its xi:includes resolved inside
    its folder) is checked against the schemas named instead.

    \b
    Example, from the project folder:
      tei-roundtable validate
      tei-roundtable validate --format json -o report.json tei/ipp-roundtable-2007-11-15.xml
      tei-roundtable validate --jobs 0 corpus/*.xml
      TEI_ALL=~/tei/tei_all.rng tei-roundtable validate --schema tei_all ParlaMint-XX.xml
      tei-roundtable validate --schema tei-roundtable --schema my-rules.sch
    """
    from ._io import write_bytes
    from .validate import check_files, files_read

    if not files:
        files = tuple(sorted(Path("tei").glob("*.xml")))
        if not files:
            raise click.UsageError("no FILES given and no tei/*.xml here; run from the project folder or name the files")
    selected = list(dict.fromkeys(schemas))  # the same schema twice is checked once
    if output is not None:
        read = [("input", path) for path in files]
        read += [found for path in files for found in files_read(path, schemas=selected)]
        refuse_overwriting_inputs("output", output, read)
    report = check_files(files, jobs=jobs, schemas=selected)
    text = report.to_json() if output_format == "json" else report.to_text()
    if output is None:
        click.echo(text, nl=False)
    else:
        write_bytes(output, text.encode("utf-8"))
    click.echo(report.summary(), err=True)
    if not report.valid:
        sys.exit(1)


@main.command("check-names", context_settings=CONTEXT)
@click.argument("source", required=False, type=input_path())
@edition_option
def check_names(source: Path | None, edition_path: Path | None) -> None:
    """Report name forms that vary one another and that no editorial decision covers.

    Collects every name form of the transcript (front matter, speaker labels, the register's
    forms in the text, capitalised words the register does not know), groups near-identical
    forms (same first name + similar surname; spelling and transliteration variants; not
    Russia/Russian or two people who only share a surname) and reports each group whose
    forms are not all decided. Exit 1 while any is undecided.

    \b
    With SOURCE and no --edition, the transcript is checked on its own (empty register, no
    decisions). Without SOURCE, the edition data's transcript is checked with its decisions.

    \b
    Example, from the project folder:
      tei-roundtable check-names
      tei-roundtable check-names tei/source/ipp-roundtable-2007-11-15.md
    """
    from .names import check
    from . import edition as edition_mod
    from .transcript import parse

    ed = None
    if source is None or edition_path is not None:
        ed = edition_mod.load(default_edition(edition_path))
    target = source or ed.source_path
    if target.is_absolute() and target.is_relative_to(Path.cwd()):
        target = target.relative_to(Path.cwd())  # findings name the file as the user sees it
    _warn(parse(target).warnings)
    try:
        check(target, ed)
    except CheckFailed as exc:
        _fail_with_findings(exc)
    click.echo(f"check-names: {target}: every name variant is decided", err=True)


@main.command("check-text", context_settings=CONTEXT)
@click.argument("source", required=False, type=input_path())
@edition_option
@click.option("--precision", is_flag=True,
              help="Print, per rule, how many findings the rules make and what decides them (a Markdown table).")
def check_text(source: Path | None, edition_path: Path | None, precision: bool) -> None:
    """Report candidate problems of the text that no decision or dismissal decides.

    Six rules: text-spelling (words in no dictionary, register or lexicon), text-punctuation
    (a comma cutting a determiner or verb from what it governs, doubled words, unclosed quotes
    or brackets, spaces before punctuation), text-sentence (a sentence that breaks off, a clause
    without its verb), text-figures (one quantity stated with different numbers, anniversaries),
    text-roles (a title the front matter does not give the person) and text-terms (one term
    written two ways); and text-consistency (one kind of error decided two ways). Findings go
    to standard output; exit 1 while any is undecided.

    \b
    With SOURCE and no --edition, the transcript is checked on its own (no register, lexicon or
    decisions). Without SOURCE, the edition data's transcript is checked with its decisions,
    dismissals and lexicon. --precision prints the per-rule table of the README instead.

    \b
    Example, from the project folder:
      tei-roundtable check-text
      tei-roundtable check-text tei/source/ipp-roundtable-2007-11-15.md
      tei-roundtable check-text --precision
    """
    from . import textcheck
    from . import edition as edition_mod

    ed = None
    if source is None or edition_path is not None or precision:
        ed = edition_mod.load(default_edition(edition_path))
    target = source or ed.source_path
    if target.is_absolute() and target.is_relative_to(Path.cwd()):
        target = target.relative_to(Path.cwd())  # findings name the file as the user sees it
    if precision:
        click.echo(textcheck.precision_table(textcheck.precision(target, ed)), nl=False)
        return
    try:
        textcheck.check(target, ed)
    except CheckFailed as exc:
        _fail_with_findings(exc)
    click.echo(f"check-text: {target}: every finding is decided", err=True)


@main.command("corrections", context_settings=CONTEXT)
@click.argument("tei", required=False, type=input_path())
@click.option("--format", "output_format", type=click.Choice(["text", "csv", "json"]), default="text",
              show_default=True, help="text to read, csv (one row per place) or json (one object per decision).")
@output_option("output", "Write the list here (default: standard output).")
def corrections_command(tei: Path | None, output_format: str, output: Path | None) -> None:
    """List every editorial decision of a TEI edition, read from the TEI.

    For each note (correction, normalisation, editorial comment, reference): its places as
    citation references (tN.M; tN for a speaker label; front), the source's reading, the
    edition's reading, resp, cert and the note's text. TEI defaults to the single tei/*.xml
    of the current folder.

    \b
    Example, from the project folder:
      tei-roundtable corrections
      tei-roundtable corrections --format csv -o corrections.csv
    """
    from ._io import write_bytes
    from .corrections import render

    tei = default_tei(tei)
    refuse_overwriting_inputs("output", output, [("TEI", tei)])
    text = render(tei, output_format)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_bytes(output, text.encode("utf-8"))
        click.echo(f"wrote {output}", err=True)


@main.command("export", context_settings=CONTEXT)
@click.argument("teis", nargs=-1, type=input_path())
@click.option("--format", "output_format", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True,
              help="csv (a header line, then one line per row) or jsonl (one JSON object per line).")
@click.option("-o", "--output", type=OutputPath(),
              help="Write the table here (default: standard output).")
def export_command(teis: tuple[Path, ...], output_format: str, output: Path | None) -> None:
    """Export the paragraphs (or utterances) of TEI editions as one table.

    One row per paragraph of a turn (or segment of an utterance): edition id, reference,
    speaker id and name, role and affiliation at the event's date, normalised and diplomatic
    text, word count (the columns are described in the README). Several TEIs (a collection)
    give one table, edition after edition. TEIS default to the single tei/*.xml of the current
    folder.

    \b
    Example, from the project folder:
      tei-roundtable export -o paragraphs.csv
      tei-roundtable export --format jsonl collection/*.xml > collection.jsonl
    """
    from ._io import write_bytes
    from .export import export

    teis = teis or (default_tei(None),)
    refuse_overwriting_inputs("output", output, [("TEI", tei) for tei in teis])
    table = export(teis, output_format)
    if output is None:
        click.echo(table, nl=False)
    else:
        write_bytes(output, table.encode("utf-8"))
        click.echo(f"wrote {output}", err=True)


@main.command("render", context_settings=CONTEXT)
@click.argument("tei", required=False, type=input_path())
@output_option("out_dir", "Output folder; html/ and txt/ are written inside it.", folder=True, default=Path("dist"),
               show_default=True)
@click.option("--xslt", "xslt", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="A folder of your own stylesheets (tei2html.xsl, tei2text.xsl, lib/) to render with instead "
                   "of the toolkit's; start from a copy of the toolkit's folder.")
def render_command(tei: Path | None, out_dir: Path, xslt: Path | None) -> None:
    """Render a TEI edition as an HTML page and plain-text editions (XSLT 3.0).

    TEI defaults to the single tei/*.xml of the current folder. Writes OUT/html/index.html
    (self-contained: CSS, JavaScript and the search index inside, no request leaves the page) and
    OUT/txt/<edition-id>.txt (normalised) and OUT/txt/<edition-id>-diplomatic.txt. Nothing is
    written unless all three render.

    --xslt renders with your own stylesheets and CSS: copy the toolkit's folder (its path is
    printed by `python -c "import tei_roundtable.resources as r; print(r.xslt_dir())"`), edit the
    copy, and pass it. Deposit packages carry the toolkit's own renderings, which verify can make
    again; a page of your design is for your site.

    \b
    Example, from the project folder:
      tei-roundtable render
      tei-roundtable render tei/ipp-roundtable-2007-11-15.xml -o /tmp/edition
      tei-roundtable render --xslt my-xslt -o site
    """
    from .render import render, targets

    tei = default_tei(tei)
    for target in targets(tei, out_dir):
        refuse_overwriting_inputs("out_dir", target, [("TEI", tei)])
    if xslt is not None:
        for name in ("tei2html.xsl", "tei2text.xsl"):
            if not (xslt / name).is_file():
                raise _bad_option("xslt", f"{xslt} has no {name}; copy the toolkit's stylesheet folder and edit the copy")
    warnings: list[InputError] = []
    written = render(tei, out_dir, stylesheets=xslt, warnings=warnings)
    for warning in warnings:
        _echo_input_error(warning, severity="warning")
    for path in written:
        click.echo(f"rendered {path}")


@main.command("dts", context_settings=CONTEXT)
@click.argument("tei", required=False, type=input_path())
@output_option("out_dir", "Output folder of the export.", folder=True, default=Path("dist/dts"), show_default=True)
@click.option("--base-url", "base", default="/dts/", show_default=True,
              help="The address the export is served at (an absolute path or URL); the responses' "
                   "@id and URI templates start with it.")
def dts_command(tei: Path | None, out_dir: Path, base: str) -> None:
    """Export a TEI edition as static Distributed Text Services (DTS 1.0, Level 0) files.

    \b
    Writes OUT/index.json (Entry), OUT/collection….json (Collection), OUT/navigation/… (Navigation:
    every turn and paragraph of the TEI's citeStructure) and OUT/document/… (Document: the TEI,
    and each passage as a TEI fragment). Serve the folder that holds OUT with any static web
    server so that OUT is at --base-url, e.g. `python -m http.server -d dist` for /dts/.
    Nothing is written unless every file can be.

    \b
    Example, from the project folder:
      tei-roundtable dts --out dist/dts
    """
    from .dts import export

    if not base.startswith(("/", "http://", "https://")):
        raise _bad_option("base", f"{base!r} is neither an absolute path (/dts/) nor an http(s) URL")
    tei = default_tei(tei)
    written = export(tei, out_dir, base=base)
    click.echo(f"exported {len(written)} DTS files into {out_dir}")


@main.command("package", context_settings=CONTEXT)
@edition_option
@click.option("--dist", "dist_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("dist"),
              show_default=True, help="Folder holding the rendered html/ and txt/ editions.")
@output_option("out_dir", "Where to write the archive (default: the --dist folder).", folder=True)
@click.option("--tei", "tei_path", type=input_path(),
              help="The TEI to package (default: tei/<edition-id>.xml beside the edition data).")
@click.option("--tar", "with_tar", is_flag=True, help="Also write a .tar of the same bag.")
@click.option("--citation", "citation_path", type=OutputPath(),
              help="Only write the edition's CITATION.cff to this file (no package).")
def package_command(edition_path: Path | None, dist_dir: Path, out_dir: Path | None, tei_path: Path | None,
                    with_tar: bool, citation_path: Path | None) -> None:
    """Package the edition for deposit: a BagIt bag, as dist/<edition-id>_v<version>.zip.

    The bag holds the TEI with its schemas, the edition data and transcript, the HTML and text
    editions, the validation report and DataCite (JSON, XML), oai_dc and CITATION.cff metadata.
    Only an edition that validates is packaged; the same inputs give the same bytes.

    \b
    Example, from the project folder (after `tei-roundtable build`):
      tei-roundtable package
      tei-roundtable verify dist/ipp-roundtable-2007-11-15_v1.0.0.zip
      tei-roundtable package --citation CITATION.cff   # the repository's CITATION.cff
    """
    from . import edition as edition_mod
    from .package import _tei_path, package, write_citation

    edition = default_edition(edition_path)
    if citation_path is not None:
        ed = edition_mod.load(edition)
        refuse_overwriting_inputs("citation_path", citation_path, [
            ("edition data", ed.path), ("TEI", _tei_path(ed, tei_path)), ("transcript", ed.source_path)])
        click.echo(f"wrote {write_citation(ed, citation_path, tei=tei_path)}", err=True)
        return
    if not dist_dir.is_dir():
        # Checked here, not by click: --citation needs no dist folder.
        raise _bad_option("dist_dir", f"folder {dist_dir} does not exist; render the edition first "
                                      "(tei-roundtable build writes dist/)")
    made = package(edition, dist_dir, out_dir, tei=tei_path, formats=("zip", "tar") if with_tar else ("zip",))
    for old, new in made.renamed.items():
        click.echo(f"renamed in the package: {old} -> {new}", err=True)
    for archive in made.archives:
        click.echo(f"packaged {archive}")


@main.command("verify", context_settings=CONTEXT)
@click.argument("path", type=input_path(either=True))
@click.option("--profile", "profiles", multiple=True, type=input_path(),
              help="Also check against this BagIt profile (JSON file), e.g. the BTR profile. Repeatable.")
@click.option("--datacite-xsd", type=input_path(),
              help="Check datacite.xml against this kernel-4.5 metadata.xsd (local file; no download).")
@click.option("--cff-schema", type=input_path(),
              help="Check CITATION.cff against this CFF 1.2.0 schema.json.")
@click.option("--bagit-only", is_flag=True,
              help="Check any bag as plain BagIt and the --profile files only; its content is not rebuilt.")
def verify_command(path: Path, profiles: tuple[Path, ...], datacite_xsd: Path | None, cff_schema: Path | None,
                   bagit_only: bool) -> None:
    """Check a deposit package (bag folder, .zip or .tar) and report every problem.

    Every bag is checked as a tei-roundtable package: full fixity of every file (never a fast
    check), completeness (nothing missing or extra; tag manifests list every tag file), the
    project's BagIt profile and any --profile, file names, every bag-info.txt tag against the
    bag's TEI header, the metadata's validity, and its content made again from what it carries
    (its TEI validated and re-encoded, renderings, metadata and report re-made): a difference is
    an error, whatever the bag says made it. A bag made by another tool fails that check; check
    it with --bagit-only (BagIt and the profiles given; nothing rebuilt). Archives are read by
    their signature and unpacked safely into a temporary folder. Exit 0 when sound (warnings
    allowed), 1 otherwise.

    \b
    Example:
      tei-roundtable verify dist/ipp-roundtable-2007-11-15_v1.0.0.zip
      tei-roundtable verify dist/ipp-roundtable-2007-11-15_v1.0.0.zip --profile btr-bagit-profile.json
      tei-roundtable verify --bagit-only --profile btr-bagit-profile.json other-tool-bag.zip
    """
    import logging

    from .verify import verify

    # bagit and bagit_profile log every problem too; the report below already names each one.
    logging.getLogger().addHandler(logging.NullHandler())
    warnings = verify(path, profiles, bagit_only=bagit_only, datacite_xsd=datacite_xsd, cff_schema=cff_schema)
    for warning in warnings:
        click.echo(str(warning), err=True)
    checked = ("as plain BagIt (fixity, completeness, profiles given); content not rebuilt" if bagit_only else
               "fixity, completeness, profiles, metadata, content made again")
    click.echo(f"verify: {path}: sound ({checked}{f'; {len(warnings)} warning(s)' if warnings else ''})")


if __name__ == "__main__":  # pragma: no cover
    main()
