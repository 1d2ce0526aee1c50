"""Search in the edition page and in the collection page: page weight and search latency,
against Pagefind, in one run.

    python benchmarks/bench_search.py [TEI] [--rounds N]          # the edition page
    python benchmarks/bench_search.py --collection N [--rounds N] # a collection of N editions

Needs the test extras and Pagefind's Python package with its binary
(``pip install -e '.[test]' 'pagefind[bin]'``) and Debian's Chromium.

* tei-roundtable: the page as ``render`` writes it, opened from file://; its lunr index and
  lunr.js are inside it. A query is timed from setting the search box to the result list being
  written, keywords in context included (all results).
* The collection case: N generated editions (benchmarks/bench_collection.py's generator, each
  edition-sized) built as ``tei-roundtable build`` builds a collection; ours is the collection
  page, whose index is in shards, one lunr index per edition with the passages' texts (the page
  has none of its own), loaded by ``<script src>`` at the first search: "index load" is that
  first search, shards loaded and results listed; the queries after it are timed as above.
  Pagefind indexes the same N edition pages.
* Pagefind, the static search tool a user would otherwise reach for, indexes the same page
  (``python -m pagefind --site``) and is served by Python's http.server, since Pagefind cannot
  load from file:// (the script reports what happens when it is tried). A query is timed from
  ``pagefind.search`` to the data of every result (Pagefind's excerpts), as its own UI does.
  Pagefind's unit is the page (one result, with sub-results per heading); ours is the passage.

The same words are asked of both in the same Chromium, interleaved query by query, for
--rounds rounds; figures are medians in milliseconds; the ratio is Pagefind / tei-roundtable
(above 1: tei-roundtable is faster). Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "render"))

COLLECTION_QUERIES = ["water", "valley", "borders", "canals", "farms", "summer", "stations", "winter",
                      "Karaeva", "Osmonov", "rules", "power"]
QUERIES = ["Abdylidaev", "union", "integration", "Kyrgyzstan", "sanctions", "water", "energy",
           "security", "Nazarbaev", "economic", "transport", "concept"]

OURS = """async (query) => {
  const input = document.getElementById("search-q");
  const start = performance.now();
  input.value = query;
  input.form.requestSubmit();
  const count = document.querySelectorAll("#search-results li").length;
  return [performance.now() - start, count];
}"""

PEER_INIT = """async (path) => {
  const start = performance.now();
  window.pf = await import(path);
  await window.pf.init();
  return performance.now() - start;
}"""

PEER = """async (query) => {
  const start = performance.now();
  const found = await window.pf.search(query);
  const data = await Promise.all(found.results.map(r => r.data()));
  const passages = data.reduce((n, d) => n + Math.max(1, d.sub_results.length), 0);
  return [performance.now() - start, passages];
}"""

LOAD = """() => {
  const data = document.getElementById("search-data").textContent;
  const start = performance.now();
  lunr.Index.load(JSON.parse(data).index);
  return performance.now() - start;
}"""


# The collection page: its first search loads the shards (search/<edition-id>.js) and then lists.
LOAD_SHARDS = """async () => {
  const input = document.getElementById("search-q");
  const status = document.getElementById("search-status");
  const start = performance.now();
  input.value = "water";
  input.form.requestSubmit();
  while (status.textContent === "" || status.textContent.startsWith("Loading")) {
    await new Promise(resolve => setTimeout(resolve, 1));
  }
  return performance.now() - start;
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # one line per request would bury the figures
        pass


def kib(n: int) -> str:
    return f"{n / 1024:,.0f} KiB"


def _measure(browser, ours_path: Path, site: Path, queries: list[str], rounds: int) -> dict:
    """Weights and latencies of our page (from file://) and of Pagefind over ``site`` (served)."""
    from lxml import html as lxml_html

    data = ours_path.read_bytes()
    tree = lxml_html.document_fromstring(data)
    shards = tree.xpath("//script[@id='search-shards']")
    if shards:  # the collection page: its index is in the shard files beside it
        index_bytes = sum((ours_path.parent / "search" / f"{ident}.js").stat().st_size
                          for ident in json.loads(shards[0].text))
    else:
        index_bytes = len(tree.get_element_by_id("search-data").text.encode("utf-8"))
    lunr_bytes = len(tree.xpath("//script[not(@type)]")[0].text.encode("utf-8"))
    built = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site)], capture_output=True, text=True)
    if built.returncode:
        raise RuntimeError(f"cannot run Pagefind: {built.stderr or built.stdout}")
    bundle = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())
    page = next(p for p in sorted(site.rglob("index.html")) if "pagefind" not in p.parts)
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        ours = browser.new_page()
        if shards:
            loads = []
            for _ in range(3):  # a fresh page each time: the shards load once per page
                ours.goto(ours_path.as_uri())
                ours.wait_for_load_state("load")
                loads.append(ours.evaluate(LOAD_SHARDS))
            load_ms = statistics.median(loads)
        else:
            ours.goto(ours_path.as_uri())
            ours.wait_for_load_state("load")
            load_ms = statistics.median(ours.evaluate(LOAD) for _ in range(5))

        from_file = browser.new_page()
        from_file.goto(page.as_uri())
        try:
            from_file.evaluate(PEER_INIT, (site / "pagefind" / "pagefind.js").as_uri())
            file_note = "loads"
        except Exception as exc:  # the browser's refusal, reported as is
            file_note = "fails: " + " ".join(str(exc).split())[:100]

        peer = browser.new_page()
        fetched: list[int] = []
        peer.on("response", lambda r: fetched.append(len(r.body())) if "/pagefind/" in r.url else None)
        peer.goto(f"http://127.0.0.1:{server.server_address[1]}/{page.relative_to(site).as_posix()}")
        peer.wait_for_load_state("load")
        init_ms = peer.evaluate(PEER_INIT, "/pagefind/pagefind.js")
        cold_ms, _ = peer.evaluate(PEER, queries[0])
        first_bytes = sum(fetched)

        ours_ms: list[float] = []
        peer_ms: list[float] = []
        ratios: list[float] = []
        counts: dict[str, tuple[int, int]] = {}
        for _ in range(rounds):
            for query in queries:
                a, n_ours = ours.evaluate(OURS, query)
                b, n_peer = peer.evaluate(PEER, query)
                ours_ms.append(a)
                peer_ms.append(b)
                ratios.append(b / a if a else float("inf"))
                counts[query] = (n_ours, n_peer)
        all_bytes = sum(fetched)
    finally:
        server.shutdown()
        server.server_close()
    return {"data": data, "index_bytes": index_bytes, "lunr_bytes": lunr_bytes, "bundle": bundle,
            "first_bytes": first_bytes, "all_bytes": all_bytes, "load_ms": load_ms, "init_ms": init_ms,
            "cold_ms": cold_ms, "ours_ms": ours_ms, "peer_ms": peer_ms, "ratios": ratios, "counts": counts,
            "file_note": file_note, "sharded": bool(shards)}


def _report(title: str, m: dict, unit: str) -> None:
    data = m["data"]
    print(title)
    print()
    print("page weight")
    if m["sharded"]:
        index = f"lunr.js {kib(m['lunr_bytes'])}; its search index {kib(m['index_bytes'])} in shards beside it, loaded at the first search"
        bare = len(data) - m["lunr_bytes"]
    else:
        index = f"search index {kib(m['index_bytes'])}, lunr.js {kib(m['lunr_bytes'])}"
        bare = len(data) - m["index_bytes"] - m["lunr_bytes"]
    print(f"  tei-roundtable {unit:<8}{kib(len(data))} ({kib(len(gzip.compress(data, 9)))} gzipped), of which "
          f"{index}; without search {kib(bare)}")
    print(f"  Pagefind bundle       {kib(m['bundle'])} on disk; fetched {kib(m['first_bytes'])} for the first query, "
          f"{kib(m['all_bytes'])} for all (the pages themselves not counted)")
    print()
    print("latency (ms, median)")
    when = "the first search, loading the shards" if m["sharded"] else "at page load"
    print(f"  tei-roundtable        index load {m['load_ms']:.1f} ({when}); query {statistics.median(m['ours_ms']):.2f}")
    print(f"  Pagefind              init {m['init_ms']:.1f}; first query {m['cold_ms']:.1f}; "
          f"query {statistics.median(m['peer_ms']):.2f}")
    ratios = m["ratios"]
    print(f"  ratio Pagefind / tei-roundtable per query: median {statistics.median(ratios):.1f} "
          f"(range {min(ratios):.1f}-{max(ratios):.1f})")
    print(f"  Pagefind from file://: {m['file_note']}")
    print()
    print("results per query (tei-roundtable passages / Pagefind passages: sub-results, or the page)")
    print("  " + ", ".join(f"{q} {a}/{b}" for q, (a, b) in m["counts"].items()))


def _edition_case(browser, tmp: Path, tei: Path, rounds: int) -> None:
    from tei_roundtable.render import render

    page_path = next(p for p in render(tei, tmp / "ours") if p.suffix == ".html")
    site = tmp / "peer"
    site.mkdir()
    shutil.copy(page_path, site / "index.html")
    m = _measure(browser, page_path, site, QUERIES, rounds)
    _report(f"edition: {tei.name}; {len(QUERIES)} queries x {rounds} rounds, same Chromium", m, "page")


def _collection_case(browser, tmp: Path, n: int, rounds: int) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from bench_collection import generate

    from tei_roundtable import collection
    from tei_roundtable.edition import load_all
    from tei_roundtable.pipeline import build_collection

    project = tmp / "project"
    generate(project, n)
    coll = collection.load(project / "tei" / "collection.yaml")
    built = build_collection(coll, project / "dist", jobs=2)
    if built.failed:
        raise RuntimeError(f"the collection did not build: {built.failed[0]}")
    site = tmp / "peer"
    for ed in load_all(coll):
        (site / ed.id).mkdir(parents=True)
        shutil.copy(project / "dist" / ed.id / "html" / "index.html", site / ed.id / "index.html")
    m = _measure(browser, project / "dist" / "index.html", site, COLLECTION_QUERIES, rounds)
    _report(f"collection of {n} generated editions; {len(COLLECTION_QUERIES)} queries x {rounds} rounds, "
            f"same Chromium; Pagefind over the {n} edition pages", m, "coll.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tei", nargs="?", type=Path, help="TEI file (default: the single tei/*.xml)")
    parser.add_argument("--collection", type=int, metavar="N", help="measure the collection page of N editions")
    parser.add_argument("--rounds", type=int, default=5, help="rounds over the queries (default 5)")
    parser.add_argument("--smoke", action="store_true",
                        help="one round (tests/test_benchmarks.py): checks that the script runs")
    args = parser.parse_args(argv)
    if args.smoke:
        args.rounds = 1

    from browser import chromium, unavailable

    reason = unavailable()
    if reason:
        print(f"cannot run: {reason}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp, chromium() as browser:
        try:
            if args.collection:
                _collection_case(browser, Path(tmp), args.collection, args.rounds)
            else:
                _edition_case(browser, Path(tmp), args.tei or sorted((REPO / "tei").glob("*.xml"))[0], args.rounds)
        except RuntimeError as exc:
            print(exc, file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
