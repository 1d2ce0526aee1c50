"""Property tests: the reader, encoder, validator and verify take any variant of a real input with
a result or a clean error, never a traceback; an encoding that succeeds validates.

Bounded for CI (a few dozen examples each, derandomised so that a run is repeatable);
``benchmarks/fuzz.py`` runs the same mutations for as long as wanted.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import EDITION_DATA, EDITION_TEI
from mutations import (
    PIECES, XML_PIECES, SEMINAR, encode_and_validate, mutate_bytes, mutate_text, mutate_zip, read_transcript,
    seminar_folder, validate_tei, verify_archive,
)

FAST = settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
TRANSCRIPT = (SEMINAR / "seminar.md").read_bytes()
EDITION = (SEMINAR / "seminar.yaml").read_bytes()


@pytest.fixture(scope="module")
def seminar_tei(tmp_path_factory) -> bytes:
    from tei_roundtable.encode import encode

    folder = tmp_path_factory.mktemp("seminar")
    seminar_folder(folder)
    return encode(folder / "seminar.md", folder / "seminar.yaml")


@pytest.fixture(scope="module")
def package_zip(tmp_path_factory) -> tuple[str, bytes]:
    from tei_roundtable.package import package
    from tei_roundtable.render import render

    work = tmp_path_factory.mktemp("fuzz-package")
    render(EDITION_TEI, work / "dist")
    made = package(EDITION_DATA, work / "dist", work / "out")
    return made.archives[0].name, made.archives[0].read_bytes()


@FAST
@given(st.randoms(use_true_random=False))
def test_the_reader_takes_any_transcript(rng):
    with tempfile.TemporaryDirectory() as work:
        outcome = read_transcript(Path(work), mutate_text(rng, TRANSCRIPT))
    assert outcome.kind in ("ok", "clean error")


@FAST
@given(st.randoms(use_true_random=False), st.booleans())
def test_an_encoding_that_succeeds_validates(rng, edit_edition):
    transcript = mutate_text(rng, TRANSCRIPT)
    edition = mutate_text(rng, EDITION, rounds=1) if edit_edition else None
    with tempfile.TemporaryDirectory() as work:
        outcome = encode_and_validate(Path(work), transcript, edition)
    assert outcome.kind in ("ok", "clean error"), outcome.detail


@FAST
@given(st.randoms(use_true_random=False), st.booleans())
def test_the_validator_takes_any_document(seminar_tei, rng, as_bytes):
    data = mutate_bytes(rng, seminar_tei) if as_bytes else mutate_text(rng, seminar_tei, XML_PIECES + PIECES)
    with tempfile.TemporaryDirectory() as work:
        seminar_folder(Path(work))
        outcome = validate_tei(Path(work), data)
    assert outcome.kind in ("ok", "clean error")


@SLOW
@given(st.randoms(use_true_random=False))
def test_verify_takes_any_archive_and_passes_only_the_unchanged_bag(package_zip, rng):
    name, data = package_zip
    with tempfile.TemporaryDirectory() as work:
        outcome = verify_archive(Path(work), mutate_zip(rng, data), name, data)
    assert outcome.kind in ("ok", "clean error"), outcome.detail
