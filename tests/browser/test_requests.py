"""Every file a page asks for while it loads exists: for the home page, a lesson, the
catalog, a facilitator guide and a handout page in every language. Served under the
site's path, as a host serves it (Material's language switcher asks for a sitemap.xml
beside each language's home, at an address that starts with the site's path)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .checks import missing_resources, privacy_problems, visit
from .conftest import REAL_LANGS, REAL_SAMPLE, TINY_LANGS, TINY_PAGES, Server

pytestmark = pytest.mark.browser


def _site_path(project: Path) -> str:
    """The path of mkdocs.yml's site_url (``tiny``, ``lessons``), where a host serves the site."""
    found = re.search(r"^site_url:.*?https?://[^/\s\"']+/([^\s\"'\]]*)", (project / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    assert found, f"no site_url in {project / 'mkdocs.yml'}"
    return found.group(1).strip("/")


@pytest.fixture(scope="module")
def mounted(tmp_path_factory):
    """``mounted(site)``: a server of the built site under its site path, and that path's URL."""
    servers = []

    def mount(site):
        path = _site_path(site.root.parent)
        folder = tmp_path_factory.mktemp("mounted")
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).symlink_to(site.root, target_is_directory=True)
        server = Server(folder)
        servers.append(server)
        return f"{server.origin}/{path}/"

    yield mount
    for server in servers:
        server.close()


@pytest.mark.parametrize("kind", TINY_PAGES)
@pytest.mark.parametrize("lang", TINY_LANGS)
def test_tiny_site_asks_for_nothing_missing(tiny_site, mounted, open_context, lang, kind, verdict):
    seen = visit(open_context(), mounted(tiny_site) + TINY_LANGS[lang] + TINY_PAGES[kind])
    assert seen.response.ok and any(r.url == seen.page.url for r in seen.responses)  # the recording works
    verdict(missing_resources(seen))


@pytest.mark.slow
@pytest.mark.parametrize("lang,kind", REAL_SAMPLE)
def test_real_site_asks_for_nothing_missing(real_site, mounted, open_context, lang, kind, verdict):
    seen = visit(open_context(), mounted(real_site) + REAL_LANGS[lang] + real_site.pages[kind])
    assert seen.response.ok
    verdict(missing_resources(seen))


def test_a_missing_image_is_caught(tiny_site, open_context):
    image = '<img src="nowhere.png" alt="A picture that is not there">'
    with tiny_site.broken("lessons/listening/", lambda html: html.replace("</article>", image + "</article>")) as url:
        problems = missing_resources(visit(open_context(), url))
    assert any("nowhere.png: HTTP 404" in p for p in problems), problems


def test_material_asking_for_sitemaps_beside_the_language_links_is_caught(tiny_site, open_context):
    """The site's pages load no Material script (overrides/main.html). Put back, it asks
    for a sitemap.xml beside each hreflang link: at the published site's address, from
    wherever the page is served."""
    bundle = next((tiny_site.root / "assets" / "javascripts").glob("bundle.*.min.js")).name
    material = (
        '<script>__md_scope=new URL("../..",location),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
        '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}</script>'
        '<script id="__config" type="application/json">{"base": "../..", "features": [], "translations": {}, "search": null}</script>'
        f'<script src="../../assets/javascripts/{bundle}"></script></body>'
    )
    with tiny_site.broken("lessons/listening/", lambda html: html.replace("</body>", material, 1)) as url:
        seen = visit(open_context(), url)
    asked = [request for request in seen.requests if request.endswith("/sitemap.xml")]
    assert "https://example.org/tiny/es/lessons/listening/sitemap.xml" in asked, asked
    assert any("request to another host" in problem and "sitemap.xml" in problem for problem in privacy_problems(seen))


def test_no_material_script_is_loaded(tiny_site, open_context):
    seen = visit(open_context(), tiny_site.page_url("es", "lesson"))
    assert seen.requests and not [request for request in seen.requests if "/assets/javascripts/" in request], seen.requests
    # Nor an inline script of Material's that calls its helpers, which would then be
    # missing (the tiny site has Material's default palette list, whose script does).
    html = seen.page.content()
    assert "__md_" not in html, [line for line in html.splitlines() if "__md_" in line][:3]


def test_the_hreflang_links_are_in_the_page_once_it_has_loaded(tiny_site, open_context):
    seen = visit(open_context(), tiny_site.page_url("es", "lesson"))
    links = seen.page.eval_on_selector_all("link[rel=alternate][hreflang]", "links => links.map(l => l.hreflang + ' ' + l.href)")
    assert sorted(links) == [f"{lang} https://example.org/tiny/{prefix}lessons/listening/" for lang, prefix in sorted(TINY_LANGS.items())]
