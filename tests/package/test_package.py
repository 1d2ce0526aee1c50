"""Building the deposit package: layout, bag-info from the data, reproducibility, refusals."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import tarfile
import zipfile
from datetime import date

import bagit
import pytest

from conftest import EDITION_DATA, EDITION_ID, EDITION_TEI, REPO, SOURCE
from package_fixtures import bag_info, copy_project, make_dist, unpack
from tei_roundtable import __version__
from tei_roundtable import edition as edition_mod
from tei_roundtable._xml import NS, parse_file
from tei_roundtable.errors import CheckFailed, InputError
from tei_roundtable.package import BAGIT_TXT, _bag_names, package, project_profile


@pytest.fixture(scope="module")
def edition():
    return edition_mod.load(EDITION_DATA)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    work = tmp_path_factory.mktemp("package")
    dist = make_dist(work / "dist", EDITION_TEI)
    cwd = os.getcwd()
    made = package(EDITION_DATA, dist, work / "out", formats=("zip", "tar"))
    assert os.getcwd() == cwd, "packaging changed the working directory"
    return made, dist, work


@pytest.fixture(scope="module")
def bag(built, tmp_path_factory):
    made, _, _ = built
    return unpack(made.archives[0], tmp_path_factory.mktemp("unpacked"))


def test_archives_are_named_after_edition_and_version(built, edition):
    made, _, work = built
    name = f"{edition.id}_v{edition.meta['version']}"
    assert made.name == name
    assert made.archives == [work / "out" / f"{name}.zip", work / "out" / f"{name}.tar"]


def test_zip_unpacks_to_one_folder_named_like_the_archive(built, edition):
    made, _, _ = built
    day = date.fromisoformat(edition.meta["date"])
    with zipfile.ZipFile(made.archives[0]) as archive:
        infos = archive.infolist()
    names = [i.filename for i in infos]
    assert all(n.startswith(made.name + "/") for n in names)
    assert names == sorted(names, key=lambda n: n.rstrip("/").split("/")), "entries are not sorted"
    assert {i.date_time for i in infos} == {(day.year, day.month, day.day, 0, 0, 0)}
    for info in infos:
        mode = info.external_attr >> 16
        assert mode == (stat.S_IFDIR | 0o755 if info.is_dir() else stat.S_IFREG | 0o644), info.filename


def test_tar_holds_the_same_bag(built):
    made, _, _ = built
    with zipfile.ZipFile(made.archives[0]) as archive:
        zipped = {i.filename.rstrip("/"): archive.read(i) for i in archive.infolist()}
    with tarfile.open(made.archives[1]) as archive:
        members = archive.getmembers()
        tarred = {m.name: archive.extractfile(m).read() if m.isfile() else b"" for m in members}
    assert tarred == zipped
    assert {(m.uid, m.gid, m.uname, m.gname) for m in members} == {(0, 0, "", "")}


def test_payload_holds_the_edition_its_schemas_renderings_report_and_metadata(bag, built, edition):
    _, dist, _ = built
    data = bag / "data"
    assert (data / "tei" / EDITION_TEI.name).read_bytes() == EDITION_TEI.read_bytes()
    assert (data / "tei" / EDITION_DATA.name).read_bytes() == EDITION_DATA.read_bytes()
    assert (data / "tei" / "source" / SOURCE.name).read_bytes() == SOURCE.read_bytes()
    for name in ("tei-roundtable.rng", "tei-roundtable.sch"):
        assert (data / "schema" / name).read_bytes() == (REPO / "schema" / name).read_bytes()
    for name in ("edition", "report"):
        assert (data / "schema" / f"{name}-schema.json").read_bytes() == (REPO / "schema" / f"{name}.schema.json").read_bytes()
    for path in sorted(p for p in dist.rglob("*") if p.is_file()):
        rel = path.relative_to(dist).as_posix()
        stem, _, ext = rel.rpartition(".")
        in_bag = data / (stem.replace(".", "-") + "." + ext)
        assert in_bag.read_bytes() == path.read_bytes(), rel
    for name in ("datacite.json", "datacite.xml", "oai_dc.xml", "CITATION.cff"):
        assert (data / "metadata" / name).is_file()
    report = json.loads((data / "reports" / "validation.json").read_text(encoding="utf-8"))
    assert report["valid"] is True
    assert report["files"][0]["file"] == f"tei/{EDITION_TEI.name}"  # no path of the packaging machine


def test_the_tei_schema_declarations_resolve_inside_the_bag(bag):
    tei = bag / "data" / "tei" / EDITION_TEI.name
    node = parse_file(tei).getroot().getprevious()
    hrefs = []
    while node is not None:
        hrefs.append(node.get("href"))
        node = node.getprevious()
    assert hrefs
    for href in hrefs:
        assert (tei.parent / href).resolve().is_file(), href


def test_every_file_name_is_plain_ascii_with_one_dot(bag):
    for path in bag.rglob("*"):
        if path.is_file():
            stem, dot, ext = path.name.partition(".")
            assert dot and stem and ext.isalnum() and all(c.isalnum() or c in "_-" for c in stem), path


def test_bag_is_bagit_1_0_with_sha512_manifests(bag):
    assert (bag / "bagit.txt").read_bytes() == BAGIT_TXT
    assert sorted(p.name for p in bag.glob("*manifest-*.txt")) == ["manifest-sha512.txt", "tagmanifest-sha512.txt"]
    tagged = [line.split()[1] for line in (bag / "tagmanifest-sha512.txt").read_text().splitlines()]
    assert tagged == sorted(tagged) == ["bag-info.txt", "bagit.txt", "manifest-sha512.txt"]


def test_bag_info_values_come_from_the_header_and_the_edition_data(bag, edition):
    info = bag_info(bag)
    header = parse_file(EDITION_TEI).getroot().find("tei:teiHeader", NS)
    publication = header.find("tei:fileDesc/tei:publicationStmt", NS)
    assert info["Source-Organization"] == [publication.findtext("tei:publisher", namespaces=NS)]
    assert info["Bagging-Date"] == [publication.find("tei:date", NS).get("when")] == [edition.meta["date"]]
    assert info["External-Identifier"] == [i.text for i in publication.findall("tei:idno", NS)]
    assert info["Contact-Email"] == [edition.meta["contact_email"]]
    assert info["Bag-Group-Identifier"] == [EDITION_ID]
    assert info["Internal-Sender-Identifier"] == [bag.name]
    declared = project_profile()["Bag-Info"]["BagIt-Profile-Identifier"]["values"]
    assert info["BagIt-Profile-Identifier"] == declared
    payload = [p for p in (bag / "data").rglob("*") if p.is_file()]
    assert info["Payload-Oxum"] == [f"{sum(p.stat().st_size for p in payload)}.{len(payload)}"]
    # bagit's own default agent line ("bagit.py v1.9.0 <url>") is replaced by ours
    assert info["Bag-Software-Agent"] == [f"tei-roundtable {__version__} (bagit.py {bagit.VERSION})"]


def test_bag_info_golden_file(bag, file_regression):
    text = (bag / "bag-info.txt").read_text(encoding="utf-8")
    # Payload-Oxum follows the renderings, which the render stage's own tests cover.
    text = "\n".join(line for line in text.splitlines() if not line.startswith("Payload-Oxum: ")) + "\n"
    file_regression.check(text, basename="bag-info-reference", extension=".txt")


def test_building_twice_gives_identical_archives(built):
    made, dist, work = built
    again = package(EDITION_DATA, dist, work / "again", formats=("zip", "tar"))
    for first, second in zip(made.archives, again.archives):
        assert hashlib.sha256(first.read_bytes()).hexdigest() == hashlib.sha256(second.read_bytes()).hexdigest()


# ----- refusals ---------------------------------------------------------------------------------

def test_an_edition_that_does_not_validate_is_not_packaged(tmp_path, built):
    _, dist, _ = built
    data = copy_project(tmp_path)
    tei = data.with_name(EDITION_TEI.name)
    text = tei.read_text(encoding="utf-8")
    assert ' who="#uzbekov"' in text
    tei.write_text(text.replace(' who="#uzbekov"', ' who="#nobody"', 1), encoding="utf-8")
    with pytest.raises(CheckFailed) as caught:
        package(data, dist, tmp_path / "out")
    findings = caught.value.findings
    assert findings and all(f.file == str(tei) for f in findings)  # the file given, not its name in the bag
    assert any(f.severity == "error" and "nobody" in f.message for f in findings)
    assert not (tmp_path / "out").exists()


def test_a_tei_that_is_not_what_encode_makes_is_not_packaged(tmp_path, built):
    _, dist, _ = built
    data = copy_project(tmp_path)
    tei = data.with_name(EDITION_TEI.name)
    text = tei.read_text(encoding="utf-8")
    old = "First edition: transcript encoded"
    assert old in text
    tei.write_text(text.replace(old, "First edition: the transcript encoded"), encoding="utf-8")
    with pytest.raises(InputError, match="not what `encode` makes") as caught:
        package(data, dist, tmp_path / "out")
    assert caught.value.location.file == str(tei)
    assert not (tmp_path / "out").exists()


def test_contact_email_is_required(tmp_path, built):
    _, dist, _ = built
    data = copy_project(tmp_path)
    lines = data.read_text(encoding="utf-8").splitlines(keepends=True)
    data.write_text("".join(line for line in lines if not line.startswith("  contact_email:")), encoding="utf-8")
    with pytest.raises(InputError, match="contact_email") as caught:
        package(data, dist, tmp_path / "out")
    assert caught.value.location.file == str(data)
    assert not (tmp_path / "out").exists()


def test_rendered_editions_are_required(tmp_path):
    (tmp_path / "dist").mkdir()
    with pytest.raises(InputError, match="no HTML edition") as caught:
        package(EDITION_DATA, tmp_path / "dist", tmp_path / "out")
    assert "render" in caught.value.hint
    assert not (tmp_path / "out").exists()


# ----- file-name and format rules ---------------------------------------------------------------

def test_a_name_with_more_dots_is_renamed():
    files, renamed = _bag_names({"txt/x.diplomatic.txt": b"text\n", "html/index.html": b"<p>x</p>\n"})
    assert renamed == {"txt/x.diplomatic.txt": "txt/x-diplomatic.txt"}
    assert set(files) == {"txt/x-diplomatic.txt", "html/index.html"}


def test_a_renamed_file_that_a_page_links_to_is_refused():
    with pytest.raises(InputError, match="x-diplomatic.txt") as caught:
        _bag_names({"txt/x.diplomatic.txt": b"text\n", "html/index.html": b'<a href="../txt/x.diplomatic.txt">'})
    assert caught.value.location.file == "txt/x.diplomatic.txt"


def test_a_page_naming_the_second_of_two_renamed_files_with_one_end_is_refused():
    # The page holds ".schema.json" for both names: the search for the first finds its end, not it.
    files = {"schema/a.schema.json": b"{}\n", "schema/b.schema.json": b"{}\n",
             "html/index.html": b'<a href="../schema/b.schema.json">', "html/other.html": b"<p>.schema.json</p>"}
    with pytest.raises(InputError, match="b-schema.json") as caught:
        _bag_names(files)
    assert caught.value.location.file == "schema/b.schema.json"
    _, renamed = _bag_names({**files, "html/index.html": b"<p>a.schema b.schema .schema.json</p>"})
    assert set(renamed) == {"schema/a.schema.json", "schema/b.schema.json"}


@pytest.mark.parametrize("path, data, message", [
    ("txt/a b.txt", b"x\n", "not ASCII"),
    ("txt/caf\u00e9.txt", b"x\n", "not ASCII"),
    ("txt/README", b"x\n", "one dot and an extension"),
    ("my html/index.html", b"x\n", "folder name"),
    ("txt/a.txt", b"\xef\xbb\xbfx\n", "byte-order mark"),
    ("metadata/a.xml", b"<a/>\n", "XML declaration"),
])
def test_names_and_contents_repositories_reject_are_refused(path, data, message):
    with pytest.raises(InputError, match=message):
        _bag_names({path: data})


def test_the_renderings_in_dist_are_packaged_as_they_are(bag, built):
    made, dist, _ = built
    for path in sorted(p for p in dist.rglob("*") if p.is_file()):
        rel = path.relative_to(dist).as_posix()
        assert (bag / "data" / made.renamed.get(rel, rel)).read_bytes() == path.read_bytes(), rel


# ----- renderings that are not what `render` makes of the TEI packaged -------------------------

@pytest.fixture(scope="module")
def retitled(tmp_path_factory):
    """The probe's case: a project built, then its title changed and the TEI re-encoded, not re-rendered."""
    from tei_roundtable.encode import encode_file

    root = tmp_path_factory.mktemp("retitled")
    data = copy_project(root)
    tei = data.with_name(EDITION_TEI.name)
    make_dist(root / "dist", tei)
    text = data.read_text(encoding="utf-8")
    old = '  title: "Perspectives to establish'
    assert old in text
    data.write_text(text.replace(old, '  title: "RETITLED Perspectives to establish', 1), encoding="utf-8")
    encode_file(edition_mod.load(data).source_path, data, tei)
    return data, tei, root / "dist"


def test_renderings_of_an_earlier_tei_are_refused(retitled, tmp_path):
    data, tei, stale = retitled
    dist = tmp_path / "dist"
    shutil.copytree(stale, dist)
    with pytest.raises(InputError, match="stale: not what `render` makes") as caught:
        package(data, dist, tmp_path / "out")
    assert caught.value.location.file == str(dist / "html" / "index.html")
    assert f"tei-roundtable render {tei} -o {dist}" in caught.value.hint
    assert not (tmp_path / "out").exists()
    # Rendered again, it is packaged, with the new title in the page.
    make_dist(dist, tei)
    made = package(data, dist, tmp_path / "out")
    bag = unpack(made.archives[0], tmp_path / "unpacked")
    assert b"RETITLED Perspectives" in (bag / "data" / "html" / "index.html").read_bytes()


@pytest.mark.parametrize("change, message", [
    (lambda dist: (dist / "txt" / f"{EDITION_ID}-diplomatic.txt").unlink(), "missing: `render` makes it"),
    (lambda dist: (dist / "txt" / "old-edition.txt").write_text("left over\n"), "not one of the files `render` makes"),
], ids=["missing", "extra"])
def test_renderings_render_would_not_make_are_refused(built, tmp_path, change, message):
    _, dist, _ = built
    shutil.copytree(dist, tmp_path / "dist", ignore=shutil.ignore_patterns("*.zip", "*.tar"))
    change(tmp_path / "dist")
    with pytest.raises(InputError, match=message) as caught:
        package(EDITION_DATA, tmp_path / "dist", tmp_path / "out")
    assert caught.value.location.file.startswith(str(tmp_path / "dist" / "txt"))
    assert not (tmp_path / "out").exists()


def test_a_transcript_reached_through_a_link_out_of_the_tei_folder_is_not_packaged(tmp_path, edition):
    # The bytes are the edition's transcript, but a package never follows a link out of the
    # TEI's folder to get them (see tei_roundtable._source).
    from tei_roundtable.package import _edition_files

    (tmp_path / "tei").mkdir()
    shutil.copytree(REPO / "schema", tmp_path / "schema")
    tei = tmp_path / "tei" / EDITION_TEI.name
    tei.write_bytes(EDITION_TEI.read_bytes())
    (tmp_path / "tei" / "source").symlink_to(SOURCE.parent, target_is_directory=True)
    with pytest.raises(InputError, match="names its source"):
        _edition_files(tei, edition)
    (tmp_path / "tei" / "source").unlink()
    (tmp_path / "tei" / "source").mkdir()
    (tmp_path / "tei" / "source" / SOURCE.name).write_bytes(SOURCE.read_bytes())
    assert f"tei/source/{SOURCE.name}" in _edition_files(tei, edition)


def test_a_transcript_with_a_bom_and_crlf_passes_every_stage(tmp_path):
    # Before: encode, validate and render accepted it, and package refused the transcript (BOM).
    from tei_roundtable import validate
    from tei_roundtable.encode import encode_file
    from tei_roundtable.verify import iter_problems

    data = copy_project(tmp_path)
    source = edition_mod.load(data).source_path
    source.write_bytes(b"\xef\xbb\xbf" + source.read_bytes().replace(b"\n", b"\r\n"))
    tei = encode_file(source, data, data.with_name(EDITION_TEI.name))
    validate.validate(tei)
    made = package(data, make_dist(tmp_path / "dist", tei), tmp_path / "out")
    bag = unpack(made.archives[0], tmp_path / "unpacked")
    assert (bag / "data" / "tei" / "source" / source.name).read_bytes() == source.read_bytes()  # byte for byte
    assert list(iter_problems(made.archives[0])) == []
