"""The one exception hierarchy of tei-roundtable.

Every error the toolkit raises for bad input is an :class:`InputError` that knows
where the problem is (file, line, column) and, where it can, what to do about it.
The CLI turns them into ``file:line:col: error: message`` lines and exit code 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class TeiRoundtableError(Exception):
    """Base class of every error raised on purpose by tei-roundtable."""


@dataclass(frozen=True)
class Location:
    """A place in a file; ``line`` and ``column`` are 1-based, 0 when unknown."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        parts = [self.file]
        if self.line:
            parts.append(str(self.line))
            if self.column:
                parts.append(str(self.column))
        return ":".join(parts)


class InputError(TeiRoundtableError):
    """Invalid input: a transcript, edition data file or XML document that cannot be used."""

    def __init__(
        self,
        message: str,
        file: str | Path = "<input>",
        line: int = 0,
        column: int = 0,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = Location(str(file), line, column)
        self.hint = hint

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def __reduce__(self):
        # Whole across processes (a build's other process raises it): an exception pickles only
        # its args, the message, by default.
        return (self.__class__, (self.message, self.location.file, self.location.line, self.location.column,
                                 self.hint))


class CheckFailed(TeiRoundtableError):
    """A check ran and found problems; ``findings`` holds them as data."""

    def __init__(self, message: str, findings: list | None = None) -> None:
        super().__init__(message)
        self.findings = list(findings or [])

    def __reduce__(self):
        return (self.__class__, (self.args[0] if self.args else "", self.findings))


class OutputError(InputError):
    """An output path that cannot be written (refused, or the system failed); located at that path."""
