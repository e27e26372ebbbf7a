"""The checker: every problem in every lesson, as file:line messages."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

from . import passages, plain, sanitize, schema, variants
from .agenda import LONGEST_WITHOUT_BREAK, timing_verdict, total_minutes
from .blocks import _START as BLOCK_START
from .blocks import FENCE, bracket_limits
from .model import Models
from .problems import ERROR, WARNING, Problem, did_you_mean
from .project import LESSONS_DIR, SERIES_DIR, Lesson, LessonText, Project, Series, load_project, split_language
from .render import MarkdownSetup
from .reuse import Kept, digest
from .source import Source, SourceError, read_source
from .translations import STATES, translation_record


def check(project: Project, markdown: MarkdownSetup | None = None, models: Models | None = None) -> list[Problem]:
    """All problems of a loaded project, sorted by file and line. ``markdown``: the
    site's Markdown extensions, with which lesson bodies are rendered and judged;
    ``models``: the lesson models to judge (made here when not given)."""
    setup = models.setup if models is not None else (markdown or MarkdownSetup())
    models = models or Models(project, setup)
    problems = list(project.problems)
    problems += _check_generated_paths(project)
    problems += _check_other_files(project, setup)
    problems += _check_prerequisite_cycles(project)
    idioms: dict[str, tuple[list[plain.Idiom], str]] = {}
    for lang in project.languages:
        listed = plain.idiom_file(project.docs_dir, lang)
        found, unread = plain.read_idioms(listed, project.name_of(listed))
        problems += unread
        if found:
            idioms[lang] = (found, f"see {project.name_of(listed)}")
    titles: dict[str, str] = {}
    for lesson in project.sorted_lessons():
        problems += _check_original(project, lesson, models)
        problems += _check_plain(project, lesson.original, idioms)
        title = str(lesson.original.meta.get("title", "")).strip().casefold()
        if title:
            if title in titles:
                problems.append(
                    Problem(
                        _shown(project, lesson.original),
                        lesson.original.source.line_of("title"),
                        f"two lessons have the title '{lesson.original.meta['title']}' (the other is {titles[title]}); give this one a different title",
                    )
                )
            else:
                titles[title] = _shown(project, lesson.original)
        for text in lesson.translations.values():
            problems += _check_translation(project, lesson, text, models)
            problems += _check_plain(project, text, idioms)
        problems += _check_variant_blocks(project, lesson)
    problems += _check_variant_lessons(project, models, set(problems))
    for series in project.series.values():
        problems += _check_series(project, series, setup)
        for i, slug in enumerate(series.lessons):
            if slug not in project.lessons:
                problems.append(
                    Problem(
                        project.shown[series.path],
                        series.source.line_of(f"lessons[{i}]"),
                        f"series lists lesson '{slug}', which does not exist{did_you_mean(slug, project.lessons)}",
                    )
                )
        if not series.source.meta.get("title"):
            problems.append(Problem(project.shown[series.path], 1, "series has no 'title'"))
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.message))


def check_paths(
    docs_dir: Path, default_lang: str, languages: list[str], only: list[Path] | None = None, root: Path | None = None, markdown: MarkdownSetup | None = None
) -> tuple[Project, list[Problem]]:
    project = load_project(docs_dir, default_lang, languages, root)
    problems = check(project, markdown)
    if only:
        wanted = {project.shown.get(p.resolve(), None) for p in only} | {project.shown.get(p, None) for p in only}
        wanted |= {_display(p, root) for p in only}
        problems = [p for p in problems if p.path in wanted]
    return project, problems


def _display(path: Path, root: Path | None) -> str:
    try:
        return path.resolve().relative_to((root or Path.cwd()).resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _shown(project: Project, text: LessonText) -> str:
    return project.shown.get(text.path, text.rel)


def _check_original(project: Project, lesson: Lesson, models: Models) -> list[Problem]:
    text = lesson.original
    path = _shown(project, text)
    source = text.source
    if not source.has_front_matter:
        return [Problem(path, 1, "the lesson has no front matter; start the file with '---', the fields (title, summary, duration, ...) and '---'")]
    problems = _check_fields(source, path, translated=False)
    if "translation" in source.meta:
        problems.append(
            Problem(path, source.line_of("translation"), "field 'translation' belongs only in translations (files like lesson.es.md); remove it here")
        )
    problems += _check_references(project, source, path, lesson.slug)
    problems += _check_body(project, text, path, models)
    duration_ok = not any(p.message.startswith("field 'duration'") for p in problems)
    problems += _check_agenda(project, text, lesson.duration if duration_ok and "duration" in source.meta else None, path, source.line_of("duration"))
    problems += _check_session_shape(project, lesson, path, duration_ok)
    return problems


def _check_variant_blocks(project: Project, lesson: Lesson) -> list[Problem]:
    """The variant blocks of a lesson's file and of each translation's (core/variants.py)."""
    problems = []
    for text in (lesson.original, *lesson.translations.values()):
        written, path = text.written, _shown(project, text)
        if not any(p.path == path for p in project.problems):
            problems += variants.check(written.blocks, written.source.body, written.source.body_line, lesson.settings, path)
    return problems


def _check_variant_lessons(project: Project, models: Models, known: set[Problem]) -> list[Problem]:
    """Each setting's variant judged as a lesson of its own (its agenda, its blocks, its
    links); what only a variant has is said to be in that variant."""
    problems: list[Problem] = []
    for slug in sorted(project.lessons):
        lesson = project.lessons[slug]
        if not lesson.is_variant:
            continue
        found = _check_original(project, lesson, models)
        found += plain.grade_warnings(plain.reading_levels(lesson.original, _shown(project, lesson.original)))
        for text in lesson.translations.values():
            found += _check_translation(project, lesson, text, models)
        label = f"in the '{lesson.setting}' variant ('/// variant | {lesson.setting}'): "
        problems += [p if p in known else Problem(p.path, p.line, label + p.message, p.severity) for p in found]
    return problems


def _check_plain(project: Project, text: LessonText, idioms: dict[str, tuple[list[plain.Idiom], str]]) -> list[Problem]:
    """Plain language: each English reading at grade 8 or below, no idiom of the
    language's list (curriculum/idioms.LANG.yml) in any passage."""
    path = _shown(project, text)
    if not text.source.has_front_matter or any(p.path == path for p in project.problems):
        return []  # not read whole: its blocks and passages are not known
    problems = plain.grade_warnings(plain.reading_levels(text, path))
    listed, list_name = idioms.get(text.lang, ([], ""))
    return problems + plain.idiom_warnings(text, path, listed, list_name)


def _check_translation(project: Project, lesson: Lesson, text: LessonText, models: Models) -> list[Problem]:
    path = _shown(project, text)
    source = text.source
    if not source.has_front_matter:
        return [
            Problem(
                path,
                1,
                "the translation has no front matter; start it with '---', the translated title, summary, objectives, key_points and a 'translation:' record, then '---'",
            )
        ]
    problems = _check_fields(source, path, translated=True)
    record = source.meta.get("translation")
    if record is None:
        problems.append(
            Problem(path, 1, "translation has no 'translation:' record; add 'translation:' with 'source:' (run: caucus new translation) and 'state: draft'")
        )
    elif not isinstance(record, dict):
        problems.append(
            Problem(
                path,
                source.line_of("translation"),
                "'translation' must hold two lines, 'source: <version>' and 'state: draft' (or reviewed), indented by 2 spaces",
            )
        )
    else:
        version, state = translation_record(source.meta)
        for key in record:
            if key not in ("source", "state"):
                problems.append(
                    Problem(
                        path,
                        source.line_of(f"translation.{key}"),
                        f"unknown key '{key}' under 'translation'{did_you_mean(str(key), ('source', 'state'))} (keys: source, state)",
                    )
                )
        if not version or not re.fullmatch(r"[0-9a-f]{6,64}", version):
            problems.append(
                Problem(
                    path,
                    source.line_of("translation.source", source.line_of("translation")),
                    "'translation: source:' must be the version of the English lesson that this translates (a hex code); run 'caucus translations --version "
                    + (lesson.variant_of or lesson.slug)
                    + "' to print it",
                )
            )
        if state not in STATES:
            problems.append(
                Problem(
                    path,
                    source.line_of("translation.state", source.line_of("translation")),
                    f"'translation: state:' must be 'draft' or 'reviewed' (got '{state}')",
                )
            )
    problems += _check_references(project, source, path, lesson.slug)
    problems += _check_body(project, text, path, models)
    sequence = _check_block_sequence(project, lesson, text, path)
    problems += sequence
    if not sequence:
        problems += _check_passage_markup(lesson.original, text, path)
    problems += _check_agenda(project, text, lesson.duration or None, path, 1)
    return problems


_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)")


def markup_of(passage: str) -> tuple[list[str], int, int]:
    """What a passage's Markdown does besides its words: the addresses it links to (in
    order), and how many bold and code marks it has."""
    return _LINK_TARGET.findall(passage), passage.count("**"), passage.count("`")


def _check_passage_markup(english: LessonText, text: LessonText, path: str) -> list[Problem]:
    """Each passage of a translation keeps its English passage's links, bold and code:
    a translator translates the words and leaves the Markdown as it is."""
    source = passages.cut(passages.kept_against(english, text)).by_key
    problems = []
    for passage in passages.cut(text.written).passages:
        original = source.get(passage.key)
        if original is None:
            continue
        (links, bold, code), (want_links, want_bold, want_code) = markup_of(passage.text), markup_of(original.text)
        if links != want_links:
            problems.append(
                Problem(
                    path,
                    passage.line,
                    f"passage '{passage.key}' links to {', '.join(links) or 'nothing'}, but the English ({english.rel}:{original.line}) links to {', '.join(want_links) or 'nothing'}; keep the English links, in the same order (translate only the words in [brackets])",
                )
            )
        if (bold, code) != (want_bold, want_code):
            problems.append(
                Problem(
                    path,
                    passage.line,
                    f"passage '{passage.key}' has {bold} '**' and {code} '`' marks, the English ({english.rel}:{original.line}) {want_bold} and {want_code}; keep the English bold and code marks around the translated words",
                )
            )
    return problems


def _check_block_sequence(project: Project, lesson: Lesson, text: LessonText, path: str) -> list[Problem]:
    """A translation has the blocks of its source, of the same kinds, in the same order:
    otherwise a block would be dropped or shown in the wrong place."""
    if any(p.path in (path, _shown(project, lesson.original)) for p in project.problems):
        return []
    # With its variants when it carries them, else as the English's own page (passages.kept_against).
    mine = [b for b in text.written.blocks if b.kind is not None]
    theirs = [b for b in passages.kept_against(lesson.original, text).blocks if b.kind is not None]
    for i in range(max(len(mine), len(theirs))):
        here = mine[i] if i < len(mine) else None
        there = theirs[i] if i < len(theirs) else None
        if here is not None and there is not None and here.name == there.name:
            continue
        original = _shown(project, lesson.original)
        if here is None:
            assert there is not None  # i < max(len(mine), len(theirs))
            at = text.written.source.body_line + len(text.written.source.body.split("\n")) - 1
            return [
                Problem(
                    path,
                    at,
                    f"the translation has {len(mine)} blocks and the English lesson {len(theirs)}: block {i + 1} ('{there.name}', {original}:{there.line}) is missing here; translate it in the same place",
                )
            ]
        if there is None:
            return [
                Problem(
                    path,
                    here.line,
                    f"block {i + 1} ('{here.name}') is not in the English lesson ({original} has {len(theirs)} blocks); a translation keeps the same blocks in the same order",
                )
            ]
        return [
            Problem(
                path,
                here.line,
                f"block {i + 1} is '{here.name}' here but '{there.name}' in the English lesson ({original}:{there.line}); a translation keeps the same blocks in the same order",
            )
        ]
    return []


# Where the build writes pages of its own (per language); a source page there would be lost.
GENERATED_FOLDERS = ("guides", "catalog", "collected", "handouts", "search")
GENERATED_PAGES = ("translation-status",)


def _check_generated_paths(project: Project) -> list[Problem]:
    problems = []
    for folder in GENERATED_FOLDERS:
        root = project.docs_dir / folder
        if root.is_dir() and not root.is_symlink():
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    problems.append(
                        Problem(
                            project.name_of(path),
                            1,
                            f"'{folder}/' is where the build writes pages of its own, so this file would be lost or would replace one; move it (lessons go in docs/lessons/)",
                        )
                    )
        elif root.exists() or root.is_symlink():
            problems.append(Problem(project.name_of(root), 1, f"'{folder}' is where the build writes pages of its own; rename or move it"))
    for path in sorted(project.docs_dir.glob("*.md")):
        if path.name.split(".")[0] in GENERATED_PAGES:
            problems.append(Problem(project.name_of(path), 1, f"'{path.name}' is a page the build writes itself, so this file would be lost; rename it"))
    return problems


def _check_prerequisite_cycles(project: Project) -> list[Problem]:
    """Lessons that must each be taken before the other can never be started."""
    graph = {
        slug: [s for s in _list(lesson.original.meta.get("prerequisites")) if isinstance(s, str) and s in project.lessons and s != slug]
        for slug, lesson in project.lessons.items()
    }
    problems = []
    reported: set[str] = set()
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in sorted(graph):
        if state.get(start):
            continue
        path_stack: list[str] = [start]
        iterators = [iter(graph[start])]
        state[start] = 1
        while iterators:
            nxt = next(iterators[-1], None)
            if nxt is None:
                state[path_stack.pop()] = 2
                iterators.pop()
                continue
            if state.get(nxt) == 1:
                cycle = path_stack[path_stack.index(nxt) :] + [nxt]
                for slug in cycle[:-1]:
                    if slug in reported:
                        continue
                    reported.add(slug)
                    text = project.lessons[slug].original
                    items = _list(text.meta.get("prerequisites"))
                    following = cycle[cycle.index(slug) + 1]
                    at = text.source.line_of(f"prerequisites[{items.index(following)}]") if following in items else text.source.line_of("prerequisites")
                    problems.append(
                        Problem(
                            _shown(project, text),
                            at,
                            f"'prerequisites' go round in a circle ({' -> '.join(cycle)}), so none of these lessons could be taken first; remove one of them",
                        )
                    )
            elif not state.get(nxt):
                state[nxt] = 1
                path_stack.append(nxt)
                iterators.append(iter(graph[nxt]))
    return problems


# What else docs/ may hold: pages, and images (an SVG can carry script; any other file
# would be published exactly as it is, a script or a stylesheet replacing the theme's).
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")


def _check_other_files(project: Project, setup: MarkdownSetup) -> list[Problem]:
    """Every other file of docs/: pages are held to the lessons' allow-list, anything
    but a page or an image is refused."""
    problems = []
    for folder, subfolders, names in os.walk(project.docs_dir):
        here = Path(folder)
        if here == project.docs_dir:
            subfolders[:] = [d for d in subfolders if d not in GENERATED_FOLDERS]
        subfolders[:] = [d for d in subfolders if not d.startswith(".")]
        in_lessons = here != project.docs_dir and here.relative_to(project.docs_dir).parts[0] in (LESSONS_DIR, SERIES_DIR)
        for name in sorted(names):
            path = here / name
            if name.startswith(".") or (in_lessons and name.lower().endswith(".md")):
                continue  # lessons and series are found and judged by the loader
            shown = project.name_of(path)
            if path.is_symlink() or not path.is_file():
                problems.append(
                    Problem(shown, 1, "only ordinary files may be in docs/ (this is a link, a folder or a special file); replace it with the file itself")
                )
            elif name.lower().endswith(".md"):
                problems += _check_page(project, path, shown, setup)
            elif not name.lower().endswith(IMAGE_SUFFIXES):
                problems.append(
                    Problem(
                        shown,
                        1,
                        f"only Markdown pages and images ({', '.join(IMAGE_SUFFIXES)}) may be added to docs/: this file would be published exactly as it is; remove it",
                    )
                )
    return problems


def _check_page(project: Project, path: Path, shown: str, setup: MarkdownSetup) -> list[Problem]:
    try:
        source = read_source(path, shown)
    except SourceError as exc:
        return [exc.problem]
    lang = split_language(path.name, project.languages)[1] or project.default_lang
    return _judge_body(source, shown, lang, setup, "pages")


def _judge_body(source: Source, shown: str, lang: str, setup: MarkdownSetup, where: str) -> list[Problem]:
    """A page's body rendered as the site renders it, and what the sanitizer would remove."""
    lines = source.body.split("\n")
    limits = bracket_limits(lines, shown, source.body_line)
    if limits:
        return limits  # Markdown would take minutes over it
    finder = LineFinder(lines, source.body_line)
    rendered = setup.render(source.body, lang)
    return [Problem(shown, finder.find(r.needles()), r.message(where)) for r in sanitize.removals(rendered.html, sanitize.LESSON)[:MAX_REPORTED]]


SERIES_FIELDS = ("title", "summary", "lessons")


def _check_series(project: Project, series: Series, setup: MarkdownSetup) -> list[Problem]:
    """A series page is written by contributors too: the same rules as a lesson's body."""
    problems = []
    sources = [(project.default_lang, series.source), *series.translations.items()]
    for lang, source in sources:
        shown = source.path
        for key in source.meta:
            if key not in SERIES_FIELDS:
                problems.append(
                    Problem(
                        shown,
                        source.line_of(str(key)),
                        f"unknown field '{key}' in a series{did_you_mean(str(key), SERIES_FIELDS)} (fields: {', '.join(SERIES_FIELDS)})",
                    )
                )
        problems += _judge_body(source, shown, lang, setup, "series pages")
    return problems


def _check_fields(source: Source, path: str, translated: bool) -> list[Problem]:
    problems = []
    meta = source.meta
    allowed = {f.name for f in schema.LESSON_FIELDS} | ({"translation"} if translated else set())
    for key in meta:
        if key not in allowed:
            field = schema.FIELDS_BY_NAME.get(key)
            if translated and field is not None:
                problems.append(Problem(path, source.line_of(key), f"field '{key}' is set in the English lesson only; remove it from the translation"))
            else:
                problems.append(Problem(path, source.line_of(str(key)), f"unknown field '{key}'{did_you_mean(str(key), allowed)}"))
    for field in schema.LESSON_FIELDS:
        if translated and not field.translated:
            continue
        if field.name not in meta:
            if field.required:
                problems.append(Problem(path, 1, f"missing field '{field.name}': {field.description}"))
            continue
        problems += schema.check_field(field, meta[field.name], source.line_of, path)
    return problems


def _check_references(project: Project, source: Source, path: str, own_slug: str) -> list[Problem]:
    problems = []
    for name in ("prerequisites", "related"):
        for i, slug in enumerate(_list(source.meta.get(name))):
            if slug == own_slug:
                problems.append(Problem(path, source.line_of(f"{name}[{i}]"), f"'{name}' names this lesson itself; remove '{slug}' from the list"))
            elif isinstance(slug, str) and slug not in project.lessons:
                problems.append(
                    Problem(path, source.line_of(f"{name}[{i}]"), f"'{name}' names lesson '{slug}', which does not exist{did_you_mean(slug, project.lessons)}")
                )
    for i, term in enumerate(_list(source.meta.get("terms"))):
        if isinstance(term, str) and project.terms and term not in project.terms:
            problems.append(
                Problem(path, source.line_of(f"terms[{i}]"), f"'terms' names '{term}', which is not in the glossary{did_you_mean(term, project.terms)}")
            )
    return problems


def _list(value: object) -> list[object]:
    if isinstance(value, str):
        return [value]
    return value if isinstance(value, list) else []


def _check_body(project: Project, text: LessonText, path: str, models: Models) -> list[Problem]:
    """Judge the text as the site renders it (the lesson model's rendering, facilitator
    notes included, so they are checked too): the HTML that comes out, not the
    Markdown that went in."""
    if any(p.path == path for p in project.problems):
        return []  # not read whole (a broken block, a limit passed): not rendered either
    source = text.source
    lines = source.body.split("\n")
    unclosed = [first for first, last in _comment_spans(source.body) if last is None]
    if unclosed:
        return [
            Problem(
                path,
                source.body_line + unclosed[0],
                "an HTML comment opened here ('<!--') is never closed ('-->'), so everything after it would vanish from the page; close it or remove it",
            )
        ]
    model = models.of(text)
    problems = _check_census(project, text, model.census, lines, path)
    problems += _check_style(lines, source.body_line, path)
    finder = LineFinder(lines, source.body_line)
    removed, targets = _judged(model.facilitator_html, models.judged)
    for removal in removed[:MAX_REPORTED]:
        problems.append(Problem(path, finder.find(removal.needles()), removal.message("lessons")))
    if len(removed) > MAX_REPORTED:
        problems.append(
            Problem(path, source.body_line, f"and {len(removed) - MAX_REPORTED} more pieces of HTML that are not allowed; write the lesson in plain Markdown")
        )
    here = PurePosixPath(text.rel).parent
    links = LineFinder(lines, source.body_line)
    for tag, target, alt in targets:
        at = links.find([f"({target}", target])
        if tag == "img" and not alt.strip():
            problems.append(Problem(path, at, f"image '{target}' has no alt text; describe it between the brackets: ![what the image shows]({target})"))
        problems += _check_link(project, here, target, path, at, "image" if tag == "img" else "link")
    return problems


MAX_REPORTED = 20

Judged = tuple[tuple[sanitize.Removal, ...], tuple[tuple[str, str, str], ...]]


def _judged(html: str, kept: Kept[Judged] | None) -> tuple[list[sanitize.Removal], list[tuple[str, str, str]]]:
    """What the sanitizer removes from a rendering, and the links and images it keeps
    (``kept``: the verdicts of the last serve rebuild, by a hash of the rendering)."""
    key = digest(html) if kept is not None else ""
    found = kept.get(key) if kept is not None else None
    if found is None:
        clean = sanitize.sanitize(html, sanitize.LESSON)
        found = (tuple(sanitize.removals(html, sanitize.LESSON, cleaned=clean)), tuple(_targets(clean)))
        if kept is not None:
            kept.put(key, found)
    return list(found[0]), list(found[1])


class LineFinder:
    """Finds the source line a piece of rendered HTML came from: the first line, from
    where the last search ended, that holds one of the given texts."""

    def __init__(self, lines: list[str], first_line: int):
        # Tabs as Markdown reads them, so that rendered text is found in its line.
        self.lines = [line.expandtabs(4).casefold() for line in lines]
        self.first_line = first_line
        self.cursor = 0

    def find(self, needles: list[str]) -> int:
        count = len(self.lines)
        for needle in (n.casefold() for n in needles if n):
            for step in range(count):
                i = (self.cursor + step) % count
                if needle in self.lines[i]:
                    self.cursor = i
                    return self.first_line + i
        return self.first_line


class _Targets(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.found.append(("a", values["href"] or "", ""))
        elif tag == "img" and "src" in values:
            self.found.append(("img", values["src"] or "", values.get("alt") or ""))

    handle_startendtag = handle_starttag


def _targets(html: str) -> list[tuple[str, str, str]]:
    """(tag, address, alt text) of every link and image, in order."""
    parser = _Targets()
    parser.feed(html)
    parser.close()
    return parser.found


def _check_style(lines: list[str], first_line: int, path: str) -> list[Problem]:
    """Writing that Markdown reads otherwise than its author meant."""
    problems = []
    for i, line in enumerate(lines):
        if FENCE.match(line):
            problems.append(
                Problem(
                    path,
                    first_line + i,
                    "code fences (``` or ~~~) are not part of this site's Markdown, so the line shows as text and what follows is not code; remove it (indent code by 4 spaces instead)",
                )
            )
        start = BLOCK_START.match(line)
        if start and start.group(2) != start.group(2).lower():
            problems.append(Problem(path, first_line + i, f"write the block's name in small letters: '/// {start.group(2).lower()}'"))
    return problems


def _comment_spans(body: str) -> list[tuple[int, int | None]]:
    """Line ranges (0-based, inclusive) of the HTML comments in a body; an unclosed
    comment's range ends with None."""
    spans: list[tuple[int, int | None]] = []
    start = body.find("<!--")
    while start != -1:
        end = body.find("-->", start + 4)
        spans.append((body.count("\n", 0, start), None if end == -1 else body.count("\n", 0, end)))
        if end == -1:
            break
        start = body.find("<!--", end + 3)
    return spans


def _check_census(project: Project, text: LessonText, census: list[tuple[str, str]], lines: list[str], path: str) -> list[Problem]:
    """The checker's blocks and the blocks Markdown read must be the same, or the
    agenda, the guide and the participant page would each see a different lesson."""
    if any(p.path == path for p in project.problems):
        return []  # a block is already reported broken
    scanned = [b for b in text.blocks if b.kind is not None]
    seen = [kind for kind, _title in census]
    body_line = text.source.body_line
    if [b.name for b in scanned] == seen:
        return []
    comments = _comment_spans(text.source.body)
    for i, block in enumerate(scanned):
        if i >= len(seen) or seen[i] != block.name:
            offset = block.line - body_line
            if any(first <= offset <= (len(lines) if last is None else last) for first, last in comments):
                return [
                    Problem(
                        path,
                        block.line,
                        f"block '{block.name}' is inside an HTML comment (<!-- ... -->), so no one would see it; remove the comment marks or the block",
                    )
                ]
            return [
                Problem(
                    path,
                    block.line,
                    f"block '{block.name}' is not read as a block by Markdown (it follows raw HTML or sits inside it); put a blank line before its '///' line and keep it outside any HTML",
                )
            ]
    return [
        Problem(
            path,
            body_line,
            f"Markdown reads {len(seen)} blocks in this lesson and the checker {len(scanned)}; keep every '///' line at the left margin, outside HTML",
        )
    ]


def _check_link(project: Project, here: PurePosixPath, target: str, path: str, at: int, what: str = "link") -> list[Problem]:
    if not target or target.startswith(("#", "/")) or re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
        return []
    file_part, _, anchor = target.partition("#")
    file_part = file_part.split("?")[0]
    if not file_part:
        return []
    parts: list[str] = []
    for part in (here / file_part).parts:
        if part == "..":
            if not parts:
                return [Problem(path, at, f"{what} '{target}' points outside the site")]
            parts.pop()
        elif part != ".":
            parts.append(part)
    resolved = project.docs_dir.joinpath(*parts)
    if not resolved.exists():
        hint = ""
        if file_part.endswith(".md"):
            stem = PurePosixPath(file_part).stem
            hint = did_you_mean(stem, project.lessons)
            hint = hint.replace("'?", ".md'?") if hint else ""
        thing = "a file" if what == "image" else "a page"
        return [Problem(path, at, f"{what} '{target}' points to {thing} that does not exist{hint}")]
    if anchor and "/".join(parts) == "glossary.md" and project.terms and anchor not in project.terms:
        return [Problem(path, at, f"link '{target}' names glossary term '{anchor}', which is not in the glossary{did_you_mean(anchor, project.terms)}")]
    return []


def _check_agenda(project: Project, text: LessonText, duration: int | None, path: str, duration_line: int) -> list[Problem]:
    if any(p.path == path for p in project.problems):
        return []  # a block is already reported broken: its minutes cannot be added up
    problems = []
    kinds = [b.name for b in text.blocks]
    if "discussion" not in kinds and text.blocks is not None and duration is not None:
        problems.append(
            Problem(
                path, text.source.body_line, "the lesson has no discussion block; a study-circle session needs at least one '/// discussion' round", WARNING
            )
        )
    if duration is None or not isinstance(duration, int) or isinstance(duration, bool):
        return problems
    verdict = timing_verdict(total_minutes(text.agenda), duration)
    if verdict:
        severity, message = verdict
        problems.append(Problem(path, duration_line, message, ERROR if severity == "error" else WARNING))
    return problems


def _check_session_shape(project: Project, lesson: Lesson, path: str, duration_ok: bool) -> list[Problem]:
    """What a session needs besides minutes that add up: a break in a long session, and
    a timed welcome (with the ground rules) when it opens a series. Translations keep the
    English blocks in order, so the English lesson alone is judged."""
    if any(p.path == path for p in project.problems):
        return []
    text = lesson.original
    names = {b.name for b in text.blocks if b.kind is not None}
    problems = []
    if duration_ok and lesson.duration > LONGEST_WITHOUT_BREAK and "break" not in names:
        problems.append(
            Problem(
                path,
                text.source.line_of("duration"),
                f"the lesson lasts {lesson.duration} minutes and has no break; add a '/// break' block of 5 to 10 minutes near the middle (and take its minutes from the other blocks)",
                WARNING,
            )
        )
    if "welcome" not in names:
        for series in sorted(project.series.values(), key=lambda s: s.slug):
            first = next((slug for slug in series.lessons if slug in project.lessons), None)
            if first != lesson.slug:
                continue
            at = series.source.line_of(f"lessons[{series.lessons.index(first)}]")
            blocks = [b for b in text.blocks if b.kind is not None]
            problems.append(
                Problem(
                    path,
                    blocks[0].line if blocks else text.source.body_line,
                    f"this lesson opens the series '{series.slug}' ({project.shown[series.path]}:{at}) but has no welcome; add a '/// welcome' block with its minutes "
                    "before the opening round, to say what the circle is and agree on the ground rules",
                    WARNING,
                )
            )
    return problems
