"""The links from a page to its copies in the other languages, in the two forms a page
needs: the language menu's (site-relative, so that it works under any path: a preview,
a mirror, a copy opened from a folder) and the ``<link rel="alternate" hreflang>`` of
the page's head (absolute, as search engines require).

mkdocs-static-i18n hands the theme one list, ``extra.alternate``: on most pages each
entry's ``link`` is the copy's site-relative URL (``es/lessons/x/``), but on the home
pages it is root-absolute, with the path of ``site_url`` in front (``/lessons/es/``),
which breaks as soon as the site is served anywhere else."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit


def site_relative(link: str, site_url: str | None) -> str:
    """``link`` without the site's path in front when it is root-absolute under it
    (``/lessons/es/`` -> ``es/``); any other link as it is (``./`` is the site's root)."""
    if link in {".", "./"}:
        return ""
    base = urlsplit(site_url or "").path or "/"
    if not base.endswith("/"):
        base += "/"
    if link.startswith("/") and not link.startswith("//") and (link + "/").startswith(base):
        return link[len(base) :]
    return link


def absolute(link: str, site_url: str | None) -> str | None:
    """The full address of a site-relative ``link``, or None without a ``site_url``
    (an address already absolute is kept)."""
    if urlsplit(link).scheme:
        return link
    if not site_url:
        return None
    return site_url.rstrip("/") + "/" + link.lstrip("/")


def fix_alternates(alternates: list[dict[str, Any]], site_url: str | None) -> None:
    """Each entry's ``link`` made site-relative (the theme's ``url`` filter then makes it
    relative to the page) and its full address stored as ``absolute``, in place."""
    for entry in alternates:
        link = site_relative(str(entry.get("link", "")), site_url)
        entry["link"] = link
        entry["absolute"] = absolute(link, site_url)
