"""Each language's sitemap lists the same pages at that language's addresses."""

from __future__ import annotations

from caucus.core.sitemap import language_sitemap

ROOT = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
    <url>
        <loc>https://example.org/tiny/lessons/a/</loc>
        <xhtml:link rel="alternate" hreflang="en" href="https://example.org/tiny/lessons/a/"/>
        <xhtml:link rel="alternate" hreflang="es" href="https://example.org/tiny/es/lessons/a/"/>
    </url>
    <url>
        <loc>https://example.org/tiny/only-english/</loc>
    </url>
</urlset>
"""


def test_each_page_is_listed_at_its_address_in_the_language():
    spanish = language_sitemap(ROOT, "es")
    assert "<loc>https://example.org/tiny/es/lessons/a/</loc>" in spanish
    assert "<loc>https://example.org/tiny/only-english/</loc>" in spanish  # no Spanish copy: its own address
    assert spanish.count("<url>") == 2 and spanish.count('hreflang="en"') == 1  # alternates kept for the switcher
    assert spanish.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"')
