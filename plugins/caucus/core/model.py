"""The lesson model: each language's text of a lesson read once and rendered once.

A ``TextModel`` holds one file's blocks as typed data (kind, title, options, minutes,
start time as a number, source line and a stable id) and its body rendered by Markdown
a single time, in its own language, as both the facilitator's HTML (every block, each
timed one with its clock times) and the participant's (facilitator notes dropped by the
Markdown extension). The checker judges that rendering; handouts print it.

A block's id is its kind and its place among the blocks of that kind (``discussion-2``):
the same in the source and in every translation (whose block sequence the checker
holds to the source's), unchanged when another block's text or minutes are edited,
and the id of its heading on every page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .agenda import build_agenda, clock
from .blocks import strip_blocks
from .project import LessonText, Project
from .render import MarkdownSetup
from .reuse import Kept


@dataclass(frozen=True)
class Block:
    id: str
    kind: str
    title: str
    line: int  # file line of its opening '///'
    options: dict[str, Any] = field(default_factory=dict)
    minutes: int | None = None
    start: int | None = None  # minutes from the start of the session (timed blocks)

    @property
    def clock(self) -> str | None:
        return None if self.start is None else clock(self.start)


@dataclass
class TextModel:
    slug: str
    lang: str
    text: LessonText
    blocks: list[Block]
    facilitator_html: str
    participant_html: str
    census: list[tuple[str, str]]  # the blocks Markdown read, in order

    @property
    def clocks(self) -> list[int]:
        """Start minutes of the timed blocks, in order (what the extension shows)."""
        return [b.start for b in self.blocks if b.start is not None]


def blocks_of(text: LessonText) -> list[Block]:
    starts = {id(item.block): item.start for item in build_agenda(text.blocks)}
    counts: dict[str, int] = {}
    blocks = []
    for scanned in text.blocks:
        if scanned.kind is None:
            continue
        counts[scanned.name] = counts.get(scanned.name, 0) + 1
        blocks.append(
            Block(
                f"{scanned.name}-{counts[scanned.name]}",
                scanned.name,
                scanned.title,
                scanned.line,
                dict(scanned.options),
                scanned.minutes,
                starts.get(id(scanned)),
            )
        )
    return blocks


def build_text_model(slug: str, text: LessonText, setup: MarkdownSetup) -> TextModel:
    blocks = blocks_of(text)
    clocks = [b.start for b in blocks if b.start is not None]
    rendered = setup.render(text.source.body, text.lang, "facilitator", clocks=clocks, participant_copy=True)
    participant = rendered.participant_html or ""
    if [kind for kind, _title in rendered.census] != [b.kind for b in blocks]:
        # Markdown and the scanner disagree on what is a block (the checker refuses the
        # lesson): participants get the text with every block the scanner saw as
        # facilitator notes cut out too, rendered a second time.
        participant = setup.render(strip_blocks(text.source.body, text.blocks, {"facilitator"}, text.source.body_line), text.lang, "participant").html
    return TextModel(slug, text.lang, text, blocks, rendered.html, participant, rendered.census)


@dataclass
class Models:
    """Every text of every lesson, modelled once per build, on demand."""

    project: Project
    setup: MarkdownSetup
    judged: Kept[Any] | None = None  # the checker's verdicts kept between serve rebuilds
    _built: dict[tuple[str, str], TextModel] = field(default_factory=dict)

    def of(self, text: LessonText) -> TextModel:
        key = (text.slug, text.lang)
        model = self._built.get(key)
        if model is None or model.text is not text:
            model = self._built[key] = build_text_model(text.slug, text, self.setup)
        return model

    def shown(self, slug: str, lang: str) -> TextModel:
        """The model of the text a reader of ``lang`` gets: its translation, or the original."""
        return self.of(self.project.lessons[slug].text(lang))
