"""Growth with document size: encode, validate and render of 1, 10 and 100 copies of the turns.

    python benchmarks/bench_growth.py [--rounds N] [--smoke]

The documents are the bundled edition with its turns printed 1, 10 and 100 times (0.1, 0.8 and
7.9 MiB of TEI; every decision, mention and quotation given again for each copy, so that names
and notes grow with the text: see ``_workloads.edition_project``). For each size, in one warm
process (schemas and stylesheets compiled on the small document first), CPU seconds of:

* encode: the transcript and edition data read and parsed, the TEI made and serialised;
* validate: every layer, the name-variant check included (the edition data lies beside it);
* render: the HTML page and both text editions, from the TEI file.

Sizes are measured in turn within each round; figures are the median and range of the rounds.
Targets: encode and validate of the 100x document within 12x the time of the 10x one (linear
growth gives 10x), and rendering at most 2.5 s per MiB of TEI. ``--smoke``
(tests/test_benchmarks.py) runs 1, 2 and 3 copies once: it checks that the script runs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import _workloads as w

GROWTH_TARGET = 12.0
RENDER_TARGET = 2.5  # seconds per MiB of TEI
MIB = 1 << 20


def cpu(action) -> float:
    start = time.process_time()
    action()
    return time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds (default 3)")
    parser.add_argument("--smoke", action="store_true", help="1, 2 and 3 copies, once: checks that the script runs")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    sizes = (1, 2, 3) if args.smoke else (1, 10, 100)
    rounds = 1 if args.smoke else args.rounds

    from tei_roundtable import encode, render, validate
    from tei_roundtable.edition import load

    with tempfile.TemporaryDirectory(prefix="bench-growth-") as tmp:
        documents = {}
        for copies in sizes:
            data = w.edition_project(Path(tmp) / f"x{copies}", copies)
            tei = data.with_suffix(".xml")
            ed = load(data)
            tei.write_bytes(encode.encode(ed.source_path, ed))
            documents[copies] = (data, tei)
        mib = {copies: tei.stat().st_size / MIB for copies, (_, tei) in documents.items()}
        # Warm: modules imported, schemas and stylesheets compiled.
        data, tei = documents[sizes[0]]
        list(validate.iter_findings(tei))
        render.render_outputs(tei)

        found: dict[tuple[int, str], list[float]] = {}
        for _ in range(rounds):
            for copies, (data, tei) in documents.items():
                def encoded() -> None:
                    ed = load(data)
                    assert encode.encode(ed.source_path, ed) == tei.read_bytes()

                def validated() -> None:
                    findings = list(validate.iter_findings(tei))
                    assert not [f for f in findings if f.severity == "error"], findings[:3]

                for stage, action in (("encode", encoded), ("validate", validated),
                                      ("render", lambda: render.render_outputs(tei))):
                    found.setdefault((copies, stage), []).append(cpu(action))

    print(f"CPU seconds, median (range) of {rounds} round{'s' * (rounds > 1)}; one warm process")
    print(f"  {'copies':>6} {'TEI MiB':>8} {'encode':>22} {'validate':>22} {'render':>22} {'render s/MiB':>14}")
    for copies in sizes:
        cells = [w.spread(found[copies, stage]) for stage in ("encode", "validate", "render")]
        per_mib = sorted(found[copies, "render"])[rounds // 2] / mib[copies]
        print(f"  {copies:>6} {mib[copies]:8.2f} {cells[0]:>22} {cells[1]:>22} {cells[2]:>22} {per_mib:14.2f}")
    small, large = sizes[1], sizes[2]
    for stage in ("encode", "validate"):
        ratios = [b / a for a, b in zip(found[small, stage], found[large, stage])]
        median = sorted(ratios)[len(ratios) // 2]
        print(f"  {stage} {large}x / {small}x: {w.spread(ratios)}; target at most {GROWTH_TARGET:.0f}x "
              f"(for {large // small}x the text): {'met' if median <= GROWTH_TARGET else 'NOT met'}")
    worst = max(sorted(found[c, "render"])[rounds // 2] / mib[c] for c in sizes[1:])
    print(f"  render: at most {worst:.2f} s/MiB; target at most {RENDER_TARGET} s/MiB: "
          f"{'met' if worst <= RENDER_TARGET else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
