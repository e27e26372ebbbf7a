"""Keeping the circle safe (#21 item 2), on a tiny site built in a temporary folder:
every facilitator guide links the safety page of its own language near its top, and an
activity's ``no_names`` alternative is shown, marked, in its guide and facilitator
edition, never on the lesson page or the participant handout."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import copy_tiny, mkdocs_build

LANGS = {"en": "", "es": "es/", "ar": "ar/"}
LABELS = {"en": "Keeping the circle safe", "es": "Cómo cuidar la seguridad del círculo", "ar": "كيف نحافظ على أمان الحلقة"}
NOTE_LABELS = {"en": "Names on paper: the safer way", "es": "Nombres en papel: la forma más segura", "ar": "الأسماء على الورق: الطريقة الأكثر أمانًا"}

NAMES_LESSON = """---
title: Who people go to
summary: The group finds whom people on each shift go to.
duration: 60
settings: [union]
topics: [natural-leaders]
objectives:
  - Find whom people go to.
key_points:
  - Natural leaders are already there.
---

/// activity | Whom do people go to?
    minutes: 45
    materials: [sticky notes]
    no_names:
      "Write a role, such as 'someone on nights', never a name or initials.
      NO-NAMES-ALTERNATIVE"

1. On a sticky note, write a first name or initials.
///

/// discussion | What we see
    minutes: 5

- Where are the gaps?
///
"""


def add_safety(site: Path) -> None:
    """The safety page in English and Spanish (Arabic falls back to the English copy)."""
    (site / "docs" / "safety.md").write_text(
        "---\ntitle: Keeping the circle safe\n---\n\n# Keeping the circle safe\n\nENGLISH-SAFETY\n\n## The rules\n\nNo names on paper.\n", encoding="utf-8"
    )
    (site / "docs" / "safety.es.md").write_text(
        "---\ntitle: Cómo cuidar la seguridad del círculo\n---\n\n# Cómo cuidar la seguridad del círculo\n\nSPANISH-SAFETY\n", encoding="utf-8"
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    site = copy_tiny(tmp_path_factory.mktemp("safety") / "tiny")
    add_safety(site)
    # Headings with permalinks, as the real site has them (a '¶' must not reach the card).
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  - caucus_blocks\n", "  - caucus_blocks\n  - toc:\n      permalink: true\n"), encoding="utf-8"
    )
    (site / "docs" / "lessons" / "who-people-go-to.md").write_text(NAMES_LESSON, encoding="utf-8")
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    return site / "site"


def page(built: Path, path: str) -> str:
    return (built / path / "index.html").read_text(encoding="utf-8")


def safety_links(guide: str) -> list[tuple[str, str]]:
    return re.findall(r'<p class="caucus-safety-link"><strong><a href="([^"]+)">([^<]+)</a>', guide)


@pytest.mark.parametrize("lang", LANGS)
def test_every_guide_links_the_safety_page_of_its_language_near_the_top(built: Path, lang: str):
    prefix = LANGS[lang]
    for slug in ("listening", "mapping", "who-people-go-to"):
        guide = page(built, f"{prefix}guides/{slug}")
        links = safety_links(guide)
        assert len(links) == 1, (slug, links)
        href, label = links[0]
        assert label == LABELS[lang]
        # Near the top: under the line back to the lesson, before the first heading (the agenda).
        assert guide.index('class="caucus-back"') < guide.index('class="caucus-safety-link"') < guide.index("<h2 id=")
        target = (built / f"{prefix}guides/{slug}" / href / "index.html").resolve()
        assert target == (built / f"{prefix}safety/index.html").resolve(), (slug, href)
        shown = target.read_text(encoding="utf-8")
        assert ("SPANISH-SAFETY" if lang == "es" else "ENGLISH-SAFETY") in shown


@pytest.mark.parametrize("lang", LANGS)
def test_the_no_names_alternative_is_marked_in_the_guide_only(built: Path, lang: str):
    prefix = LANGS[lang]
    guide = page(built, f"{prefix}guides/who-people-go-to")
    note = re.search(r'<div class="caucus-no-names" role="note">(.*?)</div>', guide, re.S)
    assert note is not None
    assert NOTE_LABELS[lang] in note.group(1) and "NO-NAMES-ALTERNATIVE" in note.group(1)
    assert guide.index("a first name or initials") < note.start()  # after the steps
    facilitator = (built / f"{prefix}handouts/who-people-go-to/facilitator.html").read_text(encoding="utf-8")
    assert "NO-NAMES-ALTERNATIVE" in facilitator
    sheet = (built / f"{prefix}handouts/who-people-go-to/participant.html").read_text(encoding="utf-8")
    for participant in (
        page(built, f"{prefix}lessons/who-people-go-to"),
        (built / f"{prefix}projector/who-people-go-to.html").read_text(encoding="utf-8"),
        sheet,
    ):
        # The activity is on the lesson page and the projector (the participant's sheet leaves activities to the facilitator).
        assert ("a first name or initials" in participant) == (participant is not sheet)
        assert "NO-NAMES-ALTERNATIVE" not in participant and 'class="caucus-no-names"' not in participant


def test_without_a_safety_page_the_guides_link_none(tmp_path: Path):
    site = copy_tiny(tmp_path / "tiny")
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    assert safety_links(page(site / "site", "guides/listening")) == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_safety_page_has_a_print_edition_linked_from_every_guide(built: Path, lang: str):
    from pypdf import PdfReader

    prefix = LANGS[lang]
    for paper in ("letter", "a4"):
        card = built / f"{prefix}handouts/safety-{paper}.pdf"
        reader = PdfReader(card)
        assert len(reader.pages) <= 2  # one sheet, both sides
        text = " ".join(p.extract_text() for p in reader.pages)
        assert ("SPANISH-SAFETY" if lang == "es" else "ENGLISH-SAFETY") in text
        assert "¶" not in text  # the page's permalinks are no text on paper
        guide = page(built, f"{prefix}guides/listening")
        hrefs = re.findall(r'<p class="caucus-safety-link">.*?</p>', guide, re.S)[0]
        assert f"handouts/safety-{paper}.pdf" in hrefs
        target = re.search(rf'href="([^"]*safety-{paper}\.pdf)"', hrefs).group(1)
        assert (built / f"{prefix}guides/listening" / target).resolve() == card.resolve()
    manifest = json.loads((built / "build-manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["languages"][lang]["pages"]["safety card"]) == ["a4", "letter"]
