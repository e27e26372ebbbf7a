"""Hooks of the ``caucus-handouts`` plugin: after each language's build, write every
lesson's print pages and render its PDFs (and each series' packet) with the core."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger

from .. import bridge
from ..core import handouts as core
from ..core import kit, templates
from ..core.handout_plan import SAFETY_CARD_PAGES, plan_handouts, plan_safety_card
from ..core.i18n import translations_for
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
        self.safety_page: tuple[str, str, str] | None = None  # (title, HTML, its language) of this language's build

    def on_startup(self, command, dirty):
        self.serving = command == "serve"

    @event_priority(-120)
    def on_config(self, config):
        if not self.config.enabled or not self.config.pdfs:
            return config
        if self.renderer is None:
            try:
                import weasyprint  # noqa: F401  (fail here, with advice, not in a worker)
            except (ImportError, OSError) as exc:
                raise PluginError(INSTALL_HINT.format(error=exc)) from None
            root = Path(config.config_file_path or ".").parent
            self.renderer = core.PdfRenderer(root / self.config.cache_dir, self.config.workers or _cores())
            templates.keep_qr_codes(root / self.config.cache_dir / "qr")
        return config

    # After the lessons plugin (0) has sanitized the page.
    @event_priority(-50)
    def on_page_content(self, html, page, config, files):
        if self.config.enabled and page.file.dest_uri == bridge.layout(config, tuple(self.config.papers)).safety(bridge.current_language(config)).dest:
            self.safety_page = (page.title or "", html, bridge.file_language(page.file) or bridge.current_language(config))
        return html

    @property
    def renders_pdfs(self) -> bool:
        return self.config.pdfs and (not self.serving or self.config.render_when_serving)

    def on_post_build(self, config):
        if not self.config.enabled:
            return
        project, models = bridge.lessons_project(config), bridge.lessons_models(config)
        if project is None or models is None:
            return
        lang = bridge.current_language(config)
        translations_dir = bridge.translations_dir(config)
        gettext_for = functools.cache(lambda text_lang: translations_for(translations_dir, text_lang).gettext)
        layout = bridge.layout(config, tuple(self.config.papers))
        jobs = plan_handouts(project, layout, lang, config.site_url or "/", models, gettext_for, bridge.language_names(config))
        if self.safety_page is not None:
            title, html, text_lang = self.safety_page
            jobs.pdfs += plan_safety_card(layout, lang, config.site_url or "/", title, html, text_lang, gettext_for(text_lang))
            self.safety_page = None
        site_dir = Path(config.site_dir)
        for page in jobs.pages:
            _write(site_dir / page.dest, page.html)
        if not self.renders_pdfs:
            why = "pdfs: false" if not self.config.pdfs else "PDFs are not rendered while serving (set render_when_serving: true)"
            log.info(f"handouts ({lang}): print pages written; {why}")
            return
        pdfs = [(job.html, (site_dir / job.folder).as_uri() + "/", site_dir / job.dest) for job in jobs.pdfs]
        try:
            rendered, cached, pages = self.renderer.render_all(pdfs, roots=(str(site_dir),))
        except core.RenderError as exc:
            raise PluginError(f"handout failed to render ({lang}): {exc}; no partial PDF was left in the site") from None
        log.info(f"handouts ({lang}): {rendered} rendered, {cached} cached, {len(pdfs)} total")
        budget = self.config.max_participant_pages
        long = [job for job in jobs.pdfs if job.refit_html and pages.get(site_dir / job.dest, 0) > budget]
        if long:
            refits = [(job.refit_html, (site_dir / job.folder).as_uri() + "/", site_dir / job.dest) for job in long]
            try:
                _rendered, _cached, refitted = self.renderer.render_all(refits, roots=(str(site_dir),))
            except core.RenderError as exc:
                raise PluginError(f"handout failed to render ({lang}): {exc}; no partial PDF was left in the site") from None
            pages.update(refitted)
            log.info(
                f"handouts ({lang}): {len(long)} participant handout{'s' * (len(long) != 1)} over {budget} pages set again with blocks running across pages"
            )
        for paper in layout.papers:
            card = site_dir / layout.safety_card(paper, lang).dest
            if pages.get(card, 0) > SAFETY_CARD_PAGES:
                log.warning(f"the safety card ({lang}, {paper}) has {pages[card]} pages; keep docs/safety.md to one sheet ({SAFETY_CARD_PAGES} pages)")
        longest = {site_dir / job.dest: job.long_part for job in jobs.pdfs if job.long_part}
        for destination, count in pages.items():
            if destination.name.startswith("participant-") and count > budget:
                part = f" Its longest part is {longest[destination]}: shorten it" if destination in longest else " Shorten its readings or questions"
                log.warning(
                    f"participant handout of lesson '{destination.parent.name}' ({lang}, {destination.stem.split('-')[-1]}) has {count} page{'s' * (count != 1)}; the budget is {budget}.{part}, or split the lesson in two."
                )
        for warning in kit.publish(jobs.kits, site_dir, layout, lang, gettext_for(lang)):
            log.warning(warning)
        if jobs.kits:
            log.info(f"handouts ({lang}): {len(jobs.kits)} offline kit{'s' * (len(jobs.kits) != 1)} written")

    def on_shutdown(self):
        if self.renderer is not None:
            self.renderer.close()


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".part")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, temporary.with_name(path.name))


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # what this process may use, not the machine's count
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
