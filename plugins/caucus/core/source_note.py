"""The source note the lessons teach, and what the project says about it: which lessons
teach each of its points and where they interpret it (go beyond what it says). Read from
the curriculum folder (``curriculum/`` beside mkdocs.yml):

- ``source-note.md``: the note as it was written, never edited;
- ``source-map.yml``: the note's points by section, each with ``quote`` (the note's
  passages it covers, word for word), ``lessons`` and ``interpretation`` (per language);
  ``throughout``: interpretations that hold for all the lessons;
- ``source-note.translations.yml``: draft translations of the note, passage by passage.

Pure: ``load`` answers with the data and the problems (file:line), never a traceback;
the source page (``pages.source_page``) is made from the data."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import ERROR, WARNING, Problem, did_you_mean
from .source import SourceError, read_yaml

NOTE, MAP, TRANSLATIONS = "source-note.md", "source-map.yml", "source-note.translations.yml"
# The sections of source-map.yml, in the note's order.
SECTIONS = ("opening", "caucuses_work_for", "other_organizations")
THROUGHOUT = "throughout"
MAX_FILE_BYTES = 1_000_000

HEADING, PARAGRAPH, ITEM = "heading", "paragraph", "item"


@dataclass(frozen=True)
class Passage:
    """A heading, paragraph or list item of the note, as written (its lines joined)."""

    kind: str
    text: str
    line: int


@dataclass(frozen=True)
class Point:
    section: str
    point: str  # the map's short name of the point
    quotes: tuple[str, ...]  # the note's passages it covers, word for word
    lessons: tuple[str, ...]
    interpretation: Mapping[str, str]  # language -> text
    line: int


@dataclass(frozen=True)
class SourceNote:
    passages: tuple[Passage, ...]
    points: tuple[Point, ...]
    throughout: tuple[Mapping[str, str], ...] = ()  # interpretations of all the lessons, language -> text
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # passage's English -> language -> text
    folder: str = "curriculum"  # as shown to contributors

    def points_of(self, passage: Passage) -> list[Point]:
        return [p for p in self.points if passage.text in p.quotes]

    def first_passage(self, point: Point) -> Passage | None:
        return next((p for p in self.passages if p.text in point.quotes), None)


_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^\s{0,3}[-*+]\s+(.*)$")


def parse_note(text: str) -> list[Passage]:
    """The note's passages: ATX headings, paragraphs (their lines joined by a space) and
    list items (with their indented continuation lines)."""
    passages: list[Passage] = []
    current: list[str] = []
    kind, start = PARAGRAPH, 0

    def close() -> None:
        nonlocal current
        if current:
            passages.append(Passage(kind, " ".join(current), start))
        current = []

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        heading, item = _HEADING.match(raw), _ITEM.match(raw)
        if not line:
            close()
        elif heading:
            close()
            passages.append(Passage(HEADING, heading.group(2), number))
        elif item:
            close()
            kind, start, current = ITEM, number, [item.group(1).strip()]
        elif current and (kind == PARAGRAPH or raw[:1].isspace()):
            current.append(line)
        else:
            close()
            kind, start, current = PARAGRAPH, number, [line]
    close()
    return passages


def load(folder: Path, lessons: Iterable[str], shown: str = "curriculum", languages: Iterable[str] = ()) -> tuple[SourceNote | None, list[Problem]]:
    """The curriculum in ``folder`` (None when the folder has neither the note nor the
    map: the site has no source page), and its problems. ``lessons``: the site's lesson
    ids; ``shown``: the folder as messages name it; ``languages``: the site's languages
    (an interpretation in another language is reported)."""
    note_file, map_file = folder / NOTE, folder / MAP
    if not note_file.is_file() and not map_file.is_file():
        return None, []
    problems: list[Problem] = []
    note_path, map_path, translations_path = f"{shown}/{NOTE}", f"{shown}/{MAP}", f"{shown}/{TRANSLATIONS}"
    note_text = _read(note_file, note_path, problems)
    map_text = _read(map_file, map_path, problems)
    if note_text is None or map_text is None:
        return None, problems
    passages = parse_note(note_text)
    if not passages:
        return None, [*problems, Problem(note_path, 1, "the source note is empty")]
    try:
        data, node = read_yaml(map_text, map_path, what="this file")
    except SourceError as error:
        return None, [*problems, error.problem]
    points, throughout = _points(data, node, map_path, passages, set(lessons), set(languages), problems)
    translations = _translations(folder / TRANSLATIONS, translations_path, passages, problems)
    quoted = {q for p in points for q in p.quotes}
    problems += [
        Problem(note_path, p.line, f"this point of the note is quoted by no point of {MAP}; add it there with the lessons that teach it")
        for p in passages
        if p.kind == ITEM and p.text not in quoted
    ]
    taught = {slug for p in points for slug in p.lessons}
    problems += [
        Problem(map_path, 1, f"lesson '{slug}' teaches no point of the note; add it under the point it teaches", WARNING)
        for slug in sorted(set(lessons) - taught)
    ]
    return SourceNote(tuple(passages), tuple(points), tuple(throughout), translations, shown), problems


def _read(path: Path, shown: str, problems: list[Problem]) -> str | None:
    if not path.is_file():
        problems.append(Problem(shown, 1, f"missing: the source page needs both {NOTE} and {MAP}"))
        return None
    if path.stat().st_size > MAX_FILE_BYTES:
        problems.append(Problem(shown, 1, f"the file is over {MAX_FILE_BYTES:,} bytes; it cannot be read"))
        return None
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem(shown, 1, f"cannot be read as UTF-8 text ({error.__class__.__name__})"))
        return None


def _line(node: yaml.Node | None, *path: str | int) -> int:
    """The 1-based line of the value at ``path`` in a composed YAML node (the nearest
    enclosing value's line when the path does not lead anywhere)."""
    found = node
    for step in path:
        child = None
        if isinstance(found, yaml.MappingNode):
            child = next((v for k, v in found.value if isinstance(k, yaml.ScalarNode) and k.value == step), None)
        elif isinstance(found, yaml.SequenceNode) and isinstance(step, int) and step < len(found.value):
            child = found.value[step]
        if child is None:
            break
        found = child
    return found.start_mark.line + 1 if found is not None else 1


def _texts(value: Any) -> dict[str, str] | None:
    """A language -> text mapping (None when it is not one)."""
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        return None
    return {k: " ".join(v.split()) for k, v in value.items() if v.strip()}


def _points(
    data: Any, node: yaml.Node | None, path: str, passages: list[Passage], lessons: set[str], languages: set[str], problems: list[Problem]
) -> tuple[list[Point], list[dict[str, str]]]:
    if not isinstance(data, dict):
        problems.append(Problem(path, 1, f"this file must be a mapping of the sections {', '.join(SECTIONS)}"))
        return [], []
    texts = [p.text for p in passages]
    points: list[Point] = []
    for section in SECTIONS:
        entries = data.get(section)
        if not isinstance(entries, list):
            problems.append(Problem(path, _line(node, section), f"section '{section}' is missing or is not a list of points"))
            continue
        for i, entry in enumerate(entries):
            at = _line(node, section, i)
            if not isinstance(entry, dict) or not isinstance(entry.get("point"), str):
                problems.append(Problem(path, at, f"{section}: each point is a mapping with 'point' (its name), 'quote', 'lessons' and 'interpretation'"))
                continue
            name = entry["point"]
            quotes = entry.get("quote")
            quotes = [quotes] if isinstance(quotes, str) else quotes
            if not isinstance(quotes, list) or not quotes or not all(isinstance(q, str) for q in quotes):
                problems.append(Problem(path, _line(node, section, i, "quote"), f"'{name}' has no 'quote': give the note's words it covers, as written"))
                quotes = []
            quotes = [" ".join(q.split()) for q in quotes]
            for j, quote in enumerate(quotes):
                if quote not in texts:
                    problems.append(
                        Problem(
                            path,
                            _line(node, section, i, "quote", j) if isinstance(entry.get("quote"), list) else _line(node, section, i, "quote"),
                            f"'{name}': the quote is not a passage of {NOTE} word for word{did_you_mean(quote, texts)}",
                        )
                    )
            taught = entry.get("lessons")
            if not isinstance(taught, list) or not taught or not all(isinstance(s, str) for s in taught):
                problems.append(Problem(path, _line(node, section, i, "lessons"), f"'{name}' has no lesson: list the lessons that teach it"))
                taught = []
            for j, slug in enumerate(taught):
                if slug not in lessons:
                    problems.append(
                        Problem(path, _line(node, section, i, "lessons", j), f"'{name}' names '{slug}', which is not a lesson{did_you_mean(slug, lessons)}")
                    )
            interpretation = _texts(entry.get("interpretation"))
            if interpretation is None or "en" not in interpretation:
                problems.append(
                    Problem(
                        path,
                        _line(node, section, i, "interpretation"),
                        f"'{name}' has no interpretation: say under 'interpretation: en:' where the lessons go beyond this point of the note, or that they do not",
                    )
                )
                interpretation = interpretation or {}
            problems += _unknown_languages(interpretation, languages, path, _line(node, section, i, "interpretation"))
            points.append(Point(section, name, tuple(q for q in quotes if q in texts), tuple(s for s in taught if s in lessons), interpretation, at))
    throughout: list[dict[str, str]] = []
    for i, entry in enumerate(data.get(THROUGHOUT) or []):
        texts_of = _texts(entry.get("interpretation")) if isinstance(entry, dict) else None
        if texts_of is None or "en" not in texts_of:
            problems.append(
                Problem(path, _line(node, THROUGHOUT, i), f"{THROUGHOUT}: each entry is a mapping with 'interpretation: en:' (and its translations)")
            )
            continue
        problems += _unknown_languages(texts_of, languages, path, _line(node, THROUGHOUT, i))
        throughout.append(texts_of)
    return points, throughout


def _unknown_languages(texts: Mapping[str, str], languages: set[str], path: str, line: int) -> list[Problem]:
    if not languages:
        return []
    return [Problem(path, line, f"'{lang}' is not a language of this site{did_you_mean(lang, languages)}", WARNING) for lang in texts if lang not in languages]


def _translations(file: Path, path: str, passages: list[Passage], problems: list[Problem]) -> dict[str, dict[str, str]]:
    """English passage -> language -> draft translation. An entry whose English is no
    longer in the note is reported (the note changed: its translation is out of date)."""
    if not file.is_file():
        return {}
    text = _read(file, path, problems)
    if text is None:
        return {}
    try:
        data, node = read_yaml(text, path, what="this file")
    except SourceError as error:
        problems.append(error.problem)
        return {}
    if not isinstance(data, list):
        problems.append(Problem(path, 1, "this file must be a list of passages, each with 'en' (the note's words) and their translations"))
        return {}
    texts = {p.text for p in passages}
    found: dict[str, dict[str, str]] = {}
    for i, entry in enumerate(data):
        entry_texts = _texts(entry)
        if entry_texts is None or "en" not in entry_texts:
            problems.append(Problem(path, _line(node, i), "each passage is a mapping with 'en' (the note's words) and their translations ('es', 'ar', ...)"))
            continue
        english = entry_texts.pop("en")
        if english not in texts:
            problems.append(
                Problem(path, _line(node, i), f"this English is not a passage of {NOTE} (did the note change?){did_you_mean(english, texts)}", WARNING)
            )
            continue
        found[english] = entry_texts
    return found


def missing_translations(note: SourceNote, languages: Iterable[str], default: str = "en") -> list[str]:
    """What the page in each language would show in English for want of a translation."""
    missing = []
    for lang in languages:
        if lang == default:
            continue
        missing += [f"{lang}: the note's passage '{p.text}' (line {p.line})" for p in note.passages if lang not in note.translations.get(p.text, {})]
        missing += [f"{lang}: the interpretation of '{p.point}'" for p in note.points if lang not in p.interpretation]
        missing += [f"{lang}: interpretation {i + 1} under '{THROUGHOUT}'" for i, texts in enumerate(note.throughout) if lang not in texts]
    return missing


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == ERROR]
