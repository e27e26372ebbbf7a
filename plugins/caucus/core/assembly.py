"""What the caucus-lessons plugin adds to one language's build, as plain data: the pages
it generates (source path and Markdown), the Markdown of each lesson page, and where
"Edit this page" leads. Pure: the plugin's hooks hand in the project, the map of
outputs and the language, and pass the answers to MkDocs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from . import edit_links, layout, pages, passages, scaffold, vocabulary
from .blocks import scan_blocks, strip_blocks
from .edit_links import Repository
from .i18n import language_name
from .layout import HandoutPlan, Layout, Output
from .project import Lesson, Project
from .source_note import SourceNote

Gettext = Callable[[str], str]


@dataclass
class PageAssembly:
    project: Project
    outputs: Layout
    lang: str
    gettext: Gettext
    contributing_page: str  # docs-relative, linked from translation notices
    handouts: HandoutPlan | None = None  # None: pages do not link handouts
    repo: Repository | None = None  # None: no "Edit this page" or "Help translate it" on GitHub
    site_url: str = ""
    source_note: SourceNote | None = None  # None: the site has no curriculum/ folder, and no source page
    safety_page: bool = False  # the docs folder has the safety page (layout.SAFETY_SRC): guides link it
    guides: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.guides = {layout.guide_src(slug) for slug in self.project.lessons}

    @property
    def default(self) -> str:
        return self.outputs.default_lang

    def language_name(self, lang: str, in_lang: str | None = None) -> str:
        return language_name(lang, in_lang or self.lang)

    def generated_pages(self) -> list[tuple[str, str]]:
        """(source path, Markdown) of every page we generate in this language."""
        project, lang, _ = self.project, self.lang, self.gettext
        name = self.language_name(lang)
        made = [
            (
                layout.guide_src(lesson.slug),
                pages.guide_page(
                    project,
                    lesson,
                    lang,
                    _,
                    name,
                    self.contributing_page,
                    self.handout_links(lesson.slug, self.outputs.guide(lesson.slug, lang)),
                    self.start_url(lesson),
                    self.outputs.link(self.outputs.guide(lesson.slug, lang), self.outputs.projector(lesson.slug, lang)),
                    pages.lesson_form_links(self.outputs, lesson.slug, lang, self.outputs.guide(lesson.slug, lang)) if self.prints_pdfs else None,
                    safety_url=self.outputs.link(self.outputs.guide(lesson.slug, lang), self.outputs.safety(lang)) if self.safety_page else None,
                    safety_cards=[
                        (paper, self.outputs.link(self.outputs.guide(lesson.slug, lang), self.outputs.safety_card(paper, lang)))
                        for paper in self.outputs.papers
                    ]
                    if self.safety_page and self.prints_pdfs
                    else None,
                ),
            )
            for lesson in project.lessons.values()
        ]
        made.append((layout.CATALOG_SRC, pages.catalog_page(project, lang, _, name)))
        made += [(layout.setting_src(s), pages.listing_page(project, lang, _, "settings", s, name)) for s in vocabulary.SETTINGS]
        made += [(layout.topic_src(t), pages.listing_page(project, lang, _, "topics", t, name)) for t in vocabulary.TOPICS]
        made += [(layout.collected_src(series.slug), pages.collected_page(project, lang, _, series)) for series in project.series.values()]
        made.append((layout.collected_src(layout.ALL_COLLECTED), pages.collected_page(project, lang, _, None)))
        made.append((layout.STATUS_SRC, pages.status_page(project, lang, _, {other: self.language_name(other, lang) for other in self.outputs.languages})))
        if self.source_note is not None:
            made.append((layout.SOURCE_SRC, pages.source_page(project, self.source_note, lang, _)))
        return made

    def variant_pages(self) -> list[tuple[str, str, str]]:
        """(source path, Markdown, language of its text) of each setting variant's lesson
        page: its front matter and body as that setting's choice (core/variants.py), in
        this language where the translation carries the variants, else in the original's."""
        made = []
        for lesson in self.project.lessons.values():
            if lesson.is_variant:
                text = lesson.text(self.lang)
                front = text.source.text.split("\n")[: text.source.body_line - 1]
                made.append((layout.lesson_src(lesson.slug), "\n".join([*front, text.source.body]), text.lang))
        return made

    def searched(self, src_uri: str) -> bool:
        """Whether a generated page goes into the search index: only the catalog and the
        source note do (the note's words are what a reader may well search for). A guide repeats its lesson, a listing its cards, a collected page every lesson of
        a series, the status page every title; indexed, each lesson came up many times
        and the index a reader downloads was several times larger."""
        first, _slash, rest = src_uri.partition("/")
        return (rest if first in self.outputs.languages else src_uri) in (layout.CATALOG_SRC, layout.SOURCE_SRC)

    def is_guide(self, src_uri: str) -> bool:
        """A generated page's source path (``guides/x.md``, ``es/guides/x.md``) is a guide's."""
        first, _slash, rest = src_uri.partition("/")
        return src_uri in self.guides or (first in self.outputs.languages and rest in self.guides)

    def lesson_markdown(self, markdown: str, slug: str, src_uri: str) -> str:
        """A lesson page: notices, header, the participant's text, footer."""
        lesson = self.project.lessons[slug]
        lang, _ = self.lang, self.gettext
        this_src = layout.lesson_src(slug)
        if lang in lesson.translations and self.project.changed.get((slug, lang)):
            label = _("Changed in the English since this translation:")
            markdown = passages.mark_changed(markdown, lesson.translations[lang], lesson.original, self.project.changed[(slug, lang)], label)
        blocks, _problems = scan_blocks(markdown, src_uri)
        participant = strip_blocks(markdown, blocks, {"facilitator"})
        head = pages.notices(self.project, lesson, lang, _, self.language_name(lang), self.contributing_page, this_src, self.start_url(lesson))
        head += pages.lesson_header(self.project, lesson, lang, _, this_src, self.handout_links(slug, self.outputs.lesson(slug, lang)))
        shown = lesson.text(lang).lang
        if shown != lang:
            # Untranslated: the title and text are marked as the language they are in,
            # the notice and the labels around them as the page's language.
            head = pages.fallback_title(str(lesson.field("title", lang)), shown) + head
            participant = pages.in_language(participant, shown, lang)
        return head + participant + pages.lesson_footer(self.project, lesson, lang, _, this_src)

    def in_text_language(self, markdown: str, text_lang: str) -> str:
        """A page's own Markdown, marked with the language it is written in when that is
        not the build's (a page shown untranslated, as static-i18n's fallback)."""
        return pages.in_language(markdown, text_lang, self.lang) if markdown.strip() else markdown

    def edit_url(self, src_uri: str, generated: bool, file_lang: str | None) -> str | None:
        target = edit_links.edit_target(self.project, src_uri, generated, file_lang, self.lang)
        head = self.translation_head(target.lesson) if target is not None and target.lesson is not None else None
        return edit_links.edit_url(self.repo, target, self.lang, self.default, head)

    def start_url(self, lesson: Lesson) -> str | None:
        """GitHub's page to start this lesson's missing translation into the build language."""
        if self.repo is None:
            return None
        target = edit_links.EditTarget(layout.lesson_src(lesson.slug), lesson, self.lang in lesson.translations)
        return edit_links.start_translation_url(self.repo, target, self.lang, self.default, self.translation_head(lesson))

    def translation_head(self, lesson: Lesson) -> str:
        guide = self.outputs.page(self.contributing_page, self.lang).url
        guide_url = edit_links.absolute_url(self.site_url, guide, "translating-a-lesson")
        return scaffold.translation_head(lesson, edit_links.translation_notes(self.repo, layout.lesson_src(lesson.slug), guide_url))

    def series_markdown(self, series_slug: str) -> str:
        """What a series page gets after its own text: its sessions, and its packet's PDFs
        when the handouts plugin renders them."""
        packets = pages.packet_links(self.outputs, series_slug, self.lang, self.handouts.pdfs) if self.handouts is not None else []
        facilitator_packets = pages.packet_links(self.outputs, series_slug, self.lang, facilitator=True) if self.prints_pdfs else []
        forms = pages.series_form_links(self.outputs, series_slug, self.lang) if self.prints_pdfs else None
        here = self.outputs.series(series_slug, self.lang)
        kits = [(paper, self.outputs.link(here, self.outputs.kit(series_slug, paper, self.lang))) for paper in self.outputs.papers] if self.prints_pdfs else []
        return pages.series_sessions(self.project, self.project.series[series_slug], self.lang, self.gettext, packets, forms, kits, facilitator_packets)

    @property
    def prints_pdfs(self) -> bool:
        """Forms are PDFs only: linked when the handouts plugin renders PDFs."""
        return self.handouts is not None and self.handouts.pdfs

    def handout_links(self, slug: str, from_page: Output) -> pages.HandoutLinks | None:
        if self.handouts is None:
            return None
        return pages.handout_links(self.outputs, slug, self.lang, from_page, self.handouts.pdfs, self.project.lessons[slug].translations)
