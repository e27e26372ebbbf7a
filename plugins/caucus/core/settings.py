"""What the command line needs from mkdocs.yml: where the lessons are and which
languages are built. Read as plain YAML so that the checker runs without MkDocs."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .render import MarkdownSetup


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may use tags such as !ENV or !!python/name; the checker does not need their values."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.ScalarNode | yaml.SequenceNode | yaml.MappingNode) -> str | list[Any] | dict[Hashable, Any]:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_TolerantLoader.add_multi_constructor("!", _ignore_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


@dataclass(frozen=True)
class SiteSettings:
    root: Path
    docs_dir: Path
    default_lang: str
    languages: list[str]
    site_url: str
    repo_url: str
    markdown: MarkdownSetup = field(default_factory=MarkdownSetup)
    strict: bool = False  # warnings fail the build too


def find_config(start: Path) -> Path | None:
    for folder in [start, *start.parents]:
        candidate = folder / "mkdocs.yml"
        if candidate.is_file():
            return candidate
    return None


def read_settings(config_file: Path) -> SiteSettings:
    data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    root = config_file.parent.resolve()
    default, languages = "en", []
    for plugin in data.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            for entry in (plugin["i18n"] or {}).get("languages") or []:
                locale = entry.get("locale")
                if locale:
                    languages.append(locale)
                    if entry.get("default"):
                        default = locale
    if default not in languages:
        languages.insert(0, default)
    site_url = data.get("site_url") or ""
    if isinstance(site_url, list):  # !ENV [NAME, default]
        site_url = site_url[-1]
    repo_url = data.get("repo_url") or ""
    return SiteSettings(
        root,
        (root / data.get("docs_dir", "docs")).resolve(),
        default,
        languages,
        str(site_url),
        str(repo_url),
        _markdown_setup(data.get("markdown_extensions")),
        data.get("strict") is True,
    )


def _markdown_setup(entries: object) -> MarkdownSetup:
    """The extensions mkdocs.yml lists, with their plain configs (the checker renders
    lessons with them, as the build does)."""
    if not isinstance(entries, list):
        return MarkdownSetup()
    names: list[str] = []
    configs: dict[str, dict[str, Any]] = {}
    for entry in entries:
        if isinstance(entry, str):
            names.append(entry)
        elif isinstance(entry, dict):
            for name, config in entry.items():
                names.append(str(name))
                if isinstance(config, dict):
                    configs[str(name)] = config
    return MarkdownSetup(names, configs)
