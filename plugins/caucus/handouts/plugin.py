"""Hooks of the ``caucus-handouts`` plugin: after each language's build, write every
lesson's print pages and render its PDFs (and each series' packet) with the core."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger

from ..core import handouts as core
from ..core import sanitize
from ..core.render import MarkdownSetup
from ..core.i18n import translations_for
from ..core.pages import participant_markdown, session_checklist, timed_body
from ..lessons import site
from .config import HandoutsConfig

log = get_plugin_logger(__name__)

INSTALL_HINT = (
    "WeasyPrint cannot run here ({error}). On Debian or Ubuntu install its libraries: "
    "'apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core', "
    "then 'pip install weasyprint'. To build the site without handouts, set CAUCUS_HANDOUTS=false."
)


class HandoutsPlugin(BasePlugin[HandoutsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.renderer: core.PdfRenderer | None = None
        self.serving = False

    def on_startup(self, command, dirty):
        self.serving = command == "serve"

    @event_priority(-120)
    def on_config(self, config):
        if not self.config.enabled:
            return config
        if self.renderer is None:
            try:
                import weasyprint  # noqa: F401  (fail here, with advice, not in a worker)
            except (ImportError, OSError) as exc:
                raise PluginError(INSTALL_HINT.format(error=exc)) from None
            root = Path(config.config_file_path or ".").parent
            self.renderer = core.PdfRenderer(root / self.config.cache_dir, self.config.workers)
        return config

    @property
    def renders_pdfs(self) -> bool:
        return not self.serving or self.config.render_when_serving

    def on_post_build(self, config):
        if not self.config.enabled:
            return
        lessons = config.plugins.get("caucus-lessons")
        project = getattr(lessons, "project", None)
        if project is None:
            return
        lang = site.current_language(config)
        default, langs = site.languages(config)
        root = Path(config.config_file_path or ".").parent.resolve()
        # A handout speaks one language: an untranslated lesson's handout is wholly in
        # the language of its text, labels included, not half in each.
        gettext = functools.cache(lambda text_lang: translations_for(root / lessons.config.translations_dir, text_lang).gettext)
        render = self._markdown_renderer(config)
        labels = core.handout_labels(gettext(lang))
        site_dir = Path(config.site_dir)
        prefix = site.language_prefix(lang, default)
        base_url = (config.site_url or "/").rstrip("/") + "/"
        jobs: list[tuple[str, str, Path]] = []
        participants: dict[str, str] = {}
        for lesson in project.lessons.values():
            text = lesson.text(lang)
            _ = gettext(text.lang)
            url = f"{base_url}{prefix}lessons/{lesson.slug}/"
            common = dict(lang=text.lang, title=str(lesson.field("title", lang)), summary=str(lesson.field("summary", lang) or ""),
                          duration_text=_("%(minutes)d min") % {"minutes": lesson.duration},
                          objectives=[str(o) for o in lesson.field("objectives", lang) or []],
                          key_points=[str(k) for k in lesson.field("key_points", lang) or []], url=url, labels=core.handout_labels(_))
            bodies = {
                "participant": core.handout_body(core.HandoutText(content=render(participant_markdown(text), text.lang, "participant"), **common), "participant", anchor=lesson.slug),
                "facilitator": core.handout_body(core.HandoutText(content=render(timed_body(text), text.lang, "facilitator"), **common), "facilitator",
                                                 core.agenda_rows(lesson, lang, _), session_checklist(text, _)),
            }
            participants[lesson.slug] = bodies["participant"]
            folder = site_dir / prefix / "handouts" / lesson.slug
            folder.mkdir(parents=True, exist_ok=True)
            for edition, body in bodies.items():
                title = f"{common['labels'][edition]}: {common['title']}"
                switcher = self._language_links(lang, default, langs, lesson.slug, edition)
                page = core.document(text.lang, title, switcher + body, None)
                _write(folder / f"{edition}.html", page)
                for paper in self.config.papers:
                    jobs.append((core.document(text.lang, title, body, paper), folder.as_uri() + "/", folder / f"{edition}-{paper}.pdf"))
        for series in project.series.values():
            jobs += self._packet_jobs(project, series, lang, participants, labels, site_dir / prefix / "handouts" / "series")
        if not self.renders_pdfs:
            log.info(f"handouts ({lang}): print pages written; PDFs are not rendered while serving (set render_when_serving: true)")
            return
        try:
            rendered, cached, pages = self.renderer.render_all(jobs, roots=(str(site_dir),))
        except core.RenderError as exc:
            raise PluginError(f"handout failed to render ({lang}): {exc}; no partial PDF was left in the site") from None
        log.info(f"handouts ({lang}): {rendered} rendered, {cached} cached, {len(jobs)} total")
        for destination, count in pages.items():
            if destination.name.startswith("participant-") and count > self.config.max_participant_pages:
                log.warning(f"participant handout of lesson '{destination.parent.name}' ({lang}, {destination.stem.split('-')[-1]}) has {count} page{'s' * (count != 1)}; the budget is {self.config.max_participant_pages}. Shorten the reading or the questions.")

    def _packet_jobs(self, project, series, lang, participants, labels, folder: Path) -> list[tuple[str, str, Path]]:
        slugs = [s for s in series.lessons if s in participants]
        if not slugs:
            return []
        title = str(series.field("title", lang))
        sessions = [(s, str(project.lessons[s].field("title", lang)), participants[s]) for s in slugs]
        body = core.packet_body(title, str(series.field("summary", lang) or ""), labels["contents"], sessions)
        folder.mkdir(parents=True, exist_ok=True)
        return [(core.document(lang, title, body, paper), folder.as_uri() + "/", folder / f"{series.slug}-{paper}.pdf") for paper in self.config.papers]

    @staticmethod
    def _language_links(lang: str, default: str, langs: list[str], slug: str, edition: str) -> str:
        from ..core.i18n import LANGUAGE_NAMES

        links = []
        for other in langs:
            depth = "../../" + ("../" if lang != default else "")
            target = f"{depth}{site.language_prefix(other, default)}handouts/{slug}/{edition}.html"
            current = ' aria-current="page"' if other == lang else ""
            links.append(f'<a href="{target}" hreflang="{other}" lang="{other}"{current}>{core.escape_html(LANGUAGE_NAMES.get(other, other))}</a>')
        return f'<nav class="handout__languages">{"".join(links)}</nav>'

    @staticmethod
    def _markdown_renderer(config):
        setup = MarkdownSetup(list(config.markdown_extensions), dict(config.mdx_configs))

        def render(text: str, lang: str, audience: str) -> str:
            # The print profile of the sanitizer: links keep their text only (they mean
            # nothing on paper), and nothing that WeasyPrint would fetch or embed passes.
            return sanitize.sanitize(setup.render(text, lang, audience).html, sanitize.PRINT)

        return render

    def on_shutdown(self):
        if self.renderer is not None:
            self.renderer.close()


def _write(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".part")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, temporary.with_name(path.name))
