"""`caucus new` and `caucus check` as a contributor uses them, on a copy of the tiny
site (no build here: tests/site/test_contributor.py builds)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from caucus.core import scaffold
from caucus.core.project import content_version
from conftest import ROOT, caucus, copy_tiny


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return copy_tiny(tmp_path / "tiny")


def no_traceback(result) -> None:
    assert "Traceback" not in result.stdout + result.stderr


def test_new_lesson_passes_the_checker_with_every_block_in_place(tiny: Path):
    result = caucus("new", "lesson", "Who is not in the room?", "--setting", "union", "--topic", "solidarity", cwd=tiny)
    assert result.returncode == 0, result.stderr
    lesson = tiny / "docs" / "lessons" / "who-is-not-in-the-room.md"
    assert "docs/lessons/who-is-not-in-the-room.md" in result.stdout
    text = lesson.read_text(encoding="utf-8")
    assert text.startswith('---\ntitle: "Who is not in the room?"\n')
    assert "settings: [union]" in text and "topics: [solidarity]" in text
    for block in ("checkin", "facilitator", "reading", "discussion", "activity", "commitment", "closing"):
        assert f"/// {block}" in text
    check = caucus("check", "docs/lessons/who-is-not-in-the-room.md", cwd=tiny)
    assert check.returncode == 0 and check.stdout == "", check.stdout
    assert caucus("check", cwd=tiny).returncode == 0


def test_new_translation_records_the_source_version_and_draft(tiny: Path):
    caucus("new", "lesson", "Who is not in the room?", "--setting", "union", "--topic", "solidarity", cwd=tiny)
    english = tiny / "docs" / "lessons" / "who-is-not-in-the-room.md"
    result = caucus("new", "translation", "who-is-not-in-the-room", "--lang", "es", cwd=tiny)
    assert result.returncode == 0, result.stderr
    text = (tiny / "docs" / "lessons" / "who-is-not-in-the-room.es.md").read_text(encoding="utf-8")
    version = content_version(english.read_text(encoding="utf-8"))
    assert f"translation:\n  source: {version}\n  state: draft\n---\n" in text
    assert "duration:" not in text and "settings:" not in text  # these come from the English lesson
    assert "/// discussion | From our own experience" in text
    assert caucus("check", cwd=tiny).returncode == 0
    status = caucus("translations", cwd=tiny).stdout
    row = next(line for line in status.splitlines() if line.startswith("who-is-not-in-the-room"))
    assert row.split()[1:] == ["draft", "missing"]


def test_a_path_works_as_the_lesson_name(tiny: Path):
    result = caucus("new", "translation", "docs/lessons/listening.md", "--lang", "ar", cwd=tiny)
    assert result.returncode == 0, result.stderr
    assert (tiny / "docs" / "lessons" / "listening.ar.md").is_file()


@pytest.mark.parametrize(
    "args, code, message",
    [
        (("new", "lesson", "X", "--setting", "unions"), 2, "unknown setting 'unions'; did you mean 'union'?"),
        (("new", "lesson", "X", "--topic", "solidaritty"), 2, "unknown topic 'solidaritty'; did you mean 'solidarity'?"),
        (("new", "lesson", "مرحبا"), 2, "the title needs at least one letter or digit from a to z"),
        (("new", "lesson", "Listening"), 1, "docs/lessons/listening.md already exists"),
        (("new", "translation", "listenin", "--lang", "es"), 1, "no lesson 'listenin' in docs/lessons; did you mean 'listening'?"),
        (("new", "translation", "listening", "--lang", "fr"), 2, "'fr' is not a translation language of this site; choose from: es, ar"),
        (("new", "translation", "listening", "--lang", "en"), 2, "not a translation language"),
    ],
)
def test_bad_input_says_what_to_do(tiny: Path, args, code, message):
    result = caucus(*args, cwd=tiny)
    no_traceback(result)
    assert result.returncode == code
    assert message in result.stderr


def test_translation_that_exists_is_not_overwritten(tiny: Path):
    assert caucus("new", "translation", "listening", "--lang", "es", cwd=tiny).returncode == 0
    path = tiny / "docs" / "lessons" / "listening.es.md"
    path.write_text(path.read_text(encoding="utf-8").replace('"Listening to each other"', '"Escucharnos"'), encoding="utf-8")
    again = caucus("new", "translation", "listening", "--lang", "es", cwd=tiny)
    assert again.returncode == 1 and "already exists" in again.stderr
    assert "Escucharnos" in path.read_text(encoding="utf-8")


def test_translation_of_an_unreadable_lesson_says_to_fix_it_first(tiny: Path):
    (tiny / "docs" / "lessons" / "broken.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    result = caucus("new", "translation", "broken", "--lang", "es", cwd=tiny)
    no_traceback(result)
    assert result.returncode == 1
    assert "docs/lessons/broken.md cannot be read as a lesson; run 'caucus check docs/lessons/broken.md'" in result.stderr


def break_lines(path: Path, replacements: dict[str, str]) -> dict[str, int]:
    """Replace whole lines of ``path`` and return each new line's 1-based number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    where = {}
    for old, new in replacements.items():
        i = lines.index(old)  # the first such line
        lines[i] = new
        where[new] = i + 1
    path.write_text("\n".join(lines), encoding="utf-8")
    return where


def test_github_annotations_point_at_the_broken_lines(tiny: Path):
    """A scaffolded lesson broken as a contributor might break it: each problem is an
    annotation on the line that has it, as a pull request shows it."""
    caucus("new", "lesson", "Who is not in the room?", "--setting", "union", "--topic", "solidarity", cwd=tiny)
    path = tiny / "docs" / "lessons" / "who-is-not-in-the-room.md"
    lines = break_lines(
        path,
        {
            "topics: [solidarity]": "topics: [solidaritty]",
            "    format: pairs": "    format: pair",
            "    minutes: 15": "    minutes: fifteen",
        },
    )
    result = caucus("check", "--format", "github", cwd=tiny)
    no_traceback(result)
    assert result.returncode == 1
    out = result.stdout.splitlines()
    prefix = "::error file=docs/lessons/who-is-not-in-the-room.md,line="
    assert len(out) == 3, out
    assert out[0].startswith(f"{prefix}{lines['topics: [solidaritty]']}::unknown topic 'solidaritty' in 'topics'; did you mean 'solidarity'?")
    by_line = {int(re.match(re.escape(prefix) + r"(\d+)::", line).group(1)): line for line in out}
    assert "option 'minutes' of block 'discussion' must be a whole number" in by_line[lines["    minutes: fifteen"]]
    assert "option 'format' of block 'discussion' must be one of" in by_line[lines["    format: pair"]]
    # the same problems, as text, on the same lines
    text = caucus("check", "docs/lessons/who-is-not-in-the-room.md", cwd=tiny).stdout.splitlines()
    assert [line.split(":", 2)[1] for line in text] == [str(n) for n in sorted(by_line)]


def test_guide_shows_the_template_as_the_command_writes_it_and_the_example():
    guide = scaffold.expand_guide_markers(f"A\n\n{scaffold.TEMPLATE_MARKER}\n\nB\n\n{scaffold.EXAMPLE_MARKER}\n")
    assert scaffold.new_lesson_text("Title of your lesson", "union", "solidarity") in guide
    assert scaffold.example_lesson() in guide
    assert guide.count("```markdown\n") == 2  # fenced, so they are shown and not built as blocks
    for page in ("docs/contributing.md", "docs/contributing.es.md"):
        text = (ROOT / page).read_text(encoding="utf-8")
        for marker in (scaffold.TEMPLATE_MARKER, scaffold.EXAMPLE_MARKER, "<!-- caucus:field-table -->"):
            assert text.count(marker) == 1, (page, marker)
        assert 'caucus new lesson "Title of your lesson" --setting union --topic solidarity' in text


@pytest.fixture
def real_docs(tmp_path: Path) -> Path:
    """A copy of the real site's docs and mkdocs.yml, to check a lesson against."""
    shutil.copytree(ROOT / "docs", tmp_path / "site" / "docs")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "site" / "mkdocs.yml")
    return tmp_path / "site"


def test_example_lesson_passes_the_checker_in_the_real_site(real_docs: Path):
    (real_docs / "docs" / "lessons" / "newcomers-and-old-timers.md").write_text(scaffold.example_lesson(), encoding="utf-8")
    result = caucus("check", "docs/lessons/newcomers-and-old-timers.md", cwd=real_docs)
    assert result.returncode == 0 and result.stdout == "", result.stdout


@pytest.mark.parametrize("page", ["docs/contributing.md", "docs/contributing.es.md"])
def test_checker_message_quoted_in_the_guide_is_the_real_one(real_docs: Path, page: str):
    """The guide quotes what the checker prints when a line of the example says
    'minutes: twenty': that must stay true when the example or the checker changes."""
    quoted = re.search(r"```text\n(docs/lessons/newcomers-and-old-timers\.md:(\d+): .*)\n```", (ROOT / page).read_text(encoding="utf-8"))
    assert quoted, "the guide quotes a checker message in a ```text block"
    line = int(quoted.group(2))
    lines = scaffold.example_lesson().split("\n")
    assert lines[line - 1] == "    minutes: 15"
    lines[line - 1] = "    minutes: twenty"
    (real_docs / "docs" / "lessons" / "newcomers-and-old-timers.md").write_text("\n".join(lines), encoding="utf-8")
    result = caucus("check", "docs/lessons/newcomers-and-old-timers.md", cwd=real_docs)
    assert result.stdout.splitlines() == [quoted.group(1)]


def test_contributor_pages_are_parallel():
    """The English and Spanish guides have the same sections with the same anchors
    (the site's links, like #translating-a-lesson, work in both), and the same
    code examples."""

    def anchors(page: str) -> list[str]:
        return re.findall(r"^#+ .*\{#([a-z-]+)\}$", (ROOT / page).read_text(encoding="utf-8"), re.M)

    def commands(page: str) -> list[str]:
        found = re.findall(r"^(?:caucus|make) .*$", (ROOT / page).read_text(encoding="utf-8"), re.M)
        return [line.split("#")[0].strip() for line in found]

    english = anchors("docs/contributing.md")
    assert "translating-a-lesson" in english and "front-matter-fields" in english
    assert anchors("docs/contributing.es.md") == english
    assert commands("docs/contributing.es.md") == commands("docs/contributing.md")
    heading = lambda page: re.findall(r"^## .*$", (ROOT / page).read_text(encoding="utf-8"), re.M)
    assert len(heading("CONTRIBUTING.es.md")) == len(heading("CONTRIBUTING.md"))


def test_output_cut_short_by_a_pipe_ends_without_a_traceback(tiny: Path):
    """'caucus translations | head -1': the reader has gone before the command writes."""
    import subprocess
    import sys

    command = [sys.executable, "-c", "from caucus.cli import run; run()", "translations"]
    with subprocess.Popen(command, cwd=tiny, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # no reader: the first write fails with a broken pipe
        errors = process.stderr.read()
        code = process.wait(timeout=120)
    assert code != 0
    assert "Traceback" not in errors and "BrokenPipeError" not in errors, errors
