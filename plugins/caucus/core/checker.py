"""The checker: every problem in every lesson, as file:line messages."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from . import schema
from .agenda import timing_verdict, total_minutes
from .blocks import ScannedBlock
from .problems import ERROR, WARNING, Problem, did_you_mean
from .project import Lesson, LessonText, Project, load_project
from .translations import STATES, translation_record

_CODE_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(?:.+?)\1")
_LINK = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_UNSAFE_TAG = re.compile(r"<\s*/?\s*(script|iframe|object|embed|style|form|input|button|textarea|meta|link|base|svg|math)\b", re.I)
_EVENT_ATTRIBUTE = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
_SCRIPT_URL = re.compile(r"(?:\]\(\s*<?|<|=\s*[\"']?|\]:\s*)\s*(?:javascript|vbscript|data)\s*:", re.I)
_BLOCK_LINE = re.compile(r"^[ ]{0,3}/{3,}")


def check(project: Project) -> list[Problem]:
    """All problems of a loaded project, sorted by file and line."""
    problems = list(project.problems)
    titles: dict[str, str] = {}
    for lesson in project.sorted_lessons():
        problems += _check_original(project, lesson)
        title = str(lesson.original.meta.get("title", "")).strip().casefold()
        if title:
            if title in titles:
                problems.append(Problem(_shown(project, lesson.original), lesson.original.source.line_of("title"), f"two lessons have the title '{lesson.original.meta['title']}' (the other is {titles[title]}); give this one a different title"))
            else:
                titles[title] = _shown(project, lesson.original)
        for text in lesson.translations.values():
            problems += _check_translation(project, lesson, text)
    for series in project.series.values():
        for i, slug in enumerate(series.lessons):
            if slug not in project.lessons:
                problems.append(Problem(project.shown[series.path], series.source.line_of(f"lessons[{i}]"), f"series lists lesson '{slug}', which does not exist{did_you_mean(slug, project.lessons)}"))
        if not series.source.meta.get("title"):
            problems.append(Problem(project.shown[series.path], 1, "series has no 'title'"))
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.message))


def check_paths(docs_dir: Path, default_lang: str, languages: list[str], only: list[Path] | None = None, root: Path | None = None) -> tuple[Project, list[Problem]]:
    project = load_project(docs_dir, default_lang, languages, root)
    problems = check(project)
    if only:
        wanted = {project.shown.get(p.resolve(), None) for p in only} | {project.shown.get(p, None) for p in only}
        wanted |= {_display(p, root) for p in only}
        problems = [p for p in problems if p.path in wanted]
    return project, problems


def _display(path: Path, root: Path | None) -> str:
    try:
        return path.resolve().relative_to((root or Path.cwd()).resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _shown(project: Project, text: LessonText) -> str:
    return project.shown.get(text.path, text.rel)


def _check_original(project: Project, lesson: Lesson) -> list[Problem]:
    text = lesson.original
    path = _shown(project, text)
    source = text.source
    if not source.has_front_matter:
        return [Problem(path, 1, "the lesson has no front matter; start the file with '---', the fields (title, summary, duration, ...) and '---'")]
    problems = _check_fields(source, path, translated=False)
    if "translation" in source.meta:
        problems.append(Problem(path, source.line_of("translation"), "field 'translation' belongs only in translations (files like lesson.es.md); remove it here"))
    problems += _check_references(project, source, path)
    problems += _check_body(project, text, path)
    duration_ok = not any(p.message.startswith("field 'duration'") for p in problems)
    problems += _check_agenda(project, text, lesson.duration if duration_ok and "duration" in source.meta else None, path, source.line_of("duration"))
    return problems


def _check_translation(project: Project, lesson: Lesson, text: LessonText) -> list[Problem]:
    path = _shown(project, text)
    source = text.source
    if not source.has_front_matter:
        return [Problem(path, 1, "the translation has no front matter; start it with '---', the translated title, summary, objectives, key_points and a 'translation:' record, then '---'")]
    problems = _check_fields(source, path, translated=True)
    record = source.meta.get("translation")
    if record is None:
        problems.append(Problem(path, 1, "translation has no 'translation:' record; add 'translation:' with 'source:' (run: caucus new translation) and 'state: draft'"))
    elif not isinstance(record, dict):
        problems.append(Problem(path, source.line_of("translation"), "'translation' must hold two lines, 'source: <version>' and 'state: draft' (or reviewed), indented by 2 spaces"))
    else:
        version, state = translation_record(source.meta)
        for key in record:
            if key not in ("source", "state"):
                problems.append(Problem(path, source.line_of(f"translation.{key}"), f"unknown key '{key}' under 'translation'{did_you_mean(str(key), ('source', 'state'))} (keys: source, state)"))
        if not version or not re.fullmatch(r"[0-9a-f]{6,64}", version):
            problems.append(Problem(path, source.line_of("translation.source", source.line_of("translation")), "'translation: source:' must be the version of the English lesson that this translates (a hex code); run 'caucus translations --version " + lesson.slug + "' to print it"))
        if state not in STATES:
            problems.append(Problem(path, source.line_of("translation.state", source.line_of("translation")), f"'translation: state:' must be 'draft' or 'reviewed' (got '{state}')"))
    problems += _check_references(project, source, path)
    problems += _check_body(project, text, path)
    problems += _check_agenda(project, text, lesson.duration or None, path, 1)
    return problems


def _check_fields(source, path: str, translated: bool) -> list[Problem]:
    problems = []
    meta = source.meta
    allowed = {f.name for f in schema.LESSON_FIELDS} | ({"translation"} if translated else set())
    for key in meta:
        if key not in allowed:
            field = schema.FIELDS_BY_NAME.get(key)
            if translated and field is not None:
                problems.append(Problem(path, source.line_of(key), f"field '{key}' is set in the English lesson only; remove it from the translation"))
            else:
                problems.append(Problem(path, source.line_of(str(key)), f"unknown field '{key}'{did_you_mean(str(key), allowed)}"))
    for field in schema.LESSON_FIELDS:
        if translated and not field.translated:
            continue
        if field.name not in meta:
            if field.required:
                problems.append(Problem(path, 1, f"missing field '{field.name}': {field.description}"))
            continue
        problems += schema.check_field(field, meta[field.name], source.line_of, path)
    return problems


def _check_references(project: Project, source, path: str) -> list[Problem]:
    problems = []
    for name in ("prerequisites", "related"):
        for i, slug in enumerate(_list(source.meta.get(name))):
            if isinstance(slug, str) and slug not in project.lessons:
                problems.append(Problem(path, source.line_of(f"{name}[{i}]"), f"'{name}' names lesson '{slug}', which does not exist{did_you_mean(slug, project.lessons)}"))
    for i, term in enumerate(_list(source.meta.get("terms"))):
        if isinstance(term, str) and project.terms and term not in project.terms:
            problems.append(Problem(path, source.line_of(f"terms[{i}]"), f"'terms' names '{term}', which is not in the glossary{did_you_mean(term, project.terms)}"))
    return problems


def _list(value):
    if isinstance(value, str):
        return [value]
    return value if isinstance(value, list) else []


def _check_body(project: Project, text: LessonText, path: str) -> list[Problem]:
    problems = []
    source = text.source
    lines = source.body.split("\n")
    fence = None
    here = PurePosixPath(text.rel).parent
    # Block options (the indented lines under '/// kind') are shown as text, never as HTML.
    option_lines = {n for b in text.blocks or [] for n in range(b.line + 1, source.body_line + b.body_start)}
    for i, line in enumerate(lines):
        at = source.body_line + i
        if at in option_lines:
            continue
        m = _CODE_FENCE.match(line)
        if fence is not None:
            if m and m.group(1)[0] == fence[0]:
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        if _BLOCK_LINE.match(line):
            continue  # block titles are rendered as plain text
        plain = _INLINE_CODE.sub("", line)
        tag = _UNSAFE_TAG.search(plain)
        if tag:
            problems.append(Problem(path, at, f"unsafe HTML '<{tag.group(1).lower()}>' is not allowed in lessons; remove it (use Markdown for formatting)"))
        if _EVENT_ATTRIBUTE.search(plain):
            problems.append(Problem(path, at, "HTML event attributes such as 'onclick=' or 'onerror=' are not allowed in lessons; remove the attribute"))
        if _SCRIPT_URL.search(plain):
            problems.append(Problem(path, at, "links to 'javascript:' (or 'data:') URLs are not allowed in lessons; link to a web page or another lesson"))
        for link in _LINK.finditer(plain):
            is_image, label, target = link.group(1) == "!", link.group(2), link.group(3)
            if is_image and not label.strip():
                problems.append(Problem(path, at, f"image '{target}' has no alt text; describe it between the brackets: ![what the image shows]({target})"))
            problems += _check_link(project, here, target, path, at)
    return problems


def _check_link(project: Project, here: PurePosixPath, target: str, path: str, at: int) -> list[Problem]:
    if not target or target.startswith(("#", "/")) or re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
        return []
    file_part, _, anchor = target.partition("#")
    file_part = file_part.split("?")[0]
    if not file_part:
        return []
    parts: list[str] = []
    for part in (here / file_part).parts:
        if part == "..":
            if not parts:
                return [Problem(path, at, f"link '{target}' points outside the site")]
            parts.pop()
        elif part != ".":
            parts.append(part)
    resolved = project.docs_dir.joinpath(*parts)
    if not resolved.exists():
        hint = ""
        if file_part.endswith(".md"):
            stem = PurePosixPath(file_part).stem
            hint = did_you_mean(stem, project.lessons)
            hint = hint.replace("'?", ".md'?") if hint else ""
        return [Problem(path, at, f"link '{target}' points to a page that does not exist{hint}")]
    if anchor and "/".join(parts) == "glossary.md" and project.terms and anchor not in project.terms:
        return [Problem(path, at, f"link '{target}' names glossary term '{anchor}', which is not in the glossary{did_you_mean(anchor, project.terms)}")]
    return []


def _check_agenda(project: Project, text: LessonText, duration: int | None, path: str, duration_line: int) -> list[Problem]:
    if any(p.path == path for p in project.problems):
        return []  # a block is already reported broken: its minutes cannot be added up
    problems = []
    kinds = [b.name for b in text.blocks]
    if "discussion" not in kinds and text.blocks is not None and duration is not None:
        problems.append(Problem(path, text.source.body_line, "the lesson has no discussion block; a study-circle session needs at least one '/// discussion' round", WARNING))
    if duration is None or not isinstance(duration, int) or isinstance(duration, bool):
        return problems
    verdict = timing_verdict(total_minutes(text.agenda), duration)
    if verdict:
        severity, message = verdict
        problems.append(Problem(path, duration_line, message, ERROR if severity == "error" else WARNING))
    return problems
