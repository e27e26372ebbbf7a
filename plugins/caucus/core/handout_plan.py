"""What the handouts of one language are: every print page to write and every PDF to
render, with their places from the map of outputs. A pure function of the project; the
caller hands in how to render Markdown and how to translate labels."""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from markupsafe import Markup

from . import bilingual, forms, kit, pages, print_links, projector, sanitize, sheet
from . import handouts as core
from .blocks import BLOCK_KINDS
from .i18n import language_name
from .layout import BILINGUAL, EDITION_VIEWS, LARGE_PRINT, LESSON_FORMS, SAFETY_SRC, SERIES_FORMS, Layout, lesson_src
from .model import Models, TextModel
from .project import Lesson, Project
from .translations import is_draft

Gettext = Callable[[str], str]


@dataclass(frozen=True)
class PrintPage:
    dest: str  # in the site folder
    html: str


@dataclass(frozen=True)
class PdfJob:
    dest: str  # in the site folder
    html: str
    # A participant handout's second try, should it run over its page budget: the same
    # document with its blocks allowed to run across pages.
    refit_html: str = ""
    # What a warning names if it still runs over: "the reading 'Title' (612 words)".
    long_part: str = ""

    @property
    def folder(self) -> str:
        """Where relative references in the document are resolved (the print page's folder)."""
        return posixpath.dirname(self.dest)


@dataclass
class HandoutJobs:
    pages: list[PrintPage] = field(default_factory=list)
    pdfs: list[PdfJob] = field(default_factory=list)
    kits: list[kit.KitJob] = field(default_factory=list)  # made once the PDFs exist


def plan_handouts(
    project: Project,
    layout: Layout,
    lang: str,
    site_url: str,
    models: Models,
    gettext_for: Callable[[str], Gettext],
    language_names: dict[str, str] | None = None,
) -> HandoutJobs:
    """``language_names``: what the print pages' language links say (the names the
    site's language switcher shows; Babel's when missing)."""
    names = language_names or {}
    jobs = HandoutJobs()
    address_of = _addresses(layout, lang, site_url)
    glossaries: dict[str, dict[str, print_links.GlossaryEntry]] = {}
    participants: dict[str, str] = {}
    sessions_of: dict[str, Callable[[int, int], str]] = {}
    facilitator_sessions_of: dict[str, Callable[[int, int], str]] = {}
    kit_sessions: dict[str, kit.KitSession] = {}
    for lesson in project.lessons.values():
        text = lesson.text(lang)
        model = models.of(text)  # rendered once, in the text's own language
        # A handout speaks one language: an untranslated lesson's handout is wholly in
        # the language of its text, labels included, not half in each.
        _ = gettext_for(text.lang)
        labels = core.handout_labels(_)
        if text.lang not in glossaries:
            glossaries[text.lang] = _glossary(project, text.lang)
        # Its handouts say so, on paper too, when the translation they print is a draft.
        draft = _("This translation is a draft: no fluent speaker has reviewed it yet.") if is_draft(lesson, lang) else ""
        parts = sheet.sheet_parts(model)
        url = layout.absolute(site_url, layout.lesson(lesson.slug, lang))
        texts = _texts(project, lesson, lang, model, parts, url, address_of, glossaries[text.lang], labels, _, draft)
        participants[lesson.slug] = core.handout_body(texts["sheet"], "participant", anchor=lesson.slug, view="sheet")
        # In a packet each session says where it stands, in its handout's language.
        sessions_of[lesson.slug] = functools.partial(_packet_session, texts["sheet"], lesson.slug, _)
        facilitator_sessions_of[lesson.slug] = functools.partial(
            _facilitator_session, texts["facilitator"], lesson.slug, core.agenda_rows(lesson, lang, _), pages.session_checklist(text, _), _
        )
        long_part = sheet.longest_part(parts, {kind: _(BLOCK_KINDS[kind].label).lower() for kind in sheet.SHEET_KINDS})
        bodies: dict[str, str] = {}
        for edition in layout.editions:
            view = EDITION_VIEWS[edition]
            body: str
            if view == "facilitator":
                body = core.handout_body(texts[view], edition, core.agenda_rows(lesson, lang, _), pages.session_checklist(text, _), view=view)
            else:
                body = participants[lesson.slug] if edition == "participant" else core.handout_body(texts[view], edition, view=view)
            bodies[edition] = body
            title = f"{labels[edition]}: {texts[view].title}"
            large = edition == LARGE_PRINT
            page = layout.handout_page(lesson.slug, edition, lang)
            switcher = _language_links(layout, lesson.slug, edition, lang, names)
            jobs.pages.append(PrintPage(page.dest, core.document(text.lang, title, body, None, large, before=switcher, description=texts[view].summary)))
            for paper in layout.papers:
                dest = layout.handout_pdf(lesson.slug, edition, paper, lang).dest
                refit = core.document(text.lang, title, body, paper, compact=True) if edition == "participant" else ""
                jobs.pdfs.append(PdfJob(dest, core.document(text.lang, title, body, paper, large), refit, long_part if edition == "participant" else ""))
        if lang in layout.bilingual_languages(lesson.translations):
            if project.default_lang not in glossaries:
                glossaries[project.default_lang] = _glossary(project, project.default_lang)
            original = models.of(lesson.original)
            source = _texts(
                project,
                lesson,
                project.default_lang,
                original,
                sheet.sheet_parts(original),
                layout.absolute(site_url, layout.lesson(lesson.slug, project.default_lang)),
                _addresses(layout, project.default_lang, site_url),
                glossaries[project.default_lang],
                core.handout_labels(gettext_for(project.default_lang)),
                gettext_for(project.default_lang),
            )["participant"]
            bilingual_pages, bilingual_pdfs = _bilingual(layout, lesson, lang, texts["participant"], source, draft, names)
            jobs.pages += bilingual_pages
            jobs.pdfs += bilingual_pdfs
        # Forms speak the page's language (they are mostly labels); the lesson's own
        # words on them are marked as the language they are in.
        subject = forms.Subject("lesson", str(lesson.field("title", lang)), text.lang)
        commitments = _commitments(model)
        for form in LESSON_FORMS:
            for paper in layout.papers:
                html = forms.form_document(form, lang, subject, paper, gettext_for(lang), commitments)
                jobs.pdfs.append(PdfJob(layout.lesson_form(lesson.slug, form, paper, lang).dest, html))
        if "facilitator" in bodies:
            # The kit's lesson page is the whole lesson as participants read it, not the sheet.
            whole = core.handout_body(texts["participant"], "participant", view="participant")
            kit_docs = {
                edition: str(core.document(text.lang, f"{labels[edition]}: {texts['participant'].title}", body, None, description=texts["participant"].summary))
                for edition, body in (("participant", whole), ("facilitator", bodies["facilitator"]))
            }
            kit_sessions[lesson.slug] = kit.KitSession(
                lesson.slug,
                texts["participant"].title,
                text.lang,
                pages.minutes_text(lesson.duration, gettext_for(lang)),  # the index speaks the page's language
                kit_docs["participant"],
                kit_docs["facilitator"],
                functools.partial(_kit_projector, lesson, lang, model, _),
            )
    page_labels = core.handout_labels(gettext_for(lang))
    for series in project.series.values():
        slugs = [s for s in series.lessons if s in participants]
        if not slugs:
            continue
        title = str(series.field("title", lang))
        series_lang = lang if lang in series.translations else project.default_lang
        subject = forms.Subject("series", title, series_lang)
        summary = str(series.field("summary", lang) or "")
        intro = _series_intro(series.translations.get(lang, series.source).body)
        # A packet ends with the action plan the circle writes at its last session.
        plan = forms.form_body("action-plan", lang, subject, gettext_for(lang))
        for key, made_by, dest_of in (
            ("packet", sessions_of, layout.packet),
            ("facilitator_packet", facilitator_sessions_of, layout.facilitator_packet),
        ):
            sessions = [
                core.PacketSession(
                    s, str(project.lessons[s].field("title", lang)), project.lessons[s].text(lang).lang, project.lessons[s].duration, made_by[s](n, len(slugs))
                )
                for n, s in enumerate(slugs, 1)
            ]
            body = core.packet_body(title, summary, intro, series_lang, lang, page_labels[key], sessions, page_labels)
            for paper in layout.papers:
                jobs.pdfs.append(PdfJob(dest_of(series.slug, paper, lang).dest, core.document(lang, title, body + plan, paper, forms=True)))
        for paper in layout.papers:
            for form in SERIES_FORMS:
                html = forms.form_document(form, lang, subject, paper, gettext_for(lang))
                jobs.pdfs.append(PdfJob(layout.series_form(series.slug, form, paper, lang).dest, html))
        if all(s in kit_sessions for s in slugs) and set(EDITION_VIEWS) <= set(layout.editions):
            page_ = gettext_for(lang)
            jobs.kits += [
                kit.plan_kit(
                    layout,
                    series.slug,
                    paper,
                    lang,
                    title,
                    str(series.field("summary", lang) or ""),
                    subject.lang,
                    [kit_sessions[s] for s in slugs],
                    layout.absolute(site_url, layout.series(series.slug, lang)),
                    page_,
                    _kit_labels(page_),
                )
                for paper in layout.papers
            ]
    return jobs


def _texts(
    project: Project,
    lesson: Lesson,
    lang: str,
    model: TextModel,
    parts: list[sheet.SheetPart],
    url: str,
    address_of: Callable[[str], str | None],
    glossary: dict[str, print_links.GlossaryEntry],
    labels: dict[str, str],
    _: Gettext,
    draft: str = "",
) -> dict[str, core.HandoutText]:
    """What each view of ``lesson`` prints in ``lang`` (``model``: the text shown in
    ``lang``; ``_``: gettext in its language): 'sheet', the participant's sheet
    (``parts``, core/sheet.py); 'participant', the whole lesson as participants read it
    (the offline kit's lesson page, the bilingual handout); 'facilitator'."""
    views = {
        "participant": model.participant_html,
        "facilitator": model.facilitator_html,
        "sheet": core.sheet_content(parts, lesson.slug, labels, _),
    }
    printed = {
        view: print_links.print_links(sanitize.sanitize(html, sanitize.LESSON), lesson_src(lesson.slug), address_of, glossary) for view, html in views.items()
    }
    return {
        view: core.HandoutText(
            lang=model.lang,
            title=pages.printed_title(lesson, lang, _),
            summary=str(lesson.field("summary", lang) or ""),
            duration_text=_("%(minutes)d min") % {"minutes": lesson.duration},
            objectives=[str(o) for o in lesson.field("objectives", lang) or []],
            key_points=[str(k) for k in lesson.field("key_points", lang) or []],
            url=url,
            labels=labels,
            # Links are printed as their text with a numbered note (core/print_links.py);
            # then the print profile of the sanitizer drops their addresses from the
            # markup, and nothing that WeasyPrint would fetch or embed passes.
            content=sanitize.sanitize(printed[view].content, sanitize.PRINT),
            notes=printed[view].notes,
            terms=printed[view].terms,
            running_late=pages.field_in_language(lesson, "running_late", lang),
            if_interpreted=pages.field_in_language(lesson, "if_interpreted", lang),
            next_session=_next_session(project, lesson.slug, lang),
            draft=draft,
        )
        for view in views
    }


def _bilingual(
    layout: Layout, lesson: Lesson, lang: str, translated: core.HandoutText, source: core.HandoutText, draft: str, names: dict[str, str]
) -> tuple[list[PrintPage], list[PdfJob]]:
    """The bilingual handout of ``lesson`` in ``lang``: its print page and its PDFs, which
    say at the top that the translation is a draft when it is (``draft``: that sentence)."""
    rows = bilingual.aligned_rows(translated.content, source.content, source.lang)
    body = bilingual.bilingual_body(translated, source, rows, draft)
    title = f"{translated.labels[BILINGUAL]}: {translated.title}"
    here = layout.handout_page(lesson.slug, BILINGUAL, lang)
    switcher = core.language_links(
        [
            {
                "href": layout.link(here, layout.handout_page(lesson.slug, BILINGUAL, other)),
                "lang": other,
                "name": names.get(other) or language_name(other),
                "current": other == lang,
            }
            for other in layout.bilingual_languages(lesson.translations)
        ]
    )
    page = PrintPage(here.dest, core.document(lang, title, body, None, before=switcher, bilingual=True, description=translated.summary))
    pdfs = [
        PdfJob(layout.handout_pdf(lesson.slug, BILINGUAL, paper, lang).dest, core.document(lang, title, body, paper, bilingual=True)) for paper in layout.papers
    ]
    return [page], pdfs


def _kit_projector(lesson: Lesson, lang: str, model: TextModel, _: Gettext, back: str) -> str:
    """A lesson's projector page as the kit holds it: its link back leads to the kit's
    facilitator edition."""
    return projector.projector_page(projector.projector_view(lesson, lang, model, _, back), _)


def _kit_labels(_: Gettext) -> dict[str, str]:
    names = {**pages.EDITION_LABELS, **pages.FORM_LABELS, **pages.LINK_LABELS}
    labels = {key: _(label) for key, label in names.items()}
    labels["packet"] = _("Series packet (every session's participant handout)")
    labels["facilitator_packet"] = _("Facilitator packet (every session's facilitator edition)")
    return labels


SAFETY_CARD_PAGES = 2  # one sheet, both sides: the rules on one, what to say on the other


def plan_safety_card(layout: Layout, lang: str, site_url: str, title: str, page_html: str, text_lang: str, _: Gettext) -> list[PdfJob]:
    """The print edition of the page "Keeping the circle safe" in each paper, from the
    page's own (sanitized) HTML: its links printed with notes, as on every handout."""
    page = layout.safety(lang)
    printed = print_links.print_links(sanitize.sanitize(page_html, sanitize.LESSON), SAFETY_SRC, _addresses(layout, lang, site_url), {})
    body = core.card_body(
        title, sanitize.sanitize(printed.content, sanitize.PRINT), printed.notes, text_lang, layout.absolute(site_url, page), core.handout_labels(_)
    )
    return [PdfJob(layout.safety_card(paper, lang).dest, core.document(text_lang, title, body, paper)) for paper in layout.papers]


def _commitments(model: TextModel) -> list[forms.Commitment]:
    """The lesson's commitment blocks as participants read them (print-sanitized)."""
    blocks = {block.id: block for block in model.blocks}
    found, _ids = projector.participant_blocks(model.participant_html)
    return [
        forms.Commitment(blocks[block_id].title, Markup(inner), model.lang)
        for block_id, inner in found
        if block_id in blocks and blocks[block_id].kind == "commitment"
    ]


def _next_session(project: Project, slug: str, lang: str) -> tuple[str, str] | None:
    """The title of the session after ``slug`` in the first series that has one, and the
    language it is in (None: no series goes on from it)."""
    for series in project.series.values():
        order = [s for s in series.lessons if s in project.lessons]
        if slug in order and order.index(slug) + 1 < len(order):
            following = project.lessons[order[order.index(slug) + 1]]
            return str(following.field("title", lang)), following.text(lang).lang
    return None


def _series_intro(markdown_text: str) -> str:
    """A series page's own text, for its packet's cover: its links as text (on paper),
    through the print profile of the sanitizer."""
    import markdown

    return sanitize.sanitize(markdown.markdown(markdown_text), sanitize.PRINT)


def _facilitator_session(
    text: core.HandoutText, slug: str, agenda: list[tuple[str, str, int]], checklist: list[str], _: Gettext, number: int, count: int
) -> str:
    session = _("Session %(number)d of %(count)d") % {"number": number, "count": count}
    return core.handout_body(text, "facilitator", agenda, checklist, anchor=slug, view="facilitator", session=session)


def _packet_session(text: core.HandoutText, slug: str, _: Gettext, number: int, count: int) -> str:
    session = _("Session %(number)d of %(count)d") % {"number": number, "count": count}
    return core.handout_body(text, "participant", anchor=slug, session=session, view="sheet")


def _glossary(project: Project, lang: str) -> dict[str, print_links.GlossaryEntry]:
    """The terms of ``lang``'s glossary, and of the default one where it has no entry."""
    entries = print_links.glossary_entries(project.glossaries.get(project.default_lang, ""), project.default_lang)
    if lang != project.default_lang:
        entries.update(print_links.glossary_entries(project.glossaries.get(lang, ""), lang))
    return entries


def _addresses(layout: Layout, lang: str, site_url: str) -> Callable[[str], str | None]:
    """The absolute URL, in ``lang``'s part of the site, of a docs-relative target
    ('lessons/mapping.md#step'); None when it is outside the docs folder."""

    def address_of(target: str) -> str | None:
        path, _, fragment = target.partition("#")
        if path.startswith("../") or path in ("..", "."):
            return None
        output = layout.page(path, lang) if path.endswith(".md") else None
        url = layout.absolute(site_url, output) if output else (site_url or "/").rstrip("/") + "/" + path
        return url + (f"#{fragment}" if fragment else "")

    return address_of


def _language_links(layout: Layout, slug: str, edition: str, lang: str, names: dict[str, str]) -> str:
    here = layout.handout_page(slug, edition, lang)
    return core.language_links(
        [
            {
                "href": layout.link(here, layout.handout_page(slug, edition, other)),
                "lang": other,
                "name": names.get(other) or language_name(other),
                "current": other == lang,
            }
            for other in layout.languages
        ]
    )


def participant_page_counts(
    project: Project,
    pairs: list[tuple[str, str]],
    models: Models,
    gettext_for: Callable[[str], Gettext],
    paper: str,
    site_url: str,
    renderer: core.PdfRenderer,
    scratch: Path,
) -> dict[tuple[str, str], int]:
    """How many pages the participant handout of each (lesson, language) pair has in
    ``paper``, rendered as the build renders it (into ``scratch``; the renderer's cache
    keeps what a build or an earlier report already rendered)."""
    counts: dict[tuple[str, str], int] = {}
    for lang in dict.fromkeys(lang for _slug, lang in pairs):
        slugs = {slug for slug, wanted in pairs if wanted == lang and slug in project.lessons}
        if not slugs:
            continue
        only = replace(project, lessons={s: project.lessons[s] for s in slugs}, series={})
        layout = Layout(project.default_lang, tuple(project.languages), papers=(paper,), editions=("participant",))
        jobs = plan_handouts(only, layout, lang, site_url, models, gettext_for).pdfs
        wanted = {layout.handout_pdf(slug, "participant", paper, lang).dest: slug for slug in slugs}
        pdfs = [(job.html, (scratch / job.folder).as_uri() + "/", scratch / job.dest) for job in jobs if job.dest in wanted]
        _rendered, _cached, pages = renderer.render_all(pdfs, roots=(str(scratch),))
        for _html, _base, destination in pdfs:
            counts[(wanted[destination.relative_to(scratch).as_posix()], lang)] = pages.get(destination, 0)
    return counts
