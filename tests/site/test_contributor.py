"""A new contributor's path, on a copy of the tiny site: scaffold a lesson, check it,
build strictly, and find it everywhere it should be, in every language; start a
translation; and follow the "Edit this page" and "Help translate it" links."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import caucus, copy_tiny, mkdocs_build

LANGS = {"en": "", "es": "es/", "ar": "ar/"}
SLUG = "who-is-not-in-the-room"
TITLE = "Who is not in the room?"
REPO = "https://github.com/example/tiny"


def as_github_project(site: Path) -> None:
    """Give the tiny site what the real one has: a GitHub repository and edit buttons."""
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("docs_dir: docs\n", f"docs_dir: docs\nrepo_url: {REPO}\nedit_uri: edit/main/docs/\n")
    if "\n  features:\n" in config:
        config = config.replace("\n  features:\n", "\n  features:\n    - content.action.edit\n", 1)
    else:
        config = config.replace("\n  font: false\n", "\n  font: false\n  features:\n    - content.action.edit\n", 1)
    assert "content.action.edit" in config and "edit_uri:" in config
    (site / "mkdocs.yml").write_text(config, encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    site = copy_tiny(tmp_path_factory.mktemp("contributor") / "tiny")
    as_github_project(site)
    new = caucus("new", "lesson", TITLE, "--setting", "union", "--topic", "solidarity", cwd=site)
    assert new.returncode == 0, new.stderr
    started = caucus("new", "translation", "listening", "--lang", "es", cwd=site)
    assert started.returncode == 0, started.stderr
    check = caucus("check", cwd=site)
    assert check.returncode == 0, check.stdout + check.stderr
    build = mkdocs_build(site)
    assert build.returncode == 0, build.stderr
    return site


def page(project: Path, path: str) -> str:
    return (project / "site" / path / "index.html").read_text(encoding="utf-8")


def edit_button(html_text: str) -> str | None:
    m = re.search(r'<a href="([^"]*)" title="[^"]*" class="md-content__button md-icon" rel="edit">', html_text)
    return html.unescape(m.group(1)) if m else None


@pytest.mark.parametrize("lang", LANGS)
def test_new_lesson_is_in_the_catalog_with_its_guide_and_handouts(project: Path, lang: str):
    prefix = LANGS[lang]
    catalog = page(project, prefix + "catalog")
    assert f'href="../lessons/{SLUG}/"' in catalog
    assert TITLE in html.unescape(catalog)
    assert TITLE in html.unescape(page(project, prefix + f"guides/{SLUG}"))
    assert TITLE in html.unescape(page(project, prefix + f"lessons/{SLUG}"))
    handouts = project / "site" / prefix / "handouts" / SLUG
    assert (handouts / "participant.html").is_file() and (handouts / "facilitator.html").is_file()
    for edition in ("participant", "facilitator"):
        for paper in ("letter", "a4"):
            pdf = handouts / f"{edition}-{paper}.pdf"
            assert pdf.read_bytes()[:5] == b"%PDF-", pdf


@pytest.mark.parametrize("lang", ["es", "ar"])
def test_new_lesson_says_it_is_not_translated_outside_english(project: Path, lang: str):
    for path in (f"lessons/{SLUG}", f"guides/{SLUG}"):
        assert "caucus-notice--untranslated" in page(project, f"{lang}/{path}")
    assert "caucus-notice" not in page(project, f"lessons/{SLUG}")


def test_translation_status_lists_the_new_lesson_as_missing(project: Path):
    status = caucus("translations", cwd=project).stdout
    row = next(line for line in status.splitlines() if line.startswith(SLUG))
    assert row.split()[1:] == ["missing", "missing"]
    listening = next(line for line in status.splitlines() if line.startswith("listening"))
    assert listening.split()[1:] == ["draft", "missing"]
    built = page(project, "es/translation-status")
    row_html = next(r for r in built.split("<tr>") if f"lessons/{SLUG}/" in r)
    assert row_html.count("caucus-state--missing") == 2


def test_translated_page_edits_its_own_source(project: Path):
    assert edit_button(page(project, "es/lessons/listening")) == f"{REPO}/edit/main/docs/lessons/listening.es.md"
    assert edit_button(page(project, "lessons/listening")) == f"{REPO}/edit/main/docs/lessons/listening.md"
    assert edit_button(page(project, "es/guides/listening")) == f"{REPO}/edit/main/docs/lessons/listening.es.md"
    assert "caucus-notice--draft" in page(project, "es/lessons/listening")


def start_link(url: str) -> tuple[str, dict[str, list[str]]]:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}", parse_qs(parts.query)


@pytest.mark.parametrize("lang", ["es", "ar"])
def test_untranslated_page_offers_to_start_the_translation(project: Path, lang: str):
    version = caucus("translations", "--version", SLUG, cwd=project).stdout.strip()
    lesson_page = page(project, f"{lang}/lessons/{SLUG}")
    for url in (edit_button(lesson_page), edit_button(page(project, f"{lang}/guides/{SLUG}"))):
        where, query = start_link(url)
        assert where == f"{REPO}/new/main/docs/lessons"
        assert query["filename"] == [f"{SLUG}.{lang}.md"]
        value = query["value"][0]
        assert f'title: "{TITLE}"' in value
        assert f"translation:\n  source: {version}\n  state: draft\n---\n" in value
        assert f"https://example.org/tiny/{lang}/contributing/#translating-a-lesson" in value
    # "Help translate it" in the notice leads to the same place
    notice = re.search(r'caucus-notice--untranslated".*?<a href="([^"]*)"', lesson_page, re.S)
    assert html.unescape(notice.group(1)) == edit_button(lesson_page)


def test_untranslated_page_that_is_not_a_lesson_starts_its_file(project: Path):
    assert edit_button(page(project, "es/glossary")) == f"{REPO}/new/main/docs?filename=glossary.es.md"


def test_generated_pages_have_no_edit_button(project: Path):
    assert edit_button(page(project, "es/catalog")) is None
    assert edit_button(page(project, "translation-status")) is None
