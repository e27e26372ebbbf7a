"""Property-based tests (Hypothesis) over whole lessons: random front matter, block
options and bodies, with fences, comments, lists, quotes and nested blocks mixed in.

- The checker never raises and never hangs: every problem names the file, a line of it,
  and fits on one line.
- Facilitator text never reaches a participant rendering, whatever the nesting.
- Nothing active survives the page sanitizer."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caucus.core import sanitize
from caucus.core.blocks import scan_blocks, strip_blocks
from caucus.core.checker import check
from caucus.core.project import load_project
from caucus.core.render import MarkdownSetup

SETUP = MarkdownSetup()
SECRET = "FACILITATOR-ONLY-TEXT"

FRONT_MATTER = """---
title: A lesson
summary: What the session does.
duration: 60
settings: [union]
topics: [solidarity]
objectives:
  - Listen.
key_points:
  - Listening.
---
"""

# Lines of Markdown that change how what follows is read.
CONTEXT = st.sampled_from(
    [
        "",
        "```",
        "~~~",
        "````",
        "    indented",
        "- a list item",
        "1. a numbered item",
        "> a quote",
        "<!--",
        "-->",
        "<div>",
        "</div>",
        '<div markdown="1">',
        "<pre>",
        "</pre>",
        "\\`",
        "`",
        "text",
        "# A heading",
        "| a | b |",
        "| --- | --- |",
    ]
)
KINDS = st.sampled_from(["checkin", "discussion", "activity", "closing", "facilitator", "Facilitator", "reading"])
PREFIX = st.sampled_from(["", " ", "   ", "    ", "> ", "- ", "\t"])
SLASHES = st.sampled_from(["///", "////", "/////"])
OPTION = st.sampled_from(["", "    minutes: 10", "    minutes: ten", "    format: pairs", "    bogus: 1", "    minutes: !!int x", "    materials: [a, b]"])


@st.composite
def bodies(draw) -> str:
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 8))):
        lines += draw(st.lists(CONTEXT, max_size=3))
        prefix, slashes, kind = draw(PREFIX), draw(SLASHES), draw(KINDS)
        lines.append(f"{prefix}{slashes} {kind}" + draw(st.sampled_from(["", " | A title", " |"])))
        option = draw(OPTION)
        if option:
            lines.append(option)
        lines += ["", f"{prefix}{SECRET if kind.lower() == 'facilitator' else 'Shared text.'}"]
        lines += draw(st.lists(CONTEXT, max_size=2))
        if draw(st.booleans()):
            lines.append(f"{prefix}{slashes}")
    return "\n".join(lines) + "\n"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies())
def test_no_facilitator_text_in_any_participant_rendering(body: str):
    """What the lesson page and the participant handout are made from: the body with the
    blocks the scanner finds removed, rendered for participants."""
    blocks, _problems = scan_blocks(body, "lesson.md")
    participant = strip_blocks(body, blocks, {"facilitator"})
    html = sanitize.sanitize(SETUP.render(participant, "en", "participant").html, sanitize.PAGE)
    # No facilitator block, wherever Markdown found one. (Text that Markdown never read as
    # a block, an indented '/// facilitator' say, is the checker's to refuse: next test.)
    assert 'data-caucus-block="facilitator"' not in html


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(bodies())
def test_facilitator_text_shown_to_participants_is_always_reported(tmp_path_factory, body: str):
    docs = tmp_path_factory.mktemp("docs")
    (docs / "lessons").mkdir()
    (docs / "lessons" / "a-lesson.md").write_text(FRONT_MATTER + body, encoding="utf-8")
    project = load_project(docs, "en", ["en"], docs)
    problems = check(project, SETUP)
    text = project.lessons["a-lesson"].original if "a-lesson" in project.lessons else None
    if text is None:
        assert problems
        return
    participant = strip_blocks(text.source.body, text.blocks, {"facilitator"}, text.source.body_line)
    html = sanitize.sanitize(SETUP.render(participant, "en", "participant").html, sanitize.PAGE)
    if SECRET in html:
        assert any(p.severity == "error" for p in problems), (body, problems)


FIELD_VALUES = st.one_of(
    st.text(max_size=30),
    st.integers(),
    st.booleans(),
    st.none(),
    st.sampled_from(
        [
            "!!float x",
            "!!int y",
            "!!timestamp z",
            "2024-13-45",
            "&a [1]",
            "*a",
            "[[[[",
            "{a: {b: {c: 1}}}",
            "'unclosed",
            "<script>alert(1)</script>",
            "line\nbreak",
            "9" * 5000,
            "!!python/object:os.system x",
            "!ENV X",
        ]
    ),
)


@st.composite
def front_matters(draw) -> str:
    keys = draw(
        st.lists(
            st.sampled_from(
                ["title", "summary", "duration", "settings", "topics", "objectives", "key_points", "related", "prerequisites", "level", "title", "bogus"]
            ),
            max_size=9,
        )
    )
    lines = ["---"]
    for key in keys:
        value = draw(FIELD_VALUES)
        if isinstance(value, str) and value.startswith(("!!", "&", "*", "[", "{", "'", "!")) or not isinstance(value, str):
            lines.append(f"{key}: {value}")
        else:
            lines.append(f"{key}: {value!r}" if "\n" in value else f"{key}: {value}")
    lines.append(draw(st.sampled_from(["---", "...", "", "---  "])))
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(front=front_matters(), body=bodies())
def test_the_checker_always_answers_with_file_and_line(tmp_path_factory, front: str, body: str):
    docs = tmp_path_factory.mktemp("docs")
    (docs / "lessons").mkdir()
    path = docs / "lessons" / "a-lesson.md"
    path.write_text(front + body, encoding="utf-8")
    started = time.monotonic()
    project = load_project(docs, "en", ["en"], docs)
    problems = check(project, SETUP)
    assert time.monotonic() - started < 10
    for problem in problems:
        assert problem.path == "lessons/a-lesson.md"
        assert problem.line >= 1
        assert "\n" not in problem.format() and "\r" not in problem.format()
