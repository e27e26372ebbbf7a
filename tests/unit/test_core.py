"""Pure unit tests of the core: schema, agenda, block scanner, translation status."""

from __future__ import annotations

from pathlib import Path

import pytest

from caucus.core import schema
from caucus.core.agenda import build_agenda, clock, timing_verdict
from caucus.core.blocks import scan_blocks, strip_blocks
from caucus.core.pages import md_text, rebase_links
from caucus.core.project import content_version, load_project
from caucus.core.translations import CURRENT, DRAFT, MISSING, STALE, classify
from conftest import TINY


def test_clock_times():
    assert [clock(m) for m in (0, 10, 65, 120)] == ["0:00", "0:10", "1:05", "2:00"]


def test_agenda_adds_up_blocks_with_minutes_in_order():
    body = "/// checkin\n    minutes: 10\n\nHi\n///\n\n/// facilitator\n\nNote\n///\n\n/// discussion | Talk\n    minutes: 25\n\n- Q?\n///\n"
    blocks, problems = scan_blocks(body, "x.md")
    assert problems == []
    agenda = build_agenda(blocks)
    assert [(i.clock, i.block.name, i.minutes) for i in agenda] == [("0:00", "checkin", 10), ("0:10", "discussion", 25)]
    assert blocks[2].questions() == ["Q?"]


def test_timing_verdicts():
    assert timing_verdict(100, 90)[0] == "error"
    # At least 10 % of the session left free (9 of 90 minutes), at most 25 %.
    full = timing_verdict(90, 90)
    assert full is not None and full[0] == "warning" and "no minutes spare" in full[1] and "at least 9 minutes" in full[1]
    almost = timing_verdict(82, 90)
    assert almost is not None and "only 8 minutes spare" in almost[1]
    assert timing_verdict(81, 90) is None
    assert timing_verdict(68, 90) is None  # 22 minutes free: within 25 %
    short = timing_verdict(67, 90)
    assert short is not None and short[0] == "warning" and "23 short" in short[1]
    # 10 % of 75 is 7.5: 8 minutes are needed (7 would be less than 10 %).
    assert timing_verdict(67, 75) is None and timing_verdict(68, 75) is not None


def test_strip_blocks_removes_facilitator_notes_only():
    body = "Intro\n\n/// facilitator\n\nSECRET\n///\n\n/// reading\n    minutes: 5\n\nText\n///\n"
    blocks, _ = scan_blocks(body, "x.md")
    out = strip_blocks(body, blocks, {"facilitator"})
    assert "SECRET" not in out and "Text" in out and "Intro" in out


def test_field_table_is_generated_from_the_schema():
    table = schema.field_table_markdown()
    for field in schema.LESSON_FIELDS:
        assert f"| `{field.name}` |" in table
    assert "`congregation`" in table


def test_md_text_escapes_html_and_markdown():
    assert md_text("<script>x</script> [a](b)") == r"&lt;script&gt;x&lt;/script&gt; \[a\]\(b\)"


def test_rebase_links():
    assert (
        rebase_links("[a](other.md) [g](../glossary.md#x) [w](https://e.org) [h](#top)", "lessons", "guides")
        == "[a](../lessons/other.md) [g](../glossary.md#x) [w](https://e.org) [h](#top)"
    )


def _project(tmp_path: Path, translation: str | None, edit_source: bool = False):
    docs = tmp_path / "docs" / "lessons"
    docs.mkdir(parents=True)
    original = (TINY / "docs" / "lessons" / "listening.md").read_text(encoding="utf-8")
    (docs / "listening.md").write_text(original, encoding="utf-8")
    if translation is not None:
        state = translation
        version = content_version(original)
        (docs / "listening.es.md").write_text(f"---\ntitle: Escuchar\ntranslation:\n  source: {version}\n  state: {state}\n---\n", encoding="utf-8")
    if edit_source:
        (docs / "listening.md").write_text(original + "\nA new paragraph.\n", encoding="utf-8")
    return load_project(tmp_path / "docs", "en", ["en", "es"])


def test_translation_status_classification(tmp_path: Path):
    assert classify(_project(tmp_path / "a", None).lessons["listening"], "es") == MISSING
    assert classify(_project(tmp_path / "b", "draft").lessons["listening"], "es") == DRAFT
    assert classify(_project(tmp_path / "c", "reviewed").lessons["listening"], "es") == CURRENT
    # the English lesson edited after it was translated
    assert classify(_project(tmp_path / "d", "reviewed", edit_source=True).lessons["listening"], "es") == STALE
    assert classify(_project(tmp_path / "e", "draft", edit_source=True).lessons["listening"], "es") == STALE


def test_version_ignores_line_endings():
    assert content_version("a\r\nb\n") == content_version("a\nb\n")
    assert content_version("a\nb\n") != content_version("a\nc\n")


def test_block_name_does_not_repeat_a_title_that_is_the_label():
    from caucus.core.blocks import block_name

    assert block_name("Discussion", "Your shift") == "Discussion: Your shift"
    assert block_name("Opening round", "opening round ") == "Opening round"
    assert block_name("Closing round", None) == "Closing round"


@pytest.mark.parametrize(
    "value, got",
    [
        ("[roles, not names]", "got a list"),
        ("12", "got the number 12"),
        ("true", "got 'true', a yes/no value"),
        ('""', "got empty text"),
        ("{a: b}", "got a group of fields"),
    ],
)
def test_a_no_names_option_that_is_not_text_is_a_problem_at_its_line(value: str, got: str):
    body = f"/// activity | Map\n    minutes: 10\n    no_names: {value}\n\n1. Step\n///\n"
    blocks, problems = scan_blocks(body, "x.md", first_line=20)
    assert [(p.path, p.line) for p in problems] == [("x.md", 22)]
    assert "option 'no_names' of block 'activity' must be a short text" in problems[0].message and got in problems[0].message
    assert "no_names" not in blocks[0].options


def test_a_no_names_option_is_read_on_one_line_or_several_and_only_on_activities():
    body = '/// activity\n    minutes: 10\n    no_names:\n      "Write roles,\n      not names."\n\n1. Step\n///\n'
    blocks, problems = scan_blocks(body, "x.md")
    assert problems == [] and blocks[0].options["no_names"] == "Write roles, not names."
    _blocks, problems = scan_blocks('/// discussion\n    minutes: 10\n    no_names: "Roles."\n\n- Q?\n///\n', "x.md")
    assert [p.line for p in problems] == [3] and "unknown option 'no_names'" in problems[0].message
    _blocks, problems = scan_blocks(f'/// activity\n    minutes: 10\n    no_names: "{"x" * 601}"\n\n1. S\n///\n', "x.md")
    assert [p.line for p in problems] == [3] and "at most 600 characters" in problems[0].message


@pytest.mark.parametrize("guide", ["contributing.md", "contributing.es.md"])
def test_the_contributor_guide_names_every_option_of_every_block(guide: str):
    from caucus.core.blocks import BLOCK_KINDS

    text = (Path(__file__).resolve().parents[2] / "docs" / guide).read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip().strip("`"): line for line in text.splitlines() if line.startswith("| `")}
    for kind in BLOCK_KINDS.values():
        assert kind.name in rows, kind.name
        for option in kind.options:
            assert f"`{option}`" in rows[kind.name], (guide, kind.name, option)
