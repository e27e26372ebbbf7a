"""A problem found in a source file, and the ways it is printed."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # as given to the reader: relative to the project when possible
    line: int
    message: str
    severity: str = ERROR

    def format(self) -> str:
        prefix = "" if self.severity == ERROR else "warning: "
        return f"{self.path}:{self.line}: {prefix}{self.message}"

    def format_github(self) -> str:
        # GitHub workflow commands: '%', CR and LF must be escaped in the message.
        text = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        path = self.path.replace(",", "%2C").replace(":", "%3A")
        return f"::{self.severity} file={path},line={self.line}::{text}"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A suggestion to append to a message, or an empty string."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity == ERROR for p in problems)
