"""Reader speed (issue #19): Lighthouse mobile on one page of every kind in every
language of the real site, served as a static host serves it and without compression.

    make lighthouse                                   # every kind, language and serving (72 runs)
    .venv/bin/python benchmarks/lighthouse.py --kinds lesson home --langs en ar --served gzip
    .venv/bin/python benchmarks/lighthouse.py --quick # the lesson page, en and ar, both servings
    .venv/bin/python benchmarks/lighthouse.py --help

What it does:

1. installs Lighthouse (``LIGHTHOUSE_VERSION``, from npm) into .cache/node when it is
   not there (never globally);
2. builds the site (benchmarks/static_host.py: handout print pages written, no PDF)
   with ``SITE_URL`` set to the address it is served at, so that canonical and
   language links point at the server as they point at the host once published;
3. serves it twice on 127.0.0.1, both under the site's path (``/lessons/``, the path
   of site_url in mkdocs.yml): ``gzip``, as a static host serves it, and ``plain``, the
   same files without compression;
4. runs the Lighthouse CLI, one page at a time, with its defaults: mobile (a Moto G
   Power's screen), simulated throttling (slow 4G: 150 ms RTT, 1.6 Mbit/s; 4x CPU
   slowdown), categories performance, accessibility, best practices and SEO; with
   Debian's Chromium (``CHROME_PATH``, default /usr/bin/chromium), headless, whose host
   resolver refuses every name but 127.0.0.1, so nothing leaves the machine (every
   request Lighthouse saw is checked to be to the server);
5. prints a table and writes .cache/lighthouse/results.json: each run's scores,
   metrics, the audits under 100 in accessibility, best practices and SEO (with the
   elements they name), the requests and bytes, and each goal met or missed. Each
   run's full Lighthouse report is kept in .cache/lighthouse/reports/.

The goals (issue #19), on every page served gzip under the site's path: performance
>= 98, LCP <= 1.0 s, TBT <= 50 ms, CLS <= 0.02, accessibility, best practices and SEO
100; served without compression: LCP <= 2.0 s.

Lighthouse simulates the network and the CPU slowdown from what it observed (Lantern):
on a loaded machine the observed tasks are longer, so TBT and LCP come out higher; the
JSON records Lighthouse's benchmark index and the load average at each run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from static_host import ROOT, StaticHost, build_site, free_port, site_path  # noqa: E402

LIGHTHOUSE_VERSION = "12.8.2"  # 13.x needs Node >= 22.19
NODE_DIR = ROOT / ".cache" / "node"
OUT = ROOT / ".cache" / "lighthouse"
LESSON = "why-caucuses"  # translated into every language
SERIES = "starting-a-caucus"
SETTING = "union"
LANGS = {"en": "", "es": "es/", "ar": "ar/", "vi": "vi/"}
KINDS = {
    "home": "",
    "lesson": f"lessons/{LESSON}/",
    "guide": f"guides/{LESSON}/",
    "catalog": "catalog/",
    "listing": f"catalog/settings/{SETTING}/",
    "series": f"series/{SERIES}/",
    "status": "translation-status/",
    "handout": f"handouts/{LESSON}/participant.html",
    "projector": f"projector/{LESSON}.html",
}
SERVED = ("gzip", "plain")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",  # as root
    "--disable-gpu",
    "--disable-dev-shm-usage",
    # Offline: every host name but the server's fails to resolve.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
# (what, how to read it from a result, the goal's test, the goal as written)
GOALS_GZIP = [
    ("performance", lambda r: r["performance"], lambda v: v >= 98, ">= 98"),
    ("LCP", lambda r: r["lcp_ms"], lambda v: v <= 1000, "<= 1.0 s"),
    ("TBT", lambda r: r["tbt_ms"], lambda v: v <= 50, "<= 50 ms"),
    ("CLS", lambda r: r["cls"], lambda v: v <= 0.02, "<= 0.02"),
    ("accessibility", lambda r: r["accessibility"], lambda v: v >= 100, "100"),
    ("best practices", lambda r: r["best-practices"], lambda v: v >= 100, "100"),
    ("SEO", lambda r: r["seo"], lambda v: v >= 100, "100"),
]
GOALS_PLAIN = [("LCP", lambda r: r["lcp_ms"], lambda v: v <= 2000, "<= 2.0 s")]


# --- Lighthouse itself ---------------------------------------------------------------


def lighthouse_cli() -> Path:
    """The CLI of Lighthouse LIGHTHOUSE_VERSION in .cache/node, installed when missing."""
    package = NODE_DIR / "node_modules" / "lighthouse"
    cli = package / "cli" / "index.js"
    try:
        installed = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        installed = None
    if installed != LIGHTHOUSE_VERSION or not cli.is_file():
        npm = shutil.which("npm")
        if npm is None:
            raise SystemExit("lighthouse: npm is not installed (apt-get install npm; Node 18.20 or newer)")
        print(f"lighthouse: installing lighthouse@{LIGHTHOUSE_VERSION} into {NODE_DIR.relative_to(ROOT)} (npm) ...", flush=True)
        NODE_DIR.mkdir(parents=True, exist_ok=True)
        code = subprocess.call([npm, "install", "--prefix", str(NODE_DIR), "--no-audit", "--no-fund", "--loglevel=error", f"lighthouse@{LIGHTHOUSE_VERSION}"])
        if code != 0 or not cli.is_file():
            raise SystemExit(f"lighthouse: npm install lighthouse@{LIGHTHOUSE_VERSION} failed (exit {code})")
    return cli


def chrome_path() -> str:
    path = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        raise SystemExit(f"lighthouse: no Chromium at {path} (apt-get install chromium, or set CHROME_PATH)")
    return path


def run_lighthouse(cli: Path, url: str, report: Path, chrome: str, timeout: float = 300) -> dict:
    report.parent.mkdir(parents=True, exist_ok=True)
    command = [
        "node",
        str(cli),
        url,
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(CHROME_FLAGS)}",
        "--quiet",
    ]
    env = {**os.environ, "CHROME_PATH": chrome}
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise SystemExit(f"lighthouse: {url} took over {timeout:.0f} s") from None
    if done.returncode != 0 or not report.is_file():
        raise SystemExit(f"lighthouse: {url} failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


# --- reading a report -------------------------------------------------------------------


def _score(category: dict) -> int | None:
    return None if category.get("score") is None else round(category["score"] * 100)


def failing_audits(lhr: dict, category: str) -> list[dict]:
    """The audits of a category that lost points (score under 1, weight above 0), and
    the manual or informative ones are left out; each with the elements it names."""
    audits = lhr["audits"]
    failing = []
    for ref in lhr["categories"][category]["auditRefs"]:
        audit = audits[ref["id"]]
        if ref.get("weight", 0) <= 0 or audit.get("score") is None or audit["score"] >= 1:
            continue
        items = (audit.get("details") or {}).get("items") or []
        failing.append(
            {
                "id": ref["id"],
                "title": audit.get("title"),
                "score": audit["score"],
                "display": audit.get("displayValue"),
                "explanation": audit.get("explanation"),
                "items": [_item(item) for item in items[:8]],
            }
        )
    return failing


def _item(item: dict) -> dict:
    node = item.get("node") or {}
    wanted = {k: item[k] for k in ("url", "source", "description", "failureTitle") if k in item and isinstance(item[k], str)}
    for key in ("selector", "snippet", "explanation", "nodeLabel"):
        if node.get(key):
            wanted[key] = node[key]
    return wanted or {k: v for k, v in item.items() if isinstance(v, str | int | float)}


def summary(lhr: dict, kind: str, lang: str, served: str, origin: str) -> dict:
    audits = lhr["audits"]
    requests = (audits.get("network-requests", {}).get("details") or {}).get("items") or []
    elsewhere = sorted({r["url"] for r in requests if not r["url"].startswith((origin, "data:", "blob:"))})
    numeric = lambda key: audits.get(key, {}).get("numericValue")
    result = {
        "page": kind,
        "lang": lang,
        "served": served,
        "url": lhr["finalDisplayedUrl"],
        **{name: _score(lhr["categories"][name]) for name in CATEGORIES},
        "lcp_ms": round(numeric("largest-contentful-paint") or 0),
        "fcp_ms": round(numeric("first-contentful-paint") or 0),
        "tbt_ms": round(numeric("total-blocking-time") or 0),
        "cls": round(numeric("cumulative-layout-shift") or 0, 4),
        "speed_index_ms": round(numeric("speed-index") or 0),
        "transfer_bytes": sum(r.get("transferSize", 0) for r in requests),
        "resource_bytes": sum(r.get("resourceSize", 0) for r in requests),
        "requests": len(requests),
        "requests_elsewhere": elsewhere,
        "failing": {name: failing_audits(lhr, name) for name in CATEGORIES if name != "performance"},
        "runtime_error": (lhr.get("runtimeError") or {}).get("code"),
        "warnings": lhr.get("runWarnings", []),
        "benchmark_index": lhr.get("environment", {}).get("benchmarkIndex"),
        "load_average": os.getloadavg()[0],
    }
    goals = GOALS_GZIP if served == "gzip" else GOALS_PLAIN
    result["goals"] = {name: {"goal": text, "value": read(result), "met": test(read(result))} for name, read, test, text in goals}
    return result


# --- the table ---------------------------------------------------------------------------


def table(results: list[dict]) -> list[str]:
    head = ["page", "lang", "served as", "perf.", "LCP", "TBT", "CLS", "a11y", "best pr.", "SEO"]
    rows = []
    for r in results:
        mark = lambda name, text, r=r: text if r["goals"].get(name, {}).get("met", True) else f"**{text}**"
        rows.append(
            [
                r["page"],
                r["lang"],
                "gzip, /lessons/" if r["served"] == "gzip" else "plain, /lessons/",
                mark("performance", str(r["performance"])),
                mark("LCP", f"{r['lcp_ms'] / 1000:.2f} s"),
                mark("TBT", f"{r['tbt_ms']} ms"),
                mark("CLS", f"{r['cls']:.3f}"),
                mark("accessibility", str(r["accessibility"])),
                mark("best practices", str(r["best-practices"])),
                mark("SEO", str(r["seo"])),
            ]
        )
    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join("---" for _ in head) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def combined_table(results: list[dict]) -> list[str]:
    """One row per page and language, gzip and plain side by side (README.md's table);
    accessibility, best practices and SEO are those of the gzip run. A missed goal is bold."""
    by = {(r["page"], r["lang"], r["served"]): r for r in results}
    head = ["page", "lang", "gzip: perf.", "LCP", "TBT", "CLS", "a11y", "best pr.", "SEO", "plain: perf.", "LCP"]
    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join("---" for _ in head) + " |"]
    for (page, lang, served), r in by.items():
        if served != "gzip":
            continue
        plain = by.get((page, lang, "plain"))
        bold = lambda run, name, text: text if run["goals"][name]["met"] else f"**{text}**"
        cells = [
            page,
            lang,
            bold(r, "performance", str(r["performance"])),
            bold(r, "LCP", f"{r['lcp_ms'] / 1000:.2f} s"),
            bold(r, "TBT", f"{r['tbt_ms']} ms"),
            bold(r, "CLS", f"{r['cls']:.3f}"),
            bold(r, "accessibility", str(r["accessibility"])),
            bold(r, "best practices", str(r["best-practices"])),
            bold(r, "SEO", str(r["seo"])),
            str(plain["performance"]) if plain else "–",
            bold(plain, "LCP", f"{plain['lcp_ms'] / 1000:.2f} s") if plain else "–",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def goal_lines(results: list[dict]) -> list[str]:
    lines = []
    for served, goals in (("gzip", GOALS_GZIP), ("plain", GOALS_PLAIN)):
        runs = [r for r in results if r["served"] == served]
        if not runs:
            continue
        for name, _read, _test, text in goals:
            missed = [f"{r['page']}/{r['lang']} ({r['goals'][name]['value']})" for r in runs if not r["goals"][name]["met"]]
            verdict = "met" if not missed else f"MISSED on {len(missed)} of {len(runs)}: " + ", ".join(missed)
            lines.append(f"{served:5} {name} {text}: {verdict}")
    return lines


# --- main ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kinds", nargs="+", choices=list(KINDS), default=list(KINDS), help="kinds of page (default: all)")
    parser.add_argument("--langs", nargs="+", choices=list(LANGS), default=list(LANGS), help="languages (default: all)")
    parser.add_argument("--served", nargs="+", choices=SERVED, default=list(SERVED), help="gzip, plain or both (default)")
    parser.add_argument(
        "--runs", type=int, default=1, help="Lighthouse runs per page; the median one (by performance score, then LCP + TBT) is kept (default 1)"
    )
    parser.add_argument("--quick", action="store_true", help="the lesson page in en and ar only, both servings")
    parser.add_argument("--no-build", action="store_true", help="serve the site the last run built (.cache/lighthouse/site)")
    parser.add_argument("--out", type=Path, default=OUT / "results.json")
    args = parser.parse_args(argv)
    if args.quick:
        args.kinds, args.langs = ["lesson"], ["en", "ar"]

    cli, chrome = lighthouse_cli(), chrome_path()
    prefix = site_path()
    site, address = OUT / "site", OUT / "site-address.json"
    build_seconds = None
    if args.no_build and address.is_file() and site.is_dir():
        port = json.loads(address.read_text(encoding="utf-8"))["port"]
    else:
        port = free_port()
        url = f"http://127.0.0.1:{port}{prefix}"
        print(f"lighthouse: building the site for {url} (handout print pages, no PDF) ...", flush=True)
        shutil.rmtree(site, ignore_errors=True)
        build_seconds = build_site(site, url, log=OUT / "build.log")
        address.write_text(json.dumps({"port": port, "site_url": url}), encoding="utf-8")
    node_version = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    chrome_version = subprocess.run([chrome, "--version"], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = bool(subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True).stdout.strip())

    results: list[dict] = []
    started = time.perf_counter()
    hosts = {"gzip": StaticHost(site, prefix, gzip=True, port=port) if "gzip" in args.served else None}
    hosts["plain"] = StaticHost(site, prefix, gzip=False) if "plain" in args.served else None
    total = len(args.kinds) * len(args.langs) * len(args.served)
    if args.runs < 1:
        raise SystemExit("lighthouse: --runs must be at least 1")
    try:
        for served in args.served:
            host = hosts[served]
            assert host is not None
            for lang in args.langs:
                for kind in args.kinds:
                    page = LANGS[lang] + KINDS[kind]
                    if not (site / (page + "index.html" if page.endswith("/") or not page else page)).is_file():
                        raise SystemExit(f"lighthouse: the built site has no {page or 'home page'}")
                    one = time.perf_counter()
                    runs = []
                    for number in range(args.runs):
                        suffix = f"-{number + 1}" if args.runs > 1 else ""
                        lhr = run_lighthouse(cli, host.url(page), OUT / "reports" / f"{served}-{lang}-{kind}{suffix}.json", chrome)
                        runs.append(summary(lhr, kind, lang, served, host.origin))
                    # The median run by performance score, as Lighthouse advises for noisy machines;
                    # among equal scores (most are 100), by LCP and TBT added up.
                    runs.sort(key=lambda r: (r["performance"] or 0, -(r["lcp_ms"] + r["tbt_ms"])))
                    result = runs[len(runs) // 2]
                    if args.runs > 1:
                        result["all_runs"] = [{k: r[k] for k in ("performance", "lcp_ms", "tbt_ms", "cls")} for r in runs]
                    result["seconds"] = round(time.perf_counter() - one, 1)
                    results.append(result)
                    print(
                        f"[{len(results)}/{total}] {served:5} {lang} {kind:9} perf {result['performance']} LCP {result['lcp_ms']} ms TBT {result['tbt_ms']} ms CLS {result['cls']} "
                        f"a11y {result['accessibility']} bp {result['best-practices']} seo {result['seo']} ({result['seconds']} s)",
                        flush=True,
                    )
                    if result["requests_elsewhere"] or result["runtime_error"]:
                        raise SystemExit(
                            f"lighthouse: {host.url(page)}: {result['runtime_error'] or ''} requests that left the server: {result['requests_elsewhere']}"
                        )
    finally:
        for host in hosts.values():
            if host is not None:
                host.close()

    report = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit + ("+changes" if dirty else ""),
        "lighthouse": LIGHTHOUSE_VERSION,
        "node": node_version,
        "chromium": chrome_version,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load_average_at_end": os.getloadavg()},
        "settings": "Lighthouse defaults: mobile, simulated throttling (150 ms RTT, 1.6 Mbit/s, 4x CPU slowdown)",
        "served": {"gzip": f"under {prefix}, gzip level 6 for text files", "plain": f"under {prefix}, no compression"},
        "build_seconds": None if build_seconds is None else round(build_seconds, 1),
        "runs_per_page": args.runs,
        "run_seconds": round(time.perf_counter() - started, 1),
        "results": results,
        "goals": goal_lines(results),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print()
    print("\n".join(table(results)))
    if {"gzip", "plain"} <= {r["served"] for r in results}:
        print("\nThe same, gzip and plain side by side (README.md):\n")
        print("\n".join(combined_table(results)))
    print()
    print("\n".join(goal_lines(results)))
    failing = sorted({(a["id"], name) for r in results for name, audits in r["failing"].items() for a in audits})
    if failing:
        print("\naudits under 100 (details in the JSON): " + ", ".join(f"{name}: {audit}" for audit, name in failing))
    print(f"\n{len(results)} runs in {report['run_seconds']:.0f} s; wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
