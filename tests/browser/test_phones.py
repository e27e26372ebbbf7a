"""7. Phones: at 360 px nothing scrolls sideways, and the controls of the navigation,
the header and our blocks are at least 44 px."""

from __future__ import annotations

import pytest

from .checks import sideways_problems, tap_target_problems, visit
from .conftest import TINY_LANGS

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
TINY = [TINY_LANGS[lang] + path for lang in TINY_LANGS for path in ("lessons/listening/", "guides/listening/", "catalog/")] + ["ar/lessons/mapping/"]


def settle(page) -> None:
    """Wait for CSS transitions (the drawer sliding, the menu fading in) to end."""
    page.wait_for_timeout(50)
    page.wait_for_function("() => document.getAnimations().every((a) => a.playState !== 'running')", timeout=3000)


def phone_problems(page) -> list[str]:
    """Sideways scroll and tap targets with the page as it opens, with the navigation
    drawer open, and with the language menu open."""
    problems = sideways_problems(page) + tap_target_problems(page)
    page.locator("label.md-header__button[for='__drawer']").click()
    settle(page)  # the drawer slides in
    problems += [f"drawer open: {p}" for p in tap_target_problems(page)]
    page.locator("label.md-overlay").click(position={"x": 300, "y": 400}, force=True)  # close it
    settle(page)
    if page.locator(".md-select").count():
        page.locator(".md-select button").focus()
        settle(page)
        problems += [f"language menu open: {p}" for p in tap_target_problems(page)]
    return problems


@pytest.mark.parametrize("path", TINY)
def test_phone_layout(tiny_site, open_context, path, verdict):
    page = visit(open_context(**PHONE), tiny_site.url(path)).page
    verdict(phone_problems(page))


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ar", "vi"])  # right to left, and the language the tiny site lacks
def test_real_lesson_phone_layout(real_site, open_context, lang, verdict):
    page = visit(open_context(**PHONE), real_site.page_url(lang, "lesson")).page
    verdict(phone_problems(page))


@pytest.mark.parametrize("path", ["lessons/listening/", "ar/lessons/mapping/", "ar/catalog/"])
def test_nothing_scrolls_sideways_without_javascript(tiny_site, open_context, path, verdict):
    """Before Material's script runs (on a slow phone, for as long as it downloads) and
    without JavaScript: the header's language menu, hidden, once stuck out of the screen
    (and on right-to-left pages the whole page moved when the script ran)."""
    page = visit(open_context(**PHONE, java_script_enabled=False), tiny_site.url(path)).page
    verdict(sideways_problems(page))


def test_a_wide_element_is_caught(tiny_site, open_context):
    wide = '<div style="width: 600px">a wide box</div>'
    with tiny_site.broken("lessons/listening/", lambda html: html.replace("</article>", wide + "</article>", 1)) as url:
        problems = sideways_problems(visit(open_context(**PHONE), url).page)
    assert problems and "scrolls sideways" in problems[0], problems


def test_a_tiny_tap_target_is_caught(tiny_site, open_context):
    tiny = lambda html: html.replace(
        '<a href="../../guides/listening/">',
        '<a style="display:inline-block;min-width:0;min-height:0;width:12px;height:12px;padding:0;overflow:hidden" href="../../guides/listening/">',
        1,
    )
    with tiny_site.broken("lessons/listening/", tiny) as url:
        problems = tap_target_problems(visit(open_context(**PHONE), url).page)
    assert any("12x12" in p for p in problems), problems
