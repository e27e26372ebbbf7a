"""Setting variants: one lesson, worded for each kind of organization it serves.

A lesson may carry *choices*: two or more ``variant`` blocks in a row (only blank lines
between them), inside another block or between blocks. The first text of a choice is
the lesson's own, labelled with the lesson's own setting; the others are labelled with
the settings they are for (several may share one text)::

    /// variant | union
    On every shift there is someone people go to.
    ///

    /// variant | congregation, campus
    In every group there is someone people go to.
    ///

The lesson's page shows the first text of every choice; the page of a setting its own
text, or the first where a choice has none for it. Selecting a text blanks the lines of
the others and of the ``variant`` lines themselves, so that every line left keeps its
file line (messages about a variant name the file's own lines).

Pure: the scanner's blocks and plain text in, plain data out."""

from __future__ import annotations

from dataclasses import dataclass

from .blocks import ScannedBlock, scan_blocks
from .problems import Problem, did_you_mean
from .vocabulary import SETTINGS

VARIANT = "variant"
# A variant's slug: the lesson's and its setting's, joined by '--', which no lesson's own
# slug can hold (slugs have single '-' between letters), so the two never collide.
SEPARATOR = "--"


def variant_slug(slug: str, setting: str) -> str:
    return f"{slug}{SEPARATOR}{setting}"


def settings_named(block: ScannedBlock) -> list[str]:
    """The settings a variant block's title names ('coop, campus' -> ['coop', 'campus'])."""
    return [part.strip() for part in block.title.split(",") if part.strip()]


@dataclass(frozen=True)
class Choice:
    """Variant blocks in a row: the lesson's own text first, then the others."""

    texts: tuple[ScannedBlock, ...]

    @property
    def line(self) -> int:
        return self.texts[0].line

    def text_for(self, setting: str | None) -> ScannedBlock:
        """The text a page of ``setting`` shows (None: the lesson's own page)."""
        if setting is not None:
            for text in self.texts[1:]:
                if setting in settings_named(text):
                    return text
        return self.texts[0]


def has_variants(blocks: list[ScannedBlock]) -> bool:
    return any(b.name == VARIANT for b in blocks)


def choices(blocks: list[ScannedBlock], body: str, first_line: int) -> list[Choice]:
    """The choices of a text, in order. Variant blocks that share a parent and have only
    blank lines between them are one choice."""
    lines = body.split("\n")
    found: list[list[ScannedBlock]] = []
    last: ScannedBlock | None = None
    for block in blocks:
        if block.name != VARIANT or block.end_line is None:
            continue
        if (
            last is not None
            and last.parent is block.parent
            and last.end_line is not None
            and all(not line.strip() for line in lines[last.end_line - first_line + 1 : block.line - first_line])
        ):
            found[-1].append(block)
        else:
            found.append([block])
        last = block
    return [Choice(tuple(texts)) for texts in found]


def offered(blocks: list[ScannedBlock], body: str, first_line: int, own: list[str]) -> list[str]:
    """The settings a text has variants for (besides its own), in the vocabulary's order."""
    named = {s for choice in choices(blocks, body, first_line) for text in choice.texts[1:] for s in settings_named(text)}
    return [s for s in SETTINGS if s in named and s not in own]


def select(body: str, blocks: list[ScannedBlock], first_line: int, setting: str | None) -> str:
    """``body`` as the page of ``setting`` shows it (None: the lesson's own page): each
    choice replaced by its text for that setting, every other line of the choice blank."""
    if not has_variants(blocks):
        return body
    lines = body.split("\n")
    blank: set[int] = set()
    for choice in choices(blocks, body, first_line):
        chosen = choice.text_for(setting)
        for text in choice.texts:
            assert text.end_line is not None  # choices() keeps closed blocks only
            start, end = text.line - first_line, text.end_line - first_line
            if text is chosen:
                # Its opening line, option lines (a variant has none) and closing line.
                blank.update(range(start, text.body_start))
                blank.add(end)
            else:
                blank.update(range(start, end + 1))
    return "\n".join("" if i in blank else line for i, line in enumerate(lines))


def select_markdown(markdown: str, setting: str | None = None) -> str:
    """The same selection for Markdown as a converter sees it (the Markdown extension's
    preprocessor): the lesson's own text where no setting is asked for."""
    if VARIANT not in markdown:
        return markdown
    blocks, _problems = scan_blocks(markdown, "")
    return select(markdown, blocks, 1, setting)


def check(blocks: list[ScannedBlock], body: str, first_line: int, own: list[str], path: str) -> list[Problem]:
    """What is wrong with a text's variants, each at its file line."""
    problems: list[Problem] = []
    own_label = ", ".join(own) or "union"
    for block in blocks:
        if block.name != VARIANT:
            continue
        if block.parent is not None and block.parent.name == VARIANT:
            problems.append(Problem(path, block.line, "a variant inside a variant; close the first one ('///') before the next starts"))
        named = settings_named(block)
        if not named:
            problems.append(
                Problem(path, block.line, f"say which settings this text is for, like '/// variant | {own_label}' (settings: {', '.join(SETTINGS)})")
            )
        for setting in named:
            if setting not in SETTINGS:
                problems.append(Problem(path, block.line, f"unknown setting '{setting}'{did_you_mean(setting, SETTINGS)} (settings: {', '.join(SETTINGS)})"))
    for choice in choices(blocks, body, first_line):
        first = choice.texts[0]
        if len(choice.texts) == 1:
            problems.append(
                Problem(
                    path,
                    first.line,
                    f"a variant on its own: a choice is the lesson's own text ('/// variant | {own_label}') followed by the texts for other settings ('/// variant | coop'); add them, or remove the variant lines",
                )
            )
            continue
        strangers = [s for s in settings_named(first) if s in SETTINGS and s not in own]
        if strangers or not settings_named(first):
            problems.append(
                Problem(
                    path,
                    first.line,
                    f"the first text of a choice is the lesson's own and is labelled with its settings ('/// variant | {own_label}'); put the text for '{', '.join(strangers) or '?'}' after it",
                )
            )
        seen: dict[str, int] = {}
        for text in choice.texts[1:]:
            for setting in settings_named(text):
                if setting in own:
                    problems.append(
                        Problem(
                            path,
                            text.line,
                            f"'{setting}' is the lesson's own setting, whose text comes first in the choice; label this text with another setting",
                        )
                    )
                elif setting in seen:
                    problems.append(Problem(path, text.line, f"this choice already has a text for '{setting}' (line {seen[setting]}); keep one"))
                else:
                    seen[setting] = text.line
    return problems
