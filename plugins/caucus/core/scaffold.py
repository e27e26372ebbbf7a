"""What a contributor starts from: a new lesson written from the template, the
start of a translation, and the template and example lesson that the contributor
guide shows. Pure functions: ``caucus new`` writes their text to files, the
lessons plugin puts it into pages and links."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from importlib import resources
from string import Template

from .project import Lesson
from .schema import LESSON_FIELDS

# Markers in the contributor guide that the lessons plugin replaces (like the field table's).
TEMPLATE_MARKER = "<!-- caucus:lesson-template -->"
EXAMPLE_MARKER = "<!-- caucus:example-lesson -->"

# The guide shows the template as `caucus new lesson "Title of your lesson"
# --setting union --topic solidarity` writes it.
GUIDE_TEMPLATE_VALUES = {"title": "Title of your lesson", "setting": "union", "topic": "solidarity"}


def _package_text(name: str) -> str:
    return resources.files("caucus.core").joinpath(name).read_text(encoding="utf-8")


def lesson_template() -> str:
    """The template itself, with ``$title``, ``$setting`` and ``$topic`` to fill in."""
    return _package_text("lesson_template.md")


def example_lesson() -> str:
    """A short, complete lesson written from the template (the guide's worked example)."""
    return _package_text("example_lesson.md")


def new_lesson_text(title: str, setting: str, topic: str) -> str:
    """A new lesson: the template with its title, setting and topic filled in."""
    return Template(lesson_template()).substitute(title=json.dumps(title, ensure_ascii=False), setting=setting, topic=topic)


def translation_head(lesson: Lesson, notes: Iterable[str] = ()) -> str:
    """The front matter that starts a translation: the fields a translation writes,
    still in English so that the translator replaces each text, then the record of
    which version of the English lesson it translates and that it is a draft.
    ``notes`` become YAML comments at the top (one line each)."""
    meta = lesson.original.meta
    lines = ["---"] + [f"# {note}" for note in notes]
    for field in LESSON_FIELDS:
        if not field.translated or field.name not in meta:
            continue
        value = meta[field.name]
        if isinstance(value, list):
            lines.append(f"{field.name}:")
            lines += [f"  - {json.dumps(item, ensure_ascii=False)}" for item in value]
        else:
            lines.append(f"{field.name}: {json.dumps(value, ensure_ascii=False)}")
    lines += ["translation:", f"  source: {lesson.original.version}", "  state: draft", "---", ""]
    return "\n".join(lines)


def translation_text(lesson: Lesson) -> str:
    """A whole new translation: its front matter, then the English body to translate."""
    return translation_head(lesson) + "\n" + lesson.original.source.body.lstrip("\n")


def _fenced(text: str) -> str:
    longest = max((len(m) for m in re.findall(r"`{3,}", text)), default=2)
    fence = "`" * (longest + 1)
    return f"{fence}markdown\n{text.rstrip()}\n{fence}\n"


def expand_guide_markers(markdown: str) -> str:
    """Put the template (as ``caucus new lesson`` writes it) and the example lesson
    into the contributor guide, as code to read rather than lessons to build."""
    if TEMPLATE_MARKER in markdown:
        markdown = markdown.replace(TEMPLATE_MARKER, _fenced(new_lesson_text(**GUIDE_TEMPLATE_VALUES)))
    if EXAMPLE_MARKER in markdown:
        markdown = markdown.replace(EXAMPLE_MARKER, _fenced(example_lesson()))
    return markdown
