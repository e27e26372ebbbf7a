"""The bridge: the only module that knows MkDocs' objects and mkdocs-static-i18n's
internals (its plugin's attributes, the attributes it gives files, its nested builds).
The plugins' hooks ask it; the core never sees MkDocs. tests/unit/test_bridge.py fails
loudly if a static-i18n release changes what this relies on."""

from __future__ import annotations

import copy
import logging
import os
import re
import stat
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from .core import schema, text_language
from .core.checker import IMAGE_SUFFIXES, SERIES_FIELDS
from .core.i18n import text_direction
from .core.layout import HandoutPlan, Layout
from .core.model import Models
from .core.project import LESSONS_DIR, SERIES_DIR, Project, split_language
from .core.reuse import Kept, digest


def i18n_plugin(config: MkDocsConfig):
    return config.plugins.get("i18n")


def page_alternates(config: MkDocsConfig) -> list[dict[str, Any]]:
    """The language links static-i18n set for the page being rendered (``extra.alternate``,
    a list of dicts with ``lang``, ``name`` and ``link``), to be changed in place. static-i18n
    sets it as an attribute of ``config.extra`` (which the theme reads before the item)."""
    extra = config.extra
    found = getattr(extra, "alternate", None) or (extra.get("alternate") if extra else None)
    return found if isinstance(found, list) else []


# Set on static-i18n's plugin object when a preview builds fewer languages than the site has.
_SITE_LANGUAGES = "caucus_site_languages"


def languages(config: MkDocsConfig) -> tuple[str, list[str]]:
    """(default language, the site's languages) from the i18n plugin, or English alone:
    every language mkdocs.yml builds, even while a preview builds only some of them."""
    plugin = i18n_plugin(config)
    if plugin is None:
        return "en", ["en"]
    return plugin.default_language, list(getattr(plugin, _SITE_LANGUAGES, None) or plugin.build_languages)


def built_languages(config: MkDocsConfig) -> list[str]:
    """The languages this build writes (all of the site's but while previewing)."""
    plugin = i18n_plugin(config)
    return list(plugin.build_languages) if plugin is not None else languages(config)[1]


def build_only(config: MkDocsConfig, keep: list[str]) -> None:
    """Make static-i18n build only ``keep`` (before its on_config, which reads the
    flags to list the switcher's languages and to plan its nested builds)."""
    plugin = i18n_plugin(config)
    if plugin is None:
        return
    setattr(plugin, _SITE_LANGUAGES, languages(config)[1])
    for entry in plugin.config.languages:
        if entry.build and str(entry.locale) not in keep:
            entry.build = False


def language_names(config: MkDocsConfig) -> dict[str, str]:
    """Each language's name as mkdocs.yml gives it to static-i18n (what its switcher shows)."""
    plugin = i18n_plugin(config)
    if plugin is None:
        return {}
    return {str(entry.locale): str(entry.name) for entry in plugin.config.languages}


def current_language(config: MkDocsConfig) -> str:
    plugin = i18n_plugin(config)
    if plugin is None or plugin.current_language is None:
        return languages(config)[0]
    return plugin.current_language


def file_language(file: File, default: str | None = None) -> str | None:
    """The language static-i18n gave a file (a fallback copy keeps its source's)."""
    return getattr(file, "locale", default)


def mark_text_languages(page: Page, html: str, lang: str) -> None:
    """What Material repeats of a page outside its content, marked with the language it
    is written in where that is not the build's ``lang``: the page's title (in the
    navigation, through the ``typeset`` attribute Material's nav reads, and in the header
    and footer, through ``caucus_text_lang`` that overrides/partials read) when the page is
    a fallback copy, and the table of contents' entries of headings in another language."""
    text_lang = file_language(page.file, lang) or lang
    if text_lang != lang:
        page.typeset = {"title": text_language.marked_text(page.title or "", text_lang)}  # type: ignore[attr-defined]
        page.caucus_text_lang = text_lang  # type: ignore[attr-defined]
        page.caucus_text_dir = text_direction(text_lang)  # type: ignore[attr-defined]
    others = text_language.headings_in_other_languages(html, lang)
    if not others:
        return
    items = list(page.toc)
    while items:
        item = items.pop()
        items.extend(item.children)
        if item.id in others:
            item_lang, content = others[item.id]
            item.typeset = {"title": text_language.marked(content, item_lang)}  # type: ignore[attr-defined]


def is_nested_language_build(config: MkDocsConfig) -> bool:
    """True while static-i18n re-runs the build for a non-default language."""
    plugin = i18n_plugin(config)
    return bool(plugin is not None and getattr(plugin, "building", False))


def layout(config: MkDocsConfig, papers: tuple[str, ...] = ()) -> Layout:
    """The map of this build's outputs (every built language), with MkDocs' own relative-URL helper."""
    default, langs = languages(config)[0], built_languages(config)
    return Layout(default, tuple(langs), bool(config.use_directory_urls), tuple(papers), relative_url=get_relative_url)


def handout_plan(config: MkDocsConfig) -> HandoutPlan | None:
    """What the caucus-handouts plugin will write (None: it is off or absent). The one
    thing the lessons plugin needs to know of it, to link handouts and list them."""
    handouts = config.plugins.get("caucus-handouts")
    if handouts is None or not handouts.config.enabled:
        return None
    return HandoutPlan(tuple(handouts.config.papers), pdfs=handouts.renders_pdfs)


def lessons_project(config: MkDocsConfig) -> Project | None:
    """The project the caucus-lessons plugin read for this build (None: it is off)."""
    lessons = config.plugins.get("caucus-lessons")
    return getattr(lessons, "project", None) if lessons is not None and lessons.config.enabled else None


def lessons_models(config: MkDocsConfig) -> Models | None:
    """The lesson models of this build (each text rendered once), from caucus-lessons."""
    lessons = config.plugins.get("caucus-lessons")
    return getattr(lessons, "models", None) if lessons is not None and lessons.config.enabled else None


def theme_stylesheets(config: MkDocsConfig) -> list[str]:
    """The stylesheets the theme's own ``base.html`` links (Material's, with the hashed
    names of its release), site-relative; the site's one stylesheet is cut from them
    (core/stylesheet.py). Empty when the theme is not one whose base.html this reads."""
    for folder in config.theme.dirs:
        base = Path(folder) / "base.html"
        if base.is_file():
            styles = re.search(r"{%-?\s*block styles\s*-?%}(.*?){%-?\s*endblock", base.read_text(encoding="utf-8"), re.S)
            return re.findall(r"""['"](assets/stylesheets/[^'"]+?\.css)['"]""", styles.group(1)) if styles else []
    return []


def template_overrides(config: MkDocsConfig) -> str | None:
    """The theme's overrides folder for our templates (``<custom_dir>/caucus``), if any."""
    custom = config.theme.custom_dir
    return os.path.join(custom, "caucus") if custom else None


def translations_dir(config: MkDocsConfig) -> Path:
    """The gettext catalogs' folder, as the caucus-lessons plugin is configured."""
    lessons = config.plugins.get("caucus-lessons")
    folder = lessons.config.translations_dir if lessons is not None else "translations"
    return Path(config.config_file_path or ".").parent.resolve() / folder


def add_generated(files: Files, config: MkDocsConfig, where: Layout, src_uri: str, content: str, lang: str, text_lang: str | None = None) -> File:
    """Add a generated page in ``lang``, giving it what static-i18n gives its own
    files so that the language switcher links each language's copy. ``text_lang``: the
    language its text is in, when it is not ``lang`` (a copy of the original, as
    static-i18n's fallback pages are)."""
    page = where.page(src_uri, lang)
    existing = files.get_file_from_path(src_uri)
    if existing is not None and existing.generated_by is None:
        files.remove(existing)
    file = File.generated(config, src_uri, content=content)
    file.dest_uri = page.dest
    i18n: Any = file  # the attributes static-i18n gives files, which mkdocs' File does not declare
    i18n.locale = text_lang or lang
    i18n.locale_alternate_of = lang
    i18n.localization = None if lang == where.default_lang else lang
    i18n.alternates = {other: SimpleNamespace(url=where.page(src_uri, other).url or "./", locale=other) for other in where.languages}
    i18n.alternates[lang] = file
    files.append(file)
    return file


def docs_path(config: MkDocsConfig, file: File) -> str:
    """A page's source as a contributor names it (docs/lessons/x.md)."""
    if file.abs_src_path is None:
        return file.src_uri
    root = Path(config.config_file_path or ".").parent
    return Path(os.path.relpath(file.abs_src_path, root)).as_posix()


def source_fields(src_uri: str) -> set[str]:
    """The front-matter keys a source page of this kind may have besides the theme's."""
    folder = src_uri.split("/", 1)[0]
    if folder == LESSONS_DIR:
        return {f.name for f in schema.LESSON_FIELDS} | {"translation"}
    if folder == SERIES_DIR:
        return set(SERIES_FIELDS)
    return set()


def unreadable_sources(files: Files, config: MkDocsConfig, project: Project) -> list[File]:
    """Files of the docs folder that the build must not open or publish: anything but a
    regular file inside docs/ (a named pipe, a dangling link, a link out of docs/),
    anything but a page or an image, and lesson or series files that the checker could
    not read, or never saw."""
    docs = os.path.abspath(config.docs_dir)
    real_docs = os.path.realpath(docs)
    named = {problem.path for problem in project.problems}
    readable = {os.path.realpath(path) for path, name in project.shown.items() if name not in named}
    refused = []
    for file in files:
        if file.generated_by is not None or not file.abs_src_path:
            continue
        path = os.path.abspath(file.abs_src_path)
        if not path.startswith(docs + os.sep):
            continue  # theme files
        real = os.path.realpath(path)
        try:
            regular = stat.S_ISREG(os.stat(path).st_mode)
        except OSError:  # dangling or looping link
            regular = False
        if not regular or not (real == real_docs or real.startswith(real_docs + os.sep)):
            refused.append(file)
            continue
        if not path.lower().endswith((".md",) + IMAGE_SUFFIXES):
            refused.append(file)  # published as it is: a script, a stylesheet, an SVG
            continue
        parts = Path(os.path.relpath(path, docs)).parts
        if parts and parts[0] in (LESSONS_DIR, SERIES_DIR) and path.endswith(".md") and real not in readable:
            refused.append(file)
    return refused


def fallback_source(file: File, project: Project, langs: list[str]) -> str | None:
    """For a lesson translation that was left out: its lesson's original, which the
    language's page then shows (with the "not translated yet" notice), as static-i18n
    does for a translation that does not exist."""
    if not file.abs_src_path or not file.abs_src_path.endswith(".md"):
        return None
    stem, lang, _unknown = split_language(os.path.basename(file.abs_src_path), langs)
    lesson = project.lessons.get(stem)
    if lang is None or lesson is None or os.path.basename(os.path.dirname(file.abs_src_path)) != LESSONS_DIR:
        return None
    return str(lesson.original.path)


def files_signature(files: Files) -> str:
    """What a page's links resolve against: every file and where it is written."""
    return digest(sorted((f.src_uri, f.dest_uri) for f in files))


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def reuse_rendering(page: Page, kept: Kept[tuple[Any, ...]], site: str) -> None:
    """While serving: a page whose Markdown, place and site are what they were at the
    last rebuild gets that rebuild's HTML, table of contents and anchors, instead of a
    new conversion. A conversion that warned (a broken link) is never kept, so its
    warning comes again on every rebuild until it is fixed."""
    convert = page.render

    def render(config: MkDocsConfig, files: Files) -> None:
        key = digest(site, page.file.src_uri, page.file.dest_uri, page.markdown, list(config.markdown_extensions), dict(config.mdx_configs), config.validation)
        found = kept.get(key)
        if found is not None:
            content, toc, title, anchors, links = found
            page.content, page.toc, page._title_from_render = content, copy.deepcopy(toc), title
            page.present_anchor_ids = set(anchors)
            if links is not None:
                page.links_to_anchors = {linked: dict(anchor) for src, anchor in links.items() if (linked := files.get_file_from_path(src)) is not None}
            return
        warnings = _Warnings()
        watched = logging.getLogger("mkdocs")
        watched.addHandler(warnings)
        try:
            convert(config, files)
        finally:
            watched.removeHandler(warnings)
        if warnings.count == 0:
            links = None if page.links_to_anchors is None else {linked.src_uri: dict(anchor) for linked, anchor in page.links_to_anchors.items()}
            kept.put(key, (page.content, copy.deepcopy(page.toc), page._title_from_render, set(page.present_anchor_ids or ()), links))

    page.render = render  # type: ignore[method-assign]
