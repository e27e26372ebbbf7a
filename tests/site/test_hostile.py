"""Hostile lessons, as strangers may send them in pull requests (tests/hostile/<case>/,
see its README.md), plus the cases that only a running test can make (a named pipe,
symbolic links, a directory named like a lesson, a file outside docs/).

1. ``caucus check`` refuses every case: exit 1 within 20 s, no traceback, one
   ``file:line: message`` per line, naming the hostile file (and line).
2. A build of every combinable case with the checker switched off (``check: false``
   under ``caucus-lessons``) publishes nothing active that a clean build does not.
3. Its PDFs embed nothing, link only to their own lesson, carry no secret, and the
   renderer asked no server for anything.
4. Facilitator notes appear in no participant output.
5. Every case says what it is."""

from __future__ import annotations

import dataclasses
import http.server
import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import tinycss2
import yaml

from caucus.core.layout import SITE_STYLESHEET
from caucus.core.stylesheet import Used, site_stylesheet
from conftest import ROOT, copy_tiny, run

pytestmark = pytest.mark.slow

HOSTILE = ROOT / "tests" / "hostile"
CLASSES = ("script", "pdf-file", "facilitator-leak", "lost-content", "traceback", "hang", "disagreement", "quiet")
SECRET = "HOSTILE-SECRET-7f3a9c1e5b"
SITE_URL = "https://example.org/tiny/"
CHECK_TIMEOUT = 20  # seconds
MEMORY_LIMIT = 4 * 1024**3  # bytes of address space for one checker run: a YAML bomb fails, it does not swap
MESSAGE = re.compile(r"^([^\n:]+):\d+: ")
# Characters that break a message into several lines, or rewrite the reader's terminal.
LINE_BREAKING = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]")
LANG_PREFIXES = {"en": "", "es": "es/", "ar": "ar/"}


# --- the cases ----------------------------------------------------------------------


@dataclass
class Case:
    name: str
    cls: str
    file: str  # docs-relative path of the file the checker must name
    line: int | None = None
    mentions_line: int | None = None
    marker: str | None = None  # facilitator text that must not reach participants
    combine: bool = True
    accept: bool = False  # 'checker: accept': the text is allowed; only the build is judged
    folder: Path | None = None  # tests/hostile/<name>, None for the cases made at run time
    setup: Callable[[Path, Path], list[str]] | None = None  # (site, scratch) -> arguments of 'caucus check'
    shown: str | None = None  # how the checker must name the file, when not docs/<file>

    @property
    def prefix(self) -> str:
        return self.shown if self.shown is not None else f"docs/{self.file}"


def _read_case(folder: Path) -> Case:
    meta = yaml.safe_load((folder / "case.yml").read_text(encoding="utf-8")) or {}
    return Case(
        name=folder.name,
        cls=meta.get("class"),
        file=meta.get("file", f"lessons/{folder.name}.md"),
        line=meta.get("line"),
        mentions_line=meta.get("mentions_line"),
        marker=meta.get("facilitator_marker"),
        combine=meta.get("combine", True),
        accept=meta.get("checker") == "accept",
        folder=folder,
    )


VALID_LESSON = """---
title: "Hostile: {name}"
summary: A session that tests {name}.
duration: 70
settings: [union]
topics: [solidarity]
objectives:
  - Listen to one another.
key_points:
  - Everyone speaks once.
---

/// checkin | Names
    minutes: 10

Say your name and your shift.
///

/// discussion | Talk
    minutes: 50
    format: pairs

- What happened at work this week?
///
"""


def _lessons(site: Path) -> Path:
    return site / "docs" / "lessons"


def _make_directory(site: Path, scratch: Path) -> list[str]:
    folder = _lessons(site) / "traceback-directory.md"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a lesson\n", encoding="utf-8")
    return []


def _make_dangling_link(site: Path, scratch: Path) -> list[str]:
    os.symlink("no-such-lesson.md", _lessons(site) / "traceback-dangling-symlink.md")
    return []


def _make_looping_link(site: Path, scratch: Path) -> list[str]:
    os.symlink("traceback-looping-symlink.md", _lessons(site) / "traceback-looping-symlink.md")
    return []


def _make_fifo(site: Path, scratch: Path) -> list[str]:
    os.mkfifo(_lessons(site) / "hang-fifo.md")
    return []


def _make_link_out_of_docs(site: Path, scratch: Path) -> list[str]:
    target = scratch / "elsewhere" / "quiet-symlink-outside.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(VALID_LESSON.format(name="quiet-symlink-outside") + f"\nA file of the machine: {SECRET}\n", encoding="utf-8")
    os.symlink(target, _lessons(site) / "quiet-symlink-outside.md")
    return []


def _make_outside_file(site: Path, scratch: Path) -> list[str]:
    target = scratch / "outside" / "outside.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(VALID_LESSON.format(name="disagreement-outside-file"), encoding="utf-8")
    return [str(target)]


RUNTIME_CASES = [
    Case("traceback-directory", "traceback", "lessons/traceback-directory.md", setup=_make_directory),
    Case("traceback-dangling-symlink", "traceback", "lessons/traceback-dangling-symlink.md", setup=_make_dangling_link),
    Case("traceback-looping-symlink", "traceback", "lessons/traceback-looping-symlink.md", setup=_make_looping_link),
    Case("hang-fifo", "hang", "lessons/hang-fifo.md", setup=_make_fifo),
    Case("quiet-symlink-outside", "quiet", "lessons/quiet-symlink-outside.md", setup=_make_link_out_of_docs),
    # Named as given on the command line (an absolute path), not as docs/...
    Case("disagreement-outside-file", "disagreement", "outside.md", setup=_make_outside_file, shown=""),
]

FOLDER_CASES = [_read_case(p) for p in sorted(HOSTILE.iterdir()) if p.is_dir()] if HOSTILE.is_dir() else []
ALL_CASES = {c.name: c for c in FOLDER_CASES + RUNTIME_CASES}
COMBINED = [c for c in FOLDER_CASES if c.combine]


def overlay(case: Case, docs: Path, secret_path: Path, port: int) -> None:
    """Lay the case's files over ``docs``, with {SECRET_PATH}, {PORT} and {VERSION}
    (the version of the English lesson, in a translation) filled in."""
    assert case.folder is not None
    written = []
    for path in sorted(case.folder.rglob("*")):
        if not path.is_file() or path.relative_to(case.folder).as_posix() == "case.yml":
            continue
        target = docs / path.relative_to(case.folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        data = path.read_bytes().replace(b"{SECRET_PATH}", str(secret_path).encode()).replace(b"{PORT}", str(port).encode())
        target.write_bytes(data)
        written.append(target)
    from caucus.core.project import content_version

    for target in written:
        data = target.read_bytes()
        if b"{VERSION}" in data:
            source = target.with_name(target.name.split(".")[0] + ".md")
            target.write_bytes(data.replace(b"{VERSION}", content_version(source.read_text(encoding="utf-8")).encode()))


# --- a local server that must never be called ---------------------------------------


class Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (the http.server name)
        Recorder.requests.append(self.path)
        body = b"body{}" if self.path.endswith(".css") else b"\x89PNG\r\n\x1a\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_HEAD = do_GET  # noqa: N815

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def secret_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("machine") / "private-notes.txt"
    path.write_text(f"Private notes of the machine that builds the site: {SECRET}\n", encoding="utf-8")
    return path


# --- 1. the checker refuses every case -----------------------------------------------

_LIMITED_CHECKER = "import resource; resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit})); from caucus.cli import run; run()"


def run_checker(site: Path, args: list[str]) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", _LIMITED_CHECKER.format(limit=MEMORY_LIMIT), "check", *args]
    try:
        return run(command, site, timeout=CHECK_TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"caucus check still running after {CHECK_TIMEOUT} s")


@pytest.mark.parametrize("name", sorted(ALL_CASES))
def test_checker_refuses(name: str, tmp_path: Path, server, secret_path: Path):
    case = ALL_CASES[name]
    site = copy_tiny(tmp_path / "site")
    if case.folder is not None:
        overlay(case, site / "docs", secret_path, server.server_port)
    args = case.setup(site, tmp_path) if case.setup else []
    if case.shown == "":
        case = dataclasses.replace(case, shown=args[0])
    before = len(Recorder.requests)
    result = run_checker(site, args)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output[-3000:]
    assert len(Recorder.requests) == before, "the checker fetched a URL"
    lines = [line for line in result.stdout.split("\n") if line]
    assert result.stdout.splitlines() == lines or not result.stdout.strip(), "a message holds a line break other than '\\n'"
    broken = [line for line in lines if not MESSAGE.match(line) or LINE_BREAKING.search(line)]
    assert broken == [], f"not one 'file:line: message' per line: {broken[:5]}"
    if case.accept:
        assert result.returncode == 0, f"the checker refuses text that is allowed:\n{result.stdout}"
        return
    assert result.returncode == 1, f"exit {result.returncode}, expected 1:\n{result.stdout}{result.stderr[-1000:]}"
    named = [line for line in lines if line.startswith(case.prefix + ":")]
    if case.shown is not None:  # a file outside docs/: named as given, or by any path that ends in its name
        named = [line for line in lines if MESSAGE.match(line) and MESSAGE.match(line).group(1).endswith(case.file)] or named
    assert named, f"no message names {case.prefix}:\n{result.stdout}"
    if case.line is not None:
        assert any(line.startswith(f"{case.prefix}:{case.line}: ") for line in named), f"no message points at line {case.line}:\n{result.stdout}"
    if case.mentions_line is not None:
        other = case.mentions_line
        assert any(line.startswith(f"{case.prefix}:{other}: ") or re.search(rf"\blines?\b[^:]*\b{other}\b", line.split(": ", 1)[1]) for line in named), (
            f"no message names line {other} as well:\n{result.stdout}"
        )


# --- the forced build ----------------------------------------------------------------


def _forced_config(project: Path) -> None:
    """'check: false' under caucus-lessons, and strict off: strict mode stops on warnings,
    which is what 'check: false' is for not doing; what is left is what the build publishes."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    switched = text.replace("  - caucus-lessons:\n", "  - caucus-lessons:\n      check: false\n", 1).replace("\nstrict: true\n", "\nstrict: false\n", 1)
    # One paper: a Letter PDF is the A4 one with other margins; what gets into a PDF does not change.
    switched = switched.replace("  - caucus-handouts\n", "  - caucus-handouts:\n      papers: [a4]\n", 1)
    assert "      check: false\n" in switched and "strict: false" in switched and "papers: [a4]" in switched, (
        "the tiny site's mkdocs.yml changed: no 'caucus-lessons' or 'caucus-handouts' entry, or no 'strict: true'"
    )
    config.write_text(switched, encoding="utf-8")


BUILD_TIMEOUT = 900  # seconds; the forced build takes about 2 minutes on two cores


def forced_build(project: Path) -> subprocess.CompletedProcess:
    """``mkdocs build`` (not strict), in a session of its own so that a build that hangs is
    stopped with its PDF workers."""
    command = [sys.executable, "-m", "mkdocs", "build"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=BUILD_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
        return subprocess.CompletedProcess(command, -1, stdout, f"{stderr}\nthe build was still running after {BUILD_TIMEOUT} s")
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


@dataclass
class Built:
    result: subprocess.CompletedProcess
    site: Path
    requests: list[str] = field(default_factory=list)

    def failure(self) -> str | None:
        """Why the build did not succeed, or None."""
        output = self.result.stdout + self.result.stderr
        if "Traceback" in output:
            return "the build printed a traceback:\n" + output[-4000:]
        if self.result.returncode != 0:
            tail = [line for line in output.splitlines() if not line.startswith("INFO")]
            return f"the build exited {self.result.returncode}:\n" + "\n".join(tail[-40:])
        return None

    def ok(self) -> Path:
        problem = self.failure()
        assert problem is None, problem
        return self.site

    def written(self) -> Path:
        """The site as far as the build wrote it: enough to judge it when every language
        was built, even if the build failed at the end (say, on its manifest)."""
        for prefix in LANG_PREFIXES.values():
            if not (self.site / prefix / "index.html").is_file():
                pytest.fail(f"the build did not write the site ({prefix or 'en/'} is missing); " + (self.failure() or ""))
        return self.site


@pytest.fixture(scope="module")
def builds(tmp_path_factory, server, secret_path) -> tuple[Built, Built]:
    """(the clean tiny site, the tiny site with every combinable case), both with 'check: false'."""
    clean = copy_tiny(tmp_path_factory.mktemp("baseline") / "tiny")
    _forced_config(clean)
    baseline = Built(forced_build(clean), clean / "site")
    project = copy_tiny(tmp_path_factory.mktemp("forced") / "tiny")
    _forced_config(project)
    for case in COMBINED:
        overlay(case, project / "docs", secret_path, server.server_port)
    before = len(Recorder.requests)
    forced = Built(forced_build(project), project / "site")
    forced.requests = Recorder.requests[before:]
    return baseline, forced


# --- 2. nothing active is published ---------------------------------------------------

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "srcdoc", "poster", "background"}
ACTIVE_SCHEMES = ("javascript:", "vbscript:", "data:")
ELEMENTS = {"iframe", "object", "embed", "base", "link", "form", "frame", "frameset", "applet", "portal", "input", "button", "textarea", "select"}
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_RAW_EVENT = re.compile(r"<[a-zA-Z][^<>]*?[\s/\"'](on[a-zA-Z]+)\s*=", re.S)
SCANNED = (".html", ".htm", ".xhtml", ".svg")
ASSETS = (".js", ".mjs", ".css")


class ActiveParts(HTMLParser):
    """What a page could run, load or be covered by: (kind, detail) pairs, with page-specific
    addresses reduced to their pattern so that pages of two builds compare."""

    def __init__(self, page_url: str, own: str | None):
        super().__init__(convert_charrefs=True)
        self.page_url, self.own = page_url, own  # the page's own path, without its language
        self.found: list[tuple[str, str]] = []
        self.values: list[str] = []  # every script text and active attribute value, for the marker check
        self._script: list[str] | None = None

    def url(self, value: str) -> str:
        value = value.strip()
        if urlsplit(value).scheme or value.startswith("//"):
            absolute = value
        else:
            absolute = urljoin(self.page_url, value)
        if self.own:
            absolute = absolute.replace(self.own, "<page>")
            # A projector view's canonical link names its lesson's page.
            if projector := re.fullmatch(r"projector/(.+)\.html", self.own):
                absolute = absolute.replace(f"lessons/{projector.group(1)}/", "<lesson>")
        return absolute

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        if tag == "script":
            self._script = []
            if values.get("src"):
                self.found.append(("script-src", self.url(values["src"])))
                self.values.append(values["src"])
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append(("event-attribute", f"<{tag} {name}={value[:120]}>"))
                self.values.append(value)
            if name in URL_ATTRIBUTES:
                self.values.append(value)
                if _CONTROL.sub("", value).lower().startswith(ACTIVE_SCHEMES):
                    self.found.append(("script-url", f"<{tag} {name}={value[:120]}>"))
                if name in ("src", "data", "poster", "background") and (urlsplit(value.strip()).scheme or value.strip().startswith("//")):
                    self.found.append(("remote-load", f"<{tag} {name}={self.url(value)[:120]}>"))
            if name == "style":
                self.found.append(("style", f"<{tag} style={value[:120]}>"))
                self.values.append(value)
        if tag in ELEMENTS or (tag == "meta" and "http-equiv" in values):
            shown = " ".join(f"{k}={self.url(v) if k in URL_ATTRIBUTES else v}" for k, v in sorted(values.items()) if k != "id")
            self.found.append(("element", f"<{tag} {shown}>"[:200]))
            if tag == "meta":
                self.values.append(values.get("content", ""))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            text = "".join(self._script).strip()
            self._script = None
            self.values.append(text)
            if text:
                if self.own:
                    text = text.replace(self.own, "<page>")
                self.found.append(("inline-script", text[:300]))


def own_path(rel: str) -> str:
    """A page's path without its language prefix: 'lessons/x/' for es/lessons/x/index.html."""
    rel = re.sub(r"^(?:es|ar)/", "", rel)
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def scan(site: Path) -> dict[str, tuple[list[tuple[str, str]], list[str]]]:
    """Per page (site-relative path): its active parts and the values to search for markers."""
    pages = {}
    for path in sorted(p for p in site.rglob("*") if p.suffix.lower() in SCANNED and p.is_file()):
        rel = path.relative_to(site).as_posix()
        own = own_path(rel)
        parser = ActiveParts(SITE_URL + rel, own)
        text = path.read_text(encoding="utf-8", errors="replace")
        parser.feed(text)
        parser.close()
        found = list(parser.found)
        # What html.parser may read differently from a browser: event attributes in raw markup.
        for raw in _RAW_EVENT.finditer(text):
            found.append(("raw-event-attribute", raw.group(0)[:120].replace(own, "<page>") if own else raw.group(0)[:120]))
        pages[rel] = (found, parser.values)
    return pages


def foreign_rules(site: Path, cut_sheet: Path) -> list[str]:
    """Declarations of the site's stylesheet found in none of the stylesheets it was
    cut from (each selector with each declaration, inside any @media)."""
    header, body = cut_sheet.read_text(encoding="utf-8").split("*/", 1)
    names = [name.strip() for name in header.split("/*", 1)[1].split(", cut to", 1)[0].split(",")]
    whole = style_pairs("".join((site / name).read_text(encoding="utf-8") for name in names))
    return [
        f"{SITE_STYLESHEET}: not in the stylesheets it is cut from: {selector} {{{declaration}}}" for selector, declaration in sorted(style_pairs(body) - whole)
    ]


def style_pairs(css: str) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    stack = [tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)]
    while stack:
        for rule in stack.pop():
            if rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in ("media", "supports"):
                stack.append(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))
            elif rule.type == "qualified-rule":
                selectors = re.sub(r"\s+", " ", tinycss2.serialize(rule.prelude)).strip()
                for item in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True):
                    if item.type == "declaration":
                        value = re.sub(r"\s+", " ", tinycss2.serialize(item.value)).strip()
                        for selector in split_selectors(selectors):
                            pairs.add((selector, f"{item.lower_name}:{value}{'!important' if item.important else ''}"))
    return pairs


def split_selectors(selectors: str) -> list[str]:
    """A selector list at its top-level commas (not those inside :is(...))."""
    parts, depth, current = [], 0, ""
    for char in selectors:
        depth += (char == "(") - (char == ")")
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    return [*parts, current.strip()]


def new_active_parts(baseline: Path, forced: Path) -> list[str]:
    known = {item for found, _ in scan(baseline).values() for item in found}
    problems = []
    for page, (found, _) in scan(forced).items():
        for kind, detail in found:
            if (kind, detail) not in known:
                problems.append(f"{page}: {kind}: {detail}")
    for path in sorted(p for p in forced.rglob("*") if p.suffix.lower() in ASSETS and p.is_file()):
        rel = path.relative_to(forced)
        clean = baseline / rel
        if not clean.is_file():
            problems.append(f"{rel.as_posix()}: a script or stylesheet that a clean build does not have")
        elif rel.as_posix() == SITE_STYLESHEET:
            # Cut to the classes the pages carry, so lessons may keep more of it; but only
            # rules of the stylesheets it is cut from, never a rule of their own.
            problems += foreign_rules(forced, path)
        elif clean.read_bytes() != path.read_bytes():
            problems.append(f"{rel.as_posix()}: differs from the clean build's")
    return problems


def test_forced_build_publishes_nothing_active(builds):
    baseline, forced = builds
    clean_site = baseline.ok()
    site = forced.written()
    problems = new_active_parts(clean_site, site)
    markers = sorted({f"{page}: {value[:160]!r}" for page, (_, values) in scan(site).items() for value in values if "XSS-" in value})
    report = [forced.failure() or "the build exited 0"]
    report += [f"{len(problems)} active parts that a clean build does not have:"] + problems[:100]
    report += [f"{len(markers)} payload markers in scripts or active attributes:"] + markers[:60]
    print("\n".join(report))
    assert forced.failure() is None and problems == [] and markers == [], "\n".join(report)


def test_a_rule_of_its_own_in_the_site_stylesheet_is_found(tmp_path: Path):
    (tmp_path / "a.css").write_text("@media print{.x,.y{color:red}}.z{margin:0}", encoding="utf-8")
    seen = Used(classes={"x", "z"}, elements=set())
    sheet = tmp_path / "site.css"
    sheet.write_text(site_stylesheet([("a.css", (tmp_path / "a.css").read_text(encoding="utf-8"))], seen), encoding="utf-8")
    assert foreign_rules(tmp_path, sheet) == []
    sheet.write_text(sheet.read_text(encoding="utf-8") + ".x{background:url(https://evil.example/x.png)}", encoding="utf-8")
    assert foreign_rules(tmp_path, sheet) == [f"{SITE_STYLESHEET}: not in the stylesheets it is cut from: .x {{background:url(https://evil.example/x.png)}}"]


def test_the_scanner_finds_what_it_looks_for(tmp_path: Path):
    """A control: hand-made pages with each kind of active part are told apart from a clean one."""
    clean, dirty = tmp_path / "clean", tmp_path / "dirty"
    for root in (clean, dirty):
        (root / "lessons" / "x").mkdir(parents=True)
        (root / "lessons" / "x" / "index.html").write_text('<p>ok</p><script src="../../a.js"></script>', encoding="utf-8")
        (root / "a.js").write_text("1;", encoding="utf-8")
    (dirty / "lessons" / "y").mkdir()
    (dirty / "lessons" / "y" / "index.html").write_text(
        '<p>ok</p><script src="../../a.js"></script><script>alert("XSS-1")</script><img/onerror=alert(2)>'
        '<a href="java\tscript:alert(3)">a</a><div style="position:fixed">x</div><iframe srcdoc="x"></iframe>'
        '<img src="https://tracker.example/p.png"><base href="https://evil.example/">',
        encoding="utf-8",
    )
    (dirty / "a.js").write_text("alert(1);", encoding="utf-8")
    found = "\n".join(new_active_parts(clean, dirty))
    for kind in ("inline-script", "event-attribute", "script-url", "style", "element: <iframe", "remote-load", "element: <base", "a.js: differs"):
        assert kind in found, (kind, found)
    assert "lessons/y/index.html: script-src" not in found  # the same script as the clean page's, at another page


# --- 3. PDFs fetch and embed nothing ----------------------------------------------------


def _walk(obj, seen: set, streams: list) -> None:
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

    if isinstance(obj, IndirectObject):
        key = (obj.idnum, obj.generation)
        if key in seen:
            return
        seen.add(key)
        obj = obj.get_object()
    if isinstance(obj, StreamObject):
        streams.append(obj)
    if isinstance(obj, DictionaryObject):
        for key, value in obj.items():
            if key != "/Parent":
                _walk(value, seen, streams)
    elif isinstance(obj, ArrayObject):
        for value in obj:
            _walk(value, seen, streams)


def pdf_problems(path: Path, allowed_uri: Callable[[str], bool]) -> list[str]:
    from pypdf import PdfReader

    problems = []
    raw = path.read_bytes()
    if SECRET.encode() in raw:
        problems.append("carries the secret in its bytes")
    reader = PdfReader(path)
    if reader.attachments:
        problems.append(f"attachments: {sorted(reader.attachments)}")
    root = reader.trailer["/Root"].get_object()
    names = root.get("/Names")
    if names is not None and "/EmbeddedFiles" in names.get_object():
        problems.append("an /EmbeddedFiles name tree")
    for key in ("/OpenAction", "/AA"):
        if key in root:
            problems.append(f"a document action {key}")
    if names is not None and "/JavaScript" in names.get_object():
        problems.append("document JavaScript")
    for number, page in enumerate(reader.pages, 1):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            subtype = annot.get("/Subtype")
            if subtype == "/FileAttachment":
                problems.append(f"page {number}: a /FileAttachment annotation")
            action = annot.get("/A")
            if action is not None:
                action = action.get_object()
                kind = action.get("/S")
                if kind == "/URI":
                    uri = str(action.get("/URI"))
                    if not allowed_uri(uri):
                        problems.append(f"page {number}: a link to {uri}")
                elif kind not in (None, "/GoTo"):
                    problems.append(f"page {number}: a {kind} action")
    streams: list = []
    _walk(reader.trailer["/Root"], set(), streams)
    for stream in streams:
        try:
            data = stream.get_data()
        except Exception:  # a stream pypdf cannot decode is no proof of anything either way
            continue
        if SECRET.encode() in data:
            problems.append("carries the secret in a stream")
            break
    return problems


def test_the_pdf_inspector_finds_attachments_links_and_secrets(tmp_path: Path):
    """A control: WeasyPrint with its own fetcher (which reads any file) embeds the secret;
    the inspector must say so, and must pass a PDF that links only to its lesson."""
    from weasyprint import HTML

    notes = tmp_path / "notes.txt"
    notes.write_text(f"{SECRET}\n", encoding="utf-8")
    own = SITE_URL + "lessons/x/"
    bad, good = tmp_path / "bad.pdf", tmp_path / "good.pdf"
    HTML(
        string=f'<html><head><link rel="attachment" href="{notes.as_uri()}"></head><body>'
        f'<p><a rel="attachment" href="{notes.as_uri()}">notes</a> <a href="https://other.example/">elsewhere</a></p></body></html>'
    ).write_pdf(bad)
    HTML(string=f'<p><a href="{own}">this lesson</a></p>').write_pdf(good)
    found = "\n".join(pdf_problems(bad, lambda uri: uri == own))
    for problem in ("attachments", "/EmbeddedFiles", "/FileAttachment", "a link to https://other.example/", "secret in a stream"):
        assert problem in found, (problem, found)
    assert pdf_problems(good, lambda uri: uri == own) == []


# A lesson's handouts and forms (handouts/<lesson>/...), a series' packets and forms
# (handouts/series/...), the safety card (handouts/safety-<paper>.pdf).
_HANDOUT_PDF = re.compile(r"^(?:(es|ar)/)?handouts/(?:([^/]+)/[^/]+|(series/[^/]+)/[^/]+|(safety)-[a-z0-9]+)\.pdf$")


def test_pdfs_fetch_and_embed_nothing(builds):
    _, forced = builds
    site = forced.written()
    pdfs = sorted(site.rglob("*.pdf"))
    assert len(pdfs) > 30  # more than the clean tiny site's
    problems = []
    for path in pdfs:
        rel = path.relative_to(site).as_posix()
        m = _HANDOUT_PDF.match(rel)
        if m is None:
            problems.append(f"{rel}: a PDF where the build writes none")
            continue
        prefix = f"{m.group(1)}/" if m.group(1) else ""
        if m.group(4):
            allowed = lambda uri, page=f"{SITE_URL}{prefix}safety/": uri == page  # noqa: E731
        elif m.group(2) == "series" or m.group(3):
            lesson_address = re.compile(re.escape(SITE_URL + prefix) + r"lessons/[a-z0-9-]+/")
            allowed = lambda uri, pattern=lesson_address: pattern.fullmatch(uri) is not None  # noqa: E731
        else:
            own = f"{SITE_URL}{prefix}lessons/{m.group(2)}/"
            allowed = lambda uri, own=own: uri == own  # noqa: E731
        problems += [f"{rel}: {p}" for p in pdf_problems(path, allowed)]
    assert forced.requests == [], f"the build asked the local server for: {forced.requests}"
    assert problems == [], "\n".join(problems[:80])


# --- 4. facilitator notes stay in facilitator outputs -----------------------------------


def _pdf_text(path: Path) -> str:
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def participant_outputs(site: Path) -> list[Path]:
    found = []
    for prefix in ("", "es/", "ar/"):
        found += sorted((site / prefix / "lessons").rglob("*.html")) if (site / prefix / "lessons").is_dir() else []
        found += sorted((site / prefix / "projector").glob("*.html")) if (site / prefix / "projector").is_dir() else []
        handouts = site / prefix / "handouts"
        if handouts.is_dir():
            found += sorted(handouts.glob("*/participant.html"))
            for edition in ("participant", "large-print", "bilingual", "commitment-cards"):
                found += sorted(handouts.glob(f"*/{edition}-*.pdf"))
            # The series' packets and forms; its facilitator packet is the facilitator's.
            found += sorted(p for p in (handouts / "series").rglob("*.pdf") if "-facilitator-" not in p.name)
    return found


def test_no_facilitator_text_in_participant_outputs(builds):
    _, forced = builds
    site = forced.written()
    markers = ["SECRET-FACILITATOR-NOTE"] + [c.marker for c in COMBINED if c.marker]
    assert len(markers) > 10
    outputs = participant_outputs(site)
    assert any(p.suffix == ".pdf" and p.parent.name == "series" for p in outputs), "no series packet was built"
    lessons = {
        p.relative_to(site).parent.as_posix().replace("lessons/", "projector/") for p in outputs if p.name == "index.html" and p.parent.parent.name == "lessons"
    }
    projectors = {p.relative_to(site).with_suffix("").as_posix() for p in outputs if p.parent.name == "projector"}
    assert len(lessons) > 10 and projectors == lessons, f"not a projector view for every lesson page: {sorted(lessons ^ projectors)[:10]}"
    leaks = []
    for path in outputs:
        text = _pdf_text(path) if path.suffix == ".pdf" else unescape(path.read_text(encoding="utf-8"))
        squeezed = re.sub(r"\s+", "", text)
        for marker in markers:
            if marker in text or marker in squeezed:
                leaks.append(f"{path.relative_to(site).as_posix()}: {marker}")
    assert leaks == [], "\n".join(leaks)


# --- 5. every case says what it is --------------------------------------------------------


def test_every_case_has_a_class():
    assert HOSTILE.is_dir()
    folders = sorted(p for p in HOSTILE.iterdir() if p.is_dir())
    problems = []
    for folder in folders:
        if not (folder / "case.yml").is_file():
            problems.append(f"{folder.name}: no case.yml")
            continue
        case = _read_case(folder)
        meta = yaml.safe_load((folder / "case.yml").read_text(encoding="utf-8"))
        unknown = set(meta) - {"class", "file", "line", "mentions_line", "facilitator_marker", "combine", "checker", "note"}
        if unknown:
            problems.append(f"{folder.name}: unknown keys {sorted(unknown)}")
        if case.cls not in CLASSES:
            problems.append(f"{folder.name}: class {case.cls!r} is not one of {', '.join(CLASSES)}")
        if not (folder / case.file).is_file():
            problems.append(f"{folder.name}: its file {case.file} is not in the case")
        for key in ("line", "mentions_line"):
            if meta.get(key) is not None and not (isinstance(meta[key], int) and meta[key] >= 1):
                problems.append(f"{folder.name}: {key} must be a line number")
        if meta.get("checker") not in (None, "accept"):
            problems.append(f"{folder.name}: checker: must be 'accept' when given")
        if case.marker and case.marker not in (folder / case.file).read_text(encoding="utf-8"):
            problems.append(f"{folder.name}: its facilitator_marker is not in {case.file}")
    assert problems == [], "\n".join(problems)
    covered = {c.cls for c in ALL_CASES.values()}
    assert set(CLASSES) <= covered, f"no case of class {sorted(set(CLASSES) - covered)}"
    assert {c.name for c in RUNTIME_CASES}.isdisjoint(p.name for p in folders)


def test_cases_can_share_a_build():
    """Combined cases write different files and have different titles (the checker refuses
    duplicate titles, which would hide the case's own problem)."""
    written: dict[str, str] = {}
    titles: dict[str, str] = {}
    problems = []
    for case in FOLDER_CASES:
        for path in case.folder.rglob("*"):
            rel = path.relative_to(case.folder).as_posix()
            if not path.is_file() or rel == "case.yml":
                continue
            if case.combine and rel in written:
                problems.append(f"{case.name} and {written[rel]} both write docs/{rel}")
            if case.combine:
                written[rel] = case.name
            if path.suffix == ".md":
                m = re.search(r"^title: (.+)$", path.read_text(encoding="utf-8", errors="replace"), re.M)
                if m and m.group(1) in titles and titles[m.group(1)] != case.name:
                    problems.append(f"{case.name} and {titles[m.group(1)]} share the title {m.group(1)}")
                elif m:
                    titles[m.group(1)] = case.name
    assert problems == [], "\n".join(problems)
