"""Translations passage by passage: one PO file per lesson and language
(``translations/lessons/<lang>/<slug>.po``), kept in step with the translation's
Markdown (``lesson.<lang>.md``), so that a translator can work in either.

Each entry is one passage (see ``passages``): ``msgctxt`` its key, ``msgid`` the
English text, ``msgstr`` the translation, a comment naming what it is and its line in
the English file. When the English text of a passage changes, its entry turns fuzzy with
the previous English as ``#| msgid``, as gettext's own tools do, and the lesson counts
one passage behind.

``sync`` brings a pair in step. The PO file's header remembers what the last sync wrote
(a hash of the Markdown file and of the translated strings), so it can tell which side a
translator changed since: the changed side is taken; when both changed and disagree on a
passage, it stops and names the file, the line and the passage. Running it twice changes
nothing."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import polib

from .i18n import language_name
from .passages import Cut, Passage, cut, front_values, kept_against, rebuild
from .problems import Problem
from .project import Lesson, LessonText, Project

PO_FOLDER = "lessons"
NO_VERSION = "000000000000"  # a translation begun in a PO file follows no English version yet
DRAFT, REVIEWED = "draft", "reviewed"
# What the header remembers (see the module's doc).
MARKDOWN_HASH, STRINGS_HASH, SOURCE_VERSION, STATE = "X-Caucus-Markdown", "X-Caucus-Strings", "X-Caucus-Source", "X-Caucus-State"


def po_path(translations_dir: Path, lang: str, slug: str) -> Path:
    return translations_dir / PO_FOLDER / lang / f"{slug}.po"


@dataclass(frozen=True)
class Entry:
    key: str
    msgid: str  # the English passage
    msgstr: str  # its translation ('' when there is none yet)
    comment: str = ""
    fuzzy: bool = False  # the English changed since it was translated
    previous: str | None = None  # the English it was translated from, when fuzzy

    @property
    def behind(self) -> bool:
        return self.fuzzy or not self.msgstr


@dataclass
class Catalog:
    entries: dict[str, Entry] = field(default_factory=dict)
    header: dict[str, str] = field(default_factory=dict)

    @property
    def behind(self) -> int:
        return sum(1 for e in self.entries.values() if e.behind)

    def strings_hash(self) -> str:
        return _hash(json.dumps([[e.key, e.msgstr, e.fuzzy] for e in self.entries.values()], ensure_ascii=False))


class CatalogError(Exception):
    """A PO file that cannot be read, as a problem naming it."""

    def __init__(self, problem: Problem):
        super().__init__(problem.format())
        self.problem = problem


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# The lines a PO file may have (gettext's format, as far as these files use it): polib
# reads some broken lines without a word (a string left open loses its last letter), so
# each line is held to this first.
_STRING = r'"(?:[^"\\]|\\.)*"'
_PO_LINE = re.compile(rf"^(?:#.*|(?:#~ )?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+{_STRING}|(?:#~ )?{_STRING}|)[ \t]*$")


def _syntax_problem(text: str) -> tuple[int, str] | None:
    for number, line in enumerate(text.split("\n"), start=1):
        if not _PO_LINE.match(line.rstrip("\r")):
            return number, f"this line is not a PO file's ('{line[:60]}'): a text must be written in double quotes, with \\\" for a quote inside it"
    return None


def read_catalog(path: Path, shown: str) -> Catalog:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(Problem(shown, 1, f"this PO file cannot be read ({exc}); it must be UTF-8 text")) from None
    if (found := _syntax_problem(text)) is not None:
        raise CatalogError(Problem(shown, found[0], f"{found[1]}; check the file with 'msgfmt --check {shown}'"))
    try:
        po = polib.pofile(text, encoding="utf-8", wrapwidth=0)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise CatalogError(
            Problem(shown, _line_of_error(str(exc)), f"this PO file cannot be read ({exc}); check it with 'msgfmt --check {shown}' or restore it from git")
        ) from None
    catalog = Catalog(header=dict(po.metadata))
    for entry in po:
        if entry.obsolete or not entry.msgctxt:
            continue
        catalog.entries[entry.msgctxt] = Entry(entry.msgctxt, entry.msgid, entry.msgstr, entry.comment, "fuzzy" in entry.flags, entry.previous_msgid)
    return catalog


def _line_of_error(message: str) -> int:
    digits = [int(word) for word in message.replace(")", " ").split() if word.isdigit()]
    return digits[-1] if digits else 1


def write_catalog(catalog: Catalog, lang: str, slug: str, revised: str | None = None) -> str:
    """The PO file's text. ``revised``: when its translations last changed (kept from
    the header when None), as gettext's tools write it."""
    po = polib.POFile(wrapwidth=0)
    po.header = f"Translation of the lesson '{slug}' (docs/lessons/{slug}.md) into '{lang}'. Written by 'caucus translations sync'."
    po.metadata = {
        "Project-Id-Version": f"caucus lesson {slug}",
        "PO-Revision-Date": revised or catalog.header.get("PO-Revision-Date") or "2026-01-01 00:00+0000",
        "Last-Translator": catalog.header.get("Last-Translator") or "the translators of the caucus study circles <no address>",
        "Language-Team": catalog.header.get("Language-Team") or f"{language_name(lang, 'en')} ({lang})",
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        **{k: v for k, v in catalog.header.items() if k.startswith("X-Caucus-")},
    }
    for entry in catalog.entries.values():
        po.append(
            polib.POEntry(
                msgctxt=entry.key,
                msgid=entry.msgid,
                msgstr=entry.msgstr,
                comment=entry.comment,
                flags=["fuzzy"] if entry.fuzzy else [],
                previous_msgid=entry.previous if entry.fuzzy else None,
            )
        )
    return str(po) + "\n"


def comment_of(passage: Passage, slug: str) -> str:
    where = "the front matter" if passage.region_kind == "front matter" else f"'{passage.region}'" if passage.region != "text" else "the text between blocks"
    return f"{passage.what} in {where}, line {passage.line} of docs/lessons/{slug}.md"


def merge(english: Iterable[Passage], old: dict[str, Entry], slug: str) -> dict[str, Entry]:
    """The catalog for the English as it is now, keeping every translation that still
    applies (as msgmerge does): the same passage with the same English keeps its
    translation; English text found elsewhere in the old catalog takes that translation;
    a passage whose English changed keeps its translation, fuzzy, with the old English."""
    english = list(english)
    translated = {e.msgid: e for e in old.values() if e.msgstr}
    still_there = {p.text for p in english}
    entries = {}
    for passage in english:
        comment = comment_of(passage, slug)
        same = old.get(passage.key)
        if same is not None and same.msgid == passage.text:
            entries[passage.key] = replace(same, comment=comment)
        elif passage.text in translated:
            found = translated[passage.text]
            entries[passage.key] = Entry(passage.key, passage.text, found.msgstr, comment, found.fuzzy, found.previous)
        elif same is not None and same.msgstr and same.msgid not in still_there:  # not moved elsewhere
            previous = same.previous if same.fuzzy and same.previous is not None else same.msgid
            entries[passage.key] = Entry(passage.key, passage.text, same.msgstr, comment, True, previous)
        else:
            entries[passage.key] = Entry(passage.key, passage.text, "", comment)
    return entries


@dataclass
class Synced:
    """What ``sync`` decided for one translation: the texts to write (None: unchanged)."""

    po: str | None = None
    markdown: str | None = None
    problems: list[Problem] = field(default_factory=list)


def sync(
    lesson: Lesson,
    lang: str,
    catalog: Catalog | None,
    translation: LessonText | None,
    shown_md: str,
    po_text: str | None = None,
) -> Synced:
    """Bring the PO catalog and the Markdown translation of ``lesson`` in ``lang`` in
    step with each other and with the English. ``catalog``/``po_text``: the PO file as
    read and as it is on disk (None: there is none); ``translation``: the Markdown file
    read (None: there is none)."""
    english = lesson.original
    english_cut = cut(kept_against(english, translation))
    md_text = translation.source.text if translation is not None else None
    old = catalog or Catalog()
    state = str((translation.meta.get("translation") or {}).get("state", "")) if translation else ""
    source = str((translation.meta.get("translation") or {}).get("source", "")) if translation else ""
    md_changed = catalog is not None and md_text is not None and catalog.header.get(MARKDOWN_HASH) != _hash(md_text)
    po_changed = catalog is not None and catalog.header.get(STRINGS_HASH) != catalog.strings_hash()
    if catalog is not None and md_changed and not po_changed and source == english.version:
        # The Markdown was brought up to the English as it is now and stamped with its
        # version (the way of the contributor guide): it is the translation, as at first.
        catalog = None
    if catalog is None:
        if translation is None:
            return Synced()
        # The first sync: the Markdown is the translation. If it fell behind the English,
        # nobody knows which passages: every one is marked to be looked at.
        imported, problems = _passages_of(translation, english_cut, shown_md)
        if problems:
            return Synced(problems=problems)
        stale = source != english.version
        old = Catalog(
            # A passage still in English (a new translation's copy) is not translated yet.
            {p.key: Entry(p.key, p.text, _translated(imported.get(p.key, ""), p.text), "", stale and p.key in imported, None) for p in english_cut.passages},
            {SOURCE_VERSION: source, STATE: state or DRAFT},
        )
    else:
        if md_changed and translation is not None:
            imported, problems = _passages_of(translation, None, shown_md, old)
            if problems:
                return Synced(problems=problems)
            edits = {
                key: text
                for key, text in imported.items()
                if key in old.entries and text != old.entries[key].msgstr and not (not old.entries[key].msgstr and text == old.entries[key].msgid)
            }
            if po_changed and edits:
                lines = {p.key: p.line for p in cut(translation.written).passages}
                return Synced(
                    problems=[
                        Problem(
                            shown_md,
                            lines.get(key, 1),
                            f"passage '{key}' was changed both here and in the PO file since the last sync; keep one: copy the text you want into the other file, then run 'caucus translations sync' again",
                        )
                        for key in sorted(edits, key=lambda k: lines.get(k, 0))
                    ]
                )
            for key, text in edits.items():
                old.entries[key] = replace(old.entries[key], msgstr=text, fuzzy=False, previous=None)
            if state:
                old.header[STATE] = state
    new = Catalog(merge(english_cut.passages, old.entries, lesson.slug), dict(old.header))
    if not new.behind:
        new.header[SOURCE_VERSION] = english.version
    new.header.setdefault(STATE, DRAFT)
    markdown = translation_markdown(english, english_cut, new)
    new.header[MARKDOWN_HASH] = _hash(markdown)
    revised = None if new.strings_hash() == old.header.get(STRINGS_HASH) else now()
    new.header[STRINGS_HASH] = new.strings_hash()
    written = write_catalog(new, lang, lesson.slug, revised)
    return Synced(po=written if written != po_text else None, markdown=markdown if markdown != md_text else None)


def _translated(text: str, english: str) -> str:
    return "" if text == english else text


def translation_markdown(english: LessonText, english_cut: Cut, catalog: Catalog) -> str:
    """The Markdown translation that a catalog gives: the English skeleton, each passage
    translated (the English where there is no translation yet)."""
    texts = {e.key: e.msgstr for e in catalog.entries.values() if e.msgstr}
    record = {"source": catalog.header.get(SOURCE_VERSION) or NO_VERSION, "state": catalog.header.get(STATE, DRAFT)}
    return rebuild(english_cut, texts, {**front_values(english, texts), "translation": record})


def _passages_of(translation: LessonText, english_cut: Cut | None, shown: str, catalog: Catalog | None = None) -> tuple[dict[str, str], list[Problem]]:
    """The translation's passages by key, if they are those of the English (or of the
    catalog, as the last sync wrote them); else problems naming what does not match."""
    own = cut(translation.written)
    expected = english_cut.by_key if english_cut is not None else (catalog.entries if catalog else {})
    problems = [
        Problem(
            shown,
            p.line,
            f"passage '{p.key}' ({p.what}) has no counterpart in the English lesson, which has its passages in another order or number there; make this part match the English paragraph by paragraph, or edit the PO file instead",
        )
        for p in own.passages
        if p.key not in expected
    ]
    missing = [key for key in expected if key not in own.by_key and not key.split("/")[1] == "front"]
    if missing and not problems:
        problems.append(
            Problem(
                shown,
                translation.source.body_line,
                f"the translation lacks passage '{missing[0]}' of the English{f' (and {len(missing) - 1} more)' if len(missing) > 1 else ''}; add it, or run 'caucus translations sync' after undoing the change that removed it",
            )
        )
    return {p.key: p.text for p in own.passages}, problems


# --- the files of a project ----------------------------------------------------------


@dataclass
class SyncReport:
    written: list[Path] = field(default_factory=list)  # written, or that would be (check)
    problems: list[Problem] = field(default_factory=list)


def sync_project(project: Project, translations_dir: Path, check_only: bool = False, only: str | None = None) -> SyncReport:
    """``sync`` for every translated lesson (or ``only`` that lesson) in every language;
    with ``check_only``, nothing is written and ``written`` lists what would change."""
    report = SyncReport()
    for lesson in project.sorted_lessons():
        if only is not None and lesson.slug != only:
            continue
        for lang in project.languages:
            if lang == project.default_lang:
                continue
            po_file = po_path(translations_dir, lang, lesson.slug)
            translation = lesson.translations.get(lang)
            md_file = lesson.original.path.with_name(f"{lesson.slug}.{lang}.md")
            if translation is None and md_file.exists():
                continue  # a file that could not be read: the checker says why
            if translation is None and not po_file.is_file():
                continue
            shown_md = project.name_of(md_file)
            try:
                catalog = read_catalog(po_file, project.name_of(po_file)) if po_file.is_file() else None
            except CatalogError as exc:
                report.problems.append(exc.problem)
                continue
            po_text = po_file.read_text(encoding="utf-8") if po_file.is_file() else None
            synced = sync(lesson, lang, catalog, translation, shown_md, po_text)
            report.problems += synced.problems
            for path, text in ((po_file, synced.po), (md_file, synced.markdown)):
                if text is None:
                    continue
                report.written.append(path)
                if not check_only:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(text, encoding="utf-8")
    return report


def accept(project: Project, translations_dir: Path, slug: str, key: str | None = None) -> list[Path]:
    """Accept the English changes of a lesson (or of one passage) as needing no new
    translation, in every language: its fuzzy entries are translated again. Returns the
    PO files changed (``sync_project`` then writes the Markdown)."""
    changed = []
    for lang in project.languages:
        path = po_path(translations_dir, lang, slug)
        if lang == project.default_lang or not path.is_file():
            continue
        catalog = read_catalog(path, project.name_of(path))
        accepted = {k: replace(e, fuzzy=False, previous=None) for k, e in catalog.entries.items() if e.fuzzy and e.msgstr and (key is None or k == key)}
        if not accepted:
            continue
        catalog.entries.update(accepted)
        path.write_text(write_catalog(catalog, lang, slug, now()), encoding="utf-8")
        changed.append(path)
    return changed


def read_passage_status(project: Project, translations_dir: Path | None) -> None:
    """Fill ``project.behind`` with (passages behind the English, passages) and
    ``project.changed`` with the keys of the fuzzy passages, for each translation that
    has a PO file."""
    if translations_dir is None:
        return
    for slug in project.lessons:
        for lang in project.languages:
            path = po_path(translations_dir, lang, slug)
            if lang == project.default_lang or not path.is_file():
                continue
            try:
                catalog = read_catalog(path, project.name_of(path))
            except CatalogError:
                continue  # the sync and the checker report it
            project.behind[(slug, lang)] = (catalog.behind, len(catalog.entries))
            project.changed[(slug, lang)] = frozenset(e.key for e in catalog.entries.values() if e.fuzzy and e.msgstr)
