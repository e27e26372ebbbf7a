"""The catalog's quick filter (assets/catalog.js) with the catalog's two groups: the
lessons translated into the reader's language, then, under a heading, the others. The
heading goes when the filter shows none of the lessons under it."""

from __future__ import annotations

import pytest

from .checks import visit

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
