"""Which languages a serve rebuild builds, and what one rebuild keeps for the next."""

from __future__ import annotations

import functools

import pytest

from caucus.core import preview
from caucus.core.reuse import Kept, digest

LANGS = ("en", "es", "ar", "vi")


def language_of(path: str) -> str:
    parts = path.rsplit("/", 1)[-1].split(".")
    return parts[-2] if len(parts) == 3 and parts[-2] in LANGS else "en"


def test_choice_words():
    assert preview.parse_choice("edited", LANGS) == frozenset()
    assert preview.parse_choice("", LANGS) == frozenset()
    assert preview.parse_choice("all", LANGS) is None
    assert preview.parse_choice("es, ar", LANGS) == {"es", "ar"}
    with pytest.raises(preview.ChoiceError, match="unknown language 'fr'.*en, es, ar, vi"):
        preview.parse_choice("es,fr", LANGS)


def test_default_first_then_each_edited_language_stays():
    chosen = preview.PreviewLanguages("en", LANGS)
    files = {"lessons/a.md": "1", "lessons/a.es.md": "1", "lessons/a.ar.md": "1"}
    assert chosen.note_files(dict(files), language_of) == set()  # the first build: nothing edited
    assert chosen.to_build() == ["en"]
    assert "not built while serving: es, ar, vi" in (chosen.summary() or "")
    files["lessons/a.es.md"] = "2"
    assert chosen.note_files(dict(files), language_of) == {"es"}
    assert chosen.to_build() == ["en", "es"]
    files["lessons/a.md"] = "2"  # an English edit: Spanish stays in
    chosen.note_files(dict(files), language_of)
    assert chosen.to_build() == ["en", "es"]
    del files["lessons/a.ar.md"]  # a deletion is an edit too
    chosen.note_files(dict(files), language_of)
    assert chosen.to_build() == ["en", "es", "ar"]
    summary = chosen.summary() or ""
    assert "es (edited)" in summary and "ar (edited)" in summary and summary.endswith("CAUCUS_SERVE_LANGUAGES=all mkdocs serve)")


def test_asked_for_and_every_language():
    assert preview.PreviewLanguages("en", LANGS, frozenset({"vi"})).to_build() == ["en", "vi"]
    every = preview.PreviewLanguages("en", LANGS, None)
    assert every.to_build() == list(LANGS) and every.summary() is None


def test_fingerprints_follow_content_not_times(tmp_path):
    page = tmp_path / "lessons" / "a.md"
    page.parent.mkdir()
    page.write_text("one", encoding="utf-8")
    first = preview.fingerprints(tmp_path)
    page.touch()
    assert preview.fingerprints(tmp_path) == first
    page.write_text("two", encoding="utf-8")
    assert preview.fingerprints(tmp_path) != first


def test_kept_entries_live_one_unused_build():
    kept: Kept[str] = Kept()
    kept.put("a", "A")
    kept.new_build()
    assert kept.get("a") == "A"  # used in this build: kept for the next
    kept.put("b", "B")
    kept.new_build()
    kept.new_build()  # a build that used neither
    assert kept.get("a") is None and kept.get("b") is None


def test_digest_sees_what_a_function_is_not_where_it_lives():
    def slugify(text, case):
        return text

    assert digest({"slugify": functools.partial(slugify, case="lower")}) == digest({"slugify": functools.partial(slugify, case="lower")})
    assert digest({"slugify": functools.partial(slugify, case="lower")}) != digest({"slugify": functools.partial(slugify, case="upper")})
    assert digest("x", [1, 2]) != digest("x", [2, 1])


def test_a_kept_rendering_is_reused_only_for_the_same_text_language_and_audience():
    from caucus.core.render import MarkdownSetup

    kept = Kept()
    setup = MarkdownSetup(kept=kept)
    text = "/// discussion | Talk\nminutes: 10\n\nWhat happened?\n///\n"
    first = setup.render(text, "en", "facilitator")
    assert MarkdownSetup(kept=kept).render(text, "en", "facilitator") is first and kept.hits == 1
    assert setup.render(text, "es", "facilitator").html != first.html  # labels in Spanish
    assert setup.render(text + "\nMore.\n", "en", "facilitator") is not first
    assert setup.render(text, "en", "participant") is not first
    assert kept.misses == 4


def test_qr_codes_are_kept_between_builds(tmp_path):
    from caucus.core import templates

    templates._qr_svg.cache_clear()
    templates.keep_qr_codes(tmp_path / "qr")
    try:
        made = templates._qr_svg("https://example.org/tiny/lessons/listening/")
        kept = list((tmp_path / "qr").glob("*.svg"))
        assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == str(made) and str(made).startswith("<svg")
        templates._qr_svg.cache_clear()  # a new build: read back, not encoded again
        kept[0].write_text("<svg>kept</svg>", encoding="utf-8")
        assert str(templates._qr_svg("https://example.org/tiny/lessons/listening/")) == "<svg>kept</svg>"
        assert str(templates._qr_svg("https://example.org/tiny/lessons/mapping/")) != "<svg>kept</svg>"
    finally:
        templates.keep_qr_codes(None)
        templates._qr_svg.cache_clear()
