"""The site's one stylesheet (core/stylesheet.py): a rule is kept when one of its
selectors could match the pages, a custom property when something kept uses it."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import cssselect2
from hypothesis import example, given, settings
from hypothesis import strategies as st

from caucus.core.stylesheet import Used, cut, site_stylesheet


def used(html: str, script: str = "") -> Used:
    seen = Used()
    seen.add_page(html)
    if script:
        seen.add_script(script)
    return seen


PAGE = '<html><body class="page"><nav class="md-nav md-nav--primary"><a class=md-nav__link href="#">x</a></nav><table><tr><td>1</td></tr></table></body></html>'


def test_a_rule_for_a_class_no_page_has_is_left_out():
    css = ".md-nav{color:red}.md-search{color:blue}"
    assert cut(css, used(PAGE)) == ".md-nav{color:red}"


def test_every_class_of_a_selector_must_be_used():
    css = ".md-nav .md-nav__link{a:1}.md-nav .md-search__link{a:2}.md-nav.md-nav--primary{a:3}"
    assert cut(css, used(PAGE)) == ".md-nav .md-nav__link{a:1}.md-nav.md-nav--primary{a:3}"


def test_a_selector_list_keeps_only_its_selectors_that_could_match():
    assert cut(".admonition,.md-nav,details{a:1}", used(PAGE)) == ".md-nav{a:1}"


def test_element_names_count_too():
    css = ".md-nav a{a:1}.md-nav kbd{a:2}table td{a:3}details summary{a:4}"
    assert cut(css, used(PAGE)) == ".md-nav a{a:1}table td{a:3}"


def test_pseudo_classes_and_attributes_are_taken_as_matching():
    css = ".md-nav__link:hover{a:1}a[href^=http]:after{a:2}:root{a:3}body::before{a:4}#x{a:5}"
    assert cut(css, used(PAGE)) == css


def test_is_needs_one_alternative_and_not_is_not_looked_into():
    css = ".page :is(.md-nav,.admonition){a:1}.page :is(.admonition,details){a:2}.md-nav:not(.md-search){a:3}"
    assert cut(css, used(PAGE)) == ".page :is(.md-nav,.admonition){a:1}.md-nav:not(.md-search){a:3}"


def test_grouping_rules_are_cut_inside_and_dropped_when_empty():
    css = "@media screen and (max-width:76em){.md-nav{a:1}.md-search{a:2}}@media print{.md-search{a:3}}@supports (x:y){.md-nav{a:4}}"
    assert cut(css, used(PAGE)) == "@media screen and (max-width:76em){.md-nav{a:1}}@supports (x:y){.md-nav{a:4}}"


def test_other_at_rules_are_kept_whole():
    css = "@keyframes spin{0%{a:1}to{a:2}}@font-face{font-family:x}@page{margin:1cm}"
    assert cut(css, used(PAGE)) == css


def test_custom_properties_are_kept_when_something_kept_uses_them():
    css = (
        ":root{--md-nav-icon:url(x.svg);--md-admonition-icon:url(y.svg);--md-colour:red;--md-shade:var(--md-colour)}"
        ".md-nav{mask-image:var(--md-nav-icon);color:var(--md-shade)}"
        ".admonition{mask-image:var(--md-admonition-icon)}"
    )
    assert (
        cut(css, used(PAGE))
        == ":root{--md-nav-icon:url(x.svg);--md-colour:red;--md-shade:var(--md-colour)}.md-nav{mask-image:var(--md-nav-icon);color:var(--md-shade)}"
    )


def test_custom_properties_named_in_pages_or_other_stylesheets_are_kept():
    css = ":root{--md-a:1;--md-b:2;--md-c:3}"
    seen = used('<p style="width:var(--md-a)">x</p>')
    seen.add_stylesheet_references(".caucus{height:var(--md-b)}")
    assert cut(css, seen) == ":root{--md-a:1;--md-b:2}"


def test_a_rule_left_without_declarations_is_left_out():
    assert cut(":root{--md-unused:1}", used(PAGE)) == ""


def test_important_survives():
    assert cut(".md-nav{display:none!important}", used(PAGE)) == ".md-nav{display:none!important}"


def test_classes_a_script_may_add_are_kept():
    css = ".caucus-search--busy{a:1}.md-search{a:2}"
    assert cut(css, used(PAGE, 'form.classList.add("caucus-search--busy")')) == ".caucus-search--busy{a:1}"


def test_class_attributes_in_every_quoting_are_read():
    seen = used('<DIV class=\'one two\'><p class=three></p><span data-class="not" class="four"></span></DIV>')
    assert seen.classes == {"one", "two", "three", "four"}
    assert seen.elements == {"div", "p", "span"}


def test_the_site_stylesheet_names_its_sources_and_says_its_charset_once():
    text = site_stylesheet([("main.css", '@charset "UTF-8";.md-nav:after{content:"›"}'), ("palette.css", '@charset "UTF-8";.x{a:1}')], used(PAGE))
    assert text.startswith('@charset "UTF-8";/* main.css, palette.css, cut to')
    assert text.count("@charset") == 1 and '.md-nav:after{content:"›"}' in text and ".x{" not in text


# --- against a real selector engine ------------------------------------------------------

CLASSES = ["a", "b", "c", "d"]
ELEMENTS = ["div", "p", "span", "em"]
simple = st.one_of(
    st.sampled_from(ELEMENTS),
    st.sampled_from(CLASSES).map(lambda name: "." + name),
    st.sampled_from(ELEMENTS).flatmap(lambda tag: st.sampled_from(CLASSES).map(lambda name: f"{tag}.{name}")),
    st.sampled_from(CLASSES).map(lambda name: f".{name}:first-child"),
    st.lists(st.sampled_from(CLASSES).map(lambda name: "." + name), min_size=1, max_size=3).map(lambda names: f":is({','.join(names)})"),
    st.sampled_from(CLASSES).map(lambda name: f":not(.{name})"),
)
selectors = st.lists(simple, min_size=1, max_size=3).flatmap(
    lambda parts: st.lists(st.sampled_from([" ", ">", "+", "~"]), min_size=len(parts) - 1, max_size=len(parts) - 1).map(
        lambda joins: parts[0] + "".join(j + p for j, p in zip(joins, parts[1:], strict=True))
    )
)


@st.composite
def trees(draw, depth=0):
    tag = draw(st.sampled_from(ELEMENTS))
    names = draw(st.lists(st.sampled_from(CLASSES), max_size=2, unique=True))
    children = draw(st.lists(trees(depth + 1), max_size=0 if depth > 2 else 3))
    attribute = f' class="{" ".join(names)}"' if names else ""
    return f"<{tag}{attribute}>{''.join(children)}</{tag}>"


def matches(selector: str, html: str) -> bool:
    root = cssselect2.ElementWrapper.from_html_root(ET.fromstring(f"<html><body>{html}</body></html>"))
    (compiled,) = cssselect2.compile_selector_list(selector)
    return any(compiled.test(element) for element in root.iter_subtree())


@settings(max_examples=200, deadline=None)
@given(st.lists(selectors, min_size=1, max_size=6), trees())
@example([".a .b", ".c"], '<div class="a"><p class="b"></p></div>')
@example([":is(.c,.d) span"], '<div class="d"><span></span></div>')
def test_a_selector_that_matches_the_page_is_never_cut(chosen, html):
    rules = "".join(f"{selector}{{n:{i}}}" for i, selector in enumerate(chosen))
    kept = cut(rules, used(html))
    for i, selector in enumerate(chosen):
        if matches(selector, html):
            assert f"{{n:{i}}}" in kept, (selector, html, kept)
