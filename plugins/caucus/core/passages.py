"""A lesson text cut into passages, the units a translator translates one at a time:
each front-matter text (title, summary, each objective and key point, ...), each block's
title and materials, and each paragraph, list item, heading and table cell of the body.

A passage's key names its lesson, its region (``front``, a block's id such as
``reading-1``, or ``text`` outside blocks) and its place there (``title``, ``p3``,
``materials-2``): the same in the English lesson and in every translation, since a
translation keeps the English sequence of blocks (the checker holds it to it).

``cut`` returns the passages and the skeleton, everything else of the file (block
lines, options, markers, blank lines), so that ``rebuild`` can write a translation from
the English skeleton and translated passages. Markdown inside a passage (links,
emphasis) is kept as written. Pure: plain text in, plain data out."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .blocks import _START as BLOCK_START
from .blocks import FENCE, ScannedBlock
from .model import blocks_of
from .project import LessonText
from .schema import LESSON_FIELDS
from .variants import VARIANT, has_variants

# Front-matter fields a translation writes for itself, in the order a file lists them.
TEXT_FIELDS = tuple(f.name for f in LESSON_FIELDS if f.translated)
TEXT_OPTIONS = ("materials", "no_names")  # block options whose values are words to translate
TEXT_OPTION_WHAT = {"no_names": "the way without names on paper"}  # what a translator is told it is

_LIST_ITEM = re.compile(r"^(\s*(?:[-*+]|\d{1,9}[.)])[ \t]+)(\S.*)$")
_HEADING = re.compile(r"^(#{1,6}[ \t]+)(\S.*)$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_END = re.compile(r"^[ ]{0,3}/{3,}[ ]*$")
_OPTION = re.compile(r"^[ ]{4,}([A-Za-z_][\w-]*)[ ]*:(.*)$")


@dataclass(frozen=True)
class Passage:
    key: str  # 'slug/region/place'
    text: str  # as written; a passage of several lines keeps its line breaks
    line: int  # file line of its first line
    what: str  # for translators: 'title', 'paragraph', 'list item', 'heading', 'table cell', ...
    region_kind: str  # 'front matter', a block kind, or 'text'

    @property
    def region(self) -> str:
        return self.key.split("/")[1]


@dataclass(frozen=True)
class Slot:
    """Where a passage goes in the skeleton: its first line after ``prefix``, the
    following ones after ``indent``."""

    key: str
    prefix: str
    indent: str
    flow: bool = False  # an item of a YAML list written in brackets
    quoted: bool = False  # a whole YAML value, always written in double quotes


@dataclass
class Cut:
    passages: list[Passage] = field(default_factory=list)
    body: list[str | Slot | list[str | Slot]] = field(default_factory=list)  # lines; a table row is a list

    @property
    def by_key(self) -> dict[str, Passage]:
        return {p.key: p for p in self.passages}


def cut(text: LessonText) -> Cut:
    """The passages of one lesson text, in file order, and its body's skeleton (the text
    as given: a lesson's own page, or with ``text.written`` the file with its variants)."""
    result = Cut()
    _cut_front_matter(text, result)
    _cut_body(text, result)
    return result


def kept_against(english: LessonText, translation: LessonText | None) -> LessonText:
    """The English text a translation is translated from, passage by passage: the file
    with its setting variants when the translation carries them too (or does not exist
    yet), else the English as its own page shows it, so that a translation written
    before the variants stays whole and current without them."""
    if translation is None or has_variants(translation.written.blocks):
        return english.written
    return english


def _cut_front_matter(text: LessonText, result: Cut) -> None:
    meta, source = text.meta, text.source
    for name in TEXT_FIELDS:
        value = meta.get(name)
        if isinstance(value, str):
            result.passages.append(Passage(f"{text.slug}/front/{name}", value, source.line_of(name), name.replace("_", " "), "front matter"))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, str):
                    what = f"{name.replace('_', ' ')} {i + 1}"
                    result.passages.append(Passage(f"{text.slug}/front/{name}-{i + 1}", item, source.line_of(f"{name}[{i}]"), what, "front matter"))


def _regions(text: LessonText) -> list[tuple[ScannedBlock, str]]:
    scanned = [b for b in text.blocks if b.kind is not None]
    return [(s, b.id) for s, b in zip(scanned, blocks_of(text), strict=True)]


def _cut_body(text: LessonText, result: Cut) -> None:
    first = text.source.body_line  # file line numbers are 1-based
    # The front matter as written, then the body as this text has it (a setting's choice
    # blanks the lines of the other variants, and keeps every line where it was).
    lines = text.source.text.split("\n")[: first - 1] + text.source.body.split("\n")
    regions = _regions(text)
    starts = {s.line: (s, block_id) for s, block_id in regions}
    counters: dict[str, int] = {}
    stack: list[tuple[str, str, int]] = []  # (region id, kind, end line)

    def region() -> tuple[str, str]:
        while stack and stack[-1][2] < number:
            stack.pop()
        return (stack[-1][0], stack[-1][1]) if stack else ("text", "text")

    def add(place_kind: str, what: str, body: str, at: int, prefix: str = "", indent: str = "") -> Slot:
        region_id, region_kind = region()
        counters[region_id] = counters.get(region_id, 0) + 1
        key = f"{text.slug}/{region_id}/{place_kind}{counters[region_id]}"
        result.passages.append(Passage(key, body, at, what, region_kind))
        return Slot(key, prefix, indent)

    i = first - 1
    fence: str | None = None
    while i < len(lines):
        number = i + 1
        line = lines[i]
        if fence is not None:  # inside a code fence: nothing to translate
            result.body.append(line)
            if line.strip().startswith(fence):
                fence = None
            i += 1
            continue
        if number in starts:
            scanned, block_id = starts[number]
            stack.append((block_id, scanned.name, scanned.end_line or len(lines)))
            m = BLOCK_START.match(line)
            if m and scanned.title and scanned.name != VARIANT:  # a variant's title names settings, not words to translate
                head = line[: line.index("|") + 1] + " "
                result.body.append(Slot(f"{text.slug}/{block_id}/title", head, ""))
                result.passages.append(Passage(f"{text.slug}/{block_id}/title", scanned.title, number, "block title", scanned.name))
            else:
                result.body.append(line)
            i += 1
            # The block's options: the lines indented by four spaces right after its start.
            while i < len(lines) and (option := _OPTION.match(lines[i])):
                name = option.group(1)
                values = scanned.options.get(name) if name in TEXT_OPTIONS else None
                if isinstance(values, list) and all(isinstance(v, str) for v in values):
                    row: list[str | Slot] = [lines[i][: lines[i].index(":") + 1] + " ["]
                    for n, value in enumerate(values, start=1):
                        key = f"{text.slug}/{block_id}/{name}-{n}"
                        result.passages.append(Passage(key, value, i + 1, f"{name} {n}", scanned.name))
                        row += [", "] if n > 1 else []
                        row.append(Slot(key, "", "", flow=True))
                    row.append("]")
                    result.body.append(row)
                elif isinstance(values, str):
                    # One text (``no_names``), perhaps over several lines indented deeper:
                    # a translation writes it on one line, in quotes.
                    key = f"{text.slug}/{block_id}/{name}"
                    result.passages.append(Passage(key, values, i + 1, TEXT_OPTION_WHAT.get(name, name), scanned.name))
                    result.body.append(Slot(key, lines[i][: lines[i].index(":") + 1] + " ", "", quoted=True))
                    depth = len(lines[i]) - len(lines[i].lstrip(" "))
                    while i + 1 < len(lines) and lines[i + 1].strip() and len(lines[i + 1]) - len(lines[i + 1].lstrip(" ")) > depth:
                        i += 1
                else:
                    result.body.append(lines[i])
                i += 1
            continue
        stripped = line.strip()
        if not stripped or _END.match(line) or BLOCK_START.match(line):
            result.body.append(line)
            i += 1
            continue
        if FENCE.match(line):
            fence = stripped[:3]
            result.body.append(line)
            i += 1
            continue
        if (m := _HEADING.match(line)) is not None:
            result.body.append(add("h", "heading", m.group(2).rstrip(), number, m.group(1)))
            i += 1
            continue
        if stripped.startswith("|"):
            if _TABLE_RULE.match(line):
                result.body.append(line)
            else:
                result.body.append(_table_row(line, number, add))
            i += 1
            continue
        item = _LIST_ITEM.match(line)
        prefix = item.group(1) if item else ""
        body = [item.group(2) if item else line.strip()]
        j = i + 1
        while j < len(lines) and _continues(lines[j], bool(item)):
            body.append(lines[j].strip())
            j += 1
        indent = " " * len(prefix.expandtabs()) if item else ""
        result.body.append(add("p", "list item" if item else "paragraph", "\n".join(body), number, prefix, indent))
        i = j


def _continues(line: str, in_item: bool) -> bool:
    """Whether ``line`` goes on with the paragraph or list item above it."""
    if not line.strip() or _END.match(line) or BLOCK_START.match(line) or FENCE.match(line) or _HEADING.match(line):
        return False
    if _LIST_ITEM.match(line):
        return False
    return not line.lstrip().startswith("|")


def _table_row(line: str, number: int, add: Callable[[str, str, str, int], Slot]) -> list[str | Slot]:
    cells = re.split(r"(?<!\\)\|", line.strip())[1:-1] if line.strip().endswith("|") else re.split(r"(?<!\\)\|", line.strip())[1:]
    row: list[str | Slot] = ["|"]
    for cell in cells:
        if cell.strip():
            row += [" ", add("c", "table cell", cell.strip(), number), " |"]
        else:
            row.append(cell + "|")
    return row


def rebuild(english: Cut, texts: dict[str, str], front: dict[str, object]) -> str:
    """A translation's Markdown: ``front`` as its front matter (the translated fields,
    then the translation record), then the English skeleton with each passage's
    translated text from ``texts`` (the English text where there is none)."""
    english_text = english.by_key
    out = ["---"]
    for name, value in front.items():
        out += _yaml_field(name, value)
    out.append("---")
    for piece in english.body:
        if isinstance(piece, str):
            out.append(piece)
        elif isinstance(piece, Slot):
            out.append(_fill(piece, texts.get(piece.key, english_text[piece.key].text)))
        else:
            out.append("".join(p if isinstance(p, str) else _fill(p, texts.get(p.key, english_text[p.key].text)) for p in piece))
    return "\n".join(out)


def _fill(slot: Slot, text: str) -> str:
    if slot.quoted:
        return slot.prefix + json.dumps(" ".join(text.split()), ensure_ascii=False)
    if slot.flow:
        return text if re.fullmatch(r"[^,\[\]{}:#'\"\n]+", text) and text == text.strip() else json.dumps(text, ensure_ascii=False)
    first, *rest = text.split("\n")
    return "\n".join([slot.prefix + first, *(slot.indent + line for line in rest)])


def _yaml_field(name: str, value: object) -> list[str]:
    if isinstance(value, list):
        return [f"{name}:", *(f"  - {_yaml_text(item)}" for item in value)]
    if isinstance(value, dict):  # the translation record: words and hashes, written plain
        return [f"{name}:", *(f"  {key}: {item if re.fullmatch(r'[a-z0-9]+', str(item)) else _yaml_text(item)}" for key, item in value.items())]
    return [f"{name}: {_yaml_text(value)}"]


def _yaml_text(value: object) -> str:
    """A value as YAML reads it back: text double-quoted (JSON's escapes are YAML's)."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


def front_values(english: LessonText, texts: dict[str, str]) -> dict[str, object]:
    """The translated front-matter fields, in the English file's shape."""
    values: dict[str, object] = {}
    for name in TEXT_FIELDS:
        value = english.meta.get(name)
        key = f"{english.slug}/front/{name}"
        if isinstance(value, str):
            values[name] = texts.get(key, value)
        elif isinstance(value, list):
            values[name] = [texts.get(f"{key}-{i + 1}", item) for i, item in enumerate(value)]
    return values


def mark_changed(markdown: str, text: LessonText, english: LessonText, keys: frozenset[str], label: str) -> str:
    """A translation's body (as MkDocs hands it over: the file after its front matter)
    with the current English text after each paragraph or list item in ``keys`` (whose
    English changed since it was translated), marked as English, so that a reader sees
    what the translation has not caught up with."""
    if not keys:
        return markdown
    lines = markdown.split("\n")
    now = cut(kept_against(english, text)).by_key
    for passage in cut(text.written).passages:
        if passage.key not in keys or passage.key not in now or passage.what not in ("paragraph", "list item"):
            continue
        # The passage's last line, where the body should have it; MkDocs may have dropped
        # a blank line or two at the start, so the nearest line that is it, and never
        # another (a block's closing line would stop closing it).
        expected = passage.line - text.source.body_line + passage.text.count("\n")
        wanted = passage.text.split("\n")[-1].strip()
        found = [i for i in range(max(0, expected - 3), min(len(lines), expected + 4)) if lines[i].strip().endswith(wanted)]
        if found:
            last = min(found, key=lambda i: abs(i - expected))
            words = " ".join(now[passage.key].text.split())
            lines[last] += (
                f' <span class="caucus-changed" lang="{html.escape(english.lang)}" dir="ltr">'
                f'<span class="caucus-changed__label">{html.escape(label)}</span> {words}</span>'
            )
    return "\n".join(lines)
