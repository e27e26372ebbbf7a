"""The real site built and served the way a reader gets it, for benchmarks/lighthouse.py
and benchmarks/weight.py.

``build_site`` builds the project's own site (handout print pages written, no PDF
rendered: ``CAUCUS_HANDOUT_PDFS=false``) with ``SITE_URL`` set to the address it will
be served at, so that its canonical links, language links and sitemaps point at the
server, as they point at the host once published.

``StaticHost`` serves a built site under the path of that address (``/lessons/``),
as a static host such as GitHub Pages does: ``index.html`` for a folder, a redirect
from ``folder`` to ``folder/``, the site's ``404.html`` with status 404 for anything
missing (and for anything outside the site's path), ``Cache-Control: max-age=600``,
and with ``gzip=True`` text files (HTML, CSS, JavaScript, JSON, SVG, XML, text)
compressed when the browser accepts gzip. It listens on 127.0.0.1 only.
"""

from __future__ import annotations

import gzip
import mimetypes
import os
import socket
import subprocess
import sys
import threading
import time
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
SITE_PATH = "/lessons/"  # the path of site_url in mkdocs.yml
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml", "application/manifest+json")
GZIP_LEVEL = 6  # what common static hosts and servers use


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def site_path(config: Path = ROOT / "mkdocs.yml") -> str:
    """The path of site_url's default in mkdocs.yml ('/lessons/')."""
    import re

    found = re.search(r"^site_url:.*?https?://[^/\s\"']+(/[^\s\"'\]]*)", config.read_text(encoding="utf-8"), re.M)
    path = found.group(1) if found else "/"
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"


def build_site(dest: Path, site_url: str, handouts: bool = True, log: Path | None = None) -> float:
    """``mkdocs build --strict`` of the project into ``dest``; returns the seconds it took."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url}
    if handouts:
        env.update(CAUCUS_HANDOUTS="true", CAUCUS_HANDOUT_PDFS="false")
    else:
        env["CAUCUS_HANDOUTS"] = "false"
    log = log or dest.parent / "build.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with open(log, "w") as out:
        code = subprocess.call([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(dest)], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    if code != 0:
        raise SystemExit(f"the site did not build (exit {code}); the end of {log}:\n{log.read_text(encoding='utf-8')[-3000:]}")
    return time.perf_counter() - started


def content_type(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if path.suffix == ".js":
        kind = "application/javascript"
    if kind.startswith("text/") or kind in ("application/javascript", "application/json", "image/svg+xml"):
        kind += "; charset=utf-8"
    return kind


@cache
def _gzipped(path: Path, mtime: float) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL, mtime=0)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # quiet
        pass

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def _answer(self, body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        self.server.asked.append(path)
        status, target = self.server.host.resolve(path)
        if status == 301:
            self.send_response(301)
            self.send_header("Location", path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self._send(status, target, body)

    def _send(self, status: int, file: Path, body: bool) -> None:
        kind = content_type(file)
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Cache-Control", "max-age=600")
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        data, encoded = self.server.host.body(file, accepts)
        if self.server.host.gzip and kind.startswith(COMPRESSED_TYPES):
            self.send_header("Vary", "Accept-Encoding")
        if encoded:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    host: StaticHost
    asked: list[str]


class StaticHost:
    """A built site served on 127.0.0.1 under ``prefix``, with or without gzip."""

    def __init__(self, root: Path, prefix: str = SITE_PATH, gzip: bool = True, port: int = 0):
        self.root, self.prefix, self.gzip = root, prefix, gzip
        self.httpd = _Server(("127.0.0.1", port), _Handler)
        self.httpd.host = self
        self.httpd.asked = []
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def resolve(self, path: str) -> tuple[int, Path]:
        """(status, file) for a URL path: 200 and the file, 301 (to path + '/'), or 404
        and the site's 404.html."""
        missing = (404, self.root / "404.html")
        if not path.startswith(self.prefix) and path + "/" != self.prefix:
            return missing
        target = (self.root / path[len(self.prefix) :]).resolve() if path.startswith(self.prefix) else self.root.resolve()
        if self.root.resolve() not in (target, *target.parents):
            return missing
        if target.is_dir():
            if not path.endswith("/"):
                return 301, target
            target = target / "index.html"
        return (200, target) if target.is_file() else missing

    def body(self, file: Path, accepts_gzip: bool = True) -> tuple[bytes, bool]:
        """The bytes this host sends for ``file``, and whether they are gzip."""
        if not file.is_file():
            return b"Not found", False
        if self.gzip and accepts_gzip and content_type(file).startswith(COMPRESSED_TYPES):
            return _gzipped(file, file.stat().st_mtime), True
        return file.read_bytes(), False

    def wire_bytes(self, path: str) -> int:
        """The length of the body this host sends for a URL path to a browser that accepts gzip."""
        status, file = self.resolve(path)
        return 0 if status == 301 else len(self.body(file)[0])

    def url(self, path: str = "") -> str:
        return self.origin + self.prefix + path.lstrip("/")

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)

    def __enter__(self) -> StaticHost:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
