"""The Markdown of the pages we generate (facilitator guides, catalog, series
lists, collected questions, translation status) and of what we add to lesson
pages. Pure functions of the project, a language and a gettext function.

Every value that comes from a lesson is escaped with ``md_text`` (or html.escape
inside raw HTML), so front matter and block options appear only as text."""

from __future__ import annotations

import html
import json
import posixpath
import re
from dataclasses import dataclass
from typing import Callable

from . import vocabulary
from .agenda import build_agenda
from .blocks import block_name, strip_blocks
from .i18n import text_direction
from .layout import ALL_COLLECTED, CATALOG_SRC, STATUS_SRC, Layout, Output, collected_src, guide_src, lesson_src, setting_src, topic_src
from .project import Lesson, LessonText, Project, Series
from .translations import DRAFT, MISSING, STALE, classify, translation_record

Gettext = Callable[[str], str]

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")
_LINK_TARGET = re.compile(r"(\]\()([^)\s]+)(\))")


def in_language(markdown: str, text_lang: str, page_lang: str) -> str:
    """Lesson text shown on a page of another language (an untranslated lesson): marked
    with its own language and direction, so that browsers, screen readers and the
    bidi algorithm treat it as what it is."""
    if text_lang == page_lang:
        return markdown
    return f'<div lang="{text_lang}" dir="{text_direction(text_lang)}" markdown="1">\n\n{markdown.strip()}\n\n</div>\n\n'


def fallback_title(title: str, text_lang: str) -> str:
    """The page's h1 for an untranslated lesson (Material would print the title without
    saying which language it is in)."""
    return f'<h1 lang="{text_lang}" dir="{text_direction(text_lang)}">{html.escape(title)}</h1>\n\n'


def inline_in_language(text: str, text_lang: str, page_lang: str) -> str:
    if text_lang == page_lang:
        return text
    return f'<span lang="{text_lang}" dir="{text_direction(text_lang)}">{text}</span>'


def md_text(value: object) -> str:
    """Text that Markdown shows exactly as written: HTML and Markdown syntax escaped."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(str(value), quote=False)).replace("\n", " ")


def front_matter(**fields: object) -> str:
    body = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in fields.items())
    return f"---\n{body}---\n\n"


def rebase_links(markdown: str, from_dir: str, to_dir: str) -> str:
    """Rewrite relative links written for a file in ``from_dir`` so that they work
    from a file in ``to_dir`` (both relative to the docs folder)."""

    def fix(m: re.Match[str]) -> str:
        target = m.group(2)
        if target.startswith(("#", "/")) or re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
            return m.group(0)
        absolute = posixpath.normpath(posixpath.join(from_dir, target))
        return m.group(1) + posixpath.relpath(absolute, to_dir or ".") + m.group(3)

    return _LINK_TARGET.sub(fix, markdown)


def link(from_src: str, to_src: str) -> str:
    """A link between two pages, as Markdown source paths (MkDocs turns it into a URL)."""
    return posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")


@dataclass(frozen=True)
class HandoutLinks:
    """A lesson's handouts as the page linking them shows them: per edition, (kind,
    relative URL) with kind 'html' for the print page or a paper name for a PDF."""

    editions: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]


def handout_links(layout: Layout, slug: str, lang: str, from_page: Output, pdfs: bool = True) -> HandoutLinks:
    rows = []
    for edition in layout.editions:
        targets = [(paper, layout.link(from_page, layout.handout_pdf(slug, edition, paper, lang))) for paper in (layout.papers if pdfs else ())]
        targets.append(("html", layout.link(from_page, layout.handout_page(slug, edition, lang))))
        rows.append((edition, tuple(targets)))
    return HandoutLinks(tuple(rows))


EDITION_LABELS = {"participant": vocabulary.N_("Participant handout"), "facilitator": vocabulary.N_("Facilitator edition")}
LINK_LABELS = {"letter": vocabulary.N_("PDF, US Letter"), "a4": vocabulary.N_("PDF, A4"), "html": vocabulary.N_("print page")}


def handout_links_html(h: HandoutLinks, _: Gettext, facilitator: bool = True) -> str:
    a = lambda url, text: f'<a href="{html.escape(url)}">{html.escape(text)}</a>'  # noqa: E731
    rows = []
    for edition, targets in h.editions:
        if edition == "facilitator" and not facilitator:
            continue
        label = _(EDITION_LABELS.get(edition, edition))
        rows.append(f"<li>{html.escape(label)}: " + " · ".join(a(url, _(LINK_LABELS.get(kind, kind))) for kind, url in targets) + "</li>")
    return f'<nav class="caucus-handouts" aria-label="{html.escape(_("Handouts"))}"><ul>{"".join(rows)}</ul></nav>'


def minutes_text(minutes: int, _: Gettext) -> str:
    return _("%(minutes)d min") % {"minutes": minutes}


def notices(project: Project, lesson: Lesson, lang: str, _: Gettext, language_name: str, contribute_src: str, from_src: str, start_url: str | None = None) -> str:
    """The translation notices a lesson page (or its guide) shows in ``lang``.
    ``start_url`` (where the missing translation can be started) is where "Help
    translate it" leads when given; otherwise it leads to the contributor guide."""
    if lang == project.default_lang:
        return ""
    state = classify(lesson, lang)
    help_link = f"[{md_text(_('Help translate it.'))}]({link(from_src, contribute_src)}#translating-a-lesson)"
    if state == MISSING:
        start_link = f"[{md_text(_('Help translate it.'))}]({start_url})" if start_url else help_link
        text = md_text(_("This lesson has not been translated into %(language)s yet.") % {"language": language_name}) + " " + start_link
        kind = "untranslated"
    elif state == STALE:
        text = md_text(_("The original lesson has changed since this translation was made; some parts may be out of date.")) + " " + help_link
        kind = "stale"
        if translation_record(lesson.translations[lang].meta)[1] != "reviewed":
            # Out of date and never reviewed: the reader should know both.
            text += " " + md_text(_("This translation is a draft: no fluent speaker has reviewed it yet."))
    elif state == DRAFT:
        text = md_text(_("This translation is a draft: no fluent speaker has reviewed it yet."))
        kind = "draft"
    else:
        return ""
    return f'<div class="caucus-notice caucus-notice--{kind}" role="note" markdown="1">\n\n{text}\n\n</div>\n\n'


def lesson_header(project: Project, lesson: Lesson, lang: str, _: Gettext, this_src: str, handouts: HandoutLinks | None) -> str:
    parts = []
    shown = lesson.text(lang).lang
    summary = lesson.field("summary", lang)
    marked = f' lang="{shown}" dir="{text_direction(shown)}"' if shown != lang else ""
    parts.append(f'<div class="caucus-lesson-head" markdown="1">\n\n<p class="caucus-summary"{marked}>{html.escape(str(summary or ""))}</p>\n')
    facts = [md_text(minutes_text(lesson.duration, _))]
    level = lesson.original.meta.get("level")
    if level in vocabulary.LEVELS:
        facts.append(md_text(_(vocabulary.LEVELS[level])))
    facts += [f"[{md_text(_(vocabulary.SETTINGS[s]))}]({link(this_src, setting_src(s))})" for s in lesson.settings if s in vocabulary.SETTINGS]
    facts += [f"[{md_text(_(vocabulary.TOPICS[t]))}]({link(this_src, topic_src(t))})" for t in lesson.topics if t in vocabulary.TOPICS]
    parts.append('<p class="caucus-facts" markdown="1">' + " · ".join(facts) + "</p>\n")
    for series in project.series_of(lesson.slug):
        parts.append(series_position(project, series, lesson.slug, lang, _, this_src))
    parts.append(f'<p class="caucus-guide-link" markdown="1">[{md_text(_("Facilitator guide"))}]({link(this_src, guide_src(lesson.slug))})</p>\n')
    if handouts is not None:
        parts.append(handout_links_html(handouts, _) + "\n")
    parts.append("\n</div>\n\n")
    objectives = lesson.field("objectives", lang) or []
    if objectives:
        parts.append(f"## {md_text(_('In this session you will'))}\n\n" + in_language("".join(f"- {md_text(o)}\n" for o in objectives), shown, lang) + "\n")
    return "".join(parts)


def series_position(project: Project, series: Series, slug: str, lang: str, _: Gettext, this_src: str) -> str:
    order = [s for s in series.lessons if s in project.lessons]
    if slug not in order:
        return ""
    i = order.index(slug)
    title = series.field("title", lang) or series.slug
    text = _("Session %(number)d of %(count)d in") % {"number": i + 1, "count": len(order)}
    out = f'<nav class="caucus-series-nav" aria-label="{html.escape(_("Series"))}" markdown="1">\n\n{md_text(text)} [{md_text(title)}]({link(this_src, series.rel)})'
    if i > 0:
        prev = project.lessons[order[i - 1]]
        out += f" · [← {md_text(_('Previous'))}: {inline_in_language(md_text(prev.field('title', lang)), prev.text(lang).lang, lang)}]({link(this_src, lesson_src(prev.slug))})"
    if i + 1 < len(order):
        nxt = project.lessons[order[i + 1]]
        out += f" · [{md_text(_('Next'))}: {inline_in_language(md_text(nxt.field('title', lang)), nxt.text(lang).lang, lang)} →]({link(this_src, lesson_src(nxt.slug))})"
    return out + "\n\n</nav>\n"


def lesson_footer(project: Project, lesson: Lesson, lang: str, _: Gettext, this_src: str) -> str:
    parts = []
    points = lesson.field("key_points", lang) or []
    if points:
        parts.append(f"\n\n## {md_text(_('Key points'))}\n\n" + in_language("".join(f"- {md_text(p)}\n" for p in points), lesson.text(lang).lang, lang))
    terms = [t for t in lesson.original.meta.get("terms") or [] if isinstance(t, str)]
    if terms:
        parts.append(f"\n## {md_text(_('Words used in this lesson'))}\n\n" + ", ".join(f"[{md_text(t.replace('-', ' '))}]({link(this_src, 'glossary.md')}#{t})" for t in terms) + "\n")
    related = [s for s in (lesson.original.meta.get("related") or []) if isinstance(s, str) and s in project.lessons]
    if related:
        parts.append(f"\n## {md_text(_('Related lessons'))}\n\n" + "".join(f"- [{md_text(project.lessons[s].field('title', lang))}]({link(this_src, lesson_src(s))})\n" for s in related))
    return "".join(parts)


def participant_markdown(text: LessonText) -> str:
    """The lesson body without facilitator notes: what participants may see."""
    return strip_blocks(text.source.body, text.blocks, {"facilitator"}, text.source.body_line)


def timed_body(text: LessonText) -> str:
    """The lesson's body with each timed block told when it starts (its 'at' option),
    so that the guide and the facilitator edition show '0:20–0:35' on every part."""
    lines = text.source.body.split("\n")
    for item in reversed(build_agenda(text.blocks)):
        header = item.block.line - text.source.body_line
        indent = "    "
        lines.insert(header + 1, f'{indent}at: "{item.clock}"')
    return "\n".join(lines)


def agenda_table(text: LessonText, _: Gettext) -> str:
    rows = [f"| {md_text(_('Time'))} | {md_text(_('Part'))} | {md_text(_('Minutes'))} |", "| --- | --- | --- |"]
    for item in build_agenda(text.blocks):
        kind = _(item.block.kind.label) if item.block.kind else item.block.name
        name = block_name(kind, item.block.title)
        rows.append(f"| {item.clock} | {md_text(name)} | {item.minutes} |")
    return "\n".join(rows) + "\n"


def materials(text: LessonText) -> list[str]:
    found: list[str] = []
    for block in text.blocks:
        for item in block.options.get("materials") or []:
            if item not in found:
                found.append(item)
    return found


def session_checklist(text: LessonText, _: Gettext) -> list[str]:
    """What to bring: what every session needs, then what this lesson's activities need."""
    return [_(item) for item in vocabulary.SESSION_ESSENTIALS] + materials(text)


def questions(text: LessonText) -> list[str]:
    return [q for block in text.blocks if block.name == "discussion" for q in block.questions()]


def guide_page(project: Project, lesson: Lesson, lang: str, _: Gettext, language_name: str, contribute_src: str, handouts: HandoutLinks | None, start_url: str | None = None) -> str:
    text = lesson.text(lang)
    src = guide_src(lesson.slug)
    title = lesson.field("title", lang)
    out = [front_matter(title=_("Facilitator guide: %(title)s") % {"title": title})]
    out.append(f"# {md_text(_('Facilitator guide'))}: {inline_in_language(md_text(title), text.lang, lang)}\n\n")
    out.append(notices(project, lesson, lang, _, language_name, contribute_src, src, start_url))
    out.append(f'<p class="caucus-back" markdown="1">[{md_text(_("Back to the lesson"))}]({link(src, lesson_src(lesson.slug))}) · {md_text(minutes_text(lesson.duration, _))}</p>\n\n')
    if handouts is not None:
        out.append(handout_links_html(handouts, _) + "\n\n")
    out.append(f"## {md_text(_('Agenda'))}\n\n{agenda_table(text, _)}\n")
    out.append(f"## {md_text(_('Materials'))}\n\n")
    out.append("".join(f"- {md_text(m)}\n" for m in session_checklist(text, _)))
    own = lambda markdown: in_language(markdown, text.lang, lang)  # noqa: E731
    out.append(f"\n## {md_text(_('Objectives'))}\n\n" + own("".join(f"- {md_text(o)}\n" for o in lesson.field("objectives", lang) or [])))
    qs = questions(text)
    if qs:
        out.append(f"\n## {md_text(_('All the questions'))}\n\n" + own("".join(f"{i}. {rebase_links(q, 'lessons', 'guides')}\n" for i, q in enumerate(qs, 1))))
    out.append(f"\n## {md_text(_('Session plan with notes'))}\n\n")
    out.append(own(rebase_links(timed_body(text), "lessons", "guides").strip() + "\n\n"))
    out.append(f"## {md_text(_('Key points'))}\n\n" + own("".join(f"- {md_text(p)}\n" for p in lesson.field("key_points", lang) or [])))
    return "".join(out)


def lesson_card(project: Project, lesson: Lesson, lang: str, _: Gettext, from_src: str) -> str:
    shown = lesson.text(lang).lang
    title = inline_in_language(md_text(lesson.field("title", lang)), shown, lang)
    facts = [md_text(minutes_text(lesson.duration, _))]
    facts += [f"[{md_text(_(vocabulary.SETTINGS[s]))}]({link(from_src, setting_src(s))})" for s in lesson.settings if s in vocabulary.SETTINGS]
    facts += [f"[{md_text(_(vocabulary.TOPICS[t]))}]({link(from_src, topic_src(t))})" for t in lesson.topics if t in vocabulary.TOPICS]
    # The catalog's filter (assets/catalog.js) reads these; without JavaScript they do nothing.
    data = f'data-settings="{html.escape(" ".join(lesson.settings))}" data-topics="{html.escape(" ".join(lesson.topics))}"'
    return (f'<div class="caucus-card" markdown="1" {data}>\n\n**[{title}]({link(from_src, lesson_src(lesson.slug))})**  \n'
            f"{inline_in_language(md_text(lesson.field('summary', lang)), shown, lang)}  \n{' · '.join(facts)}\n\n</div>\n\n")


def _lessons_in(project: Project, lang: str, kind: str, value: str) -> list[Lesson]:
    chosen = [l for l in project.lessons.values() if value in (l.settings if kind == "settings" else l.topics)]
    return sorted(chosen, key=lambda l: (str(l.field("title", lang)).casefold(), l.slug))


def filter_box(_: Gettext) -> str:
    """The catalog's quick filter. It stays hidden (and out of the way of keyboards and
    screen readers) until assets/catalog.js shows it; without JavaScript, readers use
    the pages per kind of organization and per topic instead."""
    def choice(name: str, label: str, values: dict[str, str]) -> str:
        options = f'<option value="">{html.escape(_("All lessons"))}</option>' + "".join(
            f'<option value="{html.escape(v)}">{html.escape(_(l))}</option>' for v, l in values.items())
        return f'<label>{html.escape(label)} <select name="{name}">{options}</select></label>'

    shown = html.escape(_("Lessons shown: %(count)s"))
    return ('<form class="caucus-filter" data-caucus-filter hidden role="search">'
            f'<label>{html.escape(_("Filter lessons"))} <input type="search" name="words"></label> '
            + choice("settings", _("By kind of organization"), vocabulary.SETTINGS) + " "
            + choice("topics", _("By topic"), vocabulary.TOPICS)
            + f' <output data-caucus-count data-template="{shown}" aria-live="polite"></output></form>\n\n')


def catalog_page(project: Project, lang: str, _: Gettext) -> str:
    src = CATALOG_SRC
    out = [front_matter(title=_("Lesson catalog"), search={"boost": 2})]
    out.append(f"# {md_text(_('Lesson catalog'))}\n\n")
    out.append(md_text(_("%(count)d lessons. Choose the kind of organization you are in, or a topic.") % {"count": len(project.lessons)}) + "\n\n")
    out.append(f"## {md_text(_('By kind of organization'))}\n\n")
    for setting, label in vocabulary.SETTINGS.items():
        count = len(_lessons_in(project, lang, "settings", setting))
        out.append(f"- [{md_text(_(label))}]({link(src, setting_src(setting))}) ({count})\n")
    out.append(f"\n## {md_text(_('By topic'))}\n\n")
    for topic, label in vocabulary.TOPICS.items():
        count = len(_lessons_in(project, lang, "topics", topic))
        out.append(f"- [{md_text(_(label))}]({link(src, topic_src(topic))}) ({count})\n")
    if project.series:
        out.append(f"\n## {md_text(_('Series for study circles'))}\n\n")
        for series in project.series.values():
            out.append(f"- [{md_text(series.field('title', lang))}]({link(src, series.rel)}) ({len(series.lessons)})\n")
    out.append(f"\n## {md_text(_('All lessons'))}\n\n")
    out.append(filter_box(_))
    for lesson in sorted(project.lessons.values(), key=lambda l: (str(l.field("title", lang)).casefold(), l.slug)):
        out.append(lesson_card(project, lesson, lang, _, src))
    out.append(f"[{md_text(_('All key points and questions'))}]({link(src, collected_src(ALL_COLLECTED))})\n")
    return "".join(out)


def listing_page(project: Project, lang: str, _: Gettext, kind: str, value: str) -> str:
    label = (vocabulary.SETTINGS if kind == "settings" else vocabulary.TOPICS)[value]
    src = setting_src(value) if kind == "settings" else topic_src(value)
    heading = (_("Lessons for %(setting)s") if kind == "settings" else _("Lessons on %(topic)s")) % {"setting": _(label), "topic": _(label)}
    out = [front_matter(title=heading), f"# {md_text(heading)}\n\n", f"[{md_text(_('All lessons'))}]({link(src, CATALOG_SRC)})\n\n"]
    lessons = _lessons_in(project, lang, kind, value)
    if not lessons:
        out.append(md_text(_("No lessons yet. You can write one: see the contributor guide.")) + "\n")
    for lesson in lessons:
        out.append(lesson_card(project, lesson, lang, _, src))
    return "".join(out)


def series_sessions(project: Project, series: Series, lang: str, _: Gettext) -> str:
    """Appended to a series page: its sessions in order."""
    src = series.rel
    out = [f"\n\n## {md_text(_('Sessions'))}\n\n"]
    for i, slug in enumerate(series.lessons, 1):
        lesson = project.lessons.get(slug)
        if lesson is None:
            continue
        out.append(f"{i}. [{md_text(lesson.field('title', lang))}]({link(src, lesson_src(slug))}) ({md_text(minutes_text(lesson.duration, _))}): "
                   f"{md_text(lesson.field('summary', lang))} [{md_text(_('Facilitator guide'))}]({link(src, guide_src(slug))})\n")
    out.append(f"\n[{md_text(_('All key points and questions of this series'))}]({link(src, collected_src(series.slug))})\n")
    return "".join(out)


def collected_page(project: Project, lang: str, _: Gettext, series: Series | None) -> str:
    slugs = [s for s in series.lessons if s in project.lessons] if series else [l.slug for l in project.sorted_lessons()]
    name = series.field("title", lang) if series else _("All lessons")
    src = collected_src(series.slug if series else ALL_COLLECTED)
    title = _("Key points and questions: %(name)s") % {"name": name}
    out = [front_matter(title=title), f"# {md_text(title)}\n\n"]
    for slug in slugs:
        lesson = project.lessons[slug]
        text = lesson.text(lang)
        out.append(f"## [{md_text(lesson.field('title', lang))}]({link(src, lesson_src(slug))})\n\n")
        out.append(f"### {md_text(_('Key points'))}\n\n" + "".join(f"- {md_text(p)}\n" for p in lesson.field("key_points", lang) or []))
        qs = questions(text)
        if qs:
            out.append(f"\n### {md_text(_('Questions'))}\n\n" + "".join(f"- {rebase_links(q, 'lessons', 'collected')}\n" for q in qs))
        out.append("\n")
    return "".join(out)


STATE_LABELS = {"current": vocabulary.N_("Current"), "stale": vocabulary.N_("Out of date"), "draft": vocabulary.N_("Draft"), "missing": vocabulary.N_("Missing")}


def status_page(project: Project, lang: str, _: Gettext, language_names: dict[str, str]) -> str:
    src = STATUS_SRC
    others = [l for l in project.languages if l != project.default_lang]
    title = _("Translation status")
    out = [front_matter(title=title), f"# {md_text(title)}\n\n"]
    out.append(md_text(_("Each lesson is written in English first. This table shows, for each other language, whether its translation is current, out of date, a draft, or missing.")) + "\n\n")
    out.append(f"[{md_text(_('How to translate a lesson'))}]({link(src, 'contributing.md')}#translating-a-lesson)\n\n")
    out.append("| " + md_text(_("Lesson")) + " | " + " | ".join(md_text(language_names.get(l, l)) for l in others) + " |\n")
    out.append("| --- |" + " --- |" * len(others) + "\n")
    for lesson in project.sorted_lessons():
        cells = []
        for other in others:
            state = classify(lesson, other)
            cells.append(f'<span class="caucus-state caucus-state--{state}">{html.escape(_(STATE_LABELS[state]))}</span>')
        out.append(f"| [{md_text(lesson.field('title', lang))}]({link(src, lesson_src(lesson.slug))}) | " + " | ".join(cells) + " |\n")
    return "".join(out)
