"""Fixtures of the browser tests: headless Chromium from Debian driven by Playwright,
the tiny site (and, for the page weight, the real site) built once per session and
served by a local HTTP server on a free port.

CAUCUS_BROWSER_PREBUILT=DIR uses sites already built in DIR/tiny/site and
DIR/real/site (as ``prepare_tiny`` and ``prepare_real`` lay them out) instead of
building them: for working on the checks only.

Without a browser these tests are skipped with the reason; with CI=true that is a
failure instead, so that CI never passes on tests it did not run."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import ROOT, caucus, copy_tiny

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
RTL = {"ar", "he", "fa", "ur"}

# The pages the issue names, by kind, as paths relative to a language's root.
TINY_LANGS = {"en": "", "es": "es/", "ar": "ar/"}
REAL_LANGS = {"en": "", "es": "es/", "ar": "ar/", "vi": "vi/"}
TINY_PAGES = {"home": "", "lesson": "lessons/listening/", "catalog": "catalog/", "guide": "guides/listening/", "handout": "handouts/listening/participant.html"}
REAL_LESSON = "why-caucuses"  # translated into every language (drafts)
REAL_PAGES = {"home": "", "lesson": f"lessons/{REAL_LESSON}/", "catalog": "catalog/", "guide": f"guides/{REAL_LESSON}/"}
# The tiny site covers every kind of page in en, es and ar; the real site adds every
# kind in vi, and its real lessons in the other languages (the page loads and axe
# runs cost seconds each on a small machine).
REAL_SAMPLE = [("vi", kind) for kind in REAL_PAGES] + [(lang, "lesson") for lang in ("en", "es", "ar")]

WEIGHTS = pytest.StashKey[dict]()


def direction(lang: str) -> str:
    return "rtl" if lang.split("-")[0] in RTL else "ltr"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def unavailable(reason: str) -> None:
    """Skip, or under CI=true fail: a browser test that did not run is not a pass."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


def find_chromium() -> str | None:
    """$CHROMIUM if set (and only it), else Debian's chromium."""
    chosen = os.environ.get("CHROMIUM")
    for candidate in [chosen] if chosen else [*CHROMIUM_CANDIDATES, shutil.which("chromium")]:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


# --- the browser -----------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed (pip install -e '.[test]')")
    try:
        import axe_playwright_python  # noqa: F401  (the accessibility tests need it)
    except ImportError:
        unavailable("axe-playwright-python is not installed (pip install -e '.[test]')")
    executable = find_chromium()
    if executable is None:
        unavailable("no Chromium found (apt-get install chromium, or set CHROMIUM=/path/to/chromium)")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    except Exception as error:  # a browser that is there but does not start
        playwright.stop()
        unavailable(f"Chromium at {executable} did not start: {str(error).splitlines()[0]}")
    yield browser
    browser.close()
    playwright.stop()


# --- the sites and the server -----------------------------------------------------


class _Handler(SimpleHTTPRequestHandler):
    """Serves the built site, plus pages that a test laid over it (broken copies)."""

    def do_GET(self) -> None:
        body = self.server.overlays.get(unquote(urlsplit(self.path).path))
        if body is None:
            return super().do_GET()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # quiet
        pass


class Server:
    def __init__(self, root: Path):
        self.root = root
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(root)))
        self.httpd.daemon_threads = True
        self.httpd.overlays = {}
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


@dataclass
class Site:
    name: str
    root: Path  # the built site/ folder
    server: Server
    langs: dict[str, str]
    pages: dict[str, str]
    _counter: list[int] = field(default_factory=lambda: [0])

    @property
    def origin(self) -> str:
        return self.server.origin

    def url(self, path: str) -> str:
        return f"{self.origin}/{path.lstrip('/')}"

    def page_url(self, lang: str, kind: str) -> str:
        return self.url(self.langs[lang] + self.pages[kind])

    def file(self, path: str) -> Path:
        path = path.lstrip("/")
        return self.root / (path + "index.html" if path.endswith("/") or not path else path)

    @contextmanager
    def broken(self, path: str, change: Callable[[str], str]) -> Iterator[str]:
        """A changed copy of a built page, served beside it (so its relative links
        still resolve); yields its URL. ``change`` must change the page."""
        html = self.file(path).read_text(encoding="utf-8")
        changed = change(html)
        assert changed != html, "the change did not apply: the built page no longer has what it replaces"
        self._counter[0] += 1
        folder = path.lstrip("/") if path.endswith("/") or not path else path.rsplit("/", 1)[0] + "/"
        where = f"/{folder}broken-{self._counter[0]}.html"
        self.server.httpd.overlays[where] = changed.encode("utf-8")
        try:
            yield self.url(where)
        finally:
            del self.server.httpd.overlays[where]


def _python() -> str:
    return sys.executable


def _env(**extra: str) -> dict:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", **extra}


ARABIC_MAPPING = """---
title: "رسم خريطة مكان العمل"
summary: "ترسم المجموعة من يعمل أين ومتى."
objectives:
  - "أن نرسم خريطة لمكان العمل."
key_points:
  - "الخريطة تُظهر من هو غائب."
translation:
  source: {version}
  state: draft
---

/// reading | Why maps?
    minutes: 20

الخرائط تساعد. نرسم على ورقة بمقاس A4 أو Letter، ثم نقرأ معًا فصلًا من كتاب
*Secrets of a Successful Organizer* عن التكتّل.
///

/// discussion | ماذا نرى؟
    minutes: 40
    format: whole-circle

- من هو الغائب عن خريطتنا؟
- من يعمل في نوبة الليل؟
///
"""


def prepare_tiny(target: Path) -> Path:
    """The tiny site, with one lesson translated into Arabic (with Latin words in it),
    so a right-to-left page is tested beside the fallback pages."""
    project = copy_tiny(target)
    version = caucus("translations", "--version", "mapping", cwd=project)
    assert version.returncode == 0, version.stderr
    (project / "docs" / "lessons" / "mapping.ar.md").write_text(ARABIC_MAPPING.format(version=version.stdout.strip()), encoding="utf-8")
    return project


def prepare_real(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in ("docs", "overrides", "translations", "curriculum"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


class Build:
    """``mkdocs build --strict`` running in the background."""

    def __init__(self, project: Path, **env: str):
        self.project = project
        self.log = project.parent / f"{project.name}-build.log"
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(
                [_python(), "-m", "mkdocs", "build", "--strict"], cwd=project, env=_env(**env), stdout=log, stderr=subprocess.STDOUT
            )

    def wait(self) -> Path:
        code = self.process.wait(timeout=900)
        assert code == 0, f"build of {self.project} failed:\n{self.log.read_text()[-4000:]}"
        return self.project / "site"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="session")
def _builds(browser, request, tmp_path_factory):
    """Starts the builds this session needs at once, so they overlap."""
    base = tmp_path_factory.mktemp("browser-sites")
    wanted = {name for item in request.session.items for name in ("tiny_site", "real_site") if name in getattr(item, "fixturenames", ())}
    builds = {}
    if os.environ.get("CAUCUS_BROWSER_PREBUILT"):
        wanted = set()
    if "tiny_site" in wanted:
        builds["tiny_site"] = Build(prepare_tiny(base / "tiny"))
    if "real_site" in wanted:
        builds["real_site"] = Build(prepare_real(base / "real"), CAUCUS_HANDOUTS="false")
    yield builds
    for build in builds.values():
        build.stop()


def _serve(builds: dict, name: str, langs: dict, pages: dict) -> Iterator[Site]:
    prebuilt = os.environ.get("CAUCUS_BROWSER_PREBUILT")
    if prebuilt:  # for working on the checks: a folder holding tiny/site and real/site
        root = Path(prebuilt) / name.removesuffix("_site") / "site"
    else:
        build = builds.get(name)
        assert build is not None, f"{name} was not started"
        root = build.wait()
    server = Server(root)
    try:
        yield Site(name, root, server, langs, pages)
    finally:
        server.close()


@pytest.fixture(scope="session")
def tiny_site(_builds) -> Iterator[Site]:
    yield from _serve(_builds, "tiny_site", TINY_LANGS, TINY_PAGES)


@pytest.fixture(scope="session")
def real_site(_builds) -> Iterator[Site]:
    yield from _serve(_builds, "real_site", REAL_LANGS, REAL_PAGES)


# --- browser contexts ------------------------------------------------------------


@pytest.fixture
def open_context(browser):
    """Opens browser contexts (fresh profile: empty cache, no cookies) that never let
    a request leave this machine; closes them after the test."""
    contexts = []

    def open(**options):
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        context.route("**/*", _guard)
        contexts.append(context)
        return context

    yield open
    for context in contexts:
        context.close()


# --- the weight figures in the terminal summary ------------------------------------


@pytest.fixture(scope="session")
def weights(request) -> dict:
    return request.config.stash.setdefault(WEIGHTS, {})


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    figures = config.stash.get(WEIGHTS, None)
    if not figures:
        return
    terminalreporter.section("page weight: first view of a lesson, empty cache, uncompressed")
    for (site, lang), (total, parts) in sorted(figures.items()):
        biggest = ", ".join(f"{name} {size / 1024:.0f} KB" for name, size in parts[:4])
        terminalreporter.write_line(f"{site:10} {lang:3} {total / 1024:7.1f} KB  ({biggest})")
    terminalreporter.write_line(json.dumps({f"{s}/{l}": t for (s, l), (t, _) in sorted(figures.items())}))


@pytest.fixture(scope="session")
def loaded(browser):
    """Pages of the built sites loaded once each (a fresh context apiece, JavaScript
    on, 1280x800) and kept open, so the privacy, accessibility, right-to-left and
    print checks of one page share one load. ``loaded(site, lang, kind)`` or
    ``loaded(site, path=...)`` returns the ``checks.Visit``."""
    from .checks import visit

    cache: dict = {}
    contexts = []

    def load(site: Site, lang: str | None = None, kind: str | None = None, path: str | None = None):
        path = path if path is not None else site.langs[lang] + site.pages[kind]
        key = (site.name, path)
        if key not in cache:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            context.set_default_timeout(15_000)
            context.route("**/*", _guard)
            contexts.append(context)
            cache[key] = visit(context, site.url(path))
        return cache[key]

    yield load
    for context in contexts:
        context.close()


def _guard(route) -> None:
    """Nothing leaves this machine: requests to other hosts are recorded, then refused."""
    if route.request.url.startswith(("http://127.0.0.1:", "data:", "blob:")):
        route.continue_()
    else:
        route.abort("blockedbyclient")


@pytest.fixture
def verdict(request):
    """``verdict(problems)``: pass on none, fail on any, except defects listed in
    known.py, which make the test xfail with their reason."""
    from .known import triage

    return lambda problems: triage(request.node.nodeid, problems)
