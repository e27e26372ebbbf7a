"""Read a Markdown source file: its front matter (with line numbers) and its body.

Every file comes from a stranger's pull request, so reading one must end in a
``Source`` or in a ``SourceError`` whose ``Problem`` names the file and the line,
quickly: no traceback, no hang, whatever the bytes.

- The front matter is split from the body exactly as MkDocs splits it
  (``mkdocs.utils.meta.get_data``, after MkDocs opened the file with ``utf-8-sig`` and
  universal newlines), so that the checker reads what the build publishes. Where
  MkDocs would take no front matter, or would silently drop it (invalid YAML, a value
  it cannot construct), that is an error here.
- YAML (front matter, and block options through ``load_yaml``/``read_yaml``) is read
  by a bounded safe loader: no anchors or aliases, no explicit tags, at most
  ``MAX_YAML_DEPTH`` levels of nesting, values of at most ``MAX_SCALAR_CHARS``
  characters, integers of at most ``MAX_INT_DIGITS`` digits, no duplicate keys; dates
  stay text. The limits are enforced on the parser's events, walked without recursion,
  before anything is composed.
"""

from __future__ import annotations

import bisect
import copy
import errno
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from .problems import Problem, one_line
from .reuse import Kept, digest

# Lessons are short documents; anything this large is a mistake (a pasted book, a binary).
MAX_BYTES = 512 * 1024
# No sentence needs a longer line; long lines are what makes text processing slow.
MAX_LINE_CHARS = 20_000
MAX_YAML_DEPTH = 10  # lists and mappings inside each other, the front matter itself counting as one
MAX_SCALAR_CHARS = 5_000  # one value or key
MAX_INT_DIGITS = 100  # far below Python's int() limit of 4,300 digits, and any str() of one

BOM = "\ufeff"

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _TIMESTAMP, _MERGE = _TAG + "str", _TAG + "int", _TAG + "timestamp", _TAG + "merge"
_PLAIN_TAGS = {_TAG + name for name in ("str", "int", "float", "bool", "null")}

# The implicit types of PyYAML's safe loader, without timestamps: a date stays text.
_RESOLVERS = {first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP] for first, resolvers in Resolver.yaml_implicit_resolvers.items()}


class SafeLessonLoader(yaml.SafeLoader):
    """PyYAML's pure-Python safe loader with dates kept as text."""

    yaml_implicit_resolvers = _RESOLVERS


if hasattr(yaml, "CSafeLoader"):

    class CSafeLessonLoader(yaml.CSafeLoader):
        """libyaml's parser (about ten times quicker; MkDocs reads front matter with
        it) with dates kept as text."""

        yaml_implicit_resolvers = _RESOLVERS

    FAST_LOADER: type = CSafeLessonLoader
else:  # pragma: no cover - PyYAML built without libyaml
    FAST_LOADER = SafeLessonLoader

_STOCK_RESOLVER = Resolver()  # what MkDocs' loader resolves a plain value to (timestamps too)
# Resolver.resolve(kind, value, implicit) -> tag, which PyYAML's stubs leave untyped.
_resolve: Callable[[type[yaml.Node], str, tuple[bool, bool]], str] = _STOCK_RESOLVER.resolve
_CONSTRUCTOR = SafeConstructor()


class LessonYAMLError(yaml.MarkedYAMLError):
    """YAML a lesson may not hold, or cannot be read. ``problem`` says why on one line;
    ``problem_mark.line`` is its 0-based line in the text, counting only '\\n' (YAML's
    own marks also count U+2028, U+2029 and U+0085). ``syntax`` is true when the text
    is not valid YAML at all (``problem`` is then the parser's own words)."""

    problem: str  # always set (the base class allows None)

    def __init__(self, problem: str, line: int, syntax: bool = False):
        super().__init__(problem=one_line(problem), problem_mark=yaml.Mark("<lesson>", 0, line, 0, None, 0))
        self.line = line
        self.syntax = syntax


def _short(text: str, limit: int = 60) -> str:
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Lines:
    """Character index -> 0-based line, counting '\\n' only."""

    def __init__(self, text: str):
        self.breaks: list[int] = []
        at = text.find("\n")
        while at != -1:
            self.breaks.append(at)
            at = text.find("\n", at + 1)

    def of(self, index: int) -> int:
        return bisect.bisect_left(self.breaks, index)


def _show_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


def _check_scalar(event: yaml.ScalarEvent, line: int) -> str:
    """Refuse what a value may not be; return the tag it resolves to (as MkDocs' loader
    would resolve it: a date is a timestamp here)."""
    value = event.value
    if len(value) > MAX_SCALAR_CHARS:
        raise LessonYAMLError(f"value is {len(value):,} characters long, over the limit of {MAX_SCALAR_CHARS:,}; shorten it", line)
    tag = _resolve(yaml.ScalarNode, value, event.implicit)
    if tag == _INT:
        digits = sum(1 for c in value if c not in "+-_:")
        if digits > MAX_INT_DIGITS:
            raise LessonYAMLError(
                f"the number '{_short(value, 30)}' has {digits:,} digits; write at most {MAX_INT_DIGITS}, or put it in quotes to keep it as text", line
            )
    elif tag == _TIMESTAMP:
        # MkDocs' loader turns it into a date and, when that fails, silently drops the
        # whole front matter (the fields would be published as text).
        try:
            _CONSTRUCTOR.construct_yaml_timestamp(yaml.ScalarNode(_TIMESTAMP, value))
        except (ValueError, OverflowError, TypeError, KeyError) as exc:
            raise LessonYAMLError(
                f"'{_short(value, 40)}' looks like a date but is not one ({_short(str(exc), 50)}); correct it, or put it in quotes to keep it as text", line
            ) from None
    elif tag not in _PLAIN_TAGS and tag != _MERGE:
        raise LessonYAMLError(f"YAML cannot read '{_short(value, 30)}' as a value; put it in quotes", line)
    return tag


def _walk(text: str, loader: type, lines: _Lines, first_line: int) -> None:
    """Check every event of ``text`` against the limits, without recursion (10,000
    nested brackets are one list of frames, not 10,000 calls)."""
    # One frame per open collection: [is_mapping, expecting_a_key, {key: file line}]
    stack: list[list[Any]] = []
    for event in yaml.parse(text, Loader=loader):
        kind = type(event)
        if kind is yaml.ScalarEvent or kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent or kind is yaml.AliasEvent:
            # (`kind is` narrows nothing for mypy: the casts say what `event` is here.)
            assert event.start_mark is not None  # the parser marks every event
            line = lines.of(event.start_mark.index)
            if kind is yaml.AliasEvent or cast(yaml.NodeEvent, event).anchor is not None:
                raise LessonYAMLError("YAML anchors and aliases (&name, *name) are not allowed in lessons; write the value out in full", line)
            tagged = cast("yaml.ScalarEvent | yaml.CollectionStartEvent", event)  # not an alias
            if tagged.tag is not None:
                shown = _short(_show_tag(tagged.tag), 40)
                raise LessonYAMLError(
                    f"YAML tags such as '{shown}' are not allowed in lessons; remove '{shown}' and write the value plainly (in quotes for text)", line
                )
            parent = stack[-1] if stack else None
            is_key = parent is not None and parent[0] and parent[1]
            if kind is yaml.ScalarEvent:
                scalar = cast(yaml.ScalarEvent, event)
                tag = _check_scalar(scalar, line)
                if is_key:
                    if tag == _MERGE:
                        raise LessonYAMLError("YAML merge keys ('<<') are not allowed in lessons; write the fields out in full", line)
                    # the key as our loader constructs it: 'yes' and 'true' are one key, True
                    key = (
                        scalar.value if tag in (_STR, _TIMESTAMP) else SafeConstructor.yaml_constructors[tag](_CONSTRUCTOR, yaml.ScalarNode(tag, scalar.value))
                    )
                    assert parent is not None  # is_key: there is one
                    seen = parent[2]
                    earlier = seen.get(key)
                    if earlier is not None:
                        raise LessonYAMLError(
                            f"key '{_short(scalar.value)}' appears twice, on lines {earlier + first_line} and {line + first_line}; keep one", line
                        )
                    seen[key] = line
                elif tag == _MERGE:
                    raise LessonYAMLError("YAML cannot read '<<' as a value; put it in quotes", line)
                if parent is not None and parent[0]:
                    parent[1] = not parent[1]
            else:
                if is_key:
                    raise LessonYAMLError("a key must be a plain name, not a list or a mapping; write 'name: value'", line)
                stack.append([kind is yaml.MappingStartEvent, True, {}])
                if len(stack) > MAX_YAML_DEPTH:
                    raise LessonYAMLError(f"lists and mappings are nested more than {MAX_YAML_DEPTH} levels deep here; flatten them", line)
        elif kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
            stack.pop()
            if stack and stack[-1][0]:
                stack[-1][1] = not stack[-1][1]


def _compose(text: str, loader: type) -> tuple[Any, yaml.Node | None]:
    parser = loader(text)
    try:
        node = parser.get_single_node()
        return (parser.construct_document(node) if node is not None else None), node
    finally:
        parser.dispose()


def _error_line(exc: yaml.YAMLError, text: str, lines: _Lines, from_libyaml: bool) -> int:
    if isinstance(exc, yaml.reader.ReaderError):
        position = exc.position
        if from_libyaml:  # libyaml counts bytes of UTF-8 here
            position = len(text.encode("utf-8")[:position].decode("utf-8", "ignore"))
        return lines.of(position)
    problem = getattr(exc, "problem_mark", None)
    context = getattr(exc, "context_mark", None)
    # "got <stream end>": the reader ran off the end; where the unclosed thing opened helps more.
    mark = context if (problem is None or problem.index >= len(text.rstrip())) and context is not None else problem
    return lines.of(mark.index) if mark is not None else 0


def _error_words(exc: yaml.YAMLError) -> str:
    if isinstance(exc, yaml.reader.ReaderError):
        char = exc.character
        code = ord(char) if isinstance(char, str) and len(char) == 1 else None
        return f"the invisible character U+{code:04X} is not allowed" if code is not None else str(exc.reason)
    return str(getattr(exc, "problem", None) or getattr(exc, "context", None) or "invalid YAML")


def _syntax_error(text: str, exc: yaml.YAMLError, lines: _Lines, first_line: int) -> LessonYAMLError:
    """The error libyaml found, in pure Python's clearer words when they are about the
    same line (pure Python is stricter in places: its own first complaint may be about
    a line libyaml, and so MkDocs, reads fine). libyaml reads tokens ahead of the events
    it gives: when pure Python, event by event, meets one of our limits no later than
    libyaml's error (libyaml's own "maximum nesting depth", say), that limit is the answer."""
    from_libyaml = FAST_LOADER is not SafeLessonLoader
    line, words = _error_line(exc, text, lines, from_libyaml), _error_words(exc)
    if from_libyaml:
        try:
            _walk(text, SafeLessonLoader, lines, first_line)
            _compose(text, SafeLessonLoader)
        except LessonYAMLError as limit:
            if limit.line <= line:
                return limit
        except yaml.YAMLError as pure:
            if _error_line(pure, text, lines, False) == line:
                words = _error_words(pure)
        except (ValueError, TypeError, OverflowError, RecursionError):
            pass
    return LessonYAMLError(words, line, syntax=True)


# YAML texts read at the last `mkdocs serve` rebuild (which reads every lesson again),
# by a hash of the text; None outside a preview. Each answer is a copy: callers may change it.
_kept_reads: dict[str, Kept[tuple[Any, yaml.Node | None]] | None] = {"reads": None}


def keep_reads(kept: Kept[tuple[Any, yaml.Node | None]] | None) -> None:
    _kept_reads["reads"] = kept


def _load(text: str, first_line: int) -> tuple[Any, yaml.Node | None]:
    """Data and node of ``text``, whose first line is numbered ``first_line`` in messages."""
    kept = _kept_reads["reads"]
    if kept is None:
        return _read(text, first_line)
    key = digest(first_line, text)
    found = kept.get(key)
    if found is None:
        found = kept.put(key, _read(text, first_line))
    return copy.deepcopy(found[0]), found[1]


def _read(text: str, first_line: int) -> tuple[Any, yaml.Node | None]:
    lines = _Lines(text)
    try:
        _walk(text, FAST_LOADER, lines, first_line)
        return _compose(text, FAST_LOADER)
    except LessonYAMLError:
        raise
    except yaml.YAMLError as exc:
        raise _syntax_error(text, exc, lines, first_line) from None
    except (ValueError, TypeError, OverflowError, RecursionError, KeyError, IndexError) as exc:
        raise LessonYAMLError(f"YAML could not be read ({type(exc).__name__}: {_short(str(exc))}); check quotes, colons and indentation", 0) from None


def load_yaml(text: str, compose: bool = False) -> Any:
    """The data of a YAML text (its node with ``compose=True``), read by the bounded
    safe loader. Raises only ``yaml.YAMLError`` (a ``LessonYAMLError``: its ``problem``
    says what is wrong on one line, ``problem_mark.line`` is the 0-based line).

    ``read_yaml`` does the same and answers with a whole ``Problem``."""
    data, node = _load(text, 1)
    return node if compose else data


def read_yaml(text: str, path: str, first_line: int = 1, what: str = "front matter", verb: str = "is") -> tuple[Any, yaml.Node | None]:
    """``(data, node)`` of a YAML text whose first line is line ``first_line`` of file
    ``path``; or ``SourceError`` with a Problem at the line. ``what`` and ``verb`` name
    the text in messages about invalid YAML: "front matter is not valid YAML (...)",
    or with ``what="options of block 'discussion'", verb="are"``."""
    try:
        return _load(text, first_line)
    except LessonYAMLError as exc:
        message = f"{what} {verb} not valid YAML ({exc.problem}); check quotes, colons and indentation" if exc.syntax else exc.problem
        raise SourceError(Problem(path, first_line + exc.line, message)) from None


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


_SPECIAL_FILES = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISDIR, "a folder"),
)


def special_file_kind(mode: int) -> str | None:
    """'a named pipe', 'a socket', 'a device' or 'a folder' for a file mode; None for a regular file."""
    for test, name in _SPECIAL_FILES:
        if test(mode):
            return name
    return None if stat.S_ISREG(mode) else "not a regular file"


def read_limited(
    path: Path, shown: str, max_bytes: int = MAX_BYTES, too_big: str = "a lesson must be under {limit} KB. Split it into several lessons."
) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``max_bytes``; else
    ``SourceError``. Never blocks: the file is opened without waiting (a named pipe
    would wait for a writer for ever) and checked before anything is read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        reasons: dict[int | None, str] = {
            errno.ENXIO: "is a socket or a device, not a file; delete it",
            errno.ELOOP: "is a link that loops back on itself; replace it with the file",
            errno.ENOENT: "does not exist (a link to nothing?); replace it with the file",
        }
        what = reasons.get(exc.errno, f"cannot be read ({_short(exc.strerror or str(exc))}); check the file")
        raise SourceError(Problem(shown, 1, f"the file {what}")) from None
    try:
        info = os.fstat(fd)
        kind = special_file_kind(info.st_mode)
        if kind is not None:
            raise SourceError(Problem(shown, 1, f"this is {kind}, not a file a lesson can be read from; delete it or replace it with a Markdown file"))
        if info.st_size > max_bytes:
            raise SourceError(Problem(shown, 1, f"file is {info.st_size // 1024} KB; " + too_big.format(limit=max_bytes // 1024)))
        chunks, size = [], 0
        while size <= max_bytes:
            chunk = os.read(fd, max_bytes + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        raw = b"".join(chunks)
    except OSError as exc:
        raise SourceError(Problem(shown, 1, f"the file cannot be read ({_short(exc.strerror or str(exc))}); check the file")) from None
    finally:
        os.close(fd)
    if len(raw) > max_bytes:  # it grew while we read it
        raise SourceError(Problem(shown, 1, f"file is over {max_bytes // 1024} KB; " + too_big.format(limit=max_bytes // 1024)))
    return raw


def read_source(path: Path, shown_as: str | None = None) -> Source:
    """Read and split ``path``; raise ``SourceError`` naming the file and line."""
    shown = shown_as or str(path)
    raw = read_limited(path, shown)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + raw[: exc.start].replace(b"\r\n", b"").count(b"\r") + 1
        raise SourceError(Problem(shown, line, "the file is not UTF-8 text; save it with UTF-8 encoding in your editor")) from None
    return parse_source(text, shown)


def normalize(text: str) -> str:
    """The text as MkDocs reads the file: one leading byte-order mark dropped
    (``utf-8-sig``), CRLF and CR turned into LF (universal newlines)."""
    if text.startswith(BOM):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _fence(line: str, marks: tuple[str, ...]) -> bool:
    """MkDocs' fence: three dashes (or dots, closing), then only spaces and tabs."""
    return line[:3] in marks and not line[3:].strip(" \t")


# mkdocs.utils.meta.META_RE, anchored (match): MultiMarkdown metadata, which MkDocs
# takes from the top of a file without YAML front matter and hides from the page.
_MULTIMARKDOWN = re.compile(r"[ ]{0,3}[A-Za-z0-9_-]+:")


def parse_source(text: str, shown: str) -> Source:
    text = normalize(text)
    bom = text.find(BOM)
    if bom != -1:
        raise SourceError(
            Problem(
                shown,
                text.count("\n", 0, bom) + 1,
                "remove the invisible byte-order mark character (U+FEFF) from this line; a file may have one only as its very first character",
            )
        )
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        if len(line) > MAX_LINE_CHARS:
            raise SourceError(
                Problem(shown, number, f"this line is {len(line):,} characters long, over the limit of {MAX_LINE_CHARS:,}; break it into shorter lines")
            )
    if not text.strip():
        raise SourceError(Problem(shown, 1, 'the file is empty; start from the lesson template (caucus new lesson "Title")'))
    source = Source(path=shown, text=text, body=text)
    if len(lines) < 2 or not _fence(lines[0], ("---",)):
        if _MULTIMARKDOWN.match(lines[0]):
            raise SourceError(
                Problem(
                    shown,
                    1,
                    "MkDocs would take this first line for a metadata field and hide it from the page; put the fields between two '---' lines, or start the text another way (with a heading, for example)",
                )
            )
        if not lines[0].strip():  # MkDocs' metadata reader drops a blank first line
            source.body, source.body_line = "\n".join(lines[1:]), 2
        return source
    # MkDocs: ^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n -- the YAML holds at least one
    # line (so line 2 cannot close), and the closing line must end with a line break.
    end = next((i for i in range(2, len(lines) - 1) if _fence(lines[i], ("---", "..."))), None)
    if end is None:
        last = len(lines) - 1
        if last >= 2 and _fence(lines[last], ("---", "...")):
            raise SourceError(
                Problem(
                    shown,
                    last + 1,
                    f"the closing '{lines[last][:3]}' is the last line of the file with no line break after it, so MkDocs would not read the front matter; add a line break after it",
                )
            )
        if _fence(lines[1], ("---", "...")) or not "\n".join(lines[1:]).strip():
            raise SourceError(
                Problem(shown, 1, "the front matter between the '---' lines is empty; write the fields (title, summary, duration, ...) between them")
            )
        raise SourceError(Problem(shown, 1, "front matter opened with '---' is never closed; add a line '---' after the last field"))
    yaml_text = "\n".join(lines[1:end]) + "\n"
    data, node = read_yaml(yaml_text, shown, 2)
    if data is None:
        raise SourceError(Problem(shown, 1, "the front matter between the '---' lines is empty; write the fields (title, summary, duration, ...) between them"))
    if not isinstance(data, dict):
        raise SourceError(Problem(shown, 2, "front matter must be a list of 'field: value' lines"))
    source.has_front_matter = True
    source.body = "\n".join(lines[end + 1 :])
    source.body_line = end + 2
    source.meta = data
    if isinstance(node, yaml.MappingNode):
        at = _Lines(yaml_text)
        line_of: Callable[[yaml.Node], int] = lambda n: at.of(n.start_mark.index) + 2
        for key_node, value_node in node.value:
            key = str(key_node.value)
            source.lines[key] = line_of(key_node)
            if isinstance(value_node, yaml.SequenceNode):
                for i, item in enumerate(value_node.value):
                    source.lines[f"{key}[{i}]"] = line_of(item)
            elif isinstance(value_node, yaml.MappingNode):
                for sub_key, _ in value_node.value:
                    source.lines[f"{key}.{sub_key.value}"] = line_of(sub_key)
    return source
