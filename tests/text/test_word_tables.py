"""The word tables (``_words``) answer as pyspellchecker and lemminflect do, and their cache
(``_cache``) is used only when sound: a damaged, foreign or misshapen file is rebuilt, not trusted."""

from __future__ import annotations

import bisect
import marshal
import os
import random
from functools import lru_cache
from pathlib import Path

import lemminflect
import pytest
from lemminflect import config as lemminflect_config
from lemminflect.codecs.LemmaLUCodec import LemmaLUCodec
from lemminflect.codecs.OverridesCodec import OverridesCodec
from spellchecker import SpellChecker

from conftest import REPO
from tei_roundtable import _cache, _textrules, _words

COMMON = _textrules._COMMONER
FIXTURES = sorted([*REPO.glob("tests/text/**/*.md"), *REPO.glob("tests/names/**/*.md"), *REPO.glob("tei/source/*.md")])
# Strings pyspellchecker treats specially (numbers, punctuation, "nan", overlong) and other cases.
ODD = ["nan", "NaN", "inf", "Infinity", "1.5", "1e3", "42", "'", "-", ".", "a", "I", "x" * 60, "Ärger", "naïve",
       "ÉTÉ", "straße", "ﬁne", "o'clock", "Centra", "CENTRAL", "",
       # NUL (and the next character) in a word: common_neighbours must glue its edits with another separator
       "cen\0tra", "\0\x01"]


@lru_cache(maxsize=1)
def _library() -> SpellChecker:
    return SpellChecker(language="en", case_sensitive=False, distance=1)


@lru_cache(maxsize=1)
def _fixture_words() -> list[str]:
    words = set()
    for path in FIXTURES:
        text = path.read_text(encoding="utf-8")
        for match in _textrules.WORD.finditer(text):
            words.update((match[0], match[0].casefold()))
    return sorted(words)


def _misspellings(words: list[str], rng: random.Random) -> list[str]:
    """One random edit of each word: unknown strings, for the candidates."""
    found = []
    for word in words:
        i = rng.randrange(len(word))
        found.append(word[:i] + rng.choice("abcdefghijklmnopqrstuvwxyzé'") + word[i + 1:])
    return found


@lru_cache(maxsize=1)
def _sample() -> list[str]:
    rng = random.Random(14)
    listed = rng.sample(sorted(_library().word_frequency.dictionary), 400)
    return _fixture_words() + ODD + listed + _misspellings(listed, rng)


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch) -> Path:
    """An empty cache folder of this test's own; the tables of this process are forgotten."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    _words.spelling.cache_clear()
    _words.parts_of_speech.cache_clear()
    yield tmp_path / "cache" / "tei-roundtable"
    _words.spelling.cache_clear()
    _words.parts_of_speech.cache_clear()


# ----- the tables equal the libraries ------------------------------------------------------------
def test_every_word_count_of_the_table_is_pyspellcheckers():
    table, library = _words.spelling(COMMON), _library().word_frequency
    assert all(table[w] == count for w, count in library.dictionary.items())
    assert (table.letters, table.longest_word_length, table.total_words) == (
        library.letters, library.longest_word_length, library.total_words)
    assert table.common == {w: c for w, c in library.dictionary.items() if c >= COMMON}


def test_the_tables_answer_as_pyspellchecker_for_the_fixtures_and_a_sample():
    table, library = _words.spelling(COMMON), _library()
    words = _sample()
    assert len(words) > 2500
    for word in words:
        assert table[word] == library.word_frequency[word], word
        assert (word in table) == (word in library), word
        assert table.known([word]) == library.known([word]), word
        assert table.edit_distance_1(word) == library.edit_distance_1(word), word
        assert table.common_neighbours(word) == library.edit_distance_1(word) & table.common.keys(), word
        assert table.is_known(word) == bool(library.known([word])), word
        assert table.is_common(word) == (bool(library.known([word])) and library.word_frequency[word] >= COMMON), word
        assert table.candidates(word) == library.candidates(word), word
        if word and word in library:
            assert table.word_usage_frequency(word) == library.word_usage_frequency(word), word
    assert table.known(words) == library.known(words)


def test_every_word_of_lemminflect_has_the_parts_of_speech_getAllLemmas_gives():
    parts = _words.parts_of_speech()
    listed = LemmaLUCodec.load(lemminflect_config.lemma_lu_fn).keys() | OverridesCodec.load(
        lemminflect_config.lemma_overrides_fn).keys()
    assert len(listed) > 70000
    for word in [*listed, *_sample()]:
        assert parts(word) == frozenset(lemminflect.getAllLemmas(word)), word
    for word in _fixture_words() + ODD:
        assert _textrules.parts_of_speech(word) == frozenset(lemminflect.getAllLemmas(word.casefold())), word


def test_the_key_names_the_data_files_the_libraries_load():
    """The cache is keyed by the files the libraries read: lemminflect's default tables, pyspellchecker's list."""
    folder = Path(lemminflect.__file__).parent
    assert [folder / name for name in _words._PARTS_DATA[2]] == [
        Path(lemminflect_config.lemma_lu_fn), Path(lemminflect_config.lemma_overrides_fn)]
    import spellchecker

    assert (Path(spellchecker.__file__).parent / _words._SPELLING_DATA[2][0]).is_file()
    key = _words._key(_words._PARTS_DATA, _words._PARTS_FORMAT)
    assert key["version"] == lemminflect.__version__
    assert key["data"]["resources/lemma_lu.csv.gz"] == _cache.file_digest(lemminflect_config.lemma_lu_fn)


# ----- the cache ---------------------------------------------------------------------------------
def _files(folder: Path) -> dict[str, Path]:
    return {p.name.split("-")[1]: p for p in folder.glob("english-*.marshal")}


def test_the_first_run_writes_the_tables_and_the_next_reads_them(fresh_cache, monkeypatch):
    assert _words.spelling(COMMON)["centra"] == 50 and _words.parts_of_speech()("question") == {"NOUN", "VERB"}
    files = _files(fresh_cache)
    assert set(files) == {"spelling", "parts"}
    assert all(stat.st_mode & 0o777 == 0o600 for stat in (p.stat() for p in files.values()))

    def no_library():
        raise AssertionError("the libraries were asked although the cache holds the tables")

    monkeypatch.setattr(_words, "_build_parts", no_library)
    monkeypatch.setattr(_words, "_build_spelling", lambda minimum: no_library())
    _words.spelling.cache_clear(), _words.parts_of_speech.cache_clear()
    assert _words.spelling(COMMON)["centra"] == 50 and _words.parts_of_speech()("question") == {"NOUN", "VERB"}


def _rebuilt(fresh_cache: Path, damage, monkeypatch, *, sound_after: bool = True) -> None:
    """Damage the spelling cache with ``damage(path)``; a new process's tables are rebuilt from the
    library (which is asked) and answer as it does, and the file is sound again."""
    _words.spelling(COMMON)
    path = _files(fresh_cache)["spelling"]
    damage(path)
    asked = []
    build = _words._build_spelling
    monkeypatch.setattr(_words, "_build_spelling", lambda minimum: asked.append(minimum) or build(minimum))
    _words.spelling.cache_clear()
    table = _words.spelling(COMMON)
    assert [table[w] for w in ("centra", "central", "qzxv")] == [50, _library().word_frequency["central"], 0]
    assert table.candidates("centrl") == _library().candidates("centrl")
    assert asked == [COMMON]
    if sound_after:
        key = _words._key(_words._SPELLING_DATA, _words._SPELLING_FORMAT, common_minimum=COMMON)
        assert _words._valid_spelling(_cache.read(path, key))


def _flip_a_byte(path: Path) -> None:
    content = bytearray(path.read_bytes())
    content[len(content) // 2] ^= 0x01
    path.write_bytes(bytes(content))


def _misshapen(path: Path) -> None:
    """A sound file (digest, header, key) of the wrong shape: the counts have fewer chunks than first words."""
    key = _words._key(_words._SPELLING_DATA, _words._SPELLING_FORMAT, common_minimum=COMMON)
    data = _cache.read(path, key)
    data["counts"] = (data["counts"][0], data["counts"][1][:10])
    assert _cache.write(path, key, data)


def _bad_chunk(path: Path) -> None:
    """A sound file of the right shape whose chunk of "centra" holds no counts."""
    key = _words._key(_words._SPELLING_DATA, _words._SPELLING_FORMAT, common_minimum=COMMON)
    data = _cache.read(path, key)
    data["counts"][1][bisect.bisect_right(data["counts"][0], "centra") - 1] = marshal.dumps({"centra": "many"})
    assert _cache.write(path, key, data)


@pytest.mark.parametrize("damage", [_flip_a_byte, lambda p: p.write_bytes(p.read_bytes()[:1000]),
                                    lambda p: p.write_bytes(b""), _misshapen, _bad_chunk],
                         ids=["a flipped byte", "truncated", "empty", "misshapen", "a chunk of strings"])
def test_a_damaged_cache_is_rebuilt_not_trusted(fresh_cache, monkeypatch, damage):
    _rebuilt(fresh_cache, damage, monkeypatch)


def test_a_cache_of_other_data_is_another_file(fresh_cache):
    key = _words._key(_words._SPELLING_DATA, _words._SPELLING_FORMAT, common_minimum=COMMON)
    other = {**key, "version": key["version"] + ".post1"}
    assert _cache.path_for("english-spelling", key) != _cache.path_for("english-spelling", other)
    assert _cache.write(_cache.path_for("english-spelling", key), other, {"x": 1})
    assert _cache.read(_cache.path_for("english-spelling", key), key) is None  # a file of another key


def test_a_link_in_the_cache_folder_is_not_followed(fresh_cache, tmp_path, monkeypatch):
    _words.spelling(COMMON)
    path = _files(fresh_cache)["spelling"]
    elsewhere = tmp_path / "elsewhere.marshal"
    os.replace(path, elsewhere)  # a sound file, but reached through a link
    path.symlink_to(elsewhere)
    before = elsewhere.read_bytes()
    _rebuilt(fresh_cache, lambda p: None, monkeypatch)
    assert not path.is_symlink() and path.is_file()  # the link was replaced, its target left alone
    assert elsewhere.read_bytes() == before


def test_a_fifo_in_the_cache_folder_is_not_waited_on(fresh_cache, monkeypatch):
    _words.spelling(COMMON)
    path = _files(fresh_cache)["spelling"]
    path.unlink()
    os.mkfifo(path)
    _rebuilt(fresh_cache, lambda p: None, monkeypatch)
    assert path.is_file()


def test_a_file_of_another_owner_is_not_read(fresh_cache, monkeypatch):
    _words.spelling(COMMON)
    monkeypatch.setattr(os, "getuid", lambda: os.stat(fresh_cache).st_uid + 1)
    _rebuilt(fresh_cache, lambda p: None, monkeypatch, sound_after=False)


def test_without_a_writable_cache_folder_the_tables_come_from_the_libraries(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # the cache folder would be inside a file
    _words.spelling.cache_clear(), _words.parts_of_speech.cache_clear()
    try:
        assert _words.spelling(COMMON)["centra"] == 50 and _words.parts_of_speech()("question") == {"NOUN", "VERB"}
    finally:
        _words.spelling.cache_clear(), _words.parts_of_speech.cache_clear()
    assert blocker.read_text() == "not a folder"


def test_the_cache_folder_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert _cache.folder() == tmp_path / "tei-roundtable"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for value in ("relative/cache", ""):  # a relative XDG_CACHE_HOME is ignored, as the specification says
        monkeypatch.setenv("XDG_CACHE_HOME", value)
        assert _cache.folder() == tmp_path / "home" / ".cache" / "tei-roundtable"


def test_check_text_reports_the_same_from_the_libraries_a_new_cache_and_a_read_one(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from tei_roundtable import cli

    blocker = tmp_path / "a-file"
    blocker.write_text("")
    args = [["check-text", "-e", str(REPO / "tests/text/fixtures/planted.yaml")],
            ["check-text", str(REPO / "tei/source/ipp-roundtable-2007-11-15.md")]]
    outputs = []
    for cache in (blocker, tmp_path / "cache", tmp_path / "cache"):  # no cache folder; written; read
        monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
        _words.spelling.cache_clear(), _words.parts_of_speech.cache_clear(), _textrules.parts_of_speech.cache_clear()
        outputs.append([(r.exit_code, r.stdout) for r in (CliRunner().invoke(cli.main, a) for a in args)])
    _words.spelling.cache_clear(), _words.parts_of_speech.cache_clear(), _textrules.parts_of_speech.cache_clear()
    assert outputs[0] == outputs[1] == outputs[2]
    assert "did you mean" in outputs[0][1][1] and "rare word" in outputs[0][1][1]
