"""4. Without JavaScript: lessons read, the catalog's per-setting and per-topic pages
work as its filters, and the language and handout links lead to real pages."""

from __future__ import annotations

import re

import pytest

from .checks import readable_problems, safe_follow, visit
from .conftest import TINY_LANGS

pytestmark = pytest.mark.browser

LESSONS = [(lang, "lessons/listening/") for lang in TINY_LANGS] + [("ar", "lessons/mapping/")]


@pytest.fixture
def no_js(open_context):
    return open_context(java_script_enabled=False, viewport={"width": 1280, "height": 800})


@pytest.mark.parametrize("lang,path", LESSONS)
def test_lessons_read_without_javascript(tiny_site, no_js, lang, path, verdict):
    seen = visit(no_js, tiny_site.url(TINY_LANGS[lang] + path))
    assert seen.page.evaluate("document.documentElement.className") == "no-js"  # really without JavaScript
    verdict(readable_problems(seen.page, seen.response))
    assert seen.page.locator("section.caucus-block").count() >= 2


def catalog_problems(context, url: str) -> list[str]:
    """The catalog links every setting and topic to its listing page. A reader follows
    the first of each (and from the union listing, a lesson); every other listing
    page answers as a real page too."""
    problems = []
    page = visit(context, url).page
    for kind in ("settings", "topics"):
        hrefs = list(dict.fromkeys(a.get_attribute("href") for a in page.locator(f"article a[href*='{kind}/']").all()))
        if not hrefs:
            problems.append(f"the catalog has no {kind} links")
            continue
        first, *others = hrefs
        for href in others:
            target = page.evaluate("(href) => new URL(href, location.href).href", href)
            response = context.request.get(target)
            if not response.ok or b"<h1" not in response.body():
                problems.append(f"{href}: HTTP {response.status}, not a listing page")
        link = page.locator(f"article a[href='{first}']").first
        found = safe_follow(page, link, expect_path=re.sub(r"^(\.\./)+|^\./", "", first))
        if not found and kind == "settings":
            lessons = page.locator("article a[href*='lessons/']")
            if lessons.count() == 0:
                found.append(f"{first}: lists no lessons")
            else:
                found += safe_follow(page, lessons.first)
                found += readable_problems(page, context.request.get(page.url))
        problems += found
        page.goto(url)
    return problems


@pytest.mark.parametrize("lang", TINY_LANGS)
def test_catalog_filters_work_without_javascript(tiny_site, no_js, lang, verdict):
    verdict(catalog_problems(no_js, tiny_site.url(TINY_LANGS[lang] + "catalog/")))


def language_link_problems(context, url: str, langs: list[str]) -> list[str]:
    """The language menu opens on hover or focus (CSS only), and each language's link
    leads to that language's copy of the page."""
    problems = []
    for lang in langs:
        page = visit(context, url).page
        page.hover(".md-select")
        link = page.locator(f".md-select__link[hreflang='{lang}']")
        if link.count() != 1:
            problems.append(f"no link to {lang}")
            continue
        problems += safe_follow(page, link, expect_lang=lang)
        page.close()
    return problems


@pytest.mark.parametrize("lang", TINY_LANGS)
def test_language_links_work_without_javascript(tiny_site, no_js, lang, verdict):
    others = [other for other in TINY_LANGS if other != lang]
    verdict(language_link_problems(no_js, tiny_site.url(TINY_LANGS[lang] + "lessons/listening/"), others))


def handout_link_problems(context, url: str) -> list[str]:
    """Every handout link of the page leads to a print page or a PDF."""
    page = visit(context, url).page
    hrefs = [a.get_attribute("href") for a in page.locator(".caucus-handouts a").all()]
    if not hrefs:
        return ["no handout links"]
    problems = []
    for href in hrefs:
        if page.url != url:
            page.goto(url)
        found = safe_follow(page, page.locator(f".caucus-handouts a[href='{href}']"))
        if href.endswith(".html") and not found and page.locator("article.handout").count() == 0:
            found.append(f"{href}: not a handout")
        problems += found
    return problems


@pytest.mark.parametrize("lang", TINY_LANGS)
def test_handout_links_work_without_javascript(tiny_site, no_js, lang, verdict):
    verdict(handout_link_problems(no_js, tiny_site.url(TINY_LANGS[lang] + "lessons/listening/")))


# Each check fails on a page broken on purpose.


def test_text_shown_only_by_javascript_is_caught(tiny_site, no_js):
    hide = "<style>.no-js .md-content { display: none }</style>"
    with tiny_site.broken("lessons/listening/", lambda html: html.replace("</head>", hide + "</head>")) as url:
        seen = visit(no_js, url)
        problems = readable_problems(seen.page, seen.response)
    assert any("not visible" in p for p in problems), problems


def test_a_filter_that_needs_javascript_is_caught(tiny_site, no_js):
    scripted = lambda html: html.replace('href="settings/union/"', 'href="#" onclick="location=\'settings/union/\'"', 1)
    with tiny_site.broken("catalog/", scripted) as url:
        page = visit(no_js, url).page
        problems = safe_follow(page, page.locator("article a[onclick]").first)
    assert any("went nowhere" in p or "stayed on" in p for p in problems), problems


def test_a_broken_language_or_handout_link_is_caught(tiny_site, no_js):
    def breaks(html):
        html = re.sub(r'<a href="../../es/lessons/listening/"([^>]*class="md-select__link")', r'<a href="../../es/lessons/nowhere/"\1', html, count=1)
        return html.replace("participant.html", "missing.html", 1).replace("participant-a4.pdf", "missing-a4.pdf", 1)

    with tiny_site.broken("lessons/listening/", breaks) as url:
        problems = language_link_problems(no_js, url, ["es"])
        problems += handout_link_problems(no_js, url)
    assert any("HTTP 404" in p and "nowhere" in p for p in problems), problems
    assert any("missing.html" in p for p in problems), problems
    assert any("missing-a4.pdf" in p for p in problems), problems
