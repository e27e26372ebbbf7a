"""What a reader downloads for a first search on the built site (Pagefind, see
plugins/caucus/core/search.py): measured in headless Chromium, as a reader does it.

``first_search(browser, url, word)`` opens ``url`` (a lesson page) with an empty
cache, waits until it has loaded, then types ``word`` into the header's search box
and waits until the results are shown and the network is quiet. Every response after
the page loaded counts: Pagefind's script and its worker, its entry file, the
WebAssembly of the page's language, the language's metadata, the index chunk(s) that
hold the word and the fragment of each result shown.

- ``bytes``: the bodies as served by a server that compresses nothing;
- ``transfer_bytes``: each body at its gzip size when that is smaller (what a host
  that compresses sends; Pagefind's own files are compressed already, its scripts
  and entry file are not). The goal (issue #19): at most 150 KB at 1,000 lessons.

Used by benchmarks/bench.py and tests/browser/test_search.py."""

from __future__ import annotations

import functools
import gzip
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

SEARCH_INPUT = "input.caucus-search__input"
RESULTS = ".caucus-search__results:not([hidden])"


def compressed_size(body: bytes) -> int:
    return min(len(body), len(gzip.compress(body, 6)))


def first_search(browser, url: str, word: str, timeout_ms: int = 20_000) -> dict:
    context = browser.new_context()
    context.set_default_timeout(timeout_ms)
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        before = []
        responses = []
        page.on("request", lambda request: before.append(request.url))
        page.on("response", lambda response: responses.append(response))
        idle_requests = list(before)
        page.fill(SEARCH_INPUT, word)
        page.wait_for_selector(RESULTS + " li a")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)
        files: dict[str, dict] = {}
        for response in responses:
            try:
                body = response.body()
            except Exception:  # a redirect or an aborted request: nothing to count
                continue
            path = urlsplit(response.url).path
            entry = files.setdefault(path, {"bytes": 0, "transfer_bytes": 0})
            entry["bytes"] += len(body)
            entry["transfer_bytes"] += compressed_size(body)
        shown = page.eval_on_selector_all(RESULTS + " li a", "links => links.map(a => new URL(a.href).pathname)")
        count = page.inner_text(RESULTS + " > p")
        return {
            "word": word,
            "page": urlsplit(url).path,
            "results_label": count,
            "shown": shown,
            "files": files,
            "bytes": sum(f["bytes"] for f in files.values()),
            "transfer_bytes": sum(f["transfer_bytes"] for f in files.values()),
            "requests_before_search": [u for u in idle_requests if "/pagefind/" in u],
        }
    finally:
        context.close()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass


class serve_folder:
    """A local HTTP server of ``folder`` on a free port, as a context manager; ``.origin``."""

    def __init__(self, folder: Path):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
        self.httpd.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> serve_folder:
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
