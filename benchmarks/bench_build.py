"""Build speed: `tei-roundtable build` against the pipeline a user would script from peer tools.

    python benchmarks/bench_build.py [--rounds N] [--editions N] [--only whole|stages|corpus] [--smoke]

Three measurements, each printed as the median and range of interleaved rounds:

1. Whole process, the bundled edition. ``tei-roundtable build --out DIR`` in a fresh Python
   (start-up and imports included: encode, validate every layer, render the HTML page and both
   text editions, metadata, BagIt bag, zip) against the peer pipeline a user would script:
   ``java -jar jing.jar`` on the same RELAX NG schema, a Python script that compiles the TEI
   Consortium's ``html/html.xsl`` under saxonche and renders the page, and ``python -m bagit
   --sha512`` on a folder with the TEI, its transcript and the page. The peer does less work
   (no encoding, no Schematron, text or name checks, no text editions, no metadata, no zip);
   the comparison is the issue's: what it takes to get from a TEI to a checked, rendered bag.
   Wall time and CPU time (the children's user + system) per run; the ratio is ours / peer,
   taken within each round.
2. In-process stages: the CPU time of each stage of a build (load the edition data, encode,
   validate, render, export DTS, package) in a process that has built before (schemas and
   stylesheets compiled, modules imported).
3. Corpus: the CPU time per edition of full builds of ``--editions`` editions in one process
   (the bundled edition under as many ids), against the floor (lxml parse + serialise of the
   TEI) and against the peer tools kept warm: jing with one JVM for the corpus (per document:
   a run over the corpus four times minus a run over it once), html.xsl compiled once and run
   on each TEI in a Python process of its own (after one unmeasured pass), and bagit.make_bag in
   this process. html.xsl runs apart, as jing does, because Saxon keeps one heap per process:
   run in this one, its garbage could be collected during the toolkit's builds and counted as
   theirs, and the toolkit's as its. (On 1 December 2026 an A/B of the two ways, on tmpfs,
   found no difference beyond the rounds' spread; running apart rules the question out.)

The peer tools are optional: jing needs ``pip install -e '.[bench]'`` and Java; the TEI
Consortium's stylesheets come from TEI_STYLESHEETS (a checkout of TEIC/Stylesheets) or Debian's
tei-xsl. Where one is missing, the script says why and measures tei-roundtable alone.
``--smoke`` (tests/test_benchmarks.py) runs one round on two editions: it checks that the
script runs and measures nothing. Not a test: no figure is asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import _workloads as w

CPU_TARGET = 0.15  # seconds of CPU per edition, in a long-running process
FLOOR_TARGET = 30.0  # times the lxml parse + serialise floor
WARM_PASSES = 4

# The warm html.xsl peer of the corpus, in a process of its own: compiled once, one unmeasured
# pass over the TEIs, then the CPU seconds of a second pass printed.
PEER_RENDER_WARM = """
import sys, time
from saxonche import PySaxonProcessor
processor = PySaxonProcessor(license=False)
executable = processor.new_xslt30_processor().compile_stylesheet(stylesheet_file=sys.argv[1])
executable.set_save_xsl_message(True)

def render():
    for tei in sys.argv[2:]:
        executable.clear_xsl_messages()
        executable.transform_to_string(source_file=tei)

render()
start = time.process_time()
render()
print(time.process_time() - start)
"""

PEER_RENDER = """
import sys
from saxonche import PySaxonProcessor
processor = PySaxonProcessor(license=False)
executable = processor.new_xslt30_processor().compile_stylesheet(stylesheet_file=sys.argv[1])
executable.set_save_xsl_message(True)
executable.transform_to_file(source_file=sys.argv[2], output_file=sys.argv[3])
"""


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# The processes are run as a user's would be: with their bytecode written once and read after
# (an environment that sets PYTHONDONTWRITEBYTECODE would have every run of a tool whose modules
# were not compiled at install, as an editable install's are not, compile them again).
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def run(command: list[str], **options) -> None:
    done = subprocess.run(command, capture_output=True, text=True, env=ENV, **options)
    if done.returncode:
        sys.exit(f"{' '.join(command[:4])} … failed ({done.returncode}):\n{done.stdout}{done.stderr}")


def timed_children(action: Callable[[], None]) -> tuple[float, float]:
    """Wall and CPU seconds (children's user + system) of ``action``."""
    cpu, start = children_cpu(), time.perf_counter()
    action()
    return time.perf_counter() - start, children_cpu() - cpu


def timed_here(action: Callable[[], None]) -> float:
    """CPU seconds of this process (all its threads) spent in ``action``."""
    start = time.process_time()
    action()
    return time.process_time() - start


def ratio_line(name: str, ours: list[float], theirs: list[float]) -> str:
    return f"  {name:44} {w.spread([a / b for a, b in zip(ours, theirs)])}"


# ----- 1. whole process ---------------------------------------------------------------------------


def whole_process(work: Path, rounds: int, jing: list[str] | None, html_xsl: Path | None) -> None:
    print("\n1. Whole process, the bundled edition (seconds; median (range) of "
          f"{rounds} interleaved round{'s' * (rounds > 1)})")
    tei = w.EDITION_TEI
    count = iter(range(10 ** 6))

    def ours() -> None:
        run([sys.executable, "-m", "tei_roundtable", "build", "--out", str(work / f"ours-{next(count)}")], cwd=w.REPO)

    def peer() -> None:
        assert jing is not None and html_xsl is not None
        bag = work / f"peer-{next(count)}"
        (bag / "source").mkdir(parents=True)
        shutil.copyfile(tei, bag / tei.name)
        shutil.copyfile(w.SOURCE, bag / "source" / w.SOURCE.name)
        run([*jing, str(w.SCHEMA), str(tei)])
        run([sys.executable, "-c", PEER_RENDER, str(html_xsl), str(tei), str(bag / "index.html")])
        run([sys.executable, "-m", "bagit", "--quiet", "--sha512", str(bag)])

    peers = jing is not None and html_xsl is not None
    # One round unmeasured: bytecode, the toolkit's cache folder and the system's file cache
    # filled, as they are for every run but a user's first.
    ours()
    if peers:
        peer()
    found: dict[str, list[tuple[float, float]]] = {"ours": [], "peer": []}
    for number in range(rounds):
        order = [("ours", ours), ("peer", peer)] if peers else [("ours", ours)]
        for name, action in order if number % 2 == 0 else order[::-1]:
            found[name].append(timed_children(action))
    print(f"  {'':44} {'wall':>22} {'CPU':>22}")
    label = {"ours": "tei-roundtable build", "peer": "peer: jing + TEIC html.xsl + bagit.py"}
    for name, values in found.items():
        if values:
            print(f"  {label[name]:44} {w.spread([v[0] for v in values]):>22} {w.spread([v[1] for v in values]):>22}")
    if peers:
        wall = [a[0] / b[0] for a, b in zip(found["ours"], found["peer"])]
        cpu = [a[1] / b[1] for a, b in zip(found["ours"], found["peer"])]
        print(f"  {'ratio ours / peer':44} {w.spread(wall):>22} {w.spread(cpu):>22}")
        verdict = "met" if sorted(wall)[len(wall) // 2] < 1 else "NOT met"
        print(f"  target: build faster than the peer pipeline (wall ratio < 1): {verdict}")


# ----- 2. in-process stages -------------------------------------------------------------------------


STAGES = ("load edition", "encode", "validate", "export DTS", "render", "package")  # the build's order


def stage_times(data: Path, out: Path) -> dict[str, float]:
    """CPU seconds of each stage of one build (the events' times mark the stages' ends)."""
    from tei_roundtable import pipeline
    from tei_roundtable.edition import load

    marks: dict[str, float] = {}
    start = time.process_time()
    ed = load(data)
    marks["load edition"] = time.process_time()

    def note(event) -> None:
        marks.setdefault({"encoded": "encode", "valid": "validate", "rendered": "render", "exported": "export DTS",
                          "packaged": "package"}.get(event.stage, event.stage), time.process_time())

    pipeline.build(ed, out, report=note)
    times, previous = {}, start
    for stage in STAGES:
        times[stage] = marks.get(stage, previous) - previous  # a build without DTS export has no such stage
        previous = marks.get(stage, previous)
    times["build"] = previous - start
    return times


def in_process(work: Path, rounds: int) -> None:
    from tei_roundtable import pipeline
    from tei_roundtable.edition import load

    pipeline.build(load(w.EDITION_DATA), work / "warm-up")
    found = [stage_times(w.EDITION_DATA, work / f"stages-{n}") for n in range(max(rounds, 5))]
    print(f"\n2. In-process stages, the bundled edition, warm process (ms of CPU; median (range) of {len(found)} builds)")
    for stage in (*STAGES, "build"):
        print(f"  {stage:44} {w.spread([f[stage] * 1000 for f in found]):>22}")


# ----- 3. corpus ---------------------------------------------------------------------------------------


# The toolkit's caches of what a word gives (its search terms, parts of speech, transliteration):
# the corpus's editions are copies of one, so after the first every word is remembered, as
# in a series most of them would be; emptied, each edition pays for its words as if all were new.
WORD_CACHES = (("search", "_word_terms"), ("_textrules", "parts_of_speech"), ("names", "translit_key"),
               ("names", "_whole_word_in"), ("_encode_base", "_alternation"))


def forget_words() -> None:
    import importlib

    for module, name in WORD_CACHES:
        getattr(importlib.import_module(f"tei_roundtable.{module}"), name).cache_clear()


def corpus(work: Path, editions: int, rounds: int, jing: list[str] | None, html_xsl: Path | None) -> None:
    from lxml import etree

    from tei_roundtable import pipeline
    from tei_roundtable.edition import load

    datas = w.edition_variants(work / "corpus", editions)
    pipeline.build(load(datas[0]), work / "corpus-warm-up")
    # The floor and the peers read a TEI of the same size per edition.
    teis = w.copies_of_the_edition(work / "corpus-tei", editions, with_data=False)

    import bagit

    count = iter(range(10 ** 6))

    def ours() -> float:
        seconds = timed_here(lambda: [pipeline.build(load(d), work / f"c-{next(count)}") for d in datas])
        return seconds / editions

    def ours_new_words() -> float:
        def build(data: Path) -> None:
            forget_words()
            pipeline.build(load(data), work / f"c-{next(count)}")
        return timed_here(lambda: [build(d) for d in datas]) / editions

    def floor() -> float:
        return timed_here(lambda: [etree.tostring(etree.parse(str(t))) for t in teis]) / editions

    def peer_jing() -> float:
        once = timed_children(lambda: run([*jing, str(w.SCHEMA), *map(str, teis)]))[1]
        more = timed_children(lambda: run([*jing, str(w.SCHEMA), *map(str, teis * WARM_PASSES)]))[1]
        return max(more - once, 0.0) / ((WARM_PASSES - 1) * editions)

    def peer_html() -> float:
        found = subprocess.run([sys.executable, "-c", PEER_RENDER_WARM, str(html_xsl), *map(str, teis)],
                               check=True, capture_output=True, text=True)
        return float(found.stdout.split()[-1]) / editions

    def peer_bag() -> float:
        def bag_all() -> None:
            for tei in teis:
                folder = work / f"bag-{next(count)}"
                folder.mkdir()
                shutil.copyfile(tei, folder / tei.name)
                bagit.make_bag(str(folder), {"Source-Organization": "bench"}, checksums=["sha512"])
        return timed_here(bag_all) / editions

    measures: dict[str, Callable[[], float]] = {"ours": ours, "ours, new words": ours_new_words, "floor": floor,
                                                "bagit": peer_bag}
    if jing is not None:
        measures["jing"] = peer_jing
    if html_xsl is not None:
        measures["html.xsl"] = peer_html
    found: dict[str, list[float]] = {name: [] for name in measures}
    for number in range(rounds):
        names = list(measures) if number % 2 == 0 else list(measures)[::-1]
        for name in names:
            found[name].append(measures[name]())
    print(f"\n3. Corpus: {editions} editions built in one process (ms of CPU per edition; median (range) of "
          f"{rounds} round{'s' * (rounds > 1)})")
    ms = {name: [v * 1000 for v in values] for name, values in found.items()}
    print(f"  {'tei-roundtable build, per edition':44} {w.spread(ms['ours']):>22}")
    print(f"  {'… the per-word caches emptied before each':44} {w.spread(ms['ours, new words']):>22}")
    print(f"  {'floor: lxml parse + serialise of the TEI':44} {w.spread(ms['floor']):>22}")
    for name, label in (("jing", "jing, one JVM, per document once warm"), ("html.xsl", "TEIC html.xsl, compiled once"),
                        ("bagit", "bagit.make_bag, in process")):
        if name in ms:
            print(f"  {'peer: ' + label:44} {w.spread(ms[name]):>22}")
    print(ratio_line("ratio ours / floor", ms["ours"], ms["floor"]))
    if "html.xsl" in ms:
        # What the 30x bound leaves: the peer's HTML page alone, beside the floor.
        print(ratio_line("ratio TEIC html.xsl alone / floor", ms["html.xsl"], ms["floor"]))
    if "jing" in ms and "html.xsl" in ms:
        warm = [sum(vs) for vs in zip(ms["jing"], ms["html.xsl"], ms["bagit"])]
        print(f"  {'peer tools warm, together':44} {w.spread(warm):>22}")
        print(ratio_line("ratio ours / warm peer tools", ms["ours"], warm))
    median = sorted(ms["ours"])[len(ms["ours"]) // 2] / 1000
    floor_ratio = sorted(a / b for a, b in zip(ms["ours"], ms["floor"]))[len(ms["ours"]) // 2]
    print(f"  target: at most {CPU_TARGET:.2f} s of CPU per edition: {median:.3f} s, "
          f"{'met' if median <= CPU_TARGET else 'NOT met'}; within {FLOOR_TARGET:.0f}x the floor: "
          f"{floor_ratio:.0f}x, {'met' if floor_ratio <= FLOOR_TARGET else 'NOT met'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds (default 7)")
    parser.add_argument("--editions", type=int, default=20, help="editions of the corpus (default 20)")
    parser.add_argument("--only", choices=("whole", "stages", "corpus"),
                        help="run one of the three measurements (default: all three)")
    parser.add_argument("--smoke", action="store_true",
                        help="one round, two editions: checks that the script runs, measures nothing")
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.editions < 1:
        parser.error("--rounds and --editions must be at least 1")
    if args.smoke:
        args.rounds, args.editions = 1, 2
    jing, why_not_jing = w.jing()
    html_xsl, why_not_html = w.teic_html()
    for tool, why in (("jing", why_not_jing), ("TEIC html.xsl", why_not_html)):
        if why:
            print(f"{tool} skipped: {why}")
    if jing is None or html_xsl is None:
        print("peer pipeline skipped: it needs both jing and the TEI Consortium's html.xsl; "
              "tei-roundtable is measured alone")
    from tei_roundtable.validate import _available_cpus

    print(f"machine: {_available_cpus()} CPUs available; each tool runs one process at a time (jing validates "
          "on one thread; the JVM's own threads count in its CPU time)")
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        work = Path(tmp)
        if args.only in (None, "whole"):
            whole_process(work, args.rounds, jing, html_xsl)
        if args.only in (None, "stages"):
            in_process(work, args.rounds)
        if args.only in (None, "corpus"):
            corpus(work, args.editions, args.rounds, jing, html_xsl)
    return 0


if __name__ == "__main__":
    sys.exit(main())
