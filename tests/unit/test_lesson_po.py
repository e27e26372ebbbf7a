"""Translations passage by passage: lessons cut into passages and rebuilt, PO files kept
in step with the Markdown translations by `caucus translations sync`, staleness counted
by passage, English changes accepted as typos, and the checker holding each translated
passage to its English links and marks."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caucus.core.lesson_po import po_path
from caucus.core.passages import cut, front_values, kept_against, rebuild
from caucus.core.project import content_version, load_project
from caucus.core.settings import read_settings
from conftest import ROOT, catalog, caucus, edit, spanish_listening, sync, tiny_with_spanish_listening


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return tiny_with_spanish_listening(tmp_path)


# --- cutting and rebuilding ------------------------------------------------------------


def test_every_translation_of_the_real_site_is_its_passages_in_the_english_skeleton():
    """Markdown -> passages (what the PO file holds) -> Markdown gives the same bytes."""
    settings_ = read_settings(ROOT / "mkdocs.yml")
    project = load_project(settings_.docs_dir, settings_.default_lang, settings_.languages)
    checked = 0
    for lesson in project.lessons.values():
        if lesson.is_variant:  # its translations are its lesson's files, checked with that lesson
            continue
        for text in lesson.translations.values():
            # A file with setting variants is translated whole (passages.kept_against).
            source, written = kept_against(lesson.original, text), text.written
            texts = {p.key: p.text for p in cut(written).passages}
            record = written.meta["translation"]
            rebuilt = rebuild(cut(source), texts, {**front_values(source, texts), "translation": record})
            assert rebuilt == written.source.text, text.rel
            checked += 1
    assert checked >= 29


def test_the_real_site_is_in_step_with_its_po_files():
    result = caucus("translations", "sync", "--check", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_passages_of_a_lesson(site: Path):
    project = load_project(site / "docs", "en", ["en", "es", "ar"])
    passages = cut(project.lessons["listening"].original).passages
    keys = [p.key for p in passages]
    assert keys[:4] == ["listening/front/title", "listening/front/summary", "listening/front/objectives-1", "listening/front/key_points-1"]
    assert "listening/checkin-1/title" in keys and "listening/activity-1/materials-2" in keys
    items = [p for p in passages if p.key.startswith("listening/discussion-1/p")]
    lines = (site / "docs" / "lessons" / "listening.md").read_text(encoding="utf-8").splitlines()
    first = lines.index("- Who do you talk to at work?") + 1
    assert [(p.text, p.what, p.line) for p in items] == [
        ("Who do you talk to at work?", "list item", first),
        ("Who do you never meet?", "list item", first + 1),
    ]
    assert not any("SECRET" in p.text and p.region_kind != "facilitator" for p in passages)


paragraph = st.text(alphabet="abc xyz,.", min_size=1, max_size=40).map(str.strip).filter(bool)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(paragraph, paragraph.map(lambda t: f"- {t}"), paragraph.map(lambda t: f"## {t}")), min_size=1, max_size=8), st.booleans())
def test_any_body_is_rebuilt_from_its_passages(tmp_path_factory, parts: list[str], in_block: bool):
    body = "\n\n".join(parts)
    if in_block:
        body = f"/// reading | Read\n    minutes: 10\n\n{body}\n///"
    docs = tmp_path_factory.mktemp("docs")
    (docs / "lessons").mkdir()
    text = f"---\ntitle: T\nsummary: S\nobjectives:\n  - O\nkey_points:\n  - K\n---\n\n{body}\n"
    (docs / "lessons" / "x.md").write_text(text, encoding="utf-8")
    lesson = load_project(docs, "en", ["en"]).lessons["x"].original
    pieces = cut(lesson)
    texts = {p.key: p.text for p in pieces.passages}
    rebuilt = rebuild(pieces, texts, front_values(lesson, texts))
    assert rebuilt.split("---\n", 2)[2] == text.split("---\n", 2)[2]


# --- sync ------------------------------------------------------------------------------


def test_first_sync_writes_a_po_file_that_gettext_accepts_and_a_second_changes_nothing(site: Path):
    first = sync(site)
    assert first.returncode == 0, first.stdout + first.stderr
    po = catalog(site)
    assert po.metadata["Language"] == "es" and len(po) == len(po.translated_entries()) and not po.fuzzy_entries()
    title = next(e for e in po if e.msgctxt == "listening/front/title")
    assert (title.msgid, title.msgstr) == ("Listening to each other", "Escucharnos")
    assert title.comment == "title in the front matter, line 2 of docs/lessons/listening.md"
    if shutil.which("msgfmt"):
        check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po_path(site / "translations", "es", "listening"))], capture_output=True, text=True)
        assert check.returncode == 0 and check.stderr == "", check.stderr
    again = sync(site)
    assert again.returncode == 0 and again.stdout == "" and "in step" in again.stderr
    assert sync(site, "--check").returncode == 0


def test_one_english_sentence_changed_is_one_fuzzy_entry_then_accepted(site: Path):
    sync(site)
    edit(site / "docs" / "lessons" / "listening.md", "Say your name and your shift.", "Say your name and the shift you work.")
    out_of_step = sync(site, "--check")
    assert out_of_step.returncode == 1 and "caucus translations sync" in out_of_step.stderr
    assert sync(site).returncode == 0
    fuzzy = catalog(site).fuzzy_entries()
    assert [(e.msgctxt, e.previous_msgid, e.msgid, e.msgstr) for e in fuzzy] == [
        ("listening/checkin-1/p1", "Say your name and your shift.", "Say your name and the shift you work.", "Diga su nombre y su turno.")
    ]
    status = caucus("translations", cwd=site).stdout
    total = len(catalog(site))
    assert re.search(rf"^listening\s+stale 1/{total}\s", status, re.M), status
    accepted = caucus("translations", "accept", "listening", cwd=site)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert not catalog(site).fuzzy_entries()
    assert re.search(r"^listening\s+current\s", caucus("translations", cwd=site).stdout, re.M)
    assert sync(site, "--check").returncode == 0


def test_a_translator_edits_the_markdown_and_sync_takes_it_into_the_po_file(site: Path):
    sync(site)
    edit(site / "docs" / "lessons" / "listening.es.md", "Diga su nombre y su turno.", "Diga su nombre y en qué turno trabaja.")
    result = sync(site)
    assert result.returncode == 0 and "translations/lessons/es/listening.po" in result.stdout
    entry = next(e for e in catalog(site) if e.msgctxt == "listening/checkin-1/p1")
    assert entry.msgstr == "Diga su nombre y en qué turno trabaja."
    assert sync(site).stdout == ""


def test_a_translator_edits_the_po_file_and_sync_writes_the_markdown(site: Path):
    sync(site)
    path = po_path(site / "translations", "es", "listening")
    po = catalog(site)
    next(e for e in po if e.msgctxt == "listening/checkin-1/p1").msgstr = "Diga su nombre y su horario."
    po.save(str(path))
    assert sync(site).returncode == 0
    assert "Diga su nombre y su horario." in (site / "docs" / "lessons" / "listening.es.md").read_text(encoding="utf-8")


def test_the_same_passage_changed_on_both_sides_stops_the_sync(site: Path):
    sync(site)
    path = po_path(site / "translations", "es", "listening")
    po = catalog(site)
    next(e for e in po if e.msgctxt == "listening/checkin-1/p1").msgstr = "Diga su nombre y su horario."
    po.save(str(path))
    md = site / "docs" / "lessons" / "listening.es.md"
    edit(md, "Diga su nombre y su turno.", "Diga su nombre, por favor.")
    before = (md.read_text(encoding="utf-8"), path.read_text(encoding="utf-8"))
    result = sync(site)
    assert result.returncode == 1
    line = md.read_text(encoding="utf-8").splitlines().index("Diga su nombre, por favor.") + 1
    assert f"docs/lessons/listening.es.md:{line}: passage 'listening/checkin-1/p1' was changed both here and in the PO file" in result.stdout
    assert (md.read_text(encoding="utf-8"), path.read_text(encoding="utf-8")) == before  # nothing written


def test_a_new_english_paragraph_is_untranslated_and_the_rest_is_kept(site: Path):
    sync(site)
    edit(site / "docs" / "lessons" / "listening.md", "Say your name and your shift.\n", "Take a breath.\n\nSay your name and your shift.\n")
    assert sync(site).returncode == 0
    po = catalog(site)
    by_key = {e.msgctxt: e for e in po}
    assert by_key["listening/checkin-1/p1"].msgid == "Take a breath." and by_key["listening/checkin-1/p1"].msgstr == ""
    assert by_key["listening/checkin-1/p2"].msgstr == "Diga su nombre y su turno." and not by_key["listening/checkin-1/p2"].fuzzy
    md = (site / "docs" / "lessons" / "listening.es.md").read_text(encoding="utf-8")
    assert "Take a breath.\n\nDiga su nombre y su turno." in md  # the English shows until it is translated
    assert re.search(r"^listening\s+stale 1/", caucus("translations", cwd=site).stdout, re.M)


def test_a_translation_that_does_not_match_the_english_is_refused_with_its_line(site: Path):
    md = site / "docs" / "lessons" / "listening.es.md"
    edit(md, "Diga su nombre y su turno.\n", "Diga su nombre.\n\nY su turno.\n")
    result = sync(site)
    assert result.returncode == 1
    line = md.read_text(encoding="utf-8").splitlines().index("Y su turno.") + 1
    assert f"docs/lessons/listening.es.md:{line}: passage 'listening/checkin-1/p2' (paragraph) has no counterpart in the English lesson" in result.stdout
    assert not po_path(site / "translations", "es", "listening").exists()


def test_a_broken_po_file_is_named(site: Path):
    sync(site)
    path = po_path(site / "translations", "es", "listening")
    path.write_text(path.read_text(encoding="utf-8").replace('msgid "Listening to each other"', 'msgid "Listening to each other', 1), encoding="utf-8")
    line = path.read_text(encoding="utf-8").splitlines().index('msgid "Listening to each other') + 1
    before = path.read_text(encoding="utf-8")
    result = sync(site)
    assert result.returncode == 1
    assert result.stdout.startswith(f"translations/lessons/es/listening.po:{line}: this line is not a PO file's"), result.stdout
    assert path.read_text(encoding="utf-8") == before  # polib alone would read it, one letter short


# --- the checker -------------------------------------------------------------------------


def test_the_checker_refuses_a_passage_whose_links_or_marks_differ(site: Path):
    md = site / "docs" / "lessons" / "listening.es.md"
    assert caucus("check", cwd=site).returncode == 0
    edit(md, "Vea [el mapa](mapping.md) y el [caucus](../glossary.md#caucus).", "Vea el mapa y el **caucus**.")
    result = caucus("check", cwd=site)
    assert result.returncode == 1
    line = next(i for i, l in enumerate(md.read_text(encoding="utf-8").splitlines(), start=1) if l.startswith("Una palabra"))
    english = next(
        i for i, l in enumerate((site / "docs" / "lessons" / "listening.md").read_text(encoding="utf-8").splitlines(), start=1) if l.startswith("One word")
    )
    assert (
        f"docs/lessons/listening.es.md:{line}: passage 'listening/closing-1/p1' links to nothing, but the English (lessons/listening.md:{english}) links to mapping.md, ../glossary.md#caucus"
        in result.stdout
    )
    assert f"docs/lessons/listening.es.md:{line}: passage 'listening/closing-1/p1' has 2 '**' and 0 '`' marks" in result.stdout


def test_a_translation_brought_up_to_the_english_by_hand_is_taken_whole(site: Path):
    """The contributor guide's other way: edit the Markdown to match the new English and
    put the English version in 'source:'; the PO file then follows it, nothing fuzzy."""
    sync(site)
    english = site / "docs" / "lessons" / "listening.md"
    edit(english, "Say your name and your shift.", "Say your name and the shift you work.")
    md = site / "docs" / "lessons" / "listening.es.md"
    edit(md, "Diga su nombre y su turno.", "Diga su nombre y el turno en que trabaja.")
    old_version = content_version(spanish_listening("0"))  # any other version would do
    text = md.read_text(encoding="utf-8")
    version = content_version(english.read_text(encoding="utf-8"))
    md.write_text(re.sub(r"source: \w+", f"source: {version}", text), encoding="utf-8")
    assert old_version != version
    assert sync(site).returncode == 0
    po = catalog(site)
    entry = next(e for e in po if e.msgctxt == "listening/checkin-1/p1")
    assert (entry.msgid, entry.msgstr, entry.fuzzy) == ("Say your name and the shift you work.", "Diga su nombre y el turno en que trabaja.", False)
    assert not po.fuzzy_entries()


def test_every_po_file_of_the_real_site_passes_gettexts_check():
    files = sorted((ROOT / "translations" / "lessons").rglob("*.po"))
    assert len(files) >= 29
    if shutil.which("msgfmt") is None:
        if os.environ.get("CI"):
            pytest.fail("msgfmt (Debian's gettext) is not installed; .ci/run installs it")
        pytest.skip("msgfmt (Debian's gettext) is not installed")
    for path in files:
        check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert check.returncode == 0 and check.stderr == "", f"{path}: {check.stderr}"


def test_the_gettext_check_fails_on_a_broken_file(tmp_path: Path):
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (Debian's gettext) is not installed")
    broken = tmp_path / "x.po"
    source = next((ROOT / "translations" / "lessons").rglob("*.po")).read_text(encoding="utf-8")
    broken.write_text(source.replace('"Language: ', '"Langauge: ', 1), encoding="utf-8")
    check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(broken)], capture_output=True, text=True)
    assert check.stderr != ""


def test_a_new_translation_copied_from_the_english_counts_as_untranslated(site: Path):
    (site / "docs" / "lessons" / "listening.es.md").unlink()
    assert caucus("new", "translation", "mapping", "--lang", "es", cwd=site).returncode == 0
    assert sync(site).returncode == 0
    po = polib.pofile(str(po_path(site / "translations", "es", "mapping")))
    assert len(po.untranslated_entries()) == len(po) > 0  # the copied English is not a translation
    assert re.search(rf"^mapping\s+draft {len(po)}/{len(po)}\s", caucus("translations", cwd=site).stdout, re.M)


def test_an_activitys_no_names_text_is_a_passage_translated_on_one_line(site: Path):
    """The option 'no_names' is words to translate, like the materials: one passage, which
    a translation writes on one line, in quotes, whatever the English wrapped."""
    sync(site)
    no_names = "    no_names:\n      \"Write roles: 'someone on nights',\n      never names.\"\n"
    edit(site / "docs" / "lessons" / "listening.md", "    materials: [paper, markers]\n", "    materials: [paper, markers]\n" + no_names)
    assert sync(site).returncode == 0
    entry = next(e for e in catalog(site) if e.msgctxt == "listening/activity-1/no_names")
    assert (entry.msgid, entry.msgstr) == ("Write roles: 'someone on nights', never names.", "")
    md = site / "docs" / "lessons" / "listening.es.md"
    assert "    no_names: \"Write roles: 'someone on nights', never names.\"\n" in md.read_text(encoding="utf-8")
    edit(md, "no_names: \"Write roles: 'someone on nights', never names.\"", 'no_names: "Escriban funciones: \\"alguien de noche\\", nunca nombres."')
    assert sync(site).returncode == 0
    entry = next(e for e in catalog(site) if e.msgctxt == "listening/activity-1/no_names")
    assert entry.msgstr == 'Escriban funciones: "alguien de noche", nunca nombres.'
    assert sync(site, "--check").returncode == 0
    check = caucus("check", cwd=site)
    assert check.returncode == 0, check.stdout
