"""Hostile input to the source reader: the front-matter split (exactly MkDocs'),
byte-order marks, the bounded YAML loader, line and size limits, file discovery
and one-line messages. Every input a stranger's pull request can hold must end in
a ``Problem`` naming the file and the line, quickly, never in a traceback or a hang."""

from __future__ import annotations

import datetime
import io
import math
import os
import socket
import stat
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from caucus.core.blocks import scan_blocks
from caucus.core.problems import Problem
from caucus.core.project import load_project
from caucus.core.source import Source, SourceError, load_yaml, parse_source, read_source
from conftest import TINY, copy_tiny, run

SHOWN = "docs/lessons/x.md"
LISTENING = (TINY / "docs" / "lessons" / "listening.md").read_text(encoding="utf-8")
SECONDS = 5.0  # a generous bound for any one input; the real figure is milliseconds


def mkdocs_reads(raw: bytes) -> tuple[str, dict]:
    """What MkDocs makes of a file: ``File.content_string`` opens it with utf-8-sig and
    universal newlines, then ``Page.read_source`` calls ``meta.get_data``."""
    return get_data(io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8-sig").read())


def ours(raw: bytes | str) -> Source:
    text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    return parse_source(text, SHOWN)


def error(raw: bytes | str) -> Problem:
    with pytest.raises(SourceError) as caught:
        ours(raw)
    return caught.value.problem


def _same(theirs, mine) -> bool:
    """Equal, except that MkDocs turns dates into ``date`` objects where we keep the text."""
    if isinstance(theirs, (datetime.date, datetime.datetime)):
        return isinstance(mine, str)
    if isinstance(theirs, float) and isinstance(mine, float) and math.isnan(theirs):
        return math.isnan(mine)
    if isinstance(theirs, dict):
        return (
            isinstance(mine, dict)
            and len(theirs) == len(mine)
            and all(any(_same(tk, mk) and _same(tv, mv) for mk, mv in mine.items()) for tk, tv in theirs.items())
        )
    if isinstance(theirs, list):
        return isinstance(mine, list) and len(theirs) == len(mine) and all(_same(a, b) for a, b in zip(theirs, mine))
    return type(theirs) is type(mine) and theirs == mine


def assert_agrees_with_mkdocs(raw: bytes) -> Source | Problem:
    """Whatever we accept, MkDocs reads the same way: the same fields, the same body.
    (We may refuse more than MkDocs does; then the build stops with our message.)"""
    doc, meta = mkdocs_reads(raw)
    try:
        source = ours(raw)
    except SourceError as exc:
        return exc.problem
    if source.has_front_matter:
        assert _same(meta, source.meta), (meta, source.meta)
        assert doc == source.body.lstrip("\n")
    else:
        assert meta == {}
        assert doc == source.body.lstrip("\n")
    return source


def assert_one_line(problem: Problem) -> None:
    for text in (problem.format(), problem.format_github()):
        assert len(text.splitlines()) == 1 and "\n" not in text and "\r" not in text, text


# --- 1. The front-matter split is MkDocs' split ---------------------------------------

ACCEPTED = [
    ("dashes", "---\ntitle: A\n---\nBody\n", {"title": "A"}),
    ("dots close", "---\ntitle: A\n...\nBody\n", {"title": "A"}),
    ("spaces and tabs after the fences", "--- \t\ntitle: A\n...\t \nBody\n", {"title": "A"}),
    ("a second fence right after the first is YAML's document start", "---\n---\ntitle: A\n---\nBody\n", {"title": "A"}),
    ("CRLF", "---\r\ntitle: A\r\n---\r\nBody\r\n", {"title": "A"}),
    ("old Mac CR", "---\rtitle: A\r---\rBody\r", {"title": "A"}),
    ("a block scalar keeps its final line break", "---\nsummary: |\n  Text\n---\nBody\n", {"summary": "Text\n"}),
    ("one BOM", "\ufeff---\ntitle: A\n---\nBody\n", {"title": "A"}),
    ("blank lines before the body", "---\ntitle: A\n---\n\n\nBody\n", {"title": "A"}),
    ("the first closing line wins", "---\ntitle: A\n---\nBody\n---\nmore: x\n---\n", {"title": "A"}),
]


@pytest.mark.parametrize("name, text, meta", ACCEPTED, ids=[c[0] for c in ACCEPTED])
def test_front_matter_split_is_mkdocs_split(name, text, meta):
    source = assert_agrees_with_mkdocs(text.encode("utf-8"))
    assert isinstance(source, Source) and source.has_front_matter
    assert source.meta == meta
    assert source.body.lstrip("\n").startswith("Body")


NOT_FRONT_MATTER = [
    ("four dashes", "----\ntitle: A\n----\nBody\n"),
    ("an indented fence", " ---\ntitle: A\n---\nBody\n"),
    ("text after the fence", "--- x\ntitle: A\n---\nBody\n"),
    ("a form feed after the fence", "---\f\ntitle: A\n---\nBody\n"),
    ("dots do not open", "...\ntitle: A\n...\nBody\n"),
    ("a plain document", "# Title\n\nBody\n"),
]


@pytest.mark.parametrize("name, text", NOT_FRONT_MATTER, ids=[c[0] for c in NOT_FRONT_MATTER])
def test_what_mkdocs_does_not_take_for_front_matter_neither_do_we(name, text):
    source = assert_agrees_with_mkdocs(text.encode("utf-8"))
    assert isinstance(source, Source) and not source.has_front_matter


REFUSED = [
    # (what, text, line, part of the message): MkDocs would publish these fields as text
    ("the closing fence is the file's last line", "---\ntitle: A\n---", 3, "line break"),
    ("the closing dots are the file's last line", "---\ntitle: A\n...", 3, "line break"),
    ("never closed", "---\ntitle: A\n\nBody\n", 1, "never closed"),
    ("empty front matter", "---\n\n---\nBody\n", 1, "empty"),
    ("only a comment", "---\n# nothing\n---\nBody\n", 1, "empty"),
    ("two fences and nothing between", "---\n---\nBody\n", 1, "empty"),
    ("a list, not fields", "---\n- a\n---\nBody\n", 2, "'field: value'"),
    ("invalid YAML", "---\ntitle: [a\n---\nBody\n", 2, "not valid YAML"),
    ("metadata without fences (MkDocs' MultiMarkdown style)", "title: A\nsummary: B\n\nBody\n", 1, "'---'"),
]


@pytest.mark.parametrize("name, text, line, words", REFUSED, ids=[c[0] for c in REFUSED])
def test_front_matter_mkdocs_would_not_read_as_ours_is_an_error(name, text, line, words):
    problem = error(text)
    assert (problem.path, problem.line) == (SHOWN, line)
    assert words in problem.message
    assert_one_line(problem)
    doc, meta = mkdocs_reads(text.encode("utf-8"))
    if not name.startswith("metadata"):
        assert meta == {}  # MkDocs reads no fields: the fields would be published as text


def test_multimarkdown_metadata_is_what_mkdocs_would_hide():
    assert mkdocs_reads(b"title: A\nsummary: B\n\nBody\n") == ("Body\n", {"title": "A", "summary": "B"})


def test_read_source_reads_bytes_as_mkdocs_does(tmp_path: Path):
    for i, raw in enumerate([b"\xef\xbb\xbf---\r\ntitle: A\r\n---\r\nBody\r\n", b"---\rtitle: A\r---\rBody\r"]):
        path = tmp_path / f"x{i}.md"
        path.write_bytes(raw)
        source = read_source(path, SHOWN)
        doc, meta = mkdocs_reads(raw)
        assert source.meta == meta == {"title": "A"}
        assert source.body.lstrip("\n") == doc == "Body\n"


# --- 2. Byte-order marks ------------------------------------------------------------


@pytest.mark.parametrize(
    "text, line",
    [
        ("\ufeff\ufeff---\ntitle: A\n---\nBody\n", 1),
        ("---\ntitle: A\nsummary: \ufeffB\n---\nBody\n", 3),
        ("---\ntitle: A\n---\n\nBody\n\ufeff\n", 6),
        ("\ufeff---\ntitle: A\n\ufeff---\nBody\n", 3),
    ],
    ids=["second BOM", "in a value", "in the body", "before the closing fence"],
)
def test_a_byte_order_mark_other_than_the_first_character_is_an_error(text, line):
    problem = error(text)
    assert problem.line == line
    assert "remove the invisible byte-order mark character" in problem.message


# --- 3. The bounded YAML loader -----------------------------------------------------


def fm(*lines: str) -> str:
    return "---\n" + "\n".join(lines) + "\n---\nBody\n"


def test_anchors_and_aliases_are_refused():
    problem = error(fm("title: A", "summary: &s Text", "objectives: [*s]"))
    assert problem.line == 3
    assert "YAML anchors and aliases (&name, *name) are not allowed in lessons" in problem.message


def test_a_billion_laughs_is_refused_at_once():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"] + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 12)]
    start = time.monotonic()
    problem = error(fm(*lines))
    assert time.monotonic() - start < SECONDS
    assert problem.line == 2 and "anchors" in problem.message


@pytest.mark.parametrize(
    "value, tag",
    [
        ("!!float 1", "!!float"),
        ("!!int '3'", "!!int"),
        ("!!timestamp 2024-01-01", "!!timestamp"),
        ("!!python/object:os.system x", "!!python/object:os.system"),
        ("!!python/object/apply:os.system ['true']", "!!python/object/apply:os.system"),
        ("!ENV [HOME]", "!ENV"),
        ("!!binary aGk=", "!!binary"),
        ("!!str x", "!!str"),
    ],
)
def test_explicit_tags_are_refused_by_name(value, tag):
    problem = error(fm("title: A", f"summary: {value}"))
    assert problem.line == 3
    assert f"'{tag}'" in problem.message and "tag" in problem.message


def test_a_tag_on_a_mapping_key_or_list_is_refused():
    assert "'!!set'" in error(fm("title: A", "terms: !!set {a, b}")).message
    assert error(fm("title: A", "terms:", "  - !!str a")).line == 4


def nested(depth: int) -> str:
    return "[" * depth + "x" + "]" * depth


def test_ten_levels_of_nesting_are_fine():
    assert ours(fm("title: A", "deep: " + nested(9))).meta["deep"] == [[[[[[[[["x"]]]]]]]]]


@pytest.mark.parametrize("depth", [11, 100, 9_000])
def test_deeper_nesting_is_an_error_naming_the_line(depth):
    start = time.monotonic()
    problem = error(fm("title: A", "summary: B", "deep: " + nested(depth)))
    assert time.monotonic() - start < SECONDS
    assert problem.line == 4 and "10 levels" in problem.message


def test_10000_levels_over_10000_lines_are_an_error_not_a_recursion_error():
    start = time.monotonic()
    problem = error(fm("title: A", "summary: B", "deep: " + "[\n" * 10_000 + "x" + "]" * 10_000))
    assert time.monotonic() - start < SECONDS
    assert problem.line == 13 and "10 levels" in problem.message  # the eleventh level opens on line 13


def test_deep_block_style_nesting_is_an_error_too():
    lines = [("  " * i) + f"k{i}:" for i in range(15)] + ["  " * 15 + "x"]
    assert "levels" in error(fm("title: A", *lines)).message


def test_a_value_over_5000_characters_is_an_error():
    assert ours(fm("title: A", "summary: " + "a" * 5000)).meta["summary"] == "a" * 5000
    problem = error(fm("title: A", "summary: " + "a" * 5001))
    assert problem.line == 3 and "5,000" in problem.message


def test_a_long_multi_line_value_counts_too():
    lines = ["summary: >"] + ["  " + "word " * 19] * 60
    assert "5,000" in error(fm("title: A", *lines)).message


@pytest.mark.parametrize("number", ["1" * 4301, "9" * 5000, "0x" + "f" * 2000, "1" + ":59" * 1600, "-" + "7" * 200])
def test_huge_integers_are_an_error_not_a_crash(number):
    start = time.monotonic()
    problem = error(fm("title: A", f"duration: {number}"))
    assert time.monotonic() - start < SECONDS
    assert problem.line == 3 and "digits" in problem.message


def test_ordinary_numbers_still_are_numbers():
    meta = ours(fm("duration: 90", "big: 12345678901234567890", "ratio: 1.5", "sexagesimal: 1:30")).meta
    assert meta == {"duration": 90, "big": 12345678901234567890, "ratio": 1.5, "sexagesimal": 90}


def test_dates_stay_text():
    meta = ours(fm("title: A", "date: 2024-01-01", "when: 2024-01-01 10:00:00", "quoted: '2024-01-01'")).meta
    assert meta == {"title": "A", "date": "2024-01-01", "when": "2024-01-01 10:00:00", "quoted": "2024-01-01"}


@pytest.mark.parametrize("value", ["2024-13-45", "2024-02-30", "0000-01-01", "2024-01-01 25:61:00"])
def test_an_impossible_date_is_an_error_naming_the_line(value):
    # MkDocs turns these into dates, fails, and would publish the front matter as text.
    assert mkdocs_reads(fm("title: A", f"date: {value}").encode())[1] == {}
    problem = error(fm("title: A", f"date: {value}"))
    assert problem.line == 3 and value in problem.message and "quotes" in problem.message


def test_a_duplicate_key_is_an_error_naming_both_lines():
    problem = error(fm("title: A", "summary: B", "duration: 60", "title: C"))
    assert problem.message == "key 'title' appears twice, on lines 2 and 5; keep one"
    assert problem.line == 5


def test_duplicate_keys_are_found_in_nested_mappings_and_by_value():
    assert error(fm("title: A", "translation:", "  source: abc", "  source: def")).message == "key 'source' appears twice, on lines 4 and 5; keep one"
    assert "appears twice" in error(fm("title: A", "'title': B")).message
    assert "appears twice" in error(fm("title: A", "m: {a: 1, a: 2}")).message


def test_merge_keys_and_complex_keys_are_refused():
    assert "'<<'" in error(fm("title: A", "<<: {summary: B}")).message
    assert error(fm("title: A", "? [a, b]", ": c")).line == 3


@pytest.mark.parametrize(
    "text, line",
    [
        (fm("title: A", "summary: B\x00"), 3),  # a reader error: it has no problem_mark
        (fm("title: A", "summary: B\x07"), 3),
        (fm('title: "A\u2028B"', "summary: [x"), 3),  # YAML counts U+2028 as a line break; we do not
        (fm("title: A", "summary: B: C"), 3),
        (
            fm(
                "title: A",
                "a: =",
            ),
            3,
        ),
        (fm("a: 1", "--- b: 2"), 3),  # a second YAML document
    ],
)
def test_every_yaml_error_is_a_problem_at_its_line(text, line):
    problem = error(text)
    assert problem.line == line, problem
    assert_one_line(problem)


def test_what_libyaml_accepts_is_accepted_even_where_pure_python_is_stricter():
    # libyaml (which MkDocs uses) accepts a tab after a colon; pure Python does not.
    assert ours(fm("title:\tA")).meta == {"title": "A"}


def test_line_map_survives_line_separators_in_values():
    source = ours(fm('title: "A\u2028B"', "summary: C", "terms:", "  - x"))
    assert source.lines["summary"] == 3 and source.lines["terms[0]"] == 5


def test_load_yaml_serves_block_options_and_raises_only_yaml_errors():
    assert load_yaml("minutes: 10\nformat: pairs") == {"minutes": 10, "format": "pairs"}
    assert isinstance(load_yaml("minutes: 10", compose=True), yaml.MappingNode)
    for text, line in [
        ("minutes: &a 10\nformat: *a", 0),
        ("minutes: " + "9" * 5000, 0),
        ("minutes: 10\nformat: " + nested(10_000), 1),
        ("minutes: 1\nminutes: 2", 1),
        ("when: 2024-13-45", 0),
        ("minutes: !!int 3", 0),
    ]:
        with pytest.raises(yaml.YAMLError) as caught:
            load_yaml(text)
        assert caught.value.problem_mark.line == line, text
        assert "\n" not in caught.value.problem


@pytest.mark.parametrize(
    "option, line", [("minutes: " + "9" * 5000, 2), ("minutes: " + nested(10_000), 2), ("minutes: 10\n    minutes: 20", 3), ("minutes: &m 10", 2)]
)
def test_block_options_with_hostile_yaml_are_problems(option, line):
    body = f"/// discussion | Talk\n    {option}\n\n- Q?\n///\n"
    blocks, problems = scan_blocks(body, SHOWN)
    assert problems and problems[0].line == line


def test_read_yaml_gives_a_problem_for_block_options():
    from caucus.core.source import read_yaml

    data, node = read_yaml("minutes: 10", SHOWN, 14, "options of block 'discussion'", "are")
    assert data == {"minutes": 10} and isinstance(node, yaml.MappingNode)
    with pytest.raises(SourceError) as caught:
        read_yaml("minutes: 10\nformat: [pairs", SHOWN, 14, "options of block 'discussion'", "are")
    assert caught.value.problem.line == 15
    assert caught.value.problem.message.startswith("options of block 'discussion' are not valid YAML (")
    with pytest.raises(SourceError) as caught:
        read_yaml("minutes: 10\nminutes: 5", SHOWN, 14, "options of block 'discussion'", "are")
    assert caught.value.problem.message == "key 'minutes' appears twice, on lines 14 and 15; keep one"


# --- 4. Line and size limits, and no regular expression that backtracks --------------


def test_a_line_over_20000_characters_is_an_error_naming_it():
    assert ours(fm("title: A") + "x" * 20_000 + "\n").has_front_matter
    problem = error(fm("title: A") + "\nfine\n" + "x" * 20_001 + "\n")
    assert problem.line == 7 and "20,000" in problem.message


ADVERSARIAL = [" ", "[", "(", "<a", "---", "- ", "{#a", "#", ": ", "\t", "`", "*", "\\", "&a ", "!!", "'", '"', "///", "|", "a:"]


@pytest.mark.parametrize("piece", ADVERSARIAL)
@pytest.mark.parametrize("where", ["first line", "front matter", "body"])
def test_200000_character_lines_end_quickly_in_a_problem(piece, where):
    long = (piece * (200_000 // len(piece) + 1))[:200_000]
    text = {"first line": "---" + long + "\ntitle: A\n---\n", "front matter": fm("title: A", "summary: " + long), "body": fm("title: A") + "\n" + long + "x\n"}[
        where
    ]
    start = time.monotonic()
    problem = error(text)
    assert time.monotonic() - start < SECONDS
    assert "20,000" in problem.message


@pytest.mark.parametrize("piece", ["{#a", "{", "#", "}", " ", "{#a ", "#a", "{#-"])
def test_a_hostile_glossary_heading_is_read_quickly(tmp_path: Path, piece: str):
    docs = tmp_path / "docs"
    (docs / "lessons").mkdir(parents=True)
    (docs / "glossary.md").write_text("# Glossary\n\n## Caucus {#caucus}\n\n# " + piece * (200_000 // len(piece)) + "\n", encoding="utf-8")
    start = time.monotonic()
    project = load_project(docs, "en", ["en"], tmp_path)
    assert time.monotonic() - start < SECONDS
    assert "caucus" in project.terms


def test_glossary_anchors_are_read_as_before(tmp_path: Path):
    docs = tmp_path / "docs"
    (docs / "lessons").mkdir(parents=True)
    (docs / "glossary.md").write_text(
        "# Glossary\n## Caucus {#caucus}\n### Shop floor { #shop-floor .term }  \n## No anchor\n## Two {#a} {#b}\n"
        "## Broken {#x\nnot a heading {#nope}\n## Inner {.c #in_1 #in-2 data=x}\n",
        encoding="utf-8",
    )
    assert load_project(docs, "en", ["en"], tmp_path).terms == {"caucus", "shop-floor", "b", "in-2"}


def test_the_size_limit_is_checked_before_reading_everything(tmp_path: Path):
    path = tmp_path / "big.md"
    path.write_bytes(b"---\ntitle: A\n---\n" + b"x" * (600 * 1024))
    with pytest.raises(SourceError) as caught:
        read_source(path, SHOWN)
    assert caught.value.problem.line == 1 and "512 KB" in caught.value.problem.message


# --- 5. File discovery --------------------------------------------------------------


@contextmanager
def fifo_watchdog(fifo: Path, seconds: float = SECONDS):
    """If the code under test blocks reading ``fifo``, open its writing end after
    ``seconds``, so that the read ends (and the test fails on time) instead of hanging."""
    done = threading.Event()

    def release():
        if not done.wait(seconds):
            try:
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
                os.close(fd)
            except OSError:
                pass

    thread = threading.Thread(target=release, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


def lessons_dir(tmp_path: Path) -> Path:
    lessons = tmp_path / "docs" / "lessons"
    lessons.mkdir(parents=True)
    (lessons / "listening.md").write_text(LISTENING, encoding="utf-8")
    return lessons


def loaded(tmp_path: Path):
    start = time.monotonic()
    project = load_project(tmp_path / "docs", "en", ["en", "es"], tmp_path)
    assert time.monotonic() - start < SECONDS
    for problem in project.problems:
        assert problem.line == 1
        assert_one_line(problem)
    return project


def only_problem(project, path: str) -> str:
    assert [p.path for p in project.problems] == [path], project.problems
    assert "listening" in project.lessons
    return project.problems[0].message


def test_a_folder_named_like_a_lesson(tmp_path: Path):
    (lessons_dir(tmp_path) / "x.md").mkdir()
    assert "folder" in only_problem(loaded(tmp_path), "docs/lessons/x.md")


def test_a_dangling_link(tmp_path: Path):
    (lessons_dir(tmp_path) / "x.md").symlink_to("nowhere.md")
    assert "does not exist" in only_problem(loaded(tmp_path), "docs/lessons/x.md")


def test_links_that_loop(tmp_path: Path):
    lessons = lessons_dir(tmp_path)
    (lessons / "a.md").symlink_to("b.md")
    (lessons / "b.md").symlink_to("a.md")
    (lessons / "c.md").symlink_to("c.md")
    project = loaded(tmp_path)
    assert sorted(p.path for p in project.problems) == ["docs/lessons/a.md", "docs/lessons/b.md", "docs/lessons/c.md"]
    assert all("loops" in p.message for p in project.problems)


def test_a_link_outside_the_docs_folder(tmp_path: Path):
    secret = tmp_path / "secret.md"
    secret.write_text(LISTENING.replace("Listening to each other", "Secret"), encoding="utf-8")
    (lessons_dir(tmp_path) / "x.md").symlink_to(secret)
    (tmp_path / "docs" / "lessons" / "y.md").symlink_to("../../secret.md")
    project = loaded(tmp_path)
    assert sorted(p.path for p in project.problems) == ["docs/lessons/x.md", "docs/lessons/y.md"]
    assert all("outside the docs folder" in p.message for p in project.problems)
    assert "x" not in project.lessons


def test_a_link_to_a_folder(tmp_path: Path):
    (lessons_dir(tmp_path) / "more").symlink_to(tmp_path / "docs")
    assert "folder" in only_problem(loaded(tmp_path), "docs/lessons/more")


def test_a_link_to_a_lesson_inside_the_docs_folder_is_fine(tmp_path: Path):
    lessons = lessons_dir(tmp_path)
    shared = tmp_path / "docs" / "shared"
    shared.mkdir()
    (shared / "text.md").write_text(LISTENING.replace("Listening to each other", "Shared"), encoding="utf-8")
    (lessons / "shared-text.md").symlink_to("../shared/text.md")
    project = loaded(tmp_path)
    assert project.problems == []
    assert project.lessons["shared-text"].original.meta["title"] == "Shared"
    assert project.shown[project.lessons["shared-text"].original.path] == "docs/lessons/shared-text.md"


def test_a_named_pipe_does_not_hang(tmp_path: Path):
    fifo = lessons_dir(tmp_path) / "x.md"
    os.mkfifo(fifo)
    with fifo_watchdog(fifo):
        message = only_problem(loaded(tmp_path), "docs/lessons/x.md")
    assert "named pipe" in message


def test_read_source_refuses_a_pipe_and_a_folder(tmp_path: Path):
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    (tmp_path / "folder.md").mkdir()
    for path in (fifo, tmp_path / "folder.md"):
        with fifo_watchdog(fifo), pytest.raises(SourceError) as caught:
            start = time.monotonic()
            read_source(path, SHOWN)
        assert time.monotonic() - start < SECONDS
        assert caught.value.problem.line == 1


def test_a_socket(tmp_path: Path):
    lessons = lessons_dir(tmp_path)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    cwd = os.getcwd()
    try:
        os.chdir(lessons)  # a short name: socket paths are limited to about 100 bytes
        server.bind("s.md")
    finally:
        os.chdir(cwd)
    try:
        assert "socket" in only_problem(loaded(tmp_path), "docs/lessons/s.md")
    finally:
        server.close()


def test_a_device(tmp_path: Path):
    lessons = lessons_dir(tmp_path)
    try:
        os.mknod(lessons / "zero.md", stat.S_IFCHR | 0o600, os.makedev(1, 5))
    except (PermissionError, OSError):
        pytest.skip("cannot make a device file here")
    assert "device" in only_problem(loaded(tmp_path), "docs/lessons/zero.md")


def test_a_hidden_lesson(tmp_path: Path):
    (lessons_dir(tmp_path) / ".draft.md").write_text(LISTENING, encoding="utf-8")
    message = only_problem(loaded(tmp_path), "docs/lessons/.draft.md")
    assert "'.'" in message and "rename it to draft.md" in message


def test_hidden_files_that_are_not_lessons_are_left_alone(tmp_path: Path):
    (lessons_dir(tmp_path) / ".gitkeep").write_text("", encoding="utf-8")
    (tmp_path / "docs" / "lessons" / "map.png").write_bytes(b"\x89PNG")
    assert loaded(tmp_path).problems == []


def test_a_lesson_in_a_subfolder(tmp_path: Path):
    more = lessons_dir(tmp_path) / "more"
    more.mkdir()
    (more / "mapping.md").write_text(LISTENING.replace("Listening to each other", "Mapping"), encoding="utf-8")
    (more / "deeper").mkdir()
    (more / "deeper" / "Other File.md").write_text(LISTENING, encoding="utf-8")
    (more / "notes.txt").write_text("", encoding="utf-8")
    project = loaded(tmp_path)
    problems = sorted(project.problems)
    assert [p.path for p in problems] == ["docs/lessons/more/deeper/Other File.md", "docs/lessons/more/mapping.md"]
    assert "lessons live directly in docs/lessons/" in problems[1].message
    assert "docs/lessons/mapping.md" in problems[1].message
    assert "docs/lessons/other-file.md" in problems[0].message
    assert set(project.lessons) == {"listening"}


@pytest.mark.parametrize(
    "name, suggestion",
    [
        ("My Lesson.md", "my-lesson.md"),
        ("Listening-Again.md", "listening-again.md"),
        ("\u00e9coute.md", "ecoute.md"),
        ("a..b.md", "a-b.md"),
        ("two_words.md", "two-words.md"),
        ("caf\u00e9.es.md", "cafe.es.md"),
        ("Loud.MD", "loud.md"),
        ("notes.markdown", "notes.md"),
        ("-dash-.md", "dash.md"),
        ("a--b.md", "a-b.md"),
    ],
)
def test_a_file_name_that_is_not_a_lesson_id(tmp_path: Path, name: str, suggestion: str):
    (lessons_dir(tmp_path) / name).write_text(LISTENING, encoding="utf-8")
    message = only_problem(loaded(tmp_path), f"docs/lessons/{name}")
    assert f"rename it to {suggestion}" in message


def test_a_name_with_no_latin_letters_gets_advice_all_the_same(tmp_path: Path):
    (lessons_dir(tmp_path) / "\u65e5\u672c.md").write_text(LISTENING, encoding="utf-8")
    assert "a-z" in only_problem(loaded(tmp_path), "docs/lessons/\u65e5\u672c.md")


def test_series_follow_the_same_rules(tmp_path: Path):
    lessons_dir(tmp_path)
    series = tmp_path / "docs" / "series"
    (series / "sub").mkdir(parents=True)
    good = "---\ntitle: S\nlessons: [listening]\n---\n"
    (series / "good.md").write_text(good, encoding="utf-8")
    (series / ".hidden.md").write_text(good, encoding="utf-8")
    (series / "Bad Name.md").write_text(good, encoding="utf-8")
    (series / "sub" / "nested.md").write_text(good, encoding="utf-8")
    (series / "gone.md").symlink_to("nowhere.md")
    os.mkfifo(series / "pipe.md")
    with fifo_watchdog(series / "pipe.md"):
        project = loaded(tmp_path)
    assert set(project.series) == {"good"}
    problems = sorted(project.problems)
    assert [p.path for p in problems] == [f"docs/series/{n}" for n in (".hidden.md", "Bad Name.md", "gone.md", "pipe.md", "sub/nested.md")]
    assert "series live directly in docs/series/" in problems[-1].message


def test_the_lessons_folder_must_be_a_real_folder(tmp_path: Path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "listening.md").write_text(LISTENING, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "lessons").symlink_to(elsewhere)
    project = loaded(tmp_path)
    assert [p.path for p in project.problems] == ["docs/lessons"] and project.lessons == {}


def test_caucus_check_reports_bad_files_with_exit_1_and_no_traceback(tmp_path: Path):
    site = copy_tiny(tmp_path / "site")
    lessons = site / "docs" / "lessons"
    (lessons / "loop.md").symlink_to("loop.md")
    (lessons / "gone.md").symlink_to("nowhere.md")
    (lessons / "dir.md").mkdir()
    (lessons / "Bad Name.md").write_text(LISTENING, encoding="utf-8")
    os.mkfifo(lessons / "pipe.md")
    with fifo_watchdog(lessons / "pipe.md", 60):
        result = run([sys.executable, "-c", "from caucus.cli import run; run()", "check"], site, timeout=120)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [f"docs/lessons/{n}" for n in ("Bad Name.md", "dir.md", "gone.md", "loop.md", "pipe.md")]
    assert all(line.split(":")[1] == "1" for line in lines)


# --- 6. Messages are one line -------------------------------------------------------


@pytest.mark.parametrize("text", ["a\nb", "a\r\nb", "a\rb", "a\u2028b", "a\u2029b", "a\x85b", "a\x0bb", "a\x0cb", "a\x1cb", "a\x1b[31mb", "a\tb"])
def test_problem_text_is_always_one_line(text):
    problem = Problem(f"docs/lessons/{text}.md", 3, f"bad {text} here")
    assert_one_line(problem)
    assert problem.format().startswith("docs/lessons/a") and ".md:3: bad a" in problem.format()


def test_format_shows_escapes_and_github_keeps_its_own():
    problem = Problem("docs/x.md", 2, "one\ntwo\u2028three")
    assert problem.format() == "docs/x.md:2: one\\ntwo\\u2028three"
    assert problem.format_github() == "::error file=docs/x.md,line=2::one%0Atwo\\u2028three"
    odd = Problem("docs/a,b:c\n%0A.md", 1, "100% sure")
    assert odd.format_github() == "::error file=docs/a%2Cb%3Ac%0A%250A.md,line=1::100%25 sure"


@settings(max_examples=200, deadline=None)
@given(st.text(), st.text(), st.integers(min_value=1, max_value=10**6))
def test_any_problem_prints_as_one_line(path, message, line):
    assert_one_line(Problem(path, line, message))


# --- Property tests: random front matter never escapes as anything but a Problem ------

PIECES = [
    "---",
    "...",
    "--- ",
    "---\t",
    "----",
    " ---",
    "",
    "# comment",
    "title: A",
    "title: 'A'",
    "summary: B",
    "duration: 90",
    "duration: ninety",
    "n: " + "9" * 4400,
    "n: 0x" + "f" * 300,
    "date: 2024-01-01",
    "date: 2024-13-45",
    "when: 2024-01-01 10:00:00",
    "t: !!float 1",
    "e: !ENV X",
    "x: &a 1",
    "y: *a",
    "list:",
    "  - one",
    "  - [two, three]",
    "map:",
    "  k: v",
    "  k: w",
    "deep: " + nested(12),
    "deep: " + nested(9),
    "bad: [",
    "s: |",
    "s: |+",
    "  line",
    'q: "open',
    "key with spaces: v",
    "\ufeff",
    "\ufefftitle: A",
    "k:\tv",
    "<<: {a: 1}",
    "? complex",
    ": value",
    "a: =",
    "%YAML 1.1",
    "--- a: 1",
    "- item",
    "k: \x00",
    "k: \u2028",
    "k: \x85",
    "x" * 20_001,
    "a: " + "[" * 50,
    "title: A",
    "title: B",
    "translation:",
    "  source: abc",
    "  state: draft",
    "yes: no",
    "~: null",
    "1: one",
    "1.0: float",
    "k: .nan",
    "k: 1:30",
    "/// checkin",
    "    minutes: 10",
    "///",
    "k: 'unterminated",
    "k: >",
    "\t",
    "  ",
    "k: [a, {b: c}]",
    "k: {a: [b]}",
]
NEWLINES = st.sampled_from(["\n", "\r\n", "\r"])
RANDOM_LINE = st.lists(st.sampled_from(list("abc:-. #[]{}&*!|>'\"\t\ufeff\u2028\n") + ["---", "..."]), max_size=12).map("".join)
LINE = st.one_of(st.sampled_from(PIECES), RANDOM_LINE, st.text(max_size=8))


@st.composite
def documents(draw) -> str:
    lines = draw(st.lists(LINE, max_size=14))
    if draw(st.booleans()):
        lines = ["---"] + lines
    if draw(st.booleans()):
        lines = lines + [draw(st.sampled_from(["---", "...", "--- ", "...\t"]))] + draw(st.lists(LINE, max_size=3))
    text = draw(NEWLINES).join(lines) + draw(st.sampled_from(["", "\n", "\r\n"]))
    return draw(st.sampled_from(["", "\ufeff", "\ufeff\ufeff"])) + text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_random_front_matter_gives_a_source_or_a_one_line_problem(text):
    start = time.monotonic()
    try:
        result = ours(text)
    except SourceError as exc:
        problem = exc.problem
        normalized = text.replace("\r\n", "\n").replace("\r", "\n")
        assert 1 <= problem.line <= normalized.count("\n") + 1
        assert problem.path == SHOWN and problem.message
        assert_one_line(problem)
    else:
        assert isinstance(result, Source)
    assert time.monotonic() - start < SECONDS


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_random_front_matter_we_accept_is_what_mkdocs_reads(text):
    assert_agrees_with_mkdocs(text.encode("utf-8"))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([p for p in PIECES if p not in ("---", "...")]) | RANDOM_LINE, max_size=10))
def test_random_block_options_raise_only_yaml_errors(lines):
    try:
        load_yaml("\n".join(line.strip() for line in lines))
    except yaml.YAMLError as exc:
        assert exc.problem_mark is None or exc.problem_mark.line >= 0


OLD_ANCHOR = __import__("re").compile(r"\{[^}]*#([A-Za-z0-9_-]+)[^}]*\}\s*$")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("{}# \tab-_.=1")), max_size=30))
def test_glossary_anchor_reading_matches_the_old_pattern(line):
    from caucus.core.project import heading_anchor

    line = "#" + line
    m = OLD_ANCHOR.search(line)
    assert heading_anchor(line) == (m.group(1) if m else None)
