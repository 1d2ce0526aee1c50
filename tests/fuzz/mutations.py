"""Hostile and careless variants of real inputs, and the four targets that must take any of them.

Shared by the property tests (``tests/fuzz``, driven by hypothesis's ``randoms()`` with few
examples) and ``benchmarks/fuzz.py`` (long runs). Each mutator takes a ``random.Random`` and
the bytes of a good input and returns a variant; each target runs one stage on one variant and
returns an :class:`Outcome`, letting anything that is not a clean error escape as an exception,
which the caller counts as a traceback.
"""

from __future__ import annotations

import io
import random
import shutil
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEMINAR = ROOT / "tests" / "encode" / "fixtures"

# Pieces a transcript, an edition data file or a TEI may meet: the form's own syntax, what
# breaks it, and the characters that are hard to see or to encode.
PIECES = [
    "**", ":", "**Aida Karaeva:** ", "**Speakers:** x", "**List of participants:**", "**Date:** ", "### “T”",
    "## G", "- ", "1. ", "---", "<!--", "-->", "<sup>", "</sup>", "<b>", "<i>x</i>", "<q>", "&amp;", "&", "<", ">",
    "\u2028", "\u0085", "\u200b", "\u00a0", "\ufeff", "\u0301", "\U0001f600", "\t", "\r", "\r\n", "\n\n", "\x0c",
    "\x00", "\x1b", "\ud7ff", "Timur Osmanov", "Osmonov", "Civic Forum", "Ferghana valley", "“", "”", '"', "'",
    "  ", "Aida", "Sultanow", "\\", "*", "_", "__", "`", "[", "]", "{", "}", "#", "\u202e", "ı", "ǅ",
]
XML_PIECES = [
    "<!DOCTYPE TEI [<!ENTITY x 'y'>]>", "&x;", "<!ENTITY a SYSTEM 'file:///etc/passwd'>", "<p>", "</p>",
    " xml:id=\"t1\"", " who=\"#nobody\"", " cert=\"certain\"", " n=\"x\"", "<choice>", "</choice>",
    "<sic>a</sic>", "<?xml-model href=\"http://example.org/x.rng\"?>", "<![CDATA[x]]>", "<!-- c -->",
    "xmlns=\"urn:other\"", "\x01", "\ud800".encode("utf-8", "surrogatepass").decode("latin-1"),
]


# A careless editor's new turn: a registered speaker and words of the register and of the text.
LABELS = ["Aida Karaeva", "Timur Osmonov", "Gulnara Bekova", "Daniyar Sultanov", "Aida", "Timur"]
WORDS = ["the", "canals", "Civic Forum", "Ferghana valley", "Timur Osmonov", "Aida", "water", "said,", "and",
         "“shared rivers”", "21<sup>st</sup>", "century.", "Osmanov", "Bekova", "valley", "energy", "—", "(", ")"]


def _new_turn(rng: random.Random) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(1, 40)))
    return f"\n**{rng.choice(LABELS)}:** {words}\n"


def _text_mutation(rng: random.Random, text: str, pieces: list[str]) -> str:
    lines = text.split("\n")
    kind = rng.randrange(11)
    if kind >= 9 and "**Aida Karaeva:**" in text:
        # After the front matter, where a turn may stand.
        first_turn = next(i for i, line in enumerate(lines) if line.startswith("**Aida Karaeva:**"))
        lines.insert(rng.randrange(first_turn, len(lines) + 1), _new_turn(rng))
        return "\n".join(lines)
    at = rng.randrange(len(lines)) if lines else 0
    if kind == 0 and lines:
        del lines[at]
    elif kind == 1 and lines:
        lines.insert(at, lines[rng.randrange(len(lines))])
    elif kind == 2:
        lines.insert(at, "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 6))))
    elif kind == 3 and lines:
        line = lines[at]
        cut = rng.randrange(len(line) + 1)
        lines[at] = line[:cut] + rng.choice(pieces) + line[cut:]
    elif kind == 4 and len(lines) > 1:
        other = rng.randrange(len(lines))
        lines[at], lines[other] = lines[other], lines[at]
    elif kind == 5 and lines:
        line = lines[at]
        if line:
            cut = rng.randrange(len(line))
            lines[at] = line[:cut] + chr(rng.choice([rng.randrange(32, 127), rng.randrange(0x80, 0x3000)])) + line[cut + 1:]
    elif kind == 6:
        joined = "\n".join(lines)
        return joined[: rng.randrange(len(joined) + 1)]
    elif kind == 7 and lines:
        # A word of one line repeated many times: long lines and many inline elements.
        words = lines[at].split()
        if words:
            lines[at] += (" " + rng.choice(words)) * rng.randrange(1, 400)
    else:
        lines.insert(at, "")
    return "\n".join(lines)


def mutate_text(rng: random.Random, data: bytes, pieces: list[str] = PIECES, rounds: int = 3) -> bytes:
    """Up to ``rounds`` line-level edits of a UTF-8 text, now and then bytes that are not UTF-8."""
    text = data.decode("utf-8")
    for _ in range(rng.randrange(1, rounds + 1)):
        text = _text_mutation(rng, text, pieces)
    out = text.encode("utf-8", "surrogatepass")
    if rng.random() < 0.05:
        cut = rng.randrange(len(out) + 1)
        out = out[:cut] + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 4))) + out[cut:]
    if rng.random() < 0.05:
        out = b"\xef\xbb\xbf" + out.replace(b"\n", b"\r\n")
    return out


def mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randrange(1, 6)):
        kind = rng.randrange(4)
        at = rng.randrange(len(out) + 1)
        if kind == 0 and out:
            out[min(at, len(out) - 1)] = rng.randrange(256)
        elif kind == 1:
            del out[at: at + rng.randrange(1, 64)]
        elif kind == 2:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 16)))
        else:
            out = out[:at]
    return bytes(out)


def mutate_zip(rng: random.Random, data: bytes) -> bytes:
    """A package archive edited as an attacker would: members renamed, added, changed, dropped."""
    if rng.random() < 0.3:
        return mutate_bytes(rng, data)
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    top = members[0][0].filename.split("/")[0]
    kind = rng.randrange(7)
    at = rng.randrange(len(members))
    info, content = members[at]
    if kind == 0:
        del members[at]
    elif kind == 1 and not info.is_dir():
        members[at] = (info, mutate_bytes(rng, content))
    elif kind == 2:
        name = rng.choice([f"{top}/../evil.txt", f"/{top}/x", f"{top}/data/" + "d/" * rng.randrange(1, 60) + "x",
                           f"{top}/data/a\\b", f"./{top}/data/x.txt", "__MACOSX/._x", f"{top}/bag-info.txt",
                           f"other/{top}", f"{top}/data/\u00e9.txt", f"{top}/tagmanifest-md5.txt"])
        members.append((zipfile.ZipInfo(name), rng.choice([b"", b"x", b"Payload-Oxum: lots\n"])))
    elif kind == 3 and info.filename.endswith(".txt") and not info.is_dir():
        try:
            members[at] = (info, mutate_text(rng, content, PIECES, rounds=2))
        except UnicodeDecodeError:
            members[at] = (info, mutate_bytes(rng, content))
    elif kind == 4 and not info.is_dir():
        renamed = zipfile.ZipInfo(info.filename + rng.choice(["~", ".bak", "/x", " "]))
        members[at] = (renamed, content)
    elif kind == 5 and not info.is_dir():
        link = zipfile.ZipInfo(info.filename)
        link.create_system, link.external_attr = 3, 0o120777 << 16
        members[at] = (link, b"/etc/passwd")
    else:
        members.append(members[at])
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w") as target:
        warnings.simplefilter("ignore")  # a repeated member is one of the mutations
        for item, content in members:
            target.writestr(item, content)
    return buffer.getvalue()


# ----- targets ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    kind: str  # "ok" | "clean error" | "invalid encode" | "changed bag passed"
    detail: str = ""


def seminar_folder(folder: Path) -> Path:
    """The test seminar (transcript and edition data) copied into ``folder``; returns the data file."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("seminar.md", "seminar.yaml"):
        shutil.copyfile(SEMINAR / name, folder / name)
    return folder / "seminar.yaml"


def read_transcript(folder: Path, data: bytes) -> Outcome:
    from tei_roundtable.errors import TeiRoundtableError
    from tei_roundtable.transcript import parse

    path = folder / "case.md"
    path.write_bytes(data)
    try:
        parse(path)
    except TeiRoundtableError as exc:
        return Outcome("clean error", str(exc)[:200])
    return Outcome("ok")


def encode_and_validate(folder: Path, transcript: bytes, edition: bytes | None = None) -> Outcome:
    """Encode as ``encode -o`` does (the TEI beside the edition data), then validate what was written."""
    from tei_roundtable import validate
    from tei_roundtable.encode import encode_file
    from tei_roundtable.errors import TeiRoundtableError

    data = seminar_folder(folder)
    (folder / "seminar.md").write_bytes(transcript)
    if edition is not None:
        data.write_bytes(edition)
    out = folder / "seminar.xml"
    out.unlink(missing_ok=True)
    try:
        encode_file(folder / "seminar.md", data, out)
    except TeiRoundtableError as exc:
        return Outcome("clean error", str(exc)[:200])
    errors = [f for f in validate.iter_findings(out) if f.severity == validate.ERROR]
    if errors:
        return Outcome("invalid encode", str(errors[0])[:300])
    return Outcome("ok")


def validate_tei(folder: Path, data: bytes) -> Outcome:
    from tei_roundtable import validate

    path = folder / "seminar.xml"
    path.write_bytes(data)
    errors = [f for f in validate.iter_findings(path) if f.severity == validate.ERROR]
    return Outcome("clean error", str(errors[0])[:200]) if errors else Outcome("ok")


def verify_archive(folder: Path, data: bytes, name: str, original: bytes) -> Outcome:
    """verify on a variant of the package ``original``: sound only if the bag's files are unchanged."""
    from tei_roundtable.verify import iter_problems

    path = folder / name
    path.write_bytes(data)
    problems = [p for p in iter_problems(path) if p.severity == "error"]
    if problems:
        return Outcome("clean error", str(problems[0])[:200])
    if bag_files(data) != bag_files(original):
        return Outcome("changed bag passed", "verify called a changed bag sound")
    return Outcome("ok")


def bag_files(blob: bytes) -> dict[str, bytes] | None:
    """The files of a zip by name (folder entries are optional in a zip: a bag is its files)."""
    try:
        with zipfile.ZipFile(io.BytesIO(blob)) as handle:
            return {i.filename: handle.read(i) for i in handle.infolist() if not i.is_dir()}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
