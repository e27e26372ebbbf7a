"""The lesson model: blocks as typed data with stable ids and clock times as numbers,
and each lesson text rendered by Markdown once for the checker and the handouts."""

from __future__ import annotations

from pathlib import Path

from caucus.core import render
from caucus.core.checker import check
from caucus.core.handout_plan import plan_handouts
from caucus.core.layout import Layout
from caucus.core.model import Models, blocks_of
from caucus.core.project import load_project
from caucus.core.render import MarkdownSetup
from conftest import TINY

HEAD = """---
title: {title}
summary: S.
duration: 60
settings: [union]
topics: [solidarity]
objectives: [O.]
key_points: [K.]
{extra}---
"""
BODY = """
/// checkin
    minutes: 10

{checkin}
///

/// facilitator
NOTE-FOR-FACILITATORS
///

/// discussion | One
    minutes: 20

- A question?
///

/// discussion | Two
    minutes: {minutes}

- Another?
///

/// closing
    minutes: 10

Words.
///
"""


def lesson(docs: Path, name: str, text: str) -> None:
    (docs / "lessons").mkdir(parents=True, exist_ok=True)
    (docs / "lessons" / name).write_text(text, encoding="utf-8")


def project_with(tmp_path: Path, checkin: str = "Names.", minutes: int = 20, translation: bool = True):
    docs = tmp_path / "docs"
    lesson(docs, "a.md", HEAD.format(title="A", extra="") + BODY.format(checkin=checkin, minutes=minutes))
    if translation:
        lesson(
            docs,
            "a.es.md",
            HEAD.format(title="Una", extra="translation: {source: 0123456789ab, state: draft}\n")
            + BODY.format(checkin="Nombres.", minutes=minutes).replace("A question?", "¿Una pregunta?"),
        )
    return load_project(docs, "en", ["en", "es"], tmp_path)


def test_blocks_have_stable_ids_the_same_in_every_translation(tmp_path: Path):
    project = project_with(tmp_path)
    lesson_ = project.lessons["a"]
    english, spanish = blocks_of(lesson_.original), blocks_of(lesson_.translations["es"])
    assert [b.id for b in english] == ["checkin-1", "facilitator-1", "discussion-1", "discussion-2", "closing-1"]
    assert [b.id for b in spanish] == [b.id for b in english]
    edited = project_with(tmp_path / "edited", checkin="A much longer opening round.", minutes=15, translation=False)
    assert [b.id for b in blocks_of(edited.lessons["a"].original)] == [b.id for b in english]


def test_clock_times_are_numbers_from_the_agenda(tmp_path: Path):
    blocks = blocks_of(project_with(tmp_path).lessons["a"].original)
    assert [(b.id, b.start, b.minutes) for b in blocks if b.start is not None] == [
        ("checkin-1", 0, 10),
        ("discussion-1", 10, 20),
        ("discussion-2", 30, 20),
        ("closing-1", 50, 10),
    ]
    assert blocks[1].start is None and blocks[3].clock == "0:30"


def test_one_parse_gives_both_readers_their_html(tmp_path: Path):
    project = project_with(tmp_path, translation=False)
    model = Models(project, MarkdownSetup()).of(project.lessons["a"].original)
    assert "NOTE-FOR-FACILITATORS" in model.facilitator_html and "NOTE-FOR-FACILITATORS" not in model.participant_html
    assert "0:30–0:50" in model.facilitator_html and "0:30" not in model.participant_html
    assert "20 min" in model.participant_html and "Another?" in model.participant_html
    assert "\x02" not in model.participant_html and "\x03" not in model.participant_html  # no placeholder left


def test_each_text_is_rendered_once_for_the_checker_and_the_handouts(tmp_path: Path, monkeypatch):
    calls: list[str] = []
    original = render.MarkdownSetup.render

    def counting(self, text, lang, audience="participant", **options):
        calls.append(lang)
        return original(self, text, lang, audience, **options)

    monkeypatch.setattr(render.MarkdownSetup, "render", counting)
    project = load_project(TINY / "docs", "en", ["en", "es", "ar"], TINY)
    models = Models(project, MarkdownSetup())
    check(project, models=models)
    lesson_texts = sum(1 + len(lesson.translations) for lesson in project.lessons.values())
    series_sources = sum(1 + len(series.translations) for series in project.series.values())
    other_pages = [p for p in (TINY / "docs").rglob("*.md") if p.relative_to(TINY / "docs").parts[0] not in ("lessons", "series")]
    assert len(calls) == lesson_texts + series_sources + len(other_pages)
    calls.clear()
    layout = Layout("en", ("en", "es", "ar"), papers=("a4",))
    for lang in layout.languages:
        plan_handouts(project, layout, lang, "https://example.org/", models, lambda _lang: lambda message: message)
    assert calls == []  # the handouts print what the checker judged
