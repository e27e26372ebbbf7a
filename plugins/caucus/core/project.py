"""The project as the core sees it: lessons (each with its translations), series
and glossary terms, read from a docs directory."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import variants
from .agenda import AgendaItem, build_agenda
from .blocks import ScannedBlock, scan_blocks
from .problems import Problem
from .slugs import is_slug, looks_like_markdown, suggested_name
from .source import Source, SourceError, read_limited, read_source, special_file_kind

LESSONS_DIR = "lessons"
SERIES_DIR = "series"
GLOSSARY = "glossary.md"
MAX_GLOSSARY_BYTES = 2 * 1024 * 1024

# On file names only (at most 255 bytes), and linear: '[^.]+' and '\.' cannot overlap.
_SUFFIXED = re.compile(r"^(?P<stem>[^.]+)\.(?P<lang>[A-Za-z_-]+)\.md$")
_ID_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


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
    # The file as written, when this text is one setting's choice of its variants
    # (core/variants.py): the checker judges its variants, translators translate it whole.
    full: LessonText | None = None

    @property
    def written(self) -> LessonText:
        """The file as written (its variants and all)."""
        return self.full or self

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
    # A setting's variant of a lesson (core/variants.py): the lesson it is worded from, and the setting.
    variant_of: str | None = None
    setting: str | None = None

    @property
    def is_variant(self) -> bool:
        return self.variant_of is not None

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
    # Each language's glossary file as written (glossary.md; glossary.es.md, ...), for handouts.
    glossaries: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    shown: dict[Path, str] = field(default_factory=dict)  # how each file is named in messages
    shown_base: Path | None = None  # names in messages are relative to this folder
    # (passages behind the English, passages) of each translation kept in a PO file,
    # by (lesson, language); filled by whoever knows where the PO files are.
    behind: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    # The keys of the passages whose English changed since they were translated (fuzzy).
    changed: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    # Each lesson's setting variants by slug, in the vocabulary's order (filled by add_variants):
    # pages ask for them on every lesson page and guide.
    variant_slugs: dict[str, list[str]] = field(default_factory=dict)

    def name_of(self, path: Path) -> str:
        """How messages name ``path``: as the loader named it, else relative to the same folder."""
        if path in self.shown:
            return self.shown[path]
        try:
            return path.relative_to(self.shown_base or Path.cwd().resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def own_lessons(self) -> dict[str, Lesson]:
        """The lessons as their files are written, without the setting variants made from them."""
        return {slug: lesson for slug, lesson in self.lessons.items() if not lesson.is_variant}

    def variants_of(self, slug: str) -> list[Lesson]:
        """The setting variants of a lesson, in the vocabulary's order of settings."""
        return [self.lessons[v] for v in self.variant_slugs.get(slug, []) if v in self.lessons]

    def series_of(self, slug: str) -> list[Series]:
        return [s for s in self.series.values() if slug in s.lessons]

    def sorted_lessons(self) -> list[Lesson]:
        """The lessons as written, by title (the setting variants made from them are not
        lessons of their own to translate, collect or list)."""
        return sorted(self.own_lessons().values(), key=lambda l: (str(l.original.meta.get("title", "")).casefold(), l.slug))


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
    being read (and files in docs/lessons/ or docs/series/ that would be lost, unsafe
    or would hang the build: see ``discover``) are collected in ``project.problems``;
    the checker adds the rest."""
    docs_dir = docs_dir.resolve()
    project = Project(docs_dir=docs_dir, default_lang=default_lang, languages=list(languages))
    base = project.shown_base = (shown_relative_to or Path.cwd()).resolve()

    def shown(path: Path) -> str:
        # The path as it is in the folder, not where a link leads (nor a loop's error):
        # docs_dir is resolved and every path here is built from it.
        try:
            name = path.relative_to(base).as_posix()
        except ValueError:
            name = path.as_posix()
        project.shown[path] = name
        return name

    lesson_files, problems = discover(docs_dir, LESSONS_DIR, languages, shown)
    project.problems.extend(problems)
    originals: dict[str, LessonText] = {}
    pending: list[LessonText] = []
    for path in lesson_files:
        text = _read_lesson_text(project, path, shown(path), languages, default_lang)
        if text is None:
            continue
        if text.lang == default_lang:
            if text.slug in originals:
                other = originals[text.slug]
                project.problems.append(
                    Problem(shown(path), 1, f"two lessons have the slug '{text.slug}' (the other is {project.shown[other.path]}); rename one of the files")
                )
                continue
            originals[text.slug] = text
        else:
            pending.append(text)
    for slug, text in originals.items():
        project.lessons[slug] = Lesson(slug, text)
    for text in pending:
        lesson = project.lessons.get(text.slug)
        if lesson is None:
            project.problems.append(
                Problem(
                    project.shown[text.path],
                    1,
                    f"translation of a lesson that does not exist: there is no '{text.slug}.md' beside it; rename the file to match its English lesson",
                )
            )
            continue
        lesson.translations[text.lang] = text

    found, problems = discover(docs_dir, SERIES_DIR, languages, shown)
    project.problems.extend(problems)
    # originals before their translations, whatever the file names sort as
    series_files = sorted(found, key=lambda p: (split_language(p.name, languages)[1] is not None, p.name))
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

    add_variants(project)
    glossary = _read_glossary(project, docs_dir / GLOSSARY, shown)
    project.glossaries[default_lang] = glossary
    for lang in languages:
        translated = docs_dir / f"{GLOSSARY[: -len('.md')]}.{lang}.md"
        if lang != default_lang and os.path.lexists(translated):
            project.glossaries[lang] = _read_glossary(project, translated, shown)
    for line in glossary.split("\n"):
        if line.startswith("#"):
            anchor = heading_anchor(line)
            if anchor:
                project.terms.add(anchor)
    return project


def _chosen(text: LessonText, slug: str, setting: str | None, meta: dict[str, Any] | None = None) -> LessonText:
    """``text`` as the page of ``setting`` shows it (None: the lesson's own page)."""
    source = text.source
    body = variants.select(source.body, text.blocks, source.body_line, setting)
    chosen = replace(source, body=body, meta=meta if meta is not None else source.meta)
    blocks, _problems = scan_blocks(body, source.path, source.body_line)  # the file's scan reported them
    return LessonText(slug, text.lang, text.path, text.rel, chosen, blocks, full=text)


def add_variants(project: Project) -> None:
    """Each lesson written with setting variants: its own texts become its own choice,
    and each setting it has variants for becomes a lesson of its own (``slug--setting``),
    translated into the languages whose files carry the variants."""
    for slug, lesson in list(project.lessons.items()):
        original = lesson.original
        if not variants.has_variants(original.blocks):
            continue
        offered = variants.offered(original.blocks, original.source.body, original.source.body_line, lesson.settings)
        for setting in offered:
            vslug = variants.variant_slug(slug, setting)
            meta = {**original.meta, "settings": [setting]}
            derived = Lesson(vslug, _chosen(original, vslug, setting, meta), variant_of=slug, setting=setting)
            for lang, text in lesson.translations.items():
                if variants.has_variants(text.blocks):
                    derived.translations[lang] = _chosen(text, vslug, setting, {**text.meta, "settings": [setting]})
            project.lessons[vslug] = derived
            project.variant_slugs.setdefault(slug, []).append(vslug)
        lesson.original = _chosen(original, slug, None)
        for lang, text in list(lesson.translations.items()):
            if variants.has_variants(text.blocks):
                lesson.translations[lang] = _chosen(text, slug, None)


def heading_anchor(line: str) -> str | None:
    """The id of a heading's attribute list, as in '## Caucus {#caucus}'; None without one.

    What ``re.search(r"\\{[^}]*#([A-Za-z0-9_-]+)[^}]*\\}\\s*$", line)`` found, in
    string operations: that pattern backtracks for minutes on a long line of '{#a'."""
    stripped = line.rstrip()
    if not stripped.endswith("}"):
        return None
    inner = stripped[:-1]
    inner = inner[inner.rfind("}") + 1 :]  # the text after any earlier '}'
    brace = inner.find("{")
    if brace == -1:
        return None
    inner = inner[brace + 1 :]
    hash_at = inner.rfind("#")
    while hash_at != -1:  # the last '#' followed by an id character
        if hash_at + 1 < len(inner) and inner[hash_at + 1] in _ID_CHARS:
            end = hash_at + 1
            while end < len(inner) and inner[end] in _ID_CHARS:
                end += 1
            return inner[hash_at + 1 : end]
        hash_at = inner.rfind("#", 0, hash_at)
    return None


def _read_glossary(project: Project, path: Path, shown: Callable[[Path], str]) -> str:
    docs_dir = project.docs_dir
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return ""
    if stat.S_ISLNK(mode):
        trouble, mode = _follow_link(path, docs_dir)
        if trouble:
            project.problems.append(Problem(shown(path), 1, trouble))
            return ""
    if not stat.S_ISREG(mode):
        project.problems.append(Problem(shown(path), 1, f"this is {special_file_kind(mode)}, not the glossary's Markdown file; replace it with one"))
        return ""
    try:
        raw = read_limited(path, shown(path), MAX_GLOSSARY_BYTES, "the glossary must be under {limit} KB.")
    except SourceError as exc:
        project.problems.append(exc.problem)
        return ""
    return raw.decode("utf-8", errors="replace")


def _follow_link(path: Path, docs_dir: Path) -> tuple[str | None, int]:
    """What is wrong with the link ``path`` (None: nothing), and the mode of what it
    leads to. A link is fine when it ends at something inside the docs folder."""
    relink = "replace the link with the file itself"
    try:
        target = os.path.realpath(path, strict=True)
    except FileNotFoundError:
        return f"this is a link to a file that does not exist; {relink}", 0
    except RuntimeError:
        return f"this is a link that loops back on itself; {relink}", 0
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"this is a link that loops back on itself; {relink}", 0
        return f"this is a link that cannot be followed ({exc.strerror}); {relink}", 0
    docs = str(docs_dir)
    if target != docs and not target.startswith(docs.rstrip(os.sep) + os.sep):
        return f"this is a link to a file outside the docs folder, which must not be published; {relink}, or remove it", 0
    try:
        return None, os.lstat(target).st_mode
    except OSError as exc:
        return f"this is a link that cannot be followed ({exc.strerror}); {relink}", 0


def discover(docs_dir: Path, folder: str, languages: list[str], shown: Callable[[Path], str]) -> tuple[list[Path], list[Problem]]:
    """The Markdown files directly in ``docs_dir/folder`` (lessons or series) that can
    be read, sorted; and a Problem (the entry's path, line 1, what to do) for every
    entry that the build would lose, publish unchecked, or hang on:

    - a folder named like a Markdown file; a link to a folder (MkDocs follows it);
    - a link that dangles, loops, or leads outside the docs folder;
    - a named pipe, socket or device (reading a pipe waits for ever);
    - a hidden Markdown file ('.name.md': MkDocs leaves it out);
    - a Markdown file in a subfolder (MkDocs would publish it, unchecked);
    - a Markdown file whose name is not a valid id ('My Lesson.md', 'Loud.MD').

    Nothing is opened here: entries are told apart by ``lstat`` (and a link by where
    it ends), so that only regular files are ever read. The folder must be a real
    folder; if it is missing there is nothing to read."""
    root = docs_dir / folder
    plural = "lessons" if folder == LESSONS_DIR else "series"
    kind = "lesson" if folder == LESSONS_DIR else "series"
    try:
        mode = os.lstat(root).st_mode
    except FileNotFoundError:
        return [], []
    except OSError as exc:
        return [], [Problem(shown(root), 1, f"the folder cannot be read ({exc.strerror}); check its permissions")]
    if stat.S_ISLNK(mode):
        return [], [
            Problem(shown(root), 1, f"'{folder}' is a link; make it a real folder holding the {kind} files (MkDocs would follow the link wherever it leads)")
        ]
    if not stat.S_ISDIR(mode):
        return [], [Problem(shown(root), 1, f"'{folder}' must be a folder holding the {kind} files; this is {special_file_kind(mode) or 'a file'}")]
    home = shown(root)
    found: list[Path] = []
    problems: list[Problem] = []
    pending: list[tuple[Path, int]] = [(root, 0)]
    while pending:
        directory, depth = pending.pop()
        try:
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as exc:
            problems.append(Problem(shown(directory), 1, f"the folder cannot be read ({exc.strerror}); check its permissions"))
            continue
        for entry in entries:
            path = Path(entry.path)
            name = entry.name
            markdown = looks_like_markdown(name)
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError as exc:
                problems.append(Problem(shown(path), 1, f"this file cannot be read ({exc.strerror}); check it"))
                continue
            if stat.S_ISLNK(mode):
                trouble, mode = _follow_link(path, docs_dir)
                if trouble:
                    problems.append(Problem(shown(path), 1, trouble))
                    continue
                if stat.S_ISDIR(mode):
                    problems.append(
                        Problem(
                            shown(path),
                            1,
                            f"this is a link to a folder, and MkDocs would publish whatever it holds; delete the link ({plural} are files directly in {home}/)",
                        )
                    )
                    continue
            if stat.S_ISDIR(mode):
                if markdown:
                    problems.append(
                        Problem(
                            shown(path),
                            1,
                            f"this is a folder, yet named like a Markdown file; {plural} are files directly in {home}/: rename the folder or move its files out",
                        )
                    )
                pending.append((path, depth + 1))
                continue
            special = special_file_kind(mode)
            if special is not None:
                problems.append(Problem(shown(path), 1, f"this is {special}, not a regular file, and reading it would stop or hang the build; delete it"))
                continue
            if not markdown:
                continue  # images and other files beside the lessons
            if depth > 0:
                problems.append(Problem(shown(path), 1, _subfolder_message(root, home, name, plural, languages)))
                continue
            trouble = _name_problem(name, kind, languages)
            if trouble:
                problems.append(Problem(shown(path), 1, trouble))
                continue
            found.append(path)
    return sorted(found), problems


def _subfolder_message(root: Path, home: str, name: str, plural: str, languages: list[str]) -> str:
    target = suggested_name(name, languages) or name
    if os.path.lexists(root / target):
        return f"{plural} live directly in {home}/, not in subfolders; move it into {home}/ under a new name ({home}/{target} already exists)"
    return f"{plural} live directly in {home}/, not in subfolders; move it to {home}/{target}"


def _name_problem(name: str, kind: str, languages: list[str]) -> str | None:
    """What is wrong with a Markdown file name directly in the folder (None: nothing;
    an unknown language suffix is left to the reader, which names the languages)."""
    suggestion = suggested_name(name, languages)
    rename = f"rename it to {suggestion}" if suggestion else f"rename it using only the letters a-z, digits and '-', like {kind}-title.md"
    if name.startswith("."):
        return f"MkDocs leaves out files whose names start with '.', so this {kind} would never be published; {rename}"
    if not name.endswith(".md"):
        return f"a {kind} file's name must end in '.md' (lower case); {rename}"
    stem = split_language(name, languages)[0]
    if not is_slug(stem):
        return f"'{name}' is not a valid {kind} id (only the letters a-z, digits and single '-' between them); {rename}"
    return None


def _read_lesson_text(project: Project, path: Path, name: str, languages: list[str], default_lang: str) -> LessonText | None:
    stem, lang, bad = split_language(path.name, languages)
    if bad:
        project.problems.append(
            Problem(
                name,
                1,
                f"unknown language '{bad}' in the file name; built languages are: {', '.join(languages)}. Name a translation like lesson.{languages[-1]}.md",
            )
        )
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


def drop_unreadable(project: Project) -> list[str]:
    """Forget the lesson texts that could not be read whole (a problem while reading:
    bad YAML, a broken block, a limit passed), so that a build told to go on past the
    checker leaves them out instead of publishing half of them. Returns their names."""
    broken = {problem.path for problem in project.problems}
    dropped = []
    for slug, lesson in list(project.lessons.items()):
        if project.shown.get(lesson.original.path) in broken:
            del project.lessons[slug]
            dropped.append(project.shown[lesson.original.path])
            continue
        for lang, text in list(lesson.translations.items()):
            if project.shown.get(text.path) in broken:
                del lesson.translations[lang]
                dropped.append(project.shown[text.path])
    return dropped
