"""The deposit's collection bag, whose DataCite records say HasPart each edition: valid, reproducible,
and checked against its TEI. (The editions' bags, which say IsPartOf: test_collection_project.py.)"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import bagit
import pytest

from collection_fixtures import EDITION_IDS, FIXTURES, Built, built, collection_meta  # noqa: F401 - the fixture
from conftest import shared_file
from tei_roundtable import __version__, corpus, metadata
from tei_roundtable._profile import declared_profile_identifier, load_profile
from tei_roundtable._xml import parse_bytes
from tei_roundtable.errors import TeiRoundtableError
from tei_roundtable.resources import schema_dir

BAG = "civic-forum-series_v1.0.0"


@pytest.fixture(scope="module")
def bag_dir(built: Built, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bag")
    with zipfile.ZipFile(built.out / f"{BAG}.zip") as archive:
        archive.extractall(folder)
    return folder / BAG


@pytest.fixture(scope="module")
def datacite(bag_dir: Path) -> dict:
    return json.loads((bag_dir / "data/metadata/datacite.json").read_text(encoding="utf-8"))


def test_the_collection_bag_is_a_valid_bag(bag_dir: Path):
    bag = bagit.Bag(str(bag_dir))
    bag.validate(fast=False)
    assert sorted(p.relative_to(bag_dir).as_posix() for p in (bag_dir / "data").rglob("*") if p.is_file()) == [
        "data/html/index.html", "data/html/names.html", "data/html/search/borders-2010.js",
        "data/html/search/trade-2011.js", "data/html/search/water-2009.js", "data/metadata/datacite.json",
        "data/metadata/datacite.xml", f"data/tei/{collection_meta().id}.xml"]
    assert bag.info["External-Identifier"] == "urn:tei-roundtable:civic-forum-series:1.0.0"
    assert bag.info["Bagging-Date"] == "2026-02-01"


def test_the_collection_bag_meets_the_btr_profile(bag_dir: Path):
    import bagit_profile

    profile_file = shared_file("profiles/btr-bagit-profile.json")
    data = load_profile(profile_file)
    profile = bagit_profile.Profile(data["BagIt-Profile-Info"]["BagIt-Profile-Identifier"], profile=data)
    assert profile.validate(bagit.Bag(str(bag_dir))), profile.report.errors


def _profile_errors(bag_dir: Path, profile_file: Path) -> list[str]:
    """What bagit_profile finds, and the BagIt Profiles 1.4 payload rules it does not check."""
    import fnmatch

    import bagit_profile

    data = load_profile(profile_file)
    # As verify checks it: against the identifier the profile says its bags declare (BTR's).
    profile = bagit_profile.Profile(declared_profile_identifier(data), profile=data)
    errors = [] if profile.validate(bagit.Bag(str(bag_dir))) else [str(e) for e in profile.report.errors]
    payload = [p.relative_to(bag_dir).as_posix() for p in (bag_dir / "data").rglob("*") if p.is_file()]
    errors += [f"missing {pattern}" for pattern in data["Payload-Files-Required"]
               if not any(fnmatch.fnmatchcase(path, pattern) for path in payload)]
    errors += [f"not allowed {path}" for path in payload
               if not any(fnmatch.fnmatchcase(path, pattern) for pattern in data["Payload-Files-Allowed"])]
    return errors


def test_the_collection_bag_meets_the_collection_profile(bag_dir: Path, tmp_path):
    profile = schema_dir() / corpus.PROFILE_FILE
    assert _profile_errors(bag_dir, profile) == []
    # The check can fail: a bag with an edition's text file in it is not a collection bag.
    other = tmp_path / BAG
    shutil.copytree(bag_dir, other)
    (other / "data/txt").mkdir()
    (other / "data/txt/water-2009.txt").write_text("text\n", encoding="utf-8")
    (other / "data/metadata/datacite.xml").unlink()
    assert _profile_errors(other, profile) == ["missing data/metadata/datacite.xml", "not allowed data/txt/water-2009.txt"]


def test_the_collection_record_has_every_edition_as_part(datacite: dict):
    assert list(metadata.iter_datacite_json_errors(datacite)) == []
    assert datacite["types"]["resourceTypeGeneral"] == "Collection"
    assert datacite["relatedIdentifiers"] == [
        {"relatedIdentifier": f"urn:tei-roundtable:{ident}:1.0.0", "relatedIdentifierType": "URN",
         "relationType": "HasPart", "resourceTypeGeneral": "Text"} for ident in EDITION_IDS]


def test_the_collection_record_is_valid_datacite_xml(bag_dir: Path):
    xsd = metadata.load_xsd(shared_file("schemas/datacite-kernel-4.5/metadata.xsd"))
    data = (bag_dir / "data/metadata/datacite.xml").read_bytes()
    assert list(metadata.iter_xsd_errors(data, xsd)) == []
    related = parse_bytes(data).getroot().findall(f".//{{{metadata.DATACITE_NS}}}relatedIdentifier")
    assert [(r.get("relationType"), r.text) for r in related] == [
        ("HasPart", f"urn:tei-roundtable:{ident}:1.0.0") for ident in EDITION_IDS]


def test_a_doi_is_the_related_identifier_once_minted(built: Built):
    meta = collection_meta(doi="10.5281/zenodo.1234567")
    assert metadata.part_of(meta)[0].datacite() == {
        "relatedIdentifier": "10.5281/zenodo.1234567", "relatedIdentifierType": "DOI",
        "relationType": "IsPartOf", "resourceTypeGeneral": "Collection"}
    record = corpus.collection_datacite(meta, corpus.read_editions(built.teis))
    assert record["doi"] == "10.5281/zenodo.1234567"


def test_the_collection_bag_is_reproducible(built: Built):
    editions = corpus.read_editions(built.teis)
    meta = collection_meta()
    corpus_bytes = built.read(f"tei/{meta.id}.xml")
    again = corpus.collection_bag(meta, editions, corpus_bytes, corpus.collection_pages(meta.id, corpus_bytes))
    assert again == built.read(f"{BAG}.zip")


def test_no_contact_email(built: Built):
    meta = collection_meta(contact_email=None)
    with pytest.raises(TeiRoundtableError, match="the collection has no contact_email"):
        corpus.collection_bag(meta, corpus.read_editions(built.teis), b"", {})


# ----- what a collection bag says, checked ------------------------------------------------------


def _tampered(bag_dir: Path, tmp_path: Path, edit) -> Path:
    """A copy of the bag with ``edit`` applied and its manifests made again (fixity cannot see it)."""
    copy = tmp_path / BAG
    shutil.copytree(bag_dir, copy)
    edit(copy)
    bagit.Bag(str(copy)).save(manifests=True)
    return copy


def test_the_collection_bag_says_what_its_tei_says(bag_dir: Path):
    assert corpus.is_collection_bag(bag_dir)
    assert list(corpus.iter_bag_problems(bag_dir)) == []


def test_an_edition_bag_is_not_a_collection_bag(built: Built, tmp_path):
    with zipfile.ZipFile(built.out / "water-2009" / "water-2009_v1.0.0.zip") as archive:
        archive.extractall(tmp_path)
    assert not corpus.is_collection_bag(tmp_path / "water-2009_v1.0.0")


def test_a_page_changed_and_the_manifests_made_again(bag_dir: Path, tmp_path):
    def edit(copy: Path):
        page = copy / "data/html/names.html"
        page.write_bytes(page.read_bytes().replace(b"Osmonov, Timur", b"Osmanov, Timur"))
    problems = [str(p) for p in corpus.iter_bag_problems(_tampered(bag_dir, tmp_path, edit))]
    assert problems == [f"{BAG}/data/html/names.html: error [reproduction] not what tei-roundtable "
                        f"{__version__} makes from the packaged collection TEI"]


def test_a_record_that_drops_an_edition(bag_dir: Path, tmp_path):
    def edit(copy: Path):
        path = copy / "data/metadata/datacite.json"
        record = json.loads(path.read_text(encoding="utf-8"))
        record["relatedIdentifiers"].pop()
        path.write_text(json.dumps(record), encoding="utf-8")
        xml = copy / "data/metadata/datacite.xml"
        xml.write_bytes(xml.read_bytes().replace(b"urn:tei-roundtable:trade-2011:1.0.0", b"urn:tei-roundtable:other:1.0.0"))
    problems = [str(p) for p in corpus.iter_bag_problems(_tampered(bag_dir, tmp_path, edit))]
    named = ("the editions of the packaged collection TEI (urn:tei-roundtable:water-2009:1.0.0, "
             "urn:tei-roundtable:borders-2010:1.0.0, urn:tei-roundtable:trade-2011:1.0.0)")
    assert problems == [
        f"{BAG}/data/metadata/datacite.json: error [description] relatedIdentifiers do not say HasPart exactly {named}",
        f"{BAG}/data/metadata/datacite.xml: error [description] relatedIdentifiers do not say HasPart exactly {named}",
    ]


def test_bag_info_that_names_another_collection(bag_dir: Path, tmp_path):
    def edit(copy: Path):
        info = copy / "bag-info.txt"
        info.write_text(info.read_text(encoding="utf-8").replace("Bag-Group-Identifier: civic-forum-series",
                                                                 "Bag-Group-Identifier: other"), encoding="utf-8")
    problems = [str(p) for p in corpus.iter_bag_problems(_tampered(bag_dir, tmp_path, edit))]
    assert problems == [f"{BAG}/bag-info.txt: error [description] Bag-Group-Identifier is 'other', "
                        "but the bag's collection TEI says 'civic-forum-series'"]


@pytest.mark.parametrize("change, expected", [
    (("Contact-Email: editors@example.org", "Contact-Email: someone@example.org"),
     "Contact-Email is 'someone@example.org', but the bag's collection TEI says 'editors@example.org'"),
    (("Bag-Group-Identifier: civic-forum-series", "Bag-Group-Identifier: civic-forum-series\nX-Note: hi"),
     "X-Note is not a tag tei-roundtable writes"),
])
def test_every_bag_info_tag_is_compared(bag_dir: Path, tmp_path, change, expected):
    def edit(copy: Path):
        info = copy / "bag-info.txt"
        info.write_text(info.read_text(encoding="utf-8").replace(*change), encoding="utf-8")
    problems = [str(p) for p in corpus.iter_bag_problems(_tampered(bag_dir, tmp_path, edit))]
    assert problems == [f"{BAG}/bag-info.txt: error [description] {expected}"]


def test_verify_knows_a_collection_bag(built: Built):
    from tei_roundtable.verify import iter_problems

    problems = list(iter_problems(built.out / f"{BAG}.zip", [shared_file("profiles/btr-bagit-profile.json")],
                                  datacite_xsd=shared_file("schemas/datacite-kernel-4.5/metadata.xsd")))
    assert problems == []


def test_verify_finds_what_the_collection_check_finds(bag_dir: Path, tmp_path):
    from tei_roundtable.verify import iter_problems

    def edit(copy: Path):
        page = copy / "data/html/index.html"
        page.write_bytes(page.read_bytes().replace(b"Borders and bridges", b"Borders and walls"))
        (copy / "data/txt").mkdir()
        (copy / "data/txt/notes.txt").write_text("notes\n", encoding="utf-8")
    problems = [str(p) for p in iter_problems(_tampered(bag_dir, tmp_path, edit))]
    assert problems == [
        f"{BAG}/data/txt/notes.txt: error [collection profile] payload file not allowed by the profile "
        "(Payload-Files-Allowed)",
        f"{BAG}/data/html/index.html: error [reproduction] not what tei-roundtable {__version__} makes from "
        "the packaged collection TEI",
    ]


def test_verify_finds_a_missing_a_changed_and_a_foreign_search_shard(bag_dir: Path, tmp_path):
    """The search shards are remade from the packaged TEI like the pages: one missing, one
    changed and one that no edition of the TEI has are each reported."""
    from tei_roundtable.verify import iter_problems

    def edit(copy: Path):
        shards = copy / "data/html/search"
        (shards / "water-2009.js").unlink()
        changed = shards / "trade-2011.js"
        changed.write_bytes(changed.read_bytes().replace(b"Ferghana", b"Fergana"))
        (shards / "other-2012.js").write_text("trtCollectionSearch.push('other-2012', {});\n", encoding="utf-8")
    problems = [str(p) for p in iter_problems(_tampered(bag_dir, tmp_path, edit))]
    assert problems == [
        f"{BAG}/data/html/search/water-2009.js: error [completeness] missing: the collection page's search "
        "loads it (the edition's search index)",
        f"{BAG}/data/html/search/trade-2011.js: error [reproduction] not what tei-roundtable {__version__} makes "
        "from the packaged collection TEI",
        f"{BAG}/data/html/search/other-2012.js: error [reproduction] no edition of the packaged collection TEI "
        "has this search shard",
    ]


@pytest.mark.parametrize("change, found", [
    (lambda data: data.replace(b"<teiCorpus", b'<!DOCTYPE teiCorpus [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<teiCorpus', 1),
     "DOCTYPE declarations are not allowed"),
    (lambda data: data.replace(b"</teiCorpus>", b"", 1), "not well-formed XML"),
])
def test_the_collection_check_reads_the_packaged_tei_safely(bag_dir: Path, tmp_path, change, found):
    """The packaged corpus is read edition by edition, as safely as any XML of the toolkit: a
    DTD is refused (nothing it names is read) and broken XML is a located problem, no traceback."""
    bag = tmp_path / "bag"
    shutil.copytree(bag_dir, bag)
    tei = bag / "data" / "tei" / f"{collection_meta().id}.xml"
    tei.write_bytes(change(tei.read_bytes()))
    problems = [str(p) for p in corpus.iter_bag_problems(bag)]
    assert len(problems) == 1 and found in problems[0] and "data/tei/" in problems[0], problems


def test_edition_data_in_a_collection_bag_makes_it_an_edition_bag(bag_dir: Path, tmp_path):
    """What decides the check is no switch: a bag with edition data is checked as an edition's, in full."""
    from tei_roundtable.verify import iter_problems

    def edit(copy: Path):
        shutil.copy(FIXTURES / "water-2009.yaml", copy / "data/tei/water-2009.yaml")
    copy = _tampered(bag_dir, tmp_path, edit)
    assert not corpus.is_collection_bag(copy)
    problems = [p for p in iter_problems(copy) if p.severity == "error"]
    assert any(p.check == "project profile" for p in problems)


def test_the_collection_bag_copies_its_corpus_rather_than_holding_it(built: Built, tmp_path):
    """A thousand editions' corpus is some 60 MB: it goes from its file into the bag and into the
    zip in pieces, never read whole (measured with tracemalloc: the Python allocations)."""
    import tracemalloc

    meta = collection_meta()
    big = tmp_path / "corpus.xml"
    padding = b"<!-- " + b"x" * (16 * 2**20) + b" -->\n"  # 16 MiB more than the corpus
    big.write_bytes(built.read(f"tei/{meta.id}.xml") + padding)
    editions = corpus.read_editions(built.teis)
    pages = {"index.html": built.read("index.html"), "names.html": built.read("names.html")}
    tracemalloc.start()
    try:
        corpus.write_collection_bag(meta, editions, big, pages, tmp_path / "bag.zip")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 2**20, f"{peak / 2**20:.1f} MiB"
    with zipfile.ZipFile(tmp_path / "bag.zip") as archive:
        assert archive.read(f"{BAG}/data/tei/{meta.id}.xml") == big.read_bytes()


def test_a_zip_written_from_the_files_is_the_zip_written_from_their_bytes(built: Built, tmp_path):
    """write_zip copies a file it is not given the bytes of in pieces; the archive is the same,
    byte for byte, as the one it writes from the bytes (writestr)."""
    from tei_roundtable.package import write_zip
    from datetime import datetime, timezone

    with zipfile.ZipFile(built.out / f"{BAG}.zip") as archive:
        archive.extractall(tmp_path)
    bag_dir = tmp_path / BAG
    payload = {p.relative_to(bag_dir).as_posix(): p.read_bytes() for p in (bag_dir / "data").rglob("*") if p.is_file()}
    stamp = datetime(2026, 2, 1, tzinfo=timezone.utc)
    from_files = write_zip(bag_dir, tmp_path / "files.zip", stamp).read_bytes()
    from_bytes = write_zip(bag_dir, tmp_path / "bytes.zip", stamp, payload).read_bytes()
    assert from_files == from_bytes == (built.out / f"{BAG}.zip").read_bytes()
