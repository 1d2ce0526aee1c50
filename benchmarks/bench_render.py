"""Rendering speed: tei-roundtable's stylesheets against the TEI Consortium's, in one run.

    python benchmarks/bench_render.py [TEI] [--runs N] [--smoke]

Measures, for the same TEI file and the same XSLT engine (saxonche, in this process):

* tei-roundtable: the HTML page alone (xslt/tei2html.xsl, parsing included), and all three
  outputs as ``render_outputs`` makes them (HTML + two plain texts);
* the peer a user would otherwise reach for: the TEI Consortium's ``html/html.xsl`` from a
  checkout of https://github.com/TEIC/Stylesheets named by the environment variable
  TEI_STYLESHEETS, or Debian's tei-xsl package (not bundled, never downloaded here); skipped
  with a message without it;
* the floor of issue 14's per-edition target, lxml's parse and serialisation of the same file
  (as benchmarks/bench_build.py measures it), and each rendering as a multiple of it.

Compilation is timed once and reported apart: both sides compile once per process. The
figures are medians of --runs warm runs, in milliseconds of CPU time of this process per
document (time.process_time: Saxon runs in the process, and the machine's other work does not
count, as it would in wall time); the ratio is peer / tei-roundtable (above 1: tei-roundtable
is faster). Not a test: nothing is asserted.
``--smoke`` (what tests/test_benchmarks.py runs) renders the small test fixture once, to check
that the script still runs, not to measure.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _timed(functions: dict, runs: int) -> dict[str, float]:
    """Median ms of CPU per call of each function, the functions interleaved run by run so
    that a busy machine slows them alike."""
    times: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(runs):
        for name, function in functions.items():
            start = time.process_time()
            function()
            times[name].append((time.process_time() - start) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tei", nargs="?", type=Path, help="TEI file (default: the single tei/*.xml)")
    parser.add_argument("--runs", type=int, default=20, help="warm runs per measurement (default 20)")
    parser.add_argument("--smoke", action="store_true",
                        help="one run on the small test fixture: checks that the script runs, measures nothing")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.smoke:
        args.runs = 1
        args.tei = args.tei or REPO / "tests" / "validate" / "fixtures" / "minimal.xml"

    from lxml import etree

    from tei_roundtable import _xslt
    from tei_roundtable import render as render_mod
    from tei_roundtable.resources import xslt_dir
    from tei_roundtable._xml import parse_file

    tei = args.tei or sorted((REPO / "tei").glob("*.xml"))[0]
    size = tei.stat().st_size
    print(f"document: {tei.name} ({size / 1024:.0f} KiB), {args.runs} warm runs each, median ms of CPU per document")

    start = time.process_time()
    _xslt._compile(xslt_dir() / "tei2html.xsl")
    _xslt._compile(xslt_dir() / "tei2text.xsl")
    ours_compile = (time.process_time() - start) * 1000

    def ours_html() -> None:
        render_mod.render_html(tei)

    def ours_all() -> None:
        render_mod.render_outputs(tei)

    from tei_roundtable import search

    tree, ident = parse_file(tei), render_mod.edition_id(parse_file(tei), tei)

    def ours_search() -> None:
        search.build([(ident, tree)]).to_json()

    def floor() -> None:
        etree.tostring(etree.parse(str(tei)))

    functions = {"html": ours_html, "all": ours_all, "search": ours_search, "floor": floor}
    print(f"tei-roundtable  compile {ours_compile:8.1f} ms (both stylesheets, once per process)")

    import _workloads

    peer, why_not = _workloads.teic_html()
    executable = None
    if peer is None:
        print(f"TEIC html.xsl   skipped: {why_not}")
    else:
        executable, peer_compile = _compile_peer(peer)
    if executable is not None:
        processor = _xslt._saxon()

        def peer_html() -> None:
            # Same footing: a safe parse with lxml, then Saxon parses the serialised document.
            text = etree.tostring(parse_file(tei), encoding="unicode")
            executable.clear_xsl_messages()
            executable.transform_to_string(xdm_node=processor.parse_xml(xml_text=text))

        functions["peer"] = peer_html
        print(f"TEIC html.xsl   compile {peer_compile:8.1f} ms")
    for function in functions.values():  # warm-up (caches, JIT)
        function()
    ms = _timed(functions, args.runs)
    print(f"tei-roundtable  html    {ms['html']:8.1f} ms   (tei2html.xsl, safe parse included)")
    print(f"tei-roundtable  all     {ms['all']:8.1f} ms   (html + normalised + diplomatic text)")
    print(f"tei-roundtable  search  {ms['search']:8.1f} ms   (of html: the lunr index, search.py)")
    floor_ms = max(ms["floor"], 1e-6)  # never 0: a tiny --smoke file is still parsed
    print(f"floor           lxml    {ms['floor']:8.1f} ms   (parse + serialise); html {ms['html'] / floor_ms:.0f}x it, "
          f"all three outputs {ms['all'] / floor_ms:.0f}x")
    if "peer" in ms:
        print(f"TEIC html.xsl   html    {ms['peer']:8.1f} ms   ({ms['peer'] / floor_ms:.0f}x the floor)")
        print(f"ratio (TEIC html / tei-roundtable html): {ms['peer'] / ms['html']:.2f}")
        print(f"ratio (TEIC html / tei-roundtable all three outputs): {ms['peer'] / ms['all']:.2f}")
        print(f"ratio (TEIC compile / tei-roundtable compile): {peer_compile / ours_compile:.2f}")
    return 0


def _compile_peer(peer: Path):
    """The TEIC stylesheet compiled by the same Saxon processor, and the milliseconds it took."""
    from saxonche import PySaxonApiError

    from tei_roundtable import _xslt

    start = time.process_time()
    try:
        executable = _xslt._saxon().new_xslt30_processor().compile_stylesheet(stylesheet_file=str(peer))
    except PySaxonApiError as exc:
        print(f"TEIC html.xsl   skipped: does not compile here: {' '.join(str(exc).split())[:300]}")
        return None, 0.0
    executable.set_save_xsl_message(True)  # keep its messages off the console
    return executable, (time.process_time() - start) * 1000


if __name__ == "__main__":
    sys.exit(main())
