"""Text in another language than its page is marked as what it is (issues #19 and #21):
a page shown untranslated (static-i18n's fallback to the English) and what the theme
repeats of it (title, navigation, table of contents, footer); and the site's chrome has
nothing a keyboard reaches that screen readers are told to skip. Checked in the HTML
of the tiny site, built here with pages of its own, so that the check does not depend
on which of the real site's pages are translated today."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, copy_tiny, mkdocs_build

# Every text run of the untranslated page holds this word; every run of the translated one holds QUOKKA.
ZEBRA = "Zebra"
QUOKKA = "Quokka"

ONLY_ENGLISH = f"""---
title: {ZEBRA} crossing
---

{ZEBRA} text of a page that nobody has translated.

## {ZEBRA} heading

- {ZEBRA} item one
- {ZEBRA} item *{ZEBRA} emphasis* {ZEBRA} and [{ZEBRA} link](index.md)

| {ZEBRA} column |
| --- |
| {ZEBRA} cell |
"""

TRANSLATED = f"# {QUOKKA} page\n\n{QUOKKA} English text.\n"
TRANSLATED_ES = f"# {QUOKKA} página\n\n{QUOKKA} texto en castellano.\n"

PAGE_LANGS = {"es": "es/", "ar": "ar/"}
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "path"})


def _palette() -> str:
    """The real site's ``theme.palette`` block, as mkdocs.yml writes it."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    found = re.search(r"^  palette:\n(?:    .*\n)+", config, re.M)
    return found.group(0) if found else ""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    site = copy_tiny(tmp_path_factory.mktemp("marks") / "tiny")
    docs = site / "docs"
    (docs / "only-english.md").write_text(ONLY_ENGLISH, encoding="utf-8")
    (docs / "both.md").write_text(TRANSLATED, encoding="utf-8")
    (docs / "both.es.md").write_text(TRANSLATED_ES, encoding="utf-8")
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - translation-status.md\n", "  - translation-status.md\n  - only-english.md\n  - both.md\n")
    # The theme as the real site configures it (its palette), without handouts (not checked here).
    config = config.replace("  custom_dir:", _palette() + "  custom_dir:")
    config = config.replace("  - caucus-handouts\n", "  - caucus-handouts:\n      enabled: false\n")
    # And Vietnamese, into which nothing of the tiny site is translated (Material's own
    # Vietnamese leaves a string in English).
    config = config.replace("          name: العربية\n", "          name: العربية\n        - locale: vi\n          name: Tiếng Việt\n")
    (site / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    return site / "site"


class TextRuns(HTMLParser):
    """Each run of text in the body with the language it is in (the nearest ``lang``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.runs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        tags = [tag for tag, _lang in self.stack]
        if not data.strip() or "body" not in tags or {"script", "style"} & set(tags):
            return
        self.runs.append((data.strip(), next((lang for _tag, lang in reversed(self.stack) if lang), None)))


def text_runs(html: str) -> list[tuple[str, str | None]]:
    parser = TextRuns()
    parser.feed(html)
    return parser.runs


def html_of(built: Path, path: str) -> str:
    return (built / path / "index.html").read_text(encoding="utf-8")


def _every_page(built: Path, prefix: str) -> list[Path]:
    others = [p for p in PAGE_LANGS.values() if p != prefix]
    return [p for p in sorted((built / prefix).rglob("*.html")) if not any(p.relative_to(built).as_posix().startswith(o) for o in others)]


@pytest.mark.parametrize("lang", PAGE_LANGS)
def test_an_untranslated_page_is_marked_english_wherever_its_text_appears(built: Path, lang: str):
    prefix = PAGE_LANGS[lang]
    html = html_of(built, f"{prefix}only-english")
    assert f'<html lang="{lang}"' in html
    runs = text_runs(html)
    # Its text, its heading, its title (the page's h1 and the header), its entry in the
    # navigation and in the table of contents: every run, in English.
    assert sum(1 for text, _lang in runs if ZEBRA in text) >= 10
    wrong = [(text, found) for text, found in runs if ZEBRA in text and found != "en"]
    assert wrong == []
    assert re.search(r'<h1 lang="en" dir="ltr">Zebra crossing</h1>|<div dir="ltr" lang="en">', html)
    # The page's own labels stay in the page's language (the search box, the skip link):
    # English are only the language
    # menu's names, the titles of the other pages not translated (the tiny site's home,
    # and in Arabic the Quokka page) and Material's credit.
    menu, english = {"English", "Español", "العربية", "Tiếng Việt"}, {"Tiny", f"{QUOKKA} page", "Made with", "Material for MkDocs"}
    assert [(text, found) for text, found in runs if ZEBRA not in text and text not in menu | english and found != lang] == []
    # Every page of the language names it in its navigation, and that name is English.
    for page in _every_page(built, prefix):
        wrong = [(text, found) for text, found in text_runs(page.read_text(encoding="utf-8")) if ZEBRA in text and found != "en"]
        assert wrong == [], page


@pytest.mark.parametrize("lang", PAGE_LANGS)
def test_the_site_pages_that_fall_back_mark_their_text(built: Path, lang: str):
    """The tiny site's series, contributor guide and glossary have no translation."""
    prefix = PAGE_LANGS[lang]
    for path, english in (
        ("series/first-steps", "Meet once a week."),
        ("contributing", "Copy the lesson."),
        ("contributing", "Translating a lesson"),
        ("glossary", "A group of members who organize inside their organization."),
    ):
        runs = text_runs(html_of(built, prefix + path))
        assert (english, "en") in runs, (path, [r for r in runs if r[0] == english])
        assert [found for text, found in runs if text == english] == ["en"] * len([1 for text, _ in runs if text == english])
    series = text_runs(html_of(built, prefix + "series/first-steps"))
    assert ("First steps", "en") in series  # its title, which Material would print in the page's language
    assert not [(text, found) for text, found in series if text == "First steps" and found != "en"]
    # The sessions' list and its labels are the site's own: in the page's language,
    # but for the titles of the lessons not translated yet.
    assert {found for text, found in series if text in ("Sesiones", "الجلسات")} == {lang}
    assert [found for text, found in series if text == "Listening to each other"] and all(
        found == "en" for text, found in series if text == "Listening to each other"
    )


def test_an_untranslated_page_keeps_the_title_of_its_heading(built: Path):
    # Its h1 is inside the text marked English; the title is still that heading's, not the file's name.
    html = html_of(built, "ar/both")
    assert "<title>Quokka page - " in html
    assert ("Quokka page", "en") in text_runs(html_of(built, "ar/only-english"))  # in the navigation
    assert "Both" not in [text for text, _lang in text_runs(html_of(built, "ar/only-english"))]


@pytest.mark.parametrize("lang", ["es", "ar", "vi"])
def test_no_english_text_passes_for_the_page_language_anywhere(built: Path, lang: str):
    """Every page of the language, generated or not (catalog, listings, series, guides,
    collected questions, translation status, projector views, the search box), against
    the same page in English: no run of text of the English page is in the other page as
    that page's language, but for numbers, times and the site's name (which this tiny
    site does not translate). The tiny site's lessons are not translated at all."""
    neutral = re.compile(r"[\d:()–·\s]*(min)?[\d:()–·\s]*")  # "75 min" is Spanish too
    # (and the words English shares with Spanish)
    allowed = {"Tiny study circles", {"es": "Español", "ar": "العربية", "vi": "Tiếng Việt"}[lang], "Agenda"}
    wrong: dict[str, list[str]] = {}
    pages = sorted((built / lang).rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        english = built / page.relative_to(built / lang)
        if not english.is_file():
            continue
        in_english = {text for text, _lang in text_runs(english.read_text(encoding="utf-8"))}
        found = [
            text
            for text, found in text_runs(page.read_text(encoding="utf-8"))
            if found == lang and text in in_english and text not in allowed and not neutral.fullmatch(text)
        ]
        if found:
            wrong[page.relative_to(built).as_posix()] = found
    assert wrong == {}


def test_a_translated_page_is_not_marked(built: Path):
    runs = [(text, found) for text, found in text_runs(html_of(built, "es/both")) if QUOKKA in text]
    assert runs and all(found == "es" for _text, found in runs)
    assert 'lang="en"' not in html_of(built, "es/both").split("<article", 1)[1].split("</article>", 1)[0]


class FocusableHidden(HTMLParser):
    """Elements a keyboard can reach inside something marked ``aria-hidden="true"``."""

    FOCUSABLE = frozenset({"input", "select", "textarea", "button"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        hidden = values.get("aria-hidden") == "true" or bool(self.stack and self.stack[-1][1])
        reachable = (
            (tag in self.FOCUSABLE and values.get("type") != "hidden" and "disabled" not in values)
            or (tag == "a" and "href" in values)
            or ("tabindex" in values and values["tabindex"] != "-1")
        )
        if hidden and reachable and "hidden" not in values:
            self.found.append(self.get_starttag_text() or tag)
        if tag not in VOID:
            self.stack.append((tag, hidden))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return


@pytest.mark.parametrize("path", ["", "es/", "ar/only-english", "catalog"])
def test_nothing_a_keyboard_reaches_is_hidden_from_screen_readers(built: Path, path: str):
    """Material's palette form (a radio button per colour scheme) was aria-hidden yet
    focusable with a palette of one scheme and no toggle (axe: aria-hidden-focus)."""
    parser = FocusableHidden()
    parser.feed(html_of(built, path))
    assert parser.found == []


def test_the_sites_404_page_is_marked_in_the_language_of_its_text(built: Path):
    """Every language's build writes the theme's 404.html to the one file at the site's
    root, and its text is the theme's English: it must say lang="en" (it said the last
    language built, "vi" here, before the lessons plugin kept the default language's)."""
    html = (built / "404.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in html
    assert ("404 - Not found", "en") in text_runs(html)
