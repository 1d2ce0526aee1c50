"""The build record: what ``build`` made of an edition, so that ``package`` need not make it again.

``build`` encodes, validates and renders an edition once and hands the results to ``package``
in memory (a :class:`BuildRecord`); it also writes them to ``<out>/build-record.json``. A
``package`` run on its own reads that file and takes the TEI, the renderings and the validation
report as current when the content hashes it records still hold:

* the inputs: the transcript, the edition data and, for an edition of a collection, the
  collection data with the shared register, byte for byte;
* the toolkit: its version and a digest of its own files (modules, schemas, stylesheets), so that
  an edited stylesheet or rule in a checkout counts as a new toolkit;
* the outputs: the TEI about to be packaged and each file of ``html/`` and ``txt/`` (no file
  missing, none extra).

Any difference (or no record, or one that cannot be read, or one whose report is not valid) and
``package`` does the work again, which names what is stale.

The record is a cache of the user's own build, and only the user's own: it carries an
HMAC-SHA256 made with a key that lives outside the dist folder, in the user's state folder
(``$XDG_STATE_HOME/tei-roundtable/record-key``, by default ``~/.local/state/…``; made on first
use, readable by the user alone). A record that someone else wrote into the dist folder (a
copied, shared or downloaded ``dist/``), or that was edited, has no valid MAC and is not
trusted: a check is never switched off by content in the folder being packaged. Without a
usable key (no writable state folder, a key file that others can read or that is a link) the
record is written without a MAC and never trusted, so ``package`` does the work again. The record
is never evidence for anyone else: ``verify``, the check of a package, makes every file again
and does not read it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import __version__
from ._cache import read_own, user_folder
from ._io import write_bytes
from .resources import schema_dir, xslt_dir

RECORD_NAME = "build-record.json"
FORMAT = "tei-roundtable build record 1"
RENDERED_FOLDERS = ("html", "txt")
KEY_BYTES = 32


def key_path() -> Path | None:
    """Where the key that signs this user's build records lives (outside every dist folder):
    ``$XDG_STATE_HOME/tei-roundtable/record-key``; None when the user has no home for it."""
    folder = user_folder("XDG_STATE_HOME", ".local/state")
    return folder / "record-key" if folder is not None else None


def _key() -> bytes | None:
    """This user's record key, made on first use; None when there can be no trustworthy one."""
    path = key_path()
    if path is None:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:  # O_EXCL: never through a link someone planted, never over an existing key
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as out:
                out.write(secrets.token_bytes(KEY_BYTES))
    except OSError:
        return None
    found = read_own(path, KEY_BYTES + 1)  # a regular file of this user's, not through a link
    if found is None:
        return None
    key, info = found
    # A key others could read or change could sign their records.
    if info.st_mode & 0o077 or len(key) != KEY_BYTES:
        return None
    return key


def _mac(body: dict, key: bytes) -> str:
    canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return "hmac-sha256:" + hmac.new(key, canonical, hashlib.sha256).hexdigest()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@lru_cache(maxsize=1)
def toolkit_digest() -> str:
    """The toolkit's version and the sha256 of its modules, schemas and stylesheets together."""
    digest = hashlib.sha256(__version__.encode("utf-8"))
    package = Path(__file__).resolve().parent
    files = [("src", p) for p in package.glob("*.py")]
    files += [("schema", p) for p in schema_dir().rglob("*") if p.is_file()]
    files += [("xslt", p) for p in xslt_dir().rglob("*") if p.is_file()]
    roots = {"src": package, "schema": schema_dir(), "xslt": xslt_dir()}
    for root, path in sorted(files, key=lambda item: (item[0], item[1].relative_to(roots[item[0]]).as_posix())):
        digest.update(f"\0{root}/{path.relative_to(roots[root]).as_posix()}\0".encode("utf-8"))
        digest.update(path.read_bytes())
    return f"{__version__} sha256:{digest.hexdigest()}"


@dataclass(frozen=True)
class _Made:
    """The bytes a record made in this process (:meth:`BuildRecord.of`) hashed, by what they are."""

    transcript: bytes
    edition_data: bytes
    collection: bytes | None
    tei: bytes
    renderings: dict[str, bytes]


@dataclass(frozen=True)
class BuildRecord:
    """What a build made of one edition: the digests of its inputs, and its outputs.

    ``report`` is the validation report as the package carries it (JSON text naming the TEI
    ``tei/<name>``); ``renderings`` maps each rendered file's path under the dist folder
    (``html/…``, ``txt/…``) to its sha256. Digests are hexadecimal sha256.
    """

    toolkit: str
    transcript: str
    edition_data: str
    collection: str | None  # None: the edition is in no collection
    tei: str
    report: str
    renderings: dict[str, str]
    # What the digests were made of, for a record made in this process (of): the files found are
    # then compared with those bytes rather than hashed again. Not an argument: a record read from
    # its file, or made with dataclasses.replace, has none and hashes.
    made: _Made | None = field(default=None, init=False, compare=False, repr=False)

    @classmethod
    def of(cls, *, transcript: bytes, edition_data: bytes, collection: bytes | None, tei: bytes, report: str,
           renderings: dict[str, bytes]) -> "BuildRecord":
        record = cls(toolkit_digest(), sha256(transcript), sha256(edition_data),
                     sha256(collection) if collection is not None else None, sha256(tei), report,
                     {rel: sha256(data) for rel, data in sorted(renderings.items())})
        object.__setattr__(record, "made", _Made(transcript, edition_data, collection, tei, dict(renderings)))
        return record

    def to_json(self) -> bytes:
        body = {
            "record": FORMAT, "toolkit": self.toolkit,
            "inputs": {"transcript": self.transcript, "edition data": self.edition_data,
                       "collection": self.collection},
            "tei": self.tei, "renderings": self.renderings, "report": json.loads(self.report),
        }
        key = _key()
        if key is not None:
            body["mac"] = _mac(body, key)
        return (json.dumps(body, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    def write(self, dist: Path) -> Path:
        write_bytes(dist / RECORD_NAME, self.to_json())
        return dist / RECORD_NAME

    def current_renderings(self, *, transcript: bytes, edition_data: bytes, collection: bytes | None,
                           tei: bytes, dist: Path) -> dict[str, bytes] | None:
        """The renderings in ``dist`` (path under it -> bytes) when the inputs, the toolkit, the TEI
        and every rendering are the recorded ones (none missing, none extra); None otherwise."""
        if self.toolkit != toolkit_digest():
            return None
        made = self.made
        if made is not None:  # the same bytes, compared: what the digests were made of
            if (transcript, edition_data, collection, tei) != (made.transcript, made.edition_data, made.collection,
                                                               made.tei):
                return None
        elif (self.transcript, self.edition_data, self.collection, self.tei) != (
                sha256(transcript), sha256(edition_data), sha256(collection) if collection is not None else None,
                sha256(tei)):
            return None
        found: dict[str, bytes] = {}
        for part in RENDERED_FOLDERS:
            folder = dist / part
            for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
                if path.is_symlink():  # never packaged: the full check names it
                    return None
                if path.is_file():
                    found[f"{part}/{path.relative_to(folder).as_posix()}"] = path.read_bytes()
                elif not path.is_dir():
                    return None
        if set(found) != set(self.renderings):
            return None
        if made is not None:
            if any(data != made.renderings[rel] for rel, data in found.items()):
                return None
        elif any(sha256(data) != self.renderings[rel] for rel, data in found.items()):
            return None
        return found


def read(dist: Path) -> BuildRecord | None:
    """The record in ``dist``, or None when there is none, it cannot be read as one, or it is not
    signed with this user's key."""
    try:
        data = json.loads((dist / RECORD_NAME).read_text(encoding="utf-8"))
        mac, key = data.pop("mac", None), _key()
        if not isinstance(mac, str) or key is None or not hmac.compare_digest(mac, _mac(data, key)):
            return None
        inputs = data["inputs"]
        record = BuildRecord(data["toolkit"], inputs["transcript"], inputs["edition data"], inputs["collection"],
                             data["tei"], json.dumps(data["report"], ensure_ascii=False, indent=2) + "\n",
                             dict(data["renderings"]))
        fields = [record.toolkit, record.transcript, record.edition_data, record.tei, *record.renderings.values()]
        if data.get("record") != FORMAT or not all(isinstance(f, str) for f in fields):
            return None
        if record.collection is not None and not isinstance(record.collection, str):
            return None
        if not isinstance(data["report"], dict) or data["report"].get("valid") is not True:
            return None
        return record
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError):
        return None
