"""Compare two built sites, to see that a change lost nothing: every page, guide,
handout and packet of the first site is in the second, and what differs in the pages'
text and in the PDFs' text (read with ``pdftotext``) is listed for a person to judge.

    .venv/bin/python benchmarks/compare_sites.py /tmp/site-before site
"""

from __future__ import annotations

import argparse
import difflib
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

SKIPPED = re.compile(r"(^|/)(search/search_index\.json|sitemap\.xml(\.gz)?|build-manifest\.json)$")


class _Text(HTMLParser):
    """The text a reader sees in a page's main content (scripts and styles left out)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.parts.append(" ".join(data.split()))


def page_text(path: Path) -> list[str]:
    html = path.read_text(encoding="utf-8", errors="replace")
    start = html.find("<article")
    parser = _Text()
    parser.feed(html[start:] if start != -1 else html)
    return parser.parts


def pdf_text(path: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(line.split()) for line in out.splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--show", type=int, default=3, help="diff lines shown per differing file")
    args = parser.parse_args(argv)
    files = {p.relative_to(args.before).as_posix() for p in args.before.rglob("*") if p.is_file()}
    now = {p.relative_to(args.after).as_posix() for p in args.after.rglob("*") if p.is_file()}
    missing = sorted(f for f in files - now if not SKIPPED.search(f))
    added = sorted(now - files)
    changed = []
    for name in sorted(files & now):
        if not name.endswith((".html", ".pdf")):
            continue
        read = pdf_text if name.endswith(".pdf") else page_text
        a, b = read(args.before / name), read(args.after / name)
        if a != b:
            diff = [line for line in difflib.unified_diff(a, b, lineterm="", n=0) if line[:1] in "+-" and line[:3] not in ("+++", "---")]
            changed.append((name, diff))
    print(f"{len(files)} files before, {len(now)} after; {len(missing)} missing, {len(added)} new, {len(changed)} pages or PDFs with other text")
    for name in missing:
        print(f"MISSING {name}")
    for name in added:
        print(f"NEW     {name}")
    for name, diff in changed:
        print(f"TEXT    {name}")
        for line in diff[: args.show]:
            print(f"        {line[:160]}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
