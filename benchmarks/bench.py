"""The build benchmark (issue #7): synthetic catalogs built with our configuration
and plugins, and with stock Material + mkdocs-static-i18n, plus the handout figures.

    make bench                                   # 100 and 1,000 lessons, 4 languages
    .venv/bin/python benchmarks/bench.py --quick # a smoke run with tiny catalogs
    .venv/bin/python benchmarks/bench.py --sizes 100 1000 --repeat 3 --profile

What it does, for each size N:

1. writes a synthetic catalog of N lessons in en/es/ar/vi (benchmarks/synthetic.py:
   every kind of block, translations current/draft/stale/missing) into a temporary
   folder;
2. "ours": a mkdocs.yml derived from the project's real mkdocs.yml (same theme and
   overrides, i18n languages, plugins, Markdown extensions, validation and navigation
   policy: lessons not in the nav), docs_dir = the synthetic docs, handouts OFF
   (CAUCUS_HANDOUTS=false and ``enabled: false``);
3. "stock": the same Markdown and the same nav policy with Material + static-i18n +
   search only: no caucus plugin, no ``caucus_blocks`` extension (so our ``///``
   blocks show as plain paragraphs), no overrides. Pages that only our plugin writes
   (catalog, translation status) are dropped from its nav;
4. times ``python -m mkdocs build -q --strict -f CONFIG`` in a subprocess (wall
   clock, time.perf_counter, best of --repeat) and measures the built sites.

Then, on a small catalog (--handout-lessons), handouts ON with one worker: a cold
build with an empty cache, a warm rebuild, and a rebuild after editing one lesson.

Definitions (also written into the JSON):

- per-page ms = wall seconds of the build x 1000 / HTML files written in the site
  (every language, fallback copies included); per-lesson ms = the same / N.
- scaling ratio = per-page ms at the largest size / at the smallest (ours).
- overhead ratio = per-page ms ours / per-page ms stock, at each size (the total
  wall-time ratio is reported too; ours writes more pages: guides, catalog, ...).
- lesson page bytes = median size of site/lessons/*/index.html (English, ours).
- search index a reader downloads = the file Material's JavaScript fetches from a
  page of that language: ``new URL("search/search_index.json", base)``, where
  ``base`` comes from the page's ``__config`` script and is resolved against the
  page's URL.
- cold s per handout page = (cold build with handouts - build without) / PDF pages
  rendered (counted with pypdf); warm cost = warm rebuild - build without handouts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# The project whose mkdocs.yml, overrides, translations and plugins are measured:
# this working tree, or another checkout given with --project (for example an export
# of a commit: `git archive HEAD | tar -x -C /tmp/caucus-head`).
PROJECT = ROOT
sys.path.insert(0, str(HERE))

import first_search  # noqa: E402  (beside this file)
import serve  # noqa: E402

import synthetic  # noqa: E402

GOALS = {
    "scaling_ratio_max": 1.2,
    "overhead_ratio_max": 1.15,
    "lesson_bytes_drift_max": 0.10,
    "warm_handouts_extra_s_max": 1.0,
    "cold_s_per_handout_page_max": 0.2,
    "serve_real_s_max": 2.0,
    "serve_vs_stock_max": 0.33,
    "serve_large_s_max": 5.0,
    "participant_3_page_bytes_max": 60_000,
    "make_test_s_max": 300,
    "first_search_transfer_bytes_max": 150 * 1024,
}
# The word of the first search: in nearly every synthetic lesson of every language, so
# its index chunk is as large as a word's gets.
COMMON_WORD = "caucus"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
LOG_LINE = re.compile(r"handouts \(([\w-]+)\): (\d+) rendered, (\d+) cached, (\d+) total")
CONFIG_SCRIPT = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)


# --- mkdocs.yml with its tags (!ENV, !!python/name:...) kept as they are -------------


class Tagged:
    def __init__(self, tag: str, value, kind: str):
        self.tag, self.value, self.kind = tag, value, kind

    def __repr__(self) -> str:
        return f"Tagged({self.tag!r}, {self.value!r})"


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        return Tagged(node.tag, loader.construct_scalar(node), "scalar")
    if isinstance(node, yaml.SequenceNode):
        return Tagged(node.tag, loader.construct_sequence(node, deep=True), "sequence")
    return Tagged(node.tag, loader.construct_mapping(node, deep=True), "mapping")


def _represent_tagged(dumper, data: Tagged):
    if data.kind == "scalar":
        return dumper.represent_scalar(data.tag, data.value)
    if data.kind == "sequence":
        return dumper.represent_sequence(data.tag, data.value, flow_style=True)
    return dumper.represent_mapping(data.tag, data.value)


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_Dumper.add_representer(Tagged, _represent_tagged)


def read_real_config(i18n_overrides: dict | None = None) -> dict:
    """The project's mkdocs.yml; ``i18n_overrides`` (for an A/B run) replace options of the
    i18n plugin, in both our build and the stock one."""
    data = yaml.load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader) or {}
    if i18n_overrides:
        plugins = []
        for item in data.get("plugins") or []:
            name, options = _entry(item)
            if name == "i18n":
                options.update(i18n_overrides)
                item = {name: options}
            plugins.append(item)
        data["plugins"] = plugins
    return data


def _option(text: str) -> tuple[str, object]:
    key, _, value = text.partition("=")
    if not key or not _:
        raise argparse.ArgumentTypeError("write KEY=VALUE, like reconfigure_search=false")
    return key.strip(), yaml.safe_load(value)


def write_config(path: Path, data: dict) -> Path:
    path.write_text(yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _entry(item) -> tuple[str, dict]:
    if isinstance(item, str):
        return item, {}
    name, options = next(iter(item.items()))
    return name, dict(options or {})


def _languages(real: dict) -> tuple[str, list[str]]:
    for item in real.get("plugins") or []:
        name, options = _entry(item)
        if name == "i18n":
            langs = [l["locale"] for l in options.get("languages") or [] if l.get("build", True)]
            default = next((l["locale"] for l in options.get("languages") or [] if l.get("default")), langs[0])
            return default, langs
    return "en", ["en"]


def derive_nav(nav: list, series: list[str], available: set[str]) -> list:
    """The real nav, with its series section replaced by the synthetic series and
    entries whose page does not exist here dropped."""

    def leaves(items):
        for item in items:
            if isinstance(item, str):
                yield item
            elif isinstance(item, dict):
                value = next(iter(item.values()))
                yield from (leaves(value) if isinstance(value, list) else [value])

    def walk(items):
        out = []
        for item in items:
            if isinstance(item, dict):
                title, value = next(iter(item.items()))
                if isinstance(value, list):
                    paths = list(leaves(value))
                    if paths and all(str(p).startswith("series/") for p in paths):
                        out.append({title: [f"series/{s}.md" for s in series]})
                    else:
                        sub = walk(value)
                        if sub:
                            out.append({title: sub})
                elif value in available or "://" in str(value):
                    out.append(item)
            elif item in available:
                out.append(item)
        return out

    return walk(nav or [])


def ours_config(real: dict, series: list[str], available: set[str], site_dir: str, handouts: dict | None) -> dict:
    from caucus.core import pages

    data = dict(real)
    data["docs_dir"] = "docs"
    data["site_dir"] = site_dir
    data["site_url"] = "https://example.org/bench/"
    theme = dict(data.get("theme") or {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = str((PROJECT / theme["custom_dir"]).resolve())
    data["theme"] = theme
    data["nav"] = derive_nav(real.get("nav"), series, available | {pages.CATALOG_SRC, pages.STATUS_SRC})
    if "hooks" in data:
        data["hooks"] = [str((PROJECT / h).resolve()) for h in data["hooks"]]
    plugins = []
    for item in real.get("plugins") or []:
        name, options = _entry(item)
        if name == "caucus-lessons":
            options["translations_dir"] = str((PROJECT / options.get("translations_dir", "translations")).resolve())
        elif name == "caucus-handouts":
            if handouts is None:
                options["enabled"] = False
            else:
                options.update(enabled=True, **handouts)
        plugins.append({name: options} if options else name)
    data["plugins"] = plugins
    return data


def stock_config(real: dict, series: list[str], available: set[str], site_dir: str) -> dict:
    data = dict(real)
    data["docs_dir"] = "docs"
    data["site_dir"] = site_dir
    data["site_url"] = "https://example.org/bench/"
    theme = dict(data.get("theme") or {})
    theme.pop("custom_dir", None)  # our overrides are ours
    data["theme"] = theme
    for key in ("extra_css", "extra_javascript", "hooks"):
        data.pop(key, None)
    data["nav"] = derive_nav(real.get("nav"), series, available)
    # Material's own search, which our site no longer uses (it has Pagefind's).
    plugins: list = [] if any(_entry(item)[0] in ("search", "material/search") for item in real.get("plugins") or []) else ["search"]
    for item in real.get("plugins") or []:
        name, options = _entry(item)
        if name in ("search", "i18n", "material/search"):
            plugins.append({name: options} if options else name)
    data["plugins"] = plugins
    data["markdown_extensions"] = [e for e in real.get("markdown_extensions") or [] if _entry(e)[0] != "caucus_blocks"]
    return data


# --- building ----------------------------------------------------------------------


@dataclass
class Build:
    seconds: float
    runs: list[float]
    stderr: str
    load: tuple[float, float]


def _env(handouts: bool) -> dict:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CAUCUS_HANDOUTS": "true" if handouts else "false"}
    if PROJECT != ROOT:  # import the caucus package of that project, not the one installed from here
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT / "plugins"), env.get("PYTHONPATH")]))
    return env


def build(config: Path, *, handouts: bool, quiet: bool = True, repeat: int = 1, prepare=None, profile: Path | None = None) -> Build:
    env = _env(handouts)
    command = [sys.executable]
    if profile is not None:
        command += ["-m", "cProfile", "-o", str(profile)]
    command += ["-m", "mkdocs", "build", "--strict", "-f", str(config)] + (["-q"] if quiet else [])
    runs, stderr = [], ""
    load_before = os.getloadavg()[0]
    for _ in range(max(1, repeat)):
        if prepare:
            prepare()
        started = time.perf_counter()
        result = subprocess.run(command, cwd=config.parent, env=env, capture_output=True, text=True)
        runs.append(time.perf_counter() - started)
        if result.returncode != 0:
            sys.stderr.write(result.stdout[-4000:] + result.stderr[-8000:])
            why = f"killed by signal {-result.returncode} from outside the benchmark" if result.returncode < 0 else f"exit {result.returncode}"
            raise SystemExit(f"bench: build failed after {runs[-1]:.0f} s: {' '.join(command)} ({why})")
        stderr = result.stdout + result.stderr
    return Build(min(runs), runs, stderr, (load_before, os.getloadavg()[0]))


# --- measuring a built site ----------------------------------------------------------


def language_of(rel: str, default: str, langs: list[str]) -> str:
    first = rel.split("/", 1)[0]
    return first if first in langs and first != default else default


def html_pages(site: Path, default: str, langs: list[str]) -> dict[str, int]:
    counts = {lang: 0 for lang in langs}
    for path in site.rglob("*.html"):
        rel = path.relative_to(site).as_posix()
        if "/handouts/" in f"/{rel}":
            continue  # print pages of handouts are not site pages
        counts[language_of(rel, default, langs)] += 1
    return counts


def lesson_sizes(site: Path, prefix: str) -> list[int]:
    return sorted(p.stat().st_size for p in (site / prefix / "lessons").glob("*/index.html"))


def page_url(rel: str) -> str:
    return "http://bench.invalid/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def fetched_index(site: Path, rel: str) -> str | None:
    """The site path of the search index that the page ``rel`` makes the browser fetch."""
    html = (site / rel).read_text(encoding="utf-8")
    m = CONFIG_SCRIPT.search(html)
    if not m:
        return None
    base = urljoin(page_url(rel), json.loads(m.group(1)).get("base", "."))
    return urlsplit(urljoin(base, "search/search_index.json")).path.lstrip("/")


def search_figures(site: Path, default: str, langs: list[str], slug: str, pages: dict[str, int]) -> dict:
    out = {}
    parsed: dict[str, dict] = {}
    for lang in langs:
        prefix = "" if lang == default else f"{lang}/"
        samples = [f"{prefix}index.html", f"{prefix}lessons/{slug}/index.html", f"{prefix}catalog/index.html"]
        targets = {s: fetched_index(site, s) for s in samples if (site / s).is_file()}
        distinct = sorted({t for t in targets.values() if t})
        target = targets.get(f"{prefix}lessons/{slug}/index.html") or (distinct[0] if distinct else None)
        entry = {"fetched": target, "consistent_across_pages": len(distinct) == 1, "language_html_pages": pages[lang]}
        if target and (site / target).is_file():
            raw = (site / target).read_bytes()
            if target not in parsed:
                index = json.loads(raw)
                index_base = "http://bench.invalid/" + target[: -len("search/search_index.json")]
                by_lang: dict[str, int] = {}
                page_set: dict[str, set] = {}
                for doc in index.get("docs", []):
                    where = urlsplit(urljoin(index_base, doc.get("location", ""))).path.lstrip("/")
                    doc_lang = language_of(where, default, langs)
                    by_lang[doc_lang] = by_lang.get(doc_lang, 0) + 1
                    page_set.setdefault(doc_lang, set()).add(where)
                parsed[target] = {
                    "entries_by_language": by_lang,
                    "pages_by_language": {k: len(v) for k, v in page_set.items()},
                    "index_lang": index.get("config", {}).get("lang"),
                }
            info = parsed[target]
            own = info["entries_by_language"].get(lang, 0)
            other = sum(v for k, v in info["entries_by_language"].items() if k != lang)
            entry.update(
                bytes=len(raw),
                gzip_bytes=len(gzip.compress(raw, 6)),
                entries_own_language=own,
                entries_other_languages=other,
                indexed_pages_own_language=info["pages_by_language"].get(lang, 0),
                entries_by_language=info["entries_by_language"],
                index_config_lang=info["index_lang"],
                bytes_per_language_page=round(len(raw) / max(1, pages[lang])),
            )
        out[lang] = entry
    return out


def measure(site: Path, default: str, langs: list[str], first_slug: str) -> dict:
    pages = html_pages(site, default, langs)
    sizes = {lang: lesson_sizes(site, "" if lang == default else lang) for lang in langs}
    return {
        "html_pages": sum(pages.values()),
        "html_pages_by_language": pages,
        "lesson_pages": sum(len(v) for v in sizes.values()),
        "lesson_html_median_bytes": {lang: (int(statistics.median(v)) if v else None) for lang, v in sizes.items()},
        "site_html_bytes": sum(p.stat().st_size for p in site.rglob("*.html")),
        "search": search_figures(site, default, langs, first_slug, pages),
    }


# --- the runs --------------------------------------------------------------------------


def pagefind_figures(site: Path, default: str, langs: list[str], slug: str) -> dict:
    """Pagefind's bundle (its languages and their pages) and, in headless Chromium, what
    a reader of each language downloads for a first search of COMMON_WORD from a lesson
    page (benchmarks/first_search.py)."""
    entry_file = site / "pagefind" / "pagefind-entry.json"
    if not entry_file.is_file():
        return {"error": "no pagefind/pagefind-entry.json in the site"}
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    out: dict = {
        "word": COMMON_WORD,
        "pages_by_language": {lang: one.get("page_count") for lang, one in sorted(entry.get("languages", {}).items())},
        "bundle_bytes": sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file()),
        "bundle_files": sum(1 for p in (site / "pagefind").rglob("*") if p.is_file()),
        "first_search": {},
    }
    executable = os.environ.get("CHROMIUM") or next((c for c in CHROMIUM_CANDIDATES if os.path.isfile(c)), None)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        out["error"] = "Playwright is not installed: no first-search figure"
        return out
    if executable is None:
        out["error"] = "no Chromium found: no first-search figure"
        return out
    with first_search.serve_folder(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox", "--disable-gpu"])
        try:
            for lang in langs:
                prefix = "" if lang == default else f"{lang}/"
                out["first_search"][lang] = first_search.first_search(browser, f"{server.origin}/{prefix}lessons/{slug}/", COMMON_WORD)
        finally:
            browser.close()
    figures = [f["transfer_bytes"] for f in out["first_search"].values()]
    out["first_search_transfer_bytes_max"] = max(figures) if figures else None
    out["first_search_bytes_max"] = max(f["bytes"] for f in out["first_search"].values()) if figures else None
    return out


def run_size(n: int, work: Path, real: dict, repeat: int, profile_dir: Path | None, result: dict, saved=lambda: None, serve_rounds: int = 0) -> dict:
    default, langs = _languages(real)
    folder = work / f"catalog-{n}"
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    catalog = synthetic.generate(folder / "docs", n)
    generated_s = time.perf_counter() - started
    available = {p.relative_to(folder / "docs").as_posix() for p in (folder / "docs").rglob("*.md")}
    series = list(catalog.series)
    ours_yml = write_config(folder / "mkdocs-ours.yml", ours_config(real, series, available, "site-ours", None))
    stock_yml = write_config(folder / "mkdocs-stock.yml", stock_config(real, series, available, "site-stock"))
    started = time.perf_counter()
    check = subprocess.run(
        [sys.executable, "-c", "from caucus.cli import run; run()", "--config", str(ours_yml), "check"],
        cwd=folder,
        env=_env(False),
        capture_output=True,
        text=True,
    )
    if check.returncode != 0:
        sys.stderr.write(check.stdout[-4000:] + check.stderr[-4000:])
        raise SystemExit("bench: the synthetic catalog does not pass 'caucus check'")
    checked_s = time.perf_counter() - started
    result["catalog"] = {
        **catalog.to_json(),
        "generate_seconds": round(generated_s, 2),
        "caucus_check_seconds": round(checked_s, 2),
        "caucus_check": check.stderr.strip().splitlines()[-1] if check.stderr.strip() else "",
    }
    for name, config in (("ours", ours_yml), ("stock", stock_yml)):
        print(f"bench: {n} lessons, {name} build ...", file=sys.stderr, flush=True)
        site = folder / ("site-ours" if name == "ours" else "site-stock")
        b = build(config, handouts=False, repeat=repeat, prepare=lambda site=site: shutil.rmtree(site, ignore_errors=True))
        print(f"bench: {n} lessons, {name} build: {b.seconds:.1f} s", file=sys.stderr, flush=True)
        if name == "ours" and any(site.rglob("handouts")):
            raise SystemExit("bench: handouts were written although they are off")
        m = measure(site, default, langs, catalog.lessons[0])
        if name == "ours":
            print(f"bench: {n} lessons, first search in Chromium ...", file=sys.stderr, flush=True)
            m["pagefind"] = pagefind_figures(site, default, langs, catalog.lessons[0])
        result[name] = {
            "seconds": round(b.seconds, 3),
            "runs": [round(r, 3) for r in b.runs],
            "load_avg_before_after": b.load,
            **m,
            "per_page_ms": round(b.seconds * 1000 / m["html_pages"], 3),
            "per_lesson_ms": round(b.seconds * 1000 / n, 2),
        }
        saved()
    result["overhead_ratio_per_page"] = round(result["ours"]["per_page_ms"] / result["stock"]["per_page_ms"], 3)
    result["overhead_ratio_total"] = round(result["ours"]["seconds"] / result["stock"]["seconds"], 3)
    if serve_rounds:
        slug = catalog.lessons[0]  # translated into Spanish (see the translation plan)
        result["serve"] = run_serve(folder / "docs", ours_yml, stock_yml, slug, serve_rounds)
        saved()
    if profile_dir is not None:
        result["profile"] = profile(ours_yml, profile_dir / f"ours-{n}.prof")
        saved()
        result["profile_stock"] = profile(stock_yml, profile_dir / f"stock-{n}.prof", "site-stock")
        saved()
    return result


# Where a build's time goes: (label, file suffix, function name); cumulative seconds.
PHASES = (
    ("whole build (mkdocs build)", "mkdocs/commands/build.py", "build"),
    ("Markdown to HTML (Markdown.convert)", "markdown/core.py", "convert"),
    ("  blocks extension (pymdownx BlocksProcessor.run)", "pymdownx/blocks/__init__.py", "run"),
    ("  YAML of block options (pymdownx get_frontmatter)", "pymdownx/blocks/__init__.py", "get_frontmatter"),
    ("theme templates (jinja2 Template.render)", "jinja2/environment.py", "render"),
    ("search: indexing pages (search on_page_context)", "material/plugins/search/plugin.py", "on_page_context"),
    ("search: writing the index (search on_post_build)", "material/plugins/search/plugin.py", "on_post_build"),
    ("search: static-i18n de-duplication (reconfigure_search_duplicates)", "mkdocs_static_i18n/reconfigure.py", "reconfigure_search_duplicates"),
    ("caucus-lessons on_config (load_project + check)", "caucus/lessons/plugin.py", "_configure"),
    ("  load_project", "caucus/core/project.py", "load_project"),
    ("  read_source (front matter YAML)", "caucus/core/source.py", "read_source"),
    ("  scan_blocks (all callers)", "caucus/core/blocks.py", "scan_blocks"),
    ("  check", "caucus/core/checker.py", "check"),
    ("caucus-lessons on_files (guides, catalog, listings, status)", "caucus/lessons/plugin.py", "on_files"),
    ("caucus-lessons on_page_markdown", "caucus/lessons/plugin.py", "on_page_markdown"),
    ("caucus-lessons on_page_content", "caucus/lessons/plugin.py", "on_page_content"),
    ("caucus-lessons on_post_page", "caucus/lessons/plugin.py", "on_post_page"),
    ("caucus-lessons on_post_build", "caucus/lessons/plugin.py", "on_post_build"),
)


def phases(stats) -> list[dict]:
    out = []
    for label, suffix, name in PHASES:
        found = [
            (nc, ct)
            for (filename, _line, func), (_cc, nc, _tt, ct, _callers) in stats.stats.items()
            if func == name and filename.replace(os.sep, "/").endswith(suffix)
        ]
        if found:
            out.append({"phase": label, "cumtime_s": round(max(ct for _, ct in found), 2), "calls": sum(nc for nc, _ in found)})
    return out


def profile(config: Path, out: Path, site_name: str = "site-ours") -> dict:
    import pstats

    print(f"bench: profiling {config.name} ...", file=sys.stderr, flush=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    site = config.parent / site_name
    b = build(config, handouts=False, profile=out, prepare=lambda: shutil.rmtree(site, ignore_errors=True))
    stats = pstats.Stats(str(out))
    rows = []
    for (filename, line, func), (_cc, nc, tt, ct, _callers) in stats.stats.items():
        rows.append({"function": f"{_short(filename)}:{line}({func})", "calls": nc, "tottime_s": round(tt, 3), "cumtime_s": round(ct, 3)})
    top = sorted(rows, key=lambda r: -r["cumtime_s"])
    ours = [r for r in top if r["function"].startswith("caucus/")]
    return {
        "path": str(out),
        "wall_seconds_under_profiler": round(b.seconds, 2),
        "phases": phases(stats),
        "top_cumulative": top[:40],
        "caucus_cumulative": ours[:30],
        "top_tottime": sorted(rows, key=lambda r: -r["tottime_s"])[:25],
    }


def _short(filename: str) -> str:
    for marker in ("site-packages/", "plugins/", "lib/python"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


def run_handouts(n: int, work: Path, real: dict) -> dict:
    from pypdf import PdfReader

    default, langs = _languages(real)
    folder = work / "handouts"
    shutil.rmtree(folder, ignore_errors=True)
    catalog = synthetic.generate(folder / "docs", n)
    available = {p.relative_to(folder / "docs").as_posix() for p in (folder / "docs").rglob("*.md")}
    series = list(catalog.series)
    cache = folder / "handout-cache"
    on = write_config(folder / "mkdocs-handouts.yml", ours_config(real, series, available, "site", {"workers": 1, "cache_dir": str(cache)}))
    off = write_config(folder / "mkdocs-off.yml", ours_config(real, series, available, "site-off", None))

    def logged(b: Build) -> dict:
        per = {m.group(1): {"rendered": int(m.group(2)), "cached": int(m.group(3)), "total": int(m.group(4))} for m in LOG_LINE.finditer(b.stderr)}
        return {
            "by_language": per,
            "rendered": sum(v["rendered"] for v in per.values()),
            "cached": sum(v["cached"] for v in per.values()),
            "total": sum(v["total"] for v in per.values()),
        }

    print(f"bench: handouts, {n} lessons: build without handouts ...", file=sys.stderr, flush=True)
    clean = lambda *paths: lambda: [shutil.rmtree(p, ignore_errors=True) for p in paths]
    without = build(off, handouts=False, quiet=False, prepare=clean(folder / "site-off"))
    print("bench: handouts: cold build (empty cache, 1 worker) ...", file=sys.stderr, flush=True)
    cold = build(on, handouts=True, quiet=False, prepare=clean(cache, folder / "site"))
    pdfs = sorted((folder / "site").rglob("handouts/**/*.pdf"))
    pdf_pages = sum(len(PdfReader(p).pages) for p in pdfs)
    print("bench: handouts: warm rebuild ...", file=sys.stderr, flush=True)
    warm = build(on, handouts=True, quiet=False, prepare=clean(folder / "site"))
    # Edit one lesson's English text (a line every edition shows) and rebuild.
    index = 1 if n > 1 else 0
    slug = catalog.lessons[index]
    path = folder / "docs" / "lessons" / f"{slug}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(synthetic.LABELS["en"]["stretch"], "Stand up, stretch, and drink some water.", 1), encoding="utf-8")
    print(f"bench: handouts: rebuild after editing {slug}.md ...", file=sys.stderr, flush=True)
    edited = build(on, handouts=True, quiet=False, prepare=clean(folder / "site"))
    english_in = [default] + [lang for lang, plan in synthetic.translation_plan(index).items() if plan is None]
    in_series = sum(1 for members in catalog.series.values() if slug in members)
    expected = len(english_in) * (4 + 2 * in_series)  # 2 editions x 2 papers, plus each series packet in 2 papers
    cold_log, warm_log, edit_log = logged(cold), logged(warm), logged(edited)
    return {
        "lessons": n,
        "languages": langs,
        "workers": 1,
        "without_handouts_s": round(without.seconds, 3),
        "cold_s": round(cold.seconds, 3),
        "warm_s": round(warm.seconds, 3),
        "edited_s": round(edited.seconds, 3),
        "pdfs": len(pdfs),
        "pdf_pages": pdf_pages,
        "cold_log": cold_log,
        "cold_s_per_pdf_page": round((cold.seconds - without.seconds) / max(1, pdf_pages), 4),
        "cold_s_per_pdf": round((cold.seconds - without.seconds) / max(1, len(pdfs)), 4),
        "warm_extra_s": round(warm.seconds - without.seconds, 3),
        "warm_log": warm_log,
        "warm_rendered": warm_log["rendered"],
        "edited_lesson": slug,
        "edited_languages_showing_english": english_in,
        "edited_expected_rerendered": expected,
        "edited_rerendered": edit_log["rendered"],
        "edited_log": edit_log,
        "load_avg": {"without": without.load, "cold": cold.load, "warm": warm.load, "edited": edited.load},
        **pdf_figures(folder / "site"),
    }


def run_serve(docs: Path, ours_yml: Path, stock_yml: Path, slug: str, rounds: int) -> dict:
    """Seconds from saving a lesson (English, then its Spanish translation) to the
    browser's reload of a current page, under `mkdocs serve`, ours and stock."""
    edits = [
        serve.Edit(docs / "lessons" / f"{slug}.md", f"lessons/{slug}/"),
        serve.Edit(docs / "lessons" / f"{slug}.es.md", f"es/lessons/{slug}/"),
    ]
    out: dict = {"lesson": slug, "rounds": rounds}
    for name, config in (("ours", ours_yml), ("stock", stock_yml)):
        print(f"bench: serve {config.name}: editing {slug}.md and {slug}.es.md ...", file=sys.stderr, flush=True)
        english, spanish = serve.measure(config, edits, _env(False), rounds)
        # The slowest round counts: ours builds one language more once Spanish is edited.
        out[name] = {"english_s": round(max(english), 3), "english_runs": [round(t, 3) for t in english]}
        out[name] |= {"translation_s": round(max(spanish), 3), "translation_runs": [round(t, 3) for t in spanish]}
    for edit in ("english", "translation"):
        out[f"{edit}_vs_stock"] = round(out["ours"][f"{edit}_s"] / out["stock"][f"{edit}_s"], 3)
    return out


def pdf_figures(site: Path) -> dict:
    """Participant handout sizes (what a reader downloads on a phone)."""
    from pypdf import PdfReader

    sizes, three = [], []
    for path in sorted(site.rglob("handouts/*/participant-*.pdf")):
        size = path.stat().st_size
        sizes.append(size)
        if len(PdfReader(path).pages) == 3:
            three.append(size)
    return {
        "participant_pdfs": len(sizes),
        "participant_median_bytes": int(statistics.median(sizes)) if sizes else None,
        "participant_max_bytes": max(sizes) if sizes else None,
        "participant_3_pages": len(three),
        "participant_3_pages_median_bytes": int(statistics.median(three)) if three else None,
    }


def run_real(work: Path, real: dict, rounds: int) -> dict:
    """The project's own lessons: `mkdocs serve` edit-to-reload (ours and stock) and a
    cold build with handouts on every core (the default), with the PDFs' sizes."""
    folder = work / "real"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(PROJECT / (real.get("docs_dir") or "docs"), folder / "docs")
    if (PROJECT / "curriculum").is_dir():  # the source page, which the home page links
        shutil.copytree(PROJECT / "curriculum", folder / "curriculum")
    available = {p.relative_to(folder / "docs").as_posix() for p in (folder / "docs").rglob("*.md")}
    series = sorted(p.stem for p in (folder / "docs" / "series").glob("*.md") if "." not in p.stem)
    cache = folder / "handout-cache"
    ours_yml = write_config(folder / "mkdocs-ours.yml", ours_config(real, series, available, "site-ours", {"cache_dir": str(cache)}))
    # Our pages link the pages only our plugin writes (catalog, translation status): a
    # stock build warns about those links, so it is not strict here.
    stock_yml = write_config(folder / "mkdocs-stock.yml", {**stock_config(real, series, available, "site-stock"), "strict": False})
    lessons = sorted(p.stem for p in (folder / "docs" / "lessons").glob("*.md") if "." not in p.stem)
    slug = next(s for s in lessons if (folder / "docs" / "lessons" / f"{s}.es.md").is_file())
    out: dict = {"lessons": len(lessons)}
    if rounds:
        out["serve"] = run_serve(folder / "docs", ours_yml, stock_yml, slug, rounds)
    print("bench: real site: cold build with handouts (workers: every core) ...", file=sys.stderr, flush=True)
    shutil.rmtree(cache, ignore_errors=True)
    cold = build(ours_yml, handouts=True, prepare=lambda: shutil.rmtree(folder / "site-ours", ignore_errors=True))
    out["cold_build_with_handouts_s"] = round(cold.seconds, 2)
    out["workers"] = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    out |= pdf_figures(folder / "site-ours")
    return out


def time_tests() -> dict:
    """`make test` from this tree, timed (wall clock)."""
    print("bench: make test ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    result = subprocess.run(["make", "test"], cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    seconds = time.perf_counter() - started
    summary = next((line for line in reversed(result.stdout.splitlines()) if " in " in line and ("passed" in line or "failed" in line)), "")
    return {"seconds": round(seconds, 1), "exit": result.returncode, "summary": summary.strip("= ")}


# --- report --------------------------------------------------------------------------


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    versions = {}
    from importlib import metadata

    for pkg in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "pymdown-extensions", "markdown", "weasyprint"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = None
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True).stdout.split("\n")
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gib": ram,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_avg_at_start": os.getloadavg(),
        "packages": versions,
        "repository_head": commit,
        "modified_tracked_files": [line[3:] for line in dirty if line.strip()],
        "project_measured": str(PROJECT),
    }


def goals(results: dict) -> list[dict]:
    sizes = sorted(results["sizes"], key=int)
    small, large = results["sizes"][sizes[0]], results["sizes"][sizes[-1]]
    out = []

    def goal(name, value, target, ok, note=""):
        out.append({"goal": name, "value": value, "target": target, "met": bool(ok), "note": note})

    scaling = results["scaling_ratio"]
    goal(f"scaling ratio (per-page ms, {sizes[-1]} / {sizes[0]}, ours)", scaling, f"<= {GOALS['scaling_ratio_max']}", scaling <= GOALS["scaling_ratio_max"])
    worst = max(results["sizes"][s]["overhead_ratio_per_page"] for s in sizes)
    goal(
        "overhead ratio (per-page ms, ours / stock, worst size)",
        worst,
        f"<= {GOALS['overhead_ratio_max']}",
        worst <= GOALS["overhead_ratio_max"],
        "handouts off",
    )
    a = small["ours"]["lesson_html_median_bytes"][results["default_language"]]
    b = large["ours"]["lesson_html_median_bytes"][results["default_language"]]
    drift = round(b / a - 1, 4)
    goal(
        f"lesson page HTML bytes, median at {sizes[-1]} vs {sizes[0]}",
        f"{b} vs {a} ({drift:+.1%})",
        f"within {GOALS['lesson_bytes_drift_max']:.0%}",
        abs(drift) <= GOALS["lesson_bytes_drift_max"],
    )
    found = large["ours"].get("pagefind", {})
    pages = found.get("pages_by_language", {})
    goal(
        "search: one Pagefind index per language",
        f"languages {sorted(pages)}; pages {pages}",
        f"{sorted(results['languages'])}",
        sorted(pages) == sorted(results["languages"]) and all(pages.values()),
    )
    for size in sizes:
        figure = results["sizes"][size]["ours"].get("pagefind", {}).get("first_search_transfer_bytes_max")
        goal(
            f"first search at {size} lessons, bytes transferred (compressed where smaller), worst language",
            figure,
            f"<= {GOALS['first_search_transfer_bytes_max']}",
            figure is not None and figure <= GOALS["first_search_transfer_bytes_max"],
            f"the word '{COMMON_WORD}', from a lesson page",
        )
    h = results.get("handouts")
    if h:
        goal(
            "handouts: warm rebuild - build without handouts",
            f"{h['warm_extra_s']} s",
            f"< {GOALS['warm_handouts_extra_s_max']} s",
            h["warm_extra_s"] < GOALS["warm_handouts_extra_s_max"],
        )
        goal(
            "handouts: cold render per PDF page, 1 worker",
            f"{h['cold_s_per_pdf_page']} s",
            f"<= {GOALS['cold_s_per_handout_page_max']} s",
            h["cold_s_per_pdf_page"] <= GOALS["cold_s_per_handout_page_max"],
        )
        goal("handouts: PDFs rendered on a warm rebuild", h["warm_rendered"], "0", h["warm_rendered"] == 0)
        if h.get("participant_3_pages_median_bytes") is not None:
            goal(
                "handouts (synthetic): participant handout of 3 pages, median bytes",
                h["participant_3_pages_median_bytes"],
                f"<= {GOALS['participant_3_page_bytes_max']}",
                h["participant_3_pages_median_bytes"] <= GOALS["participant_3_page_bytes_max"],
            )
        goal(
            "handouts: PDFs re-rendered after editing one lesson",
            h["edited_rerendered"],
            f"== {h['edited_expected_rerendered']} (its own)",
            h["edited_rerendered"] == h["edited_expected_rerendered"],
        )
    for label, where, limit in (
        ("real site", results.get("real", {}).get("serve"), GOALS["serve_real_s_max"]),
        (f"{sizes[-1]} lessons", large.get("serve"), None),
    ):
        if not where:
            continue
        for edit in ("english", "translation"):
            value = where["ours"][f"{edit}_s"]
            if limit is not None:
                goal(f"serve, {label}: save to reload, {edit} edit", f"{value} s", f"<= {limit} s", value <= limit)
            else:
                goal(f"serve, {label}: save to reload, {edit} edit", f"{value} s", f"<= {GOALS['serve_large_s_max']} s", value <= GOALS["serve_large_s_max"])
            ratio = where[f"{edit}_vs_stock"]
            goal(f"serve, {label}: ours / stock, {edit} edit", ratio, f"<= {GOALS['serve_vs_stock_max']}", ratio <= GOALS["serve_vs_stock_max"])
    r = results.get("real")
    if r and r.get("participant_3_pages_median_bytes") is not None:
        goal(
            "real site: participant handout of 3 pages, median bytes",
            r["participant_3_pages_median_bytes"],
            f"<= {GOALS['participant_3_page_bytes_max']}",
            r["participant_3_pages_median_bytes"] <= GOALS["participant_3_page_bytes_max"],
        )
    t = results.get("tests")
    if t:
        goal(
            "make test, wall seconds",
            f"{t['seconds']} s (exit {t['exit']})",
            f"<= {GOALS['make_test_s_max']} s",
            t["seconds"] <= GOALS["make_test_s_max"] and t["exit"] == 0,
        )
    return out


def table(results: dict) -> str:
    sizes = sorted(results["sizes"], key=int)
    default = results["default_language"]
    lines = []
    m = results["machine"]
    lines.append(
        f"caucus build benchmark - {m['nproc']} CPU ({m['cpu']}), {m['ram_gib']} GiB RAM, "
        f"load avg {m['load_avg_at_start'][0]:.2f} at start, {m['load_avg_at_end'][0]:.2f} at end; project {m['project_measured']}"
    )
    if results.get("i18n_overrides"):
        lines.append(f"A/B run: i18n options overridden in both builds: {results['i18n_overrides']}")
    lines.append(f"{'lessons':>8} {'build':>6} {'seconds':>8} {'html pages':>10} {'ms/page':>8} {'ms/lesson':>9} {'lesson html (median B)':>22}")
    for s in sizes:
        for name in ("ours", "stock"):
            r = results["sizes"][s][name]
            lines.append(
                f"{s:>8} {name:>6} {r['seconds']:>8.2f} {r['html_pages']:>10} {r['per_page_ms']:>8.2f} {r['per_lesson_ms']:>9.1f} "
                f"{r['lesson_html_median_bytes'][default]:>22}"
            )
        lines.append(
            f"{'':>8} overhead ours/stock: {results['sizes'][s]['overhead_ratio_per_page']} per page, {results['sizes'][s]['overhead_ratio_total']} total"
        )
    lines.append(
        f"scaling ratio (ms/page {sizes[-1]} / {sizes[0]}): ours {results['scaling_ratio']}, stock {results['scaling_ratio_stock']}; "
        f"marginal ms/page ours {results['marginal_ms_per_page']['ours']}, stock {results['marginal_ms_per_page']['stock']}"
    )
    lines.append(f"first search of '{COMMON_WORD}' from a lesson page (ours, Pagefind; KB = 1,024 bytes):")
    lines.append(f"{'lessons':>8} {'lang':>4} {'transfer KB':>11} {'raw KB':>8} {'files':>6} {'results':<28} {'index pages':>11}")
    for size in sizes:
        found = results["sizes"][size]["ours"].get("pagefind", {})
        for lang, f in found.get("first_search", {}).items():
            lines.append(
                f"{size:>8} {lang:>4} {f['transfer_bytes'] / 1024:>11.1f} {f['bytes'] / 1024:>8.1f} {len(f['files']):>6} {f['results_label'][:28]:<28} "
                f"{found['pages_by_language'].get(lang, 0):>11}"
            )
        if found.get("error"):
            lines.append(f"{size:>8} {found['error']}")
    lines.append("search index a reader downloads on the stock build (Material's lunr, every language in one file):")
    lines.append(f"{'lessons':>8} {'lang':>4} {'file':<30} {'bytes':>10} {'gzip':>9} {'own entries':>11} {'other lang':>10} {'lang pages':>10}")
    for size in sizes:
        for lang, sdata in results["sizes"][size]["stock"]["search"].items():
            lines.append(
                f"{size:>8} {lang:>4} {str(sdata.get('fetched')):<30} {sdata.get('bytes', 0):>10} {sdata.get('gzip_bytes', 0):>9} "
                f"{sdata.get('entries_own_language', 0):>11} {sdata.get('entries_other_languages', 0):>10} {sdata['language_html_pages']:>10}"
            )
    h = results.get("handouts")
    if h:
        lines.append(
            f"handouts ({h['lessons']} lessons x {len(h['languages'])} languages, 1 worker): {h['pdfs']} PDFs, {h['pdf_pages']} pages; "
            f"without {h['without_handouts_s']} s, cold {h['cold_s']} s, warm {h['warm_s']} s, after one edit {h['edited_s']} s"
        )
        lines.append(
            f"  cold {h['cold_s_per_pdf_page']} s/page ({h['cold_s_per_pdf']} s/PDF); warm extra {h['warm_extra_s']} s, "
            f"{h['warm_rendered']} rendered; one lesson edited: {h['edited_rerendered']} re-rendered (expected {h['edited_expected_rerendered']})"
        )
    if h and h.get("participant_median_bytes") is not None:
        lines.append(f"  participant PDFs: median {h['participant_median_bytes']} B, max {h['participant_max_bytes']} B")
    serves = [(f"{size} lessons", results["sizes"][size].get("serve")) for size in sizes] + [("real site", results.get("real", {}).get("serve"))]
    if any(where for _label, where in serves):
        lines.append("mkdocs serve, save to a current page after the reload (slowest of the rounds, s):")
        lines.append(f"  {'catalog':<12} {'edit':<12} {'ours':>6} {'stock':>6} {'ratio':>6}")
        for label, where in serves:
            for edit in ("english", "translation") if where else ():
                lines.append(f"  {label:<12} {edit:<12} {where['ours'][edit + '_s']:>6} {where['stock'][edit + '_s']:>6} {where[edit + '_vs_stock']:>6}")
    r = results.get("real")
    if r:
        lines.append(
            f"real site ({r['lessons']} lessons): cold build with handouts, {r['workers']} workers: {r['cold_build_with_handouts_s']} s; "
            f"participant PDFs median {r['participant_median_bytes']} B, max {r['participant_max_bytes']} B, "
            f"3-page median {r['participant_3_pages_median_bytes']} B ({r['participant_3_pages']} of them)"
        )
    if results.get("tests"):
        lines.append(f"make test: {results['tests']['seconds']} s, exit {results['tests']['exit']} ({results['tests']['summary']})")
    prof = results["sizes"][sizes[-1]].get("profile")
    stock_prof = results["sizes"][sizes[-1]].get("profile_stock")
    if prof:
        lines.append(f"where the time goes at {sizes[-1]} lessons (cumulative s under cProfile; profiles beside the JSON):")
        stock_phases = {p["phase"]: p["cumtime_s"] for p in (stock_prof or {}).get("phases", [])}
        lines.append(f"  {'phase':<66} {'ours':>8} {'stock':>8}")
        for p in prof["phases"]:
            lines.append(f"  {p['phase']:<66} {p['cumtime_s']:>8.1f} {stock_phases.get(p['phase'], ''):>8}")
        lines.append("  most time spent in (tottime s / cumtime s / calls):")
        for r in prof["top_tottime"][:8]:
            lines.append(f"    {r['tottime_s']:>8.1f} {r['cumtime_s']:>8.1f} {r['calls']:>10}  {r['function']}")
        lines.append("  our code, by cumulative time:")
        for r in prof["caucus_cumulative"][:10]:
            lines.append(f"    {r['tottime_s']:>8.1f} {r['cumtime_s']:>8.1f} {r['calls']:>10}  {r['function']}")
    lines.append("goals:")
    for g in results["goals"]:
        lines.append(f"  [{'MET ' if g['met'] else 'MISS'}] {g['goal']}: {g['value']} (target {g['target']})")
    lines.append("note: the stock build has no caucus_blocks extension, so our '///' blocks show there as plain paragraphs;")
    lines.append("      it also has no guides, catalog or status pages (ours writes them), hence 'per page' as the fair unit.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000], help="catalog sizes in lessons (default: 100 1000)")
    parser.add_argument("--handout-lessons", type=int, default=6, help="lessons in the catalog for the handout figures (0: skip them)")
    parser.add_argument("--repeat", type=int, default=1, help="build each configuration N times and keep the best (default 1)")
    parser.add_argument("--out", type=Path, default=ROOT / ".cache" / "bench" / "results.json", help="where to write the JSON")
    parser.add_argument("--workdir", type=Path, help="where to generate the catalogs (default: a new temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the generated catalogs and sites")
    parser.add_argument("--profile", action="store_true", help="also run our build of the largest size under cProfile and add the top functions to the JSON")
    parser.add_argument(
        "--project", type=Path, default=ROOT, help="the project to measure (its mkdocs.yml, overrides, translations and plugins/); default: this working tree"
    )
    parser.add_argument(
        "--i18n-option",
        type=_option,
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override an option of the i18n plugin in both builds, for an A/B run (e.g. reconfigure_search=false)",
    )
    parser.add_argument("--serve-rounds", type=int, default=2, help="edits of each kind timed under mkdocs serve, per catalog (0: skip)")
    parser.add_argument(
        "--real", action=argparse.BooleanOptionalAction, default=True, help="also measure the project's own lessons (serve, handouts on every core, PDF sizes)"
    )
    parser.add_argument("--tests", action="store_true", help="also time `make test` (make bench does)")
    parser.add_argument("--quick", action="store_true", help="a fast smoke run: sizes 10 and 30, 2 handout lessons")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.handout_lessons = [10, 30], min(args.handout_lessons, 2)
    if len(args.sizes) < 2:
        parser.error("give at least two sizes, to compute the scaling ratio")
    sizes = sorted(set(args.sizes))
    args.out = args.out.resolve()  # builds run in other folders
    global PROJECT
    PROJECT = args.project.resolve()
    overrides = dict(args.i18n_option)
    real = read_real_config(overrides)
    default, langs = _languages(real)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="caucus-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict = {
        "benchmark": "caucus build benchmark (issue #7)",
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": [Path(sys.argv[0]).name, *(argv if argv is not None else sys.argv[1:])],
        "machine": machine(),
        "default_language": default,
        "languages": langs,
        "definitions": {
            "per_page_ms": "wall seconds of `python -m mkdocs build -q --strict` x 1000 / HTML files written (all languages, fallback copies included, handouts off)",
            "per_lesson_ms": "wall seconds x 1000 / English source lessons",
            "scaling_ratio": "ours per-page ms at the largest size / at the smallest",
            "marginal_ms_per_page": "(seconds at largest - seconds at smallest) x 1000 / (pages at largest - pages at smallest): start-up excluded",
            "overhead_ratio_per_page": "ours per-page ms / stock per-page ms at the same size (the goal's ratio)",
            "overhead_ratio_total": "ours wall seconds / stock wall seconds (ours writes more pages: guides, catalog, listings, status)",
            "lesson_html_median_bytes": "median size of <lang prefix>/lessons/*/index.html",
            "search": "stock only: the search_index.json a page of each language fetches: new URL('search/search_index.json', base) with base from the page's __config",
            "pagefind": "ours: Pagefind's bundle; first_search = what headless Chromium downloads after a lesson page has loaded, for typing the common word into the search box "
            "until the results are shown (benchmarks/first_search.py); transfer_bytes counts each file at its gzip size when smaller",
            "stock": "same Markdown, same nav policy; Material + mkdocs-static-i18n + search only: no caucus plugins, no caucus_blocks (blocks show as plain text), no overrides",
            "handouts": "small catalog, handouts on with workers: 1; cold = empty cache; per-page = (cold - without handouts) / PDF pages (pypdf)",
        },
        "translation_plan": "es: all lessons (even reviewed, odd draft); ar: 2 in 3 (draft, 1 in 10 stale); vi: 1 in 3 (reviewed); the rest fall back to English",
        "i18n_overrides": overrides,
        "sizes": {},
        "workdir": str(work) if args.keep else None,
    }
    profile_dir = args.out.parent if args.profile else None

    def partial() -> None:  # what is measured so far, in case a later build fails or is killed
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.with_suffix(".partial.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    try:
        for n in sizes:
            results["sizes"][str(n)] = {}
            run_size(n, work, real, args.repeat, profile_dir if n == sizes[-1] else None, results["sizes"][str(n)], partial, args.serve_rounds)
        if args.handout_lessons > 0:
            results["handouts"] = run_handouts(args.handout_lessons, work, real)
            partial()
        if args.real:
            results["real"] = run_real(work, real, args.serve_rounds)
            partial()
        if args.tests:
            results["tests"] = time_tests()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    small, large = results["sizes"][str(sizes[0])], results["sizes"][str(sizes[-1])]
    results["scaling_ratio"] = round(large["ours"]["per_page_ms"] / small["ours"]["per_page_ms"], 3)
    results["scaling_ratio_stock"] = round(large["stock"]["per_page_ms"] / small["stock"]["per_page_ms"], 3)
    results["marginal_ms_per_page"] = {
        name: round((large[name]["seconds"] - small[name]["seconds"]) * 1000 / max(1, large[name]["html_pages"] - small[name]["html_pages"]), 3)
        for name in ("ours", "stock")
    }
    results["machine"]["load_avg_at_end"] = os.getloadavg()
    results["goals"] = goals(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    args.out.with_suffix(".partial.json").unlink(missing_ok=True)
    print(table(results))
    print(f"JSON: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
