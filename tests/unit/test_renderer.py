"""The PDF renderer's cache: what it reuses, what it refuses, and what a failed or
interrupted render leaves behind (nothing that a later build would trust)."""

from __future__ import annotations

from pathlib import Path

import pytest

from caucus.core import handouts
from caucus.core.handouts import PdfRenderer, RenderError, document, is_complete_pdf


def _job(tmp_path: Path, name: str, text: str) -> tuple[str, str, Path]:
    return document("en", name, f"<h1>{text}</h1>", "a4"), "/", tmp_path / "site" / f"{name}.pdf"


@pytest.fixture
def renderer(tmp_path):
    made = PdfRenderer(tmp_path / "cache", workers=1)
    yield made
    made.close()


def test_a_second_run_renders_nothing_and_a_changed_input_renders_only_itself(tmp_path, renderer):
    jobs = [_job(tmp_path, "one", "One"), _job(tmp_path, "two", "Two")]
    assert renderer.render_all(jobs)[:2] == (2, 0)
    assert renderer.render_all(jobs)[:2] == (0, 2)
    changed = [jobs[0], _job(tmp_path, "two", "Two, edited")]
    rendered, cached, pages = renderer.render_all(changed)
    assert (rendered, cached) == (1, 1)
    assert pages[tmp_path / "site" / "two.pdf"] == 1
    assert all(is_complete_pdf(destination) for _, _, destination in jobs)


def test_a_truncated_cache_file_is_rendered_again_not_trusted(tmp_path, renderer):
    jobs = [_job(tmp_path, "one", "One")]
    renderer.render_all(jobs)
    (cached,) = (tmp_path / "cache").glob("*.pdf")
    cached.write_bytes(cached.read_bytes()[: cached.stat().st_size // 2])  # as if the machine stopped mid-write
    assert not is_complete_pdf(cached)
    assert renderer.render_all(jobs)[:2] == (1, 0)
    assert is_complete_pdf(cached) and is_complete_pdf(jobs[0][2])


def _interrupted(document_html: str, base_url: str, target: str, identifier: bytes, roots: tuple = ()) -> str:
    """A render that dies halfway, after writing part of its file."""
    if "BROKEN" in document_html:
        Path(target).write_bytes(b"%PDF-1.7\n" + b"0" * 500)
        raise RuntimeError("the worker stopped")
    return _original(document_html, base_url, target, identifier, roots)


_original = handouts._render_in_worker


def test_a_failed_render_names_its_handout_and_leaves_nothing_to_trust(tmp_path, renderer, monkeypatch):
    # The pool forks after this patch, so its worker runs the failing version.
    monkeypatch.setattr(handouts, "_render_in_worker", _interrupted)
    good, bad = _job(tmp_path, "good", "Fine"), _job(tmp_path, "bad", "BROKEN")
    bad[2].parent.mkdir(parents=True)
    bad[2].write_bytes(b"an older file at the destination")
    with pytest.raises(RenderError) as failure:
        renderer.render_all([good, bad])
    assert failure.value.destination == bad[2] and "the worker stopped" in str(failure.value)
    assert not bad[2].exists()  # no partial or stale PDF in the site
    assert is_complete_pdf(good[2])
    partial = [p for p in (tmp_path / "cache").glob("*.pdf") if not is_complete_pdf(p)]
    assert len(partial) == 1  # what the dead worker left is there, but not trusted:
    renderer.close()  # the next pool forks with the real worker again
    monkeypatch.setattr(handouts, "_render_in_worker", _original)
    assert renderer.render_all([good, bad])[:2] == (1, 1)
    assert is_complete_pdf(bad[2])
