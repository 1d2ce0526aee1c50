"""What callers of names.Item and names.Occurrence rely on: built by position and keyword with
the same defaults, immutable, equal and hashed by their fields, printed with their fields' names."""

import pytest

from tei_roundtable.names import Item, Occurrence


def test_built_with_defaults() -> None:
    occurrence = Occurrence("Nazarbaev", 12, 3, "text")
    item = Item("Nazarbaev", "surname", occurrence, first="nursultan")
    assert (item.token, item.role, item.occurrence.line, item.occurrence.column) == ("Nazarbaev", "surname", 12, 3)
    assert (item.first, item.surname, item.ref, item.strength) == ("nursultan", None, None, "name")


def test_immutable() -> None:
    item = Item("Union", "word", Occurrence("Union", 1, 1, "text"))
    with pytest.raises(AttributeError):
        item.token = "Unoin"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        item.occurrence.line = 2  # type: ignore[misc]


def test_equal_and_hashed_by_fields() -> None:
    a = Item("Union", "word", Occurrence("Union", 1, 1, "text"), strength="common")
    b = Item("Union", "word", Occurrence("Union", 1, 1, "text"), strength="common")
    c = Item("Union", "word", Occurrence("Union", 1, 2, "text"), strength="common")
    assert a == b and hash(a) == hash(b) and len({a, b, c}) == 2
    assert a != c and a != Item("Union", "word", Occurrence("Union", 1, 1, "text"))


def test_printed_with_field_names() -> None:
    assert repr(Occurrence("Union", 1, 2, "text")) == "Occurrence(form='Union', line=1, column=2, where='text')"
