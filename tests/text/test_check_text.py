"""check-text: rule cases, a transcript with planted problems, a clean control, decisions and
dismissals deciding findings (and coming undone when removed), the validate layer, the README's
precision table."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import EDITION_DATA, EDITION_TEI, REPO, SOURCE
from tei_roundtable import textcheck, validate
from tei_roundtable.cli import main
from tei_roundtable.errors import CheckFailed, InputError
from tei_roundtable.findings import WARNING

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
PLANTED = FIXTURES / "planted.md"
PLANTED_DATA = FIXTURES / "planted.yaml"
CLEAN = FIXTURES / "clean.md"
RULE_CASES = sorted(p.name for p in (HERE / "rules").iterdir())

# (rule, words as printed) of every problem planted in planted.md; the line is found in the file.
PLANTED_PROBLEMS = [
    ("text-figures", "tenth anniversary"),
    ("text-figures", "12 million"),
    ("text-figures", "14 million"),
    ("text-punctuation", "these, roads"),
    ("text-punctuation", "the the"),
    ("text-punctuation", "(as it promised."),
    ("text-punctuation", "“old market are"),
    ("text-punctuation", "all ,"),
    ("text-terms", "custom union"),
    ("text-sentence", "and for the."),
    ("text-sentence", "question not simple"),
    ("text-roles", "ambassador Osmonov"),
    ("text-spelling", "Comerce"),
]


def line_of(path: Path, words: str) -> tuple[int, int]:
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if words in line:
            return number, line.index(words) + 1
    raise AssertionError(words)


def edition_copy(tmp_path: Path, data: Path = PLANTED_DATA, source: Path = PLANTED) -> tuple[Path, dict]:
    shutil.copy(source, tmp_path / source.name)
    target = tmp_path / data.name
    shutil.copy(data, target)
    return target, yaml.safe_load(data.read_text(encoding="utf-8"))


def write(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# ----- one folder per rule ------------------------------------------------------------------------
@pytest.mark.parametrize("rule", RULE_CASES)
def test_rule_case_fails_with_its_rule_only(rule: str) -> None:
    findings = list(textcheck.iter_findings(HERE / "rules" / rule / "fail.md"))
    assert findings, f"{rule}/fail.md has no finding"
    assert {f.rule for f in findings} == {rule}
    assert all(f.severity == WARNING and f.line == 15 and f.column > 1 and f.hint for f in findings)


@pytest.mark.parametrize("rule", RULE_CASES)
def test_rule_case_passes(rule: str) -> None:
    assert list(textcheck.iter_findings(HERE / "rules" / rule / "pass.md")) == []


def test_every_rule_has_its_case() -> None:
    assert RULE_CASES == sorted(textcheck.RULES)


# ----- planted problems and a clean control -----------------------------------------------------
def test_each_planted_problem_is_found_on_its_line_and_column() -> None:
    found = {(f.candidate.rule, f.words): (f.line, f.column) for f in textcheck.review(PLANTED)}
    for rule, words in PLANTED_PROBLEMS:
        assert (rule, words) in found, (rule, words)
        assert found[(rule, words)] == line_of(PLANTED, words), (rule, words)


def test_register_variant_is_a_terms_finding_with_the_edition_data() -> None:
    found = {(f.candidate.rule, f.words): f.line for f in textcheck.review(PLANTED, PLANTED_DATA)}
    assert found[("text-terms", "Chamber-of-Commerce")] == line_of(PLANTED, "Chamber-of-Commerce")[0]


def test_messages_name_the_words_and_hint_at_a_decision() -> None:
    finding = next(f for f in textcheck.iter_findings(PLANTED) if f.rule == "text-spelling" and "Comerce" in f.message)
    assert str(finding) == (
        f"{PLANTED}:{line_of(PLANTED, 'Comerce')[0]}:{line_of(PLANTED, 'Comerce')[1]}: warning [text-spelling] "
        "'Comerce' is in no English dictionary, no form of the register and no lexicon"
    )
    assert "'commerce'" in finding.hint


def test_the_planted_edition_decides_every_finding() -> None:
    assert list(textcheck.iter_findings(PLANTED, PLANTED_DATA)) == []
    assert textcheck.is_valid(PLANTED, PLANTED_DATA)


def test_clean_control_text_has_no_finding() -> None:
    assert list(textcheck.iter_findings(CLEAN)) == []


# ----- decisions and dismissals -----------------------------------------------------------------
@pytest.mark.parametrize("ident, rule", [("these-roads", "text-punctuation"), ("verb", "text-sentence"),
                                         ("breaks-off", "text-sentence"), ("hyphens", "text-terms"),
                                         ("role", "text-roles"), ("anniversary", "text-figures")])
def test_removing_a_decision_brings_its_finding_back(tmp_path: Path, ident: str, rule: str) -> None:
    target, data = edition_copy(tmp_path)
    decision = next(d for d in data["decisions"] if d["id"] == ident)
    data["decisions"].remove(decision)
    findings = list(textcheck.iter_findings(tmp_path / PLANTED.name, write(target, data)))
    assert [(f.rule, f.line) for f in findings] == [(rule, decision["where"][0])]


def test_a_decision_elsewhere_does_not_decide(tmp_path: Path) -> None:
    target, data = edition_copy(tmp_path)
    decision = next(d for d in data["decisions"] if d["id"] == "verb")
    decision["where"] = [decision["where"][0] + 2]  # a line without the words
    findings = list(textcheck.iter_findings(tmp_path / PLANTED.name, write(target, data)))
    assert [f.rule for f in findings] == ["text-sentence"]


def test_removing_a_dismissal_brings_its_finding_back(tmp_path: Path) -> None:
    target, data = edition_copy(tmp_path)
    dismissal = data["dismissals"].pop(2)
    findings = list(textcheck.iter_findings(tmp_path / PLANTED.name, write(target, data)))
    assert [(f.rule, f.line) for f in findings] == [(dismissal["rule"], dismissal["line"])]


def test_a_dismissal_of_another_rule_does_not_decide(tmp_path: Path) -> None:
    target, data = edition_copy(tmp_path)
    data["dismissals"][2]["rule"] = "text-terms"
    findings = list(textcheck.iter_findings(tmp_path / PLANTED.name, write(target, data)))
    rules = sorted(f.rule for f in findings)
    assert rules == ["text-dismissal", "text-punctuation"]


def test_a_stale_dismissal_is_reported_at_its_line_of_the_edition_data(tmp_path: Path) -> None:
    target, data = edition_copy(tmp_path)
    data["dismissals"].append({"rule": "text-spelling", "line": 20, "text": "Welcome", "reason": "No such finding."})
    write(target, data)
    findings = list(textcheck.iter_findings(tmp_path / PLANTED.name, target))
    assert [f.rule for f in findings] == [textcheck.STALE]
    lines = target.read_text(encoding="utf-8").split("\n")
    assert findings[0].file == str(target)
    assert "Welcome" in lines[findings[0].line - 1] or "rule: text-spelling" in lines[findings[0].line - 1]


def test_a_dismissal_whose_words_are_not_on_its_line_is_a_located_error(tmp_path: Path) -> None:
    target, data = edition_copy(tmp_path)
    data["dismissals"][0]["line"] = 20
    write(target, data)
    with pytest.raises(InputError) as caught:
        list(textcheck.iter_findings(tmp_path / PLANTED.name, target))
    assert "dismissals[0].text" in caught.value.message and "line 20" in caught.value.message
    assert caught.value.location.line > 1


def test_a_dismissal_needs_its_reason(tmp_path: Path) -> None:
    target, data = edition_copy(tmp_path)
    del data["dismissals"][0]["reason"]
    write(target, data)
    with pytest.raises(InputError, match="'reason' is a required property"):
        textcheck.check(tmp_path / PLANTED.name, target)


def test_the_lexicon_knows_words_in_any_case(tmp_path: Path) -> None:
    target, data = edition_copy(tmp_path)
    data["decisions"] = [d for d in data["decisions"] if d["id"] != "comerce"]
    assert [f.rule for f in textcheck.iter_findings(tmp_path / PLANTED.name, write(target, data))] == ["text-spelling"]
    data["lexicon"] = ["comerce"]
    assert list(textcheck.iter_findings(tmp_path / PLANTED.name, write(target, data))) == []


def test_inflected_register_names_are_known_words() -> None:
    # "Kyrgyzs" and "Eurasianism" are in no dictionary; the register names Kyrgyz and Eurasia.
    raw = {f.words for f in textcheck.review(SOURCE) if f.candidate.rule == "text-spelling"}
    edited = {f.words for f in textcheck.review(SOURCE, EDITION_DATA) if f.candidate.rule == "text-spelling"}
    assert {"Kyrgyzs", "Eurasianism"} <= raw
    assert not {"Kyrgyzs", "Eurasianism"} & edited


def test_decisions_encode_as_the_edition_reads_them(tmp_path: Path) -> None:
    """Round trip: a correction that decides a finding is a choice in the TEI, read in the normalised text."""
    from lxml import etree

    from tei_roundtable import encode, readings

    target, _ = edition_copy(tmp_path)
    tree = etree.ElementTree(etree.fromstring(encode.encode(tmp_path / PLANTED.name, target)))
    normalised, diplomatic = readings.normalised(tree), readings.diplomatic(tree)
    assert "the question is not simple" in normalised and "the question not simple" in diplomatic
    assert "these roads, the region" in normalised and "these, roads the region" in diplomatic
    assert "Chamber of Commerce report" in normalised


# ----- the bundled edition ----------------------------------------------------------------------
def test_bundled_edition_decides_every_finding() -> None:
    assert list(textcheck.iter_findings(SOURCE, EDITION_DATA)) == []


def test_raw_source_reports_the_known_problems_at_their_places() -> None:
    found = {(f.rule, f.line) for f in textcheck.iter_findings(SOURCE)}
    for expected in [("text-punctuation", 63), ("text-punctuation", 163), ("text-sentence", 91),
                     ("text-sentence", 123), ("text-sentence", 187), ("text-figures", 39), ("text-figures", 61),
                     ("text-figures", 123), ("text-roles", 137), ("text-roles", 179), ("text-terms", 59)]:
        assert expected in found, expected


def test_twin_errors_get_the_same_treatment() -> None:
    """The two comma errors, the two missing words: each class has one kind of decision."""
    kinds: dict[str, set[str]] = {}
    for item in textcheck.review(SOURCE, EDITION_DATA):
        if item.candidate.rule in ("text-punctuation", "text-sentence") and hasattr(item.decided_by, "type"):
            kind = item.candidate.message.split(": ", 1)[1].split(" ", 3)[:3]
            kinds.setdefault(" ".join(kind), set()).add(item.decided_by.type)
    assert kinds and all(len(types) == 1 for types in kinds.values()), kinds


def test_readme_states_the_precision_table() -> None:
    table = textcheck.precision_table(textcheck.precision(SOURCE, EDITION_DATA))
    assert table in (REPO / "README.md").read_text(encoding="utf-8")


# ----- command and validate layer ---------------------------------------------------------------
def test_command_reports_findings_on_stdout_and_the_verdict_on_stderr() -> None:
    result = CliRunner().invoke(main, ["check-text", str(PLANTED)])
    assert result.exit_code == 1
    assert re.search(r"planted\.md:\d+:\d+: warning \[text-spelling\] 'Comerce'", result.stdout)
    assert "  hint: " in result.stdout
    assert "without a decision or dismissal" in result.stderr and "warning" not in result.stderr


def test_command_exits_0_when_every_finding_is_decided() -> None:
    result = CliRunner().invoke(main, ["check-text", "--edition", str(PLANTED_DATA)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and "every finding is decided" in result.stderr


def test_command_prints_the_precision_table() -> None:
    result = CliRunner().invoke(main, ["check-text", "--edition", str(PLANTED_DATA), "--precision"])
    assert result.exit_code == 0
    assert result.stdout.startswith("| rule | findings |") and "| `text-terms` |" in result.stdout


def test_validate_reports_undecided_text_findings_as_warnings(tmp_path: Path) -> None:
    shutil.copytree(EDITION_TEI.parent, tmp_path / "tei")
    data = tmp_path / "tei" / EDITION_DATA.name
    text = data.read_text(encoding="utf-8")
    start = text.index("  - id: is-written")
    end = text.index("\n  - id: ", start + 1)
    data.write_text(text[:start] + text[end + 1:], encoding="utf-8")
    findings = list(validate.iter_findings(tmp_path / "tei" / EDITION_TEI.name))
    text_findings = [f for f in findings if f.rule.startswith("text-") and f.rule != "text-fidelity"]
    assert [f.rule for f in text_findings] == ["text-punctuation"]
    assert text_findings[0].severity == WARNING
    assert "source/ipp-roundtable-2007-11-15.md:163:" in text_findings[0].message


def test_a_collection_lexicon_serves_every_edition(tmp_path: Path) -> None:
    from tei_roundtable import edition as edition_mod
    from tei_roundtable.init import init

    folder = tmp_path / "forum"
    init(folder, REPO / "tests" / "collection" / "fixtures" / "forum-2008.md",
         editor="Ann Lee", contact="ann@example.org", licence="CC-BY-4.0")
    source = folder / "tei" / "source" / "forum-2008.md"
    source.write_text(source.read_text(encoding="utf-8").replace("the canals of the valley", "the canalside fields")
                      .replace("The canals of the valley", "The canalside fields"), encoding="utf-8")
    data = folder / "tei" / "forum-2008.yaml"
    assert [f.message.split("'")[1] for f in textcheck.iter_findings(source, edition_mod.load(data))] == ["canalside"]
    collection = folder / "tei" / "collection.yaml"
    collection.write_text(collection.read_text(encoding="utf-8") + "lexicon: [Canalside]\n", encoding="utf-8")
    assert list(textcheck.iter_findings(source, edition_mod.load(data))) == []


def _bundled_copy(tmp_path: Path) -> Path:
    shutil.copytree(EDITION_DATA.parent, tmp_path / "tei")
    return tmp_path / "tei" / EDITION_DATA.name


def test_a_twin_error_treated_otherwise_is_a_consistency_finding(tmp_path: Path) -> None:
    data = _bundled_copy(tmp_path)
    text = data.read_text(encoding="utf-8")
    start = text.index("  - id: is-written\n    type: correction")
    end = text.index("\n  - id: ", start + 1)
    block = text[start:end].replace("type: correction", "type: comment").replace('    edition: "is written"\n', "")
    data.write_text(text[:start] + block + text[end:], encoding="utf-8")
    source = data.parent / "source" / SOURCE.name
    findings = list(textcheck.iter_findings(source, data))
    assert [(f.rule, f.line) for f in findings] == [(textcheck.CONSISTENCY, 163)]
    assert "decided as a comment, the same kind at l. 63 as a correction" in findings[0].message
    # the editors may say why the twin differs
    data.write_text(data.read_text(encoding="utf-8").replace("dismissals:\n", (
        "dismissals:\n  - rule: text-consistency\n    line: 163\n    text: is, written\n"
        "    reason: Kept on purpose, for the test.\n"), 1), encoding="utf-8")
    assert list(textcheck.iter_findings(source, data)) == []


def test_a_sentences_final_words_are_the_last_words_of_all_its_words():
    """The sentence rule reads the last three words backwards; they are WORD.findall's last three."""
    import random

    from tei_roundtable._textrules import WORD, _final_words

    rng = random.Random(0)
    alphabet = "ab'’ _1²é-.\n\u0301ßİ,x"
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 14)))
        assert _final_words(text) == WORD.findall(text)[-3:], text


def test_a_flagged_words_places_are_its_word_matches():
    """The spelling rule finds a flagged word's places with str.find: WORD.finditer's matches of it."""
    import random

    from tei_roundtable._textrules import WORD, word_spans

    rng = random.Random(0)
    alphabet = "ab'’ _1²é-.\u0301ßİ,"
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 16)))
        for word in set(WORD.findall(text)):
            assert list(word_spans(text, word)) == [m.span() for m in WORD.finditer(text) if m[0] == word], text


def test_the_possessive_patterns_match_as_the_plain_ones():
    """The rules' patterns with possessive runs (++) find what the same patterns with plain runs find."""
    import random
    import re

    from tei_roundtable import _textrules

    rng = random.Random(0)
    alphabet = "aAbB'’ \t\n-_1é,.notNOT"
    texts = ["the the", "The the", "a a a", "not not", "is, not", "ab-cd ef"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30))) for _ in range(5000)]
    for name in ("_COMMA", "_DOUBLED", "_NOT", "_PHRASE"):
        possessive = getattr(_textrules, name)
        assert "++" in possessive.pattern
        plain = re.compile(possessive.pattern.replace("++", "+"), possessive.flags)
        for text in texts:
            assert [(m.span(), m.groups()) for m in possessive.finditer(text)] == \
                [(m.span(), m.groups()) for m in plain.finditer(text)], (name, text)


def test_the_posts_as_a_tree_match_as_their_alternation():
    """The roles rule's posts, a tree of letters, match what the alternation of the words matches."""
    import random
    import re

    from tei_roundtable._textrules import _ROLE, ROLE_WORDS

    words = sorted(ROLE_WORDS)
    assert not any(a != b and b.startswith(a) for a in words for b in words), "a post that begins another"
    plain = re.compile(r"\b(?P<role>(?i:" + "|".join(words) + r"))\s+(?P<name>(?:[A-Z][\w'-]+\s+){0,2}[A-Z][\w'-]+)")
    rng = random.Random(0)
    parts = ["dr", "Dr", "DR", " ", "ſecretary", "head", "Head", "x", "Ab", "ambassador", "AMBASSADOR", "\n", "'", "-",
             "İ", "Chairwoman", "chairman"]
    for _ in range(5000):
        text = "".join(rng.choice(parts) for _ in range(rng.randrange(0, 12)))
        assert [(m.span(), m.groups()) for m in _ROLE.finditer(text)] == \
            [(m.span(), m.groups()) for m in plain.finditer(text)], text


def test_a_combining_form_before_a_hyphen_is_no_misspelling(tmp_path: Path) -> None:
    """"socio-economic" is a combining form and a word; "socio" alone is no English word, and a
    flagged word is reported only at its places without the hyphen."""
    text = (HERE / "rules" / "text-spelling" / "pass.md").read_text(encoding="utf-8")
    source = tmp_path / "combining.md"
    source.write_text(text.replace("need a new plan.", "need socio-economic plans, not socio plans, and Socio-economic ones."),
                      encoding="utf-8")
    found = [f for f in textcheck.iter_findings(source) if f.rule == "text-spelling"]
    number, column = line_of(source, "socio plans")
    assert [(f.line, f.column) for f in found] == [(number, column)]
    assert "'socio'" in found[0].message


def test_the_roles_rule_finds_the_posts_matches_where_its_pattern_does():
    """_role_matches (tried where a post stands in the lower-cased text) finds _ROLE.finditer's matches."""
    import random

    from tei_roundtable._textrules import _ROLE, _role_matches

    rng = random.Random(1)
    parts = ["dr", "Dr", "DR", " ", "ſecretary", "mınister", "head", "Head", "ahead", "x", "Ab", "ambassador",
             "AMBASSADOR", "\n", "'", "-", "İ", "Chairwoman", "chairman", " Osmonov", " Timur Osmonov", "Ж",
             "\u212aelvin", "expert", "DEPUTY"]
    for _ in range(20000):
        text = "".join(rng.choice(parts) for _ in range(rng.randrange(0, 12)))
        assert [(m.span(), m.groups()) for m in _role_matches(text)] == \
            [(m.span(), m.groups()) for m in _ROLE.finditer(text)], text


def test_lower_makes_every_character_a_post_may_match_the_letter_it_matches():
    """What _role_matches relies on: a character that IGNORECASE matches to an ASCII letter is
    lowered to that letter by str.lower(), unless it is one of _UNLOWERED (or İ, which lower()
    makes two characters). Checked for every code point."""
    import re
    import string
    import sys

    from tei_roundtable._textrules import _UNLOWERED

    any_letter = re.compile("[a-z]", re.IGNORECASE)
    for point in range(sys.maxunicode + 1):
        char = chr(point)
        if not any_letter.fullmatch(char) or char in _UNLOWERED or len(char.lower()) != 1:
            continue
        matched = {x for x in string.ascii_lowercase if re.fullmatch(x, char, re.IGNORECASE)}
        assert matched == {char.lower()}, char


def test_a_text_that_may_not_hold_the_words_has_no_match_of_them():
    """_may_hold (which keeps the figures rule from searching most paragraphs) answers False only
    where an IGNORECASE search of the words finds nothing."""
    import random
    import re

    from tei_roundtable._textrules import _COUNTED, _UNITS, _may_hold

    rng = random.Random(2)
    parts = ["million", "MILLION", "Mİllion", "mıllion", "ſtates", "States", "countrie", "s", " ", "5", "x",
             "thouſand", "\u212a", "republics", "İ", "anniversary", "ANNIVERSARY"]
    for words in (_UNITS, _COUNTED, ("anniversary",)):
        pattern = re.compile("|".join(words), re.IGNORECASE)
        for _ in range(5000):
            text = "".join(rng.choice(parts) for _ in range(rng.randrange(0, 8)))
            if not _may_hold(text, text.lower(), words):
                assert pattern.search(text) is None, text


def test_the_not_rule_finds_the_matches_of_its_pattern():
    """_not_matches (tried where a "not" names the start of its word before) finds _NOT.finditer's matches."""
    import random

    from tei_roundtable._textrules import _NOT, _not_matches

    rng = random.Random(4)
    parts = ["not", "Not", "nothing", "cannot", " ", "  ", "\n", "\u00a0", "is", "question", "-", "x1", "é", "_",
             "the", ",", "notnot", "a"]
    for _ in range(20000):
        text = "".join(rng.choice(parts) for _ in range(rng.randrange(0, 12)))
        assert [(m.span(), m.groups()) for m in _not_matches(text)] == \
            [(m.span(), m.groups()) for m in _NOT.finditer(text)], text


def test_the_punctuation_rules_short_cuts_find_what_their_patterns_find():
    """The mark-first test for a space before punctuation answers as the space-first one; the bare
    abbreviations tried where one stands are _BARE_ABBREVIATION.finditer's matches."""
    import random
    import re

    from tei_roundtable._textrules import _ABBREVIATED, _BARE_ABBREVIATION, _SPACE_THEN_MARK, _matches_from, literal_spans

    space_first = re.compile(r"[ \t][,.;:!?]")
    rng = random.Random(6)
    parts = [" ", "\t", ",", ".", ";", ":", "!", "?", "a", "etc", "i.e", "e.g", "e", "i", "g", "x1", "\n"]
    for _ in range(20000):
        text = "".join(rng.choice(parts) for _ in range(rng.randrange(0, 10)))
        assert bool(_SPACE_THEN_MARK.search(text)) == bool(space_first.search(text)), text
        places = sorted(start for a in _ABBREVIATED for start, _ in literal_spans(text, a))
        assert [m.span() for m in _matches_from(_BARE_ABBREVIATION, text, places)] == \
            [m.span() for m in _BARE_ABBREVIATION.finditer(text)], text


def test_the_even_and_count_short_cuts_find_what_their_patterns_find():
    """_even_matches and _count_matches (tried where the words that start a match stand) find the
    patterns' own matches."""
    import random

    from tei_roundtable._textrules import _COUNT, _EVEN, _count_matches, _even_matches

    rng = random.Random(8)
    even_parts = ["even we go", "Even they see", "even", "Even", "EVEN", " ", "  ", "\n", ", ", ". ", ";", " - ", " – ",
                  "-", "we", "I", "go", "x"]
    count_parts = ["all", "ALL", "only", "our", "Our", "the", "these", " ", "\n", "five", "5", "states", "STATES",
                   "countries", "republics", "ſtates", "İ", "mall", "four", "x"]
    for _ in range(20000):
        text = "".join(rng.choice(even_parts) for _ in range(rng.randrange(0, 12)))
        assert [(m.span(), m.groups()) for m in _even_matches(text)] == \
            [(m.span(), m.groups()) for m in _EVEN.finditer(text)], text
        text = "".join(rng.choice(count_parts) for _ in range(rng.randrange(0, 12)))
        text = text.replace("all", "all ").replace("five", " five ").replace("5", " 5 ")
        assert [(m.span(), m.groups()) for m in _count_matches(text, text.lower())] == \
            [(m.span(), m.groups()) for m in _COUNT.finditer(text)], text


def test_the_ascii_twins_match_as_the_unicode_patterns_on_ascii_texts():
    """The ASCII twins of WORD, names._WORD, _DOUBLED, _COMMA and _PHRASE (used on texts of ASCII
    characters alone) find what the patterns find there, white space among the control characters too."""
    import random

    from tei_roundtable import names
    from tei_roundtable._textrules import (_ASCII_COMMA, _ASCII_DOUBLED, _ASCII_PHRASE, _COMMA, _DOUBLED, _PHRASE,
                                           ASCII_WORD, WORD)

    rng = random.Random(7)
    parts = ["the", "The", "THE", "a", "ab", "'", "-", "_", "1", " ", "  ", "\t", "\n", "\x0b", "\x1c", "\x1f", "\x7f",
             ",", ".", "k", "K", "s", "i", "I", "rock'n'roll", "it's"]
    for _ in range(20000):
        text = "".join(rng.choice(parts) for _ in range(rng.randrange(0, 12)))
        assert text.isascii()
        for twin, pattern in ((ASCII_WORD, WORD), (names._ASCII_WORD, names._WORD), (_ASCII_DOUBLED, _DOUBLED),
                              (_ASCII_COMMA, _COMMA), (_ASCII_PHRASE, _PHRASE)):
            assert [(m.span(), m.groups()) for m in twin.finditer(text)] == \
                [(m.span(), m.groups()) for m in pattern.finditer(text)], (twin.pattern, text)


def test_a_common_word_is_no_rare_word():
    """The spelling rule judges a word the list uses _COMMONER times or more by one look-up
    (every branch of its verdict answers None for it): that holds while such a word is never
    rare, _COMMONER >= _RARE, and its verdict is None."""
    from functools import lru_cache

    from tei_roundtable import _textrules, names

    assert _textrules._COMMONER >= _textrules._RARE
    ctx = textcheck.context(textcheck.parse(PLANTED), None)
    known = lru_cache(maxsize=None)(_textrules.is_known_word)
    words = {w for t in ctx.texts for w in _textrules.WORD.findall(t.text)}
    common = [w for w in words if _textrules._spell().is_common(names.without_possessive(w).casefold())]
    assert len(common) > 50
    for word in common:
        assert _textrules._spelling_verdict(word, ctx, set(), set(), known) is None, word
