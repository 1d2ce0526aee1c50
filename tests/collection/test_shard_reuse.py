"""An edition's collection search shard is the index its own page was given: made once per build."""

from __future__ import annotations

from tei_roundtable import search
from tei_roundtable._collection_pages import edition_shard
from tei_roundtable._xml import parse_file
from tei_roundtable.pipeline import SHARD_FILE

from forum_project import EDITIONS, build_forum


def test_the_shard_reuses_the_pages_index_and_is_what_the_tei_makes(tmp_path, monkeypatch):
    calls = []
    original = search.build

    def counted(editions, *args, **kwargs):
        calls.append([ident for ident, _ in editions])
        return original(editions, *args, **kwargs)

    monkeypatch.setattr(search, "build", counted)
    dist, _ = build_forum(tmp_path / "forum")
    for ident in EDITIONS:
        assert calls.count([ident]) == 1, calls  # the page's index, not a second one for the shard
        tei = dist / ident / "tei" / f"{ident}.xml"
        assert (dist / ident / SHARD_FILE).read_bytes() == edition_shard(ident, parse_file(tei))
