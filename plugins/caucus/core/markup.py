"""The few one-line helpers that our Markdown templates use as filters: text escaped
for Markdown, text marked with its own language, lists as Markdown items. Every value
they return is markup (``markupsafe.Markup``), so templates do not escape it twice."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping

from markupsafe import Markup

from .i18n import text_direction

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")


def md_text(value: object) -> Markup:
    """Text that Markdown shows exactly as written: HTML and Markdown syntax escaped."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", html.escape(str(value), quote=False)).replace("\n", " "))


# What can start Markdown or GitHub syntax inside a line of text (emphasis, code, links,
# tables, strike-through, headings); '<' and '&' are escaped as HTML.
_COMMENT_SPECIAL = re.compile(r"([\\`*_\[\]|~#])")


def comment_text(value: object) -> Markup:
    """Text for a comment on GitHub, shown as written, on one line: Markdown syntax and
    HTML escaped, and no mention or issue reference made from it (a lesson's text must
    not ping anyone). Lighter than ``md_text``, so that it also reads well in a terminal."""
    text = re.sub(r"\s+", " ", html.escape(str(value), quote=False))
    return Markup(_COMMENT_SPECIAL.sub(r"\\\1", text).replace("@", "@\u2060").replace("\\#", "\\#\u2060"))


def code_span(value: object) -> Markup:
    """Text as a code span (shown literally), on one line, with a fence longer than any
    run of backticks in it (and spaces inside it only where a backtick needs them)."""
    text = " ".join(str(value).split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Markup(f"{fence}{pad}{text}{pad}{fence}")


_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def fill(sentence: str, **values: object) -> Markup:
    """A translated sentence with ``%(name)s`` places, as comment Markdown: its own text
    escaped, each value put in its place (markup as it is, other text escaped like
    ``comment_text``). A translation that names an unknown place keeps it as text."""
    parts = _PLACEHOLDER.split(sentence)
    out = []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            out.append(str(comment_text(part)) if part else "")
        elif part in values:
            value = values[part]
            out.append(str(value) if isinstance(value, Markup) else str(comment_text(value)))
        else:
            out.append(str(comment_text(f"%({part})s")))
    return Markup("".join(out))


def in_language(markdown: str, text_lang: str, page_lang: str, inline: bool = False) -> Markup:
    """Lesson text shown on a page of another language (an untranslated lesson): marked
    with its own language and direction, so that browsers, screen readers and the
    bidi algorithm treat it as what it is. ``markdown`` is already escaped."""
    if text_lang == page_lang:
        return Markup(markdown)
    attributes = Markup(' lang="{}" dir="{}"').format(text_lang, text_direction(text_lang))
    if inline:
        return Markup("<span{}>{}</span>").format(attributes, Markup(markdown))
    return Markup('<div{} markdown="1">\n\n{}\n\n</div>\n\n').format(attributes, Markup(markdown.strip()))


def fallback_title(title: str, text_lang: str) -> Markup:
    """The page's h1 for an untranslated lesson (Material would print the title without
    saying which language it is in)."""
    return Markup('<h1 lang="{}" dir="{}">{}</h1>\n\n').format(text_lang, text_direction(text_lang), title)


def bullets(items: Iterable[object]) -> Markup:
    """Plain texts as a Markdown list, one item per line."""
    return Markup("".join(f"- {md_text(item)}\n" for item in items))


def facts(items: Iterable[Mapping[str, str]]) -> Markup:
    """Short facts joined by dots; those with a 'url' as links."""
    return Markup(" · ".join(f"[{md_text(f['text'])}]({f['url']})" if f.get("url") else md_text(f["text"]) for f in items))


def front_matter(**fields: object) -> Markup:
    """A generated page's front matter (its values as JSON, which YAML reads)."""
    body = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in fields.items())
    return Markup(f"---\n{body}---\n")
