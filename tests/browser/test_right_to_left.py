"""5. Right to left: an Arabic lesson is mirrored, and Latin words and phrases inside
it stay readable."""

from __future__ import annotations

import pytest

from .checks import latin_run_problems, rtl_layout_problems, visit
from .conftest import REAL_LESSON

pytestmark = pytest.mark.browser


def test_arabic_lesson_is_mirrored(tiny_site, loaded, verdict):
    # The tiny site's Arabic translation of 'mapping' (see conftest.prepare_tiny).
    verdict(rtl_layout_problems(loaded(tiny_site, path="ar/lessons/mapping/").page))


@pytest.mark.slow
def test_real_arabic_lesson_is_mirrored(real_site, loaded, verdict):
    verdict(rtl_layout_problems(loaded(real_site, path=f"ar/lessons/{REAL_LESSON}/").page))


@pytest.mark.parametrize("path", ["ar/lessons/mapping/", "ar/lessons/listening/", "ar/guides/listening/", "ar/catalog/"])
def test_latin_text_in_arabic_pages_reads_left_to_right(tiny_site, loaded, path, verdict):
    # 'mapping' is translated, with a Latin block title ("Why maps?") and a Latin book
    # title with a year in brackets; 'listening' is an English fallback inside an
    # Arabic page ("Who do you talk to at work?").
    verdict(latin_run_problems(loaded(tiny_site, path=path).page))


def test_latin_text_reads_left_to_right_on_a_phone(tiny_site, open_context, verdict):
    page = visit(open_context(viewport={"width": 360, "height": 740}), tiny_site.url("ar/lessons/mapping/")).page
    verdict(latin_run_problems(page))


# Each check fails on a page broken on purpose.


def test_an_arabic_page_without_dir_is_caught(tiny_site, open_context):
    with tiny_site.broken("ar/lessons/mapping/", lambda html: html.replace('<body dir="rtl"', "<body", 1)) as url:
        problems = rtl_layout_problems(visit(open_context(viewport={"width": 1280, "height": 800}), url).page)
    assert any("navigation is not to the right" in p for p in problems), problems
    assert any("does not start at the right edge" in p for p in problems), problems


def test_english_text_without_its_own_direction_is_caught(tiny_site, open_context):
    # The fallback text loses its dir="ltr": its questions' '?' jump to the wrong end.
    unwrap = lambda html: html.replace('<div dir="ltr" lang="en">', '<div lang="en">')
    with tiny_site.broken("ar/lessons/listening/", unwrap) as url:
        problems = latin_run_problems(visit(open_context(), url).page)
    assert any("Who do you talk to at work?" in p for p in problems), problems


def test_a_latin_title_without_isolation_is_caught(tiny_site, open_context):
    # Without the site CSS, the Latin block title "Why maps?" is not isolated.
    unstyle = lambda html: html.replace('<link rel="stylesheet" href="../../../assets/stylesheets/site.css">', "", 1)
    with tiny_site.broken("ar/lessons/mapping/", unstyle) as url:
        problems = latin_run_problems(visit(open_context(), url).page)
    assert any("Why maps?" in p for p in problems), problems


def test_reversed_latin_letters_are_caught(tiny_site, open_context):
    override = "<style>.caucus-block__name { unicode-bidi: bidi-override; direction: rtl }</style>"
    with tiny_site.broken("ar/lessons/mapping/", lambda html: html.replace("</head>", override + "</head>", 1)) as url:
        problems = latin_run_problems(visit(open_context(), url).page)
    assert any(p.startswith("Latin word reversed: 'Why'") for p in problems), problems
