"""Translations passage by passage, as a built site shows them: the status page and the
translation's notice count the passages changed in the English, and the changed passage
is shown in English beside its old translation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import catalog, edit, mkdocs_build, sync, tiny_with_spanish_listening


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return tiny_with_spanish_listening(tmp_path)


def test_the_status_page_and_the_notice_count_passages(site: Path):
    sync(site)
    edit(site / "docs" / "lessons" / "listening.md", "Say your name and your shift.", "Say your name and the shift you work.")
    sync(site)
    total = len(catalog(site))
    # The pages only: no handout is looked at.
    built = mkdocs_build(site, env={"CAUCUS_HANDOUTS": "false"})
    assert built.returncode == 0, built.stderr[-2000:]
    status = (site / "site" / "translation-status" / "index.html").read_text(encoding="utf-8")
    assert f"Out of date: 1 of {total} passages changed" in status
    page = (site / "site" / "es" / "lessons" / "listening" / "index.html").read_text(encoding="utf-8")
    assert f"Pasajes cambiados en el original desde esta traducción: 1 de {total}." in page
    # The changed passage shows the English now, marked as English; the others do not.
    marks = re.findall(r'<span class="caucus-changed" lang="en" dir="ltr"><span class="caucus-changed__label">([^<]*)</span>\s*([^<]*)</span>', page)
    assert marks == [("Cambió en inglés desde esta traducción:", "Say your name and the shift you work.")], marks
    assert re.search(r"Diga su nombre y su turno\.\s*<span class=\"caucus-changed\"", page)  # right after it
    assert "///" not in page  # the block around it still closes where it did
    english = (site / "site" / "lessons" / "listening" / "index.html").read_text(encoding="utf-8")
    assert "caucus-changed" not in english
