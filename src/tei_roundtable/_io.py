"""File helpers shared by every stage: decoding input text and writing output atomically.

How an output path is written (the same for every command):

* a new path, or an existing regular file, gets a temporary file beside it that is renamed onto
  it only once everything is written, so a failure leaves the old file (or none); a replaced
  file keeps its permissions, a new one is readable by all (0o644); :func:`write_files` leaves
  a file that holds the bytes already as it is, and makes a missing folder of many files beside
  it, renamed into place once;
* a symlink is followed: the file it points to is replaced, the link stays;
* an existing pipe (FIFO) or character device, such as ``/dev/stdout``, ``/dev/null`` or a
  shell's ``>(…)``, is opened and written to directly (a stream cannot be replaced, and
  renaming onto it would replace the device node itself);
* anything else (a folder, a socket, a block device) is refused, as is a path through a file;
* an operating-system failure becomes an :class:`~tei_roundtable.errors.OutputError` naming the
  path, and any folder made for the output is removed again.

:func:`write_files` writes several files all or nothing (every target is checked and every file
written to its temporary name before the first rename); it never writes to streams.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import stat
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Mapping

from .errors import InputError, OutputError


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


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """(encoding, length of the mark) when ``data`` starts with a UTF-16 or UTF-32 byte-order mark."""
    for bom, name in _WIDE_BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def _wide_encoding(data: bytes) -> str | None:
    """'UTF-16LE' etc. when ``data`` evidently is UTF-16 or UTF-32, with or without a byte-order mark.

    Without a mark, such text is valid UTF-8 (NUL bytes between the letters), so it would be
    read as garbled text and fail later with a misleading message. It is recognised by its NUL
    bytes (at least 1 % of the file; a stray NUL in UTF-8 text is left to the readers) when it
    decodes in the wider encoding to text with no NUL and few other control characters.
    """
    marked = bom_encoding(data)
    if marked:
        return marked[0]
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


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISSOCK, "a socket"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a pipe (FIFO)"), (stat.S_ISCHR, "a character device"))


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def output_problem(path: str | Path, *, folder: bool = False, streams: bool = True) -> str | None:
    """Why ``path`` cannot be written as an output file (or, with ``folder``, an output folder); None if it can.

    Only what is wrong whatever the permissions are: the kind of what is there, or a file where a
    folder is needed. ``streams``: a pipe or character device is an acceptable output file.
    """
    path = Path(path)
    try:
        mode = os.stat(path).st_mode  # follows symlinks: what counts is what they point to
    except (FileNotFoundError, NotADirectoryError):
        mode = None
    except OSError:
        return None  # e.g. no permission: the write will say so
    if mode is not None:
        if folder:
            return None if stat.S_ISDIR(mode) else f"it is {'a file' if stat.S_ISREG(mode) else _kind(mode)}, not a folder"
        if stat.S_ISREG(mode) or (streams and (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode))):
            return None
        return f"it is {_kind(mode)}, not a file"
    for parent in Path(os.path.abspath(path)).parents:
        if os.path.isdir(parent):
            return None
        if os.path.lexists(parent):
            return f"{parent} is a file, not a folder"
    return None


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether ``a`` and ``b`` are one file: the same inode, or (one not there yet) the same resolved path."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def _refuse(path: Path, problem: str, streams: bool) -> OutputError:
    return OutputError(f"cannot write here: {problem}", path,
                       hint="name a new or a regular file, or a pipe such as /dev/stdout" if streams
                       else "move it out of the way, or write elsewhere")


_HINTS = {
    errno.EACCES: "choose a folder you may write to, or change its permissions",
    errno.EPERM: "choose a folder you may write to, or change its permissions",
    errno.EROFS: "the file system is read-only; choose another folder",
    errno.ENOSPC: "free some space or choose another disk",
    errno.EDQUOT: "free some space or choose another disk",
}


def _write_error(exc: OSError, path: Path) -> OutputError:
    return OutputError(f"cannot write: {exc.strerror or exc}", path,
                       hint=_HINTS.get(exc.errno, "choose another output path"))


def _ours(exc: BaseException, *paths: str | Path) -> bool:
    """Whether ``exc`` is a failure of writing the output (not of, say, reading an input in the block)."""
    return isinstance(exc, OSError) and (exc.filename is None or os.fspath(exc.filename) in map(os.fspath, paths))


def _target(path: Path, *, streams: bool) -> tuple[Path, bool]:
    """Where ``path`` is written: (the file to replace, False) or (the stream to open, True)."""
    problem = output_problem(path, streams=streams)
    if problem:
        raise _refuse(path, problem, streams)
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = stat.S_IFREG  # new (or unreadable): written as a file
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return path, True
    return Path(os.path.realpath(path)), False


def _make_folders(folder: Path, path: Path) -> list[Path]:
    """Make ``folder`` and its missing parents; return those made, deepest first."""
    missing = []
    for candidate in (folder, *folder.parents):
        if os.path.isdir(candidate):
            break
        missing.append(candidate)
    made: list[Path] = []
    for candidate in reversed(missing):
        try:
            os.mkdir(candidate)
        except OSError as exc:
            _remove_folders(made)
            raise _write_error(exc, path) from None
        made.insert(0, candidate)
    return made


def _remove_folders(made: list[Path]) -> None:
    for folder in made:  # deepest first
        try:
            os.rmdir(folder)
        except OSError:
            pass


def _unlink(path: str | Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _mode(target: Path) -> int:
    """The replaced file's permissions (a private file stays private); 0o644 for a new file."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return 0o644


_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


def _temp_beside(target: str | Path, path: Path) -> tuple[int, str]:
    """A new private file beside ``target`` (what tempfile.mkstemp makes, with less work per file:
    a write of hundreds of files makes hundreds): ``.NAME.RANDOM.tmp``, created exclusively."""
    folder, name = os.path.split(os.fspath(target))
    for _ in range(100):
        tmp = os.path.join(folder, f".{name}.{os.urandom(6).hex()}.tmp")
        try:
            return os.open(tmp, _TEMP_FLAGS, 0o600), tmp
        except FileExistsError:
            continue
        except OSError as exc:
            raise _write_error(exc, path) from None
    raise _write_error(FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST)), path)


def _write_all(fd: int, data: bytes) -> None:
    """Write ``data`` to ``fd`` and close it (os.write may write less than it is given)."""
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


@contextmanager
def atomic_writer(path: str | Path, mode: str = "wb") -> Iterator:
    """Open ``path`` for writing; a file appears (or is replaced) only if the block succeeds.

    See the module docstring for symlinks and streams. Raises :class:`OutputError` when the
    path is refused or the system fails to write it.
    """
    path = Path(path)
    target, stream = _target(path, streams=True)
    if stream:
        try:
            with open(path, mode) as handle:
                yield handle
        except OSError as exc:
            if _ours(exc, path):
                raise _write_error(exc, path) from None
            raise
        return
    made = _make_folders(target.parent, path)
    try:
        fd, tmp = _temp_beside(target, path)
    except OutputError:
        _remove_folders(made)
        raise
    try:
        with os.fdopen(fd, mode) as handle:
            yield handle
        os.chmod(tmp, _mode(target))
        os.replace(tmp, target)
    except BaseException as exc:
        _unlink(tmp)
        _remove_folders(made)
        if _ours(exc, tmp, target):
            raise _write_error(exc, path) from None
        raise


def write_bytes(path: str | Path, data: bytes) -> None:
    with atomic_writer(path, "wb") as handle:
        handle.write(data)


class _Folder:
    """One folder of a :func:`write_files` call, looked at once for all the files written into it."""

    def __init__(self, folder: str) -> None:
        self.real = os.path.realpath(folder)
        # e.g. a file where the folder should be: each file in it is then refused as one output would be
        self.problem = output_problem(folder, folder=True) is not None
        # The highest of its folders that does not exist yet: what is written below it is made in
        # a new folder beside it, renamed into place at the end (one rename, not one per file).
        self.missing: str | None = None
        candidate = self.real
        while not self.problem and not os.path.isdir(candidate):
            self.missing, candidate = candidate, os.path.dirname(candidate)
        # A file's path in it, and where its place below the missing folder starts in that path.
        self.prefix = os.path.join(self.real, "")
        self.inside = len(self.missing) + 1 if self.missing is not None else 0


class _Inputs:
    """Files a write must not replace: by resolved path, and by inode (a hard link)."""

    def __init__(self, inputs: Mapping[Path, str]) -> None:
        self.paths, self.ids = {}, {}
        for path, what in inputs.items():
            self.paths[os.path.realpath(path)] = what
            try:
                st = os.stat(path)
                self.ids[(st.st_dev, st.st_ino)] = what
            except OSError:
                pass

    def check(self, target: str, st: os.stat_result | None, path: Path) -> None:
        what = self.paths.get(target) or (self.ids.get((st.st_dev, st.st_ino)) if st else None)
        if what:
            raise OutputError(f"cannot write here: it is {what}", path, hint="choose another --out folder")


def _plan(files: Mapping[Path, bytes], inputs: Mapping[Path, str]
          ) -> tuple[dict[Path, tuple[str, int]], dict[str, list[tuple[Path, str]]]]:
    """How each file is written: ``single`` (the file to replace, its mode) for a file in a folder
    that exists; ``fresh`` (the missing folder, [(path, its place below it)]) for the others.

    A folder is resolved once for all its files; a name in it is looked at with one lstat. A name
    that is a symlink (or anything unusual) takes the one-file path, :func:`_target`, so each is
    refused or followed exactly as a single output would be.
    """
    keep = _Inputs(inputs)
    folders: dict[str, _Folder] = {}
    single: dict[Path, tuple[str, int]] = {}
    fresh: dict[str, list[tuple[Path, str]]] = {}
    for path in files:
        parent, name = os.path.split(os.fspath(path))  # strings: Path objects cost more than the lstat
        folder = folders.get(parent)
        if folder is None:
            folder = folders[parent] = _Folder(parent or ".")
        if folder.missing is not None:
            target = folder.prefix + name
            keep.check(target, None, path)
            fresh.setdefault(folder.missing, []).append((path, target[folder.inside:]))
            continue
        target = os.path.join(folder.real, name)
        try:
            st = False if folder.problem else os.lstat(target)
        except FileNotFoundError:
            st = None
        except OSError:
            st = False  # e.g. no permission: the one-file path says what it can
        if st is None:
            mode = 0o644
        elif st and stat.S_ISREG(st.st_mode):
            mode = stat.S_IMODE(st.st_mode)
        else:
            target = os.fspath(_target(Path(path), streams=False)[0])
            mode = _mode(Path(target))
            try:
                st = os.stat(target)
            except OSError:
                st = None
        keep.check(target, st or None, path)
        if st and stat.S_ISREG(st.st_mode) and st.st_size == len(files[path]) and _holds(target, files[path]):
            continue  # already these bytes: a rename over a file costs more than reading it (ext4 flushes)
        single[path] = (target, mode)
    return single, fresh


def _holds(target: str, data: bytes) -> bool:
    """Whether the file ``target`` holds exactly ``data`` (False when it cannot be read)."""
    try:
        with open(target, "rb") as handle:
            return handle.read(len(data) + 1) == data
    except OSError:
        return False


def _new_folder_beside(folder: str, path: Path) -> str:
    """A new, empty folder beside ``folder`` (``.NAME.RANDOM.tmp``), made as os.mkdir makes one."""
    parent, name = os.path.split(folder)
    for _ in range(100):
        made = os.path.join(parent, f".{name}.{os.urandom(6).hex()}.tmp")
        try:
            os.mkdir(made)
            return made
        except FileExistsError:
            continue
        except OSError as exc:
            raise _write_error(exc, path) from None
    raise _write_error(FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST)), path)


_FOLDER_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


def _write_fresh(made: str, entries: list[tuple[Path, str]], files: Mapping[Path, bytes]) -> None:
    """Write ``entries`` (path, place below ``made``) into the new folder ``made``, folders as needed.

    Each file is created through a descriptor of its folder (``dir_fd``): the kernel looks up one
    name, not the whole path, and a folder is made once (os.mkdir, as os.makedirs makes one) when
    its first file is written. A new file is created with 0o644; only when the umask or a default
    ACL takes from that (the first file says so) is each one given it with fchmod, as a single
    output is.
    """
    if os.open not in os.supports_dir_fd or os.mkdir not in os.supports_dir_fd:
        _write_fresh_by_path(made, entries, files)
        return
    handles: dict[str, int] = {}
    try:
        try:
            handles[""] = os.open(made, _FOLDER_FLAGS)
        except OSError as exc:
            raise _write_error(exc, entries[0][0]) from None
        chmod: bool | None = None
        for path, inside in entries:
            try:
                folder, name = os.path.split(inside)
                handle = handles.get(folder)
                if handle is None:
                    handle = _folder_handle(handles, folder)
                fd = os.open(name, _TEMP_FLAGS, 0o644, dir_fd=handle)
                try:
                    if chmod is None:
                        chmod = stat.S_IMODE(os.fstat(fd).st_mode) != 0o644
                    if chmod:
                        os.fchmod(fd, 0o644)
                except BaseException:
                    os.close(fd)
                    raise
                _write_all(fd, files[path])
            except OSError as exc:
                raise _write_error(exc, path) from None
    finally:
        for handle in handles.values():
            os.close(handle)


def _folder_handle(handles: dict[str, int], folder: str) -> int:
    """A descriptor of ``folder`` (relative to the new folder, whose descriptor is ``handles[""]``),
    made with the folders above it where they are not there yet."""
    parent, name = os.path.split(folder)
    above = handles.get(parent)
    if above is None:
        above = _folder_handle(handles, parent)
    try:
        os.mkdir(name, dir_fd=above)
    except FileExistsError:
        pass  # made for another file, or a file of that name: opening it as a folder says which
    handles[folder] = os.open(name, _FOLDER_FLAGS, dir_fd=above)
    return handles[folder]


def _write_fresh_by_path(made: str, entries: list[tuple[Path, str]], files: Mapping[Path, bytes]) -> None:
    """:func:`_write_fresh` where the system opens no file relative to a folder's descriptor."""
    folders = {""}
    for path, inside in entries:
        try:
            folder = os.path.dirname(inside)
            if folder not in folders:
                os.makedirs(os.path.join(made, folder), exist_ok=True)
                folders.add(folder)
            fd = os.open(os.path.join(made, inside), _TEMP_FLAGS, 0o600)
            os.fchmod(fd, 0o644)
            _write_all(fd, files[path])
        except OSError as exc:
            raise _write_error(exc, path) from None


def write_files(files: Mapping[Path, bytes], *, inputs: Mapping[Path, str] | None = None) -> list[Path]:
    """Write every file, or none: a failure leaves each path (and each folder) as it was.

    Every target must be new or a regular file (through symlinks); all are checked, then all are
    written to temporary files beside their targets, and only then renamed into place (a rename
    within a folder is the one step that cannot be undone, and all but never fails). A file that
    holds these bytes already is left as it is (a rebuild rewrites only what changed). Files in a
    folder that does not exist yet are written into a new folder beside it, renamed into place
    with the others: a fresh export of hundreds of files costs one rename, not hundreds.
    ``inputs``: files that must not be written over (say, what the command reads), each with what
    it is for the error ("the TEI being exported"); a target that is one of them (the same path
    once resolved, or the same inode) is refused before anything is written.
    """
    single, fresh = _plan(files, inputs or {})
    temps: dict[Path, str] = {}
    folders: dict[str, str] = {}  # missing folder -> the new folder that becomes it
    try:
        for missing, entries in fresh.items():
            folders[missing] = _new_folder_beside(missing, entries[0][0])
            _write_fresh(folders[missing], entries, files)
        for path, (target, mode) in single.items():
            fd, temps[path] = _temp_beside(target, path)
            try:
                os.fchmod(fd, mode)
                _write_all(fd, files[path])
            except OSError as exc:
                raise _write_error(exc, path) from None
        for path, (target, _) in single.items():
            try:
                os.replace(temps[path], target)
            except OSError as exc:
                raise _write_error(exc, path) from None
        for missing, made in list(folders.items()):
            try:
                # rename(2) puts a folder only where there is none (or an empty one): never over files.
                os.rename(made, missing)
            except OSError as exc:
                raise _write_error(exc, fresh[missing][0][0]) from None
            del folders[missing]
    except BaseException:
        for tmp in temps.values():
            _unlink(tmp)
        for made in folders.values():
            shutil.rmtree(made, ignore_errors=True)
        raise
    return list(files)
