"""The language links: site-relative for the menu, full addresses for hreflang."""

from __future__ import annotations

from caucus.core.alternates import absolute, fix_alternates, site_relative

SITE = "https://example.org/lessons/"


def test_root_absolute_links_lose_the_site_path():
    assert site_relative("/lessons/es/", SITE) == "es/"
    assert site_relative("/lessons/", SITE) == ""
    assert site_relative("/lessons", SITE) == ""
    assert site_relative("./", SITE) == ""


def test_other_links_are_kept():
    assert site_relative("es/lessons/x/", SITE) == "es/lessons/x/"
    assert site_relative("/elsewhere/es/", SITE) == "/elsewhere/es/"  # not under the site: nothing to cut
    assert site_relative("//cdn.example/x", SITE) == "//cdn.example/x"
    assert site_relative("/es/", "https://example.org") == "es/"  # a site at the server's root


def test_full_addresses():
    assert absolute("es/lessons/x/", SITE) == "https://example.org/lessons/es/lessons/x/"
    assert absolute("", SITE) == SITE
    assert absolute("es/", "https://example.org/lessons") == "https://example.org/lessons/es/"
    assert absolute("https://other.example/es/", SITE) == "https://other.example/es/"
    assert absolute("es/", None) is None


def test_fix_alternates_in_place():
    entries = [{"lang": "en", "link": "/lessons/"}, {"lang": "es", "link": "/lessons/es/"}, {"lang": "ar", "link": "ar/lessons/x/"}]
    fix_alternates(entries, SITE)
    assert [e["link"] for e in entries] == ["", "es/", "ar/lessons/x/"]
    assert [e["absolute"] for e in entries] == [SITE, SITE + "es/", SITE + "ar/lessons/x/"]
