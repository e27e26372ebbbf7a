"""A problem found in a source file, and the ways it is printed."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # as given to the reader: relative to the project when possible
    line: int
    message: str
    severity: str = ERROR

    def format(self) -> str:
        """``path:line: message``, always one line: a line break or other control
        character in the path or the message is shown escaped (``\\n``)."""
        prefix = "" if self.severity == ERROR else "warning: "
        return f"{one_line(self.path)}:{self.line}: {prefix}{one_line(self.message)}"

    def format_github(self) -> str:
        """A GitHub Actions annotation, always one line. GitHub decodes '%25', '%0D' and
        '%0A' (and, in the file name, '%3A' and '%2C'); other control characters are
        shown escaped as in ``format``."""
        text = one_line(self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))
        path = one_line(self.path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(",", "%2C").replace(":", "%3A"))
        return f"::{self.severity} file={path},line={int(self.line)}::{text}"


# Characters that end a line for a terminal, an editor or str.splitlines (C0 and C1
# controls, DEL, U+2028, U+2029), or that reorder or hide what follows (bidirectional
# overrides and isolates, the byte-order mark).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def one_line(text: str) -> str:
    """``text`` with every character that could break or disguise a line of output
    written as an escape ('a\\nb' for a line break): what a message shows is on one line."""
    return _UNPRINTABLE.sub(_escape, str(text))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A suggestion to append to a message, or an empty string."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity == ERROR for p in problems)
