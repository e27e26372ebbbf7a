"""Links on paper (core/print_links.py): each link keeps its text and gets a numbered note
with a short address; a glossary link becomes the term's entry in the glossary box."""

from __future__ import annotations

from caucus.core import sanitize
from caucus.core.print_links import glossary_entries, print_links, short_address

GLOSSARY = """---
title: Glossary
---

## Caucus {#caucus}

A group of members who organize
inside their organization. It works from within: not printed.

A second paragraph, not printed.

## Ally {#ally}

Someone *outside* who stands with us.
"""


def address_of(target: str) -> str | None:
    path, _, fragment = target.partition("#")
    return None if path.startswith("..") else f"https://example.org/site/{path.removesuffix('.md')}/" + (f"#{fragment}" if fragment else "")


def printed(markdown_html: str):
    return print_links(sanitize.sanitize(markdown_html, sanitize.LESSON), "lessons/listening.md", address_of, glossary_entries(GLOSSARY, "en"))


def test_glossary_entries_are_the_first_sentence_of_each_terms_paragraph():
    entries = glossary_entries(GLOSSARY, "en")
    assert entries["caucus"].term == "Caucus"
    assert entries["caucus"].definition == "A group of members who organize inside their organization."
    assert entries["ally"].definition == "Someone *outside* who stands with us."
    assert glossary_entries("## Aliado {#ally}\n\n¿Quién nos apoya? Un grupo de fuera.\n")["ally"].definition == "¿Quién nos apoya?"
    assert glossary_entries("## حليف {#ally}\n\nمن يقف معنا؟ مجموعة من الخارج.\n")["ally"].definition == "من يقف معنا؟"


def test_each_address_gets_one_numbered_note_in_order():
    result = printed(
        '<p>See <a href="mapping.md">mapping</a>, <a href="https://union.example/join/">join</a>, '
        '<a href="mapping.md">the map again</a> and <a href="mailto:ask@union.example">write</a>.</p>'
    )
    assert [(n.number, n.address) for n in result.notes] == [
        (1, "example.org/site/lessons/mapping"),
        (2, "union.example/join"),
        (3, "ask@union.example"),
    ]
    # A link is printed as its text (not an <a> that the print profile would leave without
    # an address, a link to nowhere) with its note's number.
    assert '<span class="caucus-link">mapping</span><sup class="caucus-link-note">1</sup>' in result.content
    assert '<span class="caucus-link">the map again</span><sup class="caucus-link-note">1</sup>' in result.content
    assert "<a" not in result.content and "href" not in sanitize.sanitize(result.content, sanitize.PRINT)
    assert '<span class="caucus-link">mapping</span><sup class="caucus-link-note">1</sup>' in sanitize.sanitize(result.content, sanitize.PRINT)


def test_a_glossary_link_becomes_an_entry_not_a_note():
    result = printed(
        '<p>A <a href="../glossary.md#caucus">caucus</a> and an <a href="../glossary.md#ally">ally</a>, a <a href="../glossary.md#caucus">caucus</a>.</p>'
    )
    assert result.notes == []
    assert [(term, str(definition), lang) for term, definition, lang in result.terms] == [
        ("Caucus", "<p>A group of members who organize inside their organization.</p>", "en"),
        ("Ally", "<p>Someone <em>outside</em> who stands with us.</p>", "en"),
    ]
    assert result.content.count('<span class="caucus-glossary-term">') == 3
    assert '<span class="caucus-glossary-term">caucus</span>' in result.content and "<a" not in result.content


def test_the_sanitizer_decides_which_addresses_reach_paper():
    # A javascript: address never reaches a note: the lesson profile has removed it.
    result = printed('<p><a href="javascript:alert(1)">click</a> <a href="jav&#x09;ascript:alert(1)">this</a></p>')
    assert result.notes == [] and "javascript" not in result.content


def test_no_note_for_a_place_in_the_handout_or_a_path_outside_the_site():
    result = printed('<p><a href="#discussion-1">below</a> <a href="../../etc/passwd">out</a> <a>no address</a></p>')
    assert result.notes == []
    # Printed as their text: the print profile drops their addresses, and an <a> without one is a link to nowhere.
    assert result.content == '<p><span class="caucus-link">below</span> <span class="caucus-link">out</span> <span class="caucus-link">no address</span></p>'


def test_an_unknown_glossary_term_is_a_plain_link_note():
    result = printed('<p><a href="../glossary.md#nothing">nothing</a></p>')
    assert [n.address for n in result.notes] == ["example.org/site/glossary/#nothing"] and result.terms == []


def test_short_address():
    assert short_address("https://example.org/tiny/lessons/mapping/") == "example.org/tiny/lessons/mapping"
    assert short_address("mailto:a@b.example") == "a@b.example"
    assert short_address("http://x.example/a%20b") == "x.example/a b"
