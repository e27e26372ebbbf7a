"""The real docs/ build strictly (handouts off here: tests/site/test_handouts.py
covers them on the tiny site; `make site` renders them all)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, caucus, mkdocs_build

SOURCE_POINTS = ["why-caucuses", "solidarity-across-divisions", "exchange-and-exchange-free-economy",
                 "building-exchange-free-relationships", "members-do-the-work", "finding-natural-leaders",
                 "solidarity-with-allies", "open-democratic-debate", "direct-election-of-officers",
                 "electing-officers-who-help-members", "caucuses-in-congregations", "caucuses-in-professional-organizations",
                 "caucuses-in-schools-and-universities", "caucuses-in-media-organizations", "caucuses-in-cooperatives",
                 "caucuses-in-sports-and-recreation", "caucuses-in-social-clubs"]


def test_checker_passes_on_the_real_lessons():
    result = caucus("check", cwd=ROOT)
    assert result.returncode == 0, result.stdout


def test_every_point_of_the_source_note_has_a_lesson():
    for slug in SOURCE_POINTS:
        assert (ROOT / "docs" / "lessons" / f"{slug}.md").is_file(), slug


@pytest.fixture(scope="module")
def real_site(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("real") / "project"
    target.mkdir()
    for name in ("docs", "overrides", "translations"):
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
