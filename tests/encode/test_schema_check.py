"""The fast schema check (jsonschema-rs first, jsonschema for the errors) never lets through what
jsonschema refuses: the bundled edition data, collection data and DataCite JSON, each changed at a
random place (a value replaced, a key removed or added, a string edited around the schemas'
patterns and formats), are refused by jsonschema-rs whenever jsonschema finds an error."""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tei_roundtable import collection, edition, metadata
from tei_roundtable._io import read_text
from tei_roundtable._yaml import parse_yaml

from conftest import COLLECTION_DATA, EDITION_DATA, EDITION_TEI

# Characters around which the schemas' patterns and formats (and Python's and Rust's regular
# expressions) differ: kinds of space and newline, digits of other scripts, separators.
TRICKY = " \t\n\r\u00a0\u2028\u2029\ufeff\u0085\u3000\u0663\uff11@/\\.-_:#Xxq0129"
TEXT = st.text(alphabet=st.sampled_from(TRICKY) | st.characters(codec="utf-8", exclude_categories=("Cs",)),
               max_size=12)
SPECIAL = st.sampled_from(["", " ", "\n", "2007-11-15", "2007-11-15\n", "2007-02-30", "2007-1-5", "Q42", "Q42\n",
                           "Q", "0000-0002-1825-0097", "0000-0002-1825-009X\n", "10.1234/x", "10.1234/ x",
                           "https://x.org/", "https://x.org", "a@b", "a@b\n", "a b@c", "1.0.0", "1.0.0\n", "x.yaml",
                           "/x.yaml", "en", "en-GB", "EN", "all", "t1", "p", "sp", "-1", "0"])
SCALARS = st.none() | st.booleans() | st.integers(-3, 2**40) | st.floats(allow_nan=False, allow_infinity=False) \
    | TEXT | SPECIAL
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT | SPECIAL, inner, max_size=3),
                      max_leaves=6)


def _places(node, found):
    """Every (container, key) of the document, depth first."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in items:
        found.append((node, key))
        _places(child, found)
    return found


def _datacite() -> dict:
    ed = edition.load(EDITION_DATA)
    return metadata.datacite_json(metadata.record(EDITION_TEI, ed))


DOCUMENTS = {
    "edition data": (lambda: parse_yaml(read_text(EDITION_DATA), EDITION_DATA)[0], edition._check),
    "collection data": (lambda: parse_yaml(read_text(COLLECTION_DATA), COLLECTION_DATA)[0], collection._validator),
    "DataCite JSON": (_datacite, metadata._datacite_check),
}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_documents_as_they_are_take_the_fast_way(name):
    load, check = DOCUMENTS[name]
    document = load()
    assert check().passes(document) and not list(check().full.iter_errors(document))


@pytest.mark.parametrize("name", DOCUMENTS)
@settings(max_examples=250, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(draw=st.data())
def test_what_jsonschema_refuses_jsonschema_rs_refuses(name, draw):
    load, check = DOCUMENTS[name]
    document = copy.deepcopy(_ORIGINALS[name])
    container, key = draw.draw(st.sampled_from(_places(document, [])))
    old = container[key]
    how = draw.draw(st.sampled_from(["replace", "remove", "add", "edit"] if isinstance(old, str) else
                                    ["replace", "remove", "add"]))
    if how == "replace":
        container[key] = draw.draw(VALUES)
    elif how == "remove":
        del container[key]
    elif how == "add":
        if isinstance(container, dict):
            container[draw.draw(TEXT | SPECIAL)] = draw.draw(VALUES)
        else:
            container.insert(key, draw.draw(VALUES))
    else:  # a character put in, taken out or changed, where patterns are most likely to differ
        at = draw.draw(st.integers(0, len(old)))
        cut = draw.draw(st.integers(0, 1))
        container[key] = old[:at] + draw.draw(st.sampled_from(TRICKY) | st.just("")) + old[at + cut:]
    errors = list(check().full.iter_errors(document))
    if errors:
        assert not check().passes(document), f"jsonschema-rs let through: {errors[0].message}"


def test_values_json_has_no_word_for_go_to_jsonschema():
    check = edition._check()
    for value in (b"bytes", {1, 2}, float("nan")):
        assert check.passes(value) is False
        assert list(check.iter_errors(value)), "jsonschema names the error"


_ORIGINALS = {name: load() for name, (load, _) in DOCUMENTS.items()}
