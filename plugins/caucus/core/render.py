"""Lesson Markdown to HTML, the way the site renders it, for the checker and the
handouts: the site's own Markdown extensions, an audience (participant or facilitator),
and the census of blocks that Markdown really read."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

import markdown

# What mkdocs.yml lists when the checker runs without it (the tiny test sites use these).
DEFAULT_EXTENSIONS = ["attr_list", "md_in_html", "tables", "pymdownx.tasklist", "caucus_blocks"]
# Extensions that shape a web page but nothing a lesson check or a handout needs.
SKIPPED = {"toc"}


@dataclass
class Rendered:
    html: str
    census: list[tuple[str, str]]  # (block kind, title) of every block Markdown read, in order


@dataclass
class MarkdownSetup:
    """The site's ``markdown_extensions`` (names) and their configs."""

    extensions: list[Any] = field(default_factory=lambda: list(DEFAULT_EXTENSIONS))
    configs: dict[str, dict[str, Any]] = field(default_factory=dict)

    def render(self, text: str, lang: str, audience: str = "participant", **block_options: Any) -> Rendered:
        configs = copy.deepcopy({k: v for k, v in self.configs.items() if k not in SKIPPED})
        blocks = configs.setdefault("caucus_blocks", {})
        blocks.update(lang=lang, audience=audience, **block_options)
        names = [e for e in self.extensions if not (isinstance(e, str) and e in SKIPPED)]
        if "caucus_blocks" not in names:
            names.append("caucus_blocks")
        md = markdown.Markdown(extensions=names, extension_configs=configs)
        html = md.convert(text)
        return Rendered(html, list(getattr(md, "caucus_census", [])))
