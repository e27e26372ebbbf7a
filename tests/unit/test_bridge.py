"""The bridge to MkDocs and mkdocs-static-i18n, tested in-process: a real MkDocsConfig
loaded from the tiny site, its plugins' hooks called one by one (the way mkdocs-autorefs
tests its plugin). If a static-i18n release renames what the bridge reads, these fail
here, by name, rather than somewhere inside a build."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from caucus import bridge
from conftest import copy_tiny


@pytest.fixture
def config(tmp_path: Path, monkeypatch):
    site = copy_tiny(tmp_path / "tiny")
    monkeypatch.chdir(site)
    loaded = load_config(config_file=str(site / "mkdocs.yml"))
    loaded.plugins.on_startup(command="build", dirty=False)
    loaded = loaded.plugins.on_config(loaded)
    yield loaded
    loaded.plugins.on_shutdown()


def test_what_the_bridge_reads_of_static_i18n_is_there(config):
    i18n = config.plugins["i18n"]
    for attribute in ("default_language", "build_languages", "current_language", "building"):
        assert hasattr(i18n, attribute), f"mkdocs-static-i18n no longer has '{attribute}': update caucus/bridge.py"
    assert bridge.languages(config) == ("en", ["en", "es", "ar"])
    assert bridge.current_language(config) == "en"
    assert bridge.is_nested_language_build(config) is False


def test_files_get_their_language_and_generated_pages_their_alternates(config):
    files = get_files(config)
    files = config.plugins.on_files(files, config=config)
    lesson = files.get_file_from_path("lessons/listening.md")
    assert lesson is not None and bridge.file_language(lesson) == "en", "static-i18n no longer sets File.locale"
    guide = files.get_file_from_path("guides/listening.md")
    assert guide is not None and guide.generated_by is not None
    assert guide.dest_uri == "guides/listening/index.html"
    assert {lang: alternate.url for lang, alternate in guide.alternates.items() if lang != "en"} == {"es": "es/guides/listening/", "ar": "ar/guides/listening/"}
    assert guide.alternates["en"] is guide


def test_the_handout_plan_is_what_the_handouts_plugin_is_configured_to_write(config):
    plan = bridge.handout_plan(config)
    assert plan is not None and plan.papers == ("letter", "a4") and plan.pdfs
    layout = bridge.layout(config, plan.papers)
    assert (
        layout.link(layout.lesson("listening", "es"), layout.handout_pdf("listening", "participant", "a4", "es"))
        == "../../handouts/listening/participant-a4.pdf"
    )


def test_with_pdfs_off_the_plan_has_print_pages_only_and_no_renderer_starts(tmp_path: Path, monkeypatch):
    """``pdfs: false`` (CAUCUS_HANDOUT_PDFS=false in mkdocs.yml): print pages, no PDF,
    so pages link none; no WeasyPrint renderer is started (benchmarks/lighthouse.py)."""
    site = copy_tiny(tmp_path / "tiny")
    monkeypatch.chdir(site)
    loaded = load_config(config_file=str(site / "mkdocs.yml"))
    handouts = loaded.plugins["caucus-handouts"]
    handouts.config.pdfs = False
    handouts.renderer = None  # MkDocs hands the same plugin object to every load (the others' tests closed theirs)
    loaded.plugins.on_startup(command="build", dirty=False)
    loaded = loaded.plugins.on_config(loaded)
    try:
        plan = bridge.handout_plan(loaded)
        assert plan is not None and plan.papers == ("letter", "a4") and not plan.pdfs
        assert handouts.renderer is None
    finally:
        loaded.plugins.on_shutdown()


def test_a_kept_page_rendering_is_reused_but_never_one_that_warned(config):
    from mkdocs.structure.pages import Page

    from caucus.core.reuse import Kept

    files = config.plugins.on_files(get_files(config), config=config)
    kept: Kept[tuple] = Kept()
    signature = bridge.files_signature(files)

    def render(markdown: str) -> Page:
        page = Page(None, files.get_file_from_path("glossary.md"), config)
        page.markdown = markdown
        bridge.reuse_rendering(page, kept, signature)
        page.render(config, files)
        return page

    first = render("# Words\n\nA [lesson](lessons/listening.md).\n")
    again = render("# Words\n\nA [lesson](lessons/listening.md).\n")
    assert kept.hits == 1 and again.content == first.content and "lessons/listening/" in again.content
    assert [item.title for item in again.toc] == ["Words"]
    assert render("# Other words\n").content != first.content  # other Markdown: converted anew
    broken = "# Words\n\nA [link](nowhere.md).\n"
    render(broken)
    render(broken)
    assert kept.hits == 1, "a conversion that warned was kept"
