"""Collections: init for a new transcript, a shared register across editions, the collection build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from forum_project import listing, start_forum
from tei_roundtable import collection as collection_mod
from tei_roundtable import edition as edition_mod
from tei_roundtable.edition import load_all
from tei_roundtable.cli import main
from tei_roundtable.errors import InputError, OutputError
from tei_roundtable.init import init
from tei_roundtable.pipeline import STATE_FILE, build_collection

FIXTURES = Path(__file__).parent / "fixtures"
OPTIONS = dict(editor="Ann Lee", contact="ann@example.org", licence="CC-BY-4.0")


def run(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


@pytest.fixture
def project(tmp_path) -> Path:
    """A project of two editions that share their three people."""
    return start_forum(tmp_path / "forum")


# ----- init ----------------------------------------------------------------------------------


def test_init_then_build_needs_no_hand_edits(tmp_path, monkeypatch):
    folder = tmp_path / "new"
    code, output = run("init", folder, "--transcript", FIXTURES / "forum-2008.md", "--editor", "Ann Lee",
                       "--contact", "ann@example.org", "--licence", "CC-BY-4.0")
    assert code == 0, output
    assert "to do:" in output and "tei-roundtable build" in output
    monkeypatch.chdir(folder)
    code, output = run("build")
    assert code == 0, output
    assert (folder / "dist" / "forum-2008" / "html" / "index.html").is_file()
    assert (folder / "dist" / "forum-2008" / "forum-2008_v1.0.0.zip").is_file()


def test_init_copies_the_transcript_byte_for_byte_with_bom_and_crlf(tmp_path):
    raw = b"\xef\xbb\xbf" + (FIXTURES / "forum-2008.md").read_bytes().replace(b"\n", b"\r\n")
    transcript = tmp_path / "forum-2008.md"
    transcript.write_bytes(raw)
    init(tmp_path / "p", transcript, **OPTIONS)
    assert (tmp_path / "p" / "tei" / "source" / "forum-2008.md").read_bytes() == raw


def test_init_drafts_the_register_from_the_front_matter(tmp_path):
    started = init(tmp_path / "p", FIXTURES / "forum-2008.md", **OPTIONS)
    coll = collection_mod.load(tmp_path / "p" / "tei" / "collection.yaml")
    persons = {e.id: e.data for e in coll.register.values()}
    assert started.added == ["karaeva", "osmonov", "bekova"]
    assert persons["karaeva"]["forename"] == "Aida" and persons["karaeva"]["surname"] == "Karaeva"
    # first names the turns use are forms ("Thank you, Aida."), dated affiliations from the descriptions
    assert "Aida" in persons["karaeva"]["forms"] and "Gulnara" in persons["bekova"]["forms"]
    assert persons["osmonov"]["affiliations"] == [{"text": "engineer of the water board", "when": "2008-03-04"}]
    ed = edition_mod.load(tmp_path / "p" / "tei" / "forum-2008.yaml")
    roles = {item["id"]: item["role"] for item in ed.data["register"]["persons"]}
    assert roles == {"karaeva": "moderator", "osmonov": "speaker", "bekova": "participant"}


def test_init_takes_a_patronymic_from_the_turns(tmp_path):
    text = (FIXTURES / "forum-2008.md").read_text(encoding="utf-8").replace(
        "Thank you, Aida.", "Thank you, Aida Bekovna.")
    transcript = tmp_path / "forum.md"
    transcript.write_text(text, encoding="utf-8")
    init(tmp_path / "p", transcript, **OPTIONS)
    karaeva = collection_mod.load(tmp_path / "p" / "tei" / "collection.yaml").register["karaeva"].data
    assert karaeva["patronymic"] == "Bekovna" and "Aida Bekovna" in karaeva["forms"]


def test_a_second_transcript_reuses_the_shared_entries_and_dates_the_new_post(project):
    coll = collection_mod.load(project / "tei" / "collection.yaml")
    assert [p.name for p in coll.edition_paths] == ["forum-2008.yaml", "forum-2009.yaml"]
    assert sorted(coll.register) == ["bekova", "karaeva", "osmonov"]  # nobody added twice
    bekova = coll.register["bekova"].data
    assert bekova["affiliations"] == [{"text": "economist", "when": "2008-03-04"},
                                      {"text": "adviser of the Ministry of Economy", "when": "2009-02-10"}]
    later = edition_mod.load(project / "tei" / "forum-2009.yaml")
    assert later.entities["bekova"].shared and later.entities["bekova"].name == "Gulnara Bekova"


def test_a_near_match_of_a_shared_name_is_a_variant_to_decide(project, tmp_path):
    text = (FIXTURES / "forum-2009.md").read_text(encoding="utf-8").replace(
        "Energy for the winter", "Water in spring").replace("February 10, 2009", "April 2, 2010").replace(
        "Moderator:** Aida Karaeva", "Moderator:** Aida Karayeva").replace("**Aida Karaeva:**", "**Aida Karayeva:**")
    transcript = tmp_path / "forum-2010.md"
    transcript.write_text(text, encoding="utf-8")
    started = init(project, transcript, **OPTIONS)
    assert any("Karayeva" in str(f) and "Karaeva" in str(f) and f.rule == "names-undecided-variant"
               for f in started.findings), started.findings
    code, output = run("init", project, "--transcript", transcript)  # already in the collection now
    assert code == 1 and "already" in output


def test_init_refuses_a_folder_of_another_project_and_writes_nothing(tmp_path):
    (tmp_path / "other.txt").write_text("not ours", encoding="utf-8")
    before = listing(tmp_path)
    with pytest.raises(OutputError, match="another project"):
        init(tmp_path, FIXTURES / "forum-2008.md", **OPTIONS)
    assert listing(tmp_path) == before


def test_init_refuses_a_file_that_is_not_a_transcript(tmp_path):
    bad = tmp_path / "notes.md"
    bad.write_text("Some notes\n\nwithout a front matter.\n", encoding="utf-8")
    code, output = run("init", tmp_path / "p", "--transcript", bad)
    assert code == 1, output
    assert str(bad) in output and "Traceback" not in output
    assert not (tmp_path / "p").exists()


def test_init_refuses_the_same_transcript_twice(project):
    before = listing(project)
    with pytest.raises(InputError, match="already"):
        init(project, FIXTURES / "forum-2008.md", **OPTIONS, edition_id="forum-again")
    assert listing(project) == before


def test_an_unknown_licence_is_a_usage_error(tmp_path):
    code, output = run("init", tmp_path / "p", "--transcript", FIXTURES / "forum-2008.md", "--licence", "GPL")
    assert code == 2 and "CC-BY-4.0" in output
    assert not (tmp_path / "p").exists()


# ----- the shared register: bad input, located -------------------------------------------------


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_shared_id_given_to_two_persons_is_an_error(project):
    data = project / "tei" / "collection.yaml"
    _edit(data, "- id: bekova", "- id: osmonov")
    with pytest.raises(InputError, match="'osmonov' is already used") as info:
        collection_mod.load(data)
    assert info.value.location.file == str(data) and info.value.location.line > 1


def test_an_edition_naming_a_shared_entry_that_does_not_exist_is_an_error(project):
    data = project / "tei" / "forum-2009.yaml"
    _edit(data, "- id: osmonov", "- id: osmanov")
    with pytest.raises(InputError, match="'osmanov' is not in the shared register") as info:
        edition_mod.load(data)
    assert info.value.location.line > 1


def test_an_own_entry_with_a_shared_id_is_an_error(project):
    data = project / "tei" / "forum-2009.yaml"
    _edit(data, "- id: osmonov\n", "- id: osmonov\n      name: Someone Else\n      forms: [Someone Else]\n")
    with pytest.raises(InputError, match="is the shared register's Timur Osmonov"):
        edition_mod.load(data)


def test_two_editions_with_the_same_id_are_an_error(project):
    _edit(project / "tei" / "forum-2009.yaml", "id: forum-2009", "id: forum-2008")
    coll = collection_mod.load(project / "tei" / "collection.yaml")
    with pytest.raises(InputError, match="already the id of"):
        load_all(coll)


def test_an_affiliation_ending_before_it_begins_is_an_error(project):
    data = project / "tei" / "collection.yaml"
    _edit(data, "when: '2008-03-04'", "from: '2008-03-04'\n          to: '2007-01-01'")
    with pytest.raises(InputError, match="'to' 2007-01-01 is before 'from' 2008-03-04"):
        collection_mod.load(data)


def test_overlapping_affiliations_are_an_error(project):
    data = project / "tei" / "collection.yaml"
    _edit(data, "when: '2008-03-04'", "from: '2008-01-01'")  # karaeva: open-ended, then 2009-02-10 too
    with pytest.raises(InputError, match="overlaps affiliation 0"):
        collection_mod.load(data)


def test_a_dated_affiliation_gives_the_post_at_the_event(project):
    data = project / "tei" / "collection.yaml"
    text = data.read_text(encoding="utf-8")
    text = text.replace("register:\n", "register:\n  organisations:\n    - id: board\n      name: The water board\n"
                        "      forms: [water board]\n", 1)
    data.write_text(text.replace("- text: engineer of the water board\n          when: '2008-03-04'",
                                 "- ref: board\n          from: '2008-01-01'\n          to: '2008-12-31'"),
                    encoding="utf-8")
    coll = collection_mod.load(data)
    first, second = load_all(coll)
    assert first.entities["osmonov"].affiliation_ref("2008-03-04") == "board"
    assert second.entities["osmonov"].affiliation_ref("2009-02-10") is None


def test_an_edition_data_file_not_listed_by_its_collection_is_an_error(project):
    stray = project / "tei" / "stray.yaml"
    stray.write_bytes((project / "tei" / "forum-2008.yaml").read_bytes())
    with pytest.raises(InputError, match="is not one of the editions"):
        edition_mod.load(stray)


# ----- the collection build --------------------------------------------------------------------


def test_the_collection_build_is_incremental_by_content(project):
    out = project / "dist"
    coll = collection_mod.load(project / "tei" / "collection.yaml")
    first = build_collection(coll, out, jobs=2)
    assert [o.status for o in first.outcomes] == ["built", "built"]
    state = json.loads((out / "forum-2008" / STATE_FILE).read_text(encoding="utf-8"))
    assert state["edition"] == "forum-2008" and len(state["inputs"]) == 64
    # a touched file is not a changed one
    (project / "tei" / "source" / "forum-2008.md").touch()
    again = build_collection(coll, out)
    assert [o.status for o in again.outcomes] == ["unchanged", "unchanged"]
    _edit(project / "tei" / "source" / "forum-2009.md", "Welcome back.", "Welcome back again.")
    third = build_collection(collection_mod.load(project / "tei" / "collection.yaml"), out)
    assert [o.status for o in third.outcomes] == ["unchanged", "built"]


@pytest.mark.parametrize("jobs", [2, 3])
def test_every_edition_is_built_once_by_this_process_and_its_workers(project, jobs):
    """``jobs`` processes build: ``jobs - 1`` workers prepare, this one renders and packages;
    each edition is built once and yields one outcome, and the outputs are those of a build in
    one process (every file: test_parallel_stages.py)."""
    from tei_roundtable.pipeline import _build_in_parallel, inputs_digest

    coll = collection_mod.load(project / "tei" / "collection.yaml")
    editions = load_all(coll)
    one, many = project / "one", project / f"many-{jobs}"
    build_collection(coll, one, jobs=1)
    many.mkdir()
    tasks = [(str(ed.path), str(coll.path), str(many), inputs_digest(ed)) for ed in editions]
    done = list(_build_in_parallel(tasks, jobs))
    assert sorted(key for key, _ in done) == sorted(str(ed.path) for ed in editions)
    assert [outcome.status for _, outcome in done] == ["built"] * len(editions)
    for ed in editions:
        tei = Path(ed.id) / "tei" / f"{ed.id}.xml"
        assert (many / tei).read_bytes() == (one / tei).read_bytes()


def test_the_collection_takes_each_editions_shard_while_its_tei_is_the_one_it_was_made_from(project):
    """Each edition's search shard is made with the edition (in its worker) and taken by the
    collection's pages while the hash beside it is that of the edition's TEI; else made again."""
    from tei_roundtable.pipeline import COLLECTION_STATE, SHARD_FILE, SHARD_STATE

    out = project / "dist"
    coll = collection_mod.load(project / "tei" / "collection.yaml")
    build_collection(coll, out)
    for ident in ("forum-2008", "forum-2009"):
        assert (out / ident / SHARD_FILE).read_bytes() == (out / "search" / f"{ident}.js").read_bytes()
    made = (out / "forum-2009" / SHARD_FILE).read_bytes()
    # taken as it is (this one says so), while the TEI is the one it names ...
    (out / "forum-2009" / SHARD_FILE).write_bytes(made.replace(b"reservoirs", b"taken-as-made"))
    (out / COLLECTION_STATE).unlink()  # the collection's outputs made again, the editions not
    assert [o.status for o in build_collection(coll, out).outcomes] == ["unchanged", "unchanged"]
    assert b"taken-as-made" in (out / "search" / "forum-2009.js").read_bytes()
    # ... and made again from the TEI when the hash is not the TEI's
    state = out / "forum-2009" / SHARD_STATE
    state.write_text('{"tei": "0000"}\n', encoding="utf-8")
    (out / COLLECTION_STATE).unlink()
    build_collection(coll, out)
    assert (out / "search" / "forum-2009.js").read_bytes() == made


def test_one_failing_edition_does_not_stop_the_others_and_keeps_its_old_outputs(project, monkeypatch):
    out = project / "dist"
    coll = collection_mod.load(project / "tei" / "collection.yaml")
    build_collection(coll, out)
    before = listing(out / "forum-2009")
    # a speaker label the register does not know: encoding fails, located
    _edit(project / "tei" / "source" / "forum-2009.md", "**Timur Osmonov:** The reservoirs", "**Timor Osmonov:** The reservoirs")
    _edit(project / "tei" / "source" / "forum-2008.md", "Good afternoon.", "Good afternoon to you.")
    monkeypatch.chdir(project)
    code, output = run("build", "--jobs", "2")
    assert code == 1, output
    assert "forum-2009.md" in output and "Timor Osmonov" in output
    assert "1 built, 0 unchanged, 1 failed" in output
    assert listing(out / "forum-2009") == before
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no half-written folder left


def test_build_of_one_edition_of_a_collection_with_edition(project, monkeypatch):
    monkeypatch.chdir(project)
    code, output = run("build", "--edition", "tei/forum-2009.yaml", "--out", "one")
    assert code == 0, output
    assert (project / "one" / "html" / "index.html").is_file()
    # the output's tei/ holds the shared register beside the edition data, so it checks as it is
    assert (project / "one" / "tei" / "collection.yaml").is_file()
    code, output = run("validate", "one/tei/forum-2009.xml")
    assert code == 0, output


def test_a_collection_entry_that_is_not_a_file_is_located(project):
    data = project / "tei" / "collection.yaml"
    _edit(data, "- forum-2009.yaml", "- missing.yaml")
    coll = collection_mod.load(data)
    with pytest.raises(InputError, match="'missing.yaml' does not exist"):
        load_all(coll)



def test_render_with_the_editors_own_stylesheets(tmp_path, monkeypatch):
    from tei_roundtable.resources import xslt_dir

    import shutil

    own = tmp_path / "my-xslt"
    shutil.copytree(xslt_dir(), own)
    css = own / "lib" / "edition.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* house style */ body { color: #102030; }\n", encoding="utf-8")
    tei = Path(__file__).resolve().parents[2] / "tei" / "ipp-roundtable-2007-11-15.xml"
    code, output = run("render", tei, "--out", tmp_path / "site", "--xslt", own)
    assert code == 0, output
    assert "house style" in (tmp_path / "site" / "html" / "index.html").read_text(encoding="utf-8")
    code, output = run("render", tei, "--out", tmp_path / "site2", "--xslt", tmp_path)
    assert code == 2 and "has no tei2html.xsl" in output


def test_a_new_edition_of_a_collection_takes_its_editors_contact_and_licence(tmp_path, monkeypatch):
    folder = tmp_path / "forum"
    init(folder, FIXTURES / "forum-2008.md", **OPTIONS)
    started = init(folder, FIXTURES / "forum-2009.md")  # no options: the collection's own
    assert not [item for item in started.todo if "editors" in item or "licence" in item or "contact" in item]
    later = edition_mod.load(folder / "tei" / "forum-2009.yaml")
    assert later.meta["editors"][0]["name"] == "Ann Lee" and later.meta["contact_email"] == "ann@example.org"
    monkeypatch.chdir(folder)
    code, output = run("build")
    assert code == 0, output


def test_the_collection_build_makes_the_collection_outputs_once(project, monkeypatch):
    monkeypatch.chdir(project)
    code, output = run("build")
    assert code == 0, output
    dist = project / "dist"
    names = (dist / "names.html").read_text(encoding="utf-8")
    # a person of both editions links into the turns of both
    assert "forum-2008/html/index.html#t" in names and "forum-2009/html/index.html#t" in names
    assert "forum-2008/html/index.html" in (dist / "index.html").read_text(encoding="utf-8")
    table = (dist / "forum-2008-collection-paragraphs.csv").read_text(encoding="utf-8")
    assert {line.split(",")[0] for line in table.splitlines()[1:]} == {"forum-2008", "forum-2009"}
    bag = next(dist.glob("*_v1.0.0.zip"))
    code, output = run("verify", bag)
    assert code == 0, output
    code, output = run("build")
    assert code == 0 and "the collection's outputs are current" in output


def test_no_collection_outputs_while_an_edition_fails(project, monkeypatch):
    _edit(project / "tei" / "source" / "forum-2009.md", "**Timur Osmonov:** The reservoirs", "**Timor Osmonov:** The reservoirs")
    monkeypatch.chdir(project)
    code, output = run("build")
    assert code == 1
    assert "made when every edition is built" in output
    assert not (project / "dist" / "index.html").exists()


def test_each_editions_warnings_are_heard_as_it_ends_and_not_kept(project, monkeypatch):
    """A thousand editions' warnings are not held to the end: ``on_done`` hears each edition's
    with it, the CLI prints them then, and the result keeps none."""
    stale = project / "tei" / "forum-2008.xml"
    stale.write_text("<TEI/>\n", encoding="utf-8")  # a committed TEI that is not what encode makes
    heard: list = []
    coll = collection_mod.load(project / "tei" / "collection.yaml")
    result = build_collection(coll, project / "api", jobs=2, on_done=heard.append)
    warnings = {o.edition_id: [e.text for e in o.events if e.warning] for o in heard}
    assert any("forum-2008.xml is stale" in text for text in warnings["forum-2008"])
    assert not any("is stale" in text for text in warnings["forum-2009"])
    assert [(o.status, o.events, o.error) for o in result.outcomes] == [("built", [], None)] * 2
    monkeypatch.chdir(project)
    code, output = run("build", "--jobs", "1", "--force")
    assert code == 0, output
    lines = output.splitlines()
    built, warned = lines.index("built     forum-2008"), next(i for i, l in enumerate(lines) if "is stale" in l)
    # printed after its edition ended, before the next one and before the summary
    assert built < warned < lines.index("built     forum-2009") < next(i for i, l in enumerate(lines) if l.startswith("edition "))
