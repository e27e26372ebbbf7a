"""The site's search (caucus.core.search): which pages Pagefind indexes, and Pagefind run
over a small built site, one index per language. (The tests of the old per-language
split of Material's lunr index went with it.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from caucus.core import search

ARTICLE = '<article class="md-content__inner md-typeset">'


def _page(lang: str, text: str, searched: bool = True, notice: str = "") -> str:
    body = f'{ARTICLE}<div class="caucus-notice">{notice}</div><h1>{text}</h1><p>{text} words</p></article>'
    html = f'<!doctype html><html lang="{lang}"><head><title>{text}</title></head><body>{body}</body></html>'
    return search.mark_searched(html) if searched else html


def test_the_article_is_marked_once():
    marked = search.mark_searched(ARTICLE + "x</article>" + ARTICLE)
    assert marked.count("data-pagefind-body") == 1 and marked.startswith('<article class="md-content__inner md-typeset" data-pagefind-body>')


def test_a_page_without_the_article_is_left_alone():
    assert search.mark_searched("<html><body><main>x</main></body></html>") == "<html><body><main>x</main></body></html>"


@pytest.fixture
def indexed(tmp_path: Path) -> Path:
    pages = {
        "lessons/a/index.html": _page("en", "solidarity", notice="NOTICEWORD"),
        "es/lessons/a/index.html": _page("es", "solidaridad"),
        "ar/lessons/a/index.html": _page("ar", "تضامن"),
        "guides/a/index.html": _page("en", "guideword", searched=False),
        "es/lessons/b/index.html": _page("es", "fallbackword", searched=False),
    }
    for path, html in pages.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(html, encoding="utf-8")
    search.index_site(tmp_path)
    return tmp_path / search.BUNDLE


def test_one_index_per_language_of_the_marked_pages_only(indexed: Path):
    entry = json.loads((indexed / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert {lang: one["page_count"] for lang, one in entry["languages"].items()} == {"en": 1, "es": 1, "ar": 1}
    assert (indexed / "pagefind.js").is_file() and list(indexed.glob("wasm.*.pagefind"))
    assert not [name for name in search.UNUSED if (indexed / name).exists()]


def test_without_any_mark_every_page_would_be_indexed(tmp_path: Path):
    """The negative case: Pagefind indexes every page when none is marked, so the
    marks (not Pagefind's defaults) are what keeps guides and fallback copies out."""
    for path, lang in (("guides/a/index.html", "en"), ("lessons/a/index.html", "en"), ("es/lessons/b/index.html", "es")):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(_page(lang, "word", searched=False), encoding="utf-8")
    search.index_site(tmp_path)
    entry = json.loads((tmp_path / search.BUNDLE / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert {lang: one["page_count"] for lang, one in entry["languages"].items()} == {"en": 2, "es": 1}


def test_a_failing_pagefind_is_reported_with_its_words(tmp_path: Path, monkeypatch):
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\necho 'Error: no site here' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setattr(search, "executable", lambda: fake)
    with pytest.raises(search.SearchIndexError, match=r"exit 3.*\n.*no site here"):
        search.index_site(tmp_path)
