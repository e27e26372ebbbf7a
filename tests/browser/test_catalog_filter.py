"""The catalog's quick filter (assets/catalog.js) with the catalog's two groups: the
lessons translated into the reader's language, then, under a heading, the others. The
heading goes when the filter shows none of the lessons under it."""

from __future__ import annotations

import pytest

from .checks import HeldScript, visit

pytestmark = pytest.mark.browser


def test_the_heading_over_untranslated_lessons_follows_the_filter(tiny_site, open_context):
    # prepare_tiny translates 'mapping' into Arabic; 'listening' is not.
    page = visit(open_context(), tiny_site.url("ar/catalog/")).page
    heading = page.locator(".caucus-cards-heading")
    assert heading.count() == 1 and heading.is_visible()
    cards = page.locator(".caucus-card")
    titles = [cards.nth(i).inner_text() for i in range(cards.count())]
    assert "رسم خريطة مكان العمل" in titles[0] and "Listening to each other" in titles[1]
    page.fill("input[name=words]", "خريطة")  # only in the translated lesson's card
    page.wait_for_function("document.querySelector('.caucus-cards-heading').hidden")
    assert not heading.is_visible() and cards.nth(0).is_visible()
    page.fill("input[name=words]", "listening")
    page.wait_for_function("!document.querySelector('.caucus-cards-heading').hidden")
    assert heading.is_visible() and not cards.nth(0).is_visible() and cards.nth(1).is_visible()


def early_filter_problems(context, url: str, change=lambda js: js) -> list[str]:
    """The filter is on the page before its script arrives (fetched when the reader goes
    to the filter; held back here until they have typed, then sent changed by ``change``),
    and what the reader typed meanwhile filters the cards when it does arrive."""
    script = HeldScript(context, "catalog.js")
    page = context.new_page()
    page.goto(url, wait_until="load")
    words = page.locator("input[name=words]")
    if not words.is_visible():
        return [f"{url}: the filter is not shown before its script arrives"]
    words.fill("listening")
    if not script.release(page, change):
        return [f"{url}: the page fetched no filter script"]
    cards = page.locator(".caucus-card")
    try:
        page.wait_for_function("[...document.querySelectorAll('.caucus-card')].some((card) => card.hidden)", timeout=10_000)
    except Exception:
        return [f"{url}: the words typed before the filter's script arrived filter nothing ({cards.count()} cards shown)"]
    return []


def test_the_filter_is_drawn_at_once_and_catches_up_with_early_words(tiny_site, open_context, verdict):
    verdict(early_filter_problems(open_context(), tiny_site.url("catalog/")))


def test_a_filter_script_that_ignores_early_words_is_caught(tiny_site, open_context):
    catch_up = "apply();  // what the reader typed or chose before this script arrived, too"
    late = lambda js: js.replace(catch_up, "") if catch_up in js else "throw new Error('the catch-up line is gone')"  # noqa: E731
    problems = early_filter_problems(open_context(), tiny_site.url("catalog/"), late)
    assert any("filter nothing" in p for p in problems), problems


def test_without_javascript_the_filter_is_not_shown(tiny_site, open_context):
    """It would do nothing: readers without JavaScript use the pages per kind of
    organization and per topic. Negative: without main.html's <noscript> style it shows."""
    context = open_context(java_script_enabled=False)
    page = visit(context, tiny_site.url("catalog/")).page
    assert page.locator(".caucus-filter").count() == 1 and not page.locator(".caucus-filter").is_visible()
    with tiny_site.broken("catalog/", lambda html: html.replace("<noscript><style>.caucus-filter { display: none; }</style></noscript>", "", 1)) as url:
        page = visit(context, url).page
        assert page.locator(".caucus-filter").is_visible()
