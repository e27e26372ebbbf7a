"""A sitemap per language. static-i18n writes one ``sitemap.xml`` at the site's root,
listing each page of the default language with its other languages as alternates.
Material's language switcher fetches ``sitemap.xml`` beside each language's home (to
keep a reader on the same page when they switch), so the other languages' folders need
one too: the same pages, each listed at its address in that language."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def language_sitemap(root_sitemap: str, lang: str) -> str:
    """The root sitemap with each page's ``<loc>`` moved to its alternate in ``lang``
    (a page without one keeps its own address)."""
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    tree = ET.fromstring(root_sitemap)  # the sitemap this build just wrote, not a contributor's file
    for url in tree.findall(f"{{{SITEMAP_NS}}}url"):
        loc = url.find(f"{{{SITEMAP_NS}}}loc")
        for link in url.findall(f"{{{XHTML_NS}}}link"):
            if loc is not None and link.get("hreflang") == lang and link.get("href"):
                loc.text = link.get("href")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(tree, encoding="unicode") + "\n"


def write_language_sitemaps(site_dir: Path, languages: list[str], default: str) -> None:
    """``<lang>/sitemap.xml`` for every built language but the default, from the root's."""
    root = site_dir / "sitemap.xml"
    if not root.is_file():
        return
    text = root.read_text(encoding="utf-8")
    for lang in languages:
        if lang != default:
            (site_dir / lang / "sitemap.xml").write_text(language_sitemap(text, lang), encoding="utf-8")
