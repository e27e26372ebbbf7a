"""Every handout and packet is a tagged PDF: read back with pypdf (tests/pdf_checks.py),
as a screen reader and a PDF viewer would read it. The tiny site gets a Spanish and an
Arabic translation of one lesson here, the Spanish one quoting an English phrase."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pdf_checks as checks
import pytest
from pypdf import PdfReader

from caucus.core import handouts as core
from caucus.core.project import content_version
from conftest import copy_tiny, mkdocs_build

TRANSLATIONS = {
    "es": ("Escucharnos", "Di tu nombre y tu turno. En inglés se dice *shop steward*{lang=en}.", "¿Con quién no te encuentras nunca?"),
    "ar": ("الاستماع", "قل اسمك ووردية عملك.", "من لا تلتقي به أبداً؟"),
}


def add_translations(site: Path) -> None:
    lesson = (site / "docs" / "lessons" / "listening.md").read_text(encoding="utf-8")
    for lang, (title, opening, question) in TRANSLATIONS.items():
        body = lesson.split("---", 2)[2].replace("Say your name and your shift.", opening).replace("Who do you never meet?", question)
        (site / "docs" / "lessons" / f"listening.{lang}.md").write_text(
            f"---\ntitle: {title}\nsummary: {title}\nobjectives: [{title}]\nkey_points: [{title}]\n"
            f"translation:\n  source: {content_version(lesson)}\n  state: reviewed\n---\n{body}",
            encoding="utf-8",
        )


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    folder = copy_tiny(tmp_path_factory.mktemp("tagged") / "tiny")
    add_translations(folder)
    result = mkdocs_build(folder)
    assert result.returncode == 0, result.stderr[-3000:]
    return folder / "site"


class _Document(HTMLParser):
    """A print page's language, title and heading levels."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.title = ""
        self.levels: list[int] = []
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.lang = dict(attrs).get("lang") or ""
        if tag == "title" and not self.title:  # the document's, not the QR code's
            self._in_title = True
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def print_page(site: Path, pdf: str) -> _Document:
    document = _Document()
    document.feed((site / re.sub(r"-(letter|a4)\.pdf$", ".html", pdf)).read_text(encoding="utf-8"))
    return document


HANDOUTS = [
    f"{prefix}handouts/listening/{edition}-{paper}.pdf"
    for prefix in ("", "es/", "ar/")
    for edition in ("participant", "facilitator")
    for paper in ("letter", "a4")
]
PACKETS = [f"{prefix}handouts/series/first-steps-{paper}.pdf" for prefix in ("", "es/", "ar/") for paper in ("letter", "a4")]


@pytest.mark.parametrize("path", HANDOUTS + PACKETS)
def test_every_handout_and_packet_is_tagged_and_marked(site, path):
    assert checks.structure_problems(PdfReader(site / path)) == []


@pytest.mark.parametrize("path", HANDOUTS)
def test_a_handout_says_its_language_title_and_headings(site, path):
    reader, page = PdfReader(site / path), print_page(site, path)
    assert page.lang == {"": "en", "es/": "es", "ar/": "ar"}[path.split("handouts/")[0]]
    assert checks.language_problems(reader, page.lang) == []
    assert checks.title_problems(reader, page.title) == []
    assert checks.heading_order_problems(reader, page.levels) == []
    assert checks.figure_problems(reader) == []


@pytest.mark.parametrize("prefix, lang", [("", "en"), ("es/", "es"), ("ar/", "ar")])
def test_a_packet_is_in_its_language_with_its_headings_in_order(site, prefix, lang):
    reader = PdfReader(site / f"{prefix}handouts/series/first-steps-a4.pdf")
    assert checks.language_problems(reader, lang) == []
    tags = checks.heading_tags(reader)
    # The cover, each session's title, then the action plan the circle writes at the end.
    assert tags[0] == "H1" and tags.count("H1") == 4, tags
    assert checks.heading_order_problems(reader, [int(t[1]) for t in tags]) == []


def test_parts_in_another_language_are_marked(site):
    # The Spanish lesson quotes an English phrase (an <em>, which WeasyPrint tags NonStruct),
    # and the glossary box gives the English definition of 'caucus' (no Spanish glossary here):
    # both in its facilitator edition, which prints the whole lesson.
    marked = checks.marked_languages(PdfReader(site / "es/handouts/listening/facilitator-a4.pdf"))
    assert ("NonStruct", "en") in marked and ("Div", "en") in marked, marked
    # The participant's sheet ends with the next session's title: 'mapping', in English.
    marked = checks.marked_languages(PdfReader(site / "es/handouts/listening/participant-a4.pdf"))
    assert marked == [("Span", "en")], marked
    # 'mapping' has no Spanish translation: in the Spanish packet its session is English.
    marked = checks.marked_languages(PdfReader(site / "es/handouts/series/first-steps-a4.pdf"))
    assert [m for m in marked if m[0] == "Art"] == [("Art", "en")], marked
    # Nothing is marked where nothing changes language.
    assert checks.marked_languages(PdfReader(site / "handouts/listening/participant-a4.pdf")) == []


def test_the_qr_code_says_what_it_is(site):
    reader = PdfReader(site / "es/handouts/listening/participant-letter.pdf")
    alts = [str(e["/Alt"]) for e in checks.structure_elements(reader) if e["/S"] == "/Figure"]
    assert alts == ["Código QR de la dirección de esta lección en la web: https://example.org/tiny/es/lessons/listening/"]


# --- each check fails on a PDF broken on purpose ----------------------------------


def render(html: str, target: Path, variant: str | None = core.PDF_VARIANT, monkeypatch=None) -> PdfReader:
    if monkeypatch is not None:
        monkeypatch.setattr(core, "PDF_VARIANT", variant)
    core._render_in_worker(html, target.parent.as_uri() + "/", str(target), b"0" * 16, (str(target.parent),))
    return PdfReader(target)


def test_the_checks_fail_on_an_untagged_pdf(site, tmp_path, monkeypatch):
    html = (site / "es/handouts/listening/participant.html").read_text(encoding="utf-8")
    page = print_page(site, "es/handouts/listening/participant-a4.pdf")
    reader = render(html, tmp_path / "untagged.pdf", None, monkeypatch)
    assert any("no structure tree" in p for p in checks.structure_problems(reader))
    assert any("Marked" in p for p in checks.structure_problems(reader))
    assert any("DisplayDocTitle" in p for p in checks.title_problems(reader, page.title))
    assert checks.heading_order_problems(reader, page.levels)
    assert checks.figure_problems(reader) == ["no figure is tagged (the QR code should be)"]
    assert checks.marked_languages(reader) == []


def test_the_checks_fail_on_a_wrong_language_title_headings_and_alt_text(site, tmp_path):
    html = (site / "ar/handouts/listening/participant.html").read_text(encoding="utf-8")
    page = print_page(site, "ar/handouts/listening/participant-a4.pdf")
    broken = html.replace('<html lang="ar"', '<html lang="en"', 1)
    broken = re.sub(r"<title>[^<]*</title>", "<title>Untitled</title>", broken, count=1)
    broken = broken.replace("<h1", "<h3", 1).replace("</h1>", "</h3>", 1)  # the title as a third-level heading
    broken = re.sub(r'(<svg[^>]*class="segno">)<title>[^<]*</title>', r"\1", broken)  # the QR code's alternative text
    assert broken.count("<h3") > html.count("<h3") and "Untitled" in broken and broken.count("<title>") == 1
    reader = render(broken, tmp_path / "broken.pdf")
    assert checks.language_problems(reader, "ar") == ["/Lang is 'en', not 'ar'"]
    assert any("/Title is 'Untitled'" in p for p in checks.title_problems(reader, page.title))
    problems = checks.heading_order_problems(reader, page.levels)
    assert any("not the document's headings" in p for p in problems) and any("first heading tag is not H1" in p for p in problems)
    assert checks.figure_problems(reader) and "alternative text" in checks.figure_problems(reader)[0]


def test_other_languages_are_not_marked_without_our_addition(site, tmp_path, monkeypatch):
    """WeasyPrint alone marks no part in another language: the check sees the difference."""
    from weasyprint.pdf import tags

    html = (site / "es/handouts/listening/participant.html").read_text(encoding="utf-8")
    core.mark_other_languages()
    monkeypatch.setattr(tags, "_build_box_tree", tags._build_box_tree.__closure__ and _unwrapped(tags._build_box_tree))
    reader = render(html, tmp_path / "unmarked.pdf")
    assert checks.marked_languages(reader) == []


def _unwrapped(wrapper):
    """WeasyPrint's own function, from inside our wrapper."""
    for cell in wrapper.__closure__:
        if callable(cell.cell_contents) and getattr(cell.cell_contents, "__name__", "") == "_build_box_tree":
            return cell.cell_contents
    raise AssertionError("the wrapper holds no _build_box_tree")


def title_x(reader: PdfReader, title: str) -> float:
    """Where on the first page the line with the lesson's title starts (points from the left)."""
    spans: list[tuple[float, str]] = []
    reader.pages[0].extract_text(visitor_text=lambda text, cm, tm, font, size: spans.append((tm[4] * cm[0] + cm[4], text)))
    starts = [x for x, text in spans if text.strip() and text.strip() in title]
    assert starts, spans[:20]
    return starts[0]


def test_the_arabic_handout_is_set_right_to_left(site, tmp_path):
    """The Arabic title sits at the right margin, the English one at the left."""
    width = float(PdfReader(site / "handouts/listening/participant-a4.pdf").pages[0].mediabox.width)
    english = title_x(PdfReader(site / "handouts/listening/participant-a4.pdf"), "Listening to each other")
    arabic = title_x(PdfReader(site / "ar/handouts/listening/participant-a4.pdf"), TRANSLATIONS["ar"][0])
    assert english < width / 2 < arabic, (english, arabic)
    # Broken on purpose: the same Arabic handout set left to right fails the check.
    html = (site / "ar/handouts/listening/participant.html").read_text(encoding="utf-8").replace('dir="rtl"', 'dir="ltr"')
    assert not width / 2 < title_x(render(html, tmp_path / "ltr.pdf"), TRANSLATIONS["ar"][0])


def test_arabic_page_numbers_read_page_then_count(site):
    """In a right-to-left margin box '1 / 2' came out as '2 / 1' (the text layer keeps the
    order printed): the facilitator edition has two pages or more to tell them apart."""
    reader = PdfReader(site / "ar/handouts/listening/facilitator-a4.pdf")
    assert len(reader.pages) >= 2
    for number, page in enumerate(reader.pages, 1):
        spans: list[str] = []
        page.extract_text(visitor_text=lambda text, cm, tm, font, size, spans=spans: spans.append(text.strip()))
        assert [s for s in spans if re.fullmatch(r"\d+ / \d+", s)] == [f"{number} / {len(reader.pages)}"]
