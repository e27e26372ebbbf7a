"""Links on paper: a reader cannot click a printed page, so each link of a handout is
printed as its text with a small note number, and the note at the end of the handout
gives a short address to type; a link to a glossary term becomes an entry, with the
term's definition, in a small glossary box at the end instead.

The sanitizer stays in charge of what a link may be: ``print_links`` reads only the
addresses that the lesson profile kept, and the handout's HTML then goes through the
print profile, which drops every address from the markup. Nothing here knows MkDocs."""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import unquote

from markupsafe import Markup

from . import sanitize, templates
from .layout import GLOSSARY_SRC
from .project import heading_anchor

# A link as the sanitizer writes it: attributes double-quoted, '"' escaped; links never nest.
_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.DOTALL)
# What of a link's attributes its printed text keeps (its language, if marked).
_KEPT = re.compile(r'\s(lang|dir)="[^"]*"')
_PERMALINK_CLASS = re.compile(r'\sclass="(?:[^"]*\s)?headerlink(?:\s[^"]*)?"')
_HREF = re.compile(r'\shref="([^"]*)"')
_ATTRIBUTE_LIST = re.compile(r"\s*\{[^{}]*\}\s*$")


# Where a glossary paragraph's first sentence ends: the box on paper gives only that
# sentence (the definition; the rest of the paragraph is explanation and example).
_SENTENCE_END = re.compile(r"(?<=[.!?؟。])\s+(?=\S)")


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    definition: str  # Markdown: the first sentence under the term's heading
    lang: str = ""  # the language of the glossary it comes from


def glossary_entries(markdown: str, lang: str = "") -> dict[str, GlossaryEntry]:
    """Each term of a glossary file by its id: '## Caucus {#caucus}' and the first sentence of
    the paragraph below."""
    entries: dict[str, GlossaryEntry] = {}
    current: tuple[str, str] | None = None
    paragraph: list[str] = []

    def close() -> None:
        if current is not None and current[0] not in entries:
            entries[current[0]] = GlossaryEntry(current[1], _SENTENCE_END.split(" ".join(paragraph).strip(), maxsplit=1)[0], lang)

    for line in markdown.split("\n"):
        if line.startswith("#"):
            close()
            anchor = heading_anchor(line)
            current = (anchor, _ATTRIBUTE_LIST.sub("", line.lstrip("#")).strip()) if anchor else None
            paragraph = []
        elif current is not None:
            if line.strip():
                paragraph.append(line.strip())
            elif paragraph:  # the first paragraph has ended
                close()
                current = None
    close()
    return entries


@dataclass(frozen=True)
class Note:
    number: int
    address: str  # as printed: short, to type into a browser


@dataclass
class PrintedLinks:
    """A handout's content with its links numbered, their notes and the glossary terms linked."""

    content: str
    notes: list[Note] = field(default_factory=list)
    terms: list[tuple[str, Markup, str]] = field(default_factory=list)  # (term, definition as HTML, its language)


def short_address(url: str) -> str:
    """What a reader types: no 'https://', no 'mailto:', no trailing '/'."""
    for prefix in ("https://", "http://", "mailto:"):
        if url.lower().startswith(prefix):
            url = url[len(prefix) :]
            break
    return unquote(url).rstrip("/")


def print_links(
    content: str,
    page_src: str,
    address_of: Callable[[str], str | None],
    glossary: dict[str, GlossaryEntry],
) -> PrintedLinks:
    """``content``: HTML sanitized with the lesson profile; ``page_src``: the docs-relative
    source whose relative links it holds; ``address_of``: the absolute URL of a docs-relative
    path with its fragment ('lessons/mapping.md' -> 'https://.../lessons/mapping/'), None when
    the site has no such page."""
    notes: dict[str, Note] = {}
    terms: dict[str, tuple[str, Markup, str]] = {}

    def replace(match: re.Match[str]) -> str:
        found = _HREF.search(match.group(1))
        href = html.unescape(found.group(1)) if found else ""
        kept = Markup("".join(m.group(0) for m in _KEPT.finditer(match.group(1))))
        as_text = f'<span class="caucus-link"{kept}>{match.group(2)}</span>'
        if _PERMALINK_CLASS.search(match.group(1)):
            return ""  # a heading's permalink ('¶'): for the screen, nothing on paper
        if not href or href.startswith("#"):
            return as_text  # no address, or a place in this handout (the print profile drops it)
        scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", href)
        if scheme:
            url: str | None = href
        else:
            path, _, fragment = href.partition("#")
            src = posixpath.normpath(posixpath.join(posixpath.dirname(page_src), path)) if path else page_src
            entry = glossary.get(fragment) if src == GLOSSARY_SRC else None
            if entry is not None:
                if fragment not in terms:
                    terms[fragment] = (entry.term, _definition_html(entry.definition), entry.lang)
                # The term, not a link: paper and print pages drop every address, and an
                # <a> without href is a link to nowhere (the same for a link's note below).
                return str(templates.render("handouts/glossary_term.html.j2", term=Markup(match.group(2)), attributes=kept)).rstrip("\n")
            url = address_of(src + (f"#{fragment}" if fragment else ""))
        if url is None:
            return as_text
        address = short_address(url)
        if address not in notes:
            notes[address] = Note(len(notes) + 1, address)
        return str(templates.render("handouts/link_note.html.j2", text=Markup(match.group(2)), attributes=kept, number=notes[address].number)).rstrip("\n")

    rewritten = _LINK.sub(replace, content)
    return PrintedLinks(rewritten, list(notes.values()), list(terms.values()))


def _definition_html(markdown_text: str) -> Markup:
    import markdown

    return Markup(sanitize.sanitize(markdown.markdown(markdown_text), sanitize.PRINT))
