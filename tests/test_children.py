"""A child process of the toolkit's ends with its parent (``_children.end_with``): a build or a
validation killed leaves no worker behind, waiting for work forever."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO, ends_soon

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")

KILLED = """
import multiprocessing, os, signal, sys
from concurrent.futures import ProcessPoolExecutor
from tei_roundtable._children import end_with
if __name__ == "__main__":
    context = multiprocessing.get_context(sys.argv[2])
    pool = ProcessPoolExecutor(1, mp_context=context, initializer=end_with, initargs=(os.getpid(),))
    open(sys.argv[1], "w").write(str(pool.submit(os.getpid).result()))
    os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.parametrize("start", ["spawn", "fork"])
def test_a_worker_ends_with_the_process_that_started_it(tmp_path, start):
    script = tmp_path / "killed.py"
    script.write_text(KILLED, encoding="utf-8")
    # Not through a pipe: a worker that outlived its parent would hold it open.
    subprocess.run([sys.executable, str(script), str(tmp_path / "pid"), start], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, cwd=REPO, timeout=120)
    assert ends_soon(int((tmp_path / "pid").read_text())), "the worker outlived the process that started it"
