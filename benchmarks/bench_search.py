"""Search in the edition page: page weight and search latency, against Pagefind, in one run.

    python benchmarks/bench_search.py [TEI] [--rounds N]

Needs the test extras and Pagefind's Python package with its binary
(``pip install -e '.[test]' 'pagefind[bin]'``) and Debian's Chromium.

* tei-roundtable: the page as ``render`` writes it, opened from file://; its lunr index and
  lunr.js are inside it. A query is timed from setting the search box to the result list being
  written, keywords in context included (all results).
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


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # one line per request would bury the figures
        pass


def kib(n: int) -> str:
    return f"{n / 1024:,.0f} KiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tei", nargs="?", type=Path, help="TEI file (default: the single tei/*.xml)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds over the queries (default 5)")
    parser.add_argument("--smoke", action="store_true",
                        help="one round (tests/test_benchmarks.py): checks that the script runs")
    args = parser.parse_args(argv)
    if args.smoke:
        args.rounds = 1

    from browser import chromium, unavailable
    from lxml import html as lxml_html

    from tei_roundtable.render import render

    reason = unavailable()
    if reason:
        print(f"cannot run: {reason}", file=sys.stderr)
        return 1
    tei = args.tei or sorted((REPO / "tei").glob("*.xml"))[0]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        page_path = next(p for p in render(tei, tmp / "ours") if p.suffix == ".html")
        data = page_path.read_bytes()
        tree = lxml_html.document_fromstring(data)
        index_bytes = len(tree.get_element_by_id("search-data").text.encode("utf-8"))
        lunr_bytes = len(tree.xpath("//script[not(@type)]")[0].text.encode("utf-8"))
        site = tmp / "peer"
        site.mkdir()
        shutil.copy(page_path, site / "index.html")
        built = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site)], capture_output=True, text=True)
        if built.returncode:
            print(f"cannot run Pagefind: {built.stderr or built.stdout}", file=sys.stderr)
            return 1
        bundle = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())

        handler = functools.partial(_Quiet, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with chromium() as browser:
                ours = browser.new_page()
                ours.goto(page_path.as_uri())
                ours.wait_for_load_state("load")
                load_ms = statistics.median(ours.evaluate(LOAD) for _ in range(5))

                from_file = browser.new_page()
                from_file.goto((site / "index.html").as_uri())
                try:
                    from_file.evaluate(PEER_INIT, "./pagefind/pagefind.js")
                    file_note = "loads"
                except Exception as exc:  # the browser's refusal, reported as is
                    file_note = "fails: " + " ".join(str(exc).split())[:100]

                peer = browser.new_page()
                fetched: list[int] = []
                peer.on("response", lambda r: fetched.append(len(r.body())) if "/pagefind/" in r.url else None)
                peer.goto(f"http://127.0.0.1:{server.server_address[1]}/index.html")
                peer.wait_for_load_state("load")
                init_ms = peer.evaluate(PEER_INIT, "/pagefind/pagefind.js")
                cold_ms, _ = peer.evaluate(PEER, QUERIES[0])
                first_bytes = sum(fetched)

                ours_ms: list[float] = []
                peer_ms: list[float] = []
                ratios: list[float] = []
                counts: dict[str, tuple[int, int]] = {}
                for _ in range(args.rounds):
                    for query in QUERIES:
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

    print(f"edition: {tei.name}; {len(QUERIES)} queries x {args.rounds} rounds, same Chromium")
    print()
    print("page weight")
    print(f"  tei-roundtable page   {kib(len(data))} ({kib(len(gzip.compress(data, 9)))} gzipped), of which "
          f"search index {kib(index_bytes)}, lunr.js {kib(lunr_bytes)}; "
          f"without search {kib(len(data) - index_bytes - lunr_bytes)}")
    print(f"  Pagefind bundle       {kib(bundle)} on disk; fetched {kib(first_bytes)} for the first query, "
          f"{kib(all_bytes)} for all (the page itself not counted)")
    print()
    print("latency (ms, median)")
    print(f"  tei-roundtable        index load {load_ms:.1f} (at page load); query {statistics.median(ours_ms):.2f}")
    print(f"  Pagefind              init {init_ms:.1f}; first query {cold_ms:.1f}; query {statistics.median(peer_ms):.2f}")
    print(f"  ratio Pagefind / tei-roundtable per query: median {statistics.median(ratios):.1f} "
          f"(range {min(ratios):.1f}-{max(ratios):.1f})")
    print(f"  Pagefind from file://: {file_note}")
    print()
    print("results per query (tei-roundtable passages / Pagefind passages: sub-results, or the page)")
    print("  " + ", ".join(f"{q} {a}/{b}" for q, (a, b) in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
