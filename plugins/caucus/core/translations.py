"""Translation status: for each lesson and language, is its translation current,
stale (the original changed since), a draft, or missing?"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .project import Lesson, Project

CURRENT, STALE, DRAFT, MISSING = "current", "stale", "draft", "missing"
STATES = ("draft", "reviewed")


def translation_record(meta: dict[str, Any]) -> tuple[str | None, str | None]:
    record = meta.get("translation")
    if not isinstance(record, dict):
        return None, None
    source, state = record.get("source"), record.get("state")
    return (str(source) if source is not None else None), (state if isinstance(state, str) else None)


def is_draft(lesson: Lesson, lang: str) -> bool:
    """Whether ``lang``'s translation of the lesson exists and is not reviewed (a draft,
    whether or not the original has changed since)."""
    return lang in lesson.translations and translation_record(lesson.translations[lang].meta)[1] != "reviewed"


def classify(lesson: Lesson, lang: str) -> str:
    """A stale translation is reported as stale even when it is also a draft:
    the reader needs to know that most."""
    if lang not in lesson.translations:
        return MISSING
    source, state = translation_record(lesson.translations[lang].meta)
    if source != lesson.original.version:
        return STALE
    if state != "reviewed":
        return DRAFT
    return CURRENT


@dataclass(frozen=True)
class StatusRow:
    slug: str
    title: str
    states: dict[str, str]  # language -> state
    behind: dict[str, tuple[int, int]]  # language -> (passages behind the English, passages), where known
    # Languages translated without the setting variants the English has (their readers get the English variants).
    without_variants: tuple[str, ...] = ()


def status_table(project: Project) -> list[StatusRow]:
    others = [lang for lang in project.languages if lang != project.default_lang]
    return [
        StatusRow(
            lesson.slug,
            str(lesson.original.meta.get("title", lesson.slug)),
            {lang: classify(lesson, lang) for lang in others},
            {lang: project.behind[(lesson.slug, lang)] for lang in others if (lesson.slug, lang) in project.behind},
            tuple(lang for lang in others if lang in lesson.translations and _lacks_variants(project, lesson, lang)),
        )
        for lesson in project.sorted_lessons()
    ]


def _lacks_variants(project: Project, lesson: Lesson, lang: str) -> bool:
    variants = project.variants_of(lesson.slug)
    return bool(variants) and not any(lang in variant.translations for variant in variants)


def cell(row: StatusRow, lang: str) -> str:
    """'stale 3/41' when 3 of 41 passages are behind the English (changed since, or not
    translated yet), else the state."""
    changed, total = row.behind.get(lang, (0, 0))
    return f"{row.states[lang]} {changed}/{total}" if changed and row.states[lang] != MISSING else row.states[lang]


def format_table(rows: list[StatusRow], languages: list[str]) -> str:
    width = max([len("lesson")] + [len(r.slug) for r in rows])
    cells = max([8] + [len(cell(r, lang)) for r in rows for lang in languages])
    head = "lesson".ljust(width) + "  " + "  ".join(lang.ljust(cells) for lang in languages)
    lines = [head, "-" * len(head)]
    for row in rows:
        lines.append(row.slug.ljust(width) + "  " + "  ".join(cell(row, lang).ljust(cells) for lang in languages))
    totals = {lang: sum(1 for r in rows if r.states[lang] == CURRENT) for lang in languages}
    lines.append("-" * len(head))
    lines.append("current".ljust(width) + "  " + "  ".join(f"{totals[l]}/{len(rows)}".ljust(cells) for l in languages))
    if any(row.behind.get(lang, (0, 0))[0] for row in rows for lang in languages):
        lines.append("(stale 3/41: 3 of the lesson's 41 passages changed in English since; 'caucus translations sync' marks them in the PO files)")
    lacking = [f"{row.slug} ({', '.join(row.without_variants)})" for row in rows if row.without_variants]
    if lacking:
        lines.append("translated without the setting variants, whose readers see them in English: " + "; ".join(lacking))
    return "\n".join(lines)
