"""The project as the core sees it: lessons (each with its translations), series
and glossary terms, read from a docs directory."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .agenda import AgendaItem, build_agenda
from .blocks import ScannedBlock, scan_blocks
from .problems import Problem
from .source import Source, SourceError, read_source

LESSONS_DIR = "lessons"
SERIES_DIR = "series"
GLOSSARY = "glossary.md"

_SUFFIXED = re.compile(r"^(?P<stem>[^.]+)\.(?P<lang>[A-Za-z_-]+)\.md$")
_ANCHOR = re.compile(r"\{[^}]*#([A-Za-z0-9_-]+)[^}]*\}\s*$")


def content_version(text: str) -> str:
    """The version of a source file: a short hash of its text, which survives a clone
    (unlike file times) and changes whenever the lesson does."""
    normalized = text.replace("\r\n", "\n").strip() + "\n"
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:12]


@dataclass
class LessonText:
    """One language's file of a lesson."""

    slug: str
    lang: str
    path: Path
    rel: str  # relative to the docs directory, with '/'
    source: Source
    blocks: list[ScannedBlock]

    @property
    def meta(self) -> dict[str, Any]:
        return self.source.meta

    @property
    def agenda(self) -> list[AgendaItem]:
        return build_agenda(self.blocks)

    @property
    def version(self) -> str:
        return content_version(self.source.text)


@dataclass
class Lesson:
    slug: str
    original: LessonText
    translations: dict[str, LessonText] = field(default_factory=dict)

    def text(self, lang: str) -> LessonText:
        """The text shown in ``lang``: its translation, or the original."""
        return self.translations.get(lang, self.original)

    def field(self, name: str, lang: str) -> Any:
        """A front-matter value as shown in ``lang`` (structural fields come from the original)."""
        translated = self.translations.get(lang)
        if translated is not None and name in translated.meta:
            return translated.meta[name]
        return self.original.meta.get(name)

    @property
    def duration(self) -> int:
        value = self.original.meta.get("duration")
        return value if isinstance(value, int) and not isinstance(value, bool) else 0

    @property
    def settings(self) -> list[str]:
        return _as_list(self.original.meta.get("settings"))

    @property
    def topics(self) -> list[str]:
        return _as_list(self.original.meta.get("topics"))


@dataclass
class Series:
    slug: str
    path: Path
    rel: str
    source: Source
    lessons: list[str]
    translations: dict[str, Source] = field(default_factory=dict)

    def field(self, name: str, lang: str) -> Any:
        translated = self.translations.get(lang)
        if translated is not None and name in translated.meta:
            return translated.meta[name]
        return self.source.meta.get(name)


@dataclass
class Project:
    docs_dir: Path
    default_lang: str
    languages: list[str]
    lessons: dict[str, Lesson] = field(default_factory=dict)
    series: dict[str, Series] = field(default_factory=dict)
    terms: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    shown: dict[Path, str] = field(default_factory=dict)  # how each file is named in messages

    def series_of(self, slug: str) -> list[Series]:
        return [s for s in self.series.values() if slug in s.lessons]

    def sorted_lessons(self) -> list[Lesson]:
        return sorted(self.lessons.values(), key=lambda l: (str(l.original.meta.get("title", "")).casefold(), l.slug))


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def split_language(name: str, languages: list[str]) -> tuple[str, str | None, str | None]:
    """``('x', 'es', None)`` for ``x.es.md``; ``(stem, None, None)`` for ``x.md``;
    a third item names a suffix that is not a built language."""
    m = _SUFFIXED.match(name)
    if not m:
        return name[:-3], None, None
    lang = m.group("lang")
    if lang in languages:
        return m.group("stem"), lang, None
    return m.group("stem"), None, lang


def load_project(docs_dir: Path, default_lang: str, languages: list[str], shown_relative_to: Path | None = None) -> Project:
    """Read every lesson, series and glossary file. Problems that stop a file from
    being read are collected in ``project.problems``; the checker adds the rest."""
    docs_dir = docs_dir.resolve()
    project = Project(docs_dir=docs_dir, default_lang=default_lang, languages=list(languages))
    base = (shown_relative_to or Path.cwd()).resolve()

    def shown(path: Path) -> str:
        try:
            name = path.resolve().relative_to(base).as_posix()
        except ValueError:
            name = path.as_posix()
        project.shown[path] = name
        return name

    lesson_dir = docs_dir / LESSONS_DIR
    originals: dict[str, LessonText] = {}
    pending: list[LessonText] = []
    for path in sorted(lesson_dir.rglob("*.md")) if lesson_dir.is_dir() else []:
        text = _read_lesson_text(project, path, shown(path), languages, default_lang)
        if text is None:
            continue
        if text.lang == default_lang:
            if text.slug in originals:
                other = originals[text.slug]
                project.problems.append(Problem(shown(path), 1, f"two lessons have the slug '{text.slug}' (the other is {project.shown[other.path]}); rename one of the files"))
                continue
            originals[text.slug] = text
        else:
            pending.append(text)
    for slug, text in originals.items():
        project.lessons[slug] = Lesson(slug, text)
    for text in pending:
        lesson = project.lessons.get(text.slug)
        if lesson is None:
            project.problems.append(Problem(project.shown[text.path], 1, f"translation of a lesson that does not exist: there is no '{text.slug}.md' beside it; rename the file to match its English lesson"))
            continue
        lesson.translations[text.lang] = text

    series_dir = docs_dir / SERIES_DIR
    # originals before their translations, whatever the file names sort as
    series_files = sorted(series_dir.glob("*.md"), key=lambda p: (split_language(p.name, languages)[1] is not None, p.name)) if series_dir.is_dir() else []
    for path in series_files:
        stem, lang, bad = split_language(path.name, languages)
        name = shown(path)
        if bad:
            project.problems.append(Problem(name, 1, f"unknown language '{bad}' in the file name; built languages are: {', '.join(languages)}"))
            continue
        try:
            source = read_source(path, name)
        except SourceError as exc:
            project.problems.append(exc.problem)
            continue
        if lang is None or lang == default_lang:
            project.series[stem] = Series(stem, path, path.relative_to(docs_dir).as_posix(), source, _as_list(source.meta.get("lessons")))
        else:
            pending_series = project.series.get(stem)
            if pending_series is None:
                project.problems.append(Problem(name, 1, f"translation of a series that does not exist: there is no '{stem}.md' beside it"))
            else:
                pending_series.translations[lang] = source

    glossary = docs_dir / GLOSSARY
    if glossary.is_file():
        for line in glossary.read_text(encoding="utf-8", errors="replace").split("\n"):
            if line.startswith("#"):
                m = _ANCHOR.search(line)
                if m:
                    project.terms.add(m.group(1))
    return project


def _read_lesson_text(project: Project, path: Path, name: str, languages: list[str], default_lang: str) -> LessonText | None:
    stem, lang, bad = split_language(path.name, languages)
    if bad:
        project.problems.append(Problem(name, 1, f"unknown language '{bad}' in the file name; built languages are: {', '.join(languages)}. Name a translation like lesson.{languages[-1]}.md"))
        return None
    try:
        source = read_source(path, name)
    except SourceError as exc:
        project.problems.append(exc.problem)
        return None
    blocks, block_problems = scan_blocks(source.body, name, source.body_line)
    text = LessonText(stem, lang or default_lang, path, path.relative_to(project.docs_dir).as_posix(), source, blocks)
    project.problems.extend(block_problems)
    return text
