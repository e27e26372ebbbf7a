"""Markdown in, HTML out: one snapshot per block kind (tests/snapshots/cases/*.md ->
*.html). Run with CAUCUS_UPDATE_SNAPSHOTS=1 to rewrite them after a deliberate change,
then read the diff."""

from __future__ import annotations

import os
from pathlib import Path

import markdown
import pytest

CASES = Path(__file__).parent / "cases"


def render(text: str, lang: str = "en", audience: str = "facilitator", clocks: list[int] | None = None) -> str:
    translations = Path(__file__).resolve().parents[2] / "translations"
    config = {"lang": lang, "translations_dir": str(translations), "audience": audience, "clocks": clocks or []}
    md = markdown.Markdown(extensions=["caucus_blocks", "tables"], extension_configs={"caucus_blocks": config})
    return md.convert(text) + "\n"


@pytest.mark.parametrize("case", sorted(p.stem for p in CASES.glob("*.md")))
def test_snapshot(case: str):
    source = (CASES / f"{case}.md").read_text(encoding="utf-8")
    lang = case.rsplit(".", 1)[1] if "." in case else "en"
    # A case named '...-with-clock' is rendered as a guide is: its first timed block starts at 0:10.
    html = render(source, lang, clocks=[10] if "with-clock" in case else None)
    expected = CASES / f"{case}.html"
    if os.environ.get("CAUCUS_UPDATE_SNAPSHOTS") or not expected.exists():
        expected.write_text(html, encoding="utf-8")
    assert html == expected.read_text(encoding="utf-8")


def test_title_and_options_are_text_not_html():
    html = render('/// activity | <script>alert(1)</script>\n    minutes: 5\n    materials: ["</textarea><img src=x onerror=alert(1)>"]\n\n1. Step\n///\n')
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&lt;/textarea&gt;&lt;img" in html
    note = render('/// activity\n    minutes: 5\n    no_names: "<b onclick=x>**bold**</b> [a](javascript:x)"\n\n1. Step\n///\n')
    assert "<b " not in note and "<strong>bold" not in note and "<a " not in note
    assert "&lt;b onclick=x&gt;**bold**&lt;/b&gt; [a](javascript:x)" in note


def test_a_bad_option_is_not_rendered_as_a_block():
    # pymdownx leaves such a block as text: the checker is what catches it (tests/corpus).
    assert "caucus-block" not in render("/// discussion\n    minutes: ten\n\n- Q?\n///\n")


@pytest.mark.parametrize("case", sorted(p.stem for p in CASES.glob("*.md")))
def test_participants_never_get_facilitator_notes(case: str):
    """The same cases rendered for participants: every facilitator block is gone (the
    snapshots above show them for facilitators), and nothing else is."""
    source = (CASES / f"{case}.md").read_text(encoding="utf-8")
    lang = case.rsplit(".", 1)[1] if "." in case else "en"
    participant, facilitator = render(source, lang, "participant"), render(source, lang, "facilitator")
    assert 'data-caucus-block="facilitator"' not in participant
    # An activity's no-names note is the facilitator's too (the option 'no_names').
    assert "caucus-no-names" not in participant
    if 'data-caucus-block="facilitator"' not in facilitator and "caucus-no-names" not in facilitator:
        assert participant == facilitator
    else:
        assert len(participant) < len(facilitator)


def test_a_facilitator_block_is_dropped_wherever_markdown_finds_it():
    nested = (
        "- an item\n\n    /// facilitator\n    IN-A-LIST\n    ///\n\n"
        "> /// facilitator\n> IN-A-QUOTE\n> ///\n\n"
        "/// discussion\n    minutes: 5\n\nA question?\n\n/// facilitator\nIN-A-BLOCK\n///\n///\n"
    )
    participant = render(nested, audience="participant")
    for marker in ("IN-A-LIST", "IN-A-QUOTE", "IN-A-BLOCK"):
        assert marker not in participant
        assert marker in render(nested, audience="facilitator")
    assert "A question?" in participant


def test_a_block_inside_a_quote_finishes():
    """A block opened inside a quote made pymdownx put the block inside itself (a loop
    that hung the build); found by the property tests of tests/unit/test_hostile_properties.py."""
    import subprocess
    import sys

    code = "import markdown; print(markdown.Markdown(extensions=['caucus_blocks']).convert('> /// checkin\\n\\n> Shared text.\\n'))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "Shared text." in result.stdout


def test_the_no_names_note_follows_the_steps_in_the_guide_only():
    source = (CASES / "activity-no-names.md").read_text(encoding="utf-8")
    guide = render(source)
    note = guide.index('class="caucus-no-names"')
    assert guide.index("whom people on your shift go to") < note  # after the steps
    assert "Names on paper: the safer way" in guide[note:]
    assert "never a name or initials" in guide[note:]
    participant = render(source, audience="participant")
    assert "caucus-no-names" not in participant and "never a name" not in participant


def test_the_participant_copy_of_a_guide_rendering_drops_the_no_names_note():
    """Handouts print the participant's copy of the facilitator's parse: no note there."""
    import xml.etree.ElementTree as etree

    translations = Path(__file__).resolve().parents[2] / "translations"
    config = {"lang": "en", "translations_dir": str(translations), "audience": "facilitator", "participant_copy": True}
    md = markdown.Markdown(extensions=["caucus_blocks"], extension_configs={"caucus_blocks": config})
    guide = md.convert((CASES / "activity-no-names.md").read_text(encoding="utf-8"))
    copy = etree.tostring(md.caucus_participant_root, encoding="unicode")  # type: ignore[attr-defined]
    assert "caucus-no-names" in guide
    assert "caucus-no-names" not in copy and "whom people on your shift" in copy
