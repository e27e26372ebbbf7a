"""Markdown in, HTML out: one snapshot per block kind (tests/snapshots/cases/*.md ->
*.html). Run with CAUCUS_UPDATE_SNAPSHOTS=1 to rewrite them after a deliberate change,
then read the diff."""

from __future__ import annotations

import os
from pathlib import Path

import markdown
import pytest

CASES = Path(__file__).parent / "cases"


def render(text: str, lang: str = "en") -> str:
    translations = Path(__file__).resolve().parents[2] / "translations"
    md = markdown.Markdown(extensions=["caucus_blocks", "tables"], extension_configs={"caucus_blocks": {"lang": lang, "translations_dir": str(translations)}})
    return md.convert(text) + "\n"


@pytest.mark.parametrize("case", sorted(p.stem for p in CASES.glob("*.md")))
def test_snapshot(case: str):
    source = (CASES / f"{case}.md").read_text(encoding="utf-8")
    lang = case.rsplit(".", 1)[1] if "." in case else "en"
    html = render(source, lang)
    expected = CASES / f"{case}.html"
    if os.environ.get("CAUCUS_UPDATE_SNAPSHOTS") or not expected.exists():
        expected.write_text(html, encoding="utf-8")
    assert html == expected.read_text(encoding="utf-8")


def test_title_and_options_are_text_not_html():
    html = render('/// activity | <script>alert(1)</script>\n    minutes: 5\n    materials: ["</textarea><img src=x onerror=alert(1)>"]\n\n1. Step\n///\n')
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&lt;/textarea&gt;&lt;img" in html


def test_a_bad_option_is_not_rendered_as_a_block():
    # pymdownx leaves such a block as text: the checker is what catches it (tests/corpus).
    assert "caucus-block" not in render("/// discussion\n    minutes: ten\n\n- Q?\n///\n")
