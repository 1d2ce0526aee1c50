"""Saxon in a process of its own, so that a build renders while it validates.

A build spends about as long in Saxon (its start, the stylesheets' compilation, the page and
the two texts) as in everything else, and saxonche holds the interpreter's lock while it works,
so a thread cannot overlap the two. :func:`saxon_host` forks, before this process has loaded
Saxon, one child that starts Saxon and compiles the edition's stylesheets while this process
encodes; the build then hands it the encoded TEI to render (:meth:`SaxonHost.submit`) and
validates meanwhile, and every other transformation of the build (:func:`._xslt.transform`:
the OAI-DC record, the collection's pages) is run there too, so this process never starts Saxon.

Fork, not spawn: the child has every module this process has imported and starts in
milliseconds. It is used only where forking is safe: on Linux, in a process that has neither
loaded saxonche (a GraalVM isolate and its threads) nor started another thread; elsewhere the
build runs Saxon in its own process, as before, with the same results.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from . import _xslt
from ._children import end_with
from ._xml import parse_bytes
from .errors import InputError
from .resources import xslt_dir

# Compiled in the child as it starts, while the parent encodes: the stylesheets of every build.
_WARM = ("tei2html.xsl", "tei2text.xsl")


class SaxonHost:
    """The child process that runs Saxon for this one (:func:`saxon_host` makes it).

    Should the child end (killed, out of memory), what was asked of it is done in this process
    instead (:meth:`Task.result`): the build goes on, Saxon then in this process.
    """

    def __init__(self) -> None:
        self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"),
                                         initializer=_start, initargs=(os.getpid(),))
        # Started now (the pool forks at the first task), so that Saxon starts while this process works.
        self._pool.submit(_started)
        self.broken = False

    def submit(self, function: Callable, *args) -> Task:
        """Run ``function(*args)`` in the child; :meth:`Task.result` gives its result or raises its error."""
        future = None
        if not self.broken:
            try:
                future = self._pool.submit(function, *args)
            except BrokenProcessPool:
                self.broken = True
        return Task(self, future, function, args)

    def transform(self, stylesheet: Path, source: _xslt.Source,
                  params: dict[str, str]) -> tuple[str, list[InputError]]:
        """:func:`._xslt.transform_here` in the child, on the same source, and its result."""
        return self.submit(_transform, str(stylesheet), source.portable(), params).result()

    def close(self) -> None:
        # Work not yet started is dropped (a build that failed does not wait for its pages).
        self._pool.shutdown(wait=True, cancel_futures=True)


class Task:
    """Work handed to a :class:`SaxonHost`: done there, or here if the host has ended."""

    def __init__(self, host: SaxonHost, future: Future | None, function: Callable, args: tuple) -> None:
        self._host, self._future, self._function, self._args = host, future, function, args

    def result(self):
        if self._future is not None:
            try:
                return self._future.result()
            except BrokenProcessPool:
                self._host.broken = True
        # In this process, with no host for the transformations it runs.
        token = _xslt.remote.set(None)
        try:
            return self._function(*self._args)
        finally:
            _xslt.remote.reset(token)


def can_fork() -> bool:
    """Whether this process may fork a Saxon host: Linux, saxonche not loaded, one thread."""
    return sys.platform.startswith("linux") and "saxonche" not in sys.modules and threading.active_count() == 1


@contextmanager
def saxon_host() -> Iterator[SaxonHost | None]:
    """A :class:`SaxonHost` for the ``with`` block, through which :func:`._xslt.transform` runs;
    None (Saxon in this process) where forking is not safe (:func:`can_fork`)."""
    if not can_fork():
        yield None
        return
    host = SaxonHost()
    token = _xslt.remote.set(host)
    try:
        yield host
    finally:
        _xslt.remote.reset(token)
        host.close()


def _start(parent: int) -> None:
    """The child's start: it ends with its parent (:func:`._children.end_with`), its
    transformations are its own (the parent's host is not inherited), and the edition's
    stylesheets are compiled before they are asked for.

    An interrupt (Ctrl-C reaches the whole process group) is the parent's to handle: it stops
    the build and then this process, which would otherwise print a traceback of its own."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    end_with(parent)
    _xslt.remote.set(None)
    for name in _WARM:
        _xslt._compile(xslt_dir() / name)


def _started() -> None:
    pass


def _transform(stylesheet: str, portable: tuple[str, bytes, str | None],
               params: dict[str, str]) -> tuple[str, list[InputError]]:
    path, data, file = portable
    tree = parse_bytes(data, path)
    source = _xslt.Source(Path(path), tree) if file is None else _xslt.FileSource(Path(path), tree, Path(file))
    return _xslt.transform_here(Path(stylesheet), source, params)

