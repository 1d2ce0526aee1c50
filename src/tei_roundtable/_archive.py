"""Safe unpacking of a bag archive (zip, tar, gzip-compressed tar) into a folder, for :mod:`.verify`.

Decisions:

* The format is the file's signature, never its name: a tar header at offset 0 (the checksum of
  the first 512-byte block holds, as ``tar`` itself decides), else a zip local-file header
  (``PK\\3\\4``) at offset 0, else the gzip magic of a compressed tar. A tar with a zip appended
  is a tar, since ``tar x`` unpacks the tar; a zip must start at offset 0 (nothing prepended
  that another reader could take for the archive). Other signatures (xz, bzip2, 7z, zstd) are
  named and refused.
* Every limit (total bytes as the archive declares them, number of entries, depth of folders) is
  checked on the headers, in a first pass that writes nothing and stops at the first limit
  passed; only an archive within all of them is unpacked. While unpacking, the bytes actually
  written are counted too, so that a member longer than it declared cannot pass the cap.
* Members are files or folders. A zip member is refused only when the Unix mode in its external
  attributes says symlink, device, FIFO or socket: members without file-type bits (zips from
  MS-DOS/Windows tools, ``ZipFile.writestr`` with a bare name) are files, or folders when their
  name ends with ``/``. Tar links, devices, FIFOs and sparse files are refused.
* Names: a leading ``./`` (``tar cf x.tar ./NAME``) is dropped; absolute names, ``..``, empty
  parts, backslashes, drive letters and names that are not UTF-8 are refused. The top-level
  ``__MACOSX/`` folder of a macOS zip is Finder metadata, not part of the bag: it is not unpacked
  and is reported as extra.
* :func:`unpack` never raises for the archive's content: an unreadable archive (corrupt deflate
  stream, bad CRC, truncated) is a :class:`Refusal`; the caller's temporary folder is removed by
  the caller, which is always possible because depth is limited.
"""

from __future__ import annotations

import gzip
import os
import stat
import tarfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

_CHUNK = 1024**2  # bytes read at a time from an archive member
MACOS_METADATA = "__MACOSX"

# Signatures of formats that are not read, so that the refusal can name what the file is.
_OTHER_SIGNATURES = (
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"Rar!", "a RAR archive"),
)
FORMAT_MEDIA_TYPES = {  # the media types a profile's Accept-Serialization may name for each format
    "zip": ("application/zip",),
    "tar": ("application/x-tar", "application/tar"),
    "tar.gz": ("application/gzip", "application/x-gzip"),
}


@dataclass(frozen=True)
class Limits:
    """What an archive or bag folder may hold; checked before anything is written."""

    max_bytes: int = 2 * 1024**3
    max_entries: int = 10_000
    max_depth: int = 32  # folders below the bag's own folder, counting the file's own level


@dataclass(frozen=True)
class Refusal:
    """Why an archive (or one of its members, ``archive:member``) is not unpacked.

    ``fatal``: nothing is unpacked; else the problem is reported and unpacking goes on. ``extra``
    marks what is left out of the bag (``__MACOSX/``).
    """

    file: str
    message: str
    fatal: bool = True
    extra: bool = False


@dataclass(frozen=True)
class Unpacked:
    """What :func:`unpack` made: the bag folder (None when refused), the format, the refusals."""

    bag_dir: Path | None
    format: str | None
    refusals: list[Refusal]


@dataclass(frozen=True)
class _Member:
    name: str  # normalised, '/'-separated, no trailing '/'
    kind: str  # "file", "dir", or what it is when refused
    size: int
    open: Callable[[], BinaryIO] | None


def archive_stem(path: Path) -> str:
    """The file name without an archive extension: the folder the archive should unpack to."""
    for suffix in (".tar.gz", ".tgz", ".tar", ".zip"):
        if path.name.lower().endswith(suffix):
            return path.name[: -len(suffix)]
    return path.name


def _named_format(path: Path) -> str | None:
    name = path.name.lower()
    for suffix, fmt in ((".tar.gz", "tar.gz"), (".tgz", "tar.gz"), (".tar", "tar"), (".zip", "zip")):
        if name.endswith(suffix):
            return fmt
    return None


def detect_format(path: Path) -> tuple[str | None, str]:
    """(format, description) from the file's first bytes; format None when it is not one read here."""
    with open(path, "rb") as handle:
        head = handle.read(512)
    if len(head) == 512 and _is_tar_header(head):
        return "tar", "a tar archive"
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return "zip", "a zip archive"
    if head[:2] == b"\x1f\x8b":
        try:
            with gzip.open(path, "rb") as inner:
                block = inner.read(512)
        except (OSError, EOFError, zlib.error):
            return None, "gzip-compressed data that cannot be read"
        if len(block) == 512 and _is_tar_header(block):
            return "tar.gz", "a gzip-compressed tar archive"
        return None, "gzip-compressed data that is not a tar archive"
    for signature, what in _OTHER_SIGNATURES:
        if head.startswith(signature):
            return None, what
    if head.lstrip()[:1] == b"<":
        return None, "an XML or HTML file"
    return None, "neither a zip nor a tar archive"


def _is_tar_header(block: bytes) -> bool:
    """Whether ``block`` is a tar header as tar reads one: its checksum field holds."""
    try:
        tarfile.TarInfo.frombuf(block, "utf-8", "surrogateescape")
    except tarfile.HeaderError:
        return False
    return True


def unpack(archive: Path, work: Path, limits: Limits = Limits()) -> Unpacked:
    """Extract ``archive`` safely into ``work``; the bag folder is the one top-level folder found."""
    name = archive.name
    try:
        fmt, what = detect_format(archive)
    except OSError as exc:
        return Unpacked(None, None, [Refusal(name, f"cannot be read: {exc.strerror or exc}")])
    if fmt is None:
        return Unpacked(None, None, [Refusal(name, f"not a bag archive: it is {what} (a bag is a .zip or .tar)")])
    refusals = []
    named = _named_format(archive)
    if named is not None and named != fmt:
        refusals.append(Refusal(name, f"named .{named} but it is {what}; read as {what}, as its own tool reads it",
                                fatal=False))
    try:
        with _open(archive, fmt) as members:
            found, problems = _check_members(name, members, limits)
        refusals += problems
        if any(r.fatal for r in refusals):
            return Unpacked(None, fmt, refusals)
        with _open(archive, fmt) as members:
            try:
                _write(members, {m.name for m in found}, work, limits)
            except _READ_ERRORS as exc:
                raise _Unreadable(_reason(exc)) from None
    except _Unreadable as exc:
        return Unpacked(None, fmt, [*refusals, Refusal(name, f"cannot be read: {exc}")])
    tops = sorted({m.name.split("/")[0] for m in found})
    if len(tops) != 1:
        return Unpacked(None, fmt, [*refusals, Refusal(
            name, f"has {len(tops)} top-level entries ({', '.join(tops[:5]) or 'none'}); a bag archive unpacks to "
                  "one top-level folder")])
    bag_dir = work / tops[0]
    if not bag_dir.is_dir():
        return Unpacked(None, fmt, [*refusals, Refusal(name, f"its one top-level entry {tops[0]} is not a folder")])
    return Unpacked(bag_dir, fmt, refusals)


class _Unreadable(Exception):
    """The archive's bytes cannot be read as its format (corrupt, truncated, bad names)."""


_READ_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, tarfile.TarError, OSError, EOFError, zlib.error,
                UnicodeError, ValueError, NotImplementedError, RuntimeError)


class _open:
    """The members of an archive, in archive order, as a context manager (one pass each)."""

    def __init__(self, archive: Path, fmt: str) -> None:
        self.archive, self.fmt, self.handle = archive, fmt, None

    def __enter__(self) -> Iterator[_Member]:
        try:
            if self.fmt == "zip":
                self.handle = zipfile.ZipFile(self.archive)
                return _guarded(_zip_members(self.handle))
            self.handle = tarfile.open(self.archive, "r:gz" if self.fmt == "tar.gz" else "r:",
                                       encoding="utf-8", errors="surrogateescape")
            return _guarded(_tar_members(self.handle))
        except _READ_ERRORS as exc:
            raise _Unreadable(_reason(exc)) from None

    def __exit__(self, *exc_info) -> None:
        if self.handle is not None:
            self.handle.close()


def _reason(exc: BaseException) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return f"a member name flagged as UTF-8 is not UTF-8 ({exc.reason} at byte {exc.start})"
    if isinstance(exc, zlib.error):
        return f"corrupt compressed data ({exc})"
    return str(exc) or type(exc).__name__


def _guarded(members: Iterator[_Member]) -> Iterator[_Member]:
    try:
        yield from members
    except _READ_ERRORS as exc:
        raise _Unreadable(_reason(exc)) from None


def _zip_members(handle: zipfile.ZipFile) -> Iterator[_Member]:
    infos = handle.infolist()
    # zipfile finds the central directory from the end and shifts offsets by whatever precedes
    # the archive: a first member not at offset 0 means bytes before it (another archive?).
    if infos and min(info.header_offset for info in infos) != 0:
        raise zipfile.BadZipFile("data before the first member (something prepended to the zip)")
    for info in infos:
        # The high 16 bits hold a Unix mode only when the creator wrote one; its file-type bits
        # are 0 in zips from MS-DOS/Windows tools and from writestr() with a bare name. A member
        # is refused only when those bits say it is something other than a file or folder.
        file_type = stat.S_IFMT(info.external_attr >> 16)
        kind = ("dir" if info.is_dir() or file_type == stat.S_IFDIR else
                "file" if file_type in (0, stat.S_IFREG) else
                "symlink" if file_type == stat.S_IFLNK else "special file")
        yield _Member(info.filename, kind, info.file_size, lambda info=info: handle.open(info))


def _tar_members(handle: tarfile.TarFile) -> Iterator[_Member]:
    # Iterating reads one header at a time (getmembers() would read all before any check).
    for member in handle:
        kind = ("sparse file" if member.issparse() else "file" if member.isreg() else "dir" if member.isdir() else
                "symlink" if member.issym() else "hard link" if member.islnk() else "special file")
        yield _Member(member.name + ("/" if member.isdir() else ""), kind, member.size,
                      lambda member=member: handle.extractfile(member))


def _normal_name(raw: str) -> tuple[str | None, str | None]:
    """(name, None) with './' prefixes and a trailing '/' dropped, or (None, why it is unsafe)."""
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError:
        return None, "name is not UTF-8"
    name = raw
    while name.startswith("./"):
        name = name[2:]
    name = name.rstrip("/")
    parts = name.split("/")
    if raw.startswith("/") or "\\" in raw or any(p in ("", ".", "..") for p in parts) or ":" in parts[0]:
        return None, "unsafe path (absolute, '..', or backslashes)"
    if any(ord(c) < 32 or c == "\x7f" for c in name):
        return None, "name with control characters"
    return name, None


def _check_members(archive: str, members: Iterator[_Member], limits: Limits) -> tuple[list[_Member], list[Refusal]]:
    """The members to unpack and the refusals, from the headers alone; stops at a limit passed."""
    found: list[_Member] = []
    refusals: list[Refusal] = []
    seen: set[str] = set()
    total = count = 0
    macos = False
    for member in members:
        count += 1
        if count > limits.max_entries:
            refusals.append(Refusal(archive, f"has more than {limits.max_entries} entries, more than a bag "
                                             "is allowed here; nothing was unpacked"))
            break
        if member.name in (".", "./"):
            continue  # the archive's own root, as `tar cf x.tar ./NAME` writes it
        name, unsafe = _normal_name(member.name)
        where = f"{archive}:{member.name.encode('utf-8', 'backslashreplace').decode('utf-8')}"
        if unsafe:
            refusals.append(Refusal(where, unsafe))
            continue
        if name.split("/")[0] == MACOS_METADATA:
            macos = True
            continue
        if name.count("/") > limits.max_depth:
            refusals.append(Refusal(where, f"nested {name.count('/')} folders deep, more than the "
                                           f"{limits.max_depth} allowed; nothing was unpacked"))
            break
        if member.kind not in ("file", "dir"):
            refusals.append(Refusal(where, f"a {member.kind}; bags hold only files and folders"))
            continue
        if name in seen:
            refusals.append(Refusal(where, "appears twice"))
            continue
        seen.add(name)
        total += member.size if member.kind == "file" else 0
        if total > limits.max_bytes:
            refusals.append(Refusal(archive, f"would unpack to more than {limits.max_bytes} bytes, more than "
                                             "allowed; nothing was unpacked"))
            break
        found.append(_Member(name, member.kind, member.size, None))
    if macos:
        refusals.append(Refusal(f"{archive}:{MACOS_METADATA}/", "extra: macOS Finder metadata, not part of the "
                                                                  "bag; not unpacked", fatal=False, extra=True))
    files = {m.name for m in found if m.kind == "file"}
    for member in found:
        parent = member.name.rpartition("/")[0]
        while parent:
            if parent in files:
                refusals.append(Refusal(f"{archive}:{member.name}", f"inside {parent}, which is a file"))
                break
            parent = parent.rpartition("/")[0]
    return found, refusals


def _write(members: Iterator[_Member], wanted: set[str], work: Path, limits: Limits) -> None:
    written = 0
    for member in members:
        if member.name in (".", "./"):
            continue
        name, _ = _normal_name(member.name)
        if name not in wanted:
            continue  # __MACOSX/
        target = work.joinpath(*name.split("/"))
        if member.kind == "dir":
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        # In chunks: a member may be as large as the whole cap.
        with member.open() as source, open(target, "xb") as handle:
            while chunk := source.read(_CHUNK):
                written += len(chunk)
                if written > limits.max_bytes:
                    raise _Unreadable(f"unpacks to more than the {limits.max_bytes} bytes its headers declare")
                handle.write(chunk)


def scan_folder(folder: Path, limits: Limits = Limits()) -> list[Refusal]:
    """The limits and member kinds applied to a bag given as a folder, walked without recursion
    and without following links (a folder 1,500 levels deep would overflow a recursive walk).

    Links and special files are refused before bagit reads the bag: it would follow a link out
    of the bag, and wait forever on a FIFO.
    """
    refusals: list[Refusal] = []
    count, stack = 0, [(folder, 0)]
    while stack:
        current, depth = stack.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda entry: entry.name)
        except OSError as exc:
            return [Refusal(str(current), f"cannot be read: {exc.strerror or exc}")]
        for entry in entries:
            count += 1
            rel = Path(entry.path).relative_to(folder.parent).as_posix()
            if count > limits.max_entries:
                return [Refusal(folder.name, f"has more than {limits.max_entries} entries, more than a bag is "
                                             "allowed here; not checked")]
            if entry.is_symlink():
                refusals.append(Refusal(rel, "a symbolic link; bags hold only files and folders"))
            elif entry.is_dir(follow_symlinks=False):
                if depth + 1 > limits.max_depth:
                    return [Refusal(rel[:200], f"nested more than {limits.max_depth} folders deep; not checked")]
                stack.append((Path(entry.path), depth + 1))
            elif not entry.is_file(follow_symlinks=False):
                refusals.append(Refusal(rel, "a special file (FIFO, device or socket); bags hold only files and "
                                             "folders"))
    return refusals
