"""8. Weight (issue #19): the first view of every lesson page (empty cache, everything
fetched at load) is at most 250 KB uncompressed and at most 60 KB as gzip sends it (the
search's index is fetched only when the reader searches). The heaviest page of each
language is printed in the terminal summary ("page weight"). KB here is 1,024 bytes."""

from __future__ import annotations

import pytest

from .checks import page_weight
from .conftest import REAL_LANGS, TINY_LANGS

pytestmark = pytest.mark.browser

LIMIT, LIMIT_GZIP = 250 * 1024, 60 * 1024


def weight_problems(context, url: str, limit: int = LIMIT, limit_gzip: int = LIMIT_GZIP) -> tuple[int, list, list[str]]:
    total, parts, compressed = page_weight(context, url)
    listed = ", ".join(f"{name} {size / 1024:.0f} KB" for name, size in parts[:6])
    problems = []
    if total > limit:
        problems.append(f"{url}: {total / 1024:.0f} KB at first view, over {limit / 1024:.0f} KB ({listed})")
    if compressed > limit_gzip:
        problems.append(f"{url}: {compressed / 1024:.0f} KB gzip at first view, over {limit_gzip / 1024:.0f} KB ({listed})")
    return total, parts, problems


def every_lesson_page(site, prefix: str) -> list[str]:
    """Every lesson page the site has in a language: lessons and their setting variants."""
    folder = site.root / prefix / "lessons"
    return sorted(f"{prefix}lessons/{page.parent.name}/" for page in folder.glob("*/index.html"))


def weigh_every_lesson(site, open_context, weights, record_property, name: str, lang: str, prefix: str) -> list[str]:
    paths = every_lesson_page(site, prefix)
    assert len(paths) >= 2, paths
    problems, heaviest = [], (0, [])
    for path in paths:
        total, parts, found = weight_problems(open_context(), site.url(path))  # a fresh profile: an empty cache
        problems += found
        heaviest = max(heaviest, (total, parts), key=lambda entry: entry[0])
    weights[(name, lang)] = heaviest
    record_property("weight_bytes", heaviest[0])
    return problems


@pytest.mark.parametrize("lang", TINY_LANGS)
def test_tiny_lesson_first_view_weight(tiny_site, open_context, weights, record_property, lang, verdict):
    verdict(weigh_every_lesson(tiny_site, open_context, weights, record_property, "tiny", lang, TINY_LANGS[lang]))
    total, parts = weights[("tiny", lang)]
    assert any(name.endswith(".css") for name, _ in parts) and total > 20_000  # the recording sees the assets


@pytest.mark.slow
@pytest.mark.parametrize("lang", REAL_LANGS)
def test_real_lesson_first_view_weight(real_site, open_context, weights, record_property, lang, verdict):
    verdict(weigh_every_lesson(real_site, open_context, weights, record_property, "real", lang, REAL_LANGS[lang]))


def test_an_oversized_page_is_caught(tiny_site, open_context):
    padding = "<!-- " + "x" * 400_000 + " -->"
    with tiny_site.broken("lessons/listening/", lambda html: html.replace("</body>", padding + "</body>", 1)) as url:
        total, _, problems = weight_problems(open_context(), url)
    assert total > LIMIT and len(problems) == 1 and "KB at first view" in problems[0], (total, problems)


def test_a_page_that_compresses_badly_is_caught(tiny_site, open_context):
    """Under the raw limit but not under the gzip one: 100 KB that gzip cannot shrink."""
    import random

    letters = random.Random(7)
    noise = "".join(letters.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(100_000))
    with tiny_site.broken("lessons/listening/", lambda html: html.replace("</body>", f"<!-- {noise} --></body>", 1)) as url:
        total, _, problems = weight_problems(open_context(), url)
    assert total < LIMIT and len(problems) == 1 and "gzip" in problems[0], (total, problems)
