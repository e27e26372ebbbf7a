"""The facilitator's kit on paper and offline (the tiny site plus a lesson with a
commitment): forms to print for every lesson and series in every language, the action
plan at the end of each packet and series page, and each series' offline kit, read
back as a facilitator would use them."""

from __future__ import annotations

import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pdf_checks
import pytest
from pypdf import PdfReader

from conftest import ROOT, copy_tiny, mkdocs_build

SIZES = {"letter": (612, 792), "a4": (595, 842)}
PREFIXES = {"en": "", "es": "es/", "ar": "ar/"}
COMMITMENT = "Ask one member from another shift"
SITE = "https://example.org/tiny/"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = copy_tiny(tmp_path_factory.mktemp("forms") / "tiny", ROOT / "tests" / "fixtures" / "commitment")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site"


def text(reader: PdfReader) -> str:
    return " ".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("lang", PREFIXES)
@pytest.mark.parametrize("paper", SIZES)
@pytest.mark.parametrize("form", ["sign-in", "commitment-cards", "evaluation"])
@pytest.mark.parametrize("slug", ["listening", "one-step"])
def test_every_lesson_has_each_form_on_one_page_of_its_paper(site, slug, form, paper, lang):
    reader = PdfReader(site / f"{PREFIXES[lang]}handouts/{slug}/{form}-{paper}.pdf")
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == SIZES[paper]
    # Tagged like every handout, in the page's language.
    assert pdf_checks.structure_problems(reader) == []
    assert pdf_checks.language_problems(reader, lang) == []


@pytest.mark.parametrize("lang", PREFIXES)
@pytest.mark.parametrize("form", ["sign-in", "evaluation", "action-plan"])
def test_every_series_has_its_forms(site, form, lang):
    for paper in SIZES:
        reader = PdfReader(site / f"{PREFIXES[lang]}handouts/series/first-steps/{form}-{paper}.pdf")
        assert len(reader.pages) == 1
        assert pdf_checks.language_problems(reader, lang) == []


def test_the_sign_in_sheet_has_room_for_fifteen_and_says_the_list_stays_private(site):
    english = text(PdfReader(site / "handouts/listening/sign-in-a4.pdf"))
    for label in ("Name", "How to reach me", "Shift or group", "I want to help with", "This list stays with the caucus"):
        assert label in english
    assert "15" in english and "16" not in english
    spanish = text(PdfReader(site / "es/handouts/listening/sign-in-a4.pdf"))
    assert "Cómo contactarme" in spanish and "Esta lista se queda con el caucus" in spanish


def test_commitment_cards_carry_the_lessons_commitment_four_to_a_page(site):
    cards = text(PdfReader(site / "handouts/one-step/commitment-cards-letter.pdf"))
    assert cards.count(COMMITMENT) == 4
    assert cards.count("My step before next time") == 4
    # A lesson without a commitment block still gets four cards to write on.
    blank = text(PdfReader(site / "handouts/listening/commitment-cards-letter.pdf"))
    assert blank.count("My step before next time") == 4 and COMMITMENT not in blank
    # In Arabic the labels are Arabic and the English commitment is marked as English.
    arabic = PdfReader(site / "ar/handouts/one-step/commitment-cards-a4.pdf")
    assert "خطوتي قبل المرة القادمة" in text(arabic)
    assert ("/P", "en") in pdf_checks.marked_languages(arabic) or any(lang == "en" for _tag, lang in pdf_checks.marked_languages(arabic))


def test_the_evaluation_asks_the_same_three_questions_in_every_language(site):
    questions = {
        "en": ["What worked?", "What would you change?", "What will you do next?"],
        "es": ["¿Qué funcionó?", "¿Qué cambiaría?", "¿Qué va a hacer ahora?"],
        "ar": ["ما الذي نجح؟", "ما الذي ستغيّره؟", "ماذا ستفعل بعد ذلك؟"],
    }
    for lang, expected in questions.items():
        found = text(PdfReader(site / f"{PREFIXES[lang]}handouts/one-step/evaluation-a4.pdf"))
        missing = [q for q in expected if q.replace("؟", "").split()[-1] not in found]
        assert missing == [], (lang, missing)


def test_the_packet_ends_with_the_action_plan(site):
    reader = PdfReader(site / "handouts/series/first-steps-a4.pdf")
    last = reader.pages[-1].extract_text()
    for label in ("ACTION PLAN", "What we will do", "Who", "By when", "How we will check in"):
        assert label in last
    assert "ACTION PLAN" not in reader.pages[-2].extract_text()
    assert "Mapping the workplace" not in last  # the page's running head is the series' now


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value and not (tag == "link" and name == "href" and value.startswith("data:")):
                self.links.append(value)

    def handle_data(self, data):
        self.text.append(data)


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_guides_and_series_pages_link_the_forms_and_the_kit(site):
    for lang, prefix in PREFIXES.items():
        guide = site / f"{prefix}guides/one-step/index.html"
        links = parse(guide).links
        for form in ("sign-in", "commitment-cards", "evaluation"):
            assert any(link.endswith(f"handouts/one-step/{form}-a4.pdf") for link in links), (lang, form)
        for link in links:
            if link.endswith(".pdf"):
                assert (guide.parent / unquote(link)).resolve().is_file(), link
        series = site / f"{prefix}series/first-steps/index.html"
        page = parse(series)
        kits = [link for link in page.links if link.endswith(".zip")]
        assert kits == [f"../../handouts/series/first-steps-kit-{lang}-{paper}.zip" for paper in ("letter", "a4")], lang
        assert all((series.parent / kit).resolve().is_file() for kit in kits)
        for form in ("sign-in", "evaluation", "action-plan"):
            assert any(link.endswith(f"handouts/series/first-steps/{form}-letter.pdf") for link in page.links), (lang, form)
        words = " ".join(page.text)
        assert words.count(" MB") == 2  # each kit's size, filled in once the kit exists
    english = " ".join(parse(site / "series/first-steps/index.html").text)
    assert "Action plan" in english and "How we will check in" in english


def links_leaving(folder: Path) -> list[tuple[str, str]]:
    """(page, link) of every link of the unpacked kit's HTML pages that does not lead to
    a file inside it; only the site's own address may lead out (the QR codes)."""
    leaving = []
    for page in sorted(folder.rglob("*.html")):
        name = page.relative_to(folder).as_posix()
        for link in parse(page).links:
            parts = urlsplit(link)
            if parts.scheme:
                if not link.startswith(SITE) and parts.scheme != "data":
                    leaving.append((name, link))
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_file() or folder.resolve() not in target.parents:
                leaving.append((name, link))
    return leaving


@pytest.mark.parametrize("paper", SIZES)
@pytest.mark.parametrize("lang", PREFIXES)
def test_the_offline_kit_holds_the_whole_series_and_every_link_stays_inside(site, lang, paper, tmp_path):
    path = site / f"{PREFIXES[lang]}handouts/series/first-steps-kit-{lang}-{paper}.zip"
    assert path.stat().st_size <= 5 * 1024 * 1024
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert all(name.startswith(f"first-steps-{lang}-{paper}/") for name in names)  # one folder, not a spill
        archive.extractall(tmp_path)
    folder = tmp_path / f"first-steps-{lang}-{paper}"
    for slug in ("listening", "mapping"):
        for name in (f"lessons/{slug}.html", f"guides/{slug}.html", f"projector/{slug}.html"):
            assert (folder / name).is_file(), name
        for edition in ("participant", "facilitator", "large-print", "sign-in", "commitment-cards", "evaluation"):
            inside = folder / f"handouts/{slug}/{edition}-{paper}.pdf"
            assert inside.read_bytes() == (site / f"{PREFIXES[lang]}handouts/{slug}/{edition}-{paper}.pdf").read_bytes()
    assert (folder / f"series/first-steps-{paper}.pdf").is_file() and (folder / f"series/action-plan-{paper}.pdf").is_file()
    assert not list(folder.rglob(f"*-{'a4' if paper == 'letter' else 'letter'}.pdf"))  # one paper per kit
    assert links_leaving(folder) == []
    index = parse(folder / "index.html")
    assert (folder / f"series/first-steps-facilitator-{paper}.pdf").is_file()
    # per session 6, the two packets, the series' 3 forms
    assert len([link for link in index.links if link.endswith(".pdf")]) == 2 * 6 + 2 + 3


def test_the_link_check_of_the_kit_fails_on_a_link_that_leaves(tmp_path):
    """The check above, on a kit page broken on purpose."""
    folder = tmp_path / "kit"
    (folder / "lessons").mkdir(parents=True)
    (folder / "index.html").write_text('<a href="lessons/x.html">x</a> <a href="../../catalog/">out</a>', encoding="utf-8")
    (folder / "lessons" / "x.html").write_text('<a href="https://elsewhere.example/">away</a>', encoding="utf-8")
    assert links_leaving(folder) == [("index.html", "../../catalog/"), ("lessons/x.html", "https://elsewhere.example/")]


def test_the_kit_carries_one_fixed_date(site):
    """So that two builds make the same bytes (test_integrity.py compares two whole builds)."""
    with zipfile.ZipFile(site / "handouts/series/first-steps-kit-en-a4.zip") as archive:
        dates = {info.date_time for info in archive.infolist()}
    assert len(dates) == 1


@pytest.mark.parametrize("lang", PREFIXES)
def test_packets_open_with_the_series_introduction_and_schedule(site, lang):
    for name in ("first-steps", "first-steps-facilitator"):
        reader = PdfReader(site / f"{PREFIXES[lang]}handouts/series/{name}-a4.pdf")
        cover, schedule = reader.pages[0].extract_text(), reader.pages[1].extract_text()
        assert "First steps" in cover and "Meet once a week." in cover  # the series page's own text
        # A row per session with its minutes and the page it starts on.
        assert re.search(r"1\s*Listening to each other\s*75\s*(\d+)", schedule), schedule
        assert re.search(r"2\s*Mapping the workplace\s*70\s*(\d+)", schedule), schedule
        start = int(re.search(r"Mapping the workplace\s*70\s*(\d+)", schedule).group(1))
        assert "Mapping the workplace" in reader.pages[start - 1].extract_text()


def test_the_facilitator_packet_holds_every_sessions_facilitator_edition(site):
    for lang, prefix in PREFIXES.items():
        facilitator = text(PdfReader(site / f"{prefix}handouts/series/first-steps-facilitator-letter.pdf"))
        participant = text(PdfReader(site / f"{prefix}handouts/series/first-steps-letter.pdf"))
        assert "SECRET-FACILITATOR-NOTE" in facilitator and "SECRET-FACILITATOR-NOTE" not in participant
        # Each session says where it stands (the tiny lessons are not translated: their handouts are English).
        assert "SESSION 1 OF 2" in facilitator.upper() and "SESSION 2 OF 2" in facilitator.upper()
        series = parse(site / f"{prefix}series/first-steps/index.html")
        assert any(link.endswith("handouts/series/first-steps-facilitator-a4.pdf") for link in series.links), lang
    manifest = json.loads((site / "build-manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["languages"]["es"]["series"]["first-steps"]["facilitator packet"]) == ["a4", "letter"]
