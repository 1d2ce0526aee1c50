"""The clustering compares only the forms of a bucket (names._candidate_pairs): those buckets
must hold every pair of forms that linked() finds alike, or a variant would go unreported.
Checked against every pair of forms of the bundled transcript and of the planted fixture,
with and without their edition data, and on spellings made one and two edits apart."""

from __future__ import annotations

import pytest

from conftest import EDITION_DATA, SOURCE
from tei_roundtable.edition import load
from tei_roundtable.names import _candidate_pairs, collect, linked
from tei_roundtable.transcript import parse
from test_clustering import item

PLANTED = SOURCE.parents[2] / "tests" / "names" / "fixtures" / "planted.md"


def reps(items) -> dict:
    by_form: dict = {}
    for found in items:
        by_form.setdefault(found.token, []).append(found)
    return by_form


def alike_pairs(by_form) -> set[tuple[str, str]]:
    forms = sorted(by_form)
    return {(a, b) for i, a in enumerate(forms) for b in forms[i + 1:]
            if any(linked(x, y) for x in by_form[a] for y in by_form[b])}


@pytest.mark.parametrize("source, data", [(SOURCE, EDITION_DATA), (SOURCE, None),
                                          (PLANTED, PLANTED.with_suffix(".yaml")), (PLANTED, None)])
def test_buckets_hold_every_alike_pair_of_a_transcript(source, data):
    by_form = reps(collect(parse(source), load(data) if data else None))
    alike = alike_pairs(by_form)
    assert alike, "the transcript should have alike forms for this test to mean anything"
    assert alike <= set(_candidate_pairs(by_form))


def test_buckets_hold_spellings_one_and_two_edits_apart():
    words = ["Abdyldaev", "Abdylidaev", "Abdyldeav", "Abdlydaev", "Abydldaev", "Abdyldaeva", "Bdyldaev",
             "Kyrgyzstan", "Kirgizstan", "Kyrgysztan", "Uzbekov", "Uzakbaev", "Uzbekvo", "CAU", "C.A.U.", "cau"]
    by_form = {w: [item(w, role="surname", first="umarzak")] for w in words}
    by_form.update({w + "i": [item(w + "i")] for w in words})
    alike = alike_pairs(by_form)
    assert ("Abdyldaev", "Abdyldeav") in alike and ("Uzakbaev", "Uzbekov") in alike
    assert alike <= set(_candidate_pairs(by_form))


def test_the_deletions_are_every_string_left_by_deleting_up_to_depth_letters() -> None:
    """_deletions (by combinations) against the definition: deleting one letter at a time, depth times."""
    import random

    from tei_roundtable.names import _deletions

    def by_definition(key: str, depth: int) -> set[str]:
        found = frontier = {key}
        for _ in range(depth):
            frontier = {value[:i] + value[i + 1:] for value in frontier for i in range(len(value))}
            found = found | frontier
        return found

    rng = random.Random(5)
    for _ in range(3000):
        key = "".join(rng.choice("aabé") for _ in range(rng.randrange(0, 11)))
        for depth in range(4):
            assert _deletions(key, depth) == by_definition(key, depth), (key, depth)
