"""Nothing lost, nothing injected, the same output twice: the tiny site plus a lesson
full of hostile text, built twice from clean with SOURCE_DATE_EPOCH set."""

from __future__ import annotations

import hashlib
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from pypdf import PdfReader

from conftest import ROOT, copy_tiny, mkdocs_build

FIXTURES = ROOT / "tests" / "fixtures"
EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}
# What must never reach a page as markup (the payload lesson carries each of them).
RAW_PAYLOADS = ["<script>alert(", "<img src=x onerror=", "</textarea><", "<b onmouseover=", 'href="javascript:']


def tree_hashes(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def twice(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    project = copy_tiny(tmp_path_factory.mktemp("integrity") / "tiny", FIXTURES / "payload")
    first = mkdocs_build(project, env=EPOCH)
    assert first.returncode == 0, first.stderr[-3000:]
    hashes = tree_hashes(project / "site")
    shutil.rmtree(project / "site")
    shutil.rmtree(project / ".cache")
    second = mkdocs_build(project, env=EPOCH)
    assert second.returncode == 0, second.stderr[-3000:]
    return project / "site", hashes


# --- The same output twice -------------------------------------------------------


def test_two_clean_builds_are_byte_identical_pdfs_included(twice):
    site, first = twice
    second = tree_hashes(site)
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []
    assert sum(path.endswith(".pdf") for path in first) >= 30


# --- Nothing lost ----------------------------------------------------------------


def _files(outputs: dict) -> list[dict]:
    if "path" in outputs:
        return [outputs]
    return [f for value in outputs.values() for f in _files(value)]


def test_manifest_lists_every_output_of_every_lesson_in_every_language(twice):
    site, _ = twice
    manifest = json.loads((site / "build-manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["languages"]) == ["ar", "en", "es"]
    for lang, entry in manifest["languages"].items():
        assert sorted(entry["lessons"]) == ["listening", "mapping", "payload"]
        for slug, outputs in entry["lessons"].items():
            files = _files(outputs)
            # page, guide, projector view; per edition (participant, facilitator, large print)
            # a print page and two PDFs; per form (sign-in, commitment cards, evaluation) two PDFs
            assert len(files) == 3 + 3 * 3 + 3 * 2, (lang, slug)
            assert sorted(outputs["forms"]) == ["commitment-cards", "evaluation", "sign-in"]
            for f in files:
                data = (site / f["path"]).read_bytes()
                assert f["bytes"] == len(data) and f["sha256"] == hashlib.sha256(data).hexdigest()
        assert sorted(entry["series_packets"]["first-steps"]) == ["a4", "letter"]
        series = entry["series"]["first-steps"]
        assert sorted(series["forms"]) == ["action-plan", "evaluation", "sign-in"]
        prefix = "" if lang == "en" else lang + "/"
        assert {paper: kit["path"] for paper, kit in series["kit"].items()} == {
            paper: f"{prefix}handouts/series/first-steps-kit-{lang}-{paper}.zip" for paper in ("letter", "a4")
        }


@pytest.mark.parametrize(
    "hook, message",
    [
        ("lose_a_guide.py", "lesson 'listening' (es): es/guides/listening/index.html was not produced"),
        ("lose_a_projector_view.py", "lesson 'mapping' (ar): ar/projector/mapping.html was not produced"),
        ("lose_a_form.py", "lesson 'listening' (es), form 'sign-in' (a4): es/handouts/listening/sign-in-a4.pdf was not produced"),
        ("lose_a_kit.py", "series 'first-steps' (ar), offline kit (a4): ar/handouts/series/first-steps-kit-ar-a4.zip was not produced"),
    ],
)
def test_build_fails_naming_the_lesson_when_an_output_goes_missing(tmp_path, hook, message):
    project = copy_tiny(tmp_path / "tiny")
    shutil.copy(FIXTURES / "hooks" / hook, project / hook)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"hooks:\n  - {hook}\n", encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        for name in ("href", "src"):
            if attrs.get(name) and not (tag == "link" and attrs.get("rel") in ("canonical", "alternate")):
                self.targets.append(attrs[name])


def broken_links(site: Path, base_path: str = "/") -> list[str]:
    """Every internal link or asset in every HTML page that leads nowhere: a missing
    file, or a #fragment that names no element of the page it points to. Paths that
    start with '/' are read under ``base_path``, the path of the site's URL."""
    parsed: dict[Path, _Links] = {}

    def parse(page: Path) -> _Links:
        if page not in parsed:
            parser = _Links()
            parser.feed(page.read_text(encoding="utf-8"))
            parsed[page] = parser
        return parsed[page]

    problems = []
    for page in sorted(site.rglob("*.html")):
        for target in parse(page).targets:
            parts = urlsplit(target)
            if parts.scheme or parts.netloc:
                if parts.scheme == "javascript":
                    problems.append(f"{page.relative_to(site)}: {target}")
                continue
            if parts.path.startswith("/"):
                inside = parts.path.startswith(base_path)
                resolved = (site / unquote(parts.path[len(base_path) :])).resolve() if inside else site.parent
            else:
                resolved = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if resolved.is_dir():
                resolved = resolved / "index.html"
            if not resolved.is_file() or site.resolve() not in resolved.parents:
                problems.append(f"{page.relative_to(site)}: {target}")
            elif parts.fragment and resolved.suffix == ".html" and unquote(parts.fragment) not in parse(resolved).ids:
                problems.append(f"{page.relative_to(site)}: {target} (no such anchor)")
    return problems


def test_every_internal_link_and_asset_resolves_in_every_language(twice):
    site, _ = twice
    assert broken_links(site, "/tiny/") == []


def test_the_link_walker_finds_missing_pages_assets_and_anchors(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<h2 id="here">x</h2><a href="#here">ok</a><a href="../b/">b</a>'
        '<img src="../pic.png" alt=""><a href="#gone">x</a>'
        '<a href="/site/a/">ok</a><a href="/elsewhere/">x</a>',
        encoding="utf-8",
    )
    assert broken_links(tmp_path, "/site/") == [
        "a/index.html: ../b/",
        "a/index.html: ../pic.png",
        "a/index.html: #gone (no such anchor)",
        "a/index.html: /elsewhere/",
    ]


# --- Nothing injected ------------------------------------------------------------


def test_hostile_text_reaches_pages_only_as_text(twice):
    site, _ = twice
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        for payload in RAW_PAYLOADS:
            assert payload not in text, f"{page.relative_to(site)} carries {payload!r} as markup"
    lesson = (site / "lessons" / "payload" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Payload &lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &lt;img src=x onerror=" in lesson
    guide = (site / "guides" / "payload" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;material&#39;)&lt;/script&gt;" in guide or "&lt;script&gt;alert('material')&lt;/script&gt;" in guide


@pytest.mark.parametrize("edition", ["participant", "facilitator"])
def test_hostile_text_reaches_pdfs_only_as_text(twice, edition):
    site, _ = twice
    path = site / "handouts" / "payload" / f"{edition}-letter.pdf"
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    assert "<script>alert('title')</script>" in text.replace("\n", " ")
    assert "</textarea>" in text
    raw = path.read_bytes()
    assert b"/JavaScript" not in raw and b"/JS " not in raw and b"/OpenAction" not in raw
