"""The benchmark's generator (benchmarks/synthetic.py) and its configurations, without
building anything: a synthetic catalog must pass our checker with no problem at all,
so that `make bench` does not silently rot as the schema and checker change."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter

import pytest

from caucus.core.blocks import BLOCK_KINDS
from caucus.core.checker import check
from caucus.core.project import load_project
from caucus.core.translations import CURRENT, DRAFT, MISSING, STALE, classify, translation_record
from conftest import ROOT

LANGS = ["en", "es", "ar", "vi"]


def _module(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def synthetic():
    return _module("synthetic")


@pytest.fixture(scope="module")
def catalog(synthetic, tmp_path_factory):
    docs = tmp_path_factory.mktemp("bench") / "docs"
    return synthetic.generate(docs, 12)


def test_synthetic_catalog_passes_the_checker_with_no_problem(catalog):
    project = load_project(catalog.docs_dir, "en", LANGS, catalog.docs_dir.parent)
    problems = check(project)
    assert [p.format() for p in problems] == []
    assert sorted(project.lessons) == catalog.lessons
    assert sorted(project.series) == sorted(catalog.series)
    assert project.terms  # the glossary is read, so glossary links and terms are checked


def test_every_kind_of_block_is_used_in_every_lesson(catalog):
    project = load_project(catalog.docs_dir, "en", LANGS, catalog.docs_dir.parent)
    for lesson in project.lessons.values():
        for text in [lesson.original, *lesson.translations.values()]:
            # A variant makes a lesson of its own (the benchmark counts lessons as written).
            assert {b.name for b in text.blocks} == set(BLOCK_KINDS) - {"variant"}, text.rel


def test_translations_are_current_draft_stale_and_missing_as_documented(synthetic, catalog):
    project = load_project(catalog.docs_dir, "en", LANGS, catalog.docs_dir.parent)
    states = Counter(classify(lesson, lang) for lesson in project.lessons.values() for lang in LANGS[1:])
    assert {CURRENT, DRAFT, STALE, MISSING} <= set(states)
    for i, slug in enumerate(catalog.lessons):
        lesson = project.lessons[slug]
        for lang, plan in synthetic.translation_plan(i).items():
            assert (lang in lesson.translations) == (plan is not None)
            if plan is not None and not plan[1]:
                assert translation_record(lesson.translations[lang].meta)[0] == lesson.original.version
    assert sum(catalog.translations["es"].values()) == len(catalog.lessons)


def test_generation_is_deterministic(synthetic, tmp_path):
    a = synthetic.generate(tmp_path / "a", 5)
    b = synthetic.generate(tmp_path / "b", 5)
    for path in sorted((tmp_path / "a").rglob("*.md")):
        assert path.read_bytes() == (tmp_path / "b" / path.relative_to(tmp_path / "a")).read_bytes()
    assert a.to_json() == b.to_json()


def test_derived_configurations_keep_the_nav_policy_and_drop_our_code_from_stock(catalog):
    bench = _module("bench")
    real = bench.read_real_config()
    available = {p.relative_to(catalog.docs_dir).as_posix() for p in catalog.docs_dir.rglob("*.md")}
    ours = bench.ours_config(real, list(catalog.series), available, "site-ours", None)
    stock = bench.stock_config(real, list(catalog.series), available, "site-stock")

    def leaves(items):
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            yield from (leaves(value) if isinstance(value, list) else [value])

    for config in (ours, stock):
        nav = list(leaves(config["nav"]))
        assert not [p for p in nav if p.startswith("lessons/")]  # lessons stay out of the nav
        assert [p for p in nav if p.startswith("series/")] == [f"series/{s}.md" for s in catalog.series]
        assert config["not_in_nav"] == real["not_in_nav"]
    names = lambda config: [bench._entry(p)[0] for p in config["plugins"]]
    assert "caucus-lessons" in names(ours)
    assert dict(bench._entry(p) for p in ours["plugins"])["caucus-handouts"]["enabled"] is False
    assert not [n for n in names(stock) if n.startswith("caucus")]
    assert "caucus_blocks" not in [bench._entry(e)[0] for e in stock["markdown_extensions"]]
    assert "custom_dir" not in stock["theme"]


def test_serve_timing_reads_where_mkdocs_serves_and_the_reload_script(tmp_path):
    serve = _module("serve")
    config = tmp_path / "mkdocs.yml"
    for line, mount in (
        ('site_url: !ENV [SITE_URL, "https://example.org/lessons/"]', "/lessons/"),
        ("site_url: https://example.org/bench", "/bench/"),
        ("site_name: x", "/"),
    ):
        config.write_text(line + "\n", encoding="utf-8")
        assert serve.mount_path(config) == mount
    # What MkDocs' live-reload server injects into each page it serves.
    assert serve.EPOCH.search("<script>\nlivereload(10592476, 10593069);\n</script>").groups() == ("10592476", "10593069")
