"""Where "Edit this page" and "Help translate it" lead: pure functions on a small project."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from caucus.core import edit_links, scaffold
from caucus.core.checker import check
from caucus.core.edit_links import Repository, edit_target, edit_url, github_repository, localized_src
from caucus.core.project import load_project
from caucus.core.translations import DRAFT, classify
from conftest import TINY

REPO = Repository("https://github.com/owner/lessons", "main", "docs/")


@pytest.fixture
def project():
    return load_project(TINY / "docs", "en", ["en", "es", "ar"], TINY)


@pytest.mark.parametrize(
    "repo_url, edit_uri, expected",
    [
        ("https://github.com/owner/lessons", "edit/main/docs/", REPO),
        ("https://github.com/owner/lessons/", "blob/main/docs/", REPO),
        ("https://github.com/owner/lessons.git", "/edit/main/docs/", REPO),
        ("https://github.com/owner/lessons", "edit/trunk/", Repository("https://github.com/owner/lessons", "trunk", "")),
        ("https://gitlab.com/owner/lessons", "-/edit/main/docs/", None),  # not GitHub: MkDocs' own link stays
        ("https://github.com/owner/lessons", "", None),  # edit links turned off
        (None, None, None),
        ("https://github.com/owner/lessons", "?path=docs/", None),
    ],
)
def test_repository_from_mkdocs_settings(repo_url, edit_uri, expected):
    assert github_repository(repo_url, edit_uri) == expected


def test_new_file_in_the_top_folder_of_the_repository():
    top = Repository("https://github.com/owner/lessons", "main", "")
    assert top.new_file_url("index.es.md") == "https://github.com/owner/lessons/new/main?filename=index.es.md"
    assert REPO.new_file_url("index.es.md") == "https://github.com/owner/lessons/new/main/docs?filename=index.es.md"


def test_localized_source_file():
    assert localized_src("lessons/x.md", "es", "en") == "lessons/x.es.md"
    assert localized_src("lessons/x.md", "en", "en") == "lessons/x.md"
    assert localized_src("index.md", "ar", "en") == "index.ar.md"


def test_translated_page_edits_its_own_file(project):
    target = edit_target(project, "lessons/listening.es.md", False, "es", "es")
    assert target.src_uri == "lessons/listening.md" and target.translated
    assert edit_url(REPO, target, "es", "en") == "https://github.com/owner/lessons/edit/main/docs/lessons/listening.es.md"


def test_default_language_page_edits_the_original(project):
    target = edit_target(project, "lessons/listening.md", False, "en", "en")
    assert edit_url(REPO, target, "en", "en") == "https://github.com/owner/lessons/edit/main/docs/lessons/listening.md"


def test_fallback_lesson_starts_the_translation_with_its_front_matter(project):
    lesson = project.lessons["listening"]
    target = edit_target(project, "lessons/listening.md", False, "en", "es")  # shown in English on the Spanish site
    assert target.lesson is lesson and not target.translated
    url = edit_url(REPO, target, "es", "en", scaffold.translation_head(lesson))
    parts = urlsplit(url)
    assert parts.path == "/owner/lessons/new/main/docs/lessons"
    query = parse_qs(parts.query)
    assert query["filename"] == ["listening.es.md"]
    value = query["value"][0]
    assert f"  source: {lesson.original.version}\n  state: draft\n" in value
    assert 'title: "Listening to each other"' in value


def test_fallback_page_that_is_not_a_lesson_starts_an_empty_file(project):
    target = edit_target(project, "glossary.md", False, "en", "ar")
    assert target.lesson is None
    assert edit_url(REPO, target, "ar", "en") == "https://github.com/owner/lessons/new/main/docs?filename=glossary.ar.md"


def test_guide_edits_its_lesson_in_the_language_shown(project):
    project.lessons["listening"].translations["es"] = project.lessons["listening"].original  # pretend it is translated
    assert edit_url(REPO, edit_target(project, "guides/listening.md", True, "es", "es"), "es", "en") == REPO.edit_url("lessons/listening.es.md")
    assert edit_url(REPO, edit_target(project, "es/guides/listening.md", True, "es", "es"), "es", "en") == REPO.edit_url("lessons/listening.es.md")
    assert edit_url(REPO, edit_target(project, "guides/listening.md", True, "ar", "ar"), "ar", "en").startswith(
        REPO.url + "/new/main/docs/lessons?filename=listening.ar.md"
    )
    assert edit_url(REPO, edit_target(project, "guides/listening.md", True, "en", "en"), "en", "en") == REPO.edit_url("lessons/listening.md")


def test_other_generated_pages_have_no_edit_button(project):
    assert edit_target(project, "catalog/index.md", True, "es", "es") is None
    assert edit_url(REPO, None, "es", "en") is None


def test_no_repository_no_links(project):
    target = edit_target(project, "lessons/listening.md", False, "en", "es")
    assert edit_url(None, target, "es", "en") is None
    assert edit_links.start_translation_url(None, target, "es", "en", "---") is None


def test_started_translation_passes_the_checker_once_the_lesson_is_pasted(tmp_path: Path, project):
    """The prefilled front matter (with its notes) plus the English body, as the notes
    tell the translator to paste it, is a valid draft translation of the current version."""
    shutil.copytree(TINY / "docs", tmp_path / "docs")
    lesson = project.lessons["listening"]
    notes = edit_links.translation_notes(REPO, "lessons/listening.md", "https://example.org/es/contributing/#translating-a-lesson")
    head = scaffold.translation_head(lesson, notes)
    assert head.startswith("---\n# ") and "raw/main/docs/lessons/listening.md" in head
    (tmp_path / "docs" / "lessons" / "listening.es.md").write_text(head + "\n" + lesson.original.source.body, encoding="utf-8")
    copy = load_project(tmp_path / "docs", "en", ["en", "es", "ar"], tmp_path)
    assert check(copy) == []
    assert classify(copy.lessons["listening"], "es") == DRAFT


def test_nothing_to_start_when_the_translation_exists_or_in_english(project):
    translated = edit_links.EditTarget("lessons/listening.md", project.lessons["listening"], True)
    missing = edit_links.EditTarget("lessons/listening.md", project.lessons["listening"], False)
    assert edit_links.start_translation_url(REPO, translated, "es", "en", "---") is None
    assert edit_links.start_translation_url(REPO, missing, "en", "en", "---") is None
    assert edit_links.start_translation_url(REPO, missing, "es", "en", None) == REPO.new_file_url("lessons/listening.es.md")
