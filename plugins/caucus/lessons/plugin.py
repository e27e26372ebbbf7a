"""Hooks of the ``caucus-lessons`` plugin. Each gathers what it needs from MkDocs
and hands the work to the core (``caucus.core``)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger

from .. import bridge
from ..core import (
    alternates,
    edit_links,
    layout,
    manifest,
    pages,
    preview,
    projector,
    sanitize,
    scaffold,
    search,
    sitemap,
    source,
    source_note,
    stylesheet,
    templates,
    text_language,
)
from ..core.assembly import PageAssembly
from ..core.checker import check
from ..core.i18n import translations_for
from ..core.lesson_po import read_passage_status
from ..core.model import Models
from ..core.problems import ERROR
from ..core.project import LESSONS_DIR, SERIES_DIR, Project, drop_unreadable, load_project, split_language
from ..core.render import MarkdownSetup, Rendered
from ..core.reuse import Kept, KeptBytecode
from ..core.schema import field_table_markdown
from .config import LessonsConfig

log = get_plugin_logger(__name__)

FIELD_TABLE_MARKER = "<!-- caucus:field-table -->"
MANIFEST = "build-manifest.json"


class LessonsPlugin(BasePlugin[LessonsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.project: Project | None = None
        self.lang = "en"
        self.models: Models | None = None
        self.assembly: PageAssembly | None = None  # this language's pages (made in on_files)
        self.source_note: source_note.SourceNote | None = None  # the note the lessons teach (curriculum/)
        self.serving = False
        self.search_skip_said = False
        self.preview: preview.PreviewLanguages | None = None  # which languages a serve rebuild builds
        # What a serve rebuild reuses from the one before, keyed by content.
        self.kept_renders: Kept[Rendered] = Kept()  # lesson texts and pages the checker rendered
        self.kept_pages: Kept[tuple] = Kept()  # MkDocs' conversion of each page
        self.kept_clean: Kept[tuple[list[sanitize.Removal], str]] = Kept()  # each page's sanitized HTML and what was removed
        self.kept_judged: Kept[Any] = Kept()  # the checker's verdict on each rendering
        self.kept_reads: Kept[Any] = Kept()  # each YAML text read (front matter, block options)
        self.files_signature = ""
        self.bytecode = KeptBytecode()  # the theme's compiled templates, every build
        self.styles_used = stylesheet.Used()  # what every page of every language carries
        self.not_found_page: str | None = None  # the default language's 404.html

    def on_startup(self, *, command, dirty):
        # Defining this hook also keeps this plugin object from one `mkdocs serve`
        # rebuild to the next (MkDocs 1.4+), and with it what the preview remembers.
        self.serving = command == "serve"

    # Before static-i18n's on_config (-100), which reads which languages to build.
    @event_priority(-90)
    def _choose_languages(self, config):
        if not self.config.enabled or not self.serving or bridge.is_nested_language_build(config):
            return config
        default, langs = bridge.languages(config)
        try:
            requested = preview.parse_choice(self.config.serve_languages, langs)
        except preview.ChoiceError as error:
            raise PluginError(f"{config.config_file_path}: {error}") from None
        if self.preview is None or self.preview.languages != tuple(langs) or self.preview.requested != requested:
            self.preview = preview.PreviewLanguages(default, tuple(langs), requested)
        self.preview.note_files(preview.fingerprints(Path(config.docs_dir)), lambda path: split_language(path.rsplit("/", 1)[-1], langs)[1] or default)
        bridge.build_only(config, self.preview.to_build())
        if (summary := self.preview.summary()) is not None:
            log.info(summary)
        return config

    # static-i18n sets the build language in its own on_config (priority -100).
    @event_priority(-110)
    def _configure(self, config):
        if not self.config.enabled:
            return config
        self.default, self.langs = bridge.languages(config)
        self.lang = bridge.current_language(config)
        self.root = Path(config.config_file_path or ".").parent.resolve()
        translations_dir = self.root / self.config.translations_dir
        self._ = translations_for(translations_dir, self.lang).gettext
        config.mdx_configs.setdefault("caucus_blocks", {}).update(lang=self.lang, translations_dir=str(translations_dir))
        # A site may replace any of our templates with its own in overrides/caucus/.
        templates.use_overrides(bridge.template_overrides(config))
        self.plan = bridge.handout_plan(config)
        self.outputs = bridge.layout(config, self.plan.papers if self.plan else ())
        # Where "Edit this page" and "Help translate it" lead (None: not a GitHub repository).
        self.repo = edit_links.github_repository(config.repo_url, config.edit_uri)
        self.site_url = config.site_url or ""
        if not bridge.is_nested_language_build(config):
            for kept in (self.kept_renders, self.kept_pages, self.kept_clean, self.kept_judged, self.kept_reads):
                kept.new_build()
            source.keep_reads(self.kept_reads if self.serving else None)
            self.styles_used = stylesheet.Used()
            self.not_found_page = None
            # Read everything afresh on each build, so that a lesson edited, renamed or
            # deleted while `mkdocs serve` runs leaves no stale page behind.
            self.project = self._load_and_check(config)
        return config

    on_config = CombinedEvent(_choose_languages, _configure)

    def _load_and_check(self, config) -> Project:
        project = load_project(Path(config.docs_dir), self.default, self.langs, self.root)
        read_passage_status(project, bridge.translations_dir(config))
        # Each lesson text is rendered once per build, in its own language; the checker
        # judges that rendering and the handouts print it.
        setup = MarkdownSetup(list(config.markdown_extensions), dict(config.mdx_configs), kept=self.kept_renders if self.serving else None)
        self.models = Models(project, setup, judged=self.kept_judged if self.serving else None)
        problems = check(project, models=self.models)
        # The source note, its map to the lessons and its translations (the source page).
        folder = self.config.curriculum_dir
        self.source_note, note_problems = source_note.load(self.root / folder, project.lessons, folder.rstrip("/"), self.langs)
        problems += note_problems
        if not self.config.check:
            for problem in problems:
                log.info(f"(check: false) {problem.format()}")
            for name in drop_unreadable(project):
                log.info(f"(check: false) left out, since it could not be read whole: {name}")
            return project
        for problem in problems:
            (log.error if problem.severity == ERROR else log.warning)(problem.format())
        errors = sum(1 for p in problems if p.severity == ERROR)
        if errors:
            raise PluginError(
                f"{errors} problem{'s' * (errors != 1)} in the lessons (listed above); fix them and build again. 'caucus check' prints the same list."
            )
        return project

    @event_priority(-150)
    def on_files(self, files, config):
        if not self.config.enabled or self.project is None:
            return files
        for file in bridge.unreadable_sources(files, config, self.project):
            # Never opened: a named pipe would hang the build, a link out of docs/ would
            # publish a file of the machine, a lesson the checker could not read is unjudged.
            fallback = bridge.fallback_source(file, self.project, self.langs)
            if fallback is not None:
                log.info(f"left out of the build: {file.src_uri} (its lesson's original is shown instead)")
                file.abs_src_path = fallback
            else:
                log.info(f"left out of the build: {file.src_uri}")
                files.remove(file)
        self.assembly = PageAssembly(
            self.project,
            self.outputs,
            self.lang,
            self._,
            self.config.contributing_page,
            self.plan if self.config.link_handouts else None,
            self.repo,
            self.site_url,
            self.source_note,
            safety_page=(Path(config.docs_dir) / layout.SAFETY_SRC).is_file(),
        )
        for src, content in self.assembly.generated_pages():
            bridge.add_generated(files, config, self.outputs, src, content, self.lang)
        for src, content, text_lang in self.assembly.variant_pages():
            bridge.add_generated(files, config, self.outputs, src, content, self.lang, text_lang)
        if self.serving:
            self.files_signature = bridge.files_signature(files)
        return files

    def on_serve(self, server, config, builder):
        # The source page is made from files outside docs/: a preview rebuilds when they change.
        folder = Path(config.config_file_path or ".").parent / self.config.curriculum_dir
        if self.config.enabled and folder.is_dir():
            server.watch(str(folder))
        return server

    def on_env(self, env, config, files):
        env.bytecode_cache = self.bytecode
        if self.config.enabled:
            # overrides/main.html links it in place of the theme's stylesheets.
            env.globals["caucus_stylesheet"] = layout.SITE_STYLESHEET
            env.globals["caucus_scripts"] = layout.SITE_SCRIPTS
        return env

    def on_pre_page(self, page, config, files):
        if self.config.enabled and self.serving:
            bridge.reuse_rendering(page, self.kept_pages, self.files_signature)
        return page

    def on_page_markdown(self, markdown, page, config, files):
        if not self.config.enabled or self.project is None or self.assembly is None:
            return markdown
        # Facilitator notes are rendered only on facilitator pages; everywhere else the
        # Markdown extension drops them, wherever Markdown finds them.
        guide = page.file.generated_by is not None and self.assembly.is_guide(page.file.src_uri)
        blocks_config = config.mdx_configs.setdefault("caucus_blocks", {})
        blocks_config["audience"] = "facilitator" if guide else "participant"
        # A guide shows each part's clock times, computed once in the lesson model.
        slug = page.file.src_uri.rsplit("/", 1)[-1][: -len(".md")]
        blocks_config["clocks"] = self.models.shown(slug, self.lang).clocks if guide and slug in self.project.lessons else []
        page.meta, dropped = sanitize.page_meta(page.meta)
        expected = bridge.source_fields(page.file.src_uri)
        for key in dropped:
            if key not in expected:
                log.warning(f"{bridge.docs_path(config, page.file)}: front matter key '{key}' is not used by this site and was left out; remove it")
        if page.file.generated_by is not None and not self.assembly.searched(page.file.src_uri):
            page.meta["search"] = {"exclude": True}
        text_lang = bridge.file_language(page.file, self.lang) or self.lang
        if text_lang != self.lang:
            # A fallback copy: keep it out of this language's search, whose results
            # are in the reader's language (the original is indexed in its own).
            page.meta["search"] = {"exclude": True}
        src = page.file.src_uri
        folder, name = src.rsplit("/", 1) if "/" in src else ("", src)
        stem, _lang, _bad = split_language(name, self.langs)
        if folder == LESSONS_DIR and stem in self.project.lessons:
            return self.assembly.lesson_markdown(markdown, stem, page.file.src_uri)
        # Any other page shown in a language it is not translated into (static-i18n's
        # fallback to the English): its text is marked as English, what we add to it
        # (a series' sessions) as the page's language.
        if folder == SERIES_DIR and stem in self.project.series:
            return self.assembly.in_text_language(markdown, text_lang) + self.assembly.series_markdown(stem)
        if FIELD_TABLE_MARKER in markdown:
            markdown = markdown.replace(FIELD_TABLE_MARKER, field_table_markdown())
        return self.assembly.in_text_language(scaffold.expand_guide_markers(markdown), text_lang)

    def on_page_content(self, html, page, config, files):
        if not self.config.enabled:
            return html
        # Whatever Markdown made of the page, only the allow-list reaches the reader: the
        # lessons' own, but on the catalog, which also carries our filter's controls.
        profile = sanitize.PAGE if page.file.generated_by is not None and page.file.src_uri.endswith(layout.CATALOG_SRC) else sanitize.LESSON
        removed, clean = sanitize.clean_page(html, profile, self.kept_clean if self.serving else None)
        if removed and self.config.check:
            where = bridge.docs_path(config, page.file)
            for removal in removed[:5]:
                log.warning(f"{where}: removed from the page: {removal.message('pages')}")
        guide = self.assembly is not None and page.file.generated_by is not None and self.assembly.is_guide(page.file.src_uri)
        if not guide and 'data-caucus-block="facilitator"' in clean:
            raise PluginError(f"{page.file.src_uri}: facilitator notes reached a participant page; this is a bug, please report it")
        text_lang = bridge.file_language(page.file, self.lang) or self.lang
        if self.assembly is not None and text_lang != self.lang:
            if "<h1" not in clean:
                # Material would print the fallback page's title as an h1 of the page's language.
                clean = pages.fallback_title(page.title or "", text_lang) + clean
            elif "title" not in page.meta and (heading := text_language.first_heading(clean)):
                # Its h1 is inside the text marked English, where MkDocs does not look for the title.
                page.meta["title"] = heading
        bridge.mark_text_languages(page, clean, self.lang)
        return clean

    def on_post_page(self, output, page, config):
        if not self.config.enabled:
            return output
        self.styles_used.add_page(output)
        if (page.meta.get("search") or {}).get("exclude"):
            return output
        return search.mark_searched(output)

    def on_post_template(self, output_content, template_name, config):
        if not (self.config.enabled and template_name.endswith(".html")):
            return output_content
        # Every language's build writes the theme's 404.html to the same file at the site's
        # root, and its text is the theme's English: the default language's rendering (its
        # lang attribute, its links) stays, not the last language's.
        if template_name == "404.html":
            if self.lang == self.default:
                self.not_found_page = output_content
            elif self.not_found_page is not None:
                output_content = self.not_found_page
        self.styles_used.add_page(output_content)
        return output_content

    # In every language's build (static-i18n's nested builds start at -100, after this).
    @event_priority(0)
    def _write_projector_views(self, config):
        """Each lesson's projector view in this language: a page of our own, outside
        MkDocs' pages (so out of the search index and the sitemap by nature)."""
        if not self.config.enabled or self.project is None or self.models is None:
            return
        translations_dir = self.root / self.config.translations_dir
        site_dir = Path(config.site_dir)
        for lesson in self.project.lessons.values():
            model = self.models.shown(lesson.slug, self.lang)
            here = self.outputs.projector(lesson.slug, self.lang)
            back = self.outputs.link(here, self.outputs.guide(lesson.slug, self.lang))
            # The page speaks the language of the text it shows, as a handout does.
            _ = translations_for(translations_dir, model.lang).gettext
            canonical = self.outputs.absolute(self.site_url, self.outputs.lesson(lesson.slug, self.lang)) if self.site_url else None
            view = projector.projector_view(lesson, self.lang, model, _, back, canonical)
            _write(site_dir / here.dest, projector.projector_page(view, _))

    # After static-i18n (-100) has built every language: the search index of them all.
    @event_priority(-120)
    def _finish_build(self, config):
        if not self.config.enabled or self.project is None or bridge.is_nested_language_build(config):
            return
        if self.serving:
            # Pagefind reads every page of the site (seconds at 1,000 lessons): a preview
            # rebuild skips it, and its search box leads to the catalog instead.
            if not self.search_skip_said:
                log.info("the search index is not made while serving (mkdocs build makes it)")
                self.search_skip_said = True
        else:
            try:
                search.index_site(Path(config.site_dir))
            except search.SearchIndexError as error:
                raise PluginError(str(error)) from error
        sitemap.write_language_sitemaps(Path(config.site_dir), bridge.built_languages(config), self.default)
        self._write_stylesheet(config)
        self._write_manifest(config)

    on_post_build = CombinedEvent(_write_projector_views, _finish_build)

    def _write_stylesheet(self, config) -> None:
        """The pages' one stylesheet: the theme's and ours, cut to what the pages of every
        built language use (the theme's assets are written once, at the site's root)."""
        site_dir = Path(config.site_dir)
        sources = [*bridge.theme_stylesheets(config), *self.config.stylesheets]
        missing = [name for name in sources if not (site_dir / name).is_file()]
        if missing or not sources:
            raise PluginError(f"caucus-lessons: the stylesheets to cut are not in the built site: {', '.join(missing) or 'the theme links none'}")
        for script in [*layout.SITE_SCRIPTS.values(), *map(str, config.extra_javascript)]:
            if (site_dir / script).is_file():
                self.styles_used.add_script((site_dir / script).read_text(encoding="utf-8"))
        for other in config.extra_css:
            if (site_dir / other).is_file():
                self.styles_used.add_stylesheet_references((site_dir / other).read_text(encoding="utf-8"))
        text = stylesheet.site_stylesheet(((name, (site_dir / name).read_text(encoding="utf-8")) for name in sources), self.styles_used)
        _write(site_dir / layout.SITE_STYLESHEET, text)

    def _write_manifest(self, config) -> None:
        """List what every lesson got in every language; fail on anything missing."""
        assert self.project is not None  # on_post_build returns early without one
        site_dir = Path(config.site_dir)
        lessons = manifest.expected_outputs(self.project, self.outputs, self.plan)  # the map lists the built languages
        packets = manifest.expected_packets(self.project, self.outputs, self.plan)
        series = manifest.expected_series_outputs(self.project, self.outputs, self.plan)
        printed = manifest.expected_pages(self.outputs, self.plan, self.assembly is not None and self.assembly.safety_page)
        record, missing = manifest.build_manifest(site_dir, lessons, packets, series, printed)
        (site_dir / MANIFEST).write_text(json.dumps(record, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
        if missing:
            raise PluginError(f"the build left out {len(missing)} expected file{'s' * (len(missing) != 1)} (see {MANIFEST}):\n  " + "\n  ".join(missing))

    def on_page_context(self, context, page, config, nav):
        if not self.config.enabled:
            return context
        # After static-i18n (50) has set this page's language links: site-relative for the
        # menu, absolute for the head's hreflang links (core/alternates.py).
        alternates.fix_alternates(bridge.page_alternates(config), config.site_url)
        # The search box (overrides/partials/search.html): without JavaScript it leads to
        # this language's catalog.
        context["caucus_catalog"] = self.outputs.page(layout.CATALOG_SRC, self.lang).url
        # Material shows page.edit_url as the "Edit this page" button.
        if self.assembly is None or self.repo is None:
            return context
        page.edit_url = self.assembly.edit_url(page.file.src_uri, page.file.generated_by is not None, bridge.file_language(page.file))
        return context


def _write(path: Path, text: str) -> None:
    """Whole or not at all: a server never hands out half a page."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".part")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
