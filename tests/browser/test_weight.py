"""8. Weight: the first view of a lesson (empty cache), everything fetched at load, is at
most 350 KB uncompressed (the search's index is fetched only when the reader searches). The figures
are printed in the terminal summary ("page weight"). KB here is 1,024 bytes."""

from __future__ import annotations

import pytest

from .checks import page_weight
from .conftest import REAL_LANGS, TINY_LANGS

pytestmark = pytest.mark.browser

LIMIT = 350 * 1024


def weight_problems(context, url: str, limit: int = LIMIT) -> tuple[int, list, list[str]]:
    total, parts = page_weight(context, url)
    if total <= limit:
        return total, parts, []
    listed = ", ".join(f"{name} {size / 1024:.0f} KB" for name, size in parts[:6])
    return total, parts, [f"{url}: {total / 1024:.0f} KB at first view, over {limit / 1024:.0f} KB ({listed})"]


@pytest.mark.parametrize("lang", TINY_LANGS)
def test_tiny_lesson_first_view_weight(tiny_site, open_context, weights, record_property, lang, verdict):
    total, parts, problems = weight_problems(open_context(), tiny_site.page_url(lang, "lesson"))
    weights[("tiny", lang)] = (total, parts)
    record_property("weight_bytes", total)
    assert any(name.endswith(".css") for name, _ in parts) and total > 50_000  # the recording sees the assets
    verdict(problems)


@pytest.mark.slow
@pytest.mark.parametrize("lang", REAL_LANGS)
def test_real_lesson_first_view_weight(real_site, open_context, weights, record_property, lang, verdict):
    total, parts, problems = weight_problems(open_context(), real_site.page_url(lang, "lesson"))
    weights[("real", lang)] = (total, parts)
    record_property("weight_bytes", total)
    verdict(problems)


def test_an_oversized_page_is_caught(tiny_site, open_context):
    padding = "<!-- " + "x" * 400_000 + " -->"
    with tiny_site.broken("lessons/listening/", lambda html: html.replace("</body>", padding + "</body>", 1)) as url:
        total, _, problems = weight_problems(open_context(), url)
    assert total > LIMIT and problems, (total, problems)
