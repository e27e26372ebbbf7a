"""The checks of issue #8, each a function of a browser page (or context) that returns
the problems it found: an empty list means the page passes. The same function
serves the test on the built site and the test on a deliberately broken copy."""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Page, Response

LOCAL_SCHEMES = ("data:", "blob:", "about:")


# --- loading a page and recording what it fetched ------------------------------------


@dataclass
class Visit:
    page: Page
    response: Response | None
    requests: list[str] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def visit(context: BrowserContext, url: str, quiet_ms: int = 250, limit_ms: int = 8000, until=None) -> Visit:
    """Open ``url`` in a new page of ``context`` and wait until the network has been
    quiet for ``quiet_ms`` after the load event (and ``until(visit)`` holds, if
    given), recording every request: the page's, its frames' and its workers'."""
    seen = Visit(page=None, response=None)  # type: ignore[arg-type]
    pending: set = set()

    def on_request(request):
        seen.requests.append(request.url)
        pending.add(request)

    def on_done(request):
        pending.discard(request)

    def on_failed(request):
        seen.failed.append(request.url)
        pending.discard(request)

    listeners = {"request": on_request, "response": lambda response: seen.responses.append(response), "requestfinished": on_done, "requestfailed": on_failed}
    for event, listener in listeners.items():
        context.on(event, listener)
    try:
        seen.page = context.new_page()
        seen.response = seen.page.goto(url, wait_until="load")
        quiet = waited = 0
        while (quiet < quiet_ms or (until is not None and not until(seen))) and waited < limit_ms:
            seen.page.wait_for_timeout(50)
            waited += 50
            quiet = 0 if pending else quiet + 50
    finally:
        for event, listener in listeners.items():
            context.remove_listener(event, listener)
    return seen


def missing_resources(seen: Visit) -> list[str]:
    """Every request made while the page loaded was answered (no 4xx or 5xx): a missing
    file is an error in the reader's console and a request wasted on a capped plan."""
    return [f"{response.url}: HTTP {response.status}" for response in seen.responses if response.status >= 400]


# --- 2. privacy ----------------------------------------------------------------------


def privacy_problems(seen: Visit) -> list[str]:
    """Every request made while loading the page (see ``visit``) stayed on the page's
    own server, and no cookie is set."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(seen.page.url))
    problems = []
    for request in seen.requests:
        if not (request.startswith(origin + "/") or request.startswith(LOCAL_SCHEMES)):
            problems.append(f"request to another host: {request}")
    for response in seen.responses:
        if "set-cookie" in {name.lower() for name in response.headers}:
            problems.append(f"{response.url} sets a cookie")
    cookies = seen.page.context.cookies()
    if cookies:
        problems.append(f"cookies set: {[c['name'] for c in cookies]}")
    if seen.page.evaluate("document.cookie"):
        problems.append(f"document.cookie is {seen.page.evaluate('document.cookie')!r}")
    return problems


# --- 3. accessibility ----------------------------------------------------------------


def axe_problems(page: Page) -> list[str]:
    """axe-core (bundled by axe-playwright-python, nothing downloaded) run in the page:
    violations of serious or critical impact."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    problems = []
    for violation in results.response["violations"]:
        if violation.get("impact") in ("serious", "critical"):
            targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
            problems.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return problems


_LANG_JS = r"""
([shownLang]) => {
  const primary = (el) => ((el && el.closest('[lang]') || document.documentElement).getAttribute('lang') || '').split('-')[0];
  const skip = 'script, style, noscript, template, svg';
  const arabic = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const arabicElsewhere = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest(skip) || !arabic.test(node.data)) continue;
    const lang = primary(el);
    if (lang !== 'ar') arabicElsewhere.push(`${lang}: ${node.data.trim().slice(0, 50)}`);
  }
  const out = {
    htmlLang: document.documentElement.getAttribute('lang'),
    htmlDir: document.documentElement.getAttribute('dir'),
    bodyDir: document.body.getAttribute('dir'),
    direction: getComputedStyle(document.body).direction,
    arabicElsewhere,
  };
  if (shownLang) {
    const main = document.querySelector('article') || document.body;
    const wrapper = [...main.querySelectorAll('[lang]')].find((el) => el.getAttribute('lang') === shownLang);
    out.wrapper = wrapper ? {dir: wrapper.getAttribute('dir'), direction: getComputedStyle(wrapper).direction} : null;
    out.blocks = [...main.querySelectorAll('section.caucus-block')].map((s) => ({
      id: s.id || s.getAttribute('aria-labelledby'), lang: primary(s), direction: getComputedStyle(s).direction}));
    out.notices = [...main.querySelectorAll('.caucus-notice')].map((n) => primary(n));
    const h1 = main.querySelector('h1');
    out.h1 = h1 ? {lang: primary(h1), text: h1.textContent.trim()} : null;
  }
  return out;
}
"""


def lang_dir_problems(page: Page, lang: str, dir: str, shown: str | None = None, shown_dir: str | None = None) -> list[str]:
    """The page says its language and direction; text in Arabic script is marked
    Arabic wherever it stands. On a fallback page (``shown`` is the language of the
    text actually shown) that text, title and blocks included, is wrapped in an
    element with ``lang``/``dir`` of ``shown``, and the notice saying so is marked
    with the page's language."""
    facts = page.evaluate(_LANG_JS, [shown])
    problems = []
    if facts["htmlLang"] != lang:
        problems.append(f"<html lang={facts['htmlLang']!r}>, expected {lang!r}")
    if dir not in (facts["htmlDir"], facts["bodyDir"]):
        problems.append(f"no dir={dir!r} on <html> (dir={facts['htmlDir']!r}) or <body> (dir={facts['bodyDir']!r})")
    if facts["direction"] != dir:
        problems.append(f"the body's direction is {facts['direction']}, expected {dir}")
    for text in facts["arabicElsewhere"][:5]:
        problems.append(f"Arabic text marked as another language: {text}")
    if shown:
        wrapper = facts["wrapper"]
        if wrapper is None:
            problems.append(f"fallback page: no element with lang={shown!r} around the text shown")
        elif wrapper["dir"] != shown_dir or wrapper["direction"] != shown_dir:
            problems.append(f"fallback page: the lang={shown!r} wrapper has dir={wrapper['dir']!r} (direction {wrapper['direction']}), expected {shown_dir!r}")
        for block in facts["blocks"]:
            if block["lang"] != shown or block["direction"] != shown_dir:
                problems.append(f"fallback page: block {block['id']} is marked lang={block['lang']!r}, direction {block['direction']}")
        for notice in facts["notices"]:
            if notice != lang:
                problems.append(f"fallback page: the notice (in the page's language) is marked lang={notice!r}")
        if facts["h1"] and facts["h1"]["lang"] != shown:
            problems.append(f"fallback page: the title {facts['h1']['text']!r} is marked lang={facts['h1']['lang']!r}")
    return problems


_HEADINGS_JS = r"""
() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
  .filter((h) => h.checkVisibility({visibilityProperty: true}) && !h.closest('[aria-hidden="true"]'))
  .map((h) => [Number(h.tagName[1]), h.textContent.trim().slice(0, 60)])
"""


def heading_problems(page: Page) -> list[str]:
    """Headings start at h1 and never skip a level going down."""
    headings = page.evaluate(_HEADINGS_JS)
    if not headings:
        return ["no headings"]
    problems = []
    if headings[0][0] != 1:
        problems.append(f"the first heading is h{headings[0][0]} ({headings[0][1]!r}), not h1")
    for (before, _), (level, text) in zip(headings, headings[1:]):
        if level > before + 1:
            problems.append(f"h{before} is followed by h{level} ({text!r}): a level is skipped")
    return problems


_BLOCKS_JS = r"""
() => [...document.querySelectorAll('section.caucus-block')].map((s) => {
  const id = s.getAttribute('aria-labelledby');
  const heading = id ? document.getElementById(id) : null;
  return {
    id,
    heading: heading ? heading.tagName.toLowerCase() : null,
    inside: !!heading && s.contains(heading),
    name: heading ? (() => { const copy = heading.cloneNode(true); copy.querySelectorAll('.headerlink').forEach((a) => a.remove());
                             return copy.textContent.replace(/\s+/g, ' ').trim(); })() : '',
    visible: s.checkVisibility({visibilityProperty: true, opacityProperty: true}),
    hidden: !!s.closest('[aria-hidden="true"], [inert]'),
    linked: !!id && !!document.querySelector(`a[href="#${CSS.escape(id)}"]`),
  };
})
"""


def block_problems(page: Page, toc: bool = True, expect_blocks: bool = True) -> list[str]:
    """Every block of our extension is a visible region named by its own h2, and
    (where the page has a table of contents) a link leads to it."""
    blocks = page.evaluate(_BLOCKS_JS)
    problems = [] if blocks or not expect_blocks else ["no caucus blocks on the page"]
    for block in blocks:
        where = f"block {block['id']!r}"
        if not block["id"] or block["heading"] != "h2" or not block["inside"]:
            problems.append(f"{where}: aria-labelledby does not name an h2 inside the section")
            continue
        if not block["name"]:
            problems.append(f"{where}: its heading is empty")
        if not block["visible"] or block["hidden"]:
            problems.append(f"{where}: hidden from readers")
        if toc and not block["linked"]:
            problems.append(f"{where}: no link leads to it")
        # The browser's own accessible-name computation, as a screen reader gets it.
        region = page.get_by_role("region", name=block["name"])
        if block["name"] and region.count() < 1:
            problems.append(f"{where}: no region named {block['name']!r} in the accessibility tree")
    return problems


# --- 4. without JavaScript -------------------------------------------------------------


def readable_problems(page: Page, response: Response | None, min_text: int = 80) -> list[str]:
    """The page loaded, and its main text and every block are there to read."""
    problems = []
    if response is None or not response.ok:
        return [f"{page.url}: HTTP {response.status if response else 'no response'}"]
    main = page.locator("article").first
    if main.count() == 0:
        return [f"{page.url}: no <article>"]
    if not main.is_visible():
        problems.append(f"{page.url}: the main text is not visible")
    elif len(main.inner_text()) < min_text:
        problems.append(f"{page.url}: the main text is nearly empty")
    for i in range(page.locator("section.caucus-block").count()):
        if not page.locator("section.caucus-block").nth(i).is_visible():
            problems.append(f"{page.url}: block {i + 1} is not visible")
    return problems


def follow_problems(page: Page, link, expect_lang: str | None = None, expect_path: str | None = None) -> list[str]:
    """Click ``link`` as a reader would, and land on a real page (or a real PDF)."""
    before = page.url
    href = link.get_attribute("href") or ""
    if href.endswith(".pdf"):
        target = page.evaluate("(a) => a.href", link.element_handle())
        response = page.context.request.get(target)
        if not response.ok or not response.body().startswith(b"%PDF"):
            return [f"{href}: HTTP {response.status}, not a PDF"]
        return []
    if not link.is_visible():
        return [f"{href}: the link is not visible, a reader cannot follow it"]
    with page.expect_navigation(timeout=5_000) as navigation:
        link.click()
    response = navigation.value
    if page.url.split("#")[0] == before.split("#")[0]:
        return [f"{href}: stayed on {before}"]
    if response is None or not response.ok:
        return [f"{href}: HTTP {response.status if response else 'no response'} at {page.url}"]
    problems = []
    if expect_path and not urlsplit(page.url).path.endswith(expect_path):
        problems.append(f"{href}: landed on {page.url}, expected …{expect_path}")
    if expect_lang and page.evaluate("document.documentElement.lang") != expect_lang:
        problems.append(f"{href}: landed on a page in {page.evaluate('document.documentElement.lang')!r}, expected {expect_lang!r}")
    if page.locator("h1").count() == 0 or page.title().startswith("404"):
        problems.append(f"{href}: landed on {page.url}, which is not a real page")
    return problems


def safe_follow(page: Page, link, **expect) -> list[str]:
    try:
        return follow_problems(page, link, **expect)
    except Exception as error:  # no navigation happened: the link does not work
        return [f"{link.get_attribute('href')!r}: following it went nowhere ({type(error).__name__})"]


# --- 5. right to left --------------------------------------------------------------------

_RTL_LAYOUT_JS = r"""
() => {
  const box = (sel) => { const el = document.querySelector(sel); if (!el || !el.checkVisibility()) return null;
                         const r = el.getBoundingClientRect(); return r.width && r.height ? {left: r.left, right: r.right, width: r.width} : null; };
  const lines = [];
  for (const h of document.querySelectorAll('article h1, article h2')) {
    if (!h.checkVisibility()) continue;
    const range = document.createRange(); range.selectNodeContents(h);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0);
    if (!rects.length) continue;
    // The column the heading stands in: its block, or the article.
    const column = h.closest('section.caucus-block') || h.closest('article');
    const cs = getComputedStyle(column); const c = column.getBoundingClientRect();
    lines.push({text: h.textContent.trim().slice(0, 40),
                left: c.left + parseFloat(cs.paddingLeft) + parseFloat(cs.borderLeftWidth),
                right: c.right - parseFloat(cs.paddingRight) - parseFloat(cs.borderRightWidth),
                textLeft: Math.min(...rects.map((x) => x.left)), textRight: Math.max(...rects.map((x) => x.right))});
  }
  return {direction: getComputedStyle(document.body).direction, content: box('.md-content'),
          nav: box('.md-sidebar--primary'), toc: box('.md-sidebar--secondary'),
          logo: box('.md-header__button.md-logo'), title: box('.md-header__title'), lines};
}
"""


def rtl_layout_problems(page: Page) -> list[str]:
    """At a desktop width the layout is mirrored: navigation on the right of the text,
    table of contents on the left, logo at the right of the header, and headings
    starting at the right edge of the text column."""
    facts = page.evaluate(_RTL_LAYOUT_JS)
    problems = []
    if facts["direction"] != "rtl":
        problems.append(f"the body's direction is {facts['direction']}")
    content = facts["content"]
    if content is None:
        return problems + ["no visible .md-content"]
    if facts["nav"] is None or facts["nav"]["left"] < content["right"] - 1:
        problems.append(f"the navigation is not to the right of the text: nav {facts['nav']}, text {content}")
    if facts["toc"] is not None and facts["toc"]["right"] > content["left"] + 1:
        problems.append(f"the table of contents is not to the left of the text: toc {facts['toc']}, text {content}")
    if facts["logo"] and facts["title"] and facts["logo"]["left"] < facts["title"]["right"]:
        problems.append("the logo is not at the right of the header title")
    if not facts["lines"]:
        problems.append("no headings to measure")
    for line in facts["lines"]:
        gap_right = line["right"] - line["textRight"]
        gap_left = line["textLeft"] - line["left"]
        if gap_right > 3 or gap_left < gap_right:
            problems.append(
                f"heading {line['text']!r} does not start at the right edge of its column "
                f"(text {line['textLeft']:.0f}-{line['textRight']:.0f}, column {line['left']:.0f}-{line['right']:.0f})"
            )
    return problems


_LATIN_JS = r"""
() => {
  const arabic = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;
  const latin = /[A-Za-z\u00C0-\u024F]/;
  const skip = 'script, style, noscript, template, svg, title';
  const charBox = (node, i) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
                                 const rects = [...r.getClientRects()].filter((x) => x.width > 0); return rects[0] || null; };
  const runs = [], words = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest(skip) || !latin.test(node.data) || !el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    const range = document.createRange(); range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter((x) => x.width > 0);
    if (!rects.length) continue;
    const oneLine = rects.every((x) => Math.abs(x.top - rects[0].top) < 2);
    if (!arabic.test(node.data) && oneLine) {
      // Text wholly in Latin script: each of its characters, punctuation and digits
      // included, must read from left to right.
      const data = node.data;
      const first = data.search(/\S/), last = data.length - 1 - [...data].reverse().join('').search(/\S/);
      const xs = [];
      for (let i = first; i <= last; i++) { if (/\s/.test(data[i])) continue; const b = charBox(node, i); if (b) xs.push([data[i], b.left + b.width / 2]); }
      const text = data.slice(first, last + 1);
      const edgy = /^[^A-Za-z\u00C0-\u024F]|[^A-Za-z\u00C0-\u024F]$|\d|\s\W|\W\s/.test(text);
      runs.push({text: text.slice(0, 60), ordered: xs.every((p, i) => i === 0 || p[1] > xs[i - 1][1]), edgy});
    }
    // Every Latin word, wherever it stands, reads from left to right.
    for (const m of node.data.matchAll(/[A-Za-z\u00C0-\u024F]{3,}/g)) {
      const xs = [];
      for (let i = m.index; i < m.index + m[0].length; i++) { const b = charBox(node, i); if (b) xs.push(b.left + b.width / 2); }
      words.push({word: m[0], ordered: xs.every((x, i) => i === 0 || x > xs[i - 1])});
    }
  }
  return {runs, words};
}
"""


def latin_run_problems(page: Page) -> list[str]:
    """Latin text inside an Arabic page stays readable: a Latin word's letters read
    left to right, and so does a whole Latin phrase with its digits and its
    punctuation (an English question keeps its '?' at its end, a title like
    "60 min" does not become "min 60"), which needs the phrase isolated with its own
    direction (a dir=ltr wrapper, bdi or dir=auto, or unicode-bidi: plaintext)."""
    facts = page.evaluate(_LATIN_JS)
    problems = [f"Latin word reversed: {w['word']!r}" for w in facts["words"] if not w["ordered"]][:5]
    problems += [f"Latin phrase not read left to right: {r['text']!r}" for r in facts["runs"] if not r["ordered"]][:10]
    if not any(r["edgy"] for r in facts["runs"]):
        problems.append("nothing to check: no Latin phrase with digits or punctuation on the page")
    return problems


# --- 6. print ------------------------------------------------------------------------------

CHROME = {
    "header": ".md-header",
    "tabs": ".md-tabs",
    "navigation": ".md-sidebar--primary",
    "table of contents": ".md-sidebar--secondary",
    "search": ".md-search",
    "footer": ".md-footer",
    "back to top": ".md-top",
    "skip link": ".md-skip",
    "edit button": ".md-content__button",
    "source link": ".md-source",
    "language menu": ".md-select",
    "catalog filter": ".caucus-filter",
    "dialog": ".md-dialog",
    "announcement": "[data-md-component=announce] > *",
}


_PRINT_JS = r"""
(chrome) => {
  const shown = (el) => { const s = getComputedStyle(el); const r = el.getBoundingClientRect();
                          return s.display !== 'none' && s.visibility !== 'hidden' && r.width > 0 && r.height > 0; };
  const visibleChrome = [];
  for (const [name, sel] of Object.entries(chrome)) for (const el of document.querySelectorAll(sel)) if (shown(el)) { visibleChrome.push(name); break; }
  const blocks = [...document.querySelectorAll('section.caucus-block')].map((s) => {
    const st = getComputedStyle(s); return {id: s.getAttribute('aria-labelledby'), breakInside: st.breakInside, shown: shown(s)}; });
  const article = document.querySelector('article');
  return {visibleChrome, blocks, article: article ? {shown: shown(article), width: article.getBoundingClientRect().width,
          text: article.innerText.length} : null, width: document.documentElement.clientWidth};
}
"""


def print_problems(page: Page) -> list[str]:
    """With print media emulated: no navigation, header, search or footer chrome; the
    text uses the page; each block is kept whole (break-inside: avoid)."""
    page.emulate_media(media="print")
    try:
        facts = page.evaluate(_PRINT_JS, CHROME)
    finally:
        page.emulate_media(media="screen")
    problems = [f"printed with the {name}" for name in facts["visibleChrome"]]
    article = facts["article"]
    if article is None or not article["shown"] or article["text"] < 80:
        problems.append("the lesson's text is not printed")
    elif article["width"] < 0.8 * facts["width"]:
        problems.append(f"the text takes {article['width']:.0f} of {facts['width']} px: room is left for hidden chrome")
    if not facts["blocks"]:
        problems.append("no blocks to print")
    for block in facts["blocks"]:
        if block["breakInside"] not in ("avoid", "avoid-page"):
            problems.append(f"block {block['id']}: break-inside is {block['breakInside']!r}, a page break may cut it")
        if not block["shown"]:
            problems.append(f"block {block['id']} is not printed")
    return problems


# --- 7. phones -----------------------------------------------------------------------------


def sideways_problems(page: Page, width: int = 360) -> list[str]:
    """At ``width`` px the page does not scroll sideways; names what sticks out."""
    facts = page.evaluate(
        """(width) => {
      const doc = document.documentElement;
      const wide = [...document.body.querySelectorAll('*')].filter((el) => {
        const r = el.getBoundingClientRect(); return el.checkVisibility() && (r.right > width + 1 || r.left < -1) && r.width > 0;
      }).filter((el, _, all) => !all.some((other) => other !== el && other.contains(el)))
        .slice(0, 5).map((el) => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : ''));
      return {scroll: Math.max(doc.scrollWidth, document.body.scrollWidth), wide};
    }""",
        width,
    )
    if facts["scroll"] <= width:
        return []
    return [f"the page is {facts['scroll']} px wide at {width} px and scrolls sideways (sticking out: {facts['wide']})"]


TAP_TARGETS = ", ".join(
    [
        ".md-header a",
        ".md-header button",
        ".md-header label[for]",
        ".md-nav a",
        ".md-nav label[for]",
        ".md-footer a",
        ".md-content__button",
        ".caucus-lesson-head a",
        ".caucus-series-nav a",
        ".caucus-handouts a",
        ".caucus-projector-link a",
        ".caucus-guide-link a",
        ".caucus-back a",
        ".caucus-block a.headerlink",
        ".caucus-block button",
        ".caucus-block summary",
        ".caucus-filter input",
        ".caucus-filter select",
        ".handout__languages a",
    ]
)


def tap_target_problems(page: Page, minimum: float = 44) -> list[str]:
    """Every visible control of the navigation, the header and our blocks is at least
    ``minimum`` CSS px wide and high, as a finger needs."""
    facts = page.evaluate(
        """([selector, width]) => [...document.querySelectorAll(selector)]
      .filter((el) => el.checkVisibility({visibilityProperty: true, opacityProperty: true}))
      .map((el) => { const r = el.getBoundingClientRect();
        return {what: el.tagName.toLowerCase() + '.' + (el.className || '').toString().split(' ')[0] + ' ' + (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 30),
                width: r.width, height: r.height, onScreen: r.right > 0 && r.left < width && r.width > 0 && r.height > 0}; })
      .filter((t) => t.onScreen)""",
        [TAP_TARGETS, page.viewport_size["width"]],
    )
    problems = [f"{t['what']!r} is {t['width']:.0f}x{t['height']:.0f} px" for t in facts if t["width"] < minimum - 0.5 or t["height"] < minimum - 0.5]
    if not facts:
        problems.append("no tap targets found")
    return problems


# --- 8. weight -----------------------------------------------------------------------------


def page_weight(context: BrowserContext, url: str) -> tuple[int, list[tuple[str, int]], int]:
    """Bytes (uncompressed) of everything fetched while loading ``url`` with an empty
    cache; the parts, biggest first; and the bytes gzip makes of them (as a static host
    that compresses sends them; level 6, gzip's default). (The search fetches nothing
    until the reader searches: tests/browser/test_search.py.)"""
    seen = visit(context, url)
    parts, compressed = [], 0
    for response in seen.responses:
        try:
            body = response.body()
        except Exception:  # no body to read (a redirect): count what the server said
            body = b""
        size = len(body) or int(response.headers.get("content-length", 0) or 0)
        compressed += len(gzip.compress(body, 6, mtime=0)) if body else size
        parts.append((re.sub(r"^https?://[^/]+/", "", response.url), size))
    parts.sort(key=lambda part: -part[1])
    return sum(size for _, size in parts), parts, compressed


class HeldScript:
    """Holds back the requests for one script of the site (``**/assets/<name>``) until
    ``release`` sends it, changed by ``change``: what a reader does while a script is on
    its way over a slow network, made certain."""

    def __init__(self, context: BrowserContext, name: str) -> None:
        self.held: list = []
        context.route(f"**/assets/{name}", lambda route: self.held.append(route))

    def release(self, page, change=lambda js: js) -> bool:
        """Waits up to 5 s for the request; False if none came."""
        for _ in range(100):
            if self.held:
                break
            page.wait_for_timeout(50)
        if not self.held:
            return False
        response = self.held[0].fetch()
        self.held[0].fulfill(response=response, body=change(response.text()))
        return True
