"""The discussion-guide blocks: their kinds and options (shared by the Markdown
extension and the checker), and a scanner that finds them in Markdown source
with their line numbers."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .problems import Problem, did_you_mean
from .schema import _describe as describe
from .source import SourceError, read_yaml
from .vocabulary import DISCUSSION_FORMATS, N_

MAX_BLOCK_MINUTES = 180


class OptionError(ValueError):
    """An option value of the wrong type; the message says what was expected."""


def minutes_option(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise OptionError(f"must be a whole number of minutes, like 'minutes: 10' (got '{value}')")
    if not 1 <= value <= MAX_BLOCK_MINUTES:
        raise OptionError(f"must be between 1 and {MAX_BLOCK_MINUTES} minutes (got {value})")
    return value


def format_option(value: Any) -> str:
    if not isinstance(value, str) or value not in DISCUSSION_FORMATS:
        raise OptionError(f"must be one of {', '.join(DISCUSSION_FORMATS)} (got '{value}'){did_you_mean(value, DISCUSSION_FORMATS)}")
    return value


def materials_option(value: Any) -> list[str]:
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",")]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise OptionError("must be a list of short texts, like 'materials: [large paper, markers]'")
    return [v.strip() for v in value]


MAX_NO_NAMES = 600


def no_names_option(value: Any) -> str:
    """An activity's way of doing without people's names on paper (the guide shows it,
    labelled, to the facilitator): one short text."""
    if not isinstance(value, str) or not value.strip():
        raise OptionError(
            "must be a short text saying how to do the activity without writing people's names, in quotes, like "
            f"'no_names: \"Write roles, not names.\"' (got {describe(value)})"
        )
    text = " ".join(value.split())
    if len(text) > MAX_NO_NAMES:
        raise OptionError(f"must be at most {MAX_NO_NAMES} characters, a few sentences (got {len(text)})")
    return text


def block_name(label: str, title: str | None) -> str:
    """'Discussion: Your shift'; just 'Opening round' when the title only repeats the label."""
    if title and title.strip().casefold() != label.strip().casefold():
        return f"{label}: {title}"
    return label


@dataclass(frozen=True)
class BlockKind:
    name: str
    label: str
    timed: bool  # takes part in the agenda and so must say its minutes
    options: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    participant: bool = True  # shown to participants (False: facilitator guide only)


_TIMED = {"minutes": minutes_option}

BLOCK_KINDS: dict[str, BlockKind] = {
    kind.name: kind
    for kind in (
        # The first session of a series opens with a timed welcome: what the circle is,
        # and the ground rules the group agrees on (the checker asks for it).
        BlockKind("welcome", N_("Welcome and ground rules"), True, dict(_TIMED)),
        BlockKind("checkin", N_("Opening round"), True, dict(_TIMED)),
        BlockKind("reading", N_("Reading"), True, dict(_TIMED)),
        BlockKind("discussion", N_("Discussion"), True, {**_TIMED, "format": format_option}),
        BlockKind("activity", N_("Activity"), True, {**_TIMED, "materials": materials_option, "no_names": no_names_option}),
        BlockKind("break", N_("Break"), True, dict(_TIMED)),
        BlockKind("commitment", N_("Commitment"), True, dict(_TIMED)),
        BlockKind("closing", N_("Closing round"), True, dict(_TIMED)),
        BlockKind("facilitator", N_("For the facilitator"), False, {}, participant=False),
        # One setting's own wording (core/variants.py): chosen before Markdown reads the
        # text, so no page ever shows the block itself.
        BlockKind("variant", N_("Variant"), False, {}),
    )
}

# The same lines pymdownx's blocks read as a block's start and end. The title is taken
# whole and stripped in Python: a pattern that trims spaces itself backtracks on a
# title of many spaces.
_START = re.compile(r"^[ ]{0,3}(/{3,})[ ]*([\w-]+)[ ]*(?:\|(.*))?$")
_END = re.compile(r"^[ ]{0,3}(/{3,})[ ]*$")
_OPTION_LINE = re.compile(r"^[ ]{4,}\S")
# A block's first line is short; a very long one is a mistake (and slow for Markdown).
MAX_START_LINE = 300
_LIST_ITEM = re.compile(r"^[ ]{0,3}(?:[-*+]|\d+[.)])[ ]+(.*)$")


@dataclass
class ScannedBlock:
    name: str
    title: str
    line: int  # file line of the opening '///'
    length: int  # number of slashes
    raw_options: dict[str, Any] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    option_lines: dict[str, int] = field(default_factory=dict)
    body_start: int = 0  # index into the source lines (0-based) of the first body line
    body_end: int = 0  # index one past the last body line
    end_line: int | None = None  # file line of the closing '///', None when unclosed
    body: str = ""
    parent: ScannedBlock | None = field(default=None, repr=False, compare=False)  # the block it sits in

    @property
    def kind(self) -> BlockKind | None:
        return BLOCK_KINDS.get(self.name)

    @property
    def minutes(self) -> int | None:
        value = self.options.get("minutes")
        return value if isinstance(value, int) else None

    def questions(self) -> list[str]:
        """Top-level list items of the body: a discussion round's questions."""
        items: list[str] = []
        for line in self.body.split("\n"):
            m = _LIST_ITEM.match(line)
            if m and not line.startswith("    "):
                items.append(m.group(1).strip())
            elif items and line.startswith("  ") and line.strip():
                items[-1] += " " + line.strip()
        return items


def scan_blocks(body: str, path: str, first_line: int = 1) -> tuple[list[ScannedBlock], list[Problem]]:
    """Find every ``/// name`` block in ``body`` (whose first line is file line
    ``first_line``), validate names and options, and report problems."""
    lines = body.split("\n")
    blocks: list[ScannedBlock] = []
    problems: list[Problem] = []
    stack: list[ScannedBlock] = []
    # No code fences here: the site's Markdown has none (no fenced_code), so a '///'
    # line after a row of backticks is a block to Markdown and must be one to us. What
    # Markdown does hide (HTML comments and raw HTML, indented code, list items and
    # quotes) is caught by comparing this scan with Markdown's own census of blocks.
    problems += bracket_limits(lines, path, first_line)
    i = 0
    while i < len(lines):
        line = lines[i]
        file_line = first_line + i
        if line.lstrip(" ").startswith("///") and len(line) > MAX_START_LINE:
            problems.append(
                Problem(
                    path,
                    file_line,
                    f"this '///' line is {len(line)} characters long; keep a block's first line under {MAX_START_LINE} characters (a short title after '|')",
                )
            )
            i += 1
            continue
        misplaced = _misplaced(line)
        if misplaced:
            problems.append(Problem(path, file_line, misplaced))
            i += 1
            continue
        end = _END.match(line)
        if end:
            length = len(end.group(1))
            match = next((b for b in reversed(stack) if b.length == length), None)
            if match is None:
                problems.append(Problem(path, file_line, "closing '///' without an open block; remove it or add the block's opening line"))
            else:
                while stack and stack[-1] is not match:
                    _unclosed(stack.pop(), problems, path)
                stack.pop()
                match.end_line = file_line
                match.body_end = i
                match.body = "\n".join(lines[match.body_start : i]).strip("\n")
            i += 1
            continue
        start = _START.match(line)
        if start:
            block = ScannedBlock(
                name=start.group(2).lower(),
                title=(start.group(3) or "").strip(),
                line=file_line,
                length=len(start.group(1)),
                parent=stack[-1] if stack else None,
            )
            i += 1
            option_text = []
            while i < len(lines) and _OPTION_LINE.match(lines[i]):
                option_text.append(lines[i])
                i += 1
            block.body_start = i
            _read_options(block, option_text, path, problems)
            blocks.append(block)
            stack.append(block)
            continue
        i += 1
    for block in stack:
        _unclosed(block, problems, path)
    return blocks, problems


# Quote marks, list markers and indentation, then '///' and a word: linear, no nesting.
_WOULD_BE_BLOCK = re.compile(r"^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?[ \t>]*/{3,}[ \t]*([\w-]+)")
FENCE = re.compile(r"^[ ]{0,3}(?:`{3,}|~{3,})")


def _misplaced(line: str) -> str | None:
    """What is wrong with a line that looks like a block's first line but is not read
    as one; None for any other line."""
    if _START.match(line):
        return None
    would_be = _WOULD_BE_BLOCK.match(line)
    if would_be and not _END.match(line):
        # Indented, in a list or a quote: Markdown shows what follows to everyone,
        # facilitator notes included.
        return "this '///' line is indented or inside a list or a quote, so it does not start a block and what follows is shown to everyone; start the line at the left margin"
    return None


# Python-Markdown takes time that grows with the square of the brackets in a paragraph
# (a minute for a few thousand); no lesson needs more than a few dozen.
MAX_BRACKETS = 250


def bracket_limits(lines: list[str], path: str, first_line: int) -> list[Problem]:
    """A paragraph (lines between blank lines) with too many '[' is refused before
    Markdown ever reads it: the checker and the build would hang on it."""
    problems = []
    start, count = 0, 0
    for i, line in enumerate(lines + [""]):
        if line.strip():
            if count == 0 and "[" in line:
                start = i
            count += line.count("[")
            continue
        if count > MAX_BRACKETS:
            problems.append(
                Problem(
                    path,
                    first_line + start,
                    f"this paragraph has {count} '[' characters; Markdown takes very long over so many (the limit is {MAX_BRACKETS}); write fewer brackets, or split the paragraph",
                )
            )
        count = 0
    return problems


def _unclosed(block: ScannedBlock, problems: list[Problem], path: str) -> None:
    fence = "/" * block.length
    problems.append(Problem(path, block.line, f"block '{block.name}' is never closed; add a line '{fence}' after its content"))


def _read_options(block: ScannedBlock, option_text: list[str], path: str, problems: list[Problem]) -> None:
    kind = block.kind
    if kind is None:
        problems.append(Problem(path, block.line, f"unknown block '{block.name}'{did_you_mean(block.name, BLOCK_KINDS)} (blocks: {', '.join(BLOCK_KINDS)})"))
        return
    raw: dict[str, Any] = {}
    if option_text:
        try:
            # Dedented as pymdownx dedents them (a value may go on over lines indented deeper).
            loaded, _node = read_yaml(textwrap.dedent("\n".join(option_text)), path, block.line + 1, f"options of block '{block.name}'", "are")
        except SourceError as exc:
            # Anchors, tags, duplicate options, invalid YAML: said at the line, in plain words.
            problems.append(exc.problem)
            return
        if not isinstance(loaded, dict):
            problems.append(Problem(path, block.line + 1, f"options of block '{block.name}' must be 'name: value' lines indented by 4 spaces"))
            return
        raw = loaded
        for offset, text in enumerate(option_text):
            key = text.strip().split(":", 1)[0]
            block.option_lines.setdefault(key, block.line + 1 + offset)
    block.raw_options = raw
    for key, value in raw.items():
        at = block.option_lines.get(str(key), block.line)
        parse = kind.options.get(str(key))
        if parse is None:
            allowed = ", ".join(kind.options) or "none"
            problems.append(Problem(path, at, f"block '{block.name}' has unknown option '{key}'{did_you_mean(str(key), kind.options)} (options: {allowed})"))
            continue
        try:
            block.options[str(key)] = parse(value)
        except OptionError as exc:
            problems.append(Problem(path, at, f"option '{key}' of block '{block.name}' {exc}"))
    if kind.timed and "minutes" not in raw:
        problems.append(
            Problem(path, block.line, f"block '{block.name}' has no minutes; add a line '    minutes: 10' (indented by 4 spaces) under its first line")
        )


def strip_blocks(body: str, blocks: list[ScannedBlock], names: set[str], first_line: int = 1) -> str:
    """``body`` without the blocks named in ``names`` (their whole line range)."""
    lines = body.split("\n")
    drop: set[int] = set()
    for block in blocks:
        if block.name in names and block.end_line is not None:
            drop.update(range(block.line - first_line, block.end_line - first_line + 1))
    return "\n".join(line for i, line in enumerate(lines) if i not in drop)
