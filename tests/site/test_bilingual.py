"""The bilingual handout: for each translated lesson, the translation and the English source
side by side, block by block. Read back from the PDFs: every heading of the translation is
printed on the same page and at the same height as its English one, the Arabic column on
the right; a draft says so at the top; the manifest lists the edition and the build fails
without it; lesson pages and guides in both languages link it. Each check is shown failing
on a PDF or a build broken on purpose."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pdf_checks as checks
import pytest
from pypdf import PdfReader

from caucus.core import handouts as core
from conftest import ROOT, copy_tiny, mkdocs_build

FIXTURES = ROOT / "tests" / "fixtures"
DRAFT_AR = "هذه الترجمة مسودة"  # the start of the draft sentence, as the Arabic catalog has it
DRAFT_ES = "Esta traducción es un borrador"


def tiny_with_translations(folder: Path, cache: Path) -> Path:
    """The tiny site with a reviewed Spanish and a draft Arabic 'listening', its PDFs cached
    in ``cache`` (shared by the builds of this file, so that a second build renders little)."""
    from test_accessible_pdfs import add_translations

    site = copy_tiny(folder)
    add_translations(site)
    arabic = site / "docs" / "lessons" / "listening.ar.md"
    arabic.write_text(arabic.read_text(encoding="utf-8").replace("state: reviewed", "state: draft"), encoding="utf-8")
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  - caucus-handouts\n", f"  - caucus-handouts:\n      cache_dir: {cache}\n"), encoding="utf-8"
    )
    return site


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("bilingual-cache")


@pytest.fixture(scope="module")
def site(tmp_path_factory, cache) -> Path:
    folder = tiny_with_translations(tmp_path_factory.mktemp("bilingual") / "tiny", cache)
    result = mkdocs_build(folder)
    assert result.returncode == 0, result.stderr[-3000:]
    return folder / "site"


PAIRS = [(lang, paper) for lang in ("es", "ar") for paper in ("letter", "a4")]


def bilingual_pdf(site: Path, lang: str, paper: str, slug: str = "listening") -> Path:
    return site / lang / "handouts" / slug / f"bilingual-{paper}.pdf"


@pytest.mark.parametrize("lang, paper", PAIRS)
def test_each_block_starts_beside_its_english_source(site, lang, paper):
    reader = PdfReader(bilingual_pdf(site, lang, paper))
    assert checks.bilingual_alignment_problems(reader, lang, "en", right_to_left=lang == "ar") == []
    placed = checks.heading_positions(reader)
    # The title, the objectives, the five blocks participants see, the key points, the
    # glossary and the link notes: in each language, each beside the other's.
    assert len([p for p in placed if p[1] == lang]) == len([p for p in placed if p[1] == "en"]) == 10
    # Both languages on the same page, every page that has a heading.
    for page in {p[2] for p in placed}:
        assert {p[1] for p in placed if p[2] == page} == {lang, "en"}, page
    assert checks.structure_problems(reader) == []
    assert checks.language_problems(reader, lang) == []


def test_the_arabic_column_is_on_the_right_and_the_spanish_on_the_left(site):
    for lang, right in (("ar", True), ("es", False)):
        placed = checks.heading_positions(PdfReader(bilingual_pdf(site, lang, "a4")))
        ours = [x for _level, language, _page, x, _y in placed if language == lang]
        english = [x for _level, language, _page, x, _y in placed if language == "en"]
        assert all((a > b) == right for a, b in zip(ours, english)), (lang, ours, english)


def test_the_text_of_both_languages_is_there(site):
    text = " ".join(page.extract_text() for page in PdfReader(bilingual_pdf(site, "es", "letter")).pages)
    for words in ("Escucharnos", "Listening to each other", "Di tu nombre y tu turno", "Say your name and your shift", "Who do you never meet?"):
        assert words in text, words
    assert "SECRET-FACILITATOR-NOTE" not in text  # participants' text only


def _broken(site: Path, lang: str, css: str, target: Path) -> PdfReader:
    html = (site / lang / "handouts" / "listening" / "bilingual.html").read_text(encoding="utf-8")
    html = re.sub(r'<nav class="handout__languages">.*?</nav>', "", html, flags=re.S)
    broken = html.replace("</style>", "@page { size: A4; margin: 15mm 14mm 16mm; } " + css + "</style>", 1)
    assert broken != html
    core._render_in_worker(broken, (site / lang / "handouts" / "listening").as_uri() + "/", str(target), b"0" * 16, (str(site),))
    return PdfReader(target)


def test_the_alignment_check_fails_when_the_columns_are_stacked(site, tmp_path):
    stacked = ".bilingual, .bilingual__row, .bilingual__cell { display: block !important; width: auto !important; }"
    problems = checks.bilingual_alignment_problems(_broken(site, "es", stacked, tmp_path / "stacked.pdf"), "es", "en", right_to_left=False)
    assert any("pt from the top" in p or "on page" in p for p in problems), problems


def test_the_alignment_check_fails_when_one_version_of_one_block_starts_lower(site, tmp_path):
    """The English discussion (the fifth heading: title, objectives, welcome, check-in, it)
    set 30 pt lower than the Spanish one: that block, and nothing before it, is reported."""
    lower = '.bilingual__row[data-block="discussion-1"] .bilingual__cell--source .caucus-block { margin-top: 30pt !important; }'
    problems = checks.bilingual_alignment_problems(_broken(site, "es", lower, tmp_path / "lower.pdf"), "es", "en", right_to_left=False)
    assert problems and problems[0].startswith("heading 5 (page "), problems
    assert "pt from the top" in problems[0], problems


def test_the_side_check_fails_when_the_arabic_column_is_on_the_left(site, tmp_path):
    swapped = ".bilingual { direction: ltr; }"
    problems = checks.bilingual_alignment_problems(_broken(site, "ar", swapped, tmp_path / "swapped.pdf"), "ar", "en", right_to_left=True)
    assert problems and all("is not on the right of the en one" in p for p in problems), problems


# --- the draft mark ------------------------------------------------------------------


def draft_problems(reader: PdfReader, sentence: str) -> list[str]:
    """The draft sentence is the first thing on the first page."""
    first = reader.pages[0].extract_text().strip()
    return [] if first.lstrip(".").startswith(sentence) else [f"page 1 does not begin with {sentence!r}: {first[:60]!r}"]


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_a_draft_translation_says_so_at_the_top_of_its_bilingual_handout(site, paper):
    assert draft_problems(PdfReader(bilingual_pdf(site, "ar", paper)), DRAFT_AR) == []
    assert DRAFT_AR in (site / "ar" / "handouts" / "listening" / "bilingual.html").read_text(encoding="utf-8")


def test_the_draft_check_fails_on_a_reviewed_translation(site):
    """The Spanish translation is reviewed: no draft sentence, and the check says so."""
    reader = PdfReader(bilingual_pdf(site, "es", "a4"))
    assert draft_problems(reader, DRAFT_ES) != []
    assert DRAFT_ES not in " ".join(page.extract_text() for page in reader.pages)


# --- where it exists, listed and linked ----------------------------------------------


def test_only_translated_lessons_in_other_languages_have_one(site):
    assert not list(site.glob("handouts/*/bilingual*"))  # English has none of its own
    assert not list(site.glob("*/handouts/mapping/bilingual*"))  # 'mapping' is not translated
    for lang in ("es", "ar"):
        assert sorted(p.name for p in (site / lang / "handouts" / "listening").glob("bilingual*")) == [
            "bilingual-a4.pdf",
            "bilingual-letter.pdf",
            "bilingual.html",
        ]


def test_the_manifest_lists_every_bilingual_handout(site):
    manifest = json.loads((site / "build-manifest.json").read_text(encoding="utf-8"))
    for lang in ("es", "ar"):
        entry = manifest["languages"][lang]["lessons"]["listening"]["handouts"]["bilingual"]
        assert {kind: value["path"] for kind, value in entry.items()} == {
            "html": f"{lang}/handouts/listening/bilingual.html",
            "letter": f"{lang}/handouts/listening/bilingual-letter.pdf",
            "a4": f"{lang}/handouts/listening/bilingual-a4.pdf",
        }
        assert "bilingual" not in manifest["languages"][lang]["lessons"]["mapping"]["handouts"]
    assert "bilingual" not in manifest["languages"]["en"]["lessons"]["listening"]["handouts"]


def _handout_links(site: Path, page: str) -> str:
    html = (site / page).read_text(encoding="utf-8")
    handouts = html[html.index('class="caucus-handouts"') :]
    return handouts[: handouts.index("</nav>")]


@pytest.mark.parametrize("page", ["lessons/listening/index.html", "guides/listening/index.html"])
def test_english_pages_link_the_bilingual_handout_of_each_language(site, page):
    links = _handout_links(site, page)
    assert 'Bilingual handout (<span lang="es" dir="ltr">Español</span> · <span lang="en" dir="ltr">English</span>)' in links
    assert 'Bilingual handout (<span lang="ar" dir="rtl">العربية</span> · <span lang="en" dir="ltr">English</span>)' in links
    for lang in ("es", "ar"):
        for target in ("bilingual-letter.pdf", "bilingual-a4.pdf", "bilingual.html"):
            href = re.search(rf'href="([^"]*{lang}/handouts/listening/{target})"', links)
            assert href, (lang, target)
            assert (site / page).parent.joinpath(href.group(1)).resolve().is_file()


@pytest.mark.parametrize(
    "page, label, lang", [("es/lessons/listening/index.html", "Hoja bilingüe", "es"), ("ar/guides/listening/index.html", "ورقة ثنائية اللغة", "ar")]
)
def test_translated_pages_link_their_own_bilingual_handout(site, page, label, lang):
    links = _handout_links(site, page)
    assert label in links
    assert len(re.findall(r'href="[^"]*/bilingual-letter\.pdf"', links)) == 1
    href = re.search(r'href="([^"]*bilingual-a4\.pdf)"', links).group(1)
    assert (site / page).parent.joinpath(href).resolve() == (site / lang / "handouts" / "listening" / "bilingual-a4.pdf").resolve()


def test_an_untranslated_lesson_links_no_bilingual_handout(site):
    for page in ("lessons/mapping/index.html", "es/lessons/mapping/index.html"):
        assert "bilingual" not in _handout_links(site, page)


def test_a_missing_bilingual_pdf_fails_the_build_naming_lesson_language_and_edition(site, cache, tmp_path):
    project = tiny_with_translations(tmp_path / "tiny", cache)  # the PDFs come from the cache
    shutil.copy(FIXTURES / "hooks" / "lose_a_bilingual.py", project / "lose_a_bilingual.py")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - lose_a_bilingual.py\n", encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert "lesson 'listening' (ar), edition 'bilingual' (letter): ar/handouts/listening/bilingual-letter.pdf was not produced" in result.stderr
    assert "Traceback" not in result.stderr
