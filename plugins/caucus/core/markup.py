"""Page titles as safe markup.

MkDocs' templates print a page's title without escaping it (in <title>, the header
and Material's h1), so a title from front matter such as ``<img onerror=...>`` would
run as HTML in every reader's browser. We escape it once and mark the result as
markup, so that templates which do escape (``| e``) leave it as it is."""

from __future__ import annotations

from markupsafe import Markup, escape


def safe_title(title: object) -> Markup:
    return escape(title if isinstance(title, Markup) else str(title))
