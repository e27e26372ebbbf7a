"""The build manifest: per language, every lesson and what was produced for it.

The build knows what it promised (a page and a guide per lesson per language, and
the handouts when they are on); the manifest records what is really in ``site/``
and names every promised file that is not, so that nothing goes missing quietly."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import TypeAlias

from .layout import EDITIONS, LESSON_FORMS, SERIES_FORMS, HandoutPlan, Layout
from .project import Project

# Output paths (relative to the site folder) by name, nested: {"page": path, "handouts": {edition: {kind: path}}}.
PathTree: TypeAlias = dict[str, "str | PathTree"]


def expected_outputs(project: Project, layout: Layout, handouts: HandoutPlan | None) -> dict[str, dict[str, PathTree]]:
    """language -> lesson -> {"page": path, "guide": path, "projector": path, "handouts": {edition: {kind: path}}},
    paths relative to the site folder, from the map of outputs."""
    expected: dict[str, dict[str, PathTree]] = {}
    for lang in layout.languages:
        lessons = {}
        for slug in sorted(project.lessons):
            outputs: PathTree = {
                "page": layout.lesson(slug, lang).dest,
                "guide": layout.guide(slug, lang).dest,
                "projector": layout.projector(slug, lang).dest,
            }
            if handouts is not None:
                outputs["handouts"] = {
                    edition: {
                        "html": layout.handout_page(slug, edition, lang).dest,
                        **({paper: layout.handout_pdf(slug, edition, paper, lang).dest for paper in handouts.papers} if handouts.pdfs else {}),
                    }
                    # The bilingual edition only where the lesson is translated (core/layout.py).
                    for edition in layout.lesson_editions(lang, lang in project.lessons[slug].translations)
                }
                if handouts.pdfs:
                    outputs["forms"] = {form: {paper: layout.lesson_form(slug, form, paper, lang).dest for paper in handouts.papers} for form in LESSON_FORMS}
            lessons[slug] = outputs
        expected[lang] = lessons
    return expected


def expected_packets(project: Project, layout: Layout, handouts: HandoutPlan | None) -> dict[str, dict[str, PathTree]]:
    if handouts is None or not handouts.pdfs:
        return {}
    return {
        lang: {
            slug: {paper: layout.packet(slug, paper, lang).dest for paper in handouts.papers}
            for slug, series in sorted(project.series.items())
            if any(s in project.lessons for s in series.lessons)
        }
        for lang in layout.languages
    }


def expected_series_outputs(project: Project, layout: Layout, handouts: HandoutPlan | None) -> dict[str, dict[str, PathTree]]:
    """language -> series -> {"forms": {form: {paper: path}}, "kit": {paper: path}}: what a series gets beside its packet."""
    if handouts is None or not handouts.pdfs:
        return {}
    return {
        lang: {
            slug: {
                "forms": {form: {paper: layout.series_form(slug, form, paper, lang).dest for paper in handouts.papers} for form in SERIES_FORMS},
                "facilitator packet": {paper: layout.facilitator_packet(slug, paper, lang).dest for paper in handouts.papers},
                **({"kit": {paper: layout.kit(slug, paper, lang).dest for paper in handouts.papers}} if set(EDITIONS) <= set(layout.editions) else {}),
            }
            for slug, series in sorted(project.series.items())
            if any(s in project.lessons for s in series.lessons)
        }
        for lang in layout.languages
    }


def expected_pages(layout: Layout, handouts: HandoutPlan | None, safety_page: bool) -> dict[str, dict[str, PathTree]]:
    """language -> {"safety card": {paper: path}}: the print editions of pages of the site."""
    if handouts is None or not handouts.pdfs or not safety_page:
        return {}
    return {lang: {"safety card": {paper: layout.safety_card(paper, lang).dest for paper in handouts.papers}} for lang in layout.languages}


def _paths(tree: Mapping[str, str | PathTree]) -> list[str]:
    out: list[str] = []
    for value in tree.values():
        out.extend(_paths(value) if isinstance(value, dict) else [value])
    return out


def _describe(site_dir: Path, tree: Mapping[str, str | PathTree]) -> dict[str, object]:
    """The same tree with each path replaced by {path, bytes, sha256} (or missing: true)."""
    described: dict[str, object] = {}
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


def build_manifest(
    site_dir: Path,
    lessons: dict[str, dict[str, PathTree]],
    packets: dict[str, dict[str, PathTree]],
    series: dict[str, dict[str, PathTree]] | None = None,
    printed_pages: dict[str, dict[str, PathTree]] | None = None,
) -> tuple[dict[str, object], list[str]]:
    """(the manifest, one line per missing output naming its language and lesson or series)."""
    series = series or {}
    printed_pages = printed_pages or {}
    manifest: dict[str, object] = {
        "languages": {
            lang: {
                "lessons": _describe(site_dir, per_lesson),
                "series_packets": _describe(site_dir, packets.get(lang, {})),
                "series": _describe(site_dir, series.get(lang, {})),
                "pages": _describe(site_dir, printed_pages.get(lang, {})),
            }
            for lang, per_lesson in lessons.items()
        }
    }
    missing = []
    for lang, per_lesson in lessons.items():
        for slug, outputs in per_lesson.items():
            missing += [f"lesson '{slug}' ({lang}){_what(keys)}: {path} was not produced" for keys, path in _leaves(outputs) if not (site_dir / path).is_file()]
        for slug, outputs in packets.get(lang, {}).items():
            missing += [f"series '{slug}' ({lang}): {path} was not produced" for path in _paths(outputs) if not (site_dir / path).is_file()]
        for name, outputs in printed_pages.get(lang, {}).items():
            missing += [
                f"the {name} ({lang}, {paper}): {path} was not produced"
                for paper, path in outputs.items()
                if isinstance(path, str) and not (site_dir / path).is_file()
            ]
        for slug, outputs in series.get(lang, {}).items():
            missing += [f"series '{slug}' ({lang}){_what(keys)}: {path} was not produced" for keys, path in _leaves(outputs) if not (site_dir / path).is_file()]
    return manifest, missing


def _leaves(tree: Mapping[str, str | PathTree], keys: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], str]]:
    """Every path of the tree with the keys that lead to it: (("handouts", "large-print", "a4"), path)."""
    out: list[tuple[tuple[str, ...], str]] = []
    for key, value in tree.items():
        out.extend(_leaves(value, (*keys, key)) if isinstance(value, dict) else [((*keys, key), value)])
    return out


def _what(keys: tuple[str, ...]) -> str:
    """', edition 'large-print' (a4)' for a handout; nothing for the page and the guide."""
    if len(keys) == 3 and keys[0] == "handouts":
        return f", edition '{keys[1]}' ({'print page' if keys[2] == 'html' else keys[2]})"
    if len(keys) == 3 and keys[0] == "forms":
        return f", form '{keys[1]}' ({keys[2]})"
    if len(keys) == 2 and keys[0] in ("kit", "facilitator packet"):
        return f", {'offline kit' if keys[0] == 'kit' else keys[0]} ({keys[1]})"
    return ""
