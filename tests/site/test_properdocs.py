"""The site builds the same with ProperDocs, the maintained continuation of MkDocs 1.x
that runs its plugins, as with MkDocs: every file of the tiny site is the same but for
the generator line (and the manifest's hashes of the pages that carry it)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from conftest import copy_tiny, run

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def build(site: Path, engine: str) -> Path:
    result = run([sys.executable, "-m", engine, "build", "--strict", "-f", "mkdocs.yml", "-d", f"built-{engine}"], site, {"DISABLE_MKDOCS_2_WARNING": "true"})
    assert result.returncode == 0, f"{engine}: {result.stderr[-3000:]}"
    return site / f"built-{engine}"


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def differences(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    found = [f"only in one build: {name}" for name in sorted(first.keys() ^ second.keys())]
    for name in sorted(first.keys() & second.keys()):
        a, b = first[name], second[name]
        if name.endswith("build-manifest.json"):
            a, b = (json.dumps(_without_hashes(json.loads(x))).encode() for x in (a, b))
        elif name.endswith(".html"):
            a, b = GENERATOR.sub(b"", a), GENERATOR.sub(b"", b)
        if a != b:
            found.append(f"differs: {name}")
    return found


def _without_hashes(manifest: object) -> object:
    if isinstance(manifest, dict):
        return {k: _without_hashes(v) for k, v in manifest.items() if k not in ("sha256", "bytes")}
    if isinstance(manifest, list):
        return [_without_hashes(v) for v in manifest]
    return manifest


@pytest.fixture(scope="module")
def both(tmp_path_factory) -> tuple[dict[str, bytes], dict[str, bytes]]:
    site = copy_tiny(tmp_path_factory.mktemp("engines") / "tiny")
    return files(build(site, "mkdocs")), files(build(site, "properdocs"))


def test_properdocs_builds_the_same_site(both):
    mkdocs, properdocs = both
    assert any(name.endswith(".pdf") for name in mkdocs), "the tiny site should have handouts"
    generator = GENERATOR.search(properdocs["index.html"])
    assert generator is not None and b"ProperDocs" in generator.group(0)  # it really was ProperDocs
    assert differences(mkdocs, properdocs) == []


def test_the_comparison_sees_a_difference(both):
    mkdocs, _ = both
    changed = dict(mkdocs)
    changed["lessons/listening/index.html"] = changed["lessons/listening/index.html"].replace(b"</main>", b"<p>extra</p></main>", 1)
    del changed["sitemap.xml"]
    assert differences(mkdocs, changed) == ["only in one build: sitemap.xml", "differs: lessons/listening/index.html"]
