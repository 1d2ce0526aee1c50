"""What ``encode`` makes is checked as ``validate`` checks it, before anything is written.

An encoding that ``validate`` would reject (an undecided name variant, a misspelling listed as a
form, a label the register knows only in another form…) is refused with validate's own findings,
rather than written and found invalid at the next stage. The TEI is checked where the project
keeps it, beside the edition data (``tei/<name>.xml`` beside ``tei/<name>.yaml``, the transcript
at the path the header names), in a temporary folder: the name-variant check reads the edition
data there, the fidelity and checksum checks the transcript.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import replace
from pathlib import Path, PurePosixPath

from .edition import Edition
from .errors import CheckFailed


def check_encoded(data: bytes, source: Path, ed: Edition, shown_as: str) -> None:
    """Raise :class:`CheckFailed` with validate's errors of the TEI ``data`` encoded from ``source``.

    ``shown_as`` names the TEI in the findings (the output path given, or ``<stdout>``).
    """
    from . import validate
    from ._encode_base import relative_source

    with tempfile.TemporaryDirectory(prefix=".encode-check-") as work:
        folder = Path(work)
        tei = folder / f"{ed.path.stem}.xml"
        tei.write_bytes(data)
        tei.with_suffix(".yaml").write_bytes(ed.path.read_bytes())
        if ed.collection is not None:  # the shared register the edition data names
            (folder / ed.collection.path.name).write_bytes(ed.collection.path.read_bytes())
        named = PurePosixPath(relative_source(source, ed))
        if not named.is_absolute() and ".." not in named.parts:
            # Elsewhere, the transcript is not where the header says: source-path reports it.
            target = folder.joinpath(*named.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
        errors = [f for f in validate.iter_findings(tei, display_name=shown_as) if f.severity == validate.ERROR]
    if errors:
        errors = [_in_transcript(f, source, named.as_posix()) for f in errors]
        raise CheckFailed(f"{shown_as}: the TEI would not validate ({len(errors)} error(s)); nothing was written",
                          errors)


_TURN = re.compile(r"\bturn 't([0-9]+)'")


def _in_transcript(finding, source: Path, named: str):
    """A finding about a turn also names the turn's line of the transcript: the TEI it cites is
    not written, so its line alone would lead nowhere."""
    from .transcript import parse

    found = _TURN.search(finding.message)
    if not found:
        return finding
    turns = parse(source).turns
    number = int(found.group(1))
    if not 0 < number <= len(turns):
        return finding
    return replace(finding, message=f"{named}:{turns[number - 1].label_line}: {finding.message}")
