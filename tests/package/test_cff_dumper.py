"""CITATION.cff is written by PyYAML's safe dumper on libyaml's emitter where PyYAML has it: the
same bytes as its Python emitter, for the bundled edition and for random titles, names and
keywords of the characters such values hold (letters, accents, quotation marks, punctuation)."""

from __future__ import annotations

import random

import pytest
import yaml

from conftest import EDITION_DATA, EDITION_TEI
from tei_roundtable import edition as edition_mod
from tei_roundtable import metadata

OPTIONS = {"sort_keys": False, "allow_unicode": True, "width": 100, "default_flow_style": False}
# Word and non-word characters of titles and names, and those YAML quotes or escapes.
LETTERS = "abcdefgh ijk lmn ,.;:!?()-–'\"“”‘’«»é漢ĳ#&*@%`[]{}|>"


def _python_emitter(data: dict) -> str:
    return yaml.dump(data, Dumper=yaml.SafeDumper, **OPTIONS)


def test_the_dumper_is_libyamls_where_pyyaml_has_it():
    assert metadata._CFF_DUMPER is (yaml.CSafeDumper if yaml.__with_libyaml__ else yaml.SafeDumper)


def test_the_bundled_citation_is_what_the_python_emitter_writes():
    data = metadata.citation(metadata.record(EDITION_TEI, edition_mod.load(EDITION_DATA)))
    assert metadata.dump_cff(data).decode("utf-8").endswith(_python_emitter(data))


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml: the Python emitter writes it")
def test_random_values_are_written_as_the_python_emitter_writes_them():
    draw = random.Random(14)  # the same cases every run
    for _ in range(2000):
        def value(longest: int) -> str:
            return "".join(draw.choice(LETTERS) for _ in range(draw.randint(1, longest)))

        data = {"cff-version": "1.2.0", "title": value(300), "authors": [{"family-names": value(30)}],
                "keywords": [value(20) for _ in range(draw.randint(0, 3))], "abstract": value(600)}
        assert yaml.dump(data, Dumper=metadata._CFF_DUMPER, **OPTIONS) == _python_emitter(data), data
