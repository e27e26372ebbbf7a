"""Which parts of a built page are in another language than the page: the headings of
an untranslated page's text (or of a passage marked ``{lang=en}``), so that the table of
contents and the navigation that repeat them can mark them too. Pure: HTML in, data out."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from markupsafe import Markup, escape

from .i18n import text_direction

# Elements that never hold text nor close (their end tag would unbalance the stack).
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


class _Headings(HTMLParser):
    def __init__(self, html: str, page_lang: str) -> None:
        super().__init__(convert_charrefs=True)
        self.html = html
        self.line_starts = [0] + [i + 1 for i, c in enumerate(html) if c == "\n"]
        self.stack: list[tuple[str, str]] = [("", page_lang)]
        self.open: list[tuple[int, str, str, int]] = []  # (stack depth, id, language, where its content starts)
        self.found: dict[str, tuple[str, str]] = {}

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        values = dict(attrs)
        lang = values.get("lang") or self.stack[-1][1]
        self.stack.append((tag, lang))
        if tag in _HEADINGS and values.get("id") and lang != self.stack[0][1]:
            start = self._offset() + len(self.get_starttag_text() or "")
            self.open.append((len(self.stack), str(values["id"]), lang, start))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i][0] == tag:
                while self.open and self.open[-1][0] > i:
                    _depth, anchor, lang, start = self.open.pop()
                    inner = _PERMALINK.sub("", self.html[start : self._offset()]).strip()
                    self.found.setdefault(anchor, (lang, inner))
                del self.stack[i:]
                return


# The permalink Python-Markdown's toc extension puts at the end of a heading.
_PERMALINK = re.compile(r'<a\b[^>]*\bclass="headerlink"[^>]*>.*?</a>', re.DOTALL)


def headings_in_other_languages(html: str, page_lang: str) -> dict[str, tuple[str, str]]:
    """The id of each heading of ``html`` whose language (its own ``lang`` or the nearest
    around it) is not ``page_lang``, with that language and the heading's content (its
    HTML, without its permalink: parts of it may be marked as other languages)."""
    parser = _Headings(html, page_lang)
    parser.feed(html)
    parser.close()
    return parser.found


def marked(title_html: str, lang: str) -> Markup:
    """A title (already HTML) as a span in its own language and direction."""
    return Markup('<span lang="{}" dir="{}">{}</span>').format(lang, text_direction(lang), Markup(title_html))


def marked_text(title: str, lang: str) -> Markup:
    """A plain-text title (escaped here) as a span in its own language and direction."""
    return marked(escape(title), lang)


class _FirstHeading(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside the first h1 (and how deep), or 0
        self.skip = 0  # inside its permalink
        self.done = False
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.done or tag in _VOID:
            return
        if self.depth:
            self.depth += 1
            if self.skip or (tag == "a" and "headerlink" in (dict(attrs).get("class") or "").split()):
                self.skip += 1
        elif tag == "h1":
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.done or not self.depth or tag in _VOID:
            return
        self.depth -= 1
        self.skip = max(0, self.skip - 1)
        self.done = self.depth == 0

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip and not self.done:
            self.text.append(data)


def first_heading(html: str) -> str | None:
    """The text of the first h1 of ``html`` (without its permalink), None if it has none:
    the title MkDocs would have taken from it, had it not been inside a marked ``div``."""
    parser = _FirstHeading()
    parser.feed(html)
    parser.close()
    text = " ".join("".join(parser.text).split())
    return text if parser.depth == 0 and parser.text and text else None
