"""File helpers shared by every stage: decoding input text and writing output atomically."""

from __future__ import annotations

import os
import re
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


# Longest first: a UTF-32LE byte-order mark starts with the UTF-16LE one.
_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32LE"), (b"\x00\x00\xfe\xff", "UTF-32BE"),
    (b"\xff\xfe", "UTF-16LE"), (b"\xfe\xff", "UTF-16BE"),
)


def decode_text(data: bytes, path: str | Path = "<input>") -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data.strip():
        raise InputError("file is empty", path, hint="expected a transcript or data file")
    wide = _wide_encoding(data)
    if wide:
        raise InputError(
            f"the file is encoded as {wide}, not UTF-8", path,
            hint="save the file as UTF-8",
        )
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


def _wide_encoding(data: bytes) -> str | None:
    """'UTF-16LE' etc. when ``data`` evidently is UTF-16 or UTF-32, with or without a byte-order mark.

    Without a mark, such text is valid UTF-8 (NUL bytes between the letters), so it would be
    read as garbled text and fail later with a misleading message. It is recognised by its NUL
    bytes (at least 1 % of the file; a stray NUL in UTF-8 text is left to the readers) when it
    decodes in the wider encoding to text with no NUL and few other control characters.
    """
    for bom, name in _WIDE_BOMS:
        if data.startswith(bom):
            return name
    if data.count(b"\x00") < max(1, len(data) // 100):
        return None
    for name in ("UTF-32LE", "UTF-32BE", "UTF-16LE", "UTF-16BE"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text and sum(c.isprintable() or c in "\t\n\r" for c in text) >= 0.95 * len(text):
            return name + " (no byte-order mark)"
    return None


# Characters XML 1.0 does not allow (its Char production): lxml refuses them in text.
_NON_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def non_xml_char(text: str) -> tuple[int, str] | None:
    """(offset, description) of the first character of ``text`` that XML 1.0 does not allow."""
    found = _NON_XML_CHAR.search(text)
    if found is None:
        return None
    code = ord(found.group())
    kind = "a surrogate" if 0xD800 <= code <= 0xDFFF else "a noncharacter" if code >= 0xFFFE else "a control character"
    return found.start(), f"U+{code:04X} ({kind})"


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
