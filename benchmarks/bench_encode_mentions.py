"""Encoding time against the number of inline elements in one paragraph (issue 13).

A paragraph of the test seminar repeated with N name mentions ("Civic Forum", a registered
organisation), encoded for N = 1,000, 10,000 and 100,000 (``--sizes`` to change). Prints the
time of each and the exponent k of time ∝ N^k fitted by least squares over log-log (k ≈ 1:
linear; before the fix in ``_spans`` it was ≈ 2: 15,000 mentions took 12 s, 25,000 took 53 s).
Only ``encode`` is timed (the TEI bytes), not the validation of the result. The best of
``--repeat`` runs is kept, since the machine is shared.
"""

from __future__ import annotations

import argparse
import math
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "encode" / "fixtures"
sys.path.insert(0, str(ROOT / "src"))

from tei_roundtable.encode import encode  # noqa: E402

MENTION = "the Civic Forum said so, "


def _timed(folder: Path, count: int, repeat: int) -> float:
    source = (FIXTURES / "seminar.md").read_text(encoding="utf-8")
    line = "**Daniyar Sultanov:** A short question."
    assert line in source
    (folder / "seminar.md").write_text(source.replace(line, "**Daniyar Sultanov:** " + MENTION * count + "done."),
                                       encoding="utf-8")
    best = math.inf
    for _ in range(repeat):
        began = time.perf_counter()
        data = encode(folder / "seminar.md", folder / "seminar.yaml")
        best = min(best, time.perf_counter() - began)
    assert data.count(b'ref="#civic-forum"') >= count
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--smoke", action="store_true",
                        help="10, 20 and 40 mentions once (tests/test_benchmarks.py): checks that the script runs")
    args = parser.parse_args()
    if args.smoke:
        args.sizes, args.repeat = [10, 20, 40], 1
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        shutil.copy(FIXTURES / "seminar.yaml", folder / "seminar.yaml")
        times = []
        for count in args.sizes:
            seconds = _timed(folder, count, args.repeat)
            times.append(seconds)
            print(f"{count:>8} mentions: {seconds:8.3f} s  ({seconds / count * 1e6:6.1f} µs per mention)")
    xs, ys = [math.log(n) for n in args.sizes], [math.log(t) for t in times]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / sum((x - mean_x) ** 2 for x in xs)
    print(f"exponent: time ∝ N^{slope:.2f} ({'linear' if slope < 1.2 else 'NOT linear'})")


if __name__ == "__main__":
    main()
