"""The loader edition and collection data are read with (_yaml._Loader) gives every node the tag
PyYAML's safe loader gives it: its resolve is BaseResolver.resolve with less work per node."""

from __future__ import annotations

import yaml
from hypothesis import given, settings, strategies as st

from conftest import EDITION_DATA
from tei_roundtable import _yaml

COLLECTION_DATA = EDITION_DATA.parent / "collection.yaml"

# One scalar for each of SafeLoader's implicit resolvers (and near misses), each first character.
SCALARS = ["", "~", "null", "Null", "NULL", "nul", "yes", "Yes", "no", "NO", "on", "Off", "true", "False", "y", "n",
           "0", "-1", "+1", "1_000", "0b101", "0x1F", "0o17", "017", "1:20", "190:20:30", "1.5", "-1.5e3", ".5",
           ".inf", "-.Inf", "+.INF", ".nan", ".NaN", "2007-11-15", "2007-11-15 10:00:00", "2007-11-15T10:00:00Z",
           "2007-1-5", "<<", "=", "!", "&", "*", "text", "Text with spaces", "1 2", "-", "- x", "ok", "Tuesday",
           "1e3", "1.", "._", "0.0.1", "+", "+.", "t", "T", "FALSE", "fAlse", "O", "oN", "nan", "inf"]


def _tags(node: yaml.Node) -> list:
    if isinstance(node, yaml.MappingNode):
        return [node.tag, [(_tags(k), _tags(v)) for k, v in node.value]]
    if isinstance(node, yaml.SequenceNode):
        return [node.tag, [_tags(item) for item in node.value]]
    return [node.tag, node.value, node.style]


def _composed(loader_class, text: str) -> list:
    loader = loader_class(text)
    try:
        return _tags(loader.get_single_node())
    finally:
        loader.dispose()


def test_the_edition_and_collection_data_compose_as_the_safe_loader_composes_them():
    for path in (EDITION_DATA, COLLECTION_DATA):
        text = path.read_text(encoding="utf-8")
        assert _composed(_yaml._Loader, text) == _composed(_yaml._Base, text)


def test_every_kind_of_scalar_gets_the_safe_loaders_tag():
    for value in SCALARS:
        for kind in (yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode):
            for implicit in ((True, False), (False, True), (False, False)):
                assert _yaml._Loader("").resolve(kind, value, implicit) == \
                    yaml.SafeLoader("").resolve(kind, value, implicit), (value, kind, implicit)
    document = "\n".join(f"- {value}" if value and value not in "!&*" else f"- '{value}'" for value in SCALARS)
    document += "\n- [a, 1, ~]\n- {k: 2007-11-15}\n- 'yes'\n- \"1\"\n- !!str 1\n"
    assert _composed(_yaml._Loader, document) == _composed(_yaml._Base, document)


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12))
def test_any_text_gets_the_safe_loaders_tag(value):
    for implicit in ((True, False), (False, True)):
        assert _yaml._Loader("").resolve(yaml.ScalarNode, value, implicit) == \
            yaml.SafeLoader("").resolve(yaml.ScalarNode, value, implicit)
