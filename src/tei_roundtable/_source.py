"""The source transcript a TEI header names, opened only where it is safe to.

``sourceDesc/bibl/idno[@type='file']`` names the transcript by a path relative to the TEI file.
The TEI is input like any other, so that path is not trusted: it must be relative, stay inside
the TEI file's folder once symbolic links are resolved, and name a regular file. Anything else
(an absolute path, ``..`` leading out, a link to elsewhere, a device, a FIFO, a folder) is refused
without being opened, the way the parser refuses an external entity: otherwise a TEI could make
``validate`` read any file of the machine and quote it, or read ``/dev/zero`` until memory runs
out. A missing file is not refused but reported as missing (:class:`FileNotFoundError`).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath, PureWindowsPath

from lxml import etree

from ._xml import TEI_NS
from .errors import TeiRoundtableError

HINT = ("name the transcript by its path relative to this TEI file, inside the TEI's folder "
        "(e.g. source/<edition>.md): keep the transcript beside the TEI")


class SourceRefused(TeiRoundtableError):
    """The header names a source that is not a regular file inside the TEI's folder."""

    def __init__(self, named: str, reason: str) -> None:
        super().__init__(f"the source transcript {named!r} named in sourceDesc is refused: {reason}")
        self.named = named
        self.reason = reason


def named_source(tree) -> etree._Element | None:
    """The header's ``idno type="file"`` when it names something (text not blank), else None."""
    idno = tree.getroot().find(
        "tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:bibl/tei:idno[@type='file']", {"tei": TEI_NS})
    return idno if idno is not None and (idno.text or "").strip() else None


def source_path(tei: str | Path, named: str) -> Path:
    """The transcript ``named`` by the header of ``tei``, resolved; :class:`SourceRefused` if unsafe.

    Raises :class:`FileNotFoundError` when the path is acceptable but nothing is there.
    """
    if "\0" in named:
        raise SourceRefused(named, "it holds a NUL character")
    if PurePosixPath(named).is_absolute() or PureWindowsPath(named).is_absolute() or PureWindowsPath(named).drive:
        raise SourceRefused(named, "it is an absolute path")
    depth = 0
    for part in PurePosixPath(named).parts:
        depth += -1 if part == ".." else 0 if part == "." else 1
        if depth < 0:
            raise SourceRefused(named, "its '..' leads out of the TEI file's folder")
    folder = Path(tei).parent.resolve()
    try:
        target = (folder / named).resolve()
    except (RuntimeError, OSError):  # a loop of links (RuntimeError before Python 3.13)
        raise SourceRefused(named, "its symbolic links form a loop") from None
    if not target.is_relative_to(folder):
        raise SourceRefused(named, "a symbolic link on it leads out of the TEI file's folder")
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        raise
    except OSError as exc:  # a name too long, a path through a file, no permission (found by fuzzing)
        raise SourceRefused(named, f"it cannot be reached: {exc.strerror or exc}") from None
    _check_kind(named, mode)
    return target


def read_source(tei: str | Path, named: str) -> tuple[Path, bytes]:
    """The path and bytes of the transcript ``named`` by the header of ``tei`` (see :func:`source_path`)."""
    target = source_path(tei, named)
    # Not following a link and not blocking on a FIFO: the file may have been swapped since the check.
    fd = os.open(target, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        _check_kind(named, os.fstat(handle.fileno()).st_mode)
        return target, handle.read()


def _check_kind(named: str, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        kind = "a folder"
    elif stat.S_ISLNK(mode):
        kind = "a symbolic link"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "a device"
    elif stat.S_ISFIFO(mode):
        kind = "a FIFO"
    else:
        kind = "a special file"
    raise SourceRefused(named, f"it is {kind}, not a regular file")
