"""Glue between the core and MkDocs' objects: generated files in every language,
and the language of the build. Kept apart from the hooks so that plugin.py stays short."""

from __future__ import annotations

import posixpath
from types import SimpleNamespace

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files


def i18n_plugin(config: MkDocsConfig):
    return config.plugins.get("i18n")


def languages(config: MkDocsConfig) -> tuple[str, list[str]]:
    """(default language, built languages) from the i18n plugin, or English alone."""
    plugin = i18n_plugin(config)
    if plugin is None:
        return "en", ["en"]
    return plugin.default_language, list(plugin.build_languages)


def current_language(config: MkDocsConfig) -> str:
    plugin = i18n_plugin(config)
    if plugin is None or plugin.current_language is None:
        return languages(config)[0]
    return plugin.current_language


def is_nested_language_build(config: MkDocsConfig) -> bool:
    """True while static-i18n re-runs the build for a non-default language."""
    plugin = i18n_plugin(config)
    return bool(plugin is not None and getattr(plugin, "building", False))


def language_prefix(lang: str, default: str) -> str:
    return "" if lang == default else f"{lang}/"


def dest_uri(src_uri: str, use_directory_urls: bool) -> str:
    stem, _ = posixpath.splitext(src_uri)
    if not use_directory_urls or posixpath.basename(stem) == "index":
        return stem + ".html"
    return stem + "/index.html"


def url_of(dest: str, use_directory_urls: bool) -> str:
    if use_directory_urls and dest.endswith("index.html"):
        return dest[: -len("index.html")] or "./"
    return dest


def add_generated(files: Files, config: MkDocsConfig, src_uri: str, content: str, lang: str, default: str, langs: list[str]) -> File:
    """Add a generated page in ``lang``, giving it what static-i18n gives its own
    files so that the language switcher links each language's copy."""
    use_dirs = config.use_directory_urls
    dest = language_prefix(lang, default) + dest_uri(src_uri, use_dirs)
    existing = files.get_file_from_path(src_uri)
    if existing is not None and existing.generated_by is None:
        files.remove(existing)
    file = File.generated(config, src_uri, content=content)
    file.dest_uri = dest
    file.locale = lang
    file.locale_alternate_of = lang
    file.localization = None if lang == default else lang
    file.alternates = {
        other: SimpleNamespace(url=url_of(language_prefix(other, default) + dest_uri(src_uri, use_dirs), use_dirs), locale=other)
        for other in langs
    }
    file.alternates[lang] = file
    files.append(file)
    return file
