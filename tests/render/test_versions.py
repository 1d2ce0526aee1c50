"""Citations that survive versions: a new version that adds one decision and removes another
renumbers notes but changes no note's anchor; it lists its changes ("Changes in this version",
revisionDesc), and the id of the removed note still lands on the page that says so."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from lxml import html

from conftest import COLLECTION_DATA, EDITION_DATA, SOURCE
from tei_roundtable._xml import NS, parse_bytes
from tei_roundtable.encode import encode
from tei_roundtable.errors import InputError
from tei_roundtable.render import render_outputs

NEW = {"id": "initiative-comment", "type": "comment", "where": [39], "source": "initiative",
       "reason": "Kept as printed: the proposal of 1992 is meant.", "basis": "the transcript, l. 39",
       "resp": "editors", "cert": "high"}


def edition_copy(folder: Path, change) -> Path:
    """The bundled edition data beside its transcript in ``folder``, changed by ``change(data)``."""
    (folder / "source").mkdir(parents=True)
    shutil.copy(SOURCE, folder / "source" / SOURCE.name)
    shutil.copy(COLLECTION_DATA, folder / COLLECTION_DATA.name)
    data = yaml.safe_load(EDITION_DATA.read_text("utf-8"))
    change(data)
    path = folder / EDITION_DATA.name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def next_version(data) -> None:
    data["decisions"].append(NEW)
    data["decisions"] = [d for d in data["decisions"] if d["id"] != "simply"]
    data["edition"]["version"] = "1.1.0"
    data["edition"]["revisions"].append({
        "date": "2027-01-15", "who": "editors", "version": "1.1.0",
        "change": "Second version: one comment added, one correction withdrawn.",
        "added": [NEW["id"]],
        "changed": [{"id": "timeliness", "change": "The note now quotes the whole sentence."}],
        "removed": [{"id": "simply", "reason": "The printed \"imply\" is kept: the sentence reads either way."}],
    })


def page_of(tei_bytes: bytes, folder: Path) -> tuple[html.HtmlElement, dict[str, bytes]]:
    tei = folder / "edition.xml"
    tei.write_bytes(tei_bytes)
    outputs = render_outputs(tei)
    return html.document_fromstring(outputs["html/index.html"]), outputs


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    first = tmp_path_factory.mktemp("v1")
    second = tmp_path_factory.mktemp("v2")
    old_tei = encode(SOURCE, edition_copy(first, lambda data: None))
    new_tei = encode(first / "source" / SOURCE.name, edition_copy(second, next_version))
    return page_of(old_tei, first), page_of(new_tei, second), parse_bytes(new_tei)


def notes(page) -> dict[str, str]:
    """Note id -> note number, as the page shows them."""
    return {li.get("id"): li.xpath("string(.//span[@class='note-n'])") for li in page.xpath("//li[contains(@class, 'note ')]")}


def test_adding_a_decision_changes_no_existing_note_anchor(versions):
    (old, old_out), (new, new_out), _ = versions
    before, after = notes(old), notes(new)
    kept = set(before) - {"note-simply"}
    assert kept <= set(after), "every note still there keeps its id"
    assert "note-initiative-comment" in after
    assert any(before[i] != after[i] for i in kept), "numbers moved (the new note comes early)"
    for ident in kept:
        markers = new.xpath(f"//sup[@class='noteref']/a[@href='#{ident}']")
        assert markers and all(m.text_content() == after[ident] for m in markers)
    for reading in ("", "-diplomatic"):
        text = next(v for k, v in new_out.items() if k.endswith(f"{reading}.txt") and (reading or "diplomatic" not in k))
        assert all(f"cite as {i}" in " ".join(text.decode("utf-8").split()) for i in after)


def test_the_changes_of_the_version_are_listed(versions):
    _, (new, _), tei = versions
    changes = tei.xpath("//tei:revisionDesc/tei:change[@n='1.1.0']", namespaces=NS)
    assert [c.get("type") for c in changes] == [None, "decision-added", "decision-changed", "decision-removed"]
    assert changes[1].get("target") == "#note-initiative-comment"
    section = new.get_element_by_id("changes")
    text = " ".join(section.text_content().split())
    assert "Second version: one comment added, one correction withdrawn." in text
    assert section.xpath(".//a[@href='#note-initiative-comment']")
    assert "Changed: note" in text and "The note now quotes the whole sentence." in text
    assert "Earlier versions" in text and "First edition" in text


def test_a_removed_note_id_still_lands_on_the_page(versions):
    (old, _), (new, _), _ = versions
    assert old.xpath("//li[@id='note-simply']")
    landing = new.get_element_by_id("note-simply")
    assert landing.tag == "li" and "removed" in landing.get("class")
    assert "lands here" in landing.text_content() and "imply" in landing.text_content()


def test_a_removed_decision_that_is_still_there_is_an_error(tmp_path):
    def wrong(data):
        next_version(data)
        data["edition"]["revisions"][-1]["removed"] = [{"id": "timeliness", "reason": "x"}]

    with pytest.raises(InputError) as caught:
        encode(SOURCE, edition_copy(tmp_path, wrong))
    assert "removed decision 'timeliness' is still among the decisions" in caught.value.message
