"""Edit-to-reload time of ``mkdocs serve``: what a contributor waits for after saving.

Starts ``mkdocs serve`` on a free port, waits for the first build, then for each edit:
asks the live-reload endpoint to wait for a newer version of the site (what the
browser's reload script does), writes the edit, and times until that answer comes and
the edited page, fetched again, shows the new text. That is the time from saving to the
browser reloading a page that is current.

    .venv/bin/python benchmarks/serve.py -f mkdocs.yml --page lessons/why-caucuses/ \\
        --file docs/lessons/why-caucuses.md
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

EPOCH = re.compile(r"livereload\((\d+),\s*(\d+)\)")


@dataclass
class Edit:
    file: Path  # the source file to edit
    page: str  # the page (URL path under the site) that must show the edit


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float = 120) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as answer:
        return answer.read().decode("utf-8", "replace")


def wait_for(url: str, deadline: float, process: subprocess.Popen | None = None, log: Path | None = None) -> str:
    while True:
        try:
            return fetch(url, timeout=10)
        except OSError:
            if process is not None and process.poll() is not None:
                tail = log.read_text(encoding="utf-8")[-2000:] if log else ""
                raise SystemExit(f"serve: mkdocs serve stopped (exit {process.returncode}) before {url} was built:\n{tail}") from None
            if time.monotonic() > deadline:
                raise
            time.sleep(0.25)


@contextlib.contextmanager
def serving(config: Path, env: dict, first_page: str, timeout: float = 1800):
    """A running ``mkdocs serve`` whose first build is done; yields its base URL."""
    port = free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"]
    log_path = config.parent / f"serve-{port}.log"
    log = open(log_path, "w")
    process = subprocess.Popen(command, cwd=config.parent, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        origin = f"http://127.0.0.1:{port}"
        wait_for(origin + mount_path(config) + first_page, time.monotonic() + timeout, process, log_path)
        yield origin, mount_path(config)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


def mount_path(config: Path) -> str:
    """MkDocs serves under site_url's path (``/lessons/`` for ours)."""
    found = re.search(r"^site_url:\s*(.+)$", config.read_text(encoding="utf-8"), re.M)
    if not found:
        return "/"
    url = found.group(1).strip().strip("'\"")
    url = re.sub(r"^!ENV\s*\[\s*\w+\s*,\s*", "", url).rstrip("]").strip().strip("'\"")
    path = re.sub(r"^https?://[^/]+", "", url) or "/"
    return path if path.endswith("/") else path + "/"


def time_edit(origin: str, mount: str, edit: Edit, marker: str, timeout: float = 600) -> float:
    page_url = origin + mount + edit.page
    # The site's version now, from the page (or the home page while the page's language
    # is not built yet: a preview builds a language once one of its files is edited).
    try:
        shown = fetch(page_url)
    except urllib.error.HTTPError:
        shown = fetch(origin + mount)
    found = EPOCH.search(shown)
    if not found:
        raise SystemExit(f"serve: no live-reload script in {page_url}")
    epoch, request = found.groups()
    answered = threading.Event()

    def poll() -> None:
        # The browser's script: this request returns once a newer site is built.
        while True:
            with contextlib.suppress(OSError):
                if int(fetch(f"{origin}/livereload/{epoch}/{request}", timeout=timeout)) > int(epoch):
                    break
        answered.set()

    waiter = threading.Thread(target=poll, daemon=True)
    waiter.start()
    time.sleep(0.3)  # the request is waiting before the save
    text = edit.file.read_text(encoding="utf-8")
    started = time.perf_counter()
    edit.file.write_text(text.rstrip("\n") + f"\n\n{marker}\n", encoding="utf-8")
    if not answered.wait(timeout):
        raise SystemExit(f"serve: no reload within {timeout} s after editing {edit.file}")
    page = fetch(page_url)
    elapsed = time.perf_counter() - started
    if marker not in page:
        raise SystemExit(f"serve: {page_url} does not show the edit to {edit.file} after the reload")
    return elapsed


def measure(config: Path, edits: list[Edit], env: dict | None = None, rounds: int = 3) -> list[list[float]]:
    """Seconds from save to a current page, ``rounds`` times per edit, in one serve."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    originals = {edit.file: edit.file.read_text(encoding="utf-8") for edit in edits}
    times: list[list[float]] = [[] for _ in edits]
    try:
        with serving(config, env, edits[0].page) as (origin, mount):
            for round_ in range(rounds):
                for i, edit in enumerate(edits):
                    times[i].append(time_edit(origin, mount, edit, f"Preview check {i}-{round_}-{time.monotonic_ns()}."))
    finally:
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-f", "--config", type=Path, default=Path("mkdocs.yml"))
    parser.add_argument("--file", type=Path, action="append", required=True, help="source file to edit (repeat with --page)")
    parser.add_argument("--page", action="append", required=True, help="page under the site path that shows that file")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    edits = [Edit(f.resolve(), p) for f, p in zip(args.file, args.page, strict=True)]
    for edit, seconds in zip(edits, measure(args.config.resolve(), edits, rounds=args.rounds), strict=True):
        print(f"{edit.file.name}: {', '.join(f'{s:.2f}' for s in seconds)} s (best {min(seconds):.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
