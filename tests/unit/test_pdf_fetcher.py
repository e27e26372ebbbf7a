"""The PDF renderer reads files of the built site and nothing else: no other file of the
machine, no network. Tried here on documents that did not pass the sanitizer, so the
fetcher is tested on its own."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader

pytest.importorskip("weasyprint")

from caucus.core.handouts import _render_in_worker  # noqa: E402

# A 1x1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cf000000030101003a5a0b4b0000000049454e44ae426082"
)


class _Counter(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self):  # noqa: N802 (the standard library's name)
        type(self).hits += 1
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(PNG)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    _Counter.hits = 0
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def render(tmp_path: Path, body: str, roots: tuple[str, ...]) -> PdfReader:
    target = tmp_path / "out.pdf"
    document = f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>{body}</body></html>'
    _render_in_worker(document, (tmp_path / "site").as_uri() + "/", str(target), b"0" * 16, roots)
    return PdfReader(target)


def attached_files(reader: PdfReader) -> list[str]:
    """Files embedded in the document (its names tree) or on its pages (annotations)."""
    names = list(reader.attachments)
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/FileAttachment":
                names.append(str(annotation["/FS"].get_object().get("/F")))
    return names


def image_count(reader: PdfReader) -> int:
    return sum(len(page.images) for page in reader.pages)


def test_nothing_outside_the_site_reaches_the_pdf(tmp_path: Path, server: int):
    site = tmp_path / "site"
    site.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("CI-SECRET-TOKEN", encoding="utf-8")
    (tmp_path / "outside.png").write_bytes(PNG)
    body = (
        f'<a rel="attachment" href="{secret.as_uri()}">a</a>'
        f'<a rel="attachment" href="../secret.txt">b</a>'
        f'<link rel="attachment" href="{secret.as_uri()}">'
        f'<img src="{(tmp_path / "outside.png").as_uri()}" alt="x"><img src="../outside.png" alt="x">'
        f'<img src="http://127.0.0.1:{server}/tracker.png" alt="x">'
        f'<div style="background: url(http://127.0.0.1:{server}/bg.png)">x</div>'
    )
    reader = render(tmp_path, body, (str(site),))
    assert attached_files(reader) == []
    assert image_count(reader) == 0
    assert _Counter.hits == 0
    raw = (tmp_path / "out.pdf").read_bytes()
    assert b"CI-SECRET-TOKEN" not in raw


def test_files_of_the_site_still_reach_the_pdf(tmp_path: Path):
    """The control: the same kinds of reference to a file inside the site do work, so
    the test above shows the fetcher refusing, not a renderer that fetches nothing."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "map.png").write_bytes(PNG)
    (site / "notes.txt").write_text("inside", encoding="utf-8")
    reader = render(tmp_path, '<img src="map.png" alt="x"><a rel="attachment" href="notes.txt">n</a>', (str(site),))
    assert image_count(reader) == 1
    assert attached_files(reader) == ["notes.txt"]
