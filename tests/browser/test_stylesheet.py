"""The site's one stylesheet (core/stylesheet.py) is Material's and ours cut to the rules
the pages use: every kind of page, in every language, on a phone and on a wide screen,
looks exactly as it does with the whole stylesheets (screenshots compared pixel by
pixel), with the navigation drawer open and with the language menu open too."""

from __future__ import annotations

import io
import re

import pytest

from .conftest import TINY_LANGS, TINY_PAGES

pytestmark = pytest.mark.browser

SITE_CSS = re.compile(r'<link rel="stylesheet" href="([./]*)assets/stylesheets/site\.css">')
KINDS = [kind for kind in TINY_PAGES if kind != "handout"]  # print pages have their own
SCREENS = {"phone": {"width": 390, "height": 844}, "wide": {"width": 1280, "height": 800}}


def whole_stylesheets(site) -> list[str]:
    """The files the site's stylesheet was cut from, as its first line names them."""
    first = (site.root / "assets" / "stylesheets" / "site.css").read_text(encoding="utf-8").split("*/", 1)[0]
    names = first.split("/*", 1)[1].split(", cut to", 1)[0]
    return [name.strip() for name in names.split(",")]


def with_whole_stylesheets(site):
    names = whole_stylesheets(site)

    def change(html: str) -> str:
        prefix = SITE_CSS.search(html).group(1)
        return SITE_CSS.sub(lambda _: "".join(f'<link rel="stylesheet" href="{prefix}{name}">' for name in names), html, count=1)

    return change


def looks(context, url: str, state: str) -> bytes:
    page = context.new_page()
    page.goto(url)
    if state == "drawer":
        page.locator("label.md-header__button[for=__drawer]").click()
    elif state == "languages":
        page.locator(".md-select").first.hover()
    shot = page.screenshot(full_page=state == "page", animations="disabled")
    page.close()
    return shot


def differing_pixels(one: bytes, other: bytes) -> int:
    """Pixels whose colour differs by more than anti-aliasing noise (a level or two)."""
    from PIL import Image, ImageChops

    a, b = (Image.open(io.BytesIO(shot)).convert("RGB") for shot in (one, other))
    if a.size != b.size:
        return max(a.size[0] * a.size[1], b.size[0] * b.size[1])
    difference = ImageChops.difference(a, b).convert("L").point(lambda level: 255 if level > 8 else 0)
    return sum(difference.histogram()[1:])


def cases():
    for lang in TINY_LANGS:
        for kind in KINDS:
            for screen in SCREENS:
                yield lang, kind, screen, "page"
    for lang in ("en", "ar"):
        yield lang, "lesson", "phone", "drawer"
        yield lang, "lesson", "wide", "languages"


@pytest.mark.parametrize("lang,kind,screen,state", list(cases()))
def test_the_cut_stylesheet_looks_like_the_whole(tiny_site, open_context, lang, kind, screen, state):
    context = open_context(java_script_enabled=False, viewport=SCREENS[screen])
    path = TINY_LANGS[lang] + TINY_PAGES[kind]
    cut = looks(context, tiny_site.page_url(lang, kind), state)
    with tiny_site.broken(path, with_whole_stylesheets(tiny_site)) as url:
        whole = looks(context, url, state)
    assert differing_pixels(cut, whole) == 0, f"{path} ({screen}, {state}) looks different with the cut stylesheet"


def test_a_rule_cut_away_is_seen(tiny_site, open_context):
    """The comparison sees one missing rule: the header's, left out of the cut."""
    context = open_context(java_script_enabled=False, viewport=SCREENS["phone"])
    css = (tiny_site.root / "assets" / "stylesheets" / "site.css").read_text(encoding="utf-8")
    without_header = re.sub(r"(?<=[}\n])\.md-header\{[^{}]*\}", "", css, count=1)
    assert without_header != css
    path = TINY_PAGES["lesson"]
    with tiny_site.broken(path, lambda html: SITE_CSS.sub(lambda _: "<style>" + without_header + "</style>", html, count=1)) as url:
        broken = looks(context, url, "page")
    with tiny_site.broken(path, with_whole_stylesheets(tiny_site)) as url:
        whole = looks(context, url, "page")
    assert differing_pixels(broken, whole) > 100
