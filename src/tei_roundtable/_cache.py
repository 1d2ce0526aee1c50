"""Derived data kept between runs, as ``__pycache__`` keeps compiled modules.

Some tables the checks read are derived from a library's data at a cost paid in every fresh
process (pyspellchecker decompresses and parses a JSON word list, lemminflect a gzipped CSV
of 80,000 lines: about 0.3 s of CPU together, against a validation of 0.1 s). The derived
tables are written once to the user's cache folder (``$XDG_CACHE_HOME/tei-roundtable/``, by
default ``~/.cache/tei-roundtable/``) and read back by later runs. A cache is never the only
source of an answer: whatever goes wrong with it, the tables are built from the library again.

* **Keyed by what they are derived from**: the caller's key (the library's version, the sha256
  of its data files, the derivation's own format) names the file; a cache of other data is a
  file of another name, never read.
* **Data, not code**: the file is a :mod:`marshal` dump of plain values (never pickle, which runs
  code on load), behind a header and the sha256 of the dump; a file whose digest, header, key
  or shape is wrong is rebuilt, not trusted.
* **Only our own**: the file is read only if it is a regular file (opened without following a
  link) owned by the user running the check.
* **Atomic**: written to a temporary file beside it and renamed onto it, so a reader sees the
  old file or the new one, never half of one. Not through :mod:`._io`'s writer, which follows a
  link to replace its target: a link in the cache folder is replaced itself.
* **Optional**: a folder that cannot be made or written means working without a cache, silently
  (the answers are the same, only slower).
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import stat
import tempfile
from pathlib import Path
from typing import Any, Callable

_MAGIC = b"tei-roundtable derived data 1\n"
_DIGEST = hashlib.sha256().digest_size
# A marshal dump is read only by the marshal format that wrote it.
_MARSHAL = f"marshal {marshal.version}"


def user_folder(variable: str, default: str) -> Path | None:
    """The toolkit's folder under an XDG base folder: ``$variable/tei-roundtable``, by default
    ``~/<default>/tei-roundtable`` (``.cache``, ``.local/state``).

    None when there is no home to put it in. As the XDG specification says, a relative value of
    the variable is ignored (it would name a different folder in every working folder).
    """
    base = os.environ.get(variable, "")
    if not os.path.isabs(base):
        try:
            base = str(Path.home() / default)
        except RuntimeError:  # no home folder can be determined
            return None
    return Path(base) / "tei-roundtable"


def folder() -> Path | None:
    """The toolkit's cache folder: ``$XDG_CACHE_HOME/tei-roundtable``, by default ``~/.cache/tei-roundtable``."""
    return user_folder("XDG_CACHE_HOME", ".cache")


def read_own(path: Path, limit: int = -1) -> tuple[bytes, os.stat_result] | None:
    """The bytes of ``path`` (at most ``limit``, if given) and its status when it is a regular
    file of this user's, read without following a link or waiting on a FIFO; None otherwise
    (missing or unreadable too)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
            return None
        try:
            return handle.read(limit), info
        except OSError:
            return None


def path_for(name: str, key: dict) -> Path | None:
    """The cache file of the data ``name`` derived as ``key`` says (None: no cache folder)."""
    where = folder()
    if where is None:
        return None
    return where / f"{name}-{_key_digest(key)[:24]}.marshal"


def _key_digest(key: dict) -> str:
    canonical = json.dumps({"marshal": _MARSHAL, **key}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def load(name: str, key: dict, build: Callable[[], Any], valid: Callable[[Any], bool]) -> Any:
    """The data ``name`` derived as ``key`` says: from its cache file where that is sound, else
    from ``build()`` (and then written to the cache for the next run).

    ``valid`` says whether a loaded value has the shape ``build`` returns; ``build`` must return
    plain values :mod:`marshal` writes (dicts, lists, tuples, strings, bytes, numbers).
    """
    path = path_for(name, key)
    if path is not None:
        found = read(path, key)
        if found is not None and valid(found):
            return found
    data = build()
    if path is not None:
        write(path, key, data)
    return data


def read(path: Path, key: dict) -> Any | None:
    """The value of the cache file ``path`` if it is ours, whole and of ``key``; None otherwise."""
    found = read_own(path)
    if found is None:
        return None
    content = found[0]
    body = content[len(_MAGIC) + _DIGEST:]
    if not content.startswith(_MAGIC) or content[len(_MAGIC):len(_MAGIC) + _DIGEST] != hashlib.sha256(body).digest():
        return None
    try:
        stored = marshal.loads(body)
    except (ValueError, EOFError, TypeError):
        return None
    if not (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == _key_digest(key)):
        return None
    return stored[1]


def write(path: Path, key: dict, data: Any) -> bool:
    """Write ``data`` as the cache file ``path`` of ``key``, atomically; False where it cannot be."""
    body = marshal.dumps((_key_digest(key), data))
    content = _MAGIC + hashlib.sha256(body).digest() + body
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(temporary, path)  # replaces a link at ``path`` itself, never its target
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        return False
    return True


def file_digest(path: str | os.PathLike) -> str | None:
    """The sha256 of a data file (for a key), or None if it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None
