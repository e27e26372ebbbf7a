"""Shared fixtures: the tiny site copied into a temporary folder, and ways to run
the checker and the build on it as a contributor would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "fixtures" / "tiny"
CORPUS = ROOT / "tests" / "corpus"


def copy_tiny(target: Path, extra: Path | None = None) -> Path:
    """The tiny site in ``target``, with its relative paths to the project made absolute,
    plus the files of a corpus case laid over its docs folder."""
    shutil.copytree(TINY, target)
    config = (target / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("../../../overrides", str(ROOT / "overrides")).replace("../../../translations", str(ROOT / "translations"))
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    if extra is not None:
        shutil.copytree(extra, target / "docs", dirs_exist_ok=True)
    return target


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return copy_tiny(tmp_path / "tiny")


def spanish_listening(version: str) -> str:
    """A reviewed Spanish translation of the tiny site's 'listening', of that English version."""
    return SPANISH_LISTENING.replace("{version}", version)


SPANISH_LISTENING = """---
title: "Escucharnos"
summary: "El grupo practica escuchar entre turnos."
objectives:
  - "Escuchar a alguien de otro turno."
key_points:
  - "La solidaridad empieza por escuchar."
running_late: "Salte la actividad y pase directo a la ronda de cierre."
if_interpreted: "Haga solo la primera pregunta de la conversación."
translation:
  source: {version}
  state: reviewed
---

/// welcome
    minutes: 5

Qué es un círculo de estudio, y las reglas que acordamos.
///

/// checkin | Nombres
    minutes: 10

Diga su nombre y su turno.
///

/// facilitator

NOTA: cuide el círculo.
///

/// discussion | Su turno
    minutes: 30
    format: pairs

- ¿Con quién habla en el trabajo?
- ¿A quién no ve nunca?
///

/// activity | Un mapa
    minutes: 15
    materials: [papel, marcadores]

1. Dibujen los turnos.
///

/// closing
    minutes: 5

Una palabra cada uno. Vea [el mapa](mapping.md) y el [caucus](../glossary.md#caucus).
///
"""


def run(args: list[str], cwd: Path, env: dict | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(args, cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout)


def caucus(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return run([sys.executable, "-c", "from caucus.cli import run; run()", *args], cwd)


def mkdocs_build(site: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "mkdocs", "build", "--strict", *extra], site, env)


def pytest_xdist_make_scheduler(config, log):
    """`make test` runs the tests on every core (pytest -n auto): each file on one worker,
    so that a file's built site is built once; the browser tests, which share one
    browser and the sites it opens, all on one worker."""
    from xdist.scheduler import LoadScopeScheduling

    class ByFile(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return "tests/browser/" if path.startswith("tests/browser/") else path

    return ByFile(config, log)


# --- lesson translations passage by passage (tests/unit/test_lesson_po.py, tests/site/test_translation_memory.py)


def tiny_with_spanish_listening(tmp_path: Path) -> Path:
    """The tiny site with a Spanish translation of 'listening', its own translations
    folder (the catalogs of labels copied, the lesson PO files to be written there)."""
    from caucus.core.project import content_version

    site = copy_tiny(tmp_path / "tiny")
    shutil.copytree(ROOT / "translations", site / "translations", ignore=shutil.ignore_patterns("lessons"))
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(f"translations_dir: {ROOT / 'translations'}", "translations_dir: translations"), encoding="utf-8"
    )
    english = (site / "docs" / "lessons" / "listening.md").read_text(encoding="utf-8")
    (site / "docs" / "lessons" / "listening.es.md").write_text(spanish_listening(content_version(english)), encoding="utf-8")
    return site


def sync(site: Path, *args: str):
    result = caucus("translations", "sync", *args, cwd=site)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def catalog(site: Path, lang: str = "es") -> polib.POFile:
    from caucus.core.lesson_po import po_path

    return polib.pofile(str(po_path(site / "translations", lang, "listening")))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
