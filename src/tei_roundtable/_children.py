"""What a child process of the toolkit's (a collection's worker, the Saxon host) does first."""

from __future__ import annotations

import ctypes
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def end_with(parent: int) -> None:
    """End this child when its parent ``parent`` ends, however it ends.

    A worker of a process pool holds both ends of its task queue's pipe (forked, or given them
    when spawned), so it never sees the parent gone and waits for work forever: a build killed
    left its workers behind. On Linux the kernel is asked to kill the child when the parent
    dies (``prctl(PR_SET_PDEATHSIG)``); a parent that died before the call has left the child
    another parent, and it ends at once. Elsewhere nothing is done.
    """
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)
