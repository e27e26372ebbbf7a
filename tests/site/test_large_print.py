"""The large-print edition: every lesson, every language, both papers; read back from the
PDF's text layer (sizes as printed, fill colours), not from the CSS."""

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


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from test_accessible_pdfs import add_translations

    folder = copy_tiny(tmp_path_factory.mktemp("large") / "tiny")
    add_translations(folder)  # a Spanish and an Arabic 'listening'
    result = mkdocs_build(folder)
    assert result.returncode == 0, result.stderr[-3000:]
    return folder / "site"


LARGE = [f"{prefix}handouts/{slug}/large-print-{paper}.pdf" for prefix in ("", "es/", "ar/") for slug in ("listening", "mapping") for paper in ("letter", "a4")]


@pytest.mark.parametrize("path", LARGE)
def test_large_print_is_at_least_18_pt_black_with_larger_headings(site, path):
    reader = PdfReader(site / path)
    assert checks.large_print_problems(reader) == []
    assert checks.structure_problems(reader) == []
    title = next(size for _page, text, size, _fill in checks.text_runs(reader) if len(text) > 3 and text in open_title(site, path))
    assert title >= 26, title


def open_title(site: Path, path: str) -> str:
    html = (site / re.sub(r"-(letter|a4)\.pdf$", ".html", path)).read_text(encoding="utf-8")
    return re.search(r'<h1 class="handout__title">([^<]*)</h1>', html).group(1)


def text(reader: PdfReader) -> str:
    return " ".join(page.extract_text() for page in reader.pages).lower()


@pytest.mark.parametrize("prefix", ["", "es/", "ar/"])
def test_large_print_drops_nothing_of_the_participant_handout(site, prefix):
    """Every word of the participant handout is in the large-print one (compared without
    spaces: text extraction joins some words differently when lines break elsewhere)."""
    participant = text(PdfReader(site / f"{prefix}handouts/listening/participant-letter.pdf"))
    large = PdfReader(site / f"{prefix}handouts/listening/large-print-letter.pdf")
    everything = re.sub(r"\W", "", text(large))
    edition_labels = set(re.findall(r"\w+", "participant handout hoja para participantes ورقة المشاركين".lower()))
    missing = {word for word in re.findall(r"[^\W\d_]+", participant) if word not in everything} - edition_labels
    assert missing == set()
    # Larger type, as many pages or more (the tiny lesson's sheet is short enough for one page in both).
    assert len(large.pages) >= len(PdfReader(site / f"{prefix}handouts/listening/participant-letter.pdf").pages)


def test_large_print_says_what_it_is_in_its_language(site):
    assert PdfReader(site / "es/handouts/listening/large-print-a4.pdf").metadata["/Title"] == "Hoja en letra grande: Escucharnos"
    assert PdfReader(site / "ar/handouts/listening/large-print-a4.pdf").trailer["/Root"]["/Lang"] == "ar"


# --- the checks fail on small or grey text ---------------------------------------


def test_the_participant_handout_fails_the_large_print_check(site):
    problems = checks.large_print_problems(PdfReader(site / "es/handouts/listening/participant-letter.pdf"))
    assert any("under 18" in p for p in problems) and any("not black" in p for p in problems), problems


def test_small_or_grey_text_in_the_large_print_edition_fails(site, tmp_path):
    html = (site / "es/handouts/listening/large-print.html").read_text(encoding="utf-8")
    broken = html.replace("</style>", ".caucus-block__title { font-size: 12pt !important; color: #999; }</style>", 1)
    assert broken != html
    target = tmp_path / "broken.pdf"
    core._render_in_worker(broken, (site / "es/handouts/listening").as_uri() + "/", str(target), b"0" * 16, (str(site),))
    problems = checks.large_print_problems(PdfReader(target))
    assert any("is 12.0 pt, under 18" in p for p in problems), problems
    assert any("not black: fill (0.6" in p for p in problems), problems


# --- listed, linked, and missed when missing -----------------------------------


def test_the_manifest_lists_the_large_print_edition(site):
    manifest = json.loads((site / "build-manifest.json").read_text(encoding="utf-8"))
    for lang, prefix in (("en", ""), ("es", "es/"), ("ar", "ar/")):
        entry = manifest["languages"][lang]["lessons"]["mapping"]["handouts"]["large-print"]
        assert {kind: value["path"] for kind, value in entry.items()} == {
            "html": f"{prefix}handouts/mapping/large-print.html",
            "letter": f"{prefix}handouts/mapping/large-print-letter.pdf",
            "a4": f"{prefix}handouts/mapping/large-print-a4.pdf",
        }


@pytest.mark.parametrize("page, label", [("lessons/listening/index.html", "Large-print handout"), ("es/guides/listening/index.html", "Hoja en letra grande")])
def test_lesson_pages_and_guides_link_the_large_print_edition(site, page, label):
    html = (site / page).read_text(encoding="utf-8")
    handouts = html[html.index('class="caucus-handouts"') :]
    handouts = handouts[: handouts.index("</nav>")]
    assert label in handouts
    for target in ("large-print-letter.pdf", "large-print-a4.pdf", "large-print.html"):
        assert re.search(rf'href="[^"]*handouts/listening/{target}"', handouts), target


def test_a_missing_large_print_pdf_fails_the_build_naming_lesson_language_and_edition(tmp_path):
    project = copy_tiny(tmp_path / "tiny")
    shutil.copy(FIXTURES / "hooks" / "lose_a_large_print.py", project / "lose_a_large_print.py")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - lose_a_large_print.py\n", encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert "lesson 'listening' (es), edition 'large-print' (a4): es/handouts/listening/large-print-a4.pdf was not produced" in result.stderr
    assert "Traceback" not in result.stderr
