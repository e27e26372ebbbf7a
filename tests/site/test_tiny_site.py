"""A tiny multilingual site built in a temporary folder, asserted on."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, copy_tiny, mkdocs_build

LANGS = {"en": "", "es": "es/", "ar": "ar/"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    site = copy_tiny(tmp_path_factory.mktemp("tiny") / "tiny")
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    return site / "site"


def page(built: Path, path: str) -> str:
    return (built / path / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_every_generated_page_exists_in_every_language(built: Path, lang: str):
    prefix = LANGS[lang]
    for path in (
        "guides/listening",
        "guides/mapping",
        "catalog",
        "catalog/settings/union",
        "catalog/topics/solidarity",
        "collected/first-steps",
        "collected/all-lessons",
        "translation-status",
        "lessons/listening",
        "series/first-steps",
    ):
        html = page(built, prefix + path)
        assert f'<html lang="{lang}"' in html


@pytest.mark.parametrize("lang", LANGS)
def test_facilitator_notes_only_in_the_guide(built: Path, lang: str):
    prefix = LANGS[lang]
    assert "SECRET-FACILITATOR-NOTE" not in page(built, prefix + "lessons/listening")
    assert "SECRET-FACILITATOR-NOTE" in page(built, prefix + "guides/listening")
    assert "Who do you never meet?" in page(built, prefix + "lessons/listening")


def test_guide_has_agenda_with_clock_times_materials_and_questions(built: Path):
    html = page(built, "guides/listening")
    for clock in ("0:00", "0:05", "0:15", "0:45", "1:00"):
        assert f"<td>{clock}</td>" in html
    assert "paper" in html and "markers" in html
    assert "Who do you talk to at work?" in html
    assert 'href="../../lessons/listening/"' in html


def test_lesson_links_its_guide_and_series(built: Path):
    html = page(built, "lessons/listening")
    assert 'href="../../guides/listening/"' in html
    assert 'href="../../series/first-steps/"' in html
    assert 'href="../mapping/"' in html  # next session


def test_fallback_page_says_so_in_its_own_language_and_marks_the_text_english(built: Path):
    html = page(built, "es/lessons/listening")
    assert "caucus-notice--untranslated" in html
    # The title and the lesson's own text are marked English; the notice before them is not.
    assert '<h1 lang="en" dir="ltr">Listening to each other</h1>' in html
    notice, text = html.index("caucus-notice--untranslated"), html.index('<div dir="ltr" lang="en">')
    assert notice < text and "Who do you never meet?" in html[text:]
    assert 'href="../../contributing/#translating-a-lesson"' in html
    assert "caucus-notice" not in page(built, "lessons/listening")


def test_rtl_language_has_rtl_direction(built: Path):
    assert 'dir="rtl"' in page(built, "ar/catalog")


def test_catalog_lists_each_lesson_with_its_facts(built: Path):
    html = page(built, "catalog")
    assert "Listening to each other" in html and "Mapping the workplace" in html
    assert 'href="settings/union/"' in html and 'href="topics/solidarity/"' in html
    union = page(built, "catalog/settings/union")
    coop = page(built, "catalog/settings/coop")
    assert "Listening to each other" in union and "Listening to each other" not in coop


def test_translation_status_lists_missing_languages(built: Path):
    html = page(built, "es/translation-status")
    assert html.count("caucus-state--missing") == 4  # 2 lessons x 2 languages


def test_field_table_is_in_the_contributor_guide(built: Path):
    assert "<code>key_points</code>" in page(built, "contributing")


def _searched(built: Path, prefix: str) -> set[str]:
    """The pages of a language that Pagefind indexes (those whose article is marked)."""
    root = built / prefix
    found = set()
    for html in root.rglob("index.html"):
        where = html.parent.relative_to(root).as_posix()
        if prefix == "" and where.split("/")[0] in LANGS:
            continue
        if "data-pagefind-body" in html.read_text(encoding="utf-8"):
            found.add("" if where == "." else where + "/")
    return found


def test_every_language_has_a_sitemap_of_its_own_addresses(built: Path):
    """Material's language switcher fetches sitemap.xml beside each language's home."""
    root = (built / "sitemap.xml").read_text(encoding="utf-8")
    for lang in ("es", "ar"):
        own = (built / lang / "sitemap.xml").read_text(encoding="utf-8")
        locs = re.findall(r"<loc>([^<]+)</loc>", own)
        assert len(locs) == root.count("<loc>") and locs
        assert all(loc.startswith(f"https://example.org/tiny/{lang}/") for loc in locs), locs[:3]


def test_search_index_per_language_with_its_own_pages(built: Path):
    """Pagefind's bundle has one index per language; of the generated pages only the
    catalog is marked for it (a guide repeats its lesson, a listing its cards), and an
    untranslated lesson's English fallback copy is not."""
    entry = json.loads((built / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sorted(entry["languages"]) == ["ar", "en", "es"]
    english, spanish = _searched(built, ""), _searched(built, "es/")
    assert {"lessons/listening/", "lessons/mapping/", "catalog/", ""} <= english
    generated = ("guides/", "collected/", "catalog/settings/", "catalog/topics/", "translation-status/")
    assert not [l for l in english | spanish if l.startswith(generated)]
    assert "catalog/" in spanish and "lessons/listening/" not in spanish
    assert entry["languages"]["en"]["page_count"] == len(english) and entry["languages"]["es"]["page_count"] == len(spanish)
    # Only MkDocs' pages are marked: print pages and projector views never are.
    assert not [p for p in built.rglob("*.html") if p.name != "index.html" and "data-pagefind-body" in p.read_text(encoding="utf-8")]


def test_pages_search_their_own_language(built: Path):
    """The search box of a Spanish page leads to the Spanish catalog (without JavaScript)
    and loads the one Pagefind bundle at the site's root."""
    form = re.search(r'<form class="caucus-search" role="search" action="([^"]+)" method="get" data-pagefind="([^"]+)"', page(built, "es/guides/listening"))
    assert form, "no search form"
    here = built / "es" / "guides" / "listening"
    assert (here / form.group(1)).resolve() == (built / "es" / "catalog").resolve()
    assert (here / form.group(2)).resolve() == (built / "pagefind" / "pagefind.js").resolve()
    assert "search_index.json" not in page(built, "es/guides/listening") and not (built / "search").exists()


SAME_ITEM = [
    "lessons/listening/",
    "guides/listening/",
    "catalog/",
    "catalog/settings/union/",
    "series/first-steps/",
    "translation-status/",
    "handouts/listening/participant.html",
    "handouts/listening/facilitator.html",
]


@pytest.mark.parametrize("item", SAME_ITEM)
@pytest.mark.parametrize("lang", LANGS)
def test_language_links_land_on_the_same_item_in_every_language(built: Path, lang: str, item: str):
    here = built / LANGS[lang] / item
    html = (here / "index.html" if item.endswith("/") else here).read_text(encoding="utf-8")
    links = dict((target, href) for href, target in re.findall(r'<a href="([^"]*)" hreflang="([^"]*)"', html))
    assert sorted(links) == sorted(LANGS)
    folder = here if item.endswith("/") else here.parent
    for target, href in links.items():
        landed = (folder / href).resolve()
        assert landed == (built / LANGS[target] / item).resolve(), (target, href)
        assert (landed / "index.html" if item.endswith("/") else landed).is_file()


def test_stale_and_draft_translations_say_so_on_their_pages(tmp_path):
    """A Spanish translation made from an older version of the lesson, still a draft; an
    Arabic one made from the current version and reviewed."""
    from caucus.core.project import content_version

    site = copy_tiny(tmp_path / "tiny")
    lessons = site / "docs" / "lessons"
    original = (lessons / "listening.md").read_text(encoding="utf-8")
    body = original.split("---", 2)[2]
    translated = "---\ntitle: {title}\nsummary: x\nobjectives: [x]\nkey_points: [x]\ntranslation:\n  source: {source}\n  state: {state}\n---\n" + body
    (lessons / "listening.es.md").write_text(translated.format(title="Escucharnos", source="0123456789ab", state="draft"), encoding="utf-8")
    (lessons / "listening.ar.md").write_text(translated.format(title="الاستماع", source=content_version(original), state="reviewed"), encoding="utf-8")
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr[-2000:]
    spanish = page(site / "site", "es/lessons/listening")
    assert "caucus-notice--stale" in spanish
    assert "La lección original cambió" in spanish
    assert "borrador" in spanish  # and it is still a draft
    arabic = page(site / "site", "ar/lessons/listening")
    assert "caucus-notice" not in arabic
    status = page(site / "site", "es/translation-status")
    assert "Desactualizada" in status


def test_guide_gives_each_part_its_clock_times_and_the_lesson_does_not(built: Path):
    guide = page(built, "guides/listening")
    assert "0:15–0:45</span> · 30 min · In pairs" in guide and "1:00–1:05</span> · 5 min" in guide
    assert "0:15–0:45" not in page(built, "lessons/listening")


def test_guide_says_the_spare_minutes_what_to_cut_and_how_to_read_together(built: Path):
    guide = page(built, "guides/listening")
    assert "The parts add up to 65 minutes: 10 minutes to spare" in guide
    assert "Running late? Cut this:</strong> Skip the activity and go straight to the closing round." in guide
    assert "Reading together and interpretation" in guide and "takes about twice as long" in guide
    assert "If interpreted, cut this:</strong> Ask only the first question of the discussion." in guide
    # No reading in this lesson: no word on reading aloud. 'mapping' has one, and no
    # 'if_interpreted' of its own, so it gets the general advice.
    assert "Anyone may pass" not in guide
    mapping = page(built, "guides/mapping")
    assert "Anyone may pass" in mapping and "If interpreted, keep one question of each discussion round" in mapping
    assert "Running late?" not in mapping


def test_guide_in_another_language_marks_untranslated_lesson_text(built: Path):
    guide = page(built, "es/guides/listening")
    assert "¿Se atrasan? Corten esto:" in guide and "Cualquiera puede" not in guide
    assert '<span lang="en" dir="ltr">Skip the activity and go straight to the closing round.</span>' in guide
    assert "Cualquiera puede pasar" in page(built, "es/guides/mapping")


def test_welcome_block_is_shown_with_its_label_in_every_language(built: Path):
    assert "Welcome and ground rules" in page(built, "lessons/listening")
    assert "Bienvenida y reglas del grupo" in page(built, "es/lessons/listening")
    assert "الترحيب وقواعد الحلقة" in page(built, "ar/guides/listening")


def test_guide_checklist_has_what_every_session_needs_then_the_lessons_materials(built: Path):
    guide = page(built, "es/guides/listening")
    essentials, lesson_materials = guide.index("Bolígrafos"), guide.index("markers")
    assert essentials < lesson_materials


@pytest.mark.parametrize("lang", LANGS)
def test_projector_view_per_language_in_the_manifest_linked_from_the_guide(built: Path, lang: str):
    """Each lesson's projector view: written where the map of outputs says, listed in the
    manifest, linked from its guide, with no facilitator note, and not in the search
    index or the sitemap (it repeats the lesson; no reader should land on it by search)."""
    prefix = LANGS[lang]
    manifest = json.loads((built / "build-manifest.json").read_text(encoding="utf-8"))
    for slug in ("listening", "mapping"):
        entry = manifest["languages"][lang]["lessons"][slug]["projector"]
        assert entry["path"] == f"{prefix}projector/{slug}.html" and entry["bytes"] > 0, entry
        html = (built / entry["path"]).read_text(encoding="utf-8")
        assert "SECRET-FACILITATOR-NOTE" not in html and 'data-caucus-block="facilitator"' not in html
        assert html.count('<section class="slide') >= 2
        guide = page(built, f"{prefix}guides/{slug}")
        links = re.findall(r'class="caucus-projector-link"><a href="([^"]+)"', guide)
        assert links == [f"../../projector/{slug}.html"], links
        back = re.search(r'class="bar__guide" href="([^"]+)"', html).group(1)
        assert (built / f"{prefix}projector" / back / "index.html").resolve() == (built / f"{prefix}guides/{slug}/index.html").resolve()
        # Search engines are led to the lesson page in the same language.
        assert f'<link rel="canonical" href="https://example.org/tiny/{prefix}lessons/{slug}/">' in html
    listening = (built / f"{prefix}projector/listening.html").read_text(encoding="utf-8")
    assert "Who do you never meet?" in listening
    assert "data-pagefind-body" not in listening
    sitemap = (built / prefix / "sitemap.xml").read_text(encoding="utf-8")
    assert "projector" not in sitemap and "lessons/listening/" in sitemap


SITE_URL = "https://example.org/tiny/"  # the tiny site's site_url


def _html_pages(built: Path) -> list[Path]:
    # 404.html is the one page served at any address, so its links are root-absolute by design.
    return [path for path in sorted(built.rglob("*.html")) if path.name != "404.html"]


def root_absolute_links(html: str) -> list[str]:
    """Links and assets that start with ``/`` (a path on the server, not under the site's
    own folder): they break in a preview, a mirror or a copy opened from a folder."""
    return re.findall(r'\b(?:href|src)="(/(?!/)[^"]*)"', html)


def hreflang_problems(html: str, site_url: str) -> list[str]:
    """Each ``<link rel="alternate" hreflang>`` must carry the copy's full address."""
    links = re.findall(r'<link rel="alternate" href="([^"]*)" hreflang="([^"]*)"', html)
    problems = [f"{lang}: {href} is not a full address under {site_url}" for href, lang in links if not href.startswith(site_url)]
    return problems if links else ["no <link rel=alternate hreflang> at all"]


def test_no_link_depends_on_where_the_site_is_served(built: Path):
    found = {str(path.relative_to(built)): links for path in _html_pages(built) if (links := root_absolute_links(path.read_text(encoding="utf-8")))}
    assert not found, found
    # the check sees such links (as static-i18n wrote them on the home pages)
    assert root_absolute_links('<a href="/tiny/es/" hreflang="es">') == ["/tiny/es/"]
    assert root_absolute_links('<a href="https://example.org/tiny/">x</a><a href="../es/">') == []


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("item", ["", "lessons/listening/", "catalog/", "guides/listening/"])
def test_hreflang_links_are_full_addresses_of_each_copy(built: Path, lang: str, item: str):
    html = page(built, LANGS[lang] + item)
    assert hreflang_problems(html, SITE_URL) == []
    for other, prefix in LANGS.items():
        assert f'<link rel="alternate" href="{SITE_URL}{prefix}{item}" hreflang="{other}">' in html
    assert hreflang_problems('<link rel="alternate" href="../es/" hreflang="es">', SITE_URL)  # relative: caught


def test_home_language_menu_works_under_any_path(built: Path):
    for lang, prefix in LANGS.items():
        html = page(built, prefix)
        links = dict((target, href) for href, target in re.findall(r'<a href="([^"]*)" hreflang="([^"]*)"', html))
        assert sorted(links) == sorted(LANGS), (lang, links)
        for target, href in links.items():
            assert not href.startswith("/"), (lang, target, href)
            assert ((built / prefix / href).resolve() / "index.html") == (built / LANGS[target] / "index.html").resolve()


def _material_pages(built: Path) -> list[Path]:
    return [p for p in sorted(built.rglob("*.html")) if 'class="md-header' in p.read_text(encoding="utf-8")]


def test_every_page_carries_its_icon_and_fetches_no_script_with_the_page(built: Path):
    """The site's SVG icon is written into each page (no request for it beside the first
    paint), and no page names a script to fetch while it loads: the search box's and the
    catalog filter's are fetched when the reader goes to them (partials/caucus-on-demand.html)."""
    from urllib.parse import unquote

    icon = (ROOT / "overrides" / "assets" / "images" / "caucus-icon.svg").read_text(encoding="utf-8").strip()
    pages = _material_pages(built)
    assert len(pages) > 20
    for path in pages:
        html = path.read_text(encoding="utf-8")
        icons = re.findall(r'<link rel="icon"[^>]*href="([^"]*)"', html)
        assert len(icons) == 1 and icons[0].startswith("data:image/svg+xml,"), (path, icons)
        assert unquote(icons[0].removeprefix("data:image/svg+xml,")) == icon, path
        assert re.findall(r"<script[^>]*\ssrc=", html) == [], path
        if 'class="caucus-search"' in html:
            assert 'querySelector("form.caucus-search")' in html, path
    catalogs = [p for p in pages if "data-caucus-filter" in p.read_text(encoding="utf-8")]
    assert catalogs and all('querySelector("[data-caucus-filter]")' in p.read_text(encoding="utf-8") for p in catalogs)
