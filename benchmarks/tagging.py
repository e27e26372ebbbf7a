"""What tagging costs: every handout print page of a built site rendered to PDF twice in
one process, untagged and tagged (core.PDF_VARIANT, with the languages marked), in
turn, so that both see the same machine at the same moment.

    .venv/bin/python benchmarks/tagging.py site            # the real site, after make site
    .venv/bin/python benchmarks/tagging.py site --limit 20

Print pages are what the browser prints (A4, the print stylesheet without a paper size);
the PDFs of the build differ only in their page size."""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))

from caucus.core import handouts as core  # noqa: E402


def render(html: str, base_url: str, variant: str | None) -> tuple[float, int]:
    from weasyprint import HTML

    start = time.perf_counter()
    document = HTML(string=html, base_url=base_url, url_fetcher=core.site_only_fetcher((base_url,))).render()
    buffer = io.BytesIO()
    document.write_pdf(buffer, pdf_identifier=b"0" * 16, pdf_variant=variant)
    return time.perf_counter() - start, len(buffer.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    parser.add_argument("--limit", type=int, default=0, help="render only the first N print pages")
    args = parser.parse_args()
    pages = sorted(args.site.resolve().rglob("handouts/*/*.html"))[: args.limit or None]
    if not pages:
        raise SystemExit(f"no handout print pages under {args.site}")
    core.mark_other_languages()
    render(pages[0].read_text(encoding="utf-8"), pages[0].parent.as_uri() + "/", None)  # warm up
    results: dict[str, list[tuple[float, int]]] = {"untagged": [], "tagged": []}
    for page in pages:
        html, base = page.read_text(encoding="utf-8"), page.parent.as_uri() + "/"
        results["untagged"].append(render(html, base, None))
        results["tagged"].append(render(html, base, core.PDF_VARIANT))
    print(f"{len(pages)} print pages of {args.site}")
    for name, runs in results.items():
        seconds, sizes = [s for s, _ in runs], [b for _, b in runs]
        print(
            f"{name:9} total {sum(seconds):6.1f} s  median {statistics.median(seconds) * 1000:5.0f} ms"
            f"  size: total {sum(sizes) / 1024:8.0f} KB  median {statistics.median(sizes) / 1024:5.1f} KB  largest {max(sizes) / 1024:5.1f} KB"
        )
    extra_time = sum(s for s, _ in results["tagged"]) / sum(s for s, _ in results["untagged"]) - 1
    extra_size = sum(b for _, b in results["tagged"]) / sum(b for _, b in results["untagged"]) - 1
    print(f"tagging costs {extra_time:+.0%} time, {extra_size:+.0%} size")


if __name__ == "__main__":
    main()
