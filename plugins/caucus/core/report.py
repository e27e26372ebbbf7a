"""What a change does to the lessons, compared with a base revision: the report that
``caucus report`` prints and the pull-request workflow posts as one comment.

Pure: it compares two loaded projects (the base and the working tree) and is handed
the checker's problems and, when handouts are rendered, a function that counts the
pages of participant handouts. Markup lives in ``templates/report/report.md.j2``."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from . import templates
from .agenda import total_minutes
from .blocks import BLOCK_KINDS, block_name
from .i18n import language_name
from .markup import code_span, comment_text, fill
from .model import blocks_of
from .passages import cut
from .problems import ERROR, Problem
from .project import LESSONS_DIR, SERIES_DIR, LessonText, Project, split_language
from .translations import CURRENT, MISSING, STALE, classify

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
# What a lesson's entry says happened to it.
NEW_LESSON, REMOVED_LESSON, CHANGED_LESSON, TRANSLATED_LESSON = "new", "removed", "changed", "translations"


PageCounter = Callable[[Project, list[tuple[str, str]]], dict[tuple[str, str], int]]
Gettext = Callable[[str], str]


@dataclass(frozen=True)
class FileChange:
    rel: str  # relative to the docs folder, with '/'
    status: str  # ADDED, REMOVED or CHANGED


@dataclass(frozen=True)
class AgendaLine:
    clock: str
    kind: str  # the block kind's name (checkin, discussion, ...)
    title: str
    minutes: int


@dataclass(frozen=True)
class Passage:
    """A part of a lesson's original that differs from the base: a front-matter field, a
    block (by its id, the same in every translation), or the text between blocks."""

    id: str  # 'field:title', 'reading-1', 'outside-blocks'
    kind: str  # 'field', a block kind, or 'text'
    title: str


@dataclass(frozen=True)
class TranslationNote:
    lang: str
    before: str | None  # a translation state (current, stale, draft, missing); None: no lesson
    after: str | None
    edited: bool  # the translation's own file is part of the change
    passages: tuple[Passage, ...] = ()  # of an edited translation: what differs in it

    @property
    def made_stale(self) -> bool:
        return not self.edited and self.after == STALE and self.before not in (STALE, None)


@dataclass(frozen=True)
class HandoutPages:
    lang: str
    before: int | None  # None: not there before (a new lesson or translation)
    after: int | None  # None: gone


@dataclass
class LessonReport:
    slug: str
    title: str
    path: str  # the original's file, as messages name it
    status: str
    files: list[FileChange]
    duration: int = 0
    total: int = 0
    before_duration: int | None = None
    before_total: int | None = None
    agenda: list[AgendaLine] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    passages_changed: int = 0  # of the original's passages (the entries of its PO files)
    passages_total: int = 0
    translations: list[TranslationNote] = field(default_factory=list)
    handouts: list[HandoutPages] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def stale(self) -> list[TranslationNote]:
        return [t for t in self.translations if t.made_stale]

    @property
    def edited(self) -> list[TranslationNote]:
        return [t for t in self.translations if t.edited]


@dataclass
class SeriesReport:
    slug: str
    title: str
    path: str
    files: list[FileChange]
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Report:
    base: str  # the revision as given
    commit: str
    docs: str  # how messages name the docs folder ('docs')
    language: str  # the language the report speaks
    default_lang: str
    lessons: list[LessonReport]
    series: list[SeriesReport]
    other_problems: list[Problem]  # in other changed files, and those the change caused in unchanged ones
    handouts: str  # 'rendered', 'off' (the site has none) or 'skipped' (not asked for)
    paper: str
    page_budget: int
    preview_url: str | None = None

    @property
    def problems(self) -> list[Problem]:
        entries: list[LessonReport | SeriesReport] = [*self.lessons, *self.series]
        found = [p for entry in entries for p in entry.problems]
        return sorted(found + self.other_problems, key=lambda p: (p.path, p.line, p.message))

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == ERROR)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors

    @property
    def over_budget(self) -> list[tuple[LessonReport, HandoutPages]]:
        return [(lesson, h) for lesson in self.lessons for h in lesson.handouts if h.after is not None and h.after > self.page_budget]

    def as_data(self) -> dict[str, Any]:
        """Everything the report says, as plain data (``--format json``)."""
        data = asdict(self)
        for entry, lesson in zip(data["lessons"], self.lessons, strict=True):
            entry["made_out_of_date"] = [t.lang for t in lesson.stale]
        data["errors"], data["warnings"] = self.errors, self.warnings
        return data


def changed_files(base_docs: Path, head_docs: Path, folders: Iterable[str] = (LESSONS_DIR, SERIES_DIR)) -> list[FileChange]:
    """Every Markdown file under ``folders`` that was added, removed or changed (by its
    bytes), docs-relative and sorted."""
    changes = []
    for folder in folders:
        before = _markdown_files(base_docs / folder)
        after = _markdown_files(head_docs / folder)
        for name in sorted(before.keys() | after.keys()):
            rel = f"{folder}/{name}"
            if name not in before:
                changes.append(FileChange(rel, ADDED))
            elif name not in after:
                changes.append(FileChange(rel, REMOVED))
            elif before[name].read_bytes() != after[name].read_bytes():
                changes.append(FileChange(rel, CHANGED))
    return changes


def _markdown_files(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    # Real files only: the checker reports links and other oddities in the working tree.
    return {p.relative_to(folder).as_posix(): p for p in folder.rglob("*.md") if p.is_file() and not p.is_symlink()}


def report_language(changes: list[FileChange], languages: list[str], default_lang: str) -> str:
    """The language of the only translations a change touches; else the default."""
    langs = {split_language(Path(c.rel).name, languages)[1] or default_lang for c in changes}
    return langs.pop() if len(langs) == 1 else default_lang


def build_report(
    base: Project,
    head: Project,
    changes: list[FileChange],
    problems: list[Problem],
    base_problems: list[Problem],
    *,
    ref: str,
    commit: str,
    docs_prefix: str,
    count_pages: PageCounter | None = None,
    handouts: str = "skipped",
    paper: str = "letter",
    page_budget: int = 4,
    preview_url: str | None = None,
) -> Report:
    """``problems``: the checker's on the working tree; ``base_problems``: on the base
    (a problem in an unchanged file is reported when the change caused it, e.g. a link
    to a removed lesson). ``docs_prefix``: how messages name the docs folder ('docs'), to
    match problems to the files of the change; ``count_pages``: the participant handouts' page counts of
    (lesson, language) pairs in a project (None: not rendered)."""
    by_lesson: dict[str, list[FileChange]] = {}
    by_series: dict[str, list[FileChange]] = {}
    others: list[FileChange] = []
    for change in changes:
        folder, _, name = change.rel.partition("/")
        slug, _lang, _unknown = split_language(name, head.languages)
        if "/" in name or _unknown:
            others.append(change)
        else:
            (by_lesson if folder == LESSONS_DIR else by_series).setdefault(slug, []).append(change)
    shown = {f"{docs_prefix}/{c.rel}" for c in changes}
    before = {(p.path, p.line, p.message) for p in base_problems}
    mine = [p for p in problems if p.path in shown]
    caused = [p for p in problems if p.path not in shown and (p.path, p.line, p.message) not in before]

    def problems_of(files: list[FileChange]) -> list[Problem]:
        names = {f"{docs_prefix}/{f.rel}" for f in files}
        return [p for p in mine if p.path in names]

    language = report_language(changes, head.languages, head.default_lang)
    lessons = [_lesson_report(base, head, slug, files, docs_prefix, problems_of(files), language) for slug, files in sorted(by_lesson.items())]
    if count_pages is not None:
        _count_handouts(base, head, lessons, count_pages)
    series = [
        SeriesReport(slug, _series_title(head, base, slug), f"{docs_prefix}/{SERIES_DIR}/{slug}.md", files, problems_of(files))
        for slug, files in sorted(by_series.items())
    ]
    return Report(
        ref,
        commit,
        docs_prefix,
        language,
        head.default_lang,
        lessons,
        series,
        problems_of(others) + caused,
        handouts,
        paper,
        page_budget,
        preview_url,
    )


def _series_title(head: Project, base: Project, slug: str) -> str:
    series = head.series.get(slug) or base.series.get(slug)
    return str(series.source.meta.get("title", slug)) if series is not None else slug


def _lesson_report(base: Project, head: Project, slug: str, files: list[FileChange], docs_prefix: str, problems: list[Problem], language: str) -> LessonReport:
    before, after = base.lessons.get(slug), head.lessons.get(slug)
    original_changed = any(split_language(Path(f.rel).name, head.languages)[1] is None for f in files)
    if after is None:
        status = REMOVED_LESSON if before is not None or all(f.status == REMOVED for f in files) else CHANGED_LESSON
    elif before is None:
        status = NEW_LESSON
    else:
        status = CHANGED_LESSON if original_changed else TRANSLATED_LESSON
    shown = after or before
    report = LessonReport(
        slug,
        str(shown.field("title", language) or slug) if shown else slug,
        f"{docs_prefix}/{LESSONS_DIR}/{slug}.md",
        status,
        files,
        problems=problems,
    )
    if after is not None:
        report.duration, report.total = after.duration, total_minutes(after.original.agenda)
        report.agenda = [
            AgendaLine(item.clock, item.block.name, item.block.title, item.minutes) for item in after.original.agenda if item.block.kind is not None
        ]
    if before is not None and after is not None:
        report.before_duration, report.before_total = before.duration, total_minutes(before.original.agenda)
        if original_changed:
            report.passages, report.passages_changed, report.passages_total = changed_passages(before.original, after.original)
    edited = {split_language(Path(f.rel).name, head.languages)[1] for f in files}
    for lang in head.languages:
        if lang == head.default_lang:
            continue
        old, new = (before.translations.get(lang) if before else None), (after.translations.get(lang) if after else None)
        note = TranslationNote(
            lang,
            classify(before, lang) if before is not None else None,
            classify(after, lang) if after is not None else None,
            lang in edited,
            tuple(changed_passages(old, new)[0]) if lang in edited and old is not None and new is not None else (),
        )
        if note.edited or note.before != note.after or status == NEW_LESSON:
            report.translations.append(note)
    return report


def changed_passages(before: LessonText, after: LessonText) -> tuple[list[Passage], int, int]:
    """The parts of a text that differ between two versions, in the order of the newer
    one (a front-matter field, a block by its id as every translation numbers it, or the
    text between blocks), with how many of its passages, the units of the PO files,
    changed and how many it has. Minutes and other structural options are no passage."""
    old = cut(before.written).by_key
    new = cut(after.written).passages
    keys = {p.key for p in new}
    changed = [p for p in new if p.key not in old or old[p.key].text != p.text]
    regions = list(dict.fromkeys([p.region for p in changed] + [p.region for k, p in old.items() if k not in keys]))
    titles = {block.id: (block.kind, block.title) for block in blocks_of(after.written)}
    parts = []
    for region in regions:
        if region == "front":
            fields = dict.fromkeys(re.sub(r"-\d+$", "", p.key.split("/")[2]) for p in changed if p.region == "front")
            parts += [Passage(f"field:{name}", "field", name) for name in fields]
        elif region == "text":
            parts.append(Passage("outside-blocks", "text", ""))
        else:
            kind, title = titles.get(region, (region.rsplit("-", 1)[0], ""))
            parts.append(Passage(region, kind, title))
    return parts, len(changed) + sum(1 for k in old if k not in keys), len(new)


def _count_handouts(base: Project, head: Project, lessons: list[LessonReport], count_pages: PageCounter) -> None:
    """Page counts of the participant handouts that the change alters: the default
    language's when the original changed (new lessons and removed ones too), a
    translation's when it changed."""
    wanted: list[tuple[LessonReport, str]] = []
    for lesson in lessons:
        langs = {split_language(Path(f.rel).name, head.languages)[1] or head.default_lang for f in lesson.files}
        wanted += [(lesson, lang) for lang in head.languages if lang in langs]
    old = count_pages(base, [(l.slug, lang) for l, lang in wanted if l.slug in base.lessons and _has_text(base, l.slug, lang)])
    new = count_pages(head, [(l.slug, lang) for l, lang in wanted if l.slug in head.lessons and _has_text(head, l.slug, lang)])
    for lesson, lang in wanted:
        lesson.handouts.append(HandoutPages(lang, old.get((lesson.slug, lang)), new.get((lesson.slug, lang))))


def _has_text(project: Project, slug: str, lang: str) -> bool:
    lesson = project.lessons[slug]
    return lang == project.default_lang or lang in lesson.translations


def state_words(_: Gettext) -> dict[str | None, str]:
    """A translation state in plain words."""
    return {
        CURRENT: _("up to date"),
        STALE: _("out of date"),
        "draft": _("a draft, not yet reviewed"),
        MISSING: _("not translated yet"),
        None: _("not there"),
    }


def kind_label(kind: str, _: Gettext) -> str:
    found = BLOCK_KINDS.get(kind)
    return _(found.label) if found is not None else kind


def render_markdown(report: Report, _: Gettext, language_names: dict[str, str]) -> str:
    """The report as GitHub Markdown, in the language ``_`` translates into."""
    states = {state: Markup(comment_text(words)) for state, words in state_words(_).items()}
    names = {lang: f"{language_names.get(lang) or language_name(lang)} ({lang})" for lang in [report.default_lang, *language_names]}
    headings = {
        NEW_LESSON: _("New lesson: %(title)s"),
        REMOVED_LESSON: _("Lesson removed: %(title)s"),
        CHANGED_LESSON: _("Lesson changed: %(title)s"),
        TRANSLATED_LESSON: _("Translations changed: %(title)s"),
    }
    fields = {
        "title": _("the title"),
        "summary": _("the summary"),
        "objectives": _("the objectives"),
        "key_points": _("the key points"),
        "running_late": _("what to cut when running late"),
        "if_interpreted": _("what to cut when interpreted"),
    }

    def heading(lesson: LessonReport) -> Markup:
        return fill(headings[lesson.status], title=lesson.title)

    def timing(lesson: LessonReport) -> Markup:
        values = {"total": lesson.total, "duration": lesson.duration, "difference": abs(lesson.total - lesson.duration)}
        if lesson.total > lesson.duration:
            text = fill(
                _("%(total)s min of blocks for a %(duration)s-min session: %(difference)s min too long. Shorten blocks or raise 'duration'."),
                **values,
            )
        elif lesson.total == lesson.duration:
            text = fill(_("%(total)s min of blocks fill the %(duration)s-min session exactly, with no time to spare."), **values)
        else:
            text = fill(_("%(total)s min of blocks for a %(duration)s-min session: %(difference)s min to spare."), **values)
        if lesson.before_total is not None and (lesson.before_total, lesson.before_duration) != (lesson.total, lesson.duration):
            before = fill(_("Before this change: %(total)s min of blocks for %(duration)s min."), total=lesson.before_total, duration=lesson.before_duration)
            text = Markup(f"{text} {before}")
        return text

    def passage_name(passage: Passage) -> Markup:
        if passage.kind == "field":
            return Markup(comment_text(fields.get(passage.title, passage.title)))
        if passage.kind == "text":
            return Markup(comment_text(_("the text outside the blocks")))
        return Markup(f"{comment_text(block_name(kind_label(passage.kind, _), passage.title))} ({code_span(passage.id)})")

    def page_change(pages: HandoutPages) -> Markup:
        if pages.after is None:
            return fill(_("removed (page count before: %(before)s)"), before=pages.before)
        if pages.before is None:
            return fill(_("page count: %(after)s (new)"), after=pages.after)
        if pages.before == pages.after:
            return fill(_("page count: %(after)s, as before"), after=pages.after)
        return fill(_("page count: %(before)s before, %(after)s now"), before=pages.before, after=pages.after)

    return str(
        templates.render(
            "report/report.md.j2",
            report=report,
            _=_,
            fill=fill,
            names=names,
            states=states,
            kind_label=lambda kind: kind_label(kind, _),
            block_name=block_name,
            docs=report.docs,
            heading=heading,
            timing=timing,
            passage_name=passage_name,
            page_change=page_change,
        )
    )
