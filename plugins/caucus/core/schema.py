"""The lesson schema, defined once: the checker validates against it and the
contributor guide's field table is generated from it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import vocabulary
from .problems import Problem, did_you_mean

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MIN_DURATION, MAX_DURATION = 30, 180


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # "text", "minutes", "choice", "choices", "list", "slugs", "mapping"
    required: bool
    description: str
    choices: tuple[str, ...] = ()
    translated: bool = False  # a translation writes its own value; otherwise it inherits the source's


LESSON_FIELDS: tuple[Field, ...] = (
    Field("title", "text", True, "The lesson's title, short and plain.", translated=True),
    Field("summary", "text", True, "One or two sentences: what the session does for the group.", translated=True),
    Field("duration", "minutes", True, f"Length of the session in minutes ({MIN_DURATION}-{MAX_DURATION}); the block minutes leave 10 to 25 % of it free."),
    Field("settings", "choices", True, "The kinds of organization the lesson serves.", tuple(vocabulary.SETTINGS)),
    Field("topics", "choices", True, "What the lesson is about.", tuple(vocabulary.TOPICS)),
    Field("objectives", "list", True, "What participants will be able to do after the session.", translated=True),
    Field("key_points", "list", True, "The points to remember, one sentence each.", translated=True),
    Field(
        "running_late",
        "text",
        False,
        "Running late? What to cut first when the session runs over, in a sentence or two; the facilitator guide shows it beside the agenda.",
        translated=True,
    ),
    Field(
        "if_interpreted",
        "text",
        False,
        "What to cut when the session is interpreted from one language to another (talk then takes about twice as long); the facilitator guide shows it.",
        translated=True,
    ),
    Field("level", "choice", False, "How much the group should already know.", tuple(vocabulary.LEVELS)),
    Field("prerequisites", "slugs", False, "Lessons to take first (their file names without .md)."),
    Field("related", "slugs", False, "Other lessons on nearby questions (file names without .md)."),
    Field("terms", "slugs", False, "Glossary terms the lesson uses (the ids in glossary.md)."),
)

TRANSLATION_FIELD = Field(
    "translation",
    "mapping",
    True,
    "In a translation only: `source` (the version of the English lesson it translates, written by `caucus new translation`) and `state` (`draft` or `reviewed`).",
)

FIELDS_BY_NAME = {f.name: f for f in LESSON_FIELDS}


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def check_field(field: Field, value: Any, line_of: Callable[[str], int], path: str) -> list[Problem]:
    """Problems with one field's value; the field is known to be present."""
    name = field.name
    here = line_of(name)
    if field.kind == "text":
        if not _is_text(value):
            return [Problem(path, here, f"field '{name}' must be text (got {_describe(value)})")]
        return []
    if field.kind == "minutes":
        if isinstance(value, bool) or not isinstance(value, int):
            return [Problem(path, here, f"field '{name}' must be a whole number of minutes (got {_describe(value)})")]
        if not MIN_DURATION <= value <= MAX_DURATION:
            return [Problem(path, here, f"field '{name}' is {value} minutes; a session lasts {MIN_DURATION} to {MAX_DURATION} minutes")]
        return []
    if field.kind == "choice":
        if not isinstance(value, str) or value not in field.choices:
            return [
                Problem(path, here, f"field '{name}' has unknown value '{value}'{did_you_mean(value, field.choices)} (choose from: {', '.join(field.choices)})")
            ]
        return []
    # the list kinds
    if isinstance(value, str) and field.kind in ("choices", "slugs"):
        value = [value]  # a single word is read as a one-item list
    if not isinstance(value, list) or not value and field.required:
        return [Problem(path, here, f"field '{name}' must be a list with at least one item, one per line starting with '- ' (got {_describe(value)})")]
    problems = []
    for i, item in enumerate(value):
        at = line_of(f"{name}[{i}]")
        if field.kind == "list":
            if not _is_text(item):
                problems.append(Problem(path, at, f"item {i + 1} of '{name}' must be text (got {_describe(item)})"))
        elif field.kind == "choices":
            if not isinstance(item, str) or item not in field.choices:
                problems.append(
                    Problem(path, at, f"unknown {name[:-1]} '{item}' in '{name}'{did_you_mean(item, field.choices)} (choose from: {', '.join(field.choices)})")
                )
        elif field.kind == "slugs":
            if not isinstance(item, str) or not SLUG.match(item):
                problems.append(Problem(path, at, f"item {i + 1} of '{name}' must be an id in lowercase words joined by hyphens (got {_describe(item)})"))
    return problems


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}', a yes/no value"
    if isinstance(value, str):
        return f"'{value}'" if value.strip() else "empty text"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return type(value).__name__


def field_table_markdown() -> str:
    """The contributor guide's table of front-matter fields, from the schema itself."""
    rows = ["| Field | Required | What to write |", "| --- | --- | --- |"]
    for f in LESSON_FIELDS + (TRANSLATION_FIELD,):
        what = f.description
        if f.choices:
            what += " One or more of: " if f.kind == "choices" else " One of: "
            what += ", ".join(f"`{c}`" for c in f.choices) + "."
        if f.name != "translation" and not f.translated:
            what += " A translation leaves it out (it comes from the English lesson)."
        rows.append(f"| `{f.name}` | {'yes' if f.required else 'no'} | {what} |")
    return "\n".join(rows) + "\n"
