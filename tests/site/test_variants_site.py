"""Setting variants in a built site: the tiny site's 'listening' worded for co-ops and
campus groups, in English and Spanish (Arabic without them), built and asserted on."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from caucus.core.project import content_version
from conftest import copy_tiny, mkdocs_build, spanish_listening

COOP_QUESTION = "Who do you talk to at the member meeting?"
CAMPUS_QUESTION = "Who do you talk to between classes?"
UNION_QUESTION = "Who do you talk to at work?"


def _with_variants(text: str, union: str, coop: str, campus: str) -> str:
    return text.replace(
        f"- {union}\n",
        f"/// variant | union\n- {union}\n///\n\n/// variant | coop\n- {coop}\n///\n\n/// variant | campus\n- {campus}\n///\n\n",
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    site = copy_tiny(tmp_path_factory.mktemp("variants") / "tiny")
    lessons = site / "docs" / "lessons"
    english = _with_variants((lessons / "listening.md").read_text(encoding="utf-8"), UNION_QUESTION, COOP_QUESTION, CAMPUS_QUESTION)
    assert english.count("/// variant") == 3
    (lessons / "listening.md").write_text(english, encoding="utf-8")
    spanish = _with_variants(
        spanish_listening(content_version(english)),
        "¿Con quién habla en el trabajo?",
        "¿Con quién habla en la asamblea de socios?",
        "¿Con quién habla entre clases?",
    )
    assert spanish.count("/// variant") == 3
    (lessons / "listening.es.md").write_text(spanish, encoding="utf-8")
    config = site / "mkdocs.yml"
    # The edit button, as the real site has it.
    config.write_text(
        config.read_text(encoding="utf-8").replace("  name: material\n", "  name: material\n  features: [content.action.edit]\n")
        + "repo_url: https://github.com/example/tiny\nedit_uri: edit/main/docs/\n",
        encoding="utf-8",
    )
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    return site / "site"


def _page(built: Path, path: str) -> str:
    return (built / path / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("prefix", ["", "es/", "ar/"])
def test_each_variant_has_its_page_and_guide_with_its_own_words(built: Path, prefix: str):
    coop, campus, own = (
        _page(built, f"{prefix}lessons/listening--coop"),
        _page(built, f"{prefix}lessons/listening--campus"),
        _page(built, f"{prefix}lessons/listening"),
    )
    words = {"": (COOP_QUESTION, CAMPUS_QUESTION, UNION_QUESTION)}
    words["ar/"] = words[""]  # Arabic has no variants: its readers get the English ones
    words["es/"] = ("¿Con quién habla en la asamblea de socios?", "¿Con quién habla entre clases?", "¿Con quién habla en el trabajo?")
    want_coop, want_campus, want_own = words[prefix]
    assert want_coop in coop and want_campus not in coop and want_own not in coop
    assert want_campus in campus and want_coop not in campus
    if prefix != "ar/":
        assert want_own in own and want_coop not in own and want_campus not in own
    for html in (coop, campus, own):
        assert "/// variant" not in html and "variant |" not in html
        # The shared question is on every version.
        assert ("¿A quién no ve nunca?" if prefix == "es/" else "Who do you never meet?") in html
    guide = _page(built, f"{prefix}guides/listening--coop")
    assert want_coop in guide and want_own not in guide
    assert ("SECRET-FACILITATOR-NOTE" in guide) == (prefix != "es/")  # the Spanish translates the note


def test_a_variants_edit_button_opens_the_file_it_is_written_in(built: Path):
    for path in ("lessons/listening--coop", "guides/listening--coop", "es/guides/listening--campus"):
        edits = re.findall(r'href="([^"]*/edit/[^"]*)"', _page(built, path))
        assert edits and all("--" not in url for url in edits), (path, edits)
        assert edits[0].endswith("docs/lessons/listening.md" if not path.startswith("es/") else "docs/lessons/listening.es.md"), edits


def test_the_arabic_variant_is_the_english_text_marked_as_english(built: Path):
    html = _page(built, "ar/lessons/listening--coop")
    assert '<html lang="ar"' in html
    assert _language_of(html, COOP_QUESTION) == "en"
    assert _language_of(_page(built, "es/lessons/listening--coop"), "¿Con quién habla en la asamblea de socios?") == "es"


def _language_of(html: str, words: str) -> str | None:
    """The language a reader's browser gives the text ``words``: the nearest lang attribute around it."""
    from html.parser import HTMLParser

    void = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    found: list[str | None] = []

    class Reader(HTMLParser):
        stack: list[tuple[str, str | None]] = []

        def handle_starttag(self, tag, attrs):
            if tag not in void:
                self.stack.append((tag, dict(attrs).get("lang")))

        def handle_endtag(self, tag):
            while self.stack and self.stack.pop()[0] != tag:
                pass

        def handle_data(self, data):
            if words in data:
                found.append(next((lang for _tag, lang in reversed(self.stack) if lang), None))

    Reader().feed(html)
    assert found, words
    return found[0]


@pytest.mark.parametrize("prefix", ["", "es/"])
def test_every_version_links_the_others_and_the_setting_pages_list_the_variants(built: Path, prefix: str):
    own = _page(built, f"{prefix}lessons/listening")
    versions = re.search(r'<p class="caucus-versions">(.*?)</p>', own, re.S)
    assert versions is not None
    assert 'href="../listening--coop/"' in versions.group(1) and 'href="../listening--campus/"' in versions.group(1)
    assert 'aria-current="page"' in versions.group(1)
    coop = re.search(r'<p class="caucus-versions">(.*?)</p>', _page(built, f"{prefix}lessons/listening--coop"), re.S)
    assert coop is not None and 'href="../listening/"' in coop.group(1)
    guide = re.search(r'<p class="caucus-versions">(.*?)</p>', _page(built, f"{prefix}guides/listening--coop"), re.S)
    assert guide is not None and 'href="../listening/"' in guide.group(1) and 'href="../listening--campus/"' in guide.group(1)
    listing = _page(built, f"{prefix}catalog/settings/coop")
    assert "../../../lessons/listening--coop/" in listing
    assert "../../../lessons/listening--campus/" in _page(built, f"{prefix}catalog/settings/campus")
    assert "listening--coop" not in _page(built, f"{prefix}catalog/settings/union")
    # The catalog lists the lesson as written, once.
    assert "listening--" not in _page(built, f"{prefix}catalog")


def test_each_variant_has_its_handouts_in_every_language_and_the_manifest_lists_them(built: Path):
    manifest = json.loads((built / "build-manifest.json").read_text(encoding="utf-8"))
    text = json.dumps(manifest)
    for prefix in ("", "es/", "ar/"):
        sheet = (built / f"{prefix}handouts/listening--coop/participant.html").read_text(encoding="utf-8")
        assert (COOP_QUESTION in sheet) or ("asamblea de socios" in sheet)
        assert UNION_QUESTION not in sheet and "¿Con quién habla en el trabajo?" not in sheet
        assert (built / f"{prefix}handouts/listening--coop/participant-letter.pdf").stat().st_size > 1000
        assert f"{prefix}handouts/listening--campus/facilitator-a4.pdf" in text
        # A printed sheet has no links: its title says which version it is.
        assert "Listening to each other (Cooperatives)" in sheet or "Escucharnos (Cooperativas)" in sheet
    facilitator = (built / "handouts/listening--campus/facilitator.html").read_text(encoding="utf-8")
    assert CAMPUS_QUESTION in facilitator and "SECRET-FACILITATOR-NOTE" in facilitator
