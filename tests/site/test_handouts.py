"""The tiny site's handouts, read back with pypdf as a person holding them would check."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import copy_tiny, mkdocs_build, run

SIZES = {"letter": (612, 792), "a4": (595, 842)}
URL = "https://example.org/tiny/"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    site = copy_tiny(tmp_path_factory.mktemp("handouts") / "tiny")
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    return site, result.stderr


def pdf(built, path: str) -> PdfReader:
    return PdfReader(built[0] / "site" / path)


def text_of(reader: PdfReader) -> str:
    return " ".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("prefix", ["", "es/", "ar/"])
@pytest.mark.parametrize("paper", SIZES)
@pytest.mark.parametrize("edition", ["participant", "facilitator"])
def test_every_handout_exists_with_its_paper_size(built, prefix, paper, edition):
    reader = pdf(built, f"{prefix}handouts/listening/{edition}-{paper}.pdf")
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == SIZES[paper]
    assert 1 <= len(reader.pages) <= (4 if edition == "participant" else 8)


def test_participant_handout_has_questions_but_no_facilitator_notes(built):
    text = text_of(pdf(built, "handouts/listening/participant-letter.pdf"))
    assert "Who do you never meet?" in text
    assert "SECRET-FACILITATOR-NOTE" not in text
    facilitator = text_of(pdf(built, "handouts/listening/facilitator-letter.pdf"))
    assert "SECRET-FACILITATOR-NOTE" in facilitator and "0:45" in facilitator


# What only the facilitator runs (the welcome, the opening round, the activity, the
# closing round, the objectives), as the tiny lesson 'listening' words them.
FACILITATOR_RUNS = [
    "What a study circle is",
    "Say your name and your shift.",
    "Draw the shifts.",
    "One word each.",
    "Listen to a co-worker from another shift.",
]


def sheet_problems(text: str) -> list[str]:
    """What a participant's sheet of 'listening' should not carry, or lacks."""
    problems = [f"carries {words!r}" for words in FACILITATOR_RUNS if words in text]
    return problems + [f"lacks {words!r}" for words in ("Who do you talk to at work?", "Who do you never meet?", "Next time:") if words not in text]


@pytest.mark.parametrize("edition", ["participant", "large-print"])
def test_the_participants_sheet_prints_what_participants_use_and_fits_one_sheet(built, edition):
    for paper in SIZES:
        reader = pdf(built, f"handouts/listening/{edition}-{paper}.pdf")
        assert sheet_problems(text_of(reader)) == []
        if edition == "participant":
            assert len(reader.pages) <= 2
    # The check fails on the lesson's whole printout (the facilitator edition).
    assert len(sheet_problems(text_of(pdf(built, "handouts/listening/facilitator-letter.pdf")))) >= 4


class _Questions(HTMLParser):
    """Counts the questions of discussion blocks (each gets a line to write on)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.count = 0

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if (
            tag == "li"
            and len(self.stack) >= 2
            and self.stack[-1] in ("ol", "ul")
            and "caucus-block__body" in self.stack[-2]
            and "discussion" in " ".join(self.stack)
        ):
            self.count += 1
        if tag not in ("br", "img", "hr", "input", "meta", "link"):
            self.stack.append(f"{tag} {classes}".strip() if classes else tag)

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop().split(" ")[0] != tag:
            pass


ANSWER_LINE = re.compile(r"0\.466667 0\.466667 0\.466667 rg\n(?:[-\d. ]+ re\n)+f\*")  # the #777 line under a question


@pytest.mark.parametrize("paper", SIZES)
def test_participant_handout_is_light_and_keeps_a_line_under_each_question(built, paper):
    path = built[0] / "site" / "handouts" / "listening" / f"participant-{paper}.pdf"
    reader = PdfReader(path)
    questions = _Questions()
    questions.feed((built[0] / "site" / "handouts" / "listening" / "participant.html").read_text(encoding="utf-8"))
    lines = sum(len(ANSWER_LINE.findall(page.get_contents().get_data().decode("latin-1"))) for page in reader.pages)
    assert questions.count >= 2 and lines == questions.count
    # A dotted line was drawn dot by dot: about 90 KB a page. Solid: a few KB, plus about
    # 30 % for the structure tree of a tagged PDF.
    assert path.stat().st_size < 30_000 * len(reader.pages), path.stat().st_size


@pytest.mark.parametrize("prefix", ["", "es/"])
def test_qr_code_links_the_online_lesson(built, prefix):
    reader = pdf(built, f"{prefix}handouts/listening/participant-a4.pdf")
    uris = [annot.get_object()["/A"]["/URI"] for annot in reader.pages[0].get("/Annots", []) if "/A" in annot.get_object()]
    assert f"{URL}{prefix}lessons/listening/" in uris


def _unicode_of_fonts(reader: PdfReader) -> set[str]:
    chars: set[str] = set()
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for font in fonts.values():
            cmap = font.get_object().get("/ToUnicode")
            if cmap is None:
                continue
            data = cmap.get_object().get_data().decode("latin-1")
            for token in data.replace("<", " <").split():
                if token.startswith("<") and token.endswith(">") and len(token) >= 6:
                    try:
                        chars.add(chr(int(token[1:-1][:4], 16)))
                    except ValueError:
                        pass
    return chars


def test_arabic_handout_embeds_a_font_with_arabic_glyphs(tmp_path):
    site = copy_tiny(tmp_path / "tiny")
    lesson = (site / "docs" / "lessons" / "listening.md").read_text(encoding="utf-8")
    from caucus.core.project import content_version

    body = lesson.split("---", 2)[2].replace("Who do you never meet?", "من لا تلتقي به أبداً؟")
    (site / "docs" / "lessons" / "listening.ar.md").write_text(
        f"---\ntitle: الاستماع\nsummary: نستمع\nobjectives: [نستمع]\nkey_points: [نستمع]\ntranslation:\n  source: {content_version(lesson)}\n  state: draft\n---\n{body}",
        encoding="utf-8",
    )
    assert mkdocs_build(site).returncode == 0
    reader = PdfReader(site / "site" / "ar" / "handouts" / "listening" / "participant-a4.pdf")
    embedded = [f for p in reader.pages for f in p["/Resources"]["/Font"].values()]
    assert embedded, "fonts are embedded"
    assert any("\u0600" <= ch <= "\u06ff" for ch in _unicode_of_fonts(reader))


def test_series_packet_exists(built):
    reader = pdf(built, "handouts/series/first-steps-a4.pdf")
    text = text_of(reader)
    assert "First steps" in text and "Listening to each other" in text and "Mapping the workplace" in text


def test_second_build_renders_no_pdf(built):
    site, first_log = built
    assert "0 cached" in first_log
    again = mkdocs_build(site)
    assert again.returncode == 0
    assert "handouts (en): 0 rendered" in again.stderr
    assert "handouts (es): 0 rendered" in again.stderr


def test_handouts_can_be_switched_off(tmp_path):
    site = copy_tiny(tmp_path / "tiny")
    config = (site / "mkdocs.yml").read_text().replace("  - caucus-handouts\n", "  - caucus-handouts:\n      enabled: false\n")
    (site / "mkdocs.yml").write_text(config)
    assert mkdocs_build(site).returncode == 0
    assert not (site / "site" / "handouts").exists()
    assert "participant-letter.pdf" not in (site / "site" / "lessons" / "listening" / "index.html").read_text()


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        message = f"{name} is not installed (bash .ci/run installs it: apt-get install poppler-utils zbar-tools)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.mark.parametrize("prefix", ["", "es/", "ar/"])
def test_printed_qr_code_reads_back_as_the_lesson_url(built, prefix, tmp_path):
    """Render the first page as a printer would, then read the QR code as a phone would."""
    pdf_path = built[0] / "site" / prefix / "handouts" / "listening" / "participant-letter.pdf"
    subprocess.run([_tool("pdftoppm"), "-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf_path), str(tmp_path / "page")], check=True)
    read = subprocess.run([_tool("zbarimg"), "--quiet", "--raw", str(tmp_path / "page.png")], capture_output=True, text=True)
    assert read.stdout.split() == [f"{URL}{prefix}lessons/listening/"]


def test_an_untranslated_lessons_handout_is_wholly_in_the_language_of_its_text(built):
    """Not Arabic labels around English text: the Arabic site's handout of a lesson with no
    Arabic translation yet is an English handout."""
    text = text_of(pdf(built, "ar/handouts/listening/facilitator-a4.pdf"))
    assert "Key points" in text and "Opening round: Names" in text and "0:15–0:45" in text
    assert not any("\u0600" <= ch <= "\u06ff" for ch in text)


def test_series_packet_starts_each_session_on_a_front_page(built):
    reader = pdf(built, "handouts/series/first-steps-letter.pdf")
    starts = [i + 1 for i, page in enumerate(reader.pages) if "PARTICIPANT HANDOUT" in page.extract_text().upper()]
    assert starts and all(number % 2 == 1 for number in starts), starts


def test_a_handout_over_its_page_budget_is_named_in_a_warning(tmp_path):
    site = copy_tiny(tmp_path / "tiny")
    config = (site / "mkdocs.yml").read_text().replace("  - caucus-handouts\n", "  - caucus-handouts:\n      max_participant_pages: 0\n")
    (site / "mkdocs.yml").write_text(config)
    result = run([sys.executable, "-m", "mkdocs", "build", "--no-strict"], site)  # a warning; --strict would stop on it
    assert result.returncode == 0, result.stderr[-2000:]
    assert "participant handout of lesson 'listening' (en, a4) has 1 page; the budget is 0" in result.stderr


def test_without_weasyprint_the_build_says_what_to_install(tmp_path):
    site = copy_tiny(tmp_path / "tiny")
    # As on a machine where WeasyPrint or its libraries are missing: importing it fails.
    script = "import sys; sys.modules['weasyprint'] = None; from mkdocs.__main__ import cli; cli(['build', '--strict'])"
    result = run([sys.executable, "-c", script], site)
    assert result.returncode == 1
    assert "apt-get install libpango-1.0-0" in result.stderr and "CAUCUS_HANDOUTS=false" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("prefix", ["", "es/"])
@pytest.mark.parametrize("edition", ["facilitator"])
def test_links_print_as_notes_and_glossary_links_as_definitions(built, prefix, edition):
    """The closing block links 'mapping' (a lesson) and 'caucus' (the glossary): on paper the
    first gets a note with the lesson's address in this language, the second its definition.
    (The participant's sheet leaves the closing round to the facilitator.)"""
    text = " ".join(text_of(pdf(built, f"{prefix}handouts/listening/{edition}-letter.pdf")).split())
    assert "See mapping1 and the caucus." in text, text
    assert f"Addresses of the links example.org/tiny/{prefix}lessons/mapping" in text
    assert "Words in this handout Caucus: A group of members who organize inside their organization." in text
    assert "glossary" not in text.lower()
    html = (built[0] / "site" / f"{prefix}handouts/listening/{edition}.html").read_text(encoding="utf-8")
    content = html[html.index('class="handout__content"') :]
    assert "href" not in content  # the print profile dropped the addresses from the markup


@pytest.mark.parametrize("prefix, label", [("", "Series packet"), ("es/", "Cuadernillo de la serie")])
def test_series_page_links_its_packets(built, prefix, label):
    page = built[0] / "site" / prefix / "series" / "first-steps" / "index.html"
    html = page.read_text(encoding="utf-8")
    nav = re.search(rf'<nav class="caucus-handouts" aria-label="{label}">(.*?)</nav>', html, re.S)
    assert nav, "no packet links on the series page"
    hrefs = re.findall(r'href="([^"]+)"', nav.group(1))
    assert [h.rsplit("/", 1)[-1] for h in hrefs] == [
        "first-steps-letter.pdf",
        "first-steps-a4.pdf",
        "first-steps-facilitator-letter.pdf",
        "first-steps-facilitator-a4.pdf",
    ]
    for href in hrefs:
        target = (page.parent / href).resolve()
        assert target.is_file() and target.read_bytes().startswith(b"%PDF-"), href


def test_series_packet_numbers_its_sessions(built):
    reader = pdf(built, "handouts/series/first-steps-letter.pdf")
    firsts = {}
    for number, page in enumerate(reader.pages, 1):
        text = page.extract_text().upper()  # the edition line is set in capitals
        for session in ("SESSION 1 OF 2", "SESSION 2 OF 2"):
            if session in text:
                firsts.setdefault(session, (number, text))
    assert set(firsts) == {"SESSION 1 OF 2", "SESSION 2 OF 2"}
    assert "LISTENING TO EACH OTHER" in firsts["SESSION 1 OF 2"][1] and "MAPPING THE WORKPLACE" in firsts["SESSION 2 OF 2"][1]
    # The lesson's own handout is not part of a series packet: no session number.
    assert "SESSION" not in text_of(pdf(built, "handouts/listening/participant-letter.pdf")).upper()


LONG_READING = "\n\n".join(
    # Plain sentences (the checker warns about readings above grade 8), as long as before.
    "Members of the caucus meet after the shift. They talk about what they saw at work this week, and who they met. They say what they want to change together. "
    * 2
    for _ in range(15)
)


def test_a_handout_over_its_budget_is_set_again_with_its_blocks_running_across_pages(tmp_path):
    """Kept whole, the long reading cannot follow the title on page 1 and the questions spill
    on to a third page; set again with blocks allowed to run across pages, it fits in two."""
    site = copy_tiny(tmp_path / "tiny")
    (site / "docs" / "lessons" / "long.md").write_text(
        "---\ntitle: A long reading\nsummary: A reading that almost fills a page.\nduration: 70\nsettings: [union]\ntopics: [solidarity]\n"
        "objectives: [Read together.]\nkey_points: [Reading together helps.]\n---\n\n"
        f"/// reading | The long reading\n    minutes: 30\n\n{LONG_READING}\n///\n\n"
        "/// discussion | What we read\n    minutes: 30\n\n- What did you notice?\n- What will you do?\n- Who will you ask?\n///\n",
        encoding="utf-8",
    )
    config = (site / "mkdocs.yml").read_text().replace("  - caucus-handouts\n", "  - caucus-handouts:\n      max_participant_pages: 2\n")
    (site / "mkdocs.yml").write_text(config)
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr[-2000:]
    # Letter at least (A4, a little taller, may fit at the first try).
    assert re.search(r"handouts \(en\): [12] participant handouts? over 2 pages set again with blocks running across pages", result.stderr)
    for paper in SIZES:
        assert len(PdfReader(site / "site" / "handouts" / "long" / f"participant-{paper}.pdf").pages) == 2
    assert "has 3 pages" not in result.stderr
