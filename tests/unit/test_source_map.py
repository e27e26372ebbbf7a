"""The map from the source note's points to the lessons that teach them."""

from __future__ import annotations

import yaml

from caucus.core.project import load_project
from caucus.core.settings import read_settings
from conftest import ROOT

MAP = ROOT / "curriculum" / "source-map.yml"
SECTIONS = {"opening": 1, "caucuses_work_for": 9, "other_organizations": 7}


def _points() -> list[tuple[str, dict]]:
    data = yaml.safe_load(MAP.read_text(encoding="utf-8"))
    return [(section, point) for section in SECTIONS for point in data.get(section) or []]


# The settings the project was started for: each aim of the note is taught to each of
# them, by a lesson written for it or by a lesson's variant worded for it.
SETTINGS_TAUGHT = ("congregation", "coop", "campus")


def _settings() -> dict[str, list[str]]:
    """Every lesson of the project, with its settings: each file's, and each setting
    variant made from one (SLUG--SETTING, with its one setting), which the map lists too
    (the source page names its setting)."""
    settings_ = read_settings(ROOT / "mkdocs.yml")
    project = load_project(settings_.docs_dir, settings_.default_lang, settings_.languages)
    return {slug: lesson.settings for slug, lesson in project.lessons.items()}


def _lessons() -> set[str]:
    return set(_settings())


def problems(points: list[tuple[str, dict]], lessons: set[str], settings: dict[str, list[str]] | None = None) -> list[str]:
    found = []
    for point in [point for section, point in points if section == "caucuses_work_for"] if settings is not None else []:
        for setting in SETTINGS_TAUGHT:
            if not any(setting in settings.get(slug, []) for slug in point.get("lessons") or []):
                found.append(f"caucuses_work_for: '{point['point']}' has no lesson or variant for '{setting}'")
    for section, expected in SECTIONS.items():
        count = sum(1 for s, _ in points if s == section)
        if count != expected:
            found.append(f"{section}: {count} points, the note has {expected}")
    for section, point in points:
        if not point.get("lessons"):
            found.append(f"{section}: '{point['point']}' has no lesson")
        found += [f"{section}: '{point['point']}' names '{slug}', which is not a lesson" for slug in point.get("lessons") or [] if slug not in lessons]
    taught = {slug for _, point in points for slug in point.get("lessons") or []}
    found += [f"lesson '{slug}' teaches no point of the note; add it to {MAP.name}" for slug in sorted(lessons - taught)]
    return found


def test_every_point_of_the_note_has_a_lesson_and_every_lesson_a_point():
    settings = _settings()
    assert problems(_points(), set(settings), settings) == []


def test_the_check_notices_an_aim_without_a_lesson_or_variant_for_a_setting():
    settings = _settings()
    points = _points()
    aim = next(i for i, (section, _point) in enumerate(points) if section == "caucuses_work_for")
    section, point = points[aim]
    points[aim] = (section, {**point, "lessons": [s for s in point["lessons"] if "coop" not in settings.get(s, [])]})
    assert problems(points, set(settings), settings) == [f"caucuses_work_for: '{point['point']}' has no lesson or variant for 'coop'"] + [
        f"lesson '{s}' teaches no point of the note; add it to {MAP.name}"
        for s in sorted(set(settings) - {x for _, p in points for x in p.get("lessons") or []})
    ]


def test_the_check_notices_a_point_without_a_lesson_a_missing_lesson_and_an_orphan():
    points = _points()
    points[1] = (points[1][0], {"point": "Solidarity", "lessons": []})
    points[2] = (points[2][0], {"point": "Exchange", "lessons": ["no-such-lesson"]})
    found = problems(points, _lessons() | {"orphan"})
    assert "caucuses_work_for: 'Solidarity' has no lesson" in found
    assert "caucuses_work_for: 'Exchange' names 'no-such-lesson', which is not a lesson" in found
    assert "lesson 'orphan' teaches no point of the note; add it to source-map.yml" in found
    assert problems(points[:-1], _lessons())[0] == "other_organizations: 6 points, the note has 7"
