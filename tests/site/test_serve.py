"""`mkdocs serve` as a contributor uses it. Renaming and then deleting a lesson: every
page that came from it goes away in every language, and nothing stale is left behind.
Editing a translation and then its original: a preview builds the default language and
the edited ones, and every page the edits touch is current after each reload."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import caucus, copy_tiny

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


@contextlib.contextmanager
def _serving(project: Path, log: Path, languages: str | None):
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("CAUCUS_SERVE_LANGUAGES", None)
    if languages is not None:
        env["CAUCUS_SERVE_LANGUAGES"] = languages
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}/tiny/"
    try:
        _wait_for(lambda: _status(base + "catalog/") == 200, "the first build", log)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture
def served(tmp_path):
    project = copy_tiny(tmp_path / "tiny")
    lesson = (project / "docs" / "lessons" / "listening.md").read_text(encoding="utf-8")
    (project / "docs" / "lessons" / "extra.md").write_text(lesson.replace("Listening to each other", "An extra session"), encoding="utf-8")
    log = tmp_path / "serve.log"
    with _serving(project, log, "all") as base:
        yield project, base, log


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


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{text}\n", encoding="utf-8")


def test_preview_builds_the_default_language_and_the_edited_ones(tmp_path):
    project = copy_tiny(tmp_path / "tiny")
    started = caucus("new", "translation", "listening", "--lang", "es", cwd=project)
    assert started.returncode == 0, started.stderr
    lessons = project / "docs" / "lessons"
    log = tmp_path / "serve.log"
    with _serving(project, log, None) as base:
        assert _status(base + "lessons/listening/") == 200
        assert _status(base + "es/lessons/listening/") == 404  # not edited yet: not built
        assert "not built while serving: es, ar" in log.read_text()

        # A translator edits the Spanish lesson: Spanish joins the preview, and the
        # lesson page and its guide show the edit.
        _append(lessons / "listening.es.md", "Una frase nueva para la vista previa.")
        _wait_for(lambda: "Una frase nueva para la vista previa." in _text(base + "es/lessons/listening/"), "the Spanish edit on its page", log)
        assert "Una frase nueva para la vista previa." in _text(base + "es/guides/listening/")
        assert "es (edited)" in log.read_text()
        assert "caucus-state--stale" not in _text(base + "es/translation-status/")
        assert _status(base + "ar/lessons/listening/") == 404

        # Then the English original changes: its page, its guide, its catalog card and
        # the Spanish page's notice and status are current after the reload.
        english = (lessons / "listening.md").read_text(encoding="utf-8")
        (lessons / "listening.md").write_text(english.replace("Listening to each other", "Listening to each other well", 1), encoding="utf-8")
        _wait_for(lambda: "Listening to each other well" in _text(base + "lessons/listening/"), "the English edit on its page", log)
        assert "Listening to each other well" in _text(base + "guides/listening/")
        assert "Listening to each other well" in _text(base + "catalog/")
        assert "caucus-notice--stale" in _text(base + "es/lessons/listening/")
        assert "caucus-state--stale" in _text(base + "es/translation-status/")
    assert "Traceback" not in log.read_text()
