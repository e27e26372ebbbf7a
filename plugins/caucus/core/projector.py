"""The projector view of a lesson: a page for a shared screen or a wall, one part of the
session at a time in large type, with its minutes, a countdown, and the remaining agenda
recomputed when the session started late.

Its content is the participant's rendering of the lesson (``TextModel.participant_html``,
from which the Markdown extension has already dropped every facilitator note), cut into
its top-level blocks and cleaned with the print profile of the sanitizer (links keep
their text: nothing on a wall is there to be clicked away from). A reading shows the
lesson's key points rather than its whole text; a discussion its questions, an activity
what it needs and its steps, as written in the block.

Pure: the caller hands in the lesson, its model, the link back to the guide and a
gettext function in the language of the text shown."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from importlib import resources
from typing import Any

from markupsafe import Markup

from . import sanitize, templates
from .agenda import clock
from .blocks import BLOCK_KINDS, block_name
from .model import Block, TextModel
from .project import Lesson

Gettext = Callable[[str], str]

# The front-matter field holding a lesson's "running late? cut this" line, once lessons
# have one: naming it here is all that shows it on the projector (None: no such field yet).
RUNNING_LATE_FIELD: str | None = "running_late"

# The budget of our own JavaScript on the page (a test holds the file to it).
SCRIPT_BUDGET = 30 * 1024


@dataclass(frozen=True)
class Slide:
    id: str  # the block's id (discussion-2), also the slide's anchor
    kind: str
    label: str  # the kind, translated
    title: str
    minutes: int | None
    start: int | None  # minutes from the start of the session
    content: Markup  # sanitized HTML of the block's body
    points: tuple[str, ...] = ()  # a reading's: the lesson's key points, as text

    @property
    def name(self) -> str:
        return block_name(self.label, self.title)

    @property
    def clock(self) -> str | None:
        return None if self.start is None else clock(self.start)


@dataclass(frozen=True)
class AgendaEntry:
    start: int
    minutes: int
    name: str

    @property
    def clock(self) -> str:
        return clock(self.start)


@dataclass(frozen=True)
class ProjectorView:
    lang: str  # the language of the text shown (the page speaks it throughout)
    title: str
    duration: int
    slides: tuple[Slide, ...]
    agenda: tuple[AgendaEntry, ...]
    guide_link: str
    running_late: str | None = None
    summary: str = ""  # the lesson's, the page's meta description
    # The lesson page's full address: search engines list the lesson, not its projector view.
    canonical: str | None = None


class _TopLevelBlocks(HTMLParser):
    """The top-level ``<section data-caucus-block>`` elements of sanitized (so balanced)
    HTML: each one's id and the markup inside it after its head."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=False)
        self.html = html
        self.line_starts = [0]
        for i, char in enumerate(html):
            if char == "\n":
                self.line_starts.append(i + 1)
        self.sections = 0  # depth of <section> elements
        self.head_divs = 0  # depth of <div> elements inside the open head
        self.current: dict[str, Any] | None = None
        self.found: list[tuple[str, str]] = []  # (block id, inner markup after the head)
        self.ids: list[str] = []  # every block's id, nested ones too
        self.spans: list[tuple[str, int, int]] = []  # (block id, start, end) of each whole top-level section

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "section":
            if values.get("data-caucus-block") and values.get("aria-labelledby"):
                self.ids.append(str(values["aria-labelledby"]))
                if self.sections == 0:
                    self.current = {"id": values["aria-labelledby"], "start": None, "open": self._offset()}
            self.sections += 1
            return
        if self.current is not None and self.sections == 1 and tag == "div":
            if self.head_divs == 0 and self.current["start"] is None and "caucus-block__head" in (values.get("class") or "").split():
                self.head_divs = 1
            elif self.head_divs:
                self.head_divs += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self.head_divs:
            self.head_divs -= 1
            if self.head_divs == 0 and self.current is not None:
                self.current["start"] = self._offset() + len("</div>")
            return
        if tag != "section" or self.sections == 0:
            return
        self.sections -= 1
        if self.sections == 0 and self.current is not None:
            start = self.current["start"]
            inner = self.html[start : self._offset()] if start is not None else ""
            self.found.append((str(self.current["id"]), inner.strip()))
            self.spans.append((str(self.current["id"]), self.current["open"], self._offset() + len("</section>")))
            self.current = None


# The print profile leaves a link as <a> without its address: a link to nowhere, which
# assistive technology and crawlers still take for a link. On a wall it is its text.
_ANCHOR = re.compile(r"<(/?)a\b")


def _links_as_text(html: str) -> str:
    """Sanitized HTML with each ``<a>`` (the print profile left it no href) made a
    ``<span>`` with the same attributes (``lang``, ``dir``, ``class``). Only tag names
    change: the sanitizer's output escapes ``<`` in text, so an ``<a`` there opens a tag
    (or is inside an attribute's value, where the change is harmless)."""
    return _ANCHOR.sub(r"<\1span", html)


def participant_blocks(participant_html: str, profile: sanitize.Profile = sanitize.PRINT) -> tuple[list[tuple[str, str]], list[str]]:
    """(the top-level blocks as (id, inner markup sanitized with ``profile``), the ids of
    every block in the participant's HTML, nested ones included). With the print profile
    (no addresses) its links are plain text; with another, they stay links."""
    clean = sanitize.sanitize(participant_html, profile)
    parser = _TopLevelBlocks(_links_as_text(clean) if profile is sanitize.PRINT else clean)
    parser.feed(parser.html)
    parser.close()
    return parser.found, parser.ids


def block_spans(html: str) -> tuple[str, list[tuple[str, int, int]]]:
    """(``html`` sanitized with the print profile, the (id, start, end) offsets in it of
    each top-level block's whole section): what lies between them is not in a block."""
    parser = _TopLevelBlocks(sanitize.sanitize(html, sanitize.PRINT))
    parser.feed(parser.html)
    parser.close()
    return parser.html, parser.spans


def projector_view(lesson: Lesson, lang: str, model: TextModel, _: Gettext, guide_link: str, canonical: str | None = None) -> ProjectorView:
    """What the projector page of ``lesson`` shows in ``lang`` (``model``: the text a
    reader of ``lang`` gets; ``_``: gettext in that text's language)."""
    by_id: dict[str, Block] = {block.id: block for block in model.blocks}
    found, shown_ids = participant_blocks(model.participant_html)
    key_points = tuple(str(point) for point in lesson.field("key_points", lang) or [])
    slides = []
    for block_id, inner in found:
        block = by_id.get(block_id)
        if block is None or not BLOCK_KINDS[block.kind].participant:
            continue  # the extension has dropped facilitator notes already; this holds if it did not
        points = key_points if block.kind == "reading" else ()
        slides.append(Slide(block.id, block.kind, _(BLOCK_KINDS[block.kind].label), block.title, block.minutes, block.start, Markup(inner), points))
    # The whole timed agenda as participants may see it: a block nested inside a
    # facilitator note is not in the participant's HTML, so not here either.
    shown = set(shown_ids)
    agenda = tuple(
        AgendaEntry(block.start, block.minutes, block_name(_(BLOCK_KINDS[block.kind].label), block.title))
        for block in model.blocks
        if block.start is not None and block.minutes is not None and block.id in shown
    )
    late = lesson.field(RUNNING_LATE_FIELD, lang) if RUNNING_LATE_FIELD else None
    return ProjectorView(
        lang=model.lang,
        title=str(lesson.field("title", lang)),
        duration=lesson.duration,
        slides=tuple(slides),
        agenda=agenda,
        guide_link=guide_link,
        running_late=str(late).strip() or None if late else None,
        summary=str(lesson.field("summary", lang) or ""),
        canonical=canonical,
    )


@lru_cache(maxsize=2)
def asset(name: str) -> str:
    """The projector's own stylesheet or script (``templates/projector/``)."""
    return resources.files("caucus").joinpath("templates", "projector", name).read_text(encoding="utf-8")


def projector_page(view: ProjectorView, _: Gettext) -> str:
    """The whole HTML document: its style and script inline, so that the page asks for
    nothing (and works opened from a folder, without the site)."""
    return str(
        templates.render(
            "projector/page.html.j2",
            _=_,
            view=view,
            minutes=lambda n: _("%(minutes)d min") % {"minutes": n},
            style=Markup(asset("projector.css")),
            script=Markup(asset("projector.js")),
        )
    )
