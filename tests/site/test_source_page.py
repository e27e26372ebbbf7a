"""The source page, built in the tiny site with a small curriculum of its own: it exists in
every language, quotes each passage of the note in English marked as English, gives the
draft translation (or says there is none), links the lessons of each point in the
reader's language, and says where they interpret the note."""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from caucus.core.project import content_version
from conftest import copy_tiny, mkdocs_build, spanish_listening

LANGS = {"en": "", "es": "es/", "ar": "ar/"}

NOTE = """## What our circles work for

A short note said we need circles that "listen" first.

Circles should:

- Listen across shifts (day, night, etc.).
- Map who talks to whom.

Listen to change our workplace.
"""

MAP = """opening:
  - point: Why circles
    quote:
      - A short note said we need circles that "listen" first.
      - Listen to change our workplace.
    lessons: [listening]
    interpretation:
      en: The note names no earlier note the site has. OPENING-NOTE
      es: La nota no nombra ninguna nota anterior. NOTA-APERTURA
caucuses_work_for:
  - point: Listening across shifts
    quote: Listen across shifts (day, night, etc.).
    lessons: [listening, mapping]
    interpretation:
      en: The lessons add pairs talk, which the note does not name. SHIFTS-NOTE
      es: Las lecciones añaden la charla en parejas. NOTA-TURNOS
      ar: تضيف الدروس الحديث في أزواج. ملاحظة-الورديات
  - point: Mapping
    quote: Map who talks to whom.
    lessons: [mapping]
    interpretation:
      en: The map on paper is the lessons' own. MAPPING-NOTE
other_organizations: []
throughout:
  - interpretation:
      en: The examples are made up. THROUGHOUT-NOTE
      es: Los ejemplos son inventados. NOTA-GENERAL
"""

TRANSLATIONS = """- en: What our circles work for
  es: Para qué trabajan nuestros círculos
- en: A short note said we need circles that "listen" first.
  es: Una nota breve decía que necesitamos círculos que primero «escuchen».
- en: "Circles should:"
  es: "Los círculos deben:"
- en: Listen across shifts (day, night, etc.).
  es: Escuchar de un turno a otro (día, noche, etc.).
  ar: الإصغاء عبر الورديات (النهار، الليل، وغير ذلك).
- en: Map who talks to whom.
  es: Trazar un mapa de quién habla con quién.
- en: Listen to change our workplace.
  es: Escuchar para cambiar nuestro lugar de trabajo.
"""

PASSAGES = [
    "What our circles work for",
    "A short note said we need circles that &quot;listen&quot; first.",
    "Circles should:",
    "Listen across shifts (day, night, etc.).",
    "Map who talks to whom.",
    "Listen to change our workplace.",
]


def make_site(root: Path, note: str = NOTE, map_text: str = MAP) -> Path:
    site = copy_tiny(root / "tiny")
    config = site / "mkdocs.yml"
    # No handouts: this page links none, and they are the slow part of a build.
    config.write_text(config.read_text(encoding="utf-8").replace("  - caucus-handouts\n", "  - caucus-handouts:\n      enabled: false\n"), encoding="utf-8")
    curriculum = site / "curriculum"
    curriculum.mkdir()
    (curriculum / "source-note.md").write_text(note, encoding="utf-8")
    (curriculum / "source-map.yml").write_text(map_text, encoding="utf-8")
    (curriculum / "source-note.translations.yml").write_text(TRANSLATIONS, encoding="utf-8")
    lessons = site / "docs" / "lessons"
    english = (lessons / "listening.md").read_text(encoding="utf-8")
    (lessons / "listening.es.md").write_text(spanish_listening(content_version(english)), encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    site = make_site(tmp_path_factory.mktemp("source"))
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr[-3000:]
    return site / "site"


def page(built: Path, lang: str) -> str:
    return (built / LANGS[lang] / "source-note" / "index.html").read_text(encoding="utf-8")


class _Quotes(HTMLParser):
    """Each <blockquote>'s attributes and text; each link inside a caucus-source-point."""

    def __init__(self) -> None:
        super().__init__()
        self.quotes: list[tuple[dict[str, str | None], str]] = []
        self.links: list[tuple[str, str]] = []  # (href, text)
        self._quote: dict[str, str | None] | None = None
        self._text: list[str] = []
        self._depth = 0  # inside a point's div
        self._href: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "blockquote":
            self._quote, self._text = attributes, []
        elif tag == "div" and "caucus-source-point" in (attributes.get("class") or ""):
            self._depth = 1
        elif tag == "div" and self._depth:
            self._depth += 1
        elif tag == "a" and self._depth:
            self._href, self._text = attributes.get("href"), []

    def handle_endtag(self, tag):
        if tag == "blockquote" and self._quote is not None:
            self.quotes.append((self._quote, " ".join("".join(self._text).split())))
            self._quote = None
        elif tag == "div" and self._depth:
            self._depth -= 1
        elif tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text).strip()))
            self._href = None

    def handle_data(self, data):
        self._text.append(data)


def parsed(html: str) -> _Quotes:
    parser = _Quotes()
    parser.feed(html[html.index('<article class="md-content__inner') :])
    return parser


def source_page_problems(built: Path, lang: str, html: str) -> list[str]:
    """What is wrong with one language's source page: a passage of the note not quoted as
    English, a lesson link that leads nowhere or to another language's copy."""
    found = []
    quotes = parsed(html)
    quoted = [text for _attrs, text in quotes.quotes]
    for passage in PASSAGES:
        text = passage.replace("&quot;", '"')
        if text not in quoted:
            found.append(f"{lang}: the note's passage '{text}' is not quoted")
    for attrs, text in quotes.quotes:
        if attrs.get("lang") != "en" or attrs.get("dir") != "ltr":
            found.append(f'{lang}: the quote \'{text}\' is not marked lang="en" dir="ltr"')
    if not quotes.links:
        found.append(f"{lang}: no lesson is linked")
    here = f"{LANGS[lang]}source-note/"
    for href, text in quotes.links:
        target = posixpath.normpath(posixpath.join(here, href))
        if not (built / target / "index.html").is_file():
            found.append(f"{lang}: '{text}' links {href}, which is not a page of the site")
        elif not (target + "/").startswith(f"{LANGS[lang]}lessons/"):
            found.append(f"{lang}: '{text}' links {href}, which is not a lesson in this language")
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_the_source_page_exists_in_every_language_quotes_the_note_and_links_its_lessons(built: Path, lang: str):
    html = page(built, lang)
    assert f'<html lang="{lang}"' in html
    assert source_page_problems(built, lang, html) == []
    links = parsed(html).links
    # Every point links its lessons: listening twice (two points), mapping twice.
    assert sorted(href.rstrip("/").rsplit("/", 1)[-1] for href, _ in links) == ["listening", "listening", "listening", "mapping", "mapping"]


def test_the_page_check_notices_an_unmarked_quote_a_missing_passage_and_a_broken_link(built: Path):
    html = page(built, "es")
    broken = html.replace('<blockquote class="caucus-source-quote" dir="ltr" lang="en">', '<blockquote class="caucus-source-quote">', 1)
    broken = broken.replace("Map who talks to whom.", "Map who talks.", 1)
    broken = broken.replace('href="../lessons/mapping/"', 'href="../lessons/no-such-lesson/"', 1)
    broken = broken.replace('href="../lessons/listening/"', 'href="../../lessons/listening/"', 1)
    found = source_page_problems(built, "es", broken)
    assert 'es: the quote \'What our circles work for\' is not marked lang="en" dir="ltr"' in found
    assert "es: the note's passage 'Map who talks to whom.' is not quoted" in found
    assert any("links ../lessons/no-such-lesson/, which is not a page of the site" in f for f in found)
    assert any("links ../../lessons/listening/, which is not a lesson in this language" in f for f in found)


def test_lessons_are_linked_by_their_title_in_the_readers_language(built: Path):
    spanish = parsed(page(built, "es")).links
    assert ("../lessons/listening/", "Escucharnos") in spanish  # translated
    assert ("../lessons/mapping/", "Mapping the workplace") in spanish
    html = page(built, "es")
    # An untranslated lesson's title is English, and marked so.
    assert re.search(r'<a href="\.\./lessons/mapping/"><span lang="en" dir="ltr">[^<]+</span></a>', html)
    assert ("../lessons/listening/", "Listening to each other") in parsed(page(built, "en")).links


def test_translations_are_labelled_drafts_and_an_untranslated_passage_says_so(built: Path):
    spanish = page(built, "es")
    assert "<strong>Traducción en borrador:</strong> Escuchar de un turno a otro (día, noche, etc.)." in spanish
    assert "ningún hablante nativo la ha revisado todavía" in spanish
    arabic = page(built, "ar")
    assert "الإصغاء عبر الورديات" in arabic
    assert arabic.count("لم يُترجَم هذا المقطع بعد.") == 5  # every other passage
    english = page(built, "en")
    assert "caucus-source-translation" not in english and "Draft translation" not in english


def test_the_interpretations_are_shown_in_the_readers_language_or_marked_english(built: Path):
    english, spanish, arabic = page(built, "en"), page(built, "es"), page(built, "ar")
    for marker in ("OPENING-NOTE", "SHIFTS-NOTE", "MAPPING-NOTE", "THROUGHOUT-NOTE"):
        assert marker in english
    for marker in ("NOTA-APERTURA", "NOTA-TURNOS", "NOTA-GENERAL"):
        assert marker in spanish
    assert "Dónde las lecciones van más allá de la nota:" in spanish
    assert '<span lang="en" dir="ltr">The map on paper is the lessons\' own. MAPPING-NOTE</span> (sin traducir todavía)' in spanish
    assert "ملاحظة-الورديات" in arabic
    assert '<span lang="en" dir="ltr">The note names no earlier note the site has. OPENING-NOTE</span>' in arabic
    # the opening point is quoted twice; its interpretation is shown once
    assert english.count("OPENING-NOTE") == 1


def test_the_page_is_in_the_language_menu_and_search_of_each_language(built: Path):
    spanish = page(built, "es")
    assert 'hreflang="ar"' in spanish
    assert "data-pagefind-body" in spanish


def test_a_point_without_interpretation_fails_the_build_with_file_and_line(tmp_path):
    broken = MAP.replace("    interpretation:\n      en: The map on paper is the lessons' own. MAPPING-NOTE\n", "")
    assert broken != MAP
    site = make_site(tmp_path, map_text=broken)
    result = mkdocs_build(site)
    assert result.returncode != 0
    assert "curriculum/source-map.yml:18: 'Mapping' has no interpretation" in result.stderr
