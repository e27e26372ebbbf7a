"""The data of the pages we generate (facilitator guides, catalog, series lists,
collected questions, translation status) and of what we add to lesson pages, handed to
their templates (``caucus/templates/pages/``). Pure functions of the project, a
language and a gettext function.

Templates escape every value (autoescaping, and the ``md`` filter for Markdown), so
front matter and block options appear only as text."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from . import forms as forms_core
from . import kit as kit_core
from . import markup, templates, vocabulary
from .agenda import build_agenda, total_minutes
from .blocks import block_name
from .i18n import language_name as babel_name
from .layout import (
    ALL_COLLECTED,
    BILINGUAL,
    CATALOG_SRC,
    GLOSSARY_SRC,
    LESSON_FORMS,
    SERIES_FORMS,
    SOURCE_SRC,
    STATUS_SRC,
    Layout,
    Output,
    collected_src,
    guide_src,
    lesson_src,
    setting_src,
    topic_src,
)
from .markup import front_matter, md_text  # noqa: F401  (tests use md_text from here)
from .project import Lesson, LessonText, Project, Series
from .source_note import MAP, SourceNote
from .translations import DRAFT, MISSING, STALE, classify, is_draft, translation_record

Gettext = Callable[[str], str]

_LINK_TARGET = re.compile(r"(\]\()([^)\s]+)(\))")


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
    # The bilingual handouts (core/bilingual.py): per language paired with the default
    # one, (that language, the default one, the same (kind, relative URL) targets).
    bilingual: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = ()


def handout_links(layout: Layout, slug: str, lang: str, from_page: Output, pdfs: bool = True, translations: Collection[str] = ()) -> HandoutLinks:
    """``translations``: the languages the lesson is translated into. A translated
    lesson's page links its bilingual handout; the default language's page links the
    bilingual handout of every language the lesson is translated into."""

    def targets(edition: str, in_lang: str) -> tuple[tuple[str, str], ...]:
        found = [(paper, layout.link(from_page, layout.handout_pdf(slug, edition, paper, in_lang))) for paper in (layout.papers if pdfs else ())]
        return (*found, ("html", layout.link(from_page, layout.handout_page(slug, edition, in_lang))))

    rows = tuple((edition, targets(edition, lang)) for edition in layout.editions)
    paired = layout.bilingual_languages(translations)
    shown = paired if lang == layout.default_lang else tuple(other for other in paired if other == lang)
    return HandoutLinks(rows, tuple((other, layout.default_lang, targets(BILINGUAL, other)) for other in shown))


EDITION_LABELS = {
    "participant": vocabulary.N_("Participant handout"),
    "facilitator": vocabulary.N_("Facilitator edition"),
    "large-print": vocabulary.N_("Large-print handout"),
    BILINGUAL: vocabulary.N_("Bilingual handout"),
}
# A kit is one ZIP per paper: its link names the paper.
PAPER_LABELS = {"letter": vocabulary.N_("for US Letter paper"), "a4": vocabulary.N_("for A4 paper")}
LINK_LABELS = {"letter": vocabulary.N_("PDF, US Letter"), "a4": vocabulary.N_("PDF, A4"), "html": vocabulary.N_("print page")}


def handout_links_html(h: HandoutLinks, _: Gettext, facilitator: bool = True) -> str:
    editions = [
        {"label": _(EDITION_LABELS.get(edition, edition)), "targets": [{"url": url, "label": _(LINK_LABELS.get(kind, kind))} for kind, url in targets]}
        for edition, targets in h.editions
        if facilitator or edition != "facilitator"
    ]
    # Each bilingual handout says its two languages by their own names, marked as such.
    editions += [
        {
            "label": _(EDITION_LABELS[BILINGUAL]),
            "languages": [{"lang": one, "name": _own_name(one)} for one in (other, source)],
            "targets": [{"url": url, "label": _(LINK_LABELS.get(kind, kind))} for kind, url in targets],
        }
        for other, source, targets in h.bilingual
    ]
    return _render("handout_links.html.j2", _, editions=editions, label=None)


def _own_name(lang: str) -> str:
    """A language's name in itself, as a label begins ("Español", not "español")."""
    name = babel_name(lang, lang)
    return name[:1].upper() + name[1:]


# What each form is called where pages link it (core/forms.py makes them).
FORM_LABELS = {
    "sign-in": vocabulary.N_("Sign-in sheet"),
    "commitment-cards": vocabulary.N_("Commitment cards"),
    "evaluation": vocabulary.N_("Evaluation"),
    "action-plan": vocabulary.N_("Action plan"),
}


def form_links_html(links: list[tuple[str, list[tuple[str, str]]]], _: Gettext) -> str:
    """``links``: (form, [(paper, relative URL)]) from ``lesson_form_links`` or ``series_form_links``."""
    editions = [
        {"label": _(FORM_LABELS.get(form, form)), "targets": [{"url": url, "label": _(LINK_LABELS.get(paper, paper))} for paper, url in targets]}
        for form, targets in links
    ]
    return _render("handout_links.html.j2", _, editions=editions, label=_("Forms to print")) if editions else ""


def lesson_form_links(layout: Layout, slug: str, lang: str, from_page: Output) -> list[tuple[str, list[tuple[str, str]]]]:
    return [(form, [(paper, layout.link(from_page, layout.lesson_form(slug, form, paper, lang))) for paper in layout.papers]) for form in LESSON_FORMS]


def series_form_links(layout: Layout, series_slug: str, lang: str) -> list[tuple[str, list[tuple[str, str]]]]:
    here = layout.series(series_slug, lang)
    return [(form, [(paper, layout.link(here, layout.series_form(series_slug, form, paper, lang))) for paper in layout.papers]) for form in SERIES_FORMS]


def minutes_text(minutes: int, _: Gettext) -> str:
    return _("%(minutes)d min") % {"minutes": minutes}


def notices(
    project: Project, lesson: Lesson, lang: str, _: Gettext, language_name: str, contribute_src: str, from_src: str, start_url: str | None = None
) -> str:
    """The translation notices a lesson page (or its guide) shows in ``lang``.
    ``start_url`` (where the missing translation can be started) is where "Help
    translate it" leads when given; otherwise it leads to the contributor guide."""
    if lang == project.default_lang:
        return ""
    state = classify(lesson, lang)
    draft = {"text": _("This translation is a draft: no fluent speaker has reviewed it yet.")}
    help_link = {"text": _("Help translate it."), "url": link(from_src, contribute_src) + "#translating-a-lesson"}
    if state == MISSING:
        kind = "untranslated"
        parts = [
            {"text": _("This lesson has not been translated into %(language)s yet.") % {"language": language_name}},
            {"text": _("Help translate it."), "url": Markup(start_url)} if start_url else help_link,
        ]
    elif state == STALE:
        kind = "stale"
        parts = [{"text": _("The original lesson has changed since this translation was made; some parts may be out of date.")}, help_link]
        if (lesson.slug, lang) in project.behind:
            changed, total = project.behind[(lesson.slug, lang)]
            parts.insert(
                1, {"text": _("Passages changed in the original since this translation: %(changed)d of %(total)d.") % {"changed": changed, "total": total}}
            )
        if translation_record(lesson.translations[lang].meta)[1] != "reviewed":
            parts.append(draft)  # out of date and never reviewed: the reader should know both
    elif state == DRAFT:
        kind, parts = "draft", [draft]
    else:
        return ""
    return _render("notice.md.j2", _, kind=kind, parts=parts)


def _facts(lesson: Lesson, _: Gettext, from_src: str, level: bool = False) -> list[dict[str, Any]]:
    facts: list[dict[str, Any]] = [{"text": minutes_text(lesson.duration, _)}]
    value = lesson.original.meta.get("level")
    if level and value in vocabulary.LEVELS:
        facts.append({"text": _(vocabulary.LEVELS[value])})
    facts += [{"text": _(vocabulary.SETTINGS[s]), "url": link(from_src, setting_src(s))} for s in lesson.settings if s in vocabulary.SETTINGS]
    facts += [{"text": _(vocabulary.TOPICS[t]), "url": link(from_src, topic_src(t))} for t in lesson.topics if t in vocabulary.TOPICS]
    return facts


def lesson_header(project: Project, lesson: Lesson, lang: str, _: Gettext, this_src: str, handouts: HandoutLinks | None) -> str:
    return _render(
        "lesson_header.md.j2",
        _,
        lang=lang,
        shown=lesson.text(lang).lang,
        summary=str(lesson.field("summary", lang) or ""),
        facts=_facts(lesson, _, this_src, level=True),
        positions=[Markup(series_position(project, series, lesson.slug, lang, _, this_src)) for series in project.series_of(lesson.slug)],
        guide_link=link(this_src, guide_src(lesson.slug)),
        handouts=Markup(handout_links_html(handouts, _)) if handouts is not None else None,
        objectives=lesson.field("objectives", lang) or [],
        versions=versions(project, lesson, _, this_src, lesson_src),
    )


def printed_title(lesson: Lesson, lang: str, _: Gettext) -> str:
    """A lesson's title as a handout prints it: a setting's variant says which setting,
    since a printed sheet has no links to tell the versions apart."""
    title = str(lesson.field("title", lang))
    if lesson.setting in vocabulary.SETTINGS:
        return f"{title} ({_(vocabulary.SETTINGS[lesson.setting])})"
    return title


def versions(project: Project, lesson: Lesson, _: Gettext, this_src: str, src_of: Callable[[str], str]) -> list[dict[str, Any]]:
    """The lesson as written and its setting variants, each named by its settings and
    linked (``src_of``: the page of a slug, a lesson page or a guide); empty for a lesson
    without variants."""
    base = project.lessons.get(lesson.variant_of or lesson.slug)
    if base is None:
        return []
    others = project.variants_of(base.slug)
    if not others:
        return []
    return [
        {
            "text": ", ".join(_(vocabulary.SETTINGS[s]) for s in version.settings if s in vocabulary.SETTINGS),
            "link": link(this_src, src_of(version.slug)),
            "current": version.slug == lesson.slug,
        }
        for version in [base, *others]
    ]


def series_language(project: Project, series: Series, lang: str) -> str:
    """The language a series' title is shown in, in ``lang``: its translation's, or the original's."""
    translated = series.translations.get(lang)
    return lang if translated is not None and "title" in translated.meta else project.default_lang


def glossary_terms(project: Project, lang: str) -> dict[str, tuple[str, str]]:
    """Each glossary term's name by its id, as ``lang``'s glossary names it (with the
    language of the name): the default glossary's where ``lang``'s has no such entry."""
    from .print_links import glossary_entries

    default = project.default_lang
    names = {key: (entry.term, default) for key, entry in glossary_entries(project.glossaries.get(default, ""), default).items()}
    if lang != default:
        names.update({key: (entry.term, lang) for key, entry in glossary_entries(project.glossaries.get(lang, ""), lang).items()})
    return names


def series_position(project: Project, series: Series, slug: str, lang: str, _: Gettext, this_src: str) -> str:
    order = [s for s in series.lessons if s in project.lessons]
    if slug not in order:
        return ""
    i = order.index(slug)

    def neighbour(other: str) -> dict[str, Any]:
        lesson = project.lessons[other]
        return {"title": lesson.field("title", lang), "lang": lesson.text(lang).lang, "link": link(this_src, lesson_src(other))}

    return _render(
        "series_position.md.j2",
        _,
        lang=lang,
        position=_("Session %(number)d of %(count)d in") % {"number": i + 1, "count": len(order)},
        series_title=series.field("title", lang) or series.slug,
        series_lang=series_language(project, series, lang),
        series_link=link(this_src, series.rel),
        previous=neighbour(order[i - 1]) if i > 0 else None,
        next=neighbour(order[i + 1]) if i + 1 < len(order) else None,
    )


def lesson_footer(project: Project, lesson: Lesson, lang: str, _: Gettext, this_src: str) -> str:
    terms = [t for t in lesson.original.meta.get("terms") or [] if isinstance(t, str)]
    related = [s for s in (lesson.original.meta.get("related") or []) if isinstance(s, str) and s in project.lessons]
    names = glossary_terms(project, lang) if terms else {}
    return _render(
        "lesson_footer.md.j2",
        _,
        lang=lang,
        shown=lesson.text(lang).lang,
        key_points=lesson.field("key_points", lang) or [],
        terms=[
            {"name": name, "lang": term_lang, "link": f"{link(this_src, GLOSSARY_SRC)}#{t}"}
            for t in terms
            for name, term_lang in [names.get(t, (t.replace("-", " "), project.default_lang))]
        ],
        related=[
            {"title": project.lessons[s].field("title", lang), "lang": project.lessons[s].text(lang).lang, "link": link(this_src, lesson_src(s))}
            for s in related
        ],
    )


def agenda_rows(text: LessonText, _: Gettext) -> list[dict[str, Any]]:
    rows = []
    for item in build_agenda(text.blocks):
        kind = _(item.block.kind.label) if item.block.kind else item.block.name
        rows.append({"clock": item.clock, "part": block_name(kind, item.block.title), "minutes": item.minutes})
    return rows


def spare_text(text: LessonText, duration: int, _: Gettext) -> str | None:
    """What the agenda leaves free, said under it ('10 minutes to spare'); None when nothing."""
    spare = duration - total_minutes(build_agenda(text.blocks))
    if spare <= 0:
        return None
    return _("The parts add up to %(planned)d minutes: %(spare)d minutes to spare for a late start or a round that runs over.") % {
        "planned": duration - spare,
        "spare": spare,
    }


def field_in_language(lesson: Lesson, name: str, lang: str) -> tuple[str, str] | None:
    """A translated text field as (text, the language it is written in): a translation
    without it shows the English lesson's text, marked as English."""
    translated = lesson.translations.get(lang)
    if translated is not None and isinstance(translated.meta.get(name), str):
        return translated.meta[name], translated.lang
    value = lesson.original.meta.get(name)
    return (value, lesson.original.lang) if isinstance(value, str) and value.strip() else None


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


def guide_page(
    project: Project,
    lesson: Lesson,
    lang: str,
    _: Gettext,
    language_name: str,
    contribute_src: str,
    handouts: HandoutLinks | None,
    start_url: str | None = None,
    projector_url: str | None = None,
    forms: list[tuple[str, list[tuple[str, str]]]] | None = None,
    safety_url: str | None = None,
    safety_cards: list[tuple[str, str]] | None = None,
) -> str:
    """``projector_url``: the lesson's projector view, relative to the guide (None: not
    linked); ``forms``: the session's forms to print, from ``lesson_form_links``;
    ``safety_url``: the page "Keeping the circle safe" in the guide's language (None: not
    linked), ``safety_cards``: its print edition, (paper, relative URL)."""
    text = lesson.text(lang)
    src = guide_src(lesson.slug)
    title = lesson.field("title", lang)
    qs = questions(text)
    return _render(
        "guide.md.j2",
        _,
        lang=lang,
        shown=text.lang,
        title=title,
        front_matter=front_matter(title=_("Facilitator guide: %(title)s") % {"title": title}),
        notices=Markup(notices(project, lesson, lang, _, language_name, contribute_src, src, start_url)),
        lesson_link=link(src, lesson_src(lesson.slug)),
        duration=minutes_text(lesson.duration, _),
        handouts=Markup(handout_links_html(handouts, _)) if handouts is not None else None,
        projector=Markup(_render("projector_link.html.j2", _, url=projector_url)) if projector_url else None,
        forms=Markup(form_links_html(forms, _)) if forms else None,
        safety=Markup(
            _render(
                "safety_link.html.j2", _, url=safety_url, cards=[{"url": url, "label": _(LINK_LABELS.get(paper, paper))} for paper, url in safety_cards or []]
            )
        )
        if safety_url
        else None,
        agenda=agenda_rows(text, _),
        spare=spare_text(text, lesson.duration, _),
        running_late=field_in_language(lesson, "running_late", lang),
        readings=sum(1 for block in text.blocks if block.name == "reading"),
        if_interpreted=field_in_language(lesson, "if_interpreted", lang),
        # What every session needs (our labels), then the lesson's own materials, in its text's language.
        essentials=[_(item) for item in vocabulary.SESSION_ESSENTIALS],
        materials=materials(text),
        objectives=lesson.field("objectives", lang) or [],
        questions=Markup("".join(f"{i}. {rebase_links(q, 'lessons', 'guides')}\n" for i, q in enumerate(qs, 1))) if qs else None,
        # The body as written: its clock times come from the lesson model (see the plugin).
        plan=Markup(rebase_links(text.source.body, "lessons", "guides").strip() + "\n\n"),
        key_points=lesson.field("key_points", lang) or [],
        versions=versions(project, lesson, _, src, guide_src),
    )


def lesson_card(project: Project, lesson: Lesson, lang: str, _: Gettext, from_src: str) -> str:
    return _render(
        "card.md.j2",
        _,
        lang=lang,
        shown=lesson.text(lang).lang,
        title=lesson.field("title", lang),
        summary=lesson.field("summary", lang),
        link=link(from_src, lesson_src(lesson.slug)),
        facts=_facts(lesson, _, from_src),
        draft=_("Draft translation") if is_draft(lesson, lang) else None,
        settings=" ".join(lesson.settings),
        topics=" ".join(lesson.topics),
    )


def _lessons_in(project: Project, lang: str, kind: str, value: str) -> list[Lesson]:
    chosen = [l for l in project.lessons.values() if value in (l.settings if kind == "settings" else l.topics)]
    return sorted(chosen, key=lambda l: (str(l.field("title", lang)).casefold(), l.slug))


def translated_first(project: Project, lessons: list[Lesson], lang: str) -> tuple[list[Lesson], list[Lesson]]:
    """(the lessons translated into ``lang``, the others), each in the order given: a
    reader finds what they can read first. In the default language all are translated."""
    if lang == project.default_lang:
        return lessons, []
    return [l for l in lessons if lang in l.translations], [l for l in lessons if lang not in l.translations]


def _card_groups(project: Project, lessons: list[Lesson], lang: str, _: Gettext, from_src: str, language_name: str) -> dict[str, Any]:
    translated, untranslated = translated_first(project, lessons, lang)
    return {
        "cards": [Markup(lesson_card(project, l, lang, _, from_src)) for l in translated],
        "untranslated": [Markup(lesson_card(project, l, lang, _, from_src)) for l in untranslated],
        "untranslated_label": _("Not translated into %(language)s yet") % {"language": language_name or lang},
    }


def filter_box(_: Gettext) -> str:
    choices = [
        {"name": name, "label": label, "options": [(v, _(l)) for v, l in values.items()]}
        for name, label, values in (("settings", _("By kind of organization"), vocabulary.SETTINGS), ("topics", _("By topic"), vocabulary.TOPICS))
    ]
    return _render("filter.html.j2", _, choices=choices)


def catalog_page(project: Project, lang: str, _: Gettext, language_name: str = "") -> str:
    src = CATALOG_SRC
    # The lessons as written; each setting's variant is listed on that setting's page.
    lessons = sorted(project.own_lessons().values(), key=lambda l: (str(l.field("title", lang)).casefold(), l.slug))
    return _render(
        "catalog.md.j2",
        _,
        count=len(lessons),
        front_matter=front_matter(title=_("Lesson catalog"), search={"boost": 2}),
        settings=[
            {"label": _(label), "link": link(src, setting_src(s)), "count": len(_lessons_in(project, lang, "settings", s))}
            for s, label in vocabulary.SETTINGS.items()
        ],
        topics=[
            {"label": _(label), "link": link(src, topic_src(t)), "count": len(_lessons_in(project, lang, "topics", t))}
            for t, label in vocabulary.TOPICS.items()
        ],
        lang=lang,
        series=[
            {
                "title": s.field("title", lang),
                "shown": series_language(project, s, lang),
                "link": link(src, s.rel),
                "count": len(s.lessons),
            }
            for s in project.series.values()
        ],
        filter=Markup(filter_box(_)),
        collected_link=link(src, collected_src(ALL_COLLECTED)),
        **_card_groups(project, lessons, lang, _, src, language_name),
    )


def listing_page(project: Project, lang: str, _: Gettext, kind: str, value: str, language_name: str = "") -> str:
    label = (vocabulary.SETTINGS if kind == "settings" else vocabulary.TOPICS)[value]
    src = setting_src(value) if kind == "settings" else topic_src(value)
    heading = (_("Lessons for %(setting)s") if kind == "settings" else _("Lessons on %(topic)s")) % {"setting": _(label), "topic": _(label)}
    return _render(
        "listing.md.j2",
        _,
        front_matter=front_matter(title=heading),
        heading=heading,
        catalog_link=link(src, CATALOG_SRC),
        **_card_groups(project, _lessons_in(project, lang, kind, value), lang, _, src, language_name),
    )


def packet_links(layout: Layout, series_slug: str, lang: str, pdfs: bool = True, facilitator: bool = False) -> list[tuple[str, str]]:
    """(paper, URL relative to the series page) of the series' packet (or its facilitator
    packet) in each paper."""
    here = layout.series(series_slug, lang)
    packet = layout.facilitator_packet if facilitator else layout.packet
    return [(paper, layout.link(here, packet(series_slug, paper, lang))) for paper in (layout.papers if pdfs else ())]


def series_sessions(
    project: Project,
    series: Series,
    lang: str,
    _: Gettext,
    packets: list[tuple[str, str]] | None = None,
    forms: list[tuple[str, list[tuple[str, str]]]] | None = None,
    kits: list[tuple[str, str]] | None = None,
    facilitator_packets: list[tuple[str, str]] | None = None,
) -> str:
    """Appended to a series page: its sessions in order, its offline kits (``kits``:
    (paper, relative URL)), its packets (``packets``:
    (paper, relative URL), from ``packet_links``), its forms (from ``series_form_links``)
    and, last, the action plan the circle writes at its final session."""
    src = series.rel
    sessions = [
        {
            "number": i,
            "title": project.lessons[slug].field("title", lang),
            "shown": project.lessons[slug].text(lang).lang,
            "draft": _("Draft translation") if is_draft(project.lessons[slug], lang) else None,
            "link": link(src, lesson_src(slug)),
            "duration": minutes_text(project.lessons[slug].duration, _),
            "summary": project.lessons[slug].field("summary", lang),
            "guide_link": link(src, guide_src(slug)),
        }
        for i, slug in enumerate(series.lessons, 1)
        if slug in project.lessons
    ]
    packet = [{"url": url, "label": _(LINK_LABELS.get(paper, paper))} for paper, url in packets or []] if sessions else []
    facilitator_packet = [{"url": url, "label": _(LINK_LABELS.get(paper, paper))} for paper, url in facilitator_packets or []] if sessions else []
    return _render(
        "series_sessions.md.j2",
        _,
        lang=lang,
        sessions=sessions,
        collected_link=link(src, collected_src(series.slug)),
        packet=packet,
        facilitator_packet=facilitator_packet,
        forms=Markup(form_links_html(forms, _)) if forms and sessions else None,  # PDFs only
        plan_rows=range(forms_core.ACTION_PLAN_ROWS),
        kits=[{"url": url, "label": _(PAPER_LABELS.get(paper, paper)), "size": kit_core.size_mark(paper)} for paper, url in kits or []] if sessions else [],
    )


def collected_page(project: Project, lang: str, _: Gettext, series: Series | None) -> str:
    slugs = [s for s in series.lessons if s in project.lessons] if series else [l.slug for l in project.sorted_lessons()]
    name = series.field("title", lang) if series else _("All lessons")
    src = collected_src(series.slug if series else ALL_COLLECTED)
    sentence = _("Key points and questions: %(name)s")
    title = sentence % {"name": name}
    # The heading, with the series' name marked when it is not translated.
    name_lang = series_language(project, series, lang) if series else lang
    heading = markup.in_language(md_text(name), name_lang, lang, inline=True).join(md_text(part) for part in sentence.split("%(name)s"))
    lessons = [
        {
            "title": project.lessons[slug].field("title", lang),
            "shown": project.lessons[slug].text(lang).lang,
            "link": link(src, lesson_src(slug)),
            "key_points": project.lessons[slug].field("key_points", lang) or [],
            "questions": [Markup(rebase_links(q, "lessons", "collected")) for q in questions(project.lessons[slug].text(lang))],
        }
        for slug in slugs
    ]
    return _render("collected.md.j2", _, lang=lang, front_matter=front_matter(title=title), heading=heading, lessons=lessons)


STATE_LABELS = {
    "current": vocabulary.N_("Current"),
    "stale": vocabulary.N_("Out of date"),
    "draft": vocabulary.N_("Draft"),
    "missing": vocabulary.N_("Missing"),
}


def _state_label(project: Project, slug: str, lang: str, state: str, _: Gettext) -> str:
    changed, total = project.behind.get((slug, lang), (0, 0))
    if state == STALE and changed:
        return _("Out of date: %(changed)d of %(total)d passages changed") % {"changed": changed, "total": total}
    return _(STATE_LABELS[state])


def status_page(project: Project, lang: str, _: Gettext, language_names: dict[str, str]) -> str:
    src = STATUS_SRC
    others = [l for l in project.languages if l != project.default_lang]
    rows = [
        {
            "title": lesson.field("title", lang),
            "shown": lesson.text(lang).lang,
            "link": link(src, lesson_src(lesson.slug)),
            "states": [(state, _state_label(project, lesson.slug, other, state, _)) for other, state in ((o, classify(lesson, o)) for o in others)],
        }
        for lesson in project.sorted_lessons()
    ]
    return _render(
        "status.md.j2",
        _,
        lang=lang,
        front_matter=front_matter(title=_("Translation status")),
        guide_link=link(src, "contributing.md"),
        languages=[language_names.get(l, l) for l in others],
        rows=rows,
    )


def _in_language(texts: dict[str, str] | Any, lang: str, default: str) -> tuple[str, str]:
    """(text, the language it is in): the page's language, or the English original."""
    return (texts[lang], lang) if lang in texts else (texts[default], default)


def source_view(project: Project, note: SourceNote, lang: str, _: Gettext = str) -> dict[str, Any]:
    """What the source page shows in ``lang``, as plain data: the note's passages in order,
    each with its English text, its draft translation (None: not translated; on the default
    language's page, not asked for) and the points it quotes, each with its lessons
    (title, the language the title is in, link) and, at the point's first passage, its
    interpretation as (text, the language it is in)."""
    src, default = SOURCE_SRC, project.default_lang

    def lesson_link(slug: str) -> dict[str, Any]:
        lesson = project.lessons[slug]
        # A setting's variant is named by its setting too: its title is its lesson's.
        setting = _(vocabulary.SETTINGS[lesson.setting]) if lesson.setting in vocabulary.SETTINGS else None
        return {"slug": slug, "title": lesson.field("title", lang), "lang": lesson.text(lang).lang, "link": link(src, lesson_src(slug)), "setting": setting}

    shown: set[int] = set()  # points whose interpretation the page has shown
    passages = []
    for passage in note.passages:
        points = []
        for point in note.points_of(passage):
            first = id(point) not in shown
            shown.add(id(point))
            points.append(
                {
                    "point": point.point,
                    "lessons": [lesson_link(s) for s in point.lessons if s in project.lessons],
                    "interpretation": _in_language(point.interpretation, lang, default) if first and point.interpretation else None,
                }
            )
        translation = note.translations.get(passage.text, {}).get(lang) if lang != default else None
        passages.append({"kind": passage.kind, "text": passage.text, "translation": translation, "translate": lang != default, "points": points})
    return {
        "lang": lang,
        "default": default,
        "passages": passages,
        "throughout": [_in_language(texts, lang, default) for texts in note.throughout],
        "catalog_link": link(src, CATALOG_SRC),
        "glossary_link": link(src, GLOSSARY_SRC),
    }


def source_page(project: Project, note: SourceNote, lang: str, _: Gettext) -> str:
    """The source note as written (always the English original, marked as English), each
    passage followed by its draft translation on other languages' pages, the lessons that
    teach each point and where they interpret it."""
    return _render(
        "source.md.j2",
        _,
        **source_view(project, note, lang, _),
        front_matter=front_matter(title=_("The source note")),
        made_from=_with_code(
            _("This page is made from %(file)s, where the project keeps which lessons teach each point of the note and where they interpret it."),
            "file",
            f"{note.folder}/{MAP}",
        ),
    )


def _with_code(sentence: str, name: str, value: str) -> Markup:
    """A translated sentence as Markdown text, with ``%(name)s`` shown as a code span."""
    return Markup(markup.code_span(value)).join(md_text(part) for part in sentence.split(f"%({name})s"))


def _render(name: str, _: Gettext, **context: Any) -> str:
    """A page template's output, as plain text: Markdown for MkDocs. (Not Markup: adding
    a lesson's Markdown to Markup would escape it.) Pieces passed into a template from
    another one are wrapped in Markup by the caller."""
    return str(templates.render(f"pages/{name}", _=_, **context))


def in_language(markdown: str, text_lang: str, page_lang: str) -> str:
    return str(markup.in_language(markdown, text_lang, page_lang))


def fallback_title(title: str, text_lang: str) -> str:
    return str(markup.fallback_title(title, text_lang))
