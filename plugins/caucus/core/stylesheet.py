"""The site's stylesheet, cut down to the rules its pages can use (issue #19).

Material's stylesheet styles every feature Material has (about 150 KB with its colour
palette); a browser fetches and reads all of it before it paints a lesson, and on a slow
phone that wait is most of the time to the first paint. The build notes what its pages
carry (class names, element names and the custom properties they name; every word of
the site's own scripts counts too, since a script may add classes while the page runs),
and one stylesheet is written from Material's and the site's own, keeping:

- a rule, when one of its selectors could match: every class and element name it
  requires is one that some page uses. Ids, attributes and pseudo-classes are taken as
  matching, so a rule is kept whenever there is doubt; ``:is()`` and ``:where()`` need
  one of their alternatives, ``:not()`` and ``:has()`` are not looked into;
- a custom property (``--md-...: ...``), when something kept uses it (``var(--...)``);
  Material keeps every icon of every feature in one;
- the at-rules that hold rules (``@media``, ``@supports``...), cut inside and left out
  when nothing in them is kept; every other at-rule (``@keyframes``, ``@font-face``...)
  whole.

Material's own script is not loaded on the site's pages (overrides/main.html), so no
class appears only once a script of Material's has run."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import tinycss2
from tinycss2 import ast

_CLASS_ATTRIBUTE = re.compile(r"""\sclass=(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
_ELEMENT = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)")
_VARIABLE = re.compile(r"var\(\s*(--[\w-]+)")
_WORD = re.compile(r"[A-Za-z_][\w-]*")
# Pseudo-classes that match when one of the selectors they hold matches.
_ANY_OF = {"is", "where", "matches", "-webkit-any", "-moz-any"}
# At-rules whose block holds rules (and may be cut); any other at-rule is kept whole.
_GROUPING = {"media", "supports", "container", "layer", "document", "-moz-document"}
_COMBINATORS = {">", "+", "~", ","}


@dataclass
class Used:
    """What the site's pages (and scripts) carry."""

    classes: set[str] = field(default_factory=set)
    elements: set[str] = field(default_factory=set)
    variables: set[str] = field(default_factory=set)  # custom properties named outside the stylesheet

    def add_page(self, html: str) -> None:
        for match in _CLASS_ATTRIBUTE.finditer(html):
            self.classes.update((match.group(1) or match.group(2) or match.group(3) or "").split())
        self.elements.update(name.lower() for name in _ELEMENT.findall(html))
        if "var(" in html:
            self.variables.update(_VARIABLE.findall(html))

    def add_script(self, script: str) -> None:
        words = set(_WORD.findall(script))
        self.classes |= words
        self.elements |= {word.lower() for word in words}
        self.variables.update(_VARIABLE.findall(script))

    def add_stylesheet_references(self, css: str) -> None:
        """A stylesheet linked beside the cut one may use its custom properties."""
        self.variables.update(_VARIABLE.findall(css))


def cut(css: str, used: Used) -> str:
    """The rules of ``css`` that could match the pages ``used`` describes, each with only
    its selectors that could, and only the custom properties something kept uses."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    kept = list(_keep(rules, used))
    needed = _needed_variables(kept, used.variables)
    return "".join(_serialize(node, needed) for node in kept)


def site_stylesheet(sources: Iterable[tuple[str, str]], used: Used) -> str:
    """One stylesheet from ``(name, css)`` sources in cascade order, cut to ``used``."""
    names, texts = [], []
    for name, css in sources:
        names.append(name)
        texts.append(css)
    body = cut("\n".join(texts), used)
    charset = '@charset "UTF-8";' if not body.isascii() else ""
    return f"{charset}/* {', '.join(names)}, cut to the rules this site's pages use (plugins/caucus/core/stylesheet.py) */\n{body}\n"


# A kept rule is (selectors, declarations); a kept group is (header, [nodes]); an at-rule
# kept whole is its text.
Tokens = list[Any]  # tinycss2's component values (it has no type hints)
_Node = tuple[str, list[Any]] | str


def _keep(rules: Tokens, used: Used) -> Iterable[_Node]:
    for rule in rules:
        if isinstance(rule, ast.QualifiedRule):
            selectors = [selector for selector in _split(rule.prelude) if _could_match(selector, used)]
            if selectors:
                declarations = [
                    d for d in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True) if isinstance(d, ast.Declaration)
                ]
                yield (",".join(tinycss2.serialize(selector).strip() for selector in selectors), declarations)
        elif isinstance(rule, ast.AtRule):
            if rule.lower_at_keyword == "charset":
                continue  # only the start of a file may say it (site_stylesheet does)
            if rule.content is not None and rule.lower_at_keyword in _GROUPING:
                inner = list(_keep(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), used))
                if inner:
                    yield (f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude).rstrip()}", inner)
            else:
                yield rule.serialize()
        # A parse error (ast.ParseError) is dropped, as a browser drops it.


def _needed_variables(kept: list[_Node], named_elsewhere: set[str]) -> set[str]:
    """The custom properties that kept declarations use, directly or through others."""
    uses: dict[str, set[str]] = {}
    needed = set(named_elsewhere)
    stack: list[list[_Node]] = [kept]
    while stack:
        for node in stack.pop():
            if isinstance(node, str):
                needed.update(_VARIABLE.findall(node))
            elif node[0].startswith("@"):
                stack.append(node[1])
            else:
                for declaration in node[1]:
                    names = set(_VARIABLE.findall(tinycss2.serialize(declaration.value)))
                    if declaration.name.startswith("--"):
                        uses.setdefault(declaration.name, set()).update(names)
                    else:
                        needed |= names
    frontier = list(needed)
    while frontier:
        for name in uses.get(frontier.pop(), ()):
            if name not in needed:
                needed.add(name)
                frontier.append(name)
    return needed


def _serialize(node: _Node, needed: set[str]) -> str:
    if isinstance(node, str):
        return node
    header, body = node
    if header.startswith("@"):
        inner = "".join(_serialize(child, needed) for child in body)
        return f"{header}{{{inner}}}" if inner else ""
    declarations = ";".join(
        f"{d.name}:{tinycss2.serialize(d.value).strip()}{'!important' if d.important else ''}" for d in body if not d.name.startswith("--") or d.name in needed
    )
    return f"{header}{{{declarations}}}" if declarations else ""


def _split(tokens: Tokens) -> list[Tokens]:
    """A selector list split at its top-level commas."""
    selectors: list[Tokens] = [[]]
    for token in tokens:
        if isinstance(token, ast.LiteralToken) and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return [selector for selector in selectors if any(not isinstance(t, ast.WhitespaceToken) for t in selector)]


def _could_match(selector: Tokens, used: Used) -> bool:
    previous = None
    for token in selector:
        if isinstance(token, ast.IdentToken):
            after_dot = isinstance(previous, ast.LiteralToken) and previous.value == "."
            after_colon = isinstance(previous, ast.LiteralToken) and previous.value == ":"
            if after_dot and token.value not in used.classes:
                return False
            # An element name starts a compound: first, or after a space or a combinator.
            starts = (
                previous is None or isinstance(previous, ast.WhitespaceToken) or (isinstance(previous, ast.LiteralToken) and previous.value in _COMBINATORS)
            )
            if starts and not after_colon and token.lower_value not in used.elements:
                return False
        elif isinstance(token, ast.FunctionBlock) and token.lower_name in _ANY_OF:
            if not any(_could_match(alternative, used) for alternative in _split(token.arguments)):
                return False
        previous = token
    return True
