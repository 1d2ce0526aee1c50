"""Safe unpacking of a package archive (zip or tar) into a folder, for :mod:`.verify`.

Archive members are files or folders. A zip member is refused only when the Unix mode in its
external attributes says symlink, device, FIFO or socket: members without file-type bits (zips
from MS-DOS/Windows tools, ``ZipFile.writestr`` with a bare name) are files, or folders when
their name ends with ``/``. Members are unpacked in chunks, up to :data:`MAX_UNPACKED_BYTES` in
all as the archive declares them.
"""

from __future__ import annotations

import shutil
import stat
import tarfile
import zipfile
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

MAX_UNPACKED_BYTES = 4 * 1024**3  # refuse archives that claim to unpack to more (zip bombs)
_CHUNK = 1024**2  # bytes read at a time from an archive member or a file


@dataclass(frozen=True)
class Refusal:
    """Why an archive (or one of its members, ``archive:member``) is not unpacked."""

    file: str
    message: str


def archive_stem(path: Path) -> str | None:
    for suffix in (".tar.gz", ".tgz", ".tar", ".zip"):
        if path.name.endswith(suffix):
            return path.name[: -len(suffix)]
    return None


def unpack(archive: Path, work: Path) -> tuple[Path, list[Refusal]]:
    """Extract safely: regular files and folders only, all inside one folder named like the archive."""
    stem = archive_stem(archive)
    if stem is None:
        return work, [Refusal(archive.name, "not a .zip or .tar archive")]
    try:
        with ExitStack() as stack:
            if zipfile.is_zipfile(archive):
                members = list(_zip_members(stack.enter_context(zipfile.ZipFile(archive))))
            else:
                members = list(_tar_members(stack.enter_context(tarfile.open(archive, "r:*"))))
            problems = list(_member_problems(archive, stem, members))
            if problems:
                return work, problems
            for name, kind, _, open_member in members:
                target = work.joinpath(*name.rstrip("/").split("/"))
                if kind == "dir":
                    target.mkdir(parents=True, exist_ok=True)
                else:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    # In chunks: a member may be as large as the whole cap. The readers stop at
                    # the size the archive declares, which the cap has checked.
                    with open_member() as source, open(target, "xb") as handle:
                        shutil.copyfileobj(source, handle, _CHUNK)
    except (zipfile.BadZipFile, tarfile.TarError, OSError, EOFError) as exc:
        return work, [Refusal(archive.name, f"cannot be read: {exc}")]
    bag_dir = work / stem
    if not bag_dir.is_dir():
        return work, [Refusal(archive.name, f"has no folder {stem}/")]
    return bag_dir, []


def _member_problems(archive: Path, stem: str, members) -> Iterator[Refusal]:
    seen, total = set(), 0
    for name, kind, size, _ in members:
        where = f"{archive.name}:{name}"
        parts = name.rstrip("/").split("/")
        if name.startswith("/") or "\\" in name or any(p in ("", ".", "..") for p in parts) or ":" in parts[0]:
            yield Refusal(where, "unsafe path (absolute, '..', or backslashes)")
        elif parts[0] != stem:
            yield Refusal(where, f"outside the one top-level folder {stem}/ the archive must have")
        elif kind not in ("file", "dir"):
            yield Refusal(where, f"a {kind}; packages hold only files and folders")
        elif name.rstrip("/") in seen:
            yield Refusal(where, "appears twice")
        seen.add(name.rstrip("/"))
        total += size
    if total > MAX_UNPACKED_BYTES:
        yield Refusal(archive.name, f"would unpack to {total} bytes, more than allowed")


def _zip_members(handle: zipfile.ZipFile):
    for info in handle.infolist():
        # The high 16 bits hold a Unix mode only when the creator wrote one; its file-type bits
        # are 0 in zips from MS-DOS/Windows tools and from writestr() with a bare name. A member
        # is refused only when those bits say it is something other than a file or folder.
        file_type = stat.S_IFMT(info.external_attr >> 16)
        kind = ("dir" if info.is_dir() or file_type == stat.S_IFDIR else
                "file" if file_type in (0, stat.S_IFREG) else
                "symlink" if file_type == stat.S_IFLNK else "special file")
        yield info.filename, kind, info.file_size, (lambda info=info: handle.open(info))


def _tar_members(handle: tarfile.TarFile):
    for member in handle.getmembers():
        kind = ("file" if member.isreg() else "dir" if member.isdir() else
                "symlink" if member.issym() else "hard link" if member.islnk() else "special file")
        name = member.name + ("/" if member.isdir() else "")
        yield name, kind, member.size, (lambda member=member: handle.extractfile(member))

