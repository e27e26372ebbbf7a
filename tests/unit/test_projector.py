"""The projector view's data, made from a lesson model, and its page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from caucus.core import projector
from caucus.core.i18n import translations_for
from caucus.core.layout import Layout
from caucus.core.manifest import expected_outputs
from caucus.core.model import Models
from caucus.core.project import load_project
from caucus.core.render import MarkdownSetup
from conftest import ROOT, TINY

LESSON = """---
title: "Maps <script>alert(1)</script>"
summary: S.
duration: 60
settings: [union]
topics: [solidarity]
objectives: [O.]
key_points:
  - Maps show who is missing.
  - "Ask <b>before</b> you draw."
{extra}---

/// facilitator | NOTE-TITLE

NOTE-FACILITATOR-TOP

/// discussion | Hidden round
    minutes: 5

- NOTE-INSIDE-A-NOTE?
///
///

/// reading | Why maps?
    minutes: 10

A long text that the wall does not show.
///

/// discussion | What we see
    minutes: 20
    format: pairs

- Who is missing from our map?
- Who works [nights](other.md)?

/// facilitator
NOTE-NESTED-IN-A-ROUND
///
///

/// activity | Draw it
    minutes: 15
    materials: [large paper]

1. Draw the building.
2. Mark the shifts.
///

/// closing
    minutes: 10

One word each.
///
"""


def project_with(tmp_path: Path, extra: str = ""):
    docs = tmp_path / "docs"
    (docs / "lessons").mkdir(parents=True)
    (docs / "lessons" / "maps.md").write_text(LESSON.format(extra=extra), encoding="utf-8")
    return load_project(docs, "en", ["en", "ar"], tmp_path)


def view_of(tmp_path: Path, extra: str = "", lang: str = "en"):
    project = project_with(tmp_path, extra)
    model = Models(project, MarkdownSetup()).shown("maps", lang)
    _ = translations_for(ROOT / "translations", model.lang).gettext
    return projector.projector_view(project.lessons["maps"], lang, model, _, "../guides/maps/"), _


def test_one_slide_per_participant_block_in_order_with_minutes_and_start(tmp_path: Path):
    view, _ = view_of(tmp_path)
    assert [(s.id, s.minutes, s.start) for s in view.slides] == [
        ("reading-1", 10, 5),
        ("discussion-2", 20, 15),
        ("activity-1", 15, 35),
        ("closing-1", 10, 50),
    ]
    assert [s.name for s in view.slides] == ["Reading: Why maps?", "Discussion: What we see", "Activity: Draw it", "Closing round"]


def test_a_reading_shows_the_key_points_a_round_its_questions_an_activity_its_steps(tmp_path: Path):
    reading, discussion, activity, closing = view_of(tmp_path)[0].slides
    assert reading.points == ("Maps show who is missing.", "Ask <b>before</b> you draw.")
    assert re.findall(r"<li>(.*?)</li>", discussion.content) == ["Who is missing from our map?", "Who works <span>nights</span>?"]  # no address on a wall
    assert "large paper" in activity.content and re.findall(r"<li>(.*?)</li>", activity.content.split("<ol>")[1]) == ["Draw the building.", "Mark the shifts."]
    assert "One word each." in closing.content


def test_no_facilitator_text_reaches_the_view(tmp_path: Path):
    view, _ = view_of(tmp_path)
    page = projector.projector_page(view, _)
    assert "NOTE-" not in page, re.findall(r"NOTE-[A-Z-]+", page)
    # The round inside the facilitator note is in the guide's agenda, not on the wall's.
    assert [(e.clock, e.name) for e in view.agenda] == [
        ("0:05", "Reading: Why maps?"),
        ("0:15", "Discussion: What we see"),
        ("0:35", "Activity: Draw it"),
        ("0:50", "Closing round"),
    ]


def test_the_page_has_every_part_in_order_escaped_and_asks_for_nothing(tmp_path: Path):
    view, _ = view_of(tmp_path)
    page = projector.projector_page(view, _)
    assert re.findall(r'<section class="slide[^"]*" id="([^"]+)"', page) == ["reading-1", "discussion-2", "activity-1", "closing-1"]
    assert "<script>alert(1)</script>" not in page and "Maps &lt;script&gt;" in page
    assert "Ask &lt;b&gt;before&lt;/b&gt; you draw." in page
    assert page.count("<script>") == 1 and page.count("<style>") == 1  # our own, inline
    addresses = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert addresses == ["data:,", "../guides/maps/"], addresses
    assert 'data-minutes="20" data-start="15"' in page


def test_a_link_on_the_wall_is_its_text_and_the_page_has_a_description(tmp_path: Path):
    """An <a> without href is a link to nowhere that screen readers and crawlers still
    take for a link (Lighthouse: "Links are not crawlable"); the summary is the page's
    meta description (Lighthouse's SEO audit)."""
    view, _ = view_of(tmp_path)
    page = projector.projector_page(view, _)
    assert re.findall(r"<a\b[^>]*>", page) == ['<a class="bar__guide" href="../guides/maps/">'], re.findall(r"<a\b[^>]*>", page)
    assert '<meta name="description" content="S.">' in page
    # Only tag names change, whatever the attributes: lang and dir stay, <abbr> is not a link.
    marked = projector._links_as_text('<p><a lang="es" dir="ltr">uno</a> <abbr title="x">X</abbr> &lt;a&gt;</p>')
    assert marked == '<p><span lang="es" dir="ltr">uno</span> <abbr title="x">X</abbr> &lt;a&gt;</p>'


def test_our_javascript_is_within_its_budget():
    script = projector.asset("projector.js").encode("utf-8")
    assert 0 < len(script) <= projector.SCRIPT_BUDGET, f"projector.js is {len(script)} bytes; the budget is {projector.SCRIPT_BUDGET}"


def test_an_arabic_page_is_right_to_left_with_translated_labels(tmp_path: Path):
    project = project_with(tmp_path)
    (project.docs_dir / "lessons" / "maps.ar.md").write_text(
        LESSON.format(extra="translation: {source: 0123456789ab, state: draft}\n").replace("Why maps?", "لماذا الخرائط؟"), encoding="utf-8"
    )
    project = load_project(project.docs_dir, "en", ["en", "ar"], tmp_path)
    model = Models(project, MarkdownSetup()).shown("maps", "ar")
    _ = translations_for(ROOT / "translations", "ar").gettext
    page = projector.projector_page(projector.projector_view(project.lessons["maps"], "ar", model, _, "../guides/maps/"), _)
    assert '<html lang="ar" dir="rtl">' in page
    assert "قراءة: لماذا الخرائط؟" in page and ">ابدأ<" in page and "بدأنا متأخّرين" in page


def test_an_untranslated_lesson_speaks_its_own_language_throughout(tmp_path: Path):
    view, _ = view_of(tmp_path, lang="ar")
    assert view.lang == "en" and view.slides[0].label == "Reading"


def test_the_running_late_line_is_one_name_away(tmp_path: Path, monkeypatch):
    view, _ = view_of(tmp_path, extra='cut_when_late: "Skip the <i>second</i> round."\n')
    assert view.running_late is None  # no field is named yet
    assert "data-cut" not in projector.projector_page(view, _)
    monkeypatch.setattr(projector, "RUNNING_LATE_FIELD", "cut_when_late")
    view, _ = view_of(tmp_path / "named", extra='cut_when_late: "Skip the <i>second</i> round."\n')
    assert view.running_late == "Skip the <i>second</i> round."
    assert "Running late? Cut this:</strong> Skip the &lt;i&gt;second&lt;/i&gt; round." in projector.projector_page(view, _)


def test_search_engines_are_led_to_the_lesson_page(tmp_path: Path):
    """Not noindex (Lighthouse's SEO audit: "Page is blocked from indexing", 60): the
    canonical link names the lesson page, which search engines list in its place."""
    project = project_with(tmp_path)
    model = Models(project, MarkdownSetup()).shown("maps", "en")
    _ = translations_for(ROOT / "translations", "en").gettext
    view = projector.projector_view(project.lessons["maps"], "en", model, _, "../guides/maps/", "https://example.org/c/lessons/maps/")
    page = projector.projector_page(view, _)
    assert '<link rel="canonical" href="https://example.org/c/lessons/maps/">' in page
    assert "noindex" not in page and 'name="robots"' not in page


def test_its_path_comes_from_the_map_of_outputs_and_it_is_in_the_manifest(tmp_path: Path):
    layout = Layout("en", ("en", "es", "ar"))
    assert layout.projector("maps", "en").dest == "projector/maps.html"
    assert layout.projector("maps", "ar").url == "ar/projector/maps.html"
    assert layout.link(layout.guide("maps", "es"), layout.projector("maps", "es")) == "../../projector/maps.html"
    project = load_project(TINY / "docs", "en", ["en", "es", "ar"], TINY)
    outputs = expected_outputs(project, layout, None)
    assert {lang: outputs[lang]["listening"]["projector"] for lang in outputs} == {
        "en": "projector/listening.html",
        "es": "es/projector/listening.html",
        "ar": "ar/projector/listening.html",
    }


@pytest.mark.parametrize(
    "html", ['<section data-caucus-block="discussion" aria-labelledby="discussion-1"><div class="caucus-block__head"><div>x</div></div><p>a</p>']
)
def test_an_unclosed_block_still_gives_its_content(html: str):
    found, ids = projector.participant_blocks(html)
    assert found == [("discussion-1", "<p>a</p>")] and ids == ["discussion-1"]
