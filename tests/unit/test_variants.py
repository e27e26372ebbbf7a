"""Setting variants (core/variants.py): choosing each setting's text, the checks with
their lines, the lessons made from them, and the translation memory's view of them."""

from __future__ import annotations

from pathlib import Path

import markdown

from caucus.blocks.extension import CaucusBlocksExtension
from caucus.core import passages, variants
from caucus.core.blocks import scan_blocks
from caucus.core.checker import check
from caucus.core.project import content_version, load_project

BODY = """/// reading | Who people go to
    minutes: 10

/// variant | union
On every shift someone helps.
///

/// variant | coop
In every co-op someone helps.
///

/// variant | congregation, campus
In every group someone helps.
///

That person is a natural leader.
///
"""


def _choose(body: str, setting: str | None) -> str:
    blocks, problems = scan_blocks(body, "x.md")
    assert problems == []
    return variants.select(body, blocks, 1, setting)


def test_each_setting_gets_its_own_text_and_every_line_stays_where_it_was():
    own, coop, campus = _choose(BODY, None), _choose(BODY, "coop"), _choose(BODY, "campus")
    assert "On every shift" in own and "co-op" not in own and "In every group" not in own
    assert "In every co-op" in coop and "On every shift" not in coop
    assert "In every group" in campus and "In every group" in _choose(BODY, "congregation")
    for chosen in (own, coop, campus):
        assert chosen.count("\n") == BODY.count("\n")
        assert "variant" not in chosen and "That person is a natural leader." in chosen
    # The line of the shared text is the file's line in every choice.
    line = BODY.split("\n").index("That person is a natural leader.")
    assert coop.split("\n")[line] == "That person is a natural leader."
    # A setting the choice has no text for gets the lesson's own.
    assert "On every shift" in _choose(BODY, "media")


def test_the_settings_offered_are_those_named_after_the_first_text():
    blocks, _problems = scan_blocks(BODY, "x.md")
    assert variants.offered(blocks, BODY, 1, ["union"]) == ["congregation", "campus", "coop"]
    assert variants.offered([], "", 1, ["union"]) == []


def test_markdown_shows_the_lessons_own_text():
    md = markdown.Markdown(extensions=[CaucusBlocksExtension(lang="en")])
    html = md.convert(BODY)
    assert "On every shift someone helps." in html
    assert "co-op" not in html and "In every group" not in html and "variant" not in html
    assert html.count('data-caucus-block="reading"') == 1


def _problems(body: str) -> list[tuple[int, str]]:
    blocks, problems = scan_blocks(body, "x.md")
    return [(p.line, p.message) for p in problems + variants.check(blocks, body, 1, ["union"], "x.md")]


def test_a_wrong_variant_is_named_at_its_line():
    assert _problems(BODY) == []
    [(line, message)] = _problems(BODY.replace("variant | coop", "variant | co-op"))
    assert line == 8 and "unknown setting 'co-op'" in message and "did you mean 'coop'" in message
    [(line, message)] = _problems(BODY.replace("variant | union", "variant | campus", 1).replace("congregation, campus", "congregation"))
    assert line == 4 and "the first text of a choice is the lesson's own" in message
    [(line, message)] = _problems(BODY.replace("variant | congregation, campus", "variant | coop"))
    assert line == 12 and "already has a text for 'coop' (line 8)" in message
    [(line, message)] = _problems("/// variant | union\nOnly one.\n///\n")
    assert line == 1 and "a variant on its own" in message
    [(line, message)] = _problems(BODY.replace("variant | coop", "variant | union, coop"))
    assert line == 8 and "'union' is the lesson's own setting" in message
    found = _problems(BODY.replace("variant | coop", "variant"))
    assert (8, found[0][1]) == found[0] and "say which settings this text is for" in found[0][1]
    # Text between two variants makes them two choices, each on its own.
    split = BODY.replace("///\n\n/// variant | coop", "///\n\nBetween.\n\n/// variant | coop")
    assert any("a variant on its own" in message for _line, message in _problems(split))


LESSON = """---
title: Listening to each other
summary: The group practises listening.
duration: 45
settings: [union]
topics: [solidarity]
objectives:
  - Listen to someone from another group.
key_points:
  - Solidarity starts with listening.
---

/// discussion | Your group
    minutes: 30
    format: pairs

/// variant | union
- Who do you talk to on your shift?
///

/// variant | coop
- Who do you talk to at the member meeting?
///

- Who do you never meet?
///

/// closing
    minutes: 10

One word each.
///
"""


def _site(tmp_path: Path, english: str = LESSON, spanish: str | None = None, arabic: bool = False) -> Path:
    lessons = tmp_path / "docs" / "lessons"
    lessons.mkdir(parents=True)
    (tmp_path / "docs" / "glossary.md").write_text("# Glossary\n", encoding="utf-8")
    (lessons / "listening.md").write_text(english, encoding="utf-8")
    version = content_version(english)
    if spanish is not None:
        (lessons / "listening.es.md").write_text(spanish.replace("{version}", version), encoding="utf-8")
    if arabic:
        # Written before the variants: the lesson's own text only.
        (lessons / "listening.ar.md").write_text(ARABIC.replace("{version}", version), encoding="utf-8")
    return tmp_path / "docs"


ARABIC = """---
title: الاستماع
summary: تتدرب المجموعة على الاستماع.
objectives:
  - الاستماع إلى شخص من مجموعة أخرى.
key_points:
  - التضامن يبدأ بالاستماع.
translation:
  source: {version}
  state: draft
---

/// discussion | مجموعتك
    minutes: 30
    format: pairs

- مع من تتحدث في نوبتك؟

- من لا تلتقي به أبدًا؟
///

/// closing
    minutes: 10

كلمة واحدة لكل شخص.
///
"""

SPANISH = """---
title: Escucharnos
summary: El grupo practica escuchar.
objectives:
  - Escuchar a alguien de otro grupo.
key_points:
  - La solidaridad empieza por escuchar.
translation:
  source: {version}
  state: draft
---

/// discussion | Tu grupo
    minutes: 30
    format: pairs

/// variant | union
- ¿Con quién hablas en tu turno?
///

/// variant | coop
- ¿Con quién hablas en la reunión de socios?
///

- ¿A quién no ves nunca?
///

/// closing
    minutes: 10

Una palabra cada persona.
///
"""


def test_each_setting_is_a_lesson_of_its_own_in_the_languages_that_carry_it(tmp_path: Path):
    project = load_project(_site(tmp_path, spanish=SPANISH, arabic=True), "en", ["en", "es", "ar"], tmp_path)
    assert sorted(project.lessons) == ["listening", "listening--coop"]
    assert list(project.own_lessons()) == ["listening"] and [l.slug for l in project.sorted_lessons()] == ["listening"]
    coop = project.lessons["listening--coop"]
    assert coop.is_variant and coop.variant_of == "listening" and coop.settings == ["coop"]
    assert "member meeting" in coop.original.source.body and "your shift" not in coop.original.source.body
    assert "reunión de socios" in coop.translations["es"].source.body
    assert "ar" not in coop.translations  # its Arabic readers see the English variant
    own = project.lessons["listening"]
    assert "on your shift" in own.original.source.body and "member meeting" not in own.original.source.body
    # The file as written keeps its variants; the version is the file's.
    assert "member meeting" in own.original.written.source.body and coop.original.version == own.original.version
    assert [b.name for b in coop.original.blocks] == ["discussion", "closing"]
    assert check(project) == []


def test_the_checker_judges_each_variants_agenda_and_says_which_variant(tmp_path: Path):
    long = LESSON.replace(
        "/// variant | coop\n- Who do you talk to", "/// variant | coop\n/// activity | Extra\n    minutes: 40\n\n1. Step.\n///\n\n- Who do you talk to"
    )
    problems = check(load_project(_site(tmp_path, long), "en", ["en"], tmp_path))
    messages = [p.format() for p in problems]
    assert any(m.startswith("docs/lessons/listening.md:4: in the 'coop' variant ('/// variant | coop'): ") and "80 minutes" in m for m in messages), messages
    assert not any("80 minutes" in m and "variant" not in m for m in messages)


def test_a_translation_with_some_variants_must_have_them_all(tmp_path: Path):
    partial = SPANISH.replace("/// variant | coop\n- ¿Con quién hablas en la reunión de socios?\n///\n", "")
    problems = check(load_project(_site(tmp_path, spanish=partial), "en", ["en", "es"], tmp_path))
    found = [p.format() for p in problems if p.path.endswith("listening.es.md")]
    assert found == [
        "docs/lessons/listening.es.md:17: a variant on its own: a choice is the lesson's own text ('/// variant | union') followed by the texts for other settings ('/// variant | coop'); add them, or remove the variant lines",
        "docs/lessons/listening.es.md:25: block 3 is 'closing' here but 'variant' in the English lesson (docs/lessons/listening.md:21); a translation keeps the same blocks in the same order",
    ], [p.format() for p in problems]


def test_translators_get_the_variants_as_passages_and_a_translation_without_them_stays_whole(tmp_path: Path):
    project = load_project(_site(tmp_path, spanish=SPANISH, arabic=True), "en", ["en", "es", "ar"], tmp_path)
    lesson = project.lessons["listening"]
    whole = passages.cut(passages.kept_against(lesson.original, lesson.translations["es"])).by_key
    assert any("member meeting" in p.text for p in whole.values())
    assert not any(p.what == "block title" and p.region_kind == "variant" for p in whole.values())  # 'coop' is no words to translate
    alone = passages.cut(passages.kept_against(lesson.original, lesson.translations["ar"])).by_key
    assert not any("member meeting" in p.text for p in alone.values())

    def body(keys):
        return {k for k in keys if "/front/" not in k}

    assert body(alone) == body(passages.cut(lesson.translations["ar"]).by_key)


def test_the_translation_status_names_translations_without_the_variants(tmp_path: Path):
    from caucus.core.translations import format_table, status_table

    project = load_project(_site(tmp_path, spanish=SPANISH, arabic=True), "en", ["en", "es", "ar"], tmp_path)
    rows = status_table(project)
    assert [(r.slug, r.without_variants) for r in rows] == [("listening", ("ar",))]
    assert format_table(rows, ["es", "ar"]).endswith("translated without the setting variants, whose readers see them in English: listening (ar)")


def test_each_variants_readings_are_measured_as_its_page_shows_them(tmp_path: Path):
    from caucus.core import plain

    hard = (
        "Notwithstanding considerable organizational heterogeneity, cooperative governance necessitates deliberative institutional accountability mechanisms. "
        * 6
    )
    easy = "We meet. We talk. We help each other. " * 10
    english = LESSON.replace(
        "/// closing",
        f"/// variant | union\n/// reading | Why\n    minutes: 5\n\n{easy}\n///\n///\n\n/// variant | coop\n/// reading | Why\n    minutes: 5\n\n{hard}\n///\n///\n\n/// closing",
    )
    project = load_project(_site(tmp_path, english), "en", ["en"], tmp_path)
    own = plain.reading_levels(project.lessons["listening"].original, "x.md")
    coop = plain.reading_levels(project.lessons["listening--coop"].original, "x.md")
    assert len(own) == len(coop) == 1 and own[0].level.score < 8 < coop[0].level.score
    warned = [p.format() for p in check(project) if "reads at grade" in p.message]
    assert len(warned) == 1 and "in the 'coop' variant" in warned[0], warned
