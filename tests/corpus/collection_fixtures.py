"""A collection of the three invented editions in fixtures/, which share people (the same register
ids: karaeva moderates two and is named in the third, osmonov speaks in two, bekova speaks in one
and moderates another), built as a collection build lays it out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tei_roundtable import corpus, edition, pipeline
from tei_roundtable.collection import CollectionMeta

FIXTURES = Path(__file__).resolve().parent / "fixtures"
EDITION_IDS = ("water-2009", "borders-2010", "trade-2011")

COLLECTION = {
    "id": "civic-forum-series",
    "title": "Round-tables of the Civic Forum",
    "publisher": "tei-roundtable editors",
    "editors": [{"id": "testers", "name": "tei-roundtable test editors", "type": "organisation",
                 "roles": ["encoding"]}],
    "licence": {"id": "CC0-1.0", "url": "https://creativecommons.org/publicdomain/zero/1.0/",
                "text": "No rights reserved."},
    "version": "1.0.0",
    "date": "2026-02-01",
    "contact_email": "editors@example.org",
    "description": "Invented round-tables of the tests, held by the Civic Forum from 2009 to 2011.",
}


def collection_meta(**changes) -> CollectionMeta:
    return CollectionMeta.from_data({**COLLECTION, **changes})


@dataclass(frozen=True)
class Built:
    out: Path
    teis: list[Path]
    files: list[Path]

    def read(self, relative: str) -> bytes:
        return (self.out / relative).read_bytes()


def build_editions(out: Path, ids=EDITION_IDS) -> list[Path]:
    """Each edition built by the pipeline into out/<edition-id>/, as a collection build does."""
    return [pipeline.build(edition.load(FIXTURES / f"{ident}.yaml"), out / ident).tei for ident in ids]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    out = tmp_path_factory.mktemp("collection")
    teis = build_editions(out)
    return Built(out, teis, corpus.build_collection(collection_meta(), teis, out))
