"""The contributors' command: ``caucus check``, ``caucus translations``, ``caucus new``,
``caucus report``."""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import sys
import tempfile
from pathlib import Path

from .core import lesson_po, plain, report, revisions, scaffold, source_note, vocabulary
from .core.checker import check, check_paths
from .core.handout_plan import participant_page_counts
from .core.handouts import PdfRenderer
from .core.i18n import translations_for
from .core.layout import PAPERS
from .core.model import Models
from .core.problems import ERROR, Problem, did_you_mean, has_errors
from .core.project import LESSONS_DIR, SERIES_DIR, Project, load_project
from .core.settings import SiteSettings, find_config, read_settings
from .core.slugs import slugify
from .core.translations import CURRENT, format_table, status_table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="caucus", description="Tools for writing and checking caucus study-circle lessons.")
    parser.add_argument("--config", type=Path, help="the site's mkdocs.yml (found from the current folder by default)")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="check lessons and print every problem as file:line: message")
    check.add_argument("paths", nargs="*", type=Path, help="lesson files to report on (default: all)")
    check.add_argument("--format", choices=("text", "github"), default="text", help="'github' prints GitHub Actions annotations")
    check.add_argument(
        "--stats",
        action="store_true",
        help="also print the reading level of each reading, in English and Spanish: for English the Flesch-Kincaid grade (the US school grade a reader "
        "needs; aim for 8 or below), for Spanish the Fernandez-Huerta score (0-100, higher is easier; 60-70 is normal for adults) and the school grade "
        "its scale gives",
    )

    status = commands.add_parser("translations", help="print which lessons are translated, stale, draft or missing; sync or accept passages")
    status.add_argument(
        "action",
        nargs="?",
        choices=("status", "sync", "accept"),
        default="status",
        help="'sync' brings each PO file (translations/lessons/) and its lesson.LANG.md in step with the English; 'accept LESSON' marks the English changes of a lesson as needing no new translation",
    )
    status.add_argument("lesson", nargs="?", help="for 'accept' (and to sync one lesson only): the lesson's id")
    status.add_argument("--check", action="store_true", help="with 'sync': change nothing, exit 1 if anything is out of step")
    status.add_argument("--passage", metavar="KEY", help="with 'accept': only this passage (its msgctxt, as the PO file names it)")
    status.add_argument("--require-current", action="store_true", help="exit 1 unless every translation is current and reviewed")
    status.add_argument("--version", metavar="LESSON", help="print the version of a lesson, to record in a translation")

    report = commands.add_parser("report", help="say what a change does to the lessons, compared with a git revision (for a pull request)")
    report.add_argument("--base", required=True, metavar="REF", help="the revision to compare with: a branch, tag or commit (e.g. origin/main)")
    report.add_argument("--format", choices=("markdown", "json"), default="markdown")
    report.add_argument("--preview-url", metavar="URL", help="an https address where the built site of this change can be downloaded (empty: none)")
    report.add_argument("--no-handouts", action="store_true", help="do not render handouts to count their pages")

    new = commands.add_parser("new", help="start a new lesson or translation from the template")
    kinds = new.add_subparsers(dest="kind", required=True)
    lesson = kinds.add_parser("lesson", help="write a new lesson with every block in place")
    lesson.add_argument("title")
    lesson.add_argument("--setting", default="union", help=f"one of: {', '.join(vocabulary.SETTINGS)}")
    lesson.add_argument("--topic", default="caucus-basics", help=f"one of: {', '.join(vocabulary.TOPICS)}")
    translation = kinds.add_parser("translation", help="start a translation of a lesson")
    translation.add_argument("lesson", help="the lesson's id (its file name without .md) or path")
    translation.add_argument("--lang", required=True)

    args = parser.parse_args(argv)
    config_file = args.config or find_config(Path.cwd())
    if config_file is None or not config_file.is_file():
        print("caucus: no mkdocs.yml found here or above; run this inside the project folder", file=sys.stderr)
        return 2
    settings = read_settings(config_file)
    if args.command == "check":
        return _check(settings, args.paths, args.format, args.stats)
    if args.command == "report":
        return _report(settings, args.base, args.format, args.preview_url or None, not args.no_handouts)
    if args.command == "translations" and args.action == "sync":
        return _sync(settings, args.lesson, args.check)
    if args.command == "translations" and args.action == "accept":
        return _accept(settings, args.lesson, args.passage)
    if args.command == "translations":
        return _translations(settings, args.require_current, args.version)
    if args.kind == "lesson":
        return _new_lesson(settings, args.title, args.setting, args.topic)
    return _new_translation(settings, args.lesson, args.lang)


def _check(settings: SiteSettings, paths: list[Path], fmt: str, stats: bool = False) -> int:
    missing = [p for p in paths if not p.exists()]
    for p in missing:
        print(f"{p}:1: no such file", file=sys.stderr)
    if missing:
        return 1
    files = [f for p in paths for f in (sorted(p.rglob("*.md")) if p.is_dir() else [p])]
    # A file the checker cannot judge is an error, never "fine".
    outside = [
        Problem(
            _rel(f),
            1,
            f"this file is not a lesson or a series of this site (they live in {_rel(settings.docs_dir / LESSONS_DIR)}/ and {_rel(settings.docs_dir / SERIES_DIR)}/), so it cannot be checked; move it there or check the site with 'caucus check'",
        )
        for f in files
        if not _judged(f, settings.docs_dir)
    ]
    project, problems = check_paths(settings.docs_dir, settings.default_lang, settings.languages, files or None, Path.cwd(), settings.markdown)
    if not files:
        # The whole site: also the source note, its map to the lessons and its translations.
        shown = _rel(settings.root / settings.curriculum_dir)
        problems += source_note.load(settings.root / settings.curriculum_dir, project.lessons, shown, settings.languages)[1]
    problems = sorted(set(problems) | set(outside), key=lambda p: (p.path, p.line, p.message))
    for problem in problems:
        print(problem.format_github() if fmt == "github" else problem.format())
    if stats:
        _print_levels(project, files)
    errors = sum(1 for p in problems if p.severity == ERROR)
    warnings = len(problems) - errors
    summary = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    if warnings and settings.strict:
        summary += " (the site builds with 'strict: true', where warnings fail the build too: fix them as well)"
    print(("caucus check: " + summary) if problems else "caucus check: all lessons are fine", file=sys.stderr)
    # One verdict with the build: under 'strict: true' a warning fails both.
    return 1 if has_errors(problems) or (problems and settings.strict) else 0


def _print_levels(project: Project, files: list[Path]) -> None:
    """The reading level of each reading of the lessons checked (every lesson when none is named)."""
    wanted = {f.resolve() for f in files}
    levels = []
    for slug in sorted(project.lessons):
        lesson = project.lessons[slug]
        for text in [lesson.original, *(lesson.translations[l] for l in sorted(lesson.translations))]:
            broken = any(p.path == project.shown.get(text.path) for p in project.problems)
            if (not wanted or text.path.resolve() in wanted) and not broken and text.source.has_front_matter:
                levels += plain.reading_levels(text, project.shown.get(text.path, text.rel))
    if levels:
        print(plain.format_levels(levels))
        print(
            f"grade: for English, the Flesch-Kincaid grade (the US school grade a reader needs; aim for {plain.ENGLISH_GRADE_LIMIT:g} or below); "
            "for Spanish, the school grade of the Fernandez-Huerta score (0-100, higher is easier; 60-70 is normal for adults)"
        )
    else:
        print("no reading in English or Spanish to measure")


def _judged(path: Path, docs_dir: Path) -> bool:
    try:
        relative = Path(os.path.abspath(path)).relative_to(docs_dir)
    except ValueError:
        return False
    return len(relative.parts) >= 2 and relative.parts[0] in (LESSONS_DIR, SERIES_DIR)


def _sync(settings: SiteSettings, only: str | None, check_only: bool) -> int:
    project = load_project(settings.docs_dir, settings.default_lang, settings.languages)
    if only is not None and only not in project.lessons:
        print(f"caucus: no lesson '{only}'{did_you_mean(only, project.lessons)}", file=sys.stderr)
        return 2
    report = lesson_po.sync_project(project, settings.translations_dir or settings.root / "translations", check_only, only)
    for problem in report.problems:
        print(problem.format())
    for path in report.written:
        print(f"{'out of step' if check_only else 'wrote'}: {_rel(path)}")
    if report.problems:
        print("caucus translations sync: nothing was written for the translations above; fix what they say and run it again", file=sys.stderr)
        return 1
    if check_only and report.written:
        print(
            "caucus translations sync --check: the PO files and the translations are out of step; run 'caucus translations sync' and commit what it writes",
            file=sys.stderr,
        )
        return 1
    count = len(report.written)
    print(f"caucus translations sync: {f'{count} file' + 's' * (count != 1) + ' written' if count else 'in step'}", file=sys.stderr)
    return 0


def _accept(settings: SiteSettings, slug: str | None, passage: str | None) -> int:
    project = load_project(settings.docs_dir, settings.default_lang, settings.languages)
    if slug is None or slug not in project.lessons:
        print(f"caucus: say which lesson: 'caucus translations accept LESSON'{did_you_mean(slug, project.lessons) if slug else ''}", file=sys.stderr)
        return 2
    translations_dir = settings.translations_dir or settings.root / "translations"
    try:
        changed = lesson_po.accept(project, translations_dir, slug, passage)
    except lesson_po.CatalogError as exc:
        print(exc.problem.format())
        return 1
    if not changed:
        print(
            f"caucus translations accept: no passage of '{slug}' was waiting{f' (no fuzzy entry {passage})' if passage else ''}; run 'caucus translations sync' first",
            file=sys.stderr,
        )
        return 1
    for path in changed:
        print(f"accepted: {_rel(path)}")
    return _sync(settings, slug, False)


def _translations(settings: SiteSettings, require_current: bool, version_of: str | None) -> int:
    project = load_project(settings.docs_dir, settings.default_lang, settings.languages)
    lesson_po.read_passage_status(project, settings.translations_dir)
    if version_of:
        lesson = project.lessons.get(Path(version_of).name.split(".")[0])
        if lesson is None:
            print(f"caucus: no lesson '{version_of}'", file=sys.stderr)
            return 1
        print(lesson.original.version)
        return 0
    others = [l for l in settings.languages if l != settings.default_lang]
    rows = status_table(project)
    print(format_table(rows, others))
    if require_current and any(state != CURRENT for row in rows for state in row.states.values()):
        print("caucus translations: some translations are missing, stale or not reviewed", file=sys.stderr)
        return 1
    return 0


def _report(settings: SiteSettings, ref: str, fmt: str, preview_url: str | None, with_handouts: bool) -> int:
    if preview_url is not None and not re.fullmatch(r"https://[^\s()<>\[\]`]+", preview_url):
        print(f"caucus: --preview-url must be an https:// address without spaces or brackets (got '{preview_url}')", file=sys.stderr)
        return 2
    try:
        commit = revisions.resolve(settings.root, ref)
        with tempfile.TemporaryDirectory(prefix="caucus-report-") as scratch:
            base_root = Path(scratch) / "base" / settings.root.relative_to(revisions.top_level(settings.root)).as_posix()
            base_docs = revisions.extract(settings.root, commit, settings.docs_dir, Path(scratch) / "base")
            made = _make_report(settings, ref, commit, base_root, base_docs, Path(scratch) / "handouts", with_handouts, preview_url)
    except revisions.RevisionError as exc:
        print(f"caucus report: {exc}", file=sys.stderr)
        return 2
    if fmt == "json":
        print(json.dumps(made.as_data(), ensure_ascii=False, indent=2))
    else:
        gettext = translations_for(settings.translations_dir, made.language).gettext
        print(report.render_markdown(made, gettext, settings.language_names), end="")
    return 0


def _make_report(
    settings: SiteSettings, ref: str, commit: str, base_root: Path, base_docs: Path, scratch: Path, with_handouts: bool, preview_url: str | None
) -> report.Report:
    head = load_project(settings.docs_dir, settings.default_lang, settings.languages, settings.root)
    base = load_project(base_docs, settings.default_lang, settings.languages, base_root)
    models = Models(head, settings.markdown)
    problems = check(head, models=models)
    base_models = Models(base, settings.markdown)
    base_problems = check(base, models=base_models)
    handouts = settings.handouts
    count_pages = None
    state = "off" if handouts is None else "skipped"
    if handouts is not None and with_handouts:
        try:
            renderer = PdfRenderer(settings.root / handouts.cache_dir, min(2, os.cpu_count() or 1))
        except (ImportError, OSError) as exc:
            print(f"caucus report: handouts are not counted: WeasyPrint cannot run here ({exc})", file=sys.stderr)
        else:
            state = "rendered"
            gettext_for = functools.cache(lambda lang: translations_for(settings.translations_dir, lang).gettext)
            # Each side in its own folder: their handouts have the same paths.
            sides = {id(head): (models, scratch / "head"), id(base): (base_models, scratch / "base")}

            def count_pages(project: Project, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
                side_models, folder = sides[id(project)]
                return participant_page_counts(project, pairs, side_models, gettext_for, handouts.papers[0], settings.site_url, renderer, folder)

    try:
        return report.build_report(
            base,
            head,
            report.changed_files(base_docs, settings.docs_dir),
            problems,
            base_problems,
            ref=ref,
            commit=commit,
            docs_prefix=settings.docs_dir.relative_to(settings.root).as_posix(),
            count_pages=count_pages,
            handouts=state,
            paper=PAPERS.get(handouts.papers[0], handouts.papers[0]) if handouts else "",
            page_budget=handouts.max_participant_pages if handouts else 0,
            preview_url=preview_url,
        )
    finally:
        if count_pages is not None:
            renderer.close()


def _new_lesson(settings: SiteSettings, title: str, setting: str, topic: str) -> int:
    for value, allowed, what in ((setting, vocabulary.SETTINGS, "setting"), (topic, vocabulary.TOPICS, "topic")):
        if value not in allowed:
            print(f"caucus: unknown {what} '{value}'{did_you_mean(value, allowed)} (choose from: {', '.join(allowed)})", file=sys.stderr)
            return 2
    slug = slugify(title)
    if not slug:
        print("caucus: the title needs at least one letter or digit from a to z: the file name is made from it", file=sys.stderr)
        return 2
    target = settings.docs_dir / LESSONS_DIR / f"{slug}.md"
    if target.exists():
        print(f"caucus: {target} already exists; choose another title", file=sys.stderr)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(scaffold.new_lesson_text(title, setting, topic), encoding="utf-8")
    print(f"wrote {_rel(target)}: replace every 'Write ...' text, then run 'caucus check {_rel(target)}' and preview with 'mkdocs serve'")
    return 0


def _new_translation(settings: SiteSettings, lesson_id: str, lang: str) -> int:
    if lang not in settings.languages or lang == settings.default_lang:
        others = [l for l in settings.languages if l != settings.default_lang]
        print(f"caucus: '{lang}' is not a translation language of this site; choose from: {', '.join(others)}", file=sys.stderr)
        return 2
    project = load_project(settings.docs_dir, settings.default_lang, settings.languages)
    slug = Path(lesson_id).name.split(".")[0]
    lesson = project.lessons.get(slug)
    if lesson is None:
        english = settings.docs_dir / LESSONS_DIR / f"{slug}.md"
        if english.is_file():
            print(f"caucus: {_rel(english)} cannot be read as a lesson; run 'caucus check {_rel(english)}' and fix it first", file=sys.stderr)
        else:
            print(f"caucus: no lesson '{slug}' in {_rel(settings.docs_dir / LESSONS_DIR)}{did_you_mean(slug, project.lessons)}", file=sys.stderr)
        return 1
    target = lesson.original.path.with_name(f"{slug}.{lang}.md")
    if target.exists():
        print(f"caucus: {_rel(target)} already exists; edit it ('caucus translations' shows whether it is out of date)", file=sys.stderr)
        return 1
    target.write_text(scaffold.translation_text(lesson), encoding="utf-8")
    print(f"wrote {_rel(target)}: translate the text (keep the '///' lines and option names as they are), then run 'caucus check {_rel(target)}'")
    return 0


def _rel(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def run() -> None:
    try:
        code = main()
        sys.stdout.flush()
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        # Whoever read our output stopped ('caucus translations | head'): stop quietly,
        # and let nothing more be written to the closed pipe (Python's advice).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 1
    sys.exit(code)
