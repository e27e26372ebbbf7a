"""The combined search index split into one index per language."""

from __future__ import annotations

import json

from caucus.core.search import index_path, point_search_at_language, split_index

COMBINED = {
    "config": {"lang": ["en", "es", "ar", "vi"], "separator": "[\\s\\-]+"},
    "docs": [
        {"location": "", "title": "Home", "text": "home"},
        {"location": "lessons/a/", "title": "A", "text": "solidarity"},
        {"location": "es/lessons/a/", "title": "A", "text": "solidaridad"},
        {"location": "es/", "title": "Inicio", "text": "inicio"},
        {"location": "ar/lessons/a/#x", "title": "أ", "text": "تضامن"},
        {"location": "essays/", "title": "Not Spanish", "text": "a folder that starts with es"},
    ],
}


def test_each_language_gets_only_its_own_pages_relative_to_its_root():
    split = split_index(COMBINED, "en", ["en", "es", "ar", "vi"])
    assert [d["location"] for d in split["en"]["docs"]] == ["", "lessons/a/", "essays/"]
    assert [d["location"] for d in split["es"]["docs"]] == ["lessons/a/", ""]
    assert [d["location"] for d in split["ar"]["docs"]] == ["lessons/a/#x"]
    assert split["vi"]["docs"] == []


def test_each_language_index_uses_its_own_stemmer_and_keeps_the_rest_of_the_config():
    split = split_index(COMBINED, "en", ["en", "es", "ar", "vi", "xx"])
    assert {lang: one["config"]["lang"] for lang, one in split.items()} == {"en": ["en"], "es": ["es"], "ar": ["ar"], "vi": ["vi"], "xx": ["en"]}
    assert split["es"]["config"]["separator"] == COMBINED["config"]["separator"]
    assert COMBINED["config"]["lang"] == ["en", "es", "ar", "vi"]  # the input is left alone


def test_index_paths():
    assert index_path("en", "en") == "search/search_index.json"
    assert index_path("es", "en") == "es/search/search_index.json"


PAGE = '<head><script id="__config" type="application/json">{"base": "../..", "search": "../../assets/w.js"}</script></head>'


def _config(html: str) -> dict:
    return json.loads(html.split('application/json">')[1].split("</script>")[0])


def test_a_page_in_another_language_searches_beside_its_language_root():
    config = _config(point_search_at_language(PAGE, "es", "en"))
    assert config["base"] == "../../es/"
    assert config["search"] == "../../assets/w.js"


def test_a_page_in_the_default_language_is_unchanged():
    assert point_search_at_language(PAGE, "en", "en") == PAGE


def test_the_home_page_base():
    home = PAGE.replace('"../.."', '"."')
    assert _config(point_search_at_language(home, "vi", "en"))["base"] == "./vi/"
