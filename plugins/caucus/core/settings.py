"""What the command line needs from mkdocs.yml: where the lessons are and which
languages are built. Read as plain YAML so that the checker runs without MkDocs."""

from __future__ import annotations

import os
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .handouts import PARTICIPANT_PAGE_BUDGET
from .render import MarkdownSetup


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may use tags such as !ENV or !!python/name; the checker does not need their values."""


class EnvValue(list[Any]):
    """A value written ``!ENV NAME`` or ``!ENV [NAME, ..., default]``."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.ScalarNode | yaml.SequenceNode | yaml.MappingNode) -> str | list[Any] | dict[Hashable, Any]:
    if suffix == "ENV":
        if isinstance(node, yaml.ScalarNode):
            return EnvValue([loader.construct_scalar(node)])
        if isinstance(node, yaml.SequenceNode):
            return EnvValue(loader.construct_sequence(node))
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_TolerantLoader.add_multi_constructor("!", _ignore_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


@dataclass(frozen=True)
class HandoutSettings:
    """What mkdocs.yml says of the caucus-handouts plugin (the defaults of its Config)."""

    papers: tuple[str, ...] = ("letter", "a4")
    cache_dir: str = ".cache/handouts"
    max_participant_pages: int = PARTICIPANT_PAGE_BUDGET


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
    translations_dir: Path | None = None  # the gettext catalogs
    language_names: dict[str, str] = field(default_factory=dict)  # as the language switcher shows them
    handouts: HandoutSettings | None = None  # None: the site has no handouts
    curriculum_dir: str = "curriculum"  # the source note and its map (core/source_note.py), relative to root


def find_config(start: Path) -> Path | None:
    for folder in [start, *start.parents]:
        candidate = folder / "mkdocs.yml"
        if candidate.is_file():
            return candidate
    return None


def read_settings(config_file: Path) -> SiteSettings:
    data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    root = config_file.parent.resolve()
    default, languages, names = "en", [], {}
    plugins = {name: options for name, options in _plugin_entries(data.get("plugins"))}
    for plugin in data.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            for entry in (plugin["i18n"] or {}).get("languages") or []:
                locale = entry.get("locale")
                if locale:
                    languages.append(locale)
                    if entry.get("name"):
                        names[locale] = str(entry["name"])
                    if entry.get("default"):
                        default = locale
    if default not in languages:
        languages.insert(0, default)
    site_url = env_value(data.get("site_url")) or ""
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
        root / str((plugins.get("caucus-lessons") or {}).get("translations_dir") or "translations"),
        names,
        _handout_settings(plugins),
        str((plugins.get("caucus-lessons") or {}).get("curriculum_dir") or "curriculum").rstrip("/"),
    )


def _plugin_entries(entries: object) -> list[tuple[str, dict[str, Any]]]:
    """mkdocs.yml's plugins, as (name, options): a list of names or one-key mappings."""
    found: list[tuple[str, dict[str, Any]]] = []
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, str):
            found.append((entry, {}))
        elif isinstance(entry, dict):
            found += [(str(name), options if isinstance(options, dict) else {}) for name, options in entry.items()]
    return found


def env_value(value: object) -> object:
    """A value as MkDocs reads it: for ``!ENV``, the first variable that is set (read as
    YAML), else the default (the last item of a list; none for a single name)."""
    if not isinstance(value, EnvValue):
        return value
    names, default = (value, None) if len(value) == 1 else (value[:-1], value[-1])
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return yaml.safe_load(os.environ[name])
    return default


def _handout_settings(plugins: dict[str, dict[str, Any]]) -> HandoutSettings | None:
    if "caucus-handouts" not in plugins:
        return None
    options = plugins["caucus-handouts"]
    if env_value(options.get("enabled", True)) is False:
        return None
    papers = env_value(options.get("papers"))
    pages = env_value(options.get("max_participant_pages"))
    return HandoutSettings(
        tuple(str(p) for p in papers) if isinstance(papers, list) and papers else HandoutSettings.papers,
        str(env_value(options.get("cache_dir")) or HandoutSettings.cache_dir),
        pages if isinstance(pages, int) and not isinstance(pages, bool) else HandoutSettings.max_participant_pages,
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
