"""Each stage once: ``build`` encodes, validates and renders once and hands the results to
``package``; ``package`` run alone takes them from ``build-record.json`` while its content hashes
hold, and does the work again (naming what is stale) when they do not."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import EDITION_DATA, EDITION_ID
from package_fixtures import copy_project
from tei_roundtable import _record, encode, pipeline, render, validate
from tei_roundtable import package as package_mod
from tei_roundtable.edition import load
from tei_roundtable.errors import CheckFailed, InputError

ARCHIVE = f"{EDITION_ID}_v1.0.0.zip"


class Calls:
    """Counts the calls of the stages' entry points (they still run)."""

    def __init__(self, monkeypatch) -> None:
        self.counts = {"encode": 0, "validate": 0, "render": 0}
        for module, name, key in ((encode, "encode", "encode"), (validate, "iter_findings", "validate"),
                                  (render, "render_outputs", "render")):
            monkeypatch.setattr(module, name, self._counted(getattr(module, name), key))

    def _counted(self, function, key):
        def call(*args, **kwargs):
            self.counts[key] += 1
            return function(*args, **kwargs)
        return call


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build") / "dist"
    pipeline.build(load(EDITION_DATA), out)
    return out


def test_build_runs_each_stage_once(tmp_path, monkeypatch):
    calls = Calls(monkeypatch)
    pipeline.build(load(EDITION_DATA), tmp_path / "dist")
    assert calls.counts == {"encode": 1, "validate": 1, "render": 1}
    assert (tmp_path / "dist" / ARCHIVE).is_file()


def test_the_record_holds_the_hashes_and_the_report(built):
    data = json.loads((built / "build-record.json").read_text(encoding="utf-8"))
    assert data["record"] == "tei-roundtable build record 1"
    assert data["tei"] == _record.sha256((built / "tei" / f"{EDITION_ID}.xml").read_bytes())
    assert data["inputs"]["edition data"] == _record.sha256(EDITION_DATA.read_bytes())
    assert sorted(data["renderings"]) == ["html/index.html", f"txt/{EDITION_ID}-diplomatic.txt",
                                          f"txt/{EDITION_ID}.txt"]
    assert data["report"]["files"] == [{"file": f"tei/{EDITION_ID}.xml", "valid": True, "errors": 0, "warnings": 0}]


def dist_copy(built, tmp_path):
    dist = tmp_path / "dist"
    shutil.copytree(built, dist)
    (dist / ARCHIVE).unlink()
    return dist


def test_package_alone_uses_the_record_and_makes_the_same_archive(built, tmp_path, monkeypatch):
    dist = dist_copy(built, tmp_path)
    calls = Calls(monkeypatch)
    made = package_mod.package(EDITION_DATA, dist)
    assert calls.counts == {"encode": 0, "validate": 0, "render": 0}
    assert made.archives[0].read_bytes() == (built / ARCHIVE).read_bytes()


def test_without_a_record_package_does_the_work_and_makes_the_same_archive(built, tmp_path, monkeypatch):
    dist = dist_copy(built, tmp_path)
    (dist / "build-record.json").unlink()
    calls = Calls(monkeypatch)
    made = package_mod.package(EDITION_DATA, dist)
    assert calls.counts == {"encode": 1, "validate": 1, "render": 1}
    assert made.archives[0].read_bytes() == (built / ARCHIVE).read_bytes()


@pytest.mark.parametrize("damage", ["not json", "{}", '{"record": "tei-roundtable build record 1"}'])
def test_an_unreadable_record_is_ignored(built, tmp_path, monkeypatch, damage):
    dist = dist_copy(built, tmp_path)
    (dist / "build-record.json").write_text(damage, encoding="utf-8")
    calls = Calls(monkeypatch)
    package_mod.package(EDITION_DATA, dist)
    assert calls.counts["validate"] == 1


def test_a_record_of_an_invalid_edition_is_not_trusted(built, tmp_path, monkeypatch):
    dist = dist_copy(built, tmp_path)
    record = json.loads((dist / "build-record.json").read_text(encoding="utf-8"))
    record["report"]["valid"] = False
    (dist / "build-record.json").write_text(json.dumps(record), encoding="utf-8")
    calls = Calls(monkeypatch)
    package_mod.package(EDITION_DATA, dist)
    assert calls.counts["validate"] == 1


def test_a_changed_rendering_is_found_stale(built, tmp_path):
    dist = dist_copy(built, tmp_path)
    text = dist / "txt" / f"{EDITION_ID}.txt"
    text.write_bytes(text.read_bytes() + b"\n")
    with pytest.raises(InputError, match="stale: not what `render` makes") as caught:
        package_mod.package(EDITION_DATA, dist)
    assert caught.value.location.file == str(text)


def test_an_extra_rendering_is_refused(built, tmp_path):
    dist = dist_copy(built, tmp_path)
    (dist / "html" / "old.html").write_text("<p>left over</p>", encoding="utf-8")
    with pytest.raises(InputError, match="not one of the files `render` makes"):
        package_mod.package(EDITION_DATA, dist)


def test_changed_edition_data_makes_the_tei_stale(built, tmp_path):
    data = copy_project(tmp_path / "project")
    dist = dist_copy(built, tmp_path)
    old = "First edition: transcript encoded"
    data.write_text(data.read_text(encoding="utf-8").replace(old, "First edition: the transcript encoded"),
                    encoding="utf-8")
    with pytest.raises(InputError, match="not what `encode` makes") as caught:
        package_mod.package(data, dist)
    assert caught.value.location.file == str(data.with_suffix(".xml"))


def test_edition_data_changed_without_effect_is_checked_and_packaged(built, tmp_path, monkeypatch):
    data = copy_project(tmp_path / "project")
    dist = dist_copy(built, tmp_path)
    data.write_text(data.read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")
    calls = Calls(monkeypatch)
    package_mod.package(data, dist)
    assert calls.counts == {"encode": 1, "validate": 1, "render": 1}


def test_another_toolkit_does_the_work_again(built, tmp_path, monkeypatch):
    dist = dist_copy(built, tmp_path)
    monkeypatch.setattr(_record, "toolkit_digest", lambda: "0.0.0 sha256:other")
    calls = Calls(monkeypatch)
    package_mod.package(EDITION_DATA, dist)
    assert calls.counts == {"encode": 1, "validate": 1, "render": 1}


def test_the_toolkit_digest_covers_the_stylesheets(tmp_path, monkeypatch):
    xslt = tmp_path / "xslt"
    shutil.copytree(_record.xslt_dir(), xslt)
    before = _record.toolkit_digest()
    _record.toolkit_digest.cache_clear()
    monkeypatch.setattr(_record, "xslt_dir", lambda: xslt)
    (xslt / "tei2text.xsl").write_bytes((xslt / "tei2text.xsl").read_bytes() + b"\n")
    try:
        assert _record.toolkit_digest() != before
    finally:
        _record.toolkit_digest.cache_clear()


def test_a_changed_collection_register_makes_the_record_stale(built):
    ed = load(EDITION_DATA)
    record = _record.read(built)
    assert record is not None
    shared = ed.collection.path.read_bytes() if ed.collection is not None else None
    assert record.collection == (_record.sha256(shared) if shared is not None else None)
    inputs = {"transcript": ed.source_path.read_bytes(), "edition_data": EDITION_DATA.read_bytes(),
              "tei": (built / "tei" / f"{EDITION_ID}.xml").read_bytes(), "dist": built}
    assert record.current_renderings(collection=shared, **inputs) is not None
    assert record.current_renderings(collection=(shared or b"") + b"# another register\n", **inputs) is None


def forge(dist, rendering: str, data: bytes) -> None:
    """What someone who can write the dist folder could do: put in a rendering of their own and a
    record whose hashes say it was built so (the genuine record's MAC kept)."""
    (dist / rendering).write_bytes(data)
    record = json.loads((dist / "build-record.json").read_text(encoding="utf-8"))
    record["renderings"][rendering] = _record.sha256(data)
    (dist / "build-record.json").write_text(json.dumps(record), encoding="utf-8")


def test_the_record_is_signed_with_the_users_key(built):
    data = json.loads((built / "build-record.json").read_text(encoding="utf-8"))
    assert data["mac"].startswith("hmac-sha256:")
    assert _record.read(built) is not None
    key = _record.key_path()
    assert key.stat().st_mode & 0o777 == 0o600
    assert built not in key.parents


def test_a_forged_record_does_not_switch_the_checks_off(built, tmp_path):
    dist = dist_copy(built, tmp_path)
    forge(dist, "html/index.html", b"<p>not what render makes</p>")
    assert _record.read(dist) is None
    with pytest.raises(InputError, match="stale: not what `render` makes"):
        package_mod.package(EDITION_DATA, dist)
    assert not (dist / ARCHIVE).exists()


def test_a_record_signed_by_another_key_is_not_trusted(built, tmp_path, monkeypatch):
    dist = dist_copy(built, tmp_path)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "another-user"))
    assert _record.read(dist) is None
    calls = Calls(monkeypatch)
    made = package_mod.package(EDITION_DATA, dist)
    assert calls.counts == {"encode": 1, "validate": 1, "render": 1}
    assert made.archives[0].read_bytes() == (built / ARCHIVE).read_bytes()


@pytest.mark.parametrize("flaw", ["readable by others", "a link", "short"])
def test_a_key_that_is_not_safe_is_not_used(tmp_path, monkeypatch, flaw):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    key = _record.key_path()
    key.parent.mkdir(parents=True)
    if flaw == "a link":
        (tmp_path / "elsewhere").write_bytes(b"k" * _record.KEY_BYTES)
        key.symlink_to(tmp_path / "elsewhere")
    else:
        key.write_bytes(b"k" * (_record.KEY_BYTES if flaw != "short" else 8))
        key.chmod(0o644 if flaw == "readable by others" else 0o600)
    assert _record._key() is None
    out = tmp_path / "dist"
    pipeline.build(load(EDITION_DATA), out)
    assert "mac" not in json.loads((out / "build-record.json").read_text(encoding="utf-8"))
    assert _record.read(out) is None


def test_without_a_state_folder_the_record_is_not_trusted(tmp_path, monkeypatch):
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "file"))
    assert _record._key() is None


def test_a_record_made_in_process_compares_the_bytes_it_was_made_of(built, tmp_path, monkeypatch):
    """A record ``build`` hands to ``package`` keeps the bytes its digests were made of: the files
    found are compared with them (nothing hashed again), and a change is found as a new hash
    would find it; a record copied with dataclasses.replace keeps no bytes and hashes."""
    import dataclasses

    dist = dist_copy(built, tmp_path)
    ed = load(EDITION_DATA)
    tei = dist / "tei" / f"{EDITION_ID}.xml"
    inputs = {"transcript": ed.source_path.read_bytes(), "edition_data": ed.path.read_bytes(),
              "collection": ed.collection.path.read_bytes() if ed.collection is not None else None}
    renderings = {f"{part}/{p.relative_to(dist / part).as_posix()}": p.read_bytes()
                  for part in ("html", "txt") for p in sorted((dist / part).rglob("*")) if p.is_file()}
    record = _record.BuildRecord.of(**inputs, tei=tei.read_bytes(), report="{}", renderings=renderings)
    hashed = []
    real = _record.sha256
    monkeypatch.setattr(_record, "sha256", lambda data: (hashed.append(len(data)), real(data))[1])
    assert record.current_renderings(**inputs, tei=tei.read_bytes(), dist=dist) == renderings
    assert hashed == []
    assert record.current_renderings(**{**inputs, "transcript": b"other"}, tei=tei.read_bytes(), dist=dist) is None
    assert record.current_renderings(**inputs, tei=tei.read_bytes() + b"\n", dist=dist) is None
    text = dist / "txt" / f"{EDITION_ID}.txt"
    text.write_bytes(text.read_bytes() + b"\n")
    assert record.current_renderings(**inputs, tei=tei.read_bytes(), dist=dist) is None
    copied = dataclasses.replace(record)
    assert copied == record and copied.made is None
    assert copied.current_renderings(**inputs, tei=tei.read_bytes(), dist=dist) is None and hashed
    text.write_bytes(renderings[f"txt/{EDITION_ID}.txt"])
    assert copied.current_renderings(**inputs, tei=tei.read_bytes(), dist=dist) == renderings
