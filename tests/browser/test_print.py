"""6. Print: a lesson prints without the site's chrome, each block kept whole."""

from __future__ import annotations

import pytest

from .checks import print_problems, visit
from .conftest import REAL_LANGS, TINY_LANGS

pytestmark = pytest.mark.browser

TINY = [TINY_LANGS[lang] + "lessons/listening/" for lang in TINY_LANGS] + ["ar/lessons/mapping/", "guides/listening/"]


@pytest.mark.parametrize("path", TINY)
def test_lesson_prints_without_chrome_and_keeps_blocks_whole(tiny_site, loaded, path, verdict):
    verdict(print_problems(loaded(tiny_site, path=path).page))


@pytest.mark.slow
@pytest.mark.parametrize("lang", REAL_LANGS)
def test_real_lesson_prints_without_chrome_and_keeps_blocks_whole(real_site, loaded, lang, verdict):
    verdict(print_problems(loaded(real_site, lang, "lesson").page))


def test_a_page_without_the_print_css_is_caught(tiny_site, open_context):
    unstyle = lambda html: html.replace('<link rel="stylesheet" href="../../assets/stylesheets/site.css">', "", 1)
    with tiny_site.broken("lessons/listening/", unstyle) as url:
        problems = print_problems(visit(open_context(), url).page)
    assert any("break-inside" in p for p in problems), problems


def test_chrome_shown_in_print_is_caught(tiny_site, open_context):
    show = "<style>@media print { .md-header, .md-footer { display: block !important } }</style>"
    with tiny_site.broken("lessons/listening/", lambda html: html.replace("</head>", show + "</head>", 1)) as url:
        problems = print_problems(visit(open_context(), url).page)
    assert "printed with the header" in problems and "printed with the footer" in problems, problems
