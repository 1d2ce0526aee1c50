"""The one finding record every check yields: file, line, column, rule id, severity, message;
and a package's :class:`Problem` (what ``verify`` and the collection bag's checks report).

This module sits at the bottom of the stack with :mod:`errors`: it imports nothing of the
project, so every stage (the transcript reader, the name and text checks, validation) can
yield findings without importing another stage.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One problem found in one file: where, which rule, how bad, what."""

    file: str
    line: int
    column: int
    rule: str
    severity: str  # "error" | "warning"
    message: str
    hint: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return f"{where}: {self.severity} [{self.rule}] {self.message}"

    def as_dict(self) -> dict:
        data = asdict(self)
        if data["hint"] is None:
            del data["hint"]
        return data


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a package: the file it concerns, the check that found it, what.

    A ``warning`` does not make the package unsound (see :func:`.verify.verify`).
    """

    file: str
    check: str
    message: str
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        return f"{self.file}: {self.severity} [{self.check}] {self.message}"
