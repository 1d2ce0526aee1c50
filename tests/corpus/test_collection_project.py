"""The collection outputs of a project made as a user makes one: `init` twice (two transcripts that
share their people through the shared register), the collection build of the editions, then
build_collection over what it built."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html

from conftest import REPO, shared_file
from tei_roundtable import collection as collection_mod
from tei_roundtable import corpus, pipeline
from tei_roundtable.edition import load_all
from tei_roundtable.init import init

FORUM = REPO / "tests" / "collection" / "fixtures"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> tuple[Path, collection_mod.Collection]:
    folder = tmp_path_factory.mktemp("project") / "forum"
    for transcript in ("forum-2008.md", "forum-2009.md"):
        init(folder, FORUM / transcript, editor="Ann Lee", contact="ann@example.org", licence="CC-BY-4.0")
    coll = collection_mod.load(folder / "tei" / "collection.yaml")
    out = folder / "dist"
    assert all(o.status == "built" for o in pipeline.build_collection(coll, out).outcomes)
    teis = [out / ed.id / "tei" / f"{ed.id}.xml" for ed in load_all(coll)]
    corpus.build_collection(coll.meta, teis, out)
    return out, coll


def test_the_index_follows_a_person_through_the_series(project):
    out, _ = project
    page = html.fromstring((out / "names.html").read_bytes())
    entry = page.get_element_by_id("bekova")
    heads = [" ".join(p.text_content().split()) for p in entry.iter("p") if p.get("class") == "appearance-head"]
    # The shared register's dated affiliations: the post at each event.
    assert heads == ["Water and borders in Central Asia (March 4, 2008) participant – economist",
                     "Energy for the winter (February 10, 2009) speaker – adviser of the Ministry of Economy"]
    for href in (a.get("href") for a in entry.iter("a")):
        target, _, fragment = href.partition("#")
        assert html.fromstring((out / target).read_bytes()).get_element_by_id(fragment or "main") is not None


def test_the_collection_tei_of_the_project_is_valid(project):
    from lxml import etree

    out, coll = project
    rng = etree.RelaxNG(etree.parse(str(shared_file("schemas/tei_all.rng"))))
    tree = etree.parse(str(out / "tei" / f"{coll.meta.id}.xml"))
    assert rng.validate(tree), rng.error_log


def test_the_collection_bag_of_the_project_is_sound(project, tmp_path):
    import zipfile

    out, coll = project
    name = corpus.bag_name(coll.meta)
    with zipfile.ZipFile(out / f"{name}.zip") as archive:
        archive.extractall(tmp_path)
    assert corpus.is_collection_bag(tmp_path / name)
    assert list(corpus.iter_bag_problems(tmp_path / name)) == []


def test_each_edition_bag_is_part_of_the_collection_and_verifies(project):
    """IsPartOf comes from the collection data the edition's bag carries, so verify makes it again."""
    import json
    import zipfile

    from tei_roundtable import metadata
    from tei_roundtable.verify import iter_problems

    out, coll = project
    xsd = metadata.load_xsd(shared_file("schemas/datacite-kernel-4.5/metadata.xsd"))
    for ed in load_all(coll):
        archive = out / ed.id / f"{ed.id}_v1.0.0.zip"
        with zipfile.ZipFile(archive) as handle:
            record = json.loads(handle.read(f"{ed.id}_v1.0.0/data/metadata/datacite.json"))
            xml = handle.read(f"{ed.id}_v1.0.0/data/metadata/datacite.xml")
        assert record["relatedIdentifiers"] == [{
            "relatedIdentifier": coll.meta.urn, "relatedIdentifierType": "URN",
            "relationType": "IsPartOf", "resourceTypeGeneral": "Collection"}]
        assert list(metadata.iter_datacite_json_errors(record)) == []
        assert list(metadata.iter_xsd_errors(xml, xsd)) == []
        assert [p for p in iter_problems(archive) if p.severity == "error"] == []
