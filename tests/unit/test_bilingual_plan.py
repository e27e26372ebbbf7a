"""The bilingual edition as plain data: which lessons and languages have one, how the two
texts are cut into blocks and paired by id, what the manifest expects and what pages link."""

from __future__ import annotations

import shutil

import pytest

from caucus.core import bilingual, pages
from caucus.core.handout_plan import plan_handouts
from caucus.core.layout import BILINGUAL, HandoutPlan, Layout
from caucus.core.manifest import build_manifest, expected_outputs
from caucus.core.model import Models
from caucus.core.project import content_version, load_project
from caucus.core.render import MarkdownSetup
from conftest import TINY, spanish_listening


def block(block_id: str, text: str) -> str:
    return (
        f'<section class="caucus-block" data-caucus-block="x" aria-labelledby="{block_id}">'
        f'<div class="caucus-block__head"><h2 id="{block_id}">{block_id}</h2></div><div class="caucus-block__body"><p>{text}</p></div></section>'
    )


def test_segments_are_the_top_level_blocks_and_the_text_between_them():
    html = "<p>Before.</p>" + block("welcome-1", "Hello") + "\n" + block("discussion-1", "Talk") + "<p>After.</p>"
    keys = [key for key, _markup in bilingual.segments(html)]
    assert keys == ["before-welcome-1", "welcome-1", "discussion-1", "after-blocks"]
    found = dict(bilingual.segments(html))
    assert found["welcome-1"].startswith("<section") and found["welcome-1"].endswith("</section>") and "Hello" in found["welcome-1"]
    assert "Talk" not in found["welcome-1"]


def test_a_nested_block_stays_inside_its_parent():
    inner = block("reading-1", "Inner")
    outer = block("activity-1", "Outer").replace("</section>", inner + "</section>", 1)
    assert [key for key, _markup in bilingual.segments(outer)] == ["activity-1"]


def test_rows_pair_each_block_with_the_same_id_in_the_other_text():
    source = block("welcome-1", "Hello") + block("discussion-1", "Talk") + block("closing-1", "Bye")
    translated = block("welcome-1", "Hola") + block("closing-1", "Adiós") + block("extra-1", "Más")
    rows = bilingual.aligned_rows(translated, source, "en")
    assert [row.key for row in rows] == ["welcome-1", "discussion-1", "closing-1", "extra-1"]
    assert "Hola" in rows[0].translated and "Hello" in rows[0].source
    assert rows[1].translated == "" and "Talk" in rows[1].source  # not translated: beside nothing
    assert "Adiós" in rows[2].translated and "Bye" in rows[2].source
    assert "Más" in rows[3].translated and rows[3].source == ""


def test_the_sources_ids_are_its_own():
    rows = bilingual.aligned_rows(block("welcome-1", "Hola"), block("welcome-1", "Hello"), "en")
    assert 'id="welcome-1"' in rows[0].translated and 'aria-labelledby="welcome-1"' in rows[0].translated
    assert 'id="en-welcome-1"' in rows[0].source and 'aria-labelledby="en-welcome-1"' in rows[0].source
    assert 'id="welcome-1"' not in rows[0].source


def test_merged_keys_keep_the_sources_order():
    assert bilingual.merged_keys(["a", "b", "c"], ["new", "a", "c", "more"]) == ["new", "a", "b", "c", "more"]


def test_the_layout_gives_the_edition_to_translated_lessons_in_other_languages():
    layout = Layout("en", ("en", "es", "ar"))
    assert layout.lesson_editions("es", translated=True)[-1] == BILINGUAL
    assert BILINGUAL not in layout.lesson_editions("es", translated=False)
    assert BILINGUAL not in layout.lesson_editions("en", translated=True)
    assert layout.bilingual_languages(["ar", "es", "vi", "en"]) == ("es", "ar")  # the site's order, built languages only
    assert layout.handout_pdf("x", BILINGUAL, "a4", "ar").dest == "ar/handouts/x/bilingual-a4.pdf"
    assert Layout("en", ("en", "es"), paired_editions=()).bilingual_languages(["es"]) == ()


@pytest.fixture
def project(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(TINY / "docs", docs)
    english = (docs / "lessons" / "listening.md").read_text(encoding="utf-8")
    (docs / "lessons" / "listening.es.md").write_text(spanish_listening(content_version(english)), encoding="utf-8")
    return load_project(docs, "en", ["en", "es", "ar"])


def test_the_manifest_expects_the_edition_where_the_translation_is_and_names_a_missing_one(project, tmp_path):
    layout = Layout("en", ("en", "es", "ar"))
    expected = expected_outputs(project, layout, HandoutPlan(("letter", "a4")))
    assert expected["es"]["listening"]["handouts"][BILINGUAL] == {
        "html": "es/handouts/listening/bilingual.html",
        "letter": "es/handouts/listening/bilingual-letter.pdf",
        "a4": "es/handouts/listening/bilingual-a4.pdf",
    }
    assert BILINGUAL not in expected["en"]["listening"]["handouts"]
    assert BILINGUAL not in expected["ar"]["listening"]["handouts"]  # no Arabic translation
    assert BILINGUAL not in expected["es"]["mapping"]["handouts"]
    _manifest, missing = build_manifest(tmp_path, expected, {})
    assert "lesson 'listening' (es), edition 'bilingual' (a4): es/handouts/listening/bilingual-a4.pdf was not produced" in missing


def test_pages_link_it_from_both_languages(project):
    layout = Layout("en", ("en", "es", "ar"))
    translations = project.lessons["listening"].translations
    english = pages.handout_links(layout, "listening", "en", layout.lesson("listening", "en"), translations=translations)
    assert [(other, source) for other, source, _targets in english.bilingual] == [("es", "en")]
    assert dict(english.bilingual[0][2]) == {
        "letter": "../../es/handouts/listening/bilingual-letter.pdf",
        "a4": "../../es/handouts/listening/bilingual-a4.pdf",
        "html": "../../es/handouts/listening/bilingual.html",
    }
    spanish = pages.handout_links(layout, "listening", "es", layout.guide("listening", "es"), translations=translations)
    assert [(other, source) for other, source, _targets in spanish.bilingual] == [("es", "en")]
    assert dict(spanish.bilingual[0][2])["a4"] == "../../handouts/listening/bilingual-a4.pdf"
    arabic = pages.handout_links(layout, "listening", "ar", layout.lesson("listening", "ar"), translations=translations)
    assert arabic.bilingual == ()  # not translated into Arabic
    html = pages.handout_links_html(english, lambda message: message)
    assert 'Bilingual handout (<span lang="es" dir="ltr">Español</span> · <span lang="en" dir="ltr">English</span>): ' in html


def test_the_plan_makes_it_for_the_translated_lesson_only(project):
    layout = Layout("en", ("en", "es", "ar"), papers=("a4",))
    models = Models(project, MarkdownSetup(["attr_list", "md_in_html", "caucus_blocks"]))
    made = {}
    for lang in layout.languages:
        jobs = plan_handouts(project, layout, lang, "https://example.org/", models, lambda _lang: lambda message: message)
        made[lang] = sorted(job.dest for job in [*jobs.pages, *jobs.pdfs] if "bilingual" in job.dest)
    assert made == {"en": [], "es": ["es/handouts/listening/bilingual-a4.pdf", "es/handouts/listening/bilingual.html"], "ar": []}
    jobs = plan_handouts(project, layout, "es", "https://example.org/", models, lambda _lang: lambda message: message)
    pdf = next(job.html for job in jobs.pdfs if job.dest.endswith("bilingual-a4.pdf"))
    assert 'class="handout__draft"' not in pdf  # the Spanish translation is reviewed
    assert pdf.index("Escucharnos") < pdf.index("Listening to each other")  # the translation's cell first
    assert 'lang="en" dir="ltr"' in pdf and "SECRET-FACILITATOR-NOTE" not in pdf
