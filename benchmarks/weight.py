"""First-view weight of every lesson page of the real site in every language (issue #19):
everything the page fetches while it loads, with an empty cache, counted uncompressed
and as sent by a static host with gzip (benchmarks/static_host.py, under /lessons/).

    make weight                                    # every lesson, every language
    .venv/bin/python benchmarks/weight.py --lessons why-caucuses --langs en ar

Headless Chromium (Debian's, ``CHROME_PATH``, default /usr/bin/chromium) driven by
Playwright opens each page at 412x823 (a phone), waits until the network has been idle
for half a second (so what scripts fetch after load counts, Material's search index
too if it were fetched then), and adds up each response: its body as the page got it
(uncompressed) and the bytes of the body on the wire (gzip). Requests to any other
host are refused. KB here is 1,024 bytes. Writes .cache/lighthouse/weight.json.

Goals: at most 250 KB uncompressed and at most 60 KB gzip on every lesson page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from static_host import ROOT, StaticHost, build_site, free_port, site_path  # noqa: E402

OUT = ROOT / ".cache" / "lighthouse"
LANGS = {"en": "", "es": "es/", "ar": "ar/", "vi": "vi/"}
LIMIT_RAW, LIMIT_GZIP = 250 * 1024, 60 * 1024


def lessons() -> list[str]:
    return sorted(p.stem for p in (ROOT / "docs" / "lessons").glob("*.md") if "." not in p.stem)


def weigh(browser, url: str, host: StaticHost) -> dict:
    context = browser.new_context(viewport={"width": 412, "height": 823}, device_scale_factor=1.75, is_mobile=True, has_touch=True)
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith((host.origin, "data:", "blob:")) else route.abort("blockedbyclient"))
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    try:
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        parts = []
        for response in responses:
            if response.url.startswith("data:"):
                continue
            try:
                raw = len(response.body())
            except Exception:  # a redirect has no body
                raw = 0
            # What the host sent for it (the browser's own count misses a worker's script).
            sent = host.wire_bytes(unquote(urlsplit(response.url).path))
            name = re.sub(r"^https?://[^/]+/", "", response.url)
            parts.append({"url": name, "bytes": raw, "gzip_bytes": sent, "type": response.request.resource_type})
    finally:
        context.close()
    parts.sort(key=lambda p: -p["bytes"])
    return {"bytes": sum(p["bytes"] for p in parts), "gzip_bytes": sum(p["gzip_bytes"] for p in parts), "parts": parts}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lessons", nargs="+", default=None, help="lesson slugs (default: every lesson)")
    parser.add_argument("--langs", nargs="+", choices=list(LANGS), default=list(LANGS))
    parser.add_argument("--no-build", action="store_true", help="weigh the site benchmarks/lighthouse.py or the last run built")
    parser.add_argument("--out", type=Path, default=OUT / "weight.json")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    prefix = site_path()
    site, address = OUT / "site", OUT / "site-address.json"
    if args.no_build and address.is_file() and site.is_dir():
        port = json.loads(address.read_text(encoding="utf-8"))["port"]
    else:
        port = free_port()
        url = f"http://127.0.0.1:{port}{prefix}"
        print(f"weight: building the site for {url} (handout print pages, no PDF) ...", flush=True)
        build_site(site, url, log=OUT / "build.log")
        address.write_text(json.dumps({"port": port, "site_url": url}), encoding="utf-8")
    slugs = args.lessons or lessons()
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    results = []
    started = time.perf_counter()
    with StaticHost(site, prefix, gzip=True, port=port) as host, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chrome, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            for slug in slugs:
                for lang in args.langs:
                    weighed = weigh(browser, host.url(f"{LANGS[lang]}lessons/{slug}/"), host)
                    results.append({"lesson": slug, "lang": lang, **weighed})
                    print(f"{slug:45} {lang}  {weighed['bytes'] / 1024:6.1f} KB  gzip {weighed['gzip_bytes'] / 1024:5.1f} KB", flush=True)
        finally:
            browser.close()
    over_raw = [r for r in results if r["bytes"] > LIMIT_RAW]
    over_gzip = [r for r in results if r["gzip_bytes"] > LIMIT_GZIP]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    heaviest = max(results, key=lambda r: r["bytes"])
    report = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit,
        "goals": {
            "uncompressed <= 250 KB": {"met": not over_raw, "over": [f"{r['lesson']}/{r['lang']}" for r in over_raw]},
            "gzip <= 60 KB": {"met": not over_gzip, "over": [f"{r['lesson']}/{r['lang']}" for r in over_gzip]},
        },
        "range_bytes": [min(r["bytes"] for r in results), max(r["bytes"] for r in results)],
        "range_gzip_bytes": [min(r["gzip_bytes"] for r in results), max(r["gzip_bytes"] for r in results)],
        "seconds": round(time.perf_counter() - started, 1),
        "results": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print()
    lo, hi = report["range_bytes"]
    glo, ghi = report["range_gzip_bytes"]
    print(
        f"{len(results)} lesson pages: {lo / 1024:.1f}-{hi / 1024:.1f} KB uncompressed (goal 250 KB: {'met' if not over_raw else f'missed on {len(over_raw)}'}), ",
        end="",
    )
    print(f"{glo / 1024:.1f}-{ghi / 1024:.1f} KB gzip (goal 60 KB: {'met' if not over_gzip else f'missed on {len(over_gzip)}'})")
    print(
        f"heaviest: {heaviest['lesson']}/{heaviest['lang']}: "
        + ", ".join(f"{p['url']} {p['bytes'] / 1024:.1f} KB ({p['gzip_bytes'] / 1024:.1f} gzip)" for p in heaviest["parts"][:8])
    )
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
