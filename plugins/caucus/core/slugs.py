"""Lesson ids ("slugs"): made from a title, checked in a file name, suggested for a bad one."""

from __future__ import annotations

import re
import unicodedata

# The file name extensions MkDocs renders as pages (mkdocs.utils.markdown_extensions).
MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(title: str) -> str:
    """'Listening to each other' -> 'listening-to-each-other': ASCII letters (accents
    dropped), digits and single hyphens; empty when nothing of that is left."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", text.lower()).strip("-")


def is_slug(text: str) -> bool:
    """Whether ``text`` is a valid id: what ``slugify`` makes of it is itself."""
    return bool(text) and slugify(text) == text


def looks_like_markdown(name: str) -> bool:
    """Whether a file name is meant as a Markdown page (any case: 'Lesson.MD' too)."""
    return name.lower().endswith(MARKDOWN_SUFFIXES)


def suggested_name(name: str, languages: list[str]) -> str | None:
    """A valid file name for the Markdown file ``name``, keeping a language suffix
    ('Écoute.es.md' -> 'ecoute.es.md'), or None when no letter a-z or digit is left."""
    base = name.lstrip(".")
    lower = base.lower()
    for suffix in MARKDOWN_SUFFIXES:
        if lower.endswith(suffix):
            base = base[: -len(suffix)]
            break
    stem, lang = base, None
    if "." in base:
        head, tail = base.rsplit(".", 1)
        if tail.lower() in languages:
            stem, lang = head, tail.lower()
    slug = slugify(stem)
    if not slug:
        return None
    return f"{slug}.{lang}.md" if lang else f"{slug}.md"
