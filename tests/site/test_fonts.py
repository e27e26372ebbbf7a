"""The fonts embedded in a handout cover every character of the lessons in each
language. Text extraction cannot tell (a missing glyph still extracts as its
character), so this reads which fonts the PDF embeds and asks each font's own
character map whether it has a glyph for every character of the text. (The subsets
in the PDF keep only part of their map: Arabic letters drawn only in joined forms
are missing from it, so the installed font files are read instead.)"""

from __future__ import annotations

import functools
import html
import subprocess
import unicodedata
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from caucus.core.handouts import document
from conftest import ROOT


def embedded_families(pdf: Path) -> set[str]:
    """The font families embedded in ``pdf``: '/ABCDEF+DejaVu-Sans-Bold' -> 'DejaVu-Sans-Bold'."""
    names = set()
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                names.add(str(descendant.get_object()["/BaseFont"]).lstrip("/").split("+", 1)[-1])
    return names


@functools.cache
def _font_files(embedded_name: str) -> tuple[str, ...]:
    """The installed files of the family an embedded font was subset from (its name is
    the family with '-' for spaces, perhaps plus a style: try the longest match first)."""
    words = embedded_name.split("-")
    for n in range(len(words), 0, -1):
        listed = subprocess.run(["fc-list", f":family={' '.join(words[:n])}", "file"], capture_output=True, text=True).stdout
        files = tuple(sorted(line.split(":")[0].strip() for line in listed.splitlines() if line.strip()))
        if files:
            return files
    return ()


@functools.cache
def _characters_of(file: str) -> frozenset[int]:
    with TTFont(file, fontNumber=0, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


def embedded_characters(pdf: Path) -> set[int]:
    """Every character that a font embedded in ``pdf`` has a glyph for."""
    covered: set[int] = set()
    for name in embedded_families(pdf):
        files = _font_files(name)
        assert files, f"the embedded font {name} is not installed here, so its coverage cannot be read"
        for file in files:
            covered |= _characters_of(file)
    return covered


def uncovered(pdf: Path, text: str) -> set[str]:
    """The characters of ``text`` that no font embedded in ``pdf`` has a glyph for."""
    covered = embedded_characters(pdf)
    wanted = {ch for ch in text if not ch.isspace() and unicodedata.category(ch)[0] in "LNPS"}
    return {ch for ch in wanted if ord(ch) not in covered}


def _render(tmp_path: Path, lang: str, text: str) -> Path:
    from weasyprint import HTML

    target = tmp_path / f"{lang}.pdf"
    body = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    HTML(string=document(lang, "test", body, "a4"), base_url="/").write_pdf(target)
    return target


def _lesson_text(lang: str) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs" / "lessons").glob(f"*.{lang}.md")))


@pytest.mark.parametrize("lang", ["es", "ar", "vi"])
def test_handout_fonts_cover_every_character_of_the_lessons(tmp_path, lang):
    text = _lesson_text(lang)
    assert len(text) > 1000, f"no {lang} lessons to test with"
    pdf = _render(tmp_path, lang, text)
    assert uncovered(pdf, text) == set()


def test_the_check_notices_characters_that_no_embedded_font_has(tmp_path):
    # Linear B: no font on our machines has these, so the PDF shows empty boxes.
    text = "Vietnamese đã and Linear B \U00010000\U00010001"
    pdf = _render(tmp_path, "vi", text)
    assert uncovered(pdf, text) == {"\U00010000", "\U00010001"}
