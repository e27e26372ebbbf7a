"""`mkdocs serve` while a contributor renames and then deletes a lesson: every page
that came from it goes away in every language, and nothing stale is left behind."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import copy_tiny

WAIT = 240  # seconds; a rebuild of the tiny site takes a few on a quiet machine


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0


def _text(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def _wait_for(condition, what: str, log: Path) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(1)
    pytest.fail(f"mkdocs serve: {what} did not happen within {WAIT} s; its log ends:\n{log.read_text()[-3000:]}")


@pytest.fixture
def served(tmp_path):
    project = copy_tiny(tmp_path / "tiny")
    lesson = (project / "docs" / "lessons" / "listening.md").read_text(encoding="utf-8")
    (project / "docs" / "lessons" / "extra.md").write_text(lesson.replace("Listening to each other", "An extra session"), encoding="utf-8")
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}/tiny/"
    try:
        _wait_for(lambda: _status(base + "catalog/") == 200, "the first build", log)
        yield project, base, log
    finally:
        server.terminate()
        server.wait(timeout=30)


GONE_AFTER_RENAME = [
    "lessons/extra/",
    "guides/extra/",
    "es/guides/extra/",
    "ar/lessons/extra/",
    "handouts/extra/participant.html",
    "es/handouts/extra/facilitator.html",
]


def test_renamed_then_deleted_lesson_leaves_nothing_stale(served):
    project, base, log = served
    for path in GONE_AFTER_RENAME:
        assert _status(base + path) == 200, path
    lessons = project / "docs" / "lessons"
    (lessons / "extra.md").rename(lessons / "renamed.md")
    _wait_for(lambda: "renamed/" in _text(base + "catalog/"), "the rebuild after the rename", log)
    for path in GONE_AFTER_RENAME:
        assert _status(base + path) == 404, path
    for path in ["lessons/renamed/", "guides/renamed/", "es/guides/renamed/", "handouts/renamed/participant.html"]:
        assert _status(base + path) == 200, path
    assert "extra/" not in _text(base + "catalog/") and "extra/" not in _text(base + "es/catalog/")

    (lessons / "renamed.md").unlink()
    _wait_for(lambda: "renamed/" not in _text(base + "catalog/"), "the rebuild after the deletion", log)
    for path in ["lessons/renamed/", "guides/renamed/", "ar/guides/renamed/", "handouts/renamed/participant.html"]:
        assert _status(base + path) == 404, path
    assert "renamed" not in _text(base + "es/translation-status/")
    assert "Traceback" not in log.read_text()
