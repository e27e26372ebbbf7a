"""The source note, its map to the lessons and its interpretations (core/source_note.py),
and the data of the source page made from them (pages.source_view)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from caucus.core import pages, source_note
from caucus.core.problems import ERROR, WARNING
from caucus.core.project import load_project
from conftest import ROOT

CURRICULUM = ROOT / "curriculum"
LANGUAGES = ["en", "es", "ar", "vi"]


@pytest.fixture(scope="module")
def project():
    return load_project(ROOT / "docs", "en", LANGUAGES, ROOT)


def _load(folder: Path, lessons) -> tuple[source_note.SourceNote | None, list]:
    return source_note.load(folder, lessons, "curriculum", LANGUAGES)


def _map_points() -> list[dict]:
    data = yaml.safe_load((CURRICULUM / "source-map.yml").read_text(encoding="utf-8"))
    return [point for section in source_note.SECTIONS for point in data[section]]


def test_the_project_curriculum_has_no_problem_and_nothing_untranslated(project):
    note, problems = _load(CURRICULUM, project.lessons)
    assert [p.format() for p in problems] == []
    assert note is not None
    assert source_note.missing_translations(note, LANGUAGES) == []


def test_the_note_is_read_passage_by_passage():
    passages = source_note.parse_note((CURRICULUM / "source-note.md").read_text(encoding="utf-8"))
    assert passages[0] == source_note.Passage("heading", "What caucuses should work for", 1)
    assert [p.kind for p in passages].count("item") == 16  # 9 aims, 7 other kinds of organization
    assert passages[-1].text == "Remake our organizations to remake our society."
    item = next(p for p in passages if p.text.startswith("Look for existing"))
    assert item.text == 'Look for existing "natural" leaders respected by groups of members. Bring those leaders into caucus and union work.'


def _view_problems(view: dict, map_points: list[dict], project) -> list[str]:
    """What the page in one language misses of the map: a point not shown, a lesson not
    linked or linked to no lesson, an interpretation not shown or in the wrong language."""
    found = []
    shown = {}
    for passage in view["passages"]:
        for point in passage["points"]:
            shown.setdefault(point["point"], {"lessons": [], "interpretation": None})
            shown[point["point"]]["lessons"] += [lesson["slug"] for lesson in point["lessons"]]
            if point["interpretation"] is not None:
                shown[point["point"]]["interpretation"] = point["interpretation"]
            for lesson in point["lessons"]:
                if lesson["link"] != f"lessons/{lesson['slug']}.md" or lesson["slug"] not in project.lessons:
                    found.append(f"{point['point']}: bad link {lesson['link']}")
                if lesson["title"] != project.lessons[lesson["slug"]].field("title", view["lang"]):
                    found.append(f"{point['point']}: '{lesson['slug']}' is not shown with its title in {view['lang']}")
    for point in map_points:
        if point["point"] not in shown:
            found.append(f"{view['lang']}: '{point['point']}' is not on the page")
            continue
        missing = [s for s in point.get("lessons") or [] if s not in shown[point["point"]]["lessons"]]
        found += [f"{view['lang']}: '{point['point']}' does not link '{s}'" for s in missing]
        texts = point.get("interpretation") or {}
        expected = (" ".join(texts[view["lang"]].split()), view["lang"]) if view["lang"] in texts else None
        if shown[point["point"]]["interpretation"] != expected:
            found.append(f"{view['lang']}: '{point['point']}' shows no interpretation in its language")
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_point_of_the_map_is_on_the_page_with_its_lessons_and_interpretation(project, lang):
    note, _ = _load(CURRICULUM, project.lessons)
    view = pages.source_view(project, note, lang)
    assert _view_problems(view, _map_points(), project) == []
    assert [p["text"] for p in view["passages"]] == [p.text for p in note.passages]
    if lang == "en":
        assert all(p["translation"] is None and not p["translate"] for p in view["passages"])
    else:
        assert all(p["translation"] for p in view["passages"])


def test_the_page_check_notices_a_point_left_out_a_lesson_not_linked_and_a_missing_interpretation(project):
    note, _ = _load(CURRICULUM, project.lessons)
    view = pages.source_view(project, note, "es")
    points = _map_points()
    points.append({"point": "A point the page never shows", "lessons": ["why-caucuses"]})
    points[1] = {**points[1], "lessons": [*points[1]["lessons"], "members-do-the-work"]}
    points[2] = {**points[2], "interpretation": {"en": "Only in English."}}
    found = _view_problems(view, points, project)
    assert "es: 'A point the page never shows' is not on the page" in found
    assert f"es: '{points[1]['point']}' does not link 'members-do-the-work'" in found
    assert f"es: '{points[2]['point']}' shows no interpretation in its language" in found


@pytest.fixture
def curriculum(tmp_path: Path) -> Path:
    folder = tmp_path / "curriculum"
    shutil.copytree(CURRICULUM, folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _messages(problems, severity=ERROR) -> list[str]:
    return [p.format() for p in problems if p.severity == severity]


def test_a_point_without_interpretation_fails_with_its_file_and_line(curriculum, project):
    _edit(
        curriculum / "source-map.yml",
        " solidarity-with-allies--campus]\n    interpretation:\n",
        " solidarity-with-allies--campus]\n    interpretationn:\n",
    )
    _note, problems = _load(curriculum, project.lessons)
    errors = _messages(problems)
    assert len(errors) == 1
    assert errors[0].startswith("curriculum/source-map.yml:")
    assert "'Solidarity within the union and with outside allies' has no interpretation" in errors[0]
    line = int(errors[0].split(":")[1])
    assert "- point: Solidarity within the union" in (curriculum / "source-map.yml").read_text(encoding="utf-8").splitlines()[line - 1]


def test_an_interpretation_without_english_fails(curriculum, project):
    _edit(
        curriculum / "source-map.yml",
        "      en: >-\n        The note does not say who the allies are.",
        "      fr: >-\n        The note does not say who the allies are.",
    )
    _note, problems = _load(curriculum, project.lessons)
    assert any("has no interpretation" in m for m in _messages(problems))
    assert any("'fr' is not a language of this site" in m for m in _messages(problems, WARNING))


def test_a_quote_that_is_not_the_note_word_for_word_fails(curriculum, project):
    _edit(curriculum / "source-map.yml", "quote: Professional organizations.", "quote: Professional associations.")
    _note, problems = _load(curriculum, project.lessons)
    errors = _messages(problems)
    assert any("'Professional organizations': the quote is not a passage of source-note.md word for word" in m for m in errors)
    # and the note's own line is now quoted by no point
    assert "curriculum/source-note.md:20: this point of the note is quoted by no point of source-map.yml; add it there with the lessons that teach it" in errors


def test_a_lesson_that_does_not_exist_and_a_lesson_that_teaches_no_point(curriculum, project):
    _edit(curriculum / "source-map.yml", "lessons: [solidarity-with-allies,", "lessons: [solidarity-with-alies,")
    _note, problems = _load(curriculum, project.lessons)
    assert any("names 'solidarity-with-alies', which is not a lesson; did you mean 'solidarity-with-allies'?" in m for m in _messages(problems))
    assert any("lesson 'solidarity-with-allies' teaches no point of the note" in m for m in _messages(problems, WARNING))


def test_a_translation_of_a_passage_the_note_no_longer_has_is_reported_and_the_passage_shows_untranslated(curriculum, project):
    _edit(curriculum / "source-note.translations.yml", "- en: Media organizations.", "- en: Media organisations.")
    note, problems = _load(curriculum, project.lessons)
    warnings = _messages(problems, WARNING)
    assert len(warnings) == 1 and "this English is not a passage of source-note.md (did the note change?)" in warnings[0]
    assert note is not None
    assert source_note.missing_translations(note, LANGUAGES) == [f"{lang}: the note's passage 'Media organizations.' (line 22)" for lang in ("es", "ar", "vi")]
    page = pages.source_page(project, note, "vi", lambda s: s)
    assert "This passage has not been translated yet" in page


def test_an_interpretation_not_yet_translated_is_shown_in_english_marked_as_english(curriculum, project):
    text = (curriculum / "source-map.yml").read_text(encoding="utf-8")
    start = text.index("      vi: >-\n        Ghi chú không nói đồng minh là ai.")
    end = text.index("  - point: Open democratic debate")
    (curriculum / "source-map.yml").write_text(text[:start] + text[end:], encoding="utf-8")
    note, problems = _load(curriculum, project.lessons)
    assert problems == []
    assert note is not None
    page = pages.source_page(project, note, "vi", lambda s: s)
    assert '<span lang="en" dir="ltr">The note does not say who the allies are' in page
    assert "(not translated yet)" in page


def test_unreadable_or_invalid_files_are_problems_not_tracebacks(curriculum, project):
    (curriculum / "source-map.yml").write_text("opening: [\n", encoding="utf-8")
    note, problems = _load(curriculum, project.lessons)
    assert note is None and problems[0].path == "curriculum/source-map.yml" and "not valid YAML" in problems[0].message
    (curriculum / "source-map.yml").write_text("- just a list\n", encoding="utf-8")
    note, problems = _load(curriculum, project.lessons)
    assert any("must be a mapping of the sections" in m for m in _messages(problems))
    (curriculum / "source-map.yml").write_text("opening:\n  - 42\ncaucuses_work_for: nope\nother_organizations: []\nthroughout: [7]\n", encoding="utf-8")
    note, problems = _load(curriculum, project.lessons)
    messages = _messages(problems)
    assert "curriculum/source-map.yml:2: opening: each point is a mapping with 'point' (its name), 'quote', 'lessons' and 'interpretation'" in messages
    assert "curriculum/source-map.yml:3: section 'caucuses_work_for' is missing or is not a list of points" in messages
    assert any(m.startswith("curriculum/source-map.yml:5: throughout:") for m in messages)
    (curriculum / "source-note.md").write_bytes(b"\xff\xfe not text")
    note, problems = _load(curriculum, project.lessons)
    assert note is None and "cannot be read as UTF-8 text" in problems[0].message
    (curriculum / "source-note.md").unlink()
    note, problems = _load(curriculum, project.lessons)
    assert note is None and problems[0].format() == "curriculum/source-note.md:1: missing: the source page needs both source-note.md and source-map.yml"


def test_a_site_without_a_curriculum_has_no_source_page_and_no_problem(tmp_path, project):
    assert _load(tmp_path / "curriculum", project.lessons) == (None, [])


def test_lesson_text_and_data_reach_the_page_only_as_text(curriculum, project):
    _edit(
        curriculum / "source-map.yml",
        "      en: >-\n        The note does not say who the allies are.",
        "      en: >-\n        <script>alert(1)</script> [x](javascript:alert(1))",
    )
    note, _problems = _load(curriculum, project.lessons)
    assert note is not None
    page = pages.source_page(project, note, "en", lambda s: s)
    assert "<script>" not in page and "](javascript:" not in page
    assert "&lt;script&gt;" in page
