"""Read a Markdown source file: its front matter (with line numbers) and its body."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

# libyaml's parser when PyYAML has it (about ten times quicker), the same results.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str, compose: bool = False):
    """Parse with libyaml; on an error, parse again in pure Python, whose messages say
    more ("expected ',' or ']', but got ':'"), and raise that error."""
    parse = yaml.compose if compose else yaml.load
    try:
        return parse(text, Loader=FAST_LOADER)
    except yaml.YAMLError:
        return parse(text, Loader=yaml.SafeLoader)

from .problems import Problem

# Lessons are short documents; anything this large is a mistake (a pasted book, a binary).
MAX_BYTES = 512 * 1024

_FENCE = re.compile(r"^---[ \t]*$")


@dataclass
class Source:
    """A Markdown file split into front matter and body.

    ``lines`` maps each front-matter key (and ``key[i]`` for list items) to its
    1-based line in the file, so that messages can point at it.
    """

    path: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # the file line of the body's first line
    has_front_matter: bool = False

    def line_of(self, key: str, default: int = 1) -> int:
        return self.lines.get(key, self.lines.get(key.split("[")[0], default))


class SourceError(Exception):
    """The file cannot be read as a lesson at all."""

    def __init__(self, problem: Problem):
        super().__init__(problem.format())
        self.problem = problem


def read_source(path: Path, shown_as: str | None = None) -> Source:
    """Read and split ``path``; raise ``SourceError`` naming the file and line."""
    shown = shown_as or str(path)
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise SourceError(Problem(shown, 1, f"file is {len(raw) // 1024} KB; a lesson must be under {MAX_BYTES // 1024} KB. Split it into several lessons."))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(Problem(shown, line, "the file is not UTF-8 text; save it with UTF-8 encoding in your editor")) from None
    return parse_source(text, shown)


def parse_source(text: str, shown: str) -> Source:
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    if not text.strip():
        raise SourceError(Problem(shown, 1, "the file is empty; start from the lesson template (caucus new lesson \"Title\")"))
    lines = text.split("\n")
    source = Source(path=shown, text=text, body=text)
    if not _FENCE.match(lines[0]):
        return source
    end = next((i for i in range(1, len(lines)) if _FENCE.match(lines[i])), None)
    if end is None:
        raise SourceError(Problem(shown, 1, "front matter opened with '---' is never closed; add a line '---' after the last field"))
    yaml_text = "\n".join(lines[1:end])
    source.has_front_matter = True
    source.body = "\n".join(lines[end + 1:])
    source.body_line = end + 2
    try:
        node = load_yaml(yaml_text, compose=True)
        data = load_yaml(yaml_text) if node is not None else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = (mark.line + 2) if mark is not None else 1
        what = getattr(exc, "problem", None) or "invalid YAML"
        raise SourceError(Problem(shown, line, f"front matter is not valid YAML ({what}); check quotes, colons and indentation")) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SourceError(Problem(shown, 2, "front matter must be a list of 'field: value' lines"))
    source.meta = data
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = str(key_node.value)
            source.lines[key] = key_node.start_mark.line + 2
            if isinstance(value_node, yaml.SequenceNode):
                for i, item in enumerate(value_node.value):
                    source.lines[f"{key}[{i}]"] = item.start_mark.line + 2
            elif isinstance(value_node, yaml.MappingNode):
                for sub_key, _ in value_node.value:
                    source.lines[f"{key}.{sub_key.value}"] = sub_key.start_mark.line + 2
    return source
