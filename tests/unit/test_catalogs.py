"""Every label our code and templates show has a translation in every catalog, and
none is a fuzzy guess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LANGS = ["es", "ar", "vi"]


def problems_in(po: Path, template_ids: set[str]) -> list[str]:
    with open(po, "rb") as handle:
        catalog = read_po(handle)
    found = {m.id: m for m in catalog if m.id}
    out = [f"missing: {i}" for i in sorted(template_ids - set(found))]
    out += [f"untranslated: {m.id}" for m in found.values() if not m.string]
    out += [f"fuzzy: {m.id}" for m in found.values() if m.fuzzy]
    return out


@pytest.fixture(scope="module")
def template_ids(tmp_path_factory) -> set[str]:
    """Extract afresh, so that a label added to the code without a catalog entry fails."""
    pot = tmp_path_factory.mktemp("pot") / "caucus.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_", "-k", "N_", "--no-location", "-o", str(pot), "."],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with open(pot, "rb") as handle:
        return {m.id for m in read_po(handle) if m.id}


def test_extraction_finds_labels_inside_f_strings(template_ids):
    assert "Facilitator guide" in template_ids and "Help translate it." in template_ids


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_is_complete(lang, template_ids):
    assert problems_in(ROOT / "translations" / lang / "LC_MESSAGES" / "caucus.po", template_ids) == []


def test_the_check_fails_on_a_missing_or_fuzzy_entry(tmp_path, template_ids):
    po = tmp_path / "caucus.po"
    po.write_text('#, fuzzy\nmsgid "Agenda"\nmsgstr "Agenda"\n', encoding="utf-8")
    found = problems_in(po, template_ids)
    assert "fuzzy: Agenda" in found and "missing: Facilitator guide" in found
