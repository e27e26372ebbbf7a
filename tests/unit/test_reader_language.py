"""What a reader of another language than English sees on our generated pages and print
pages (issues #19 and #21): the lessons translated into their language first, the others
after under a heading that says so; a draft translation marked as a draft on its card, in
its series' sessions and on its handout's print pages (its PDFs are another matter); text
in English marked as English; print pages with a main landmark and no link to nowhere."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from caucus.core import pages
from caucus.core.handout_plan import plan_handouts
from caucus.core.i18n import translations_for
from caucus.core.layout import Layout
from caucus.core.model import Models
from caucus.core.project import load_project
from caucus.core.render import MarkdownSetup
from conftest import ROOT, TINY, spanish_listening

LANGS = ["en", "es", "ar"]


def gettext_for(lang: str):
    return translations_for(ROOT / "translations", lang).gettext


@pytest.fixture
def project(tmp_path: Path):
    """The tiny site with 'listening' translated into Spanish, as a draft ('mapping' is not)."""
    docs = tmp_path / "docs"
    shutil.copytree(TINY / "docs", docs)
    version = load_project(docs, "en", LANGS, tmp_path).lessons["listening"].original.version
    (docs / "lessons" / "listening.es.md").write_text(spanish_listening(version).replace("state: reviewed", "state: draft"), encoding="utf-8")
    project = load_project(docs, "en", LANGS, tmp_path)
    assert not project.problems
    return project


def test_catalog_shows_the_translated_lessons_first_then_says_which_are_not(project):
    catalog = pages.catalog_page(project, "es", gettext_for("es"), "español")
    heading = catalog.index("### Aún sin traducir al español")
    # 'Mapping the workplace' comes before 'Escucharnos' in the alphabet, but is not translated.
    assert catalog.index("Escucharnos") < heading < catalog.index("Mapping the workplace")
    # In English every lesson is translated: one list, no such heading.
    english = pages.catalog_page(project, "en", gettext_for("en"), "English")
    assert "Not translated" not in english and english.index("Listening to each other") < english.index("Mapping the workplace")


def test_listings_show_the_translated_lessons_first_too(project):
    listing = pages.listing_page(project, "es", gettext_for("es"), "settings", "union", "español")
    assert listing.index("Escucharnos") < listing.index("## Aún sin traducir al español") < listing.index("Mapping the workplace")
    arabic = pages.listing_page(project, "ar", gettext_for("ar"), "settings", "union", "العربية")
    # Nothing is translated into Arabic: every card is under the heading, and the page does not say "no lessons".
    assert arabic.index("## لم تُترجَم إلى العربية بعد") < arabic.index("Listening to each other")
    assert gettext_for("ar")("No lessons yet. You can write one: see the contributor guide.") not in arabic


def test_a_draft_translation_is_marked_on_its_card_and_in_its_series(project):
    catalog = pages.catalog_page(project, "es", gettext_for("es"), "español")
    card = catalog[catalog.index("Escucharnos") :].split("</div>", 1)[0]
    assert '<span class="caucus-mark caucus-mark--draft">Traducción en borrador</span>' in card
    assert catalog.count("caucus-mark--draft") == 1  # not on the untranslated lesson's card
    series = pages.series_sessions(project, project.series["first-steps"], "es", gettext_for("es"))
    first, second = [line for line in series.splitlines() if re.match(r"\d+\. ", line)]
    assert "Traducción en borrador" in first and "caucus-mark" not in second
    # The untranslated session's title and summary are marked English, the translated one's are not.
    assert '<span lang="en" dir="ltr">Mapping the workplace</span>' in second
    assert '<span lang="en" dir="ltr">The group draws who works where and when\\.</span>' in second
    assert 'lang="en"' not in first
    # A reviewed translation has no mark.
    project.lessons["listening"].translations["es"].meta["translation"]["state"] = "reviewed"
    assert "caucus-mark" not in pages.catalog_page(project, "es", gettext_for("es"), "español")
    assert "caucus-mark" not in pages.series_sessions(project, project.series["first-steps"], "es", gettext_for("es"))


def test_an_untranslated_series_title_is_marked_english_in_the_catalog(project):
    catalog = pages.catalog_page(project, "ar", gettext_for("ar"), "العربية")
    assert '[<span lang="en" dir="ltr">First steps</span>]' in catalog


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Links()
    parser.feed(html)
    return parser.tags


def _jobs(project, lang: str):
    layout = Layout("en", tuple(LANGS), papers=("a4",))
    return layout, plan_handouts(
        project, layout, lang, "https://example.org/tiny/", Models(project, MarkdownSetup(["attr_list", "md_in_html", "caucus_blocks"])), gettext_for
    )


@pytest.mark.parametrize("lang", LANGS)
def test_print_pages_have_a_main_landmark_and_no_link_without_an_address(project, lang):
    layout, jobs = _jobs(project, lang)
    assert jobs.pages
    for page in jobs.pages:
        tags = _tags(page.html)
        assert [tag for tag, _attrs in tags].count("main") == 1, page.dest
        # The language links stay outside the main content, before it.
        assert page.html.index('<nav class="handout__languages">') < page.html.index("<main>") < page.html.index("<article")
        assert [attrs for tag, attrs in tags if tag == "a" and not attrs.get("href")] == [], page.dest
    listening = next(p.html for p in jobs.pages if p.dest == layout.handout_page("listening", "facilitator", lang).dest)
    # The glossary term linked in the lesson (in its closing round: on the facilitator's
    # edition, not the participant's sheet) is printed marked, as a term, not a link.
    assert re.search(r'<span class="caucus-glossary-term">[^<]*caucus</span>', listening)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_print_pages_ask_for_no_favicon_and_have_a_description(project, lang):
    """Without an icon of its own a browser asks for /favicon.ico, outside the site, and
    logs the 404 as an error (Lighthouse: best practices); a page without a meta
    description loses SEO points. The PDFs' documents have neither."""
    layout, jobs = _jobs(project, lang)
    summary = str(project.lessons["listening"].field("summary", lang))
    for page in jobs.pages:
        icons = [attrs.get("href") for tag, attrs in _tags(page.html) if tag == "link" and attrs.get("rel") == "icon"]
        assert icons == ["data:,"], page.dest
        descriptions = [attrs.get("content") for tag, attrs in _tags(page.html) if tag == "meta" and attrs.get("name") == "description"]
        assert len(descriptions) == 1 and descriptions[0], page.dest
    listening = next(p.html for p in jobs.pages if p.dest == layout.handout_page("listening", "participant", lang).dest)
    assert [attrs.get("content") for tag, attrs in _tags(listening) if tag == "meta" and attrs.get("name") == "description"] == [summary]
    assert not any('rel="icon"' in job.html or 'name="description"' in job.html for job in jobs.pdfs)


def test_a_draft_translation_says_so_on_its_print_pages_and_in_every_pdf(project):
    layout, jobs = _jobs(project, "es")
    sentence = gettext_for("es")("This translation is a draft: no fluent speaker has reviewed it yet.")
    note = f'<p class="handout__draft" role="note"><strong>{sentence}</strong></p>'
    for edition in layout.editions:
        listening = next(p.html for p in jobs.pages if p.dest == layout.handout_page("listening", edition, "es").dest)
        assert note in listening
        # In the handout's header, after the title and before the lesson's text.
        assert listening.index("<main>") < listening.index("<article") < listening.index(note) < listening.index('class="handout__content"')
        mapping = next(p.html for p in jobs.pages if p.dest == layout.handout_page("mapping", edition, "es").dest)
        assert note not in mapping  # not translated: its handout is the English one
        for paper in layout.papers:
            pdf = next(job.html for job in jobs.pdfs if job.dest == layout.handout_pdf("listening", edition, paper, "es").dest)
            assert note in pdf and "<main>" not in pdf
            assert note not in next(job.html for job in jobs.pdfs if job.dest == layout.handout_pdf("mapping", edition, paper, "es").dest)
    # The packet stamps the session whose translation is a draft, and only that one.
    packet = next(job.html for job in jobs.pdfs if job.dest == layout.packet("first-steps", "a4", "es").dest)
    assert packet.count(note) == 1
    # The bilingual edition too (its PDFs say it at the top: tests/site/test_bilingual.py).
    bilingual = [job for job in jobs.pdfs if job.dest in {layout.handout_pdf("listening", "bilingual", paper, "es").dest for paper in layout.papers}]
    assert len(bilingual) == len(layout.papers) and all(note in job.html for job in bilingual)


def test_other_generated_pages_mark_untranslated_titles_and_text(project):
    _ = gettext_for("ar")
    listening, mapping = project.lessons["listening"], project.lessons["mapping"]
    status = pages.status_page(project, "ar", _, {"es": "español", "ar": "العربية"})
    assert '[<span lang="en" dir="ltr">Listening to each other</span>]' in status
    assert "[Escucharnos]" in pages.status_page(project, "es", gettext_for("es"), {})  # translated: not marked
    collected = pages.collected_page(project, "ar", _, project.series["first-steps"])
    assert '<span lang="en" dir="ltr">First steps</span>' in collected.split("\n# ", 1)[1].split("\n", 1)[0]
    assert '## [Listening to each other](../lessons/listening.md) { lang="en" dir="ltr" }' in collected
    assert '<div lang="en" dir="ltr" markdown="1">\n\n- Solidarity starts with listening\\.' in collected
    header = pages.lesson_header(project, mapping, "ar", _, "lessons/mapping.md", None)
    assert '[<span lang="en" dir="ltr">First steps</span>](../series/first-steps.md)' in header
    guide = pages.guide_page(project, listening, "ar", _, "العربية", "contributing.md", None)
    assert '- <span lang="en" dir="ltr">paper</span>' in guide and '- <span lang="en" dir="ltr">markers</span>' in guide
    assert '- <span lang="en" dir="ltr">' + _("Pens") not in guide  # what every session needs is ours, in the page's language


def test_a_lessons_glossary_words_are_named_as_the_readers_glossary_names_them(project):
    footer = pages.lesson_footer(project, project.lessons["listening"], "ar", gettext_for("ar"), "lessons/listening.md")
    assert '[<span lang="en" dir="ltr">Caucus</span>](../glossary.md#caucus)' in footer  # no Arabic glossary: the English term, marked
    project.glossaries["es"] = "# Glosario\n\n## Grupo de base {#caucus}\n\nUn grupo de miembros.\n"
    footer = pages.lesson_footer(project, project.lessons["listening"], "es", gettext_for("es"), "lessons/listening.md")
    assert "[Grupo de base](../glossary.md#caucus)" in footer
