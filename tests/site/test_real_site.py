"""The real docs/ build strictly (handouts off here: tests/site/test_handouts.py
covers them on the tiny site; `make site` renders them all)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, caucus, mkdocs_build

# Every lesson named in the map of the source note (tests/unit/test_source_map.py checks the map).
SOURCE_POINTS = sorted(
    {
        slug
        for section in yaml.safe_load((ROOT / "curriculum" / "source-map.yml").read_text(encoding="utf-8")).values()
        for point in section
        for slug in point.get("lessons", [])  # ('throughout' names no lesson)
    }
)


def test_checker_passes_on_the_real_lessons():
    result = caucus("check", cwd=ROOT)
    assert result.returncode == 0, result.stdout


@pytest.fixture(scope="module")
def real_site(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("real") / "project"
    target.mkdir()
    for name in ("docs", "overrides", "translations", "curriculum"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    result = mkdocs_build(target, env={"CAUCUS_HANDOUTS": "false"})
    assert result.returncode == 0, result.stderr[-3000:]
    return target / "site"


@pytest.mark.parametrize("prefix", ["", "es/", "ar/", "vi/"])
def test_every_lesson_has_a_page_and_a_guide_in_every_language(real_site, prefix):
    for slug in SOURCE_POINTS:
        assert (real_site / prefix / "lessons" / slug / "index.html").is_file()
        assert (real_site / prefix / "guides" / slug / "index.html").is_file()
    assert (real_site / prefix / "catalog" / "settings" / "congregation" / "index.html").is_file()


def test_draft_translation_says_so(real_site):
    html = (real_site / "es" / "lessons" / "why-caucuses" / "index.html").read_text(encoding="utf-8")
    assert "caucus-notice--draft" in html
    assert '<html lang="es"' in html


def _links(page: Path) -> set[Path]:
    html = page.read_text(encoding="utf-8")
    targets = set()
    for href in re.findall(r'<a [^>]*href="([^"#:]+)', html):
        target = (page.parent / href).resolve()
        targets.add(target / "index.html" if target.is_dir() else target)
    return targets


@pytest.mark.parametrize("prefix", ["", "es/", "ar/", "vi/"])
def test_a_congregation_member_reaches_their_lessons_in_two_clicks(real_site, prefix):
    """Plain links (no JavaScript): the home page, then the catalog, then the listing."""
    home = real_site / prefix / "index.html"
    catalog = (real_site / prefix / "catalog" / "index.html").resolve()
    listing = (real_site / prefix / "catalog" / "settings" / "congregation" / "index.html").resolve()
    assert catalog in _links(home)
    assert listing in _links(catalog)
    assert "caucuses-in-congregations" in listing.read_text(encoding="utf-8")


# What a guide says, in each language, about a late session and about reading together.
GUIDE_LABELS = {
    "": ("Running late? Cut this:", "Reading together and interpretation", "Anyone may pass", "If interpreted, cut this:"),
    "es/": ("¿Se atrasan? Corten esto:", "Leer juntos e interpretación", "Cualquiera puede pasar", "Si hay interpretación, corten esto:"),
    "ar/": ("هل تأخّرتم؟ احذفوا هذا:", "القراءة معًا والترجمة الفورية", "يستطيع أي شخص أن يمرّر دوره", "إذا كانت هناك ترجمة فورية، احذفوا هذا:"),
    "vi/": ("Bị trễ giờ? Hãy bỏ phần này:", "Cùng đọc và phiên dịch", "Ai cũng có thể xin bỏ lượt", "Nếu có phiên dịch, hãy bỏ phần này:"),
}


@pytest.mark.parametrize("prefix", list(GUIDE_LABELS))
def test_every_guide_says_what_to_cut_and_how_the_reading_is_done(real_site, prefix):
    """Every lesson has running_late and if_interpreted (their own, or the English ones
    marked as English where a translation is missing) and every guide shows them."""
    for guide in sorted((real_site / prefix / "guides").glob("*/index.html")):
        html = guide.read_text(encoding="utf-8")
        for label in GUIDE_LABELS[prefix]:
            assert label in html, (guide, label)
        assert re.search(r"\d+ (minutes|minutos|دقيقة|دقائق|phút)", html.split('class="caucus-running-late"')[0].rsplit("</table>", 1)[-1]), guide


@pytest.mark.parametrize("prefix", ["", "es/", "ar/", "vi/"])
def test_the_source_note_is_quoted_with_a_link_to_every_lesson_of_its_points(real_site, prefix):
    html = (real_site / prefix / "source-note" / "index.html").read_text(encoding="utf-8")
    assert html.count('<blockquote class="caucus-source-quote" dir="ltr" lang="en">') == 21  # every passage of the note
    assert "Strategy Note 299 said we need caucuses organizing within our unions" in html
    for slug in SOURCE_POINTS:
        assert f'href="../lessons/{slug}/"' in html, slug
        assert (real_site / prefix / "lessons" / slug / "index.html").is_file()
    home = (real_site / prefix / "index.html").read_text(encoding="utf-8")
    assert 'href="source-note/"' in home
