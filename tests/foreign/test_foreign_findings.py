"""The project's findings on TEI from elsewhere are right: labels compared without case and
punctuation, a personGrp is a speaker, messages say what is missing instead of inventing it."""

from __future__ import annotations

from foreign_helpers import PLAY, SESSION
from tei_roundtable import validate


def _findings(path):
    return list(validate.iter_findings(path))


def test_a_label_in_capitals_with_a_full_stop_names_its_speaker() -> None:
    labels = [f for f in _findings(PLAY) if f.rule == "speaker-label"]
    # DUNCAN. is Duncan, FIRST WITCH. is First Witch; only the group's label lacks its name.
    assert [f.message for f in labels] == [
        "turn number 3: the speaker label 'ALL.' does not contain 'Witches' (case and punctuation aside), "
        "the name of 'witches' that @who points to"]


def test_a_group_is_a_participant() -> None:
    assert [f for f in _findings(PLAY) if f.rule == "who-participant"] == []


def test_messages_say_an_attribute_is_missing_rather_than_invent_a_value() -> None:
    findings = _findings(PLAY)
    messages = [f.message for f in findings if f.rule in ("turn-n", "turn-id")]
    assert "turn number 1 (no xml:id) has no @n but is the first turn (@n=\"1\"); turns are numbered 1, 2, 3… in order" \
        in messages
    assert "turn number 2 (no xml:id) has no @n but follows a turn without @n; turns are numbered 1, 2, 3… in order" \
        in messages
    assert "turn number 1, which has no xml:id, must be 't' followed by the turn's @n, and the turn has no @n" \
        in messages
    for finding in findings + _findings(SESSION):
        assert "(none)" not in finding.message and '=""' not in finding.message and "''" not in finding.message, finding
