"""File helpers shared by every stage: decoding input text and writing output atomically."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import InputError


def read_text(path: str | Path) -> str:
    """Read a UTF-8 text file; a BOM is dropped and CRLF/CR become LF.

    Raises :class:`InputError` naming the byte offset (and line) of the first byte that is
    not UTF-8, and for an empty file.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", path, hint="check the path") from None
    except IsADirectoryError:
        raise InputError("is a directory, expected a file", path) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", path) from None
    return decode_text(data, path)


def decode_text(data: bytes, path: str | Path = "<input>") -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data.strip():
        raise InputError("file is empty", path, hint="expected a transcript or data file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            f"not UTF-8: byte 0x{data[exc.start]:02x} at byte offset {exc.start} cannot be decoded",
            path,
            line,
            column,
            hint="save the file as UTF-8",
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


@contextmanager
def atomic_writer(path: str | Path, mode: str = "wb") -> Iterator:
    """Open a temporary file beside ``path`` and move it into place only if the block succeeds."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, mode) as handle:
            yield handle
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_bytes(path: str | Path, data: bytes) -> None:
    with atomic_writer(path, "wb") as handle:
        handle.write(data)
