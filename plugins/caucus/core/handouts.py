"""Handouts: the print-ready HTML of a lesson's participant handout and facilitator
edition, and of a series packet; and their PDFs, rendered with WeasyPrint in a pool
of long-lived worker processes and cached by a hash of everything that shapes them.

Nothing here knows MkDocs: the caller passes rendered HTML fragments and URLs."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from markupsafe import Markup

from . import templates
from .agenda import build_agenda
from .blocks import BLOCK_KINDS, block_name
from .i18n import text_direction
from .print_links import Note
from .project import Lesson

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

PAPERS = {"letter": "Letter", "a4": "A4"}
# A participant's sheet fits on one sheet of paper, both sides (the plugin's
# max_participant_pages, and what `caucus report` holds a change to, by default).
PARTICIPANT_PAGE_BUDGET = 2
# Bump when the rendering changes in a way the inputs do not show.
CACHE_SCHEMA = "3"
# Every PDF is tagged (WeasyPrint's PDF/UA-1 variant): a structure tree with headings,
# lists, tables and figures, the document's language, its title in the viewer's title
# bar. Not checked by veraPDF (not available here); tests/pdf_checks.py reads it back.
PDF_VARIANT = "pdf/ua-1"

Gettext = Callable[[str], str]


def stylesheet(paper: str | None, direction: str, large_print: bool = False, compact: bool = False, forms: bool = False, bilingual: bool = False) -> str:
    """The handout CSS for a paper size (None: the browser's own, for print pages)
    and a text direction, with the large-print sheet after it for that edition, the
    bilingual one for the bilingual edition, and the compact one for a handout set
    again to fit its page budget. Page-corner boxes do not mirror by themselves, so the
    right-to-left sheet places them itself."""
    package = resources.files("caucus.handouts")
    css = package.joinpath("handout.css").read_text(encoding="utf-8")
    if large_print:
        css += package.joinpath("handout-large.css").read_text(encoding="utf-8")
    if bilingual:
        css += package.joinpath("handout-bilingual.css").read_text(encoding="utf-8")
    if compact:
        css += package.joinpath("handout-compact.css").read_text(encoding="utf-8")
    if forms:  # a packet ends with a form (core/forms.py)
        css += package.joinpath("forms.css").read_text(encoding="utf-8")
    start, end = ("left", "right") if direction == "ltr" else ("right", "left")
    size = f"size: {PAPERS[paper]};" if paper else ""
    page = (
        "@page { " + size + " margin: 12mm 12mm 14mm;"
        f" @top-{start} {{ content: string(lesson-title); }}"
        # Page numbers read "1 / 3" in every script: in a right-to-left box they came out "3 / 1".
        f' @bottom-{end} {{ content: counter(page) " / " counter(pages); white-space: nowrap; direction: ltr; }}'
        f" @bottom-{start} {{ content: string(short-url); }} }}\n"
    )
    return page + css


@dataclass(frozen=True)
class HandoutText:
    """What a handout shows, already in the reader's language (``content`` is trusted
    HTML rendered from the lesson's Markdown; everything else is escaped here)."""

    lang: str
    title: str
    summary: str
    duration_text: str
    objectives: list[str]
    key_points: list[str]
    content: str
    url: str
    labels: dict[str, str]
    # Links on paper (core/print_links.py): the notes' addresses, and the glossary terms linked.
    notes: list[Note] = field(default_factory=list)
    terms: list[tuple[str, Markup, str]] = field(default_factory=list)
    # The facilitator's lines on paper: what to cut when running late or interpreted,
    # each (text, the language it is in) or None.
    running_late: tuple[str, str] | None = None
    if_interpreted: tuple[str, str] | None = None
    # A sheet's last line: the next session's title (and the language it is in).
    next_session: tuple[str, str] | None = None
    # The sentence saying the translation printed is a draft ('' for none): on every
    # handout, print page and PDF, and on each session of a packet.
    draft: str = ""


def handout_labels(_: Gettext) -> dict[str, str]:
    return {
        "participant": _("Participant handout"),
        "facilitator": _("Facilitator edition"),
        "large-print": _("Large-print handout"),
        "bilingual": _("Bilingual handout"),
        "online": _("Read it online:"),
        # The QR code's alternative text, for screen readers; the address follows it.
        "qr": _("QR code of this lesson's web address:"),
        "agenda": _("Agenda"),
        "time": _("Time"),
        "part": _("Part"),
        "minutes": _("Minutes"),
        "materials": _("Materials"),
        "no_materials": _("No materials needed."),
        "objectives": _("Objectives"),
        "key_points": _("Key points"),
        "schedule": _("Schedule"),
        "session": _("Session"),
        "date": _("Date"),
        "page": _("Page"),
        "packet": _("Series packet"),
        "facilitator_packet": _("Facilitator packet"),
        "links": _("Addresses of the links"),
        "glossary": _("Words in this handout"),
        "my_step": _("My step before next time"),
        "i_will": _("I will:"),
        "next_session": _("Next time:"),
        "running_late": _("Running late? Cut this:"),
        "if_interpreted": _("If interpreted, cut this:"),
    }


def handout_body(
    text: HandoutText,
    edition: str,
    agenda_rows: list[tuple[str, str, int]] | None = None,
    materials: list[str] | None = None,
    anchor: str = "",
    view: str = "",
    session: str = "",
) -> Markup:
    """The <article> of one handout; a packet joins several. ``view``: which of the
    lesson's views the edition prints ('participant' or 'facilitator'; the edition's name
    when missing)."""
    return templates.render(
        "handouts/article.html.j2",
        text=text,
        edition=edition,
        view=view or edition,
        session=session,
        labels=text.labels,
        agenda_rows=agenda_rows,
        materials=materials or [],
        anchor=anchor,
        content=Markup(text.content),
    )


def card_body(title: str, content: str, notes: list[Note], lang: str, url: str, labels: dict[str, str]) -> Markup:
    """A page of the site printed as a card (the safety page): its title, its QR code and
    address, its text, the addresses of its links."""
    return templates.render("handouts/card.html.j2", title=title, content=Markup(content), notes=notes, lang=lang, url=url, labels=labels)


@dataclass(frozen=True)
class PacketSession:
    anchor: str  # the id of the session's article
    title: str
    lang: str  # the language its title is in
    minutes: int
    body: str  # the session's handout, rendered


def packet_body(
    title: str,
    summary: str,
    intro: str,
    title_lang: str,
    lang: str,
    edition_label: str,
    sessions: list[PacketSession],
    labels: dict[str, str],
) -> Markup:
    """A series packet in ``lang``: a cover with the series' introduction (``intro``,
    sanitized HTML; the series' text is in ``title_lang``), its schedule, the sessions."""
    return templates.render(
        "handouts/packet.html.j2",
        title=title,
        summary=summary,
        intro=Markup(intro),
        title_lang=title_lang,
        lang=lang,
        edition_label=edition_label,
        sessions=[PacketSession(s.anchor, s.title, s.lang, s.minutes, Markup(s.body)) for s in sessions],
        labels=labels,
        id_prefix="packet-",
    )


def document(
    lang: str,
    title: str,
    body: str,
    paper: str | None,
    large_print: bool = False,
    compact: bool = False,
    before: str = "",
    forms: bool = False,
    bilingual: bool = False,
    description: str = "",
) -> Markup:
    """A whole print document (``paper`` None: a print page for the browser, whose
    ``before``, its language links, goes before its ``main``, and whose ``description``
    (the lesson's summary) is its meta description; a PDF's has neither).
    ``forms``: with the forms' stylesheet (a packet ends with one); ``bilingual``: with
    the bilingual edition's."""
    css = stylesheet(paper, text_direction(lang), large_print, compact, forms, bilingual)
    return templates.render(
        "handouts/document.html.j2",
        lang=lang,
        title=title,
        body=Markup(body),
        stylesheet=Markup(css),
        page=paper is None,
        before=Markup(before),
        description=description,
    )


def sheet_content(parts: list[Any], anchor: str, labels: dict[str, str], _: Gettext) -> str:
    """The HTML of a participant's sheet's parts (``core.sheet.SheetPart``), before its
    links are set for paper: sections shaped like the lesson's blocks, so that the
    handout's stylesheet sets them (room to write under each question)."""
    shown = [
        {
            "id": f"{anchor}-{part.id}",
            "kind": part.kind,
            "heading": labels["my_step"] if part.kind == "commitment" else block_name(_(BLOCK_KINDS[part.kind].label), part.title),
            "content": part.content,
        }
        for part in parts
    ]
    return str(templates.render("handouts/sheet_parts.html.j2", parts=shown, labels=labels))


def language_links(links: list[dict[str, str | bool]]) -> Markup:
    """``links``: {href, lang, name, current} per language."""
    return templates.render("handouts/languages.html.j2", links=links)


def agenda_rows(lesson: Lesson, lang: str, _: Gettext) -> list[tuple[str, str, int]]:
    rows = []
    for item in build_agenda(lesson.text(lang).blocks):
        kind = _(item.block.kind.label) if item.block.kind else item.block.name
        rows.append((item.clock, block_name(kind, item.block.title), item.minutes))
    return rows


# --- rendering PDFs ---------------------------------------------------------


def cache_key(document_html: str, base_url: str, engine_version: str) -> str:
    digest = hashlib.sha256()
    for part in (CACHE_SCHEMA, engine_version, base_url, document_html):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def is_complete_pdf(path: Path) -> bool:
    """A cached file is trusted only if it is a whole PDF (an interrupted write is not)."""
    try:
        size = path.stat().st_size
        if size < 64:
            return False
        with open(path, "rb") as handle:
            head = handle.read(5)
            handle.seek(max(0, size - 32))
            tail = handle.read()
        return head == b"%PDF-" and b"%%EOF" in tail
    except OSError:
        return False


def site_only_fetcher(roots: tuple[str, ...]) -> URLFetcher:
    """WeasyPrint's URL fetcher, restricted: files inside ``roots`` (the built site and
    our own assets) and nothing else, no other file of the machine and no network. A
    refused URL leaves a hole in the PDF, never a file of ours inside it."""
    from urllib.parse import urlsplit
    from urllib.request import url2pathname

    from weasyprint.urls import URLFetcher

    allowed = tuple(os.path.realpath(r) for r in roots)

    class SiteOnlyFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint has no type hints: its URLFetcher is Any
        def __init__(self) -> None:
            super().__init__(timeout=1, allowed_protocols={"file"}, allow_redirects=False)

        def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
            parts = urlsplit(url)
            if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
                raise ValueError(f"handouts fetch nothing from outside the site: {url[:80]}")
            path = os.path.realpath(url2pathname(parts.path))
            if not any(path == root or path.startswith(root + os.sep) for root in allowed):
                raise ValueError(f"handouts read no file outside the site: {url[:80]}")
            return super().fetch(url, headers)

    return SiteOnlyFetcher()


def mark_other_languages() -> None:
    """WeasyPrint 70 tags the document's language only (``/Lang`` of the catalog). Give a
    structure element its own ``/Lang`` where its HTML element is in another language
    than what surrounds it (a lesson not yet translated inside a Spanish packet, a phrase
    marked ``{lang=en}``), so that a screen reader switches voice there. It wraps
    WeasyPrint's private ``_build_box_tree``; tests/site/test_accessible_pdfs.py fails
    if a new WeasyPrint stops calling it."""
    from weasyprint.pdf import tags

    if getattr(tags, "_caucus_marks_languages", False):
        return
    import pydyf

    build_box_tree = tags._build_box_tree
    inherited: list[str | None] = [None]  # the language around the box being tagged

    def with_languages(box: object, parent: object, pdf: object, *rest: object) -> Iterator[object]:
        element = getattr(box, "element", None)
        own = element.get("lang") if element is not None and hasattr(element, "get") else None
        around = inherited[-1]
        mark = bool(own) and own != around and getattr(element, "tag", "") != "html"
        inherited.append(own or around)
        try:
            for structure in build_box_tree(box, parent, pdf, *rest):
                if mark and "Lang" not in structure:
                    structure["Lang"] = pydyf.String(own)
                yield structure
        finally:
            inherited.pop()

    tags._build_box_tree = with_languages
    tags._caucus_marks_languages = True


def _render_in_worker(document_html: str, base_url: str, target: str, identifier: bytes, roots: tuple[str, ...] = ()) -> str:
    """Runs in a worker process: WeasyPrint is imported once per worker and stays warm."""
    from weasyprint import HTML

    mark_other_languages()
    directory = os.path.dirname(target)
    fd, temporary = tempfile.mkstemp(dir=directory, suffix=".part")
    try:
        rendered = HTML(string=document_html, base_url=base_url, url_fetcher=site_only_fetcher(roots)).render()
        with os.fdopen(fd, "wb") as handle:
            rendered.write_pdf(handle, pdf_identifier=identifier, pdf_variant=PDF_VARIANT)
        with open(target + ".pages", "w", encoding="utf-8") as pages:
            pages.write(str(len(rendered.pages)))
        os.replace(temporary, target)  # atomic: readers see the whole file or none
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return target


class PdfRenderer:
    """Renders PDFs into a cache folder with a pool of worker processes, reusing
    every cached PDF whose inputs have not changed."""

    def __init__(self, cache_dir: Path, workers: int):
        self.cache_dir = cache_dir
        self.workers = max(1, workers)
        self._pool: ProcessPoolExecutor | None = None
        self.engine_version = self._engine_version()

    @staticmethod
    def _engine_version() -> str:
        import weasyprint

        return cast(str, weasyprint.__version__)

    def pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers)
        return self._pool

    def render_all(self, jobs: list[tuple[str, str, Path]], roots: tuple[str, ...] = ()) -> tuple[int, int, dict[Path, int]]:
        """``jobs``: (document HTML, base URL, destination); ``roots``: the folders
        whose files a PDF may include (see ``site_only_fetcher``). Returns (rendered, cached,
        page count of each destination). Raises ``RenderError`` naming the destination
        of the first failure; no partial file is left at any destination."""
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        pending: list[tuple[Future[str], Path, Path]] = []
        cached = 0
        for document_html, base_url, destination in jobs:
            key = cache_key(document_html, _portable(base_url, roots), self.engine_version)
            cached_file = self.cache_dir / f"{key}.pdf"
            if is_complete_pdf(cached_file):
                cached += 1
                publish(cached_file, destination)
                continue
            future = self.pool().submit(_render_in_worker, document_html, base_url, str(cached_file), bytes.fromhex(key[:32]), roots)
            pending.append((future, cached_file, destination))
        failure = None
        pages: dict[Path, int] = {}
        for future, cached_file, destination in pending:
            try:
                future.result()
                publish(cached_file, destination)
            except Exception as exc:  # reported with the handout it belongs to
                failure = failure or RenderError(destination, exc)
                if destination.exists():
                    destination.unlink()
        if failure:
            raise failure
        for _html, base_url, destination in jobs:
            counted = self.cache_dir / f"{cache_key(_html, _portable(base_url, roots), self.engine_version)}.pdf.pages"
            try:
                pages[destination] = int(counted.read_text())
            except (OSError, ValueError):
                pages[destination] = 0
        return len(pending), cached, pages

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


def _portable(base_url: str, roots: tuple[str, ...]) -> str:
    """The base URL as the cache sees it: relative to the site, so that the same site
    built in another folder makes the same PDFs (and reuses them)."""
    for root in roots:
        prefix = Path(root).as_uri()
        if base_url.startswith(prefix):
            return "site:" + base_url[len(prefix) :]
    return base_url


class RenderError(Exception):
    def __init__(self, destination: Path, cause: BaseException):
        super().__init__(f"{destination}: {type(cause).__name__}: {cause}")
        self.destination = destination


def publish(source: Path, destination: Path) -> None:
    """Copy a finished file into the site atomically."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    temporary = destination.with_name(destination.name + ".part")
    shutil.copyfile(source, temporary)
    os.replace(temporary, destination)
