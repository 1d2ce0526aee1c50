"""Build a collection of N generated editions that share one register, and compare with the floor.

    python benchmarks/bench_collection.py                 # N = 10 and 100
    python benchmarks/bench_collection.py --sizes 10 100 1000
    python benchmarks/bench_collection.py --smoke         # N = 2, for the test suite

Each edition is edition-sized (40 turns of three paragraphs, eight of 30 people who return
across the series with dated posts). For each N it prints, for the first build and for a
rebuild after one transcript changes (the others are unchanged by content hash), of
``tei-roundtable build --jobs 2`` as a whole process (Python start-up included): the wall time,
the CPU time of the command and its workers together (getrusage of the children), and the peak
memory of the whole process tree: the largest sum, over the command and its workers, of their
resident sets, sampled every 20 ms with psutil (peaks shorter than that can be missed: it is
a lower bound, where the largest resident set of any one process, from getrusage, is exact);
"editions" is that peak while the workers build, the rest of "tree" being the collection's
outputs, made by the command alone; "tree PSS" is the largest sum of their proportional sets
(memory_full_info, every tenth sample: shared pages such as the Saxon library counted once
across the processes, not once in each), beside the resident sets, by which the target is judged.
Then the ratio to the floor: lxml parsing and serialising the same TEI files in one process,
measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
from lxml import etree

FIRST = ["Aida", "Timur", "Gulnara", "Daniyar", "Bakyt", "Nurlan", "Asel", "Erlan", "Madina", "Rustam"]
LAST = ["Karaeva", "Osmonov", "Bekova", "Sultanov", "Asanov", "Temirov", "Zhusupova", "Alymov", "Isakova",
        "Kadyrov", "Omurova", "Tashiev", "Nurova", "Saparov", "Dzhumaev"]
WORDS = ("the water of the valley crosses three borders and each border has its own rules for the canals "
         "so the farms receive less in summer than they need while the stations make power in winter").split()


def _people(count: int) -> list[tuple[str, str, str]]:
    rng = random.Random(7)
    seen, people = set(), []
    while len(people) < count:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        if (first, last) in seen:
            continue
        seen.add((first, last))
        people.append((last.lower() + f"-{len(people)}", first, last))
    return people


def _sentence(rng: random.Random, name: str | None) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 24))]
    if name:
        words.insert(rng.randint(1, len(words) - 1), name)
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def generate(folder: Path, n: int) -> None:
    """A project of ``n`` editions in ``folder/tei``, each with its transcript and edition data."""
    rng = random.Random(n)
    people = _people(30)
    tei = folder / "tei"
    (tei / "source").mkdir(parents=True)
    register = ["register:", "  persons:"]
    for ident, first, last in people:
        register += [f"    - id: {ident}", f"      name: {first} {last}", f"      forename: {first}",
                     f"      surname: {last}", f"      forms: [{first} {last}]"]
    editions = []
    for number in range(n):
        ident = f"forum-{number:04d}"
        day = f"20{10 + number % 15:02d}-{1 + number % 12:02d}-{1 + number % 28:02d}"
        chosen = rng.sample(people, 8)
        lines = ["## Round-table", "", f"### “Water and power, meeting {number}”", "", f"**Date:** {day}", "",
                 "**Place:** Hall of the Civic Forum", "",
                 f"**Moderator:** {chosen[0][1]} {chosen[0][2]}, director of the Civic Forum", "", "**Speakers:**", ""]
        lines += [f"- {p[1]} {p[2]}, engineer;" for p in chosen[1:3]] + ["", "**List of participants:**", ""]
        lines += [f"{i}. {p[1]} {p[2]}, economist;" for i, p in enumerate(chosen[3:], start=1)] + [""]
        for turn in range(40):
            speaker = chosen[turn % len(chosen)]
            for paragraph in range(3):
                other = rng.choice(chosen)
                text = " ".join(_sentence(rng, f"{other[1]} {other[2]}" if paragraph == 1 else None) for _ in range(3))
                lines.append((f"**{speaker[1]} {speaker[2]}:** " if paragraph == 0 else "") + text)
                lines.append("")
        (tei / "source" / f"{ident}.md").write_text("\n".join(lines), encoding="utf-8")
        roles = [("moderator", chosen[0])] + [("speaker", p) for p in chosen[1:3]] + [("participant", p) for p in chosen[3:]]
        data = [
            "edition:", f"  id: {ident}", f"  title: Water and power, meeting {number}", "  version: 1.0.0",
            "  date: '2026-12-01'", "  language: en", f"  source: source/{ident}.md",
            "  source_description: A generated transcript.", "  source_rights: Generated for the benchmark.",
            "  publisher: Ann Lee", "  contact_email: ann@example.org",
            "  licence: {id: CC-BY-4.0, url: 'https://creativecommons.org/licenses/by/4.0/', text: CC BY 4.0}",
            "  editors: [{id: ann-lee, name: Ann Lee, type: person, roles: [encoding]}]",
            "  setting: {name: Round-table, place: Hall of the Civic Forum}",
            "register:", "  persons:",
        ] + [f"    - {{id: {p[0]}, role: {role}}}" for role, p in roles] + ["decisions: []", ""]
        (tei / f"{ident}.yaml").write_text("\n".join(data), encoding="utf-8")
        editions.append(f"  - {ident}.yaml")
    collection = [
        "collection:", "  id: forum", "  title: Generated round-tables", "  version: 1.0.0", "  date: '2026-12-01'",
        "  publisher: Ann Lee", "  contact_email: ann@example.org",
        "  licence: {id: CC-BY-4.0, url: 'https://creativecommons.org/licenses/by/4.0/', text: CC BY 4.0}",
        "  editors: [{id: ann-lee, name: Ann Lee, type: person, roles: [encoding]}]", "editions:",
    ] + editions + register + [""]
    (tei / "collection.yaml").write_text("\n".join(collection), encoding="utf-8")


@dataclass
class Measured:
    """One run of the build command: wall and CPU seconds, peak memory of its process tree."""

    wall: float
    cpu: float
    tree_mib: float  # the largest sampled sum of the resident sets of the command and its workers
    tree_pss_mib: float  # the same of their proportional sets (shared pages divided among them), if known
    editions_mib: float  # the same while the workers build (more than one process building)
    stdout: str
    stderr: str
    returncode: int


def _tree_rss(process: psutil.Process, pss: bool = False) -> tuple[int, int, int]:
    """The summed resident sets of the process and its descendants, how many of them build
    (multiprocessing's resource tracker, which builds nothing, is counted but not as a builder),
    and with ``pss`` their summed proportional sets (0 where the system does not give them)."""
    total, builders, proportional = 0, 0, 0
    try:
        members = [process] + process.children(recursive=True)
    except psutil.NoSuchProcess:
        return 0, 0, 0
    for member in members:
        try:
            total += member.memory_info().rss
            builders += "resource_tracker" not in " ".join(member.cmdline())
            if pss:
                proportional += getattr(member.memory_full_info(), "pss", 0)
        except (psutil.NoSuchProcess, psutil.AccessDenied):  # a worker that ended between the listing and the reading
            pass
    return total, builders, proportional


def _build(folder: Path, jobs: int) -> Measured:
    command = [str(Path(sys.executable).with_name("tei-roundtable")), "build", "--jobs", str(jobs)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(command, cwd=folder, stdout=out, stderr=err)
        watched, peak, building, peak_pss, samples = psutil.Process(child.pid), 0, 0, 0, 0
        while child.poll() is None:
            # The proportional sets every tenth sample: reading them (smaps) costs more.
            total, builders, proportional = _tree_rss(watched, pss=samples % 10 == 0)
            samples += 1
            peak, peak_pss = max(peak, total), max(peak_pss, proportional)
            if builders > 1:
                building = max(building, total)
            time.sleep(0.02)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measured(wall, cpu, peak / 2**20, peak_pss / 2**20, building / 2**20, stdout, stderr, child.returncode)


def _floor(folder: Path) -> float:
    teis = sorted((folder / "dist").glob("*/tei/*.xml"))
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    started = time.process_time()  # CPU, as the build's figure it is compared with
    for path in teis:
        etree.tostring(etree.parse(str(path), parser), encoding="UTF-8", xml_declaration=True)
    return time.process_time() - started


def run(n: int, jobs: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-collection-") as work:
        folder = Path(work)
        generate(folder, n)
        first = _build(folder, jobs)
        if first.returncode != 0:
            raise SystemExit(f"build failed:\n{first.stdout[-2000:]}\n{first.stderr[-2000:]}")
        # The largest resident set of any one process of the builds (the command or a worker), exact.
        peak_process = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # MiB
        source = folder / "tei" / "source" / "forum-0000.md"
        source.write_text(source.read_text(encoding="utf-8").replace("director", "the director", 1), encoding="utf-8")
        again = _build(folder, jobs)
        if again.returncode != 0 or "1 built" not in again.stdout:
            raise SystemExit(f"rebuild did not build exactly one edition:\n{again.stdout[-2000:]}\n{again.stderr[-2000:]}")
        floor = _floor(folder)
        sizes = {name: _size(folder / "dist" / name) for name in ("index.html", "names.html", "tei", "dts")}
        shutil.rmtree(folder / "dist")
    return {"n": n, "first": first, "again": again, "peak_process": peak_process, "floor": floor, "sizes": sizes}


def _size(path: Path) -> float:
    """MiB of a file, or of every file under a folder."""
    if path.is_file():
        return path.stat().st_size / 2**20
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--smoke", action="store_true", help="N = 2 only (the test suite runs this)")
    args = parser.parse_args()
    sizes = [2] if args.smoke else args.sizes
    print(f"{os.cpu_count()} CPUs here; build --jobs {args.jobs}; whole process, Python start-up included")
    print(f"{'N':>6} {'run':>8} {'wall s':>8} {'CPU s':>8} {'CPU ms/edition':>14} {'tree MiB':>9} "
          f"{'editions':>9} {'tree PSS':>9} {'× floor':>8}")
    for n in sizes:
        r = run(n, args.jobs)
        for label, m in (("build", r["first"]), ("rebuild", r["again"])):
            print(f"{r['n']:>6} {label:>8} {m.wall:>8.2f} {m.cpu:>8.2f} {1000 * m.cpu / r['n']:>14.0f} "
                  f"{m.tree_mib:>9.0f} {m.editions_mib:>9.0f} {m.tree_pss_mib:>9.0f} {m.cpu / r['floor'] if r['floor'] else float('inf'):>8.0f}")
        sizes_text = ", ".join(f"{name} {mib:.2f}" for name, mib in r["sizes"].items())
        print(f"{'':>6} largest process {r['peak_process']:.0f} MiB; floor {r['floor']:.3f} s; "
              f"collection outputs (MiB): {sizes_text}")

if __name__ == "__main__":
    main()
