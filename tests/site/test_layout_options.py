"""The map of outputs under the site options that change paths: one paper size only, and
URLs without directories. Each build must pass, its manifest must list what is really
there, and every link of every page must lead somewhere."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import copy_tiny, mkdocs_build
from test_integrity import broken_links

pytestmark = pytest.mark.slow


def build(tmp_path: Path, edit) -> Path:
    project = copy_tiny(tmp_path / "tiny")
    config = project / "mkdocs.yml"
    config.write_text(edit(config.read_text(encoding="utf-8")), encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    return project / "site"


def manifest_paths(site: Path) -> list[str]:
    def walk(tree):
        if isinstance(tree, dict) and "path" in tree:
            yield tree["path"]
        elif isinstance(tree, dict):
            for value in tree.values():
                yield from walk(value)

    return list(walk(json.loads((site / "build-manifest.json").read_text(encoding="utf-8"))))


def test_a4_only_links_only_a4(tmp_path: Path):
    site = build(tmp_path, lambda text: text.replace("  - caucus-handouts\n", "  - caucus-handouts:\n      papers: [a4]\n"))
    pages = {p: p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    assert not [p for p, text in pages.items() if "-letter.pdf" in text]
    assert sum("participant-a4.pdf" in text for text in pages.values()) >= 2 * 3 * 2  # lesson and guide, 2 lessons, 3 languages
    assert not list(site.rglob("*-letter.pdf"))
    assert all((site / p).is_file() for p in manifest_paths(site))
    assert broken_links(site, "/tiny/") == []


def test_urls_without_directories(tmp_path: Path):
    site = build(tmp_path, lambda text: text.replace("docs_dir: docs\n", "docs_dir: docs\nuse_directory_urls: false\n"))
    assert (site / "lessons" / "listening.html").is_file() and (site / "es" / "guides" / "listening.html").is_file()
    paths = manifest_paths(site)
    assert "lessons/listening.html" in paths and "es/guides/listening.html" in paths
    assert all((site / p).is_file() for p in paths)
    lesson = (site / "lessons" / "listening.html").read_text(encoding="utf-8")
    assert 'href="../handouts/listening/participant-a4.pdf"' in lesson
    assert broken_links(site, "/tiny/") == []


def test_a_theme_override_replaces_one_of_our_templates(tmp_path: Path):
    """A site puts its own version of a template in <custom_dir>/caucus/; the rest stay ours."""
    from conftest import ROOT

    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "overrides", theme)
    original = (ROOT / "plugins" / "caucus" / "templates" / "pages" / "listing.md.j2").read_text(encoding="utf-8")
    (theme / "caucus" / "pages").mkdir(parents=True)
    (theme / "caucus" / "pages" / "listing.md.j2").write_text(original + "\nOUR-OWN-LISTING-FOOTER\n", encoding="utf-8")
    site = build(tmp_path, lambda text: text.replace(str(ROOT / "overrides"), str(theme)))
    assert "OUR-OWN-LISTING-FOOTER" in (site / "catalog" / "settings" / "union" / "index.html").read_text(encoding="utf-8")
    assert "OUR-OWN-LISTING-FOOTER" not in (site / "catalog" / "index.html").read_text(encoding="utf-8")
