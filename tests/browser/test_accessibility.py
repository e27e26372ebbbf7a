"""3. Accessibility: axe-core finds nothing serious or critical; lang and dir are right
(fallback pages included); headings skip no level; every block of our extension is a
labelled region a screen reader reaches."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .checks import axe_problems, block_problems, heading_problems, lang_dir_problems, visit
from .conftest import REAL_SAMPLE, TINY_LANGS, TINY_PAGES, direction

pytestmark = pytest.mark.browser

TINY = [(lang, kind) for lang in TINY_LANGS for kind in TINY_PAGES] + [("ar", "translated")]
LESSONS = Path(__file__).resolve().parents[2] / "docs" / "lessons"


def untranslated_lesson(lang: str, lessons: Path = LESSONS) -> str | None:
    """The first lesson (by file name) with no translation into ``lang``, if any."""
    for english in sorted(lessons.glob("*.md")):
        if "." not in english.stem and not english.with_name(f"{english.stem}.{lang}.md").is_file():
            return english.stem
    return None


# A real fallback page for each language that still has an untranslated lesson, chosen
# from docs/ when the tests are collected. A language whose lessons are all translated
# gets no such case: the tiny site's fallback pages still cover it.
REAL_FALLBACK = {lang: slug for lang in ("ar", "vi") if (slug := untranslated_lesson(lang))}
REAL = REAL_SAMPLE + [(lang, "fallback") for lang in REAL_FALLBACK]
TINY_EXTRA = {"translated": "lessons/mapping/"}  # the Arabic translation prepare_tiny adds
# Lesson pages whose text falls back to English inside a page in another language.
FALLBACKS = {("tiny_site", lang, "lesson") for lang in ("es", "ar")} | {("real_site", lang, "fallback") for lang in REAL_FALLBACK}
# An untranslated lesson's handout is wholly in English, labels included.
WHOLLY_ENGLISH = {("tiny_site", lang, "handout") for lang in ("es", "ar")}


def load(site, loaded, lang, kind):
    if site.name == "tiny_site" and kind in TINY_EXTRA:
        return loaded(site, path=site.langs[lang] + TINY_EXTRA[kind])
    if site.name != "tiny_site" and kind == "fallback":
        return loaded(site, path=site.langs[lang] + f"lessons/{REAL_FALLBACK[lang]}/")
    return loaded(site, lang, kind)


def check_page(site, loaded, lang, kind):
    seen = load(site, loaded, lang, kind)
    assert seen.response.ok
    page = seen.page
    shown = "en" if (site.name, lang, kind) in FALLBACKS else None
    lang = "en" if (site.name, lang, kind) in WHOLLY_ENGLISH else lang
    problems = axe_problems(page)
    problems += lang_dir_problems(page, lang, direction(lang), shown, direction(shown) if shown else None)
    problems += heading_problems(page)
    if kind in ("lesson", "guide", "handout", "translated", "fallback"):
        problems += block_problems(page, toc=kind != "handout")
    return problems


@pytest.mark.parametrize("lang,kind", TINY)
def test_tiny_site_is_accessible(tiny_site, loaded, lang, kind, verdict):
    verdict(check_page(tiny_site, loaded, lang, kind))


@pytest.mark.slow
@pytest.mark.parametrize("lang,kind", REAL)
def test_real_site_is_accessible(real_site, loaded, lang, kind, verdict):
    verdict(check_page(real_site, loaded, lang, kind))


# Each check fails on a page broken on purpose.


def test_axe_catches_an_image_without_alt(tiny_site, open_context):
    image = '<p><img src="../../assets/images/favicon.png"></p>'
    with tiny_site.broken("lessons/listening/", lambda html: html.replace("</article>", image + "</article>")) as url:
        problems = axe_problems(visit(open_context(), url).page)
    assert any(p.startswith("image-alt (critical)") for p in problems), problems


def test_a_skipped_heading_level_is_caught(tiny_site, open_context):
    skip = lambda html: re.sub(r'<h2 class="caucus-block__title"(.*?)</h2>', r'<h4 class="caucus-block__title"\1</h4>', html, count=1)
    with tiny_site.broken("lessons/listening/", skip) as url:
        problems = heading_problems(visit(open_context(), url).page)
    assert any("h2 is followed by h4" in p for p in problems), problems


def test_an_unlabelled_or_hidden_block_is_caught(tiny_site, open_context):
    def unlabel(html):
        html = html.replace('aria-labelledby="discussion-1"', 'aria-labelledby="nowhere"', 1)
        return html.replace('<section aria-labelledby="activity-1"', '<section aria-hidden="true" aria-labelledby="activity-1"', 1)

    with tiny_site.broken("lessons/listening/", unlabel) as url:
        problems = block_problems(visit(open_context(), url).page)
    assert any("'nowhere'" in p and "does not name an h2" in p for p in problems), problems
    assert any("'activity-1'" in p and "hidden" in p for p in problems), problems


def test_a_wrong_lang_or_a_missing_fallback_wrapper_is_caught(tiny_site, open_context):
    def unmark(html):
        html = re.sub(r' lang="en"', "", html)  # the title and the lesson's own text lose their marks
        return html.replace('<html lang="ar"', '<html lang="en"', 1)

    with tiny_site.broken("ar/lessons/listening/", unmark) as url:
        problems = lang_dir_problems(visit(open_context(), url).page, "ar", "rtl", "en", "ltr")
    assert "<html lang='en'>, expected 'ar'" in problems, problems
    assert any("no element with lang='en'" in p for p in problems), problems
    assert any(p.startswith("Arabic text marked as another language") for p in problems), problems
