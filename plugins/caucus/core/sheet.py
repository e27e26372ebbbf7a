"""The participant's sheet: what a member takes home from the circle, not a printout of
the lesson. It holds each reading whole, each discussion's questions (with room to
write under each), each commitment as "my step before next time" with lines to write
on, and the next session's title; the glossary box and the link notes follow from what
it prints. The parts the facilitator runs (welcome, opening round, activity, break,
closing) and every instruction around the questions stay in the guide.

Pure: made from the lesson's participant rendering (``TextModel.participant_html``),
cut into its blocks by their ids."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from markupsafe import Markup

from . import sanitize
from .model import TextModel
from .projector import participant_blocks

# The kinds of block a sheet prints, in the lesson's order.
SHEET_KINDS = ("reading", "discussion", "commitment")

_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class SheetPart:
    id: str  # the block's id
    kind: str
    title: str
    content: Markup  # sanitized with the lesson profile: links kept, for print_links

    @property
    def words(self) -> int:
        return len(_TAG.sub(" ", self.content).split())


class _TopLevelLists(HTMLParser):
    """The lists directly inside a discussion block's body (its questions), as markup."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=False)
        self.html = html
        self.line_starts = [0] + [i + 1 for i, char in enumerate(html) if char == "\n"]
        self.depth = 0  # elements open around the current position
        self.list_start: int | None = None
        self.list_depth = 0
        self.found: list[str] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # The body is one <div>: its children sit at depth 1.
        if tag in ("ul", "ol") and self.list_start is None and self.depth == 1:
            self.list_start, self.list_depth = self._offset(), self.depth
        if tag not in _VOID:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        self.depth -= 1
        if tag in ("ul", "ol") and self.list_start is not None and self.depth == self.list_depth:
            end = self._offset() + len(f"</{tag}>")
            self.found.append(self.html[self.list_start : end])
            self.list_start = None


_VOID = {"br", "hr", "img", "input", "wbr", "col", "area", "source"}


def questions_of(inner: str) -> str:
    """A discussion block's questions: the lists of its body, without the instructions
    around them (which are the facilitator's to give)."""
    parser = _TopLevelLists(inner)
    parser.feed(inner)
    parser.close()
    return "\n".join(parser.found)


def sheet_parts(model: TextModel) -> list[SheetPart]:
    """The parts of a lesson text its participant's sheet prints, in order."""
    blocks = {block.id: block for block in model.blocks}
    found, _ids = participant_blocks(model.participant_html, sanitize.LESSON)
    parts = []
    for block_id, inner in found:
        block = blocks.get(block_id)
        if block is None or block.kind not in SHEET_KINDS:
            continue
        content = questions_of(inner) if block.kind == "discussion" else inner
        if block.kind == "discussion" and not content:
            continue  # a round without written questions leaves nothing to write under
        parts.append(SheetPart(block.id, block.kind, block.title, Markup(content)))
    return parts


def longest_part(parts: list[SheetPart], label_of: dict[str, str]) -> str:
    """What a budget warning names: "the reading 'Title' (612 words)"."""
    if not parts:
        return ""
    part = max(parts, key=lambda p: p.words)
    return f"the {label_of.get(part.kind, part.kind)} '{part.title}' ({part.words} words)"
