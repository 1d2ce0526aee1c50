"""The encoder's text layer: names tagged from the register's forms, quotations, editorial
decisions, mentions, role-only references, foreign words and titles, and the people the labels
and lists name. A mixin of :class:`tei_roundtable.encode._Encoder`, which holds the state."""

from __future__ import annotations

import re
from bisect import bisect_left

from ._encode_base import NAME_TAGS, _alternation, _QUOTE_MARKS, _shown, _Unit
from ._io import read_text
from ._spans import Span, strip_inline_html
from .edition import Decision, Entity
from .errors import InputError
from .readings import replace_words, word_pattern
from .transcript import Text


class TextLayer:
    """Finds what the text's elements hold: spans of names, quotations and decisions."""

    # ----- names --------------------------------------------------------------------------
    def _pattern(self, exclude: frozenset[str] = frozenset(), window: str | None = None) -> re.Pattern | None:
        """One regex for the register forms (longest first), without the forms of ``exclude``;
        with ``window`` (the text of a name, searched for names inside it), only the forms that
        occur in it: no other form can match there, and one regex for every form of the register
        per set of exclusions cost a fresh process 0.1 s of compiling."""
        key = (exclude, window)
        if key not in self._patterns:
            if self._forms is None:
                for entity in self.entities.values():
                    for form in entity.forms:
                        owners = self._owners.setdefault(form, [])
                        if not owners or owners[-1] is not entity:  # a form an entry gives twice
                            owners.append(entity)
                self._forms = [(form, frozenset(e.id for e in self._owners[form]))
                               for form in sorted(self._owners, key=lambda f: (-len(f), f))]
                self._lengths = [-len(form) for form, _ in self._forms]  # ascending, as the forms are
            if window is None:
                candidates = self._forms
            else:  # the same name is searched again under other exclusions: look for its forms once
                candidates = self._in_window.get(window)
                if candidates is None:
                    # Only a form no longer than the window can be in it: those from the first such on.
                    shorter = self._forms[bisect_left(self._lengths, -len(window)):]
                    candidates = self._in_window[window] = [item for item in shorter if item[0] in window]
            self._patterns[key] = _alternation(tuple(form for form, owners_ in candidates if not owners_ <= exclude))
        return self._patterns[key]

    def _name_spans(self, value: str, start: int, end: int, exclude: frozenset[str] = frozenset()) -> list[Span]:
        pattern = self._pattern(exclude, value[start:end] if exclude else None)
        if pattern is None:
            return []
        spans = []
        for match in pattern.finditer(value, start, end):
            form, at = match[0], match.start()
            entity = self._owner(form, exclude)
            spans.append(Span(at, match.end(), "name", NAME_TAGS[entity.kind], {"ref": "#" + entity.id}, label="name"))
            spans += [Span(at + a, at + b, "name", tag, {"ref": ref}, label="name")
                      for a, b, tag, ref in self._names_inside(form, entity, exclude)]
        return spans

    def _names_inside(self, form: str, entity: Entity, exclude: frozenset[str]) -> list[tuple[int, int, str, str]]:
        """The names inside a match of ``form`` (``entity``'s, under ``exclude``), at offsets from
        its start: names inside names are mentions too ("Foundation of Ebert"), except a place
        inside a place's name ("Asia" in "Central Asia" names no second place).

        Found once per form and exclusions, in the form alone: the regex finds the same there as
        in the window of the text the form matched (its look-behind holds at the window's start,
        where the form's match held it, and its look-ahead sees no further than the window's
        end), and the register's names recur through the text (310 matches, 118 forms).
        """
        key = (form, exclude)
        found = self._inside.get(key)
        if found is None:
            inner_exclude = exclude | {entity.id}
            if entity.kind == "place":
                inner_exclude |= self._places
            found = self._inside[key] = [
                (s.start, s.end, s.tag, s.attrs["ref"])
                for s in self._name_spans(form, 0, len(form), frozenset(inner_exclude))
                if (s.start, s.end) != (0, len(form))
            ]
        return found

    def _owner(self, form: str, exclude: frozenset[str]) -> Entity:
        """The first entity of the register with ``form`` that ``exclude`` leaves."""
        for entity in self._owners[form]:
            if entity.id not in exclude:
                return entity
        raise AssertionError(form)

    # ----- units ---------------------------------------------------------------------------
    def _unit(self, text: Text, ident: str | None, kind: str, names: bool = True, quotes: bool = False) -> _Unit:
        text, spans = strip_inline_html(text, self.file)
        if names:
            spans += self._name_spans(text.text, 0, len(text.text))
        if quotes:
            spans += self._quote_spans(text)
        spans += [Span(b, b, "pb", "pb") for b in text.breaks]
        unit = _Unit(text, spans, ident, kind)
        self.units.append(unit)
        return unit

    def _quote_spans(self, text: Text) -> list[Span]:
        value = text.text
        spans: list[Span] = []
        curly: list[int] = []
        straight: int | None = None
        single: int | None = None
        # Only the quotation marks matter: visit them, not every character of the text.
        for match in _QUOTE_MARKS.finditer(value):
            i, char = match.start(), match[0]
            before = value[i - 1] if i else " "
            after = value[i + 1] if i + 1 < len(value) else " "
            if char == "“":
                curly.append(i)
            elif char == "”" and curly:
                spans.append(self._q(text, curly.pop(), i + 1))
            elif char == '"':
                if straight is None:
                    straight = i
                else:
                    spans.append(self._q(text, straight, i + 1))
                    straight = None
            elif char in "'‘" and (before.isspace() or before in "([–-") and not after.isspace():
                single = i
            elif char in "'’" and single is not None and not before.isspace() and (after.isspace() or after in ".,;:!?)"):
                spans.append(self._q(text, single, i + 1))
                single = None
        return spans

    def _q(self, text: Text, start: int, end: int) -> Span:
        line = text.position(start)[0]
        element = "q"
        for quotation in self._quotations.get(line, ()):
            if quotation.text == text.text[start:end]:
                element = quotation.element
        return Span(start, end, "q", element, label="quotation")

    # ----- decisions ------------------------------------------------------------------------
    def _find(self, unit: _Unit, needle: str, line: int | None) -> list[tuple[int, int]]:
        """Where ``needle`` stands as whole words in ``unit`` (on source ``line``, if given)."""
        value = unit.text.text
        lo, hi = 0, len(value)
        if line is not None:
            found = unit.text.spans_on_line(line)
            if found is None:
                return []
            lo, hi = found
        # The pattern is the needle between word boundaries, so it matches only where the needle
        # stands: str.find finds those places, and the regex is tried at each (its look-behind
        # reads the character before), rather than scanning every character of the line, which
        # its look-behind makes it do (0.9 ms an edition). Its matches are the needle's length.
        pattern = word_pattern(needle)
        spans = []
        at = value.find(needle, lo, hi)
        while at >= 0:
            match = pattern.match(value, at, hi)
            if match is not None:
                spans.append(match.span())
            at = value.find(needle, match.end() if match is not None else at + 1, hi)
        return spans

    def _units_on(self, line: int) -> list[_Unit]:
        """The units holding text of source ``line``, in document order.

        From an index of the units by line, made once all units exist (rebuilt if one is added):
        scanning every unit for every decision and mention line grew with the square of the text.
        """
        if self._by_line is None or self._indexed != len(self.units):
            self._by_line = {}
            for unit in self.units:
                for number in dict.fromkeys(unit.text.lines):
                    self._by_line.setdefault(number, []).append(unit)
            self._indexed = len(self.units)
        return self._by_line.get(line, [])

    def apply_decisions(self) -> None:
        for decision in self.decisions:
            index = decision.index
            lines = decision.lines
            hits: list[tuple[_Unit, int, int]] = []
            for line in lines or [None]:
                units = self.units if line is None else self._units_on(line)
                if line is not None and not units:
                    text = read_text(self.t.path)  # lines end at LF only, as the reader counts them
                    total = text.count("\n") + (not text.endswith("\n"))
                    where = "has no text" if line <= total else f"does not exist: the transcript has {total} lines"
                    raise self.ed.error(f"line {line} of {self.t.path.name} {where}", "decisions", index, "where")
                found = []
                if decision.source is not None:
                    for unit in units:
                        found += [(unit, a, b) for a, b in self._find(unit, decision.source, line)]
                    if not found:
                        where = f"line {line}" if line else "the transcript"
                        raise self.ed.error(
                            f"'{decision.source}' does not occur on {where} of {self.t.path.name}",
                            "decisions", index, "source",
                            hint="copy the text exactly as printed, or correct 'where'",
                        )
                else:
                    # A comment on a label line concerns the whole turn.
                    unit = next((u for u in units if u.kind == "label"), units[0])
                    found = [(unit, -1, -1)]
                hits += found
            self._record(decision, hits)

    def _record(self, decision: Decision, hits: list[tuple[_Unit, int, int]]) -> None:
        ident = decision.id
        targets: list[str] = []
        for number, (unit, start, end) in enumerate(hits, start=1):
            if decision.type == "comment":
                if start < 0:
                    assert unit.id is not None
                    targets.append(unit.id)
                    continue
                span_id = f"{ident}.{number}" if len(hits) > 1 else ident
                unit.spans.append(Span(start, end, "seg", "seg", {"type": "commented", "xml:id": span_id}, label=f"comment '{ident}'"))
                targets.append(span_id)
                continue
            span_id = f"{ident}.{number}"
            attrs = {"xml:id": span_id}
            unit.spans.append(
                Span(start, end, "choice", "choice", attrs, decision.edition, decision.type, label=f"decision '{ident}'")
            )
            targets.append(span_id)
        self.choice_ids[ident] = targets

    def apply_mentions(self) -> None:
        for mention in self.mentions:
            entity = self.entities[mention.ref]
            hits = [
                (unit, start, end)
                for unit in self._units_on(mention.line)
                for start, end in self._find(unit, mention.text, mention.line)
            ]
            if not hits:
                raise self.ed.error(
                    f"'{mention.text}' does not occur on line {mention.line} of {self.t.path.name}",
                    "mentions", mention.index, "text",
                )
            targets = []
            for number, (unit, start, end) in enumerate(hits, start=1):
                unit.spans = [s for s in unit.spans if not (s.kind == "name" and (s.start, s.end) == (start, end))]
                attrs = {"ref": "#" + entity.id}
                if mention.cert:
                    attrs["cert"] = mention.cert
                if mention.id:
                    # one id per occurrence: the text may stand twice on its line
                    attrs["xml:id"] = mention.id if len(hits) == 1 else f"{mention.id}.{number}"
                    targets.append(attrs["xml:id"])
                unit.spans.append(Span(start, end, "name", NAME_TAGS[entity.kind], attrs, label="name"))
            if mention.id:
                self.choice_ids[mention.id] = targets

    # ----- role-only references, foreign words, titles ------------------------------------
    def _hits(self, line: int, text: str, where: tuple) -> list[tuple[_Unit, int, int]]:
        hits = [(unit, start, end) for unit in self._units_on(line) for start, end in self._find(unit, text, line)]
        if not hits:
            raise self.ed.error(f"'{text}' does not occur on line {line} of {self.t.path.name}", *where, "text")
        return hits

    def apply_references(self) -> None:
        """``references:``: rs of the entity's kind, @ref where the edition data gives one."""
        for reference in self.ed.references:
            for unit, start, end in self._hits(reference.line, reference.text, ("references", reference.index)):
                attrs = {"type": reference.type}
                if reference.ref:
                    attrs["ref"] = "#" + reference.ref
                unit.spans.append(Span(start, end, "name", "rs", attrs, label="role-only reference"))

    def apply_foreign(self) -> None:
        """``foreign:``: words of another language, with their xml:lang."""
        for item in self.ed.foreign:
            for unit, start, end in self._hits(item.line, item.text, ("foreign", item.index)):
                unit.spans.append(Span(start, end, "hi", "foreign", {"xml:lang": item.lang}, label="foreign word"))

    def _titles_for_quoted_works(self) -> None:
        """A work's title printed in quotation marks is a title (marks inside), not a quotation."""
        for unit in self.units:
            titles = {(s.start, s.end): s for s in unit.spans if s.kind == "name" and s.tag == "title"}
            for span in [s for s in unit.spans if s.kind == "q"]:
                inner = titles.get((span.start + 1, span.end - 1))
                if inner is not None:
                    unit.spans.remove(inner)
                    span.kind, span.tag, span.attrs, span.label = "name", "title", inner.attrs, inner.label

    def cite(self, line: int) -> tuple[str, str] | None:
        """The citation reference (target id, label) that holds source ``line``; None for no text."""
        if self._cites is None:
            cites: dict[int, tuple[str, str]] = {}
            for unit in self.units:
                if unit.id is None:
                    continue
                label = (unit.id, "front matter") if unit.kind == "front" else (unit.id, unit.id)
                for number in unit.text.lines:
                    if unit.kind == "paragraph" or number not in cites:
                        cites[number] = label
            self._cites = cites
        return self._cites.get(line)

    # ----- people ---------------------------------------------------------------------------
    def _edited(self, value: str, line: int) -> str:
        """``value`` (printed on ``line``) as the edition reads it, after corrections."""
        for decision in self._changes_on.get(line, self._changes_everywhere):
            value = replace_words(value, decision.source, decision.edition)
        return value

    def person_for(self, printed: str, line: int, column: int, what: str) -> Entity:
        name = self._edited(printed, line)
        if self._person_by_form is None:
            # Each form's first person in the register's order, as a walk of the register finds it;
            # made once, not walked for every label and list entry.
            self._person_by_form = {}
            for entity in self.entities.values():
                if entity.kind == "person":
                    for form in entity.forms:
                        self._person_by_form.setdefault(form, entity)
        found = self._person_by_form.get(name)
        if found is not None:
            return found
        persons = [e for e in self.entities.values() if e.kind == "person"]
        from rapidfuzz import fuzz, process  # only to suggest names when one is not found

        choices = {f"{form} ({p.id})": form for p in persons for form in p.forms}
        nearest = process.extract(name, list(choices), scorer=fuzz.WRatio, limit=3)
        suggestion = ", ".join(choice for choice, score, _ in nearest if score >= 50) or "none close"
        raise InputError(
            f"{what} '{_shown(printed)}' is not in the register; nearest registered names: {suggestion}",
            self.file, line, column,
            hint=f"add the printed form to a person's forms in "
                 f"{self.ed.collection.path.name if self.ed.collection else self.ed.path.name}, "
                 f"or record a correction decision for line {line}",
        )
