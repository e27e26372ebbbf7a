"""The offline circle kit as a facilitator uses it: unzip the series' kit, open its
index from disk in Chromium with JavaScript off and the network off, and follow every
link: each leads to a file inside the kit, and nothing is requested from anywhere."""

from __future__ import annotations

import zipfile
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

pytestmark = pytest.mark.browser

KITS = {"en": "handouts/series/first-steps-kit-en-letter.zip", "ar": "ar/handouts/series/first-steps-kit-ar-a4.zip"}
SITE = "https://example.org/tiny/"


def walk_kit(browser, index: Path, screenshot: Path | None = None) -> tuple[list[str], list[str], set[Path]]:
    """(links that lead out of the kit or to nothing, requests made, files reached) after
    following every link from ``index`` with JavaScript and the network off."""
    folder = index.parent.resolve()
    context = browser.new_context(java_script_enabled=False, offline=True, viewport={"width": 390, "height": 844})
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url) if not request.url.startswith(("file:", "data:")) else None)
    bad: list[str] = []
    reached: set[Path] = set()
    queue = [index.resolve().as_uri()]
    seen: set[str] = set()
    try:
        page = context.new_page()
        while queue:
            url = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            page.goto(url, wait_until="load")
            if screenshot is not None and url == index.resolve().as_uri():
                page.screenshot(path=str(screenshot), full_page=True)
            assert page.evaluate("document.title"), f"{url} opened no page"
            for href in page.locator("a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))"):
                target = urljoin(url, href)
                if target.startswith(SITE):
                    continue  # the site's printed address (under a QR code)
                parts = urlsplit(target)
                path = Path(unquote(parts.path)) if parts.scheme == "file" else None
                if path is None or not path.is_file() or folder not in path.resolve().parents:
                    bad.append(f"{url.removeprefix(folder.as_uri())}: {href}")
                    continue
                reached.add(path.resolve())
                if path.suffix == ".html":
                    queue.append(path.resolve().as_uri())
    finally:
        context.close()
    return bad, requests, reached


@pytest.mark.parametrize("lang", KITS)
def test_the_kit_opens_from_disk_and_every_link_stays_inside(browser, tiny_site, lang, tmp_path):
    with zipfile.ZipFile(tiny_site.root / KITS[lang]) as archive:
        archive.extractall(tmp_path)
    index = tmp_path / KITS[lang].rsplit("/", 1)[1].removesuffix(".zip").replace("-kit", "") / "index.html"
    bad, requests, reached = walk_kit(browser, index, tmp_path / f"kit-{lang}.png")
    assert bad == [] and requests == []
    files = {p.resolve() for p in index.parent.rglob("*") if p.is_file()} - {index.resolve()}
    assert files - reached == set()  # every file of the kit is reachable from its index


def test_the_walk_finds_a_link_that_leaves_the_kit(browser, tmp_path):
    folder = tmp_path / "kit"
    folder.mkdir()
    (folder / "index.html").write_text(
        '<!doctype html><title>Kit</title><a href="page.html">in</a> <a href="../outside.html">out</a> <a href="gone.pdf">gone</a>',
        encoding="utf-8",
    )
    (folder / "page.html").write_text("<!doctype html><title>Page</title><img src='https://elsewhere.example/x.png'>", encoding="utf-8")
    (tmp_path / "outside.html").write_text("<!doctype html><title>Out</title>", encoding="utf-8")
    bad, requests, _reached = walk_kit(browser, folder / "index.html")
    assert bad == ["/index.html: ../outside.html", "/index.html: gone.pdf"]
    assert requests == ["https://elsewhere.example/x.png"]
