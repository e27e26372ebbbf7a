"""The one HTML sanitizer: an allow-list of elements, attributes, classes and URL kinds,
applied with nh3 (the binding of the Rust crate ammonia) to HTML after Markdown has
rendered it. Whatever is not on the list is removed, however it was written.

Two profiles share the list:

- ``LESSON``: what a lesson, a translation or a series may contain (the checker
  reports, as errors, whatever this would remove) and what a handout may print.
- ``PAGE``: ``LESSON`` plus the controls of our own catalog filter, for whole pages.

To allow something new (say, ``<abbr>`` or a new class of ours), add it to the sets
below and to the README's "What a build promises"; nothing else needs to change.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any

import nh3

from .reuse import Kept, digest

# Elements of the lesson text as Markdown and our blocks render it.
LESSON_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "input",
        "ins",
        "kbd",
        "label",
        "li",
        "mark",
        "nav",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "samp",
        "section",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
        "var",
    }
)
# Removed with everything inside them (the others keep their text when removed).
DROPPED_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "template",
        "iframe",
        "object",
        "embed",
        "noscript",
        "textarea",
        "title",
        "svg",
        "math",
        "xmp",
        "noembed",
        "noframes",
        "select",
        "option",
        "form",
        "button",
        "head",
        "meta",
        "link",
        "base",
        "frameset",
        "frame",
        "applet",
        "audio",
        "video",
        "canvas",
        "picture",
        "source",
        "track",
        "output",
    }
)
# Attributes every allowed element may carry.
GLOBAL_ATTRIBUTES = frozenset(
    {"id", "class", "lang", "dir", "title", "role", "aria-label", "aria-labelledby", "aria-describedby", "aria-hidden", "aria-current", "hidden"}
)
LESSON_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "hreflang"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "ol": frozenset({"start", "reversed"}),
    "td": frozenset({"colspan", "rowspan", "style"}),
    "th": frozenset({"colspan", "rowspan", "scope", "style"}),
    "col": frozenset({"span"}),
    "details": frozenset({"open"}),
    "input": frozenset({"type", "checked", "disabled"}),  # task lists' checkboxes
    "section": frozenset({"data-caucus-block", "data-minutes"}),
    "div": frozenset({"data-settings", "data-topics"}),
}
# A style attribute keeps only these properties (tables' column alignment).
STYLE_PROPERTIES = frozenset({"text-align"})
# Schemes a link may use; a relative link has none. Images must be relative: a lesson
# may not make readers' browsers (or the PDF renderer) call another server.
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
# Classes our markup, Markdown's extensions and the theme's CSS give meaning to.
CLASS_PATTERN = re.compile(
    r"^(?:caucus-[a-z0-9_-]+|language-[a-z0-9+#_-]+|headerlink|toclink|task-list(?:-[a-z]+)*|footnote(?:-[a-z]+)*|footnote|md-typeset__table)$"
)
INPUT_TYPES = {"LESSON": frozenset({"checkbox"}), "PAGE": frozenset({"checkbox", "search"})}

# Our catalog's quick filter (pages.filter_box): only whole pages may have it.
PAGE_ONLY_ATTRIBUTES: dict[str, frozenset[str]] = {
    "form": frozenset({"data-caucus-filter"}),
    "input": frozenset({"name"}),
    "select": frozenset({"name"}),
    "option": frozenset({"value"}),
    "output": frozenset({"data-caucus-count", "data-template", "aria-live"}),
}

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_URL_NOISE = re.compile(r"[\t\n\r]")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


@dataclass(frozen=True)
class Profile:
    name: str
    tags: frozenset[str]
    attributes: dict[str, frozenset[str]]
    links: bool = True  # False: links keep their text but lose their address (print)


def _profile(name: str, extra: dict[str, frozenset[str]] | None = None, links: bool = True) -> Profile:
    attributes = {tag: frozenset(attrs) for tag, attrs in LESSON_ATTRIBUTES.items()}
    for tag, attrs in (extra or {}).items():
        attributes[tag] = attributes.get(tag, frozenset()) | attrs
    tags = LESSON_TAGS | frozenset(extra or ())
    for tag in tags:
        attributes[tag] = attributes.get(tag, frozenset()) | GLOBAL_ATTRIBUTES
    return Profile(name, frozenset(tags), attributes, links)


LESSON = _profile("LESSON")
PRINT = _profile("PRINT", links=False)
PAGE = _profile("PAGE", PAGE_ONLY_ATTRIBUTES)


def _filter(profile: Profile, tag: str, name: str, value: str) -> str | None:
    """nh3's attribute filter: the value to keep, or None to drop the attribute."""
    if name not in profile.attributes.get(tag, ()):
        return None
    if name == "class":
        kept = [c for c in value.split() if CLASS_PATTERN.match(c)]
        return " ".join(kept) or None
    if name == "href" and not profile.links:
        return None
    if name == "href":
        # As a browser reads an address: tabs and line breaks removed, spaces and
        # control characters trimmed ('java<TAB>script:' is 'javascript:' to it).
        cleaned = _URL_NOISE.sub("", value).strip("".join(map(chr, range(33))))
        # Stricter than a browser: with every space gone, still no other scheme.
        scheme = _SCHEME.match(_CONTROL.sub("", cleaned))
        if scheme and scheme.group(1).lower() not in LINK_SCHEMES:
            return None
        return cleaned
    if name == "src":
        cleaned = _CONTROL.sub("", value)
        # Relative only: no scheme, no '//host', no backslash tricks.
        if _SCHEME.match(cleaned) or cleaned.startswith(("//", "\\", "/\\")):
            return None
    if name == "type" and tag == "input":
        return value if value.lower() in INPUT_TYPES.get(profile.name, INPUT_TYPES["LESSON"]) else None
    return value


def _cleaner(profile: Profile) -> Callable[[str], str]:
    def attribute_filter(tag: str, name: str, value: str) -> str | None:
        return _filter(profile, tag, name, value)

    tags = set(profile.tags)
    clean_content_tags = set(DROPPED_WITH_CONTENT - profile.tags)
    attributes = {tag: set(attrs) for tag, attrs in profile.attributes.items()}
    url_schemes = set(LINK_SCHEMES)
    filter_style_properties = set(STYLE_PROPERTIES)
    return lambda fragment: nh3.clean(
        fragment,
        tags=tags,
        clean_content_tags=clean_content_tags,
        attributes=attributes,
        attribute_filter=attribute_filter,
        url_schemes=url_schemes,
        filter_style_properties=filter_style_properties,
        link_rel=None,
        strip_comments=True,
    )


_CLEANERS = {p.name: _cleaner(p) for p in (LESSON, PRINT, PAGE)}
PROFILES = {p.name: p for p in (LESSON, PRINT, PAGE)}


def sanitize(fragment: str, profile: Profile = LESSON) -> str:
    """``fragment`` with everything outside the allow-list removed."""
    return _CLEANERS[profile.name](fragment)


# --- saying what would be removed ------------------------------------------------


@dataclass(frozen=True)
class Removal:
    """One thing the sanitizer removes: an element, or an attribute of an element."""

    tag: str
    attribute: str | None = None
    value: str = ""

    def message(self, where: str = "lessons") -> str:
        """One line for the checker: what is removed, that it is not allowed, what to do."""
        if self.attribute is None:
            return f"HTML element <{self.tag}> is not allowed in {where}; remove it (use Markdown for formatting)"
        if self.attribute == "style":
            return f"the 'style' attribute on <{self.tag}> is not allowed in {where} (only text alignment in tables is kept); remove it"
        if self.attribute == "class":
            return f"class '{_CONTROL.sub(' ', self.value).strip()[:40]}' on <{self.tag}> is not allowed in {where} (only the site's own classes are kept); remove it"
        shown = _CONTROL.sub("", self.value)[:60]
        if self.attribute == "href":
            return f"link address '{shown}' is not allowed in {where}; link to a web page (https://...) or to another lesson"
        if self.attribute == "src":
            return f"image address '{shown}' is not allowed in {where}: an image must be a file of the site, given by a relative path"
        return f"HTML attribute '{self.attribute}' on <{self.tag}> is not allowed in {where}; remove it (use Markdown for formatting)"

    def needles(self) -> list[str]:
        """Texts to look for in the Markdown source to find the line this came from."""
        if self.attribute is None:
            return [f"<{self.tag}", self.tag]
        found = [f"{self.attribute}=", f"{self.attribute} =", self.attribute]
        if self.value:
            found.insert(0, self.value[:30])
            scheme = _SCHEME.match(_CONTROL.sub("", self.value))
            if scheme:
                found.append(scheme.group(1))
        if self.attribute in ("href", "src"):
            # Written with entities or split by tabs in the source: find the link's line.
            found += ["&#", "script", "]("]
        return found


class _Walker(HTMLParser):
    """Visits each start tag with its attributes (entities decoded, as a browser would)."""

    def __init__(self, visit: Callable[[str, list[tuple[str, str | None]]], None]):
        super().__init__(convert_charrefs=True)
        self.visit = visit

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.visit(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.visit(tag, attrs)

    def handle_comment(self, data: str) -> None:
        self.visit("!--", [])


# A start tag and its attributes, for a quick look at what the sanitizer kept.
_START_TAG = re.compile(r"""<([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_TAG_OPENING = re.compile(r"<[a-zA-Z]")
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")


def _elements(html: str) -> Counter[tuple[str, tuple[str, ...], str, str]]:
    """Each start tag as (name, its attribute names, its class, its style)."""
    found: Counter[tuple[str, tuple[str, ...], str, str]] = Counter()
    for tag in _START_TAG.finditer(html):
        names, kept = [], {"class": "", "style": ""}
        for attribute in _ATTRIBUTE.finditer(tag.group(2)):
            names.append(attribute.group(1))
            if attribute.group(1) in kept:
                kept[attribute.group(1)] = (attribute.group(2) or "").strip("\"'")
        found[(tag.group(1), tuple(sorted(names)), kept["class"], kept["style"])] += 1
    return found


def removals(fragment: str, profile: Profile = LESSON, cleaned: str | None = None) -> list[Removal]:
    """What ``sanitize`` removes from ``fragment``, in document order. Each element is
    put to nh3 alone, so the verdict is the sanitizer's own, not a second list's.

    Most pages lose nothing. When the sanitized page (``cleaned``, made here if not
    given) has the very same start tags as the page, each with the same attribute
    names, class and style, nothing was removed and the page is not walked. Any
    difference, even one the sanitizer's serialization alone makes (``<B>`` for
    ``<b>``, a ``<tbody>`` it adds), means the walk below."""
    if cleaned is None:
        cleaned = sanitize(fragment, profile)
    # The look is trusted only where it saw every tag that opens in the fragment (a quote
    # left open hides a tag from it, not from a browser).
    seen = _elements(fragment)
    if sum(seen.values()) == len(_TAG_OPENING.findall(fragment)) and seen == _elements(cleaned):
        return []
    return walked_removals(fragment, profile)


def clean_page(html: str, profile: Profile, kept: Kept[tuple[list[Removal], str]] | None = None) -> tuple[list[Removal], str]:
    """(what is removed, the sanitized page); ``kept``: answers of the last serve rebuild."""
    key = digest(profile.name, html) if kept is not None else ""
    found = kept.get(key) if kept is not None else None
    if found is None:
        clean = sanitize(html, profile)
        found = (removals(html, profile, cleaned=clean), clean)
        if kept is not None:
            kept.put(key, found)
    return found


def walked_removals(fragment: str, profile: Profile = LESSON) -> list[Removal]:
    """``removals`` without the quick look: every element's verdict."""
    found: list[Removal] = []

    def visit(tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "!--":  # comments are dropped quietly; the checker reports blocks inside them
            found.extend(_element_removals(profile.name, tag, tuple(attrs)))

    walker = _Walker(visit)
    walker.feed(fragment)
    walker.close()
    return found


@lru_cache(maxsize=4096)
def _element_removals(profile_name: str, tag: str, attrs: tuple[tuple[str, str | None], ...]) -> tuple[Removal, ...]:
    """The sanitizer's verdict on one element (pages repeat the same elements: cached)."""
    profile = PROFILES[profile_name]
    if tag not in profile.tags:
        return (Removal(tag),)
    kept = _kept_attributes(_CLEANERS[profile_name](_alone(tag, list(attrs))), tag)
    found = []
    for name, raw in attrs:
        value = raw or ""
        if name not in kept:
            found.append(Removal(tag, name, value))
        elif name == "class" and kept[name] != " ".join(value.split()):
            found.append(Removal(tag, name, value))
        elif name == "style" and _style(kept[name]) != _style(value):
            found.append(Removal(tag, name, value))
    return tuple(found)


def _alone(tag: str, attrs: list[tuple[str, str | None]]) -> str:
    inner = "".join(f' {name}="{html.escape(value or "", quote=True)}"' for name, value in attrs if _NAME.match(name))
    before, after = _CONTEXT.get(tag, ("", ""))
    return f"{before}<{tag}{inner}>x</{tag}>{after}"


# Parts of a table are only parsed as such inside one.
_CONTEXT = {
    "td": ("<table><tbody><tr>", "</tr></tbody></table>"),
    "th": ("<table><tbody><tr>", "</tr></tbody></table>"),
    "tr": ("<table><tbody>", "</tbody></table>"),
    "tbody": ("<table>", "</table>"),
    "thead": ("<table>", "</table>"),
    "tfoot": ("<table>", "</table>"),
    "caption": ("<table>", "</table>"),
    "colgroup": ("<table>", "</table>"),
    "col": ("<table><colgroup>", "</colgroup></table>"),
}


_NAME = re.compile(r"^[a-zA-Z_:][-a-zA-Z0-9_:.]*$")


def _style(value: str) -> str:
    return re.sub(r"\s+", "", value).rstrip(";").lower()


def _kept_attributes(cleaned: str, tag: str) -> dict[str, str]:
    kept: dict[str, str] = {}

    def visit(seen: str, attrs: list[tuple[str, str | None]]) -> None:
        if seen == tag and not kept:
            kept.update({name: value or "" for name, value in attrs})

    walker = _Walker(visit)
    walker.feed(cleaned)
    walker.close()
    return kept


# --- front matter that reaches the theme ----------------------------------------

# The theme prints page.meta values into its templates unescaped, and some keys steer it
# (``template: redirect.html`` with a ``location``, say). Only these keys pass, each
# reduced to a value of the expected kind; text is escaped once and marked as markup.
THEME_HIDE = frozenset({"navigation", "toc", "footer", "feedback", "path", "tags"})


def page_meta(meta: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """(the front matter the theme may see, the keys dropped or changed)."""
    from markupsafe import Markup, escape

    kept: dict[str, Any] = {}
    dropped: list[str] = []
    for key, value in meta.items():
        if key in ("title", "description") and isinstance(value, (str, int, float)) and not isinstance(value, bool):
            kept[key] = value if isinstance(value, Markup) else escape(str(value))
        elif key == "hide" and isinstance(value, list) and all(v in THEME_HIDE for v in value):
            kept[key] = list(value)
        elif key == "search" and isinstance(value, dict) and set(value) <= {"boost", "exclude"}:
            boost, exclude = value.get("boost", 1), value.get("exclude", False)
            if isinstance(boost, (int, float)) and not isinstance(boost, bool) and isinstance(exclude, bool):
                kept[key] = dict(value)
            else:
                dropped.append(str(key))
        else:
            dropped.append(str(key))
    return kept, dropped
