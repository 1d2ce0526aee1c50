"""The syntax of the transcript form (DESIGN.md §1) that both the reader and the fidelity check need.

The reader (:mod:`.transcript`) builds the edition from it; the fidelity check
(:mod:`.readings`) sets the same syntax aside to compare the source with the TEI word for word.
Both must agree on which characters of which lines are syntax: :func:`line_kinds` says it for
every line, walking the blocks as the reader does.
"""

from __future__ import annotations

import re

REQUIRED_FIELDS = ("Date", "Place", "Moderator")
LIST_FIELDS = ("Speakers", "List of participants")
FIELD = re.compile(r"^\*\*(?P<label>[^*\n]+?):\*\*[ \t]*(?P<value>.*)$")
LIST_ITEM = re.compile(r"^(?P<marker>-|\*|\d+\.)[ \t]+(?P<text>.+)$")

# What the syntax of a line is: text only, a heading marker, a leading **Label:**, a list
# marker, or a line that is not text at all (a front-matter rule or comment block).
TEXT, HEADING, LABEL, LIST, SKIP = "text", "heading", "label", "list", "skip"


def is_heading(stripped: str) -> bool:
    return stripped.startswith(("### ", "## ", "# "))


def line_kinds(lines: list[str]) -> list[str]:
    """The kind of syntax of each line: headings, field labels and list markers only in the
    front matter; after it, a ``**Label:**`` only on the first line of a block. Anything else
    (a turn's line starting with ``- ``, ``1. `` or ``## ``) is text, as the reader takes it."""
    kinds = [TEXT] * len(lines)
    blocks: list[list[int]] = []
    current: list[int] = []
    for number, line in enumerate(lines):
        if line.strip():
            current.append(number)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    front, after_list = True, False
    for block in blocks:
        first = lines[block[0]]
        field = FIELD.match(first)
        if front:
            stripped = first.strip()
            items = after_list and LIST_ITEM.match(stripped)
            after_list = False
            if stripped == "---" or stripped.startswith("<!--"):
                kinds[block[0]:block[-1] + 1] = [SKIP] * len(block)
                continue
            if is_heading(stripped):
                kinds[block[0]] = HEADING
                continue
            if field and field["label"].strip() in REQUIRED_FIELDS + LIST_FIELDS:
                kinds[block[0]] = LABEL
                if field["label"].strip() in LIST_FIELDS:
                    kinds[block[0] + 1:block[-1] + 1] = [LIST] * (len(block) - 1)
                    after_list = len(block) == 1
                continue
            if items:
                kinds[block[0]:block[-1] + 1] = [LIST] * len(block)
                after_list = True
                continue
            front = False
        if field:
            kinds[block[0]] = LABEL
    return kinds
