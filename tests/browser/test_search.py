"""The search (issue #19 goal 3; Pagefind, plugins/caucus/core/search.py): a reader of
each language types a real word of a lesson in the header's search box and finds that
lesson, and nothing of another language; a lesson page fetches nothing of the search
before the reader starts to search, and a first search stays small; without
JavaScript the search box leads to the catalog of the page's language. Each check is
shown to fail on a broken setup."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from caucus.core import search

from .checks import HeldScript, visit
from .conftest import REAL_LANGS, REAL_LESSON, TINY_LANGS, Server

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from first_search import RESULTS, SEARCH_INPUT, first_search  # noqa: E402

pytestmark = pytest.mark.browser

# Words of the lesson "why-caucuses" (REAL_LESSON) in each language's text: "loyal".
LESSON_WORDS = {"en": "loyal", "es": "leales", "ar": "أوفياء", "vi": "trung thành"}
# A word in pages of every language: a search for it must still bring only the reader's.
SHARED_WORD = "caucus"
FIRST_SEARCH_LIMIT = 150 * 1024

_ALL_RESULTS_JS = """
async ([src, words]) => {
  const pagefind = await import(new URL(src, location.href).href);
  const found = await pagefind.search(words);
  const pages = await Promise.all(found.results.map((r) => r.data()));
  return pages.map((p) => new URL(p.url, location.href).pathname);
}
"""


def _shown(page, words: str) -> list[str]:
    """Types ``words`` into the search box; the paths of the results it lists."""
    page.fill(SEARCH_INPUT, words)
    page.wait_for_selector(RESULTS + " > p", timeout=15_000)
    return page.eval_on_selector_all(RESULTS + " li a", "links => links.map(a => new URL(a.href).pathname)")


def _in_language(path: str, prefix: str, prefixes: dict[str, str]) -> bool:
    others = [p for p in prefixes.values() if p and p != prefix]
    return path.startswith("/" + prefix) and not any(path.startswith("/" + other) for other in others)


def search_problems(context, site_url: str, lang: str, langs: dict[str, str]) -> list[str]:
    """From the language's copy of REAL_LESSON: its word lists that lesson among the
    results shown, and every result of a word found in every language (all of them,
    not only those shown) is a page of this language."""
    prefix = langs[lang]
    seen = visit(context, f"{site_url}{prefix}lessons/{REAL_LESSON}/")
    page = seen.page
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    problems = []
    lesson = f"/{prefix}lessons/{REAL_LESSON}/"
    word = LESSON_WORDS[lang]
    try:
        shown = _shown(page, word)
    except Exception as error:  # no results box at all
        return [f"{lang}: searching {word!r} showed no results ({str(error).splitlines()[0]})"]
    if lesson not in shown:
        problems.append(f"{lang}: {word!r} does not find {lesson} among {shown}")
    problems += [f"{lang}: {word!r} found {path}, not a page of {lang}" for path in shown if not _in_language(path, prefix, langs)]
    source = page.get_attribute("form.caucus-search", "data-pagefind")
    every = page.evaluate(_ALL_RESULTS_JS, [source, SHARED_WORD])
    if not every:
        problems.append(f"{lang}: {SHARED_WORD!r} finds nothing")
    wrong = [path for path in every if not _in_language(path, prefix, langs)]
    if wrong:
        problems.append(f"{lang}: {SHARED_WORD!r} finds {len(wrong)} page(s) not of {lang}: {wrong[:4]}")
    problems += [f"{lang}: page error {e}" for e in errors]
    return problems


@pytest.mark.slow
@pytest.mark.parametrize("lang", REAL_LANGS)
def test_a_real_word_finds_its_lesson_in_the_readers_language_only(real_site, open_context, lang, verdict):
    verdict(search_problems(open_context(), real_site.url(""), lang, REAL_LANGS))


@pytest.fixture(scope="module")
def badly_indexed(real_site, tmp_path_factory):
    """``badly_indexed(*pagefind_options)``: the real site served with a search index
    made with other Pagefind options (the pages are the built ones, linked)."""
    servers = []

    def make(*options: str) -> str:
        folder = tmp_path_factory.mktemp("badly-indexed")
        for item in real_site.root.iterdir():
            if item.name != search.BUNDLE:
                (folder / item.name).symlink_to(item, target_is_directory=item.is_dir())
        command = [str(search.executable()), "--site", str(real_site.root), "--output-path", str(folder / search.BUNDLE), "--silent", *options]
        subprocess.run(command, check=True, capture_output=True)
        server = Server(folder)
        servers.append(server)
        return server.origin + "/"

    yield make
    for server in servers:
        server.close()


@pytest.mark.slow
def test_an_index_of_every_language_together_is_caught(badly_indexed, open_context):
    """One index for the whole site (as Material's lunr search had before it was split):
    a Spanish reader's search for a shared word brings English, Arabic and Vietnamese pages."""
    problems = search_problems(open_context(), badly_indexed("--force-language", "es"), "es", REAL_LANGS)
    assert any("not of es" in p for p in problems), problems


@pytest.mark.slow
def test_lesson_text_left_out_of_the_index_is_caught(badly_indexed, open_context):
    """An index of the catalogs only (lesson pages left unmarked, say): the Arabic and
    Vietnamese words no longer find their lesson."""
    url = badly_indexed("--glob", "**/catalog/index.html")
    for lang in ("ar", "vi"):
        problems = search_problems(open_context(), url, lang, REAL_LANGS)
        assert any("does not find" in p or "showed no results" in p for p in problems), problems


# --- a small first search, and nothing before it ----------------------------------


@pytest.mark.slow
def test_a_first_search_downloads_little(real_site, browser):
    figure = first_search(browser, real_site.page_url("en", "lesson"), SHARED_WORD)
    assert figure["shown"] and any(path.endswith(".pf_fragment") for path in figure["files"]), figure
    assert any(path.endswith(".pf_index") for path in figure["files"]) and any("wasm" in path for path in figure["files"]), figure
    assert figure["transfer_bytes"] <= FIRST_SEARCH_LIMIT, figure
    assert not figure["requests_before_search"], figure


def search_requests(context, url: str):
    """What a page fetched of the search, or of any script, while it loaded and sat
    idle, and the page."""
    seen = visit(context, url, quiet_ms=500)
    return [request for request in seen.requests if "/pagefind/" in request or request.split("?")[0].endswith(".js")], seen.page


@pytest.mark.parametrize("lang", TINY_LANGS)
def test_a_lesson_page_fetches_no_search_until_the_reader_searches(tiny_site, open_context, lang):
    """No script at all until the reader goes to the box: then the box's script, and
    Pagefind once they type (page.fill types before the script has arrived: it catches up)."""
    early, page = search_requests(open_context(), tiny_site.page_url(lang, "lesson"))
    assert early == []
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    _shown(page, "listening")
    assert any(request.endswith("/assets/search.js") for request in asked), asked
    assert any(request.endswith("/pagefind/pagefind.js") for request in asked), asked


def test_a_page_that_loads_the_search_at_once_is_caught(tiny_site, open_context):
    eager = '<script type="module">import("../../pagefind/pagefind.js").then((p) => p.init())</script></body>'
    with tiny_site.broken("lessons/listening/", lambda html: html.replace("</body>", eager, 1)) as url:
        early, _page = search_requests(open_context(), url)
    assert early, "the broken page's early load was not seen"


def test_a_page_that_loads_the_box_script_at_once_is_caught(tiny_site, open_context):
    eager = '<script src="../../assets/search.js" defer></script></body>'
    with tiny_site.broken("lessons/listening/", lambda html: html.replace("</body>", eager, 1)) as url:
        early, _page = search_requests(open_context(), url)
    assert [r for r in early if r.endswith("/assets/search.js")], early


def typed_early_problems(context, url: str, change=lambda js: js) -> list[str]:
    """Words typed while the box's script is still on its way (held back until they are
    typed, then sent changed by ``change``) are searched when it arrives."""
    script = HeldScript(context, "search.js")
    page = visit(context, url).page
    page.click(SEARCH_INPUT)
    page.keyboard.type("listening")
    if not script.release(page, change):
        return [f"{url}: going to the search box fetched no search script"]
    try:
        page.wait_for_selector(RESULTS + " li a", timeout=10_000)
    except Exception:
        return [f"{url}: the words typed before the search script arrived were never searched"]
    return []


def test_words_typed_before_the_search_script_arrives_are_searched(tiny_site, open_context, verdict):
    verdict(typed_early_problems(open_context(), tiny_site.page_url("en", "lesson")))


def test_a_search_script_that_forgets_what_was_typed_is_caught(tiny_site, open_context):
    catch_up = "if (document.activeElement === input) { load(); if (input.value.trim()) show(input.value); }"
    forgetful = lambda js: js.replace(catch_up, "") if catch_up in js else "throw new Error('the catch-up line is gone')"  # noqa: E731
    problems = typed_early_problems(open_context(), tiny_site.page_url("en", "lesson"), forgetful)
    assert any("never searched" in p for p in problems), problems


# --- without JavaScript ------------------------------------------------------------


def no_js_search_problems(context, url: str, catalog_url: str) -> list[str]:
    """With JavaScript off, typing a word in the search box and pressing Enter opens the
    catalog of the page's language."""
    page = visit(context, url).page
    if page.evaluate("document.documentElement.className") != "no-js":
        return ["JavaScript ran"]
    box = page.locator(SEARCH_INPUT)
    if box.count() != 1 or not box.is_visible():
        return [f"{url}: no visible search box"]
    box.fill("listening")
    with page.expect_navigation():
        box.press("Enter")
    problems = []
    if page.url.split("?")[0] != catalog_url:
        problems.append(f"{url}: the search led to {page.url}, not to {catalog_url}")
    elif page.locator("article h1").count() != 1:
        problems.append(f"{page.url}: no catalog heading")
    return problems


@pytest.fixture
def no_js(open_context):
    return open_context(java_script_enabled=False, viewport={"width": 1280, "height": 800})


@pytest.mark.parametrize("kind", ["lesson", "home", "guide"])
@pytest.mark.parametrize("lang", TINY_LANGS)
def test_without_javascript_the_search_leads_to_the_catalog(tiny_site, no_js, lang, kind, verdict):
    verdict(no_js_search_problems(no_js, tiny_site.page_url(lang, kind), tiny_site.page_url(lang, "catalog")))


def test_a_search_box_that_leads_nowhere_without_javascript_is_caught(tiny_site, no_js):
    with tiny_site.broken("es/lessons/listening/", lambda html: html.replace('action="../../catalog/" ', "", 1)) as url:
        problems = no_js_search_problems(no_js, url, tiny_site.page_url("es", "catalog"))
    assert any("not to" in p for p in problems), problems


def catalog_words_problems(context, url: str, words: str) -> list[str]:
    """The catalog opened with ?q= (where the search box leads when Pagefind cannot
    load) starts its filter from those words."""
    page = visit(context, url).page
    value = page.input_value("form[data-caucus-filter] input[name=words]")
    cards = page.locator(".caucus-card")
    shown = sum(1 for i in range(cards.count()) if cards.nth(i).is_visible())
    problems = []
    if value != words:
        problems.append(f"{url}: the filter holds {value!r}, not {words!r}")
    if not 0 < shown < cards.count():
        problems.append(f"{url}: {shown} of {cards.count()} lessons shown")
    return problems


def test_the_catalog_starts_from_the_words_searched(tiny_site, open_context, verdict):
    verdict(catalog_words_problems(open_context(), tiny_site.url("catalog/?q=listening"), "listening"))


def test_a_catalog_that_ignores_the_words_is_caught(tiny_site, open_context):
    with tiny_site.broken("catalog/", lambda html: html.replace('"../assets/catalog.js"', '"../assets/no-such-script.js"', 1)) as url:
        problems = catalog_words_problems(open_context(), url + "?q=listening", "listening")
    assert any("not 'listening'" in p for p in problems), problems


def closing_problems(page) -> list[str]:
    """The results close with a click elsewhere on the page, and come back when the box
    is focused again (Escape empties the box, as in any search field)."""
    shown = lambda: page.locator(RESULTS).count() == 1  # noqa: E731
    _shown(page, "listening")
    problems = []
    page.mouse.click(10, 600)  # the left edge, away from the box and its results
    if shown():
        problems.append("a click elsewhere leaves the results open")
    page.focus(SEARCH_INPUT)
    if not shown():
        problems.append("focusing the box again does not show the results")
    return problems


def test_the_results_close_and_come_back(tiny_site, open_context, verdict):
    verdict(closing_problems(visit(open_context(), tiny_site.page_url("en", "lesson")).page))


def test_results_that_do_not_close_are_caught(tiny_site, open_context):
    swallow = '<script>document.addEventListener("click", (e) => e.stopImmediatePropagation(), true)</script></body>'
    with tiny_site.broken("lessons/listening/", lambda html: html.replace("</body>", swallow, 1)) as url:
        problems = closing_problems(visit(open_context(), url).page)
    assert "a click elsewhere leaves the results open" in problems, problems
