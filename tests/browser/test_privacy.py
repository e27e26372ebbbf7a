"""2. Privacy: for the home page, a lesson, the catalog, a facilitator guide and a
handout, in every language, every request stays on the local server; no cookies."""

from __future__ import annotations

import pytest

from .checks import privacy_problems, visit
from .conftest import REAL_SAMPLE, TINY_LANGS, TINY_PAGES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("kind", TINY_PAGES)
@pytest.mark.parametrize("lang", TINY_LANGS)
def test_tiny_site_makes_no_third_party_request_and_sets_no_cookie(tiny_site, loaded, lang, kind, verdict):
    seen = loaded(tiny_site, lang, kind)
    assert seen.response.ok
    verdict(privacy_problems(seen))
    assert seen.requests[0] == seen.page.url  # the recording works


@pytest.mark.slow
@pytest.mark.parametrize("lang,kind", REAL_SAMPLE)
def test_real_site_makes_no_third_party_request_and_sets_no_cookie(real_site, loaded, lang, kind, verdict):
    seen = loaded(real_site, lang, kind)
    assert seen.response.ok
    verdict(privacy_problems(seen))


def test_a_web_font_from_another_host_is_caught(tiny_site, open_context):
    font = '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
    with tiny_site.broken("lessons/listening/", lambda html: html.replace("</head>", font + "</head>")) as url:
        problems = privacy_problems(visit(open_context(), url))
    assert any("fonts.googleapis.com" in p for p in problems), problems


def test_an_analytics_pixel_and_a_cookie_are_caught(tiny_site, open_context):
    tracker = '<img src="https://analytics.example.com/pixel.gif" alt=""><script>document.cookie = "visitor=42; path=/"</script>'
    with tiny_site.broken("es/catalog/", lambda html: html.replace("</article>", tracker + "</article>")) as url:
        problems = privacy_problems(visit(open_context(), url))
    assert any("analytics.example.com" in p for p in problems), problems
    assert any("visitor" in p for p in problems), problems
