"""The site's search: a Pagefind index of small chunks per language, made after the build.

Pagefind (the ``pagefind-bin`` package ships its binary) reads the built HTML and writes
``pagefind/`` at the site's root: one index per ``<html lang>``, split into chunks of
words and one fragment per page, so a reader's first search downloads a small entry
file, the search's WebAssembly, the chunk that holds the word and the fragments of the
results shown, whatever the size of the catalog (``make bench`` measures it).

What is searched: once one page has ``data-pagefind-body``, Pagefind indexes only the
pages that have it. The plugin marks the article of each page that readers should find
(lesson pages, the catalog, the series, the source note...; see
``PageAssembly.searched`` and the plugin's ``on_page_markdown``): guides, listings,
fallback copies of untranslated pages, handout print pages and projector views carry
no mark and stay out. The search box (overrides/partials/search.html and
assets/search.js) loads Pagefind only when the reader starts to search."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

BUNDLE = "pagefind"  # the folder Pagefind writes under the site's root
BODY = "data-pagefind-body"
ARTICLE = '<article class="md-content__inner md-typeset">'
# Parts of a searched page that are not its text: the notices over a translation, the
# English passages shown beside a translation they changed, heading anchors (¶), the
# edit button; and the catalog's lesson cards, which repeat each
# lesson's title and summary: indexed, the catalog's fragment held every card (65 KB
# gzip at 1,000 lessons, fetched whenever the catalog was a result) and the English
# cards of a language's untranslated lessons swelled its index chunks (bench.py).
NOT_TEXT = (".caucus-notice", ".caucus-changed", ".headerlink", ".md-content__button", ".caucus-card")
# Pagefind's ready-made interfaces, which our own small script replaces: not published.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css")


class SearchIndexError(RuntimeError):
    """Pagefind could not be found or failed; the message says why."""


def mark_searched(html: str) -> str:
    """A page's article marked as what Pagefind indexes (Material's article element;
    tests/site/test_tiny_site.py fails if a Material upgrade renames it)."""
    return html.replace(ARTICLE, ARTICLE[:-1] + f" {BODY}>", 1)


def executable() -> Path:
    try:
        from pagefind_bin import get_executable  # the binary shipped in the pagefind-bin wheel
    except ImportError as error:
        raise SearchIndexError("pagefind-bin is not installed (pip install -e .): the site's search cannot be made") from error
    try:
        return Path(get_executable())
    except FileNotFoundError as error:
        raise SearchIndexError(f"pagefind-bin has no binary for this machine: {error}") from error


def index_site(site_dir: Path) -> str:
    """Index the built site in ``site_dir`` into ``site_dir/pagefind``; returns
    Pagefind's summary. Raises SearchIndexError with Pagefind's own words if it fails."""
    command = [str(executable()), "--site", str(site_dir), "--output-subdir", BUNDLE, "--quiet"]
    for selector in NOT_TEXT:
        command += ["--exclude-selectors", selector]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SearchIndexError(f"pagefind did not run: {error}") from error
    if done.returncode != 0:
        raise SearchIndexError(f"pagefind failed (exit {done.returncode}):\n{(done.stderr or done.stdout).strip()[-2000:]}")
    for name in UNUSED:
        (site_dir / BUNDLE / name).unlink(missing_ok=True)
    _sort_entry(site_dir / BUNDLE / "pagefind-entry.json")
    return (done.stdout + done.stderr).strip()


def _sort_entry(entry: Path) -> None:
    """Pagefind lists the languages of its entry file in a different order each run: in
    a fixed order, two builds of the same site are the same bytes."""
    if not entry.is_file():
        return
    data = json.loads(entry.read_text(encoding="utf-8"))
    if isinstance(data.get("languages"), dict):
        data["languages"] = dict(sorted(data["languages"].items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
