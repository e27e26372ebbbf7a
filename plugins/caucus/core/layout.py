"""The map of outputs: for every language, where each thing the build makes comes from
(its docs-relative source, for pages), where it is written (its path in the site) and
its URL (relative to the site's root). Nothing else in the project spells an output
path; links between outputs are computed from this map.

A new handout edition is one entry in ``EDITIONS`` and ``EDITION_VIEWS`` (and its
template or stylesheet); an edition that pairs a translation with its English source,
and so exists only where the translation does, is one entry in ``PAIRED_EDITIONS``."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

# Handout editions, in the order pages list them.
LARGE_PRINT = "large-print"
EDITIONS = ("participant", "facilitator", LARGE_PRINT)
# What each edition prints: the participant's sheet (core/sheet.py: the readings, the
# questions with room to write, my step before next time) or the facilitator's whole
# lesson; the large-print edition is the sheet set in large type (handout-large.css).
EDITION_VIEWS = {"participant": "sheet", "facilitator": "facilitator", LARGE_PRINT: "sheet"}
# Editions a lesson has only in the languages it is translated into (not in the default
# one): the bilingual handout prints the translation and the English source side by side,
# block by block (core/bilingual.py), in the translated language's handout folder.
BILINGUAL = "bilingual"
PAIRED_EDITIONS = (BILINGUAL,)
PAPERS = {"letter": "Letter", "a4": "A4"}
# Forms to print (core/forms.py): each is one template, templates/forms/<name>.html.j2,
# and its name here; a lesson's forms in its handout folder, a series' in the series'.
LESSON_FORMS = ("sign-in", "commitment-cards", "evaluation")
SERIES_FORMS = ("sign-in", "evaluation", "action-plan")

# Where generated pages live, relative to the docs folder (the same in every language).
LESSONS, SERIES, GUIDES, HANDOUTS = "lessons", "series", "guides", "handouts"
# Projector views are whole pages of our own, written beside the site's (not MkDocs pages).
PROJECTOR = "projector"
CATALOG_SRC = "catalog/index.md"
STATUS_SRC = "translation-status.md"
GLOSSARY_SRC = "glossary.md"
# The source note the lessons teach, quoted with the lessons of each point (core/source_note.py).
SOURCE_SRC = "source-note.md"
# "Keeping the circle safe": every facilitator guide links it, in the guide's language.
SAFETY_SRC = "safety.md"
ALL_COLLECTED = "all-lessons"
# The one stylesheet of the site's pages: the theme's and the site's own, cut down to the
# rules the pages use (core/stylesheet.py), written after every language is built.
SITE_STYLESHEET = "assets/stylesheets/site.css"
# The site's own scripts (files of the theme override, overrides/assets/). The templates
# load each where it is needed, not on every page: the search box's when the reader first
# goes to the box (partials/search.html), the catalog filter's on the pages that have the
# filter (main.html).
SITE_SCRIPTS = {"search": "assets/search.js", "catalog": "assets/catalog.js"}

RelativeUrl = Callable[[str, str], str]


class KitLayout:
    """Where each file sits inside an offline kit's one folder (core/kit.py): the
    lesson pages and guides as files, not folders, since a kit opens from disk."""

    @staticmethod
    def lesson(slug: str) -> str:
        return f"{LESSONS}/{slug}.html"

    @staticmethod
    def guide(slug: str) -> str:
        return f"{GUIDES}/{slug}.html"

    @staticmethod
    def projector(slug: str) -> str:
        return f"{PROJECTOR}/{slug}.html"

    @staticmethod
    def handout(slug: str, filename: str) -> str:
        return f"{HANDOUTS}/{slug}/{filename}"

    @staticmethod
    def series_file(filename: str) -> str:
        """A packet or form of the series."""
        return f"{SERIES}/{filename}"

    @staticmethod
    def folder(series_slug: str, lang: str, paper: str) -> str:
        """The kit's one folder, named like its ZIP file."""
        return f"{series_slug}-{lang}-{paper}"


IN_KIT = KitLayout()


@dataclass(frozen=True)
class HandoutPlan:
    """What the handouts plugin makes: print pages always, PDFs in these papers unless
    switched off (while serving)."""

    papers: tuple[str, ...]
    pdfs: bool = True


@dataclass(frozen=True)
class Output:
    """One file of the built site, in one language."""

    lang: str
    dest: str  # path in the site folder, with '/'
    url: str  # URL relative to the site's root ('' for the home page)
    src: str | None = None  # docs-relative source of a page (None: not a page)


@dataclass(frozen=True)
class Layout:
    default_lang: str
    languages: tuple[str, ...]
    use_directory_urls: bool = True
    papers: tuple[str, ...] = tuple(PAPERS)
    editions: tuple[str, ...] = EDITIONS
    paired_editions: tuple[str, ...] = PAIRED_EDITIONS
    # MkDocs' own helper (mkdocs.utils.get_relative_url), handed in by the bridge.
    relative_url: RelativeUrl = field(default=lambda url, other: _relative(url, other), compare=False, repr=False)

    # --- pages ------------------------------------------------------------

    def prefix(self, lang: str) -> str:
        return "" if lang == self.default_lang else f"{lang}/"

    def page(self, src: str, lang: str) -> Output:
        """A page made from ``src`` (a file of docs/ or a generated one), as MkDocs and
        static-i18n place it."""
        stem, _ext = posixpath.splitext(src)
        if not self.use_directory_urls or posixpath.basename(stem) == "index":
            dest = stem + ".html"
        else:
            dest = stem + "/index.html"
        dest = self.prefix(lang) + dest
        if self.use_directory_urls and posixpath.basename(dest) == "index.html":
            url = dest[: -len("index.html")]
        else:
            url = dest
        return Output(lang, dest, url, src)

    def lesson(self, slug: str, lang: str) -> Output:
        return self.page(lesson_src(slug), lang)

    def guide(self, slug: str, lang: str) -> Output:
        return self.page(guide_src(slug), lang)

    def series(self, slug: str, lang: str) -> Output:
        return self.page(series_src(slug), lang)

    def source_note(self, lang: str) -> Output:
        """The page that quotes the source note, with the lessons of each point."""
        return self.page(SOURCE_SRC, lang)

    def safety(self, lang: str) -> Output:
        """The page "Keeping the circle safe" in ``lang`` (its English text where there
        is no translation: static-i18n's fallback copy has the same URL)."""
        return self.page(SAFETY_SRC, lang)

    def safety_card(self, paper: str, lang: str) -> Output:
        """The safety page's print edition: one sheet to hand to whoever hosts a circle."""
        dest = f"{self.prefix(lang)}{HANDOUTS}/safety-{paper}.pdf"
        return Output(lang, dest, dest)

    def projector(self, slug: str, lang: str) -> Output:
        """A lesson's projector view: one file, so that it also opens from a folder."""
        dest = f"{self.prefix(lang)}{PROJECTOR}/{slug}.html"
        return Output(lang, dest, dest)

    # --- handouts ---------------------------------------------------------

    def lesson_editions(self, lang: str, translated: bool) -> tuple[str, ...]:
        """The editions a lesson has in ``lang`` (``translated``: it has a translation in
        ``lang``): the paired ones only in a language other than the default, translated."""
        paired = self.paired_editions if translated and lang != self.default_lang else ()
        return (*self.editions, *paired)

    def bilingual_languages(self, translations: Iterable[str]) -> tuple[str, ...]:
        """The built languages with a bilingual handout of a lesson translated into
        ``translations``, in the site's order."""
        have = set(translations)
        return tuple(lang for lang in self.languages if lang in have and lang != self.default_lang) if BILINGUAL in self.paired_editions else ()

    def handout_page(self, slug: str, edition: str, lang: str) -> Output:
        dest = f"{self.prefix(lang)}{HANDOUTS}/{slug}/{edition}.html"
        return Output(lang, dest, dest)

    def handout_pdf(self, slug: str, edition: str, paper: str, lang: str) -> Output:
        dest = f"{self.prefix(lang)}{HANDOUTS}/{slug}/{edition}-{paper}.pdf"
        return Output(lang, dest, dest)

    def packet(self, series_slug: str, paper: str, lang: str) -> Output:
        dest = f"{self.prefix(lang)}{HANDOUTS}/series/{series_slug}-{paper}.pdf"
        return Output(lang, dest, dest)

    def facilitator_packet(self, series_slug: str, paper: str, lang: str) -> Output:
        """The series' facilitator packet: every session's facilitator edition."""
        dest = f"{self.prefix(lang)}{HANDOUTS}/series/{series_slug}-facilitator-{paper}.pdf"
        return Output(lang, dest, dest)

    def lesson_form(self, slug: str, form: str, paper: str, lang: str) -> Output:
        dest = f"{self.prefix(lang)}{HANDOUTS}/{slug}/{form}-{paper}.pdf"
        return Output(lang, dest, dest)

    def series_form(self, series_slug: str, form: str, paper: str, lang: str) -> Output:
        dest = f"{self.prefix(lang)}{HANDOUTS}/series/{series_slug}/{form}-{paper}.pdf"
        return Output(lang, dest, dest)

    def kit(self, series_slug: str, paper: str, lang: str) -> Output:
        """A series' offline circle kit for one paper (a facilitator prints on one): one
        ZIP file, named so that kits of several series and languages can sit in one
        downloads folder."""
        dest = f"{self.prefix(lang)}{HANDOUTS}/series/{series_slug}-kit-{lang}-{paper}.zip"
        return Output(lang, dest, dest)

    # --- links ------------------------------------------------------------

    def link(self, source: Output, target: Output) -> str:
        """The relative URL from one output's page to another output."""
        return self.relative_url(target.url, source.url)

    def absolute(self, site_url: str, target: Output) -> str:
        return (site_url or "/").rstrip("/") + "/" + target.url


def _relative(url: str, from_url: str) -> str:
    """The same answer as mkdocs.utils.get_relative_url, for callers without MkDocs."""
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    relative = posixpath.relpath("/" + url, "/" + base.rstrip("/") if base else "/")
    if url.endswith("/") and not relative.endswith("/"):
        relative += "/"
    return relative


def lesson_src(slug: str) -> str:
    return f"{LESSONS}/{slug}.md"


def guide_src(slug: str) -> str:
    return f"{GUIDES}/{slug}.md"


def series_src(slug: str) -> str:
    return f"{SERIES}/{slug}.md"


def setting_src(setting: str) -> str:
    return f"catalog/settings/{setting}.md"


def topic_src(topic: str) -> str:
    return f"catalog/topics/{topic}.md"


def collected_src(name: str) -> str:
    return f"collected/{name}.md"
