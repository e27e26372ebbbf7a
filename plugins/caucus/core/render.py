"""Lesson Markdown to HTML, the way the site renders it, for the checker and the
handouts: the site's own Markdown extensions, an audience (participant or facilitator),
and the census of blocks that Markdown really read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import markdown

from .reuse import Kept, digest

# What mkdocs.yml lists when the checker runs without it (the tiny test sites use these).
DEFAULT_EXTENSIONS = ["attr_list", "md_in_html", "tables", "pymdownx.tasklist", "caucus_blocks"]
# Extensions that shape a web page but nothing a lesson check or a handout needs.
SKIPPED = {"toc"}


@dataclass
class Rendered:
    html: str
    census: list[tuple[str, str]]  # (block kind, title) of every block Markdown read, in order
    participant_html: str | None = None  # with participant_copy: the same parse, facilitator notes dropped


@dataclass
class MarkdownSetup:
    """The site's ``markdown_extensions`` (names) and their configs."""

    extensions: list[Any] = field(default_factory=lambda: list(DEFAULT_EXTENSIONS))
    configs: dict[str, dict[str, Any]] = field(default_factory=dict)
    kept: Kept[Rendered] | None = None  # renderings kept between `mkdocs serve` rebuilds

    def render(self, text: str, lang: str, audience: str = "participant", **block_options: Any) -> Rendered:
        if self.kept is None:
            return self._render(text, lang, audience, **block_options)
        key = digest(self.extensions, self.configs, text, lang, audience, block_options)
        found = self.kept.get(key)
        return found if found is not None else self.kept.put(key, self._render(text, lang, audience, **block_options))

    def _render(self, text: str, lang: str, audience: str, **block_options: Any) -> Rendered:
        # Each extension's options copied one level down: ours change per call.
        configs = {k: dict(v) for k, v in self.configs.items() if k not in SKIPPED}
        blocks = configs.setdefault("caucus_blocks", {})
        blocks.update(lang=lang, audience=audience, **block_options)
        names = [e for e in self.extensions if not (isinstance(e, str) and e in SKIPPED)]
        if "caucus_blocks" not in names:
            names.append("caucus_blocks")
        md = markdown.Markdown(extensions=names, extension_configs=configs)
        html = md.convert(text)
        copy_root = getattr(md, "caucus_participant_root", None)
        participant = _serialize(md, copy_root) if copy_root is not None else None
        return Rendered(html, list(getattr(md, "caucus_census", [])), participant)


def _serialize(md: markdown.Markdown, root: Any) -> str:
    """What ``Markdown.convert`` does after its tree processors, for a second tree of the
    same parse (raw HTML placeholders are restored from the same stash)."""
    output = md.serializer(root)
    if md.stripTopLevelTags:
        start = output.find(f"<{md.doc_tag}>")
        end = output.rfind(f"</{md.doc_tag}>")
        if start != -1 and end != -1:
            output = output[start + len(md.doc_tag) + 2 : end].strip()
    for processor in md.postprocessors:
        output = processor.run(output)
    return output.strip()
