"""One search index per language.

static-i18n merges every language's entries into one ``search/search_index.json``,
so a reader of any language downloads all four languages and gets results in
languages they did not ask for. We split that index by the language folder of
each entry's location, so ``es/search/search_index.json`` holds the Spanish pages
(locations relative to ``es/``) with the Spanish stemmer, and each page's search
looks beside its own language's home page."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

# Languages whose stemmer Material ships (assets/javascripts/lunr/min/lunr.<lang>.min.js).
LUNR_LANGUAGES = frozenset("ar da de du el en es fi fr he hi hu hy it ja jp kn ko nl no pt ro ru sa sv ta te th tr vi zh".split())


def split_index(index: dict[str, Any], default: str, langs: list[str]) -> dict[str, dict[str, Any]]:
    """The combined index split into one index per language, each entry's location
    made relative to its language's root folder."""
    prefixes = {f"{lang}/": lang for lang in langs if lang != default}
    docs: dict[str, list[dict[str, Any]]] = {lang: [] for lang in langs}
    for entry in index.get("docs", []):
        location = entry.get("location", "")
        lang = next((l for p, l in prefixes.items() if location.startswith(p)), default)
        entry = dict(entry)
        if lang != default:
            entry["location"] = location[len(lang) + 1 :]
        docs[lang].append(entry)
    result = {}
    for lang in langs:
        one = copy.deepcopy({k: v for k, v in index.items() if k != "docs"})
        one.setdefault("config", {})["lang"] = [lang if lang in LUNR_LANGUAGES else "en"]
        one["docs"] = docs[lang]
        result[lang] = one
    return result


def index_path(lang: str, default: str) -> str:
    return "search/search_index.json" if lang == default else f"{lang}/search/search_index.json"


_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def point_search_at_language(html: str, lang: str, default: str) -> str:
    """Make a page's search read its own language's index: Material fetches
    ``search/search_index.json`` relative to the ``base`` in the page's config,
    so the base of a page in ``es`` becomes the ``es/`` folder."""
    if lang == default:
        return html

    def rebase(match: re.Match[str]) -> str:
        config = json.loads(match.group(2))
        base = config.get("base", ".").rstrip("/") or "."
        config["base"] = f"{base}/{lang}/"  # the slash: URLs resolve against a folder
        # Keep the JSON safe inside a script element, as Jinja's tojson does.
        text = json.dumps(config, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        return match.group(1) + text + match.group(3)

    return _CONFIG.sub(rebase, html, count=1)
