"""Long fuzzing runs of the reader, encoder, validator and verify (issue 13).

    python benchmarks/fuzz.py                 # 10,000 cases, seed 0
    python benchmarks/fuzz.py --cases 500 --seed 7 --timeout 20

The same mutations as the property tests (``tests/fuzz/mutations.py``), drawn from one seeded
random generator, so that a run can be repeated. The cases are shared out among the targets
(reader 40 %, encoder 30 %, validator 25 %, verify 5 %: verify makes a whole package again, a
hundred times the work of the others). Each case runs in a worker process; one that takes more
than ``--timeout`` seconds is a hang (the worker is replaced). Printed: for each target the
counts of results, clean errors, tracebacks, hangs, encodes whose written TEI does not validate
and changed bags that verify called sound, and the first few of the last four with their seed,
to reproduce them.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests" / "fuzz")]

import mutations  # noqa: E402

SHARES = (("reader", 0.40), ("encoder", 0.30), ("validator", 0.25), ("verify", 0.05))
# What must never happen: a traceback, a hang, a written TEI that does not validate, a changed bag
# that verify calls sound.
BAD = ("traceback", "hang", "invalid encode", "changed bag passed")


def _inputs() -> dict[str, object]:
    """The good inputs every case starts from: the seminar transcript, data and TEI, a package."""
    from tei_roundtable.encode import encode
    from tei_roundtable.package import package
    from tei_roundtable.render import render

    work = Path(tempfile.mkdtemp(prefix="fuzz-inputs-"))
    mutations.seminar_folder(work / "seminar")
    tei = encode(work / "seminar" / "seminar.md", work / "seminar" / "seminar.yaml")
    edition_tei = ROOT / "tei" / "ipp-roundtable-2007-11-15.xml"
    render(edition_tei, work / "dist")
    made = package(ROOT / "tei" / "ipp-roundtable-2007-11-15.yaml", work / "dist", work / "out")
    return {"transcript": (mutations.SEMINAR / "seminar.md").read_bytes(),
            "edition": (mutations.SEMINAR / "seminar.yaml").read_bytes(), "tei": tei,
            "package": (made.archives[0].name, made.archives[0].read_bytes())}


def _run_case(target: str, seed: int, inputs: dict) -> tuple[str, str]:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="fuzz-") as work:
        folder = Path(work)
        try:
            if target == "reader":
                outcome = mutations.read_transcript(folder, mutations.mutate_text(rng, inputs["transcript"]))
            elif target == "encoder":
                transcript = mutations.mutate_text(rng, inputs["transcript"])
                edition = mutations.mutate_text(rng, inputs["edition"], rounds=1) if rng.random() < 0.3 else None
                outcome = mutations.encode_and_validate(folder, transcript, edition)
            elif target == "validator":
                mutations.seminar_folder(folder)
                data = (mutations.mutate_bytes(rng, inputs["tei"]) if rng.random() < 0.3 else
                        mutations.mutate_text(rng, inputs["tei"], mutations.XML_PIECES + mutations.PIECES))
                outcome = mutations.validate_tei(folder, data)
            else:
                name, data = inputs["package"]
                outcome = mutations.verify_archive(folder, mutations.mutate_zip(rng, data), name, data)
        except Exception:  # anything that is not a clean error: what the run counts
            return "traceback", traceback.format_exc(limit=-4)
    return outcome.kind, outcome.detail


def _worker(connection, inputs) -> None:
    import logging

    logging.disable(logging.CRITICAL)  # bagit logs every problem it finds
    while True:
        job = connection.recv()
        if job is None:
            return
        connection.send(_run_case(*job, inputs))


class _Pool:
    """One worker process, replaced when a case hangs."""

    def __init__(self, inputs: dict) -> None:
        self.inputs = inputs
        self._start()

    def _start(self) -> None:
        self.connection, child = multiprocessing.Pipe()
        self.process = multiprocessing.Process(target=_worker, args=(child, self.inputs), daemon=True)
        self.process.start()

    def run(self, target: str, seed: int, timeout: float) -> tuple[str, str]:
        self.connection.send((target, seed))
        if self.connection.poll(timeout):
            return self.connection.recv()
        self.process.kill()
        self.process.join()
        self._start()
        return "hang", f"more than {timeout} s"

    def close(self) -> None:
        self.connection.send(None)
        self.process.join(5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds after which a case is a hang")
    parser.add_argument("--show", type=int, default=3, help="tracebacks and invalid encodes shown per target")
    parser.add_argument("--smoke", action="store_true",
                        help="10 cases (tests/test_benchmarks.py): checks that the script runs")
    args = parser.parse_args()
    if args.smoke:
        args.cases = 10

    began = time.perf_counter()
    inputs = _inputs()
    pool = _Pool(inputs)
    seeds = random.Random(args.seed)
    plan = [target for target, share in SHARES for _ in range(round(args.cases * share))]
    plan = plan[: args.cases] + ["reader"] * (args.cases - len(plan))
    seeds.shuffle(plan)
    counts: dict[str, Counter] = {target: Counter() for target, _ in SHARES}
    shown: dict[tuple[str, str], list[str]] = {}
    for done, target in enumerate(plan, start=1):
        seed = seeds.randrange(2**32)
        kind, detail = pool.run(target, seed, args.timeout)
        counts[target][kind] += 1
        if kind in BAD:
            examples = shown.setdefault((target, kind), [])
            if len(examples) < args.show:
                examples.append(f"seed {seed}: {detail}")
        if done % 500 == 0:
            print(f"… {done} cases, {time.perf_counter() - began:.0f} s", file=sys.stderr, flush=True)
    pool.close()

    kinds = ("ok", "clean error", *BAD)
    print(f"{args.cases} cases, seed {args.seed}, {time.perf_counter() - began:.0f} s")
    print(f"{'target':<10}" + "".join(f"{kind:>19}" for kind in ("cases", *kinds)))
    for target, _ in SHARES:
        row = counts[target]
        print(f"{target:<10}{sum(row.values()):>19}" + "".join(f"{row[kind]:>19}" for kind in kinds))
    total = Counter()
    for row in counts.values():
        total.update(row)
    print(f"{'all':<10}{sum(total.values()):>19}" + "".join(f"{total[kind]:>19}" for kind in kinds))
    for (target, kind), examples in sorted(shown.items()):
        print(f"\n{target}, {kind}:")
        for example in examples:
            print("  " + example.replace("\n", "\n  "))
    if any(total[kind] for kind in BAD):
        sys.exit(1)


if __name__ == "__main__":
    main()
