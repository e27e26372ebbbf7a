"""The build manifest: per language, every lesson and what was produced for it.

The build knows what it promised (a page and a guide per lesson per language, and
the handouts when they are on); the manifest records what is really in ``site/``
and names every promised file that is not, so that nothing goes missing quietly."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .project import Project

EDITIONS = ("participant", "facilitator")


@dataclass(frozen=True)
class HandoutPlan:
    """What the handouts plugin promises: print pages always, PDFs unless switched off."""

    papers: tuple[str, ...]
    pdfs: bool


def _prefix(lang: str, default: str) -> str:
    return "" if lang == default else f"{lang}/"


def expected_outputs(project: Project, langs: list[str], default: str, handouts: HandoutPlan | None) -> dict[str, dict[str, dict]]:
    """language -> lesson -> {"page": path, "guide": path, "handouts": {edition: {kind: path}}},
    paths relative to the site folder."""
    expected: dict[str, dict[str, dict]] = {}
    for lang in langs:
        prefix = _prefix(lang, default)
        lessons = {}
        for slug in sorted(project.lessons):
            outputs: dict = {"page": f"{prefix}lessons/{slug}/index.html", "guide": f"{prefix}guides/{slug}/index.html"}
            if handouts is not None:
                folder = f"{prefix}handouts/{slug}"
                outputs["handouts"] = {
                    edition: {"html": f"{folder}/{edition}.html",
                              **({paper: f"{folder}/{edition}-{paper}.pdf" for paper in handouts.papers} if handouts.pdfs else {})}
                    for edition in EDITIONS
                }
            lessons[slug] = outputs
        expected[lang] = lessons
    return expected


def expected_packets(project: Project, langs: list[str], default: str, handouts: HandoutPlan | None) -> dict[str, dict[str, dict]]:
    if handouts is None or not handouts.pdfs:
        return {}
    return {
        lang: {slug: {paper: f"{_prefix(lang, default)}handouts/series/{slug}-{paper}.pdf" for paper in handouts.papers}
               for slug, series in sorted(project.series.items()) if any(s in project.lessons for s in series.lessons)}
        for lang in langs
    }


def _paths(tree: dict) -> list[str]:
    out = []
    for value in tree.values():
        out.extend(_paths(value) if isinstance(value, dict) else [value])
    return out


def _describe(site_dir: Path, tree: dict) -> dict:
    """The same tree with each path replaced by {path, bytes, sha256} (or missing: true)."""
    described = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            described[key] = _describe(site_dir, value)
            continue
        file = site_dir / value
        if file.is_file():
            data = file.read_bytes()
            described[key] = {"path": value, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        else:
            described[key] = {"path": value, "missing": True}
    return described


def build_manifest(site_dir: Path, lessons: dict, packets: dict) -> tuple[dict, list[str]]:
    """(the manifest, one line per missing output naming its language and lesson)."""
    manifest = {"languages": {lang: {"lessons": _describe(site_dir, per_lesson), "series_packets": _describe(site_dir, packets.get(lang, {}))}
                              for lang, per_lesson in lessons.items()}}
    missing = []
    for lang, per_lesson in lessons.items():
        for slug, outputs in per_lesson.items():
            missing += [f"lesson '{slug}' ({lang}): {path} was not produced" for path in _paths(outputs) if not (site_dir / path).is_file()]
        for slug, outputs in packets.get(lang, {}).items():
            missing += [f"series '{slug}' ({lang}): {path} was not produced" for path in _paths(outputs) if not (site_dir / path).is_file()]
    return manifest, missing
