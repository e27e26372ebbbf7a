"""The offline circle kit: for each series in each language, one ZIP file that a
facilitator downloads once and opens from disk where there is no connection. It holds
an index page in that language, each session's lesson (the participant's print page),
its facilitator edition and projector view, every handout edition and form as PDF, and
the series' packets and forms. Every link inside the kit is relative and stays in it;
the only address that leads out is the site's, printed as text (and under the QR codes).

``plan_kit`` is pure: the caller hands in the documents. ``write_kit`` then copies the
files the plan names from the built site into the ZIP, with fixed dates and order, so
that two builds of the same sources make the same bytes."""

from __future__ import annotations

import os
import posixpath
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from . import templates
from .layout import IN_KIT, LESSON_FORMS, SERIES_FORMS, Layout

Gettext = Callable[[str], str]

KIT_BUDGET = 5 * 1024 * 1024  # bytes: what a phone on a capped plan can fetch once
# The date every file of a kit carries (a ZIP cannot say "no date"): so that two builds
# of the same sources make the same bytes. SOURCE_DATE_EPOCH overrides it.
FIXED_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class KitEntry:
    name: str  # path inside the kit's folder
    site_path: str | None = None  # a file of the built site, copied as it is
    text: str | None = None  # or a document of the kit's own


@dataclass(frozen=True)
class KitJob:
    series: str
    lang: str
    paper: str
    dest: str  # in the site folder
    folder: str  # the one folder inside the ZIP
    entries: tuple[KitEntry, ...]


@dataclass(frozen=True)
class KitSession:
    """One lesson of the series, as the kit holds it: its documents of the kit's own."""

    slug: str
    title: str
    title_lang: str
    duration_text: str
    participant: str  # a whole HTML document (the print page, without links to other languages)
    facilitator: str
    projector: Callable[[str], str]  # the projector page, given the link back to the facilitator edition


def plan_kit(
    layout: Layout,
    series_slug: str,
    paper: str,
    lang: str,
    title: str,
    summary: str,
    title_lang: str,
    sessions: list[KitSession],
    site_address: str,
    _: Gettext,
    labels: dict[str, str],
) -> KitJob:
    """``title_lang``: the language the series' title and summary are in (its original's
    where it is not translated); ``labels``: what the index calls each edition, form and
    paper (translated)."""
    entries: list[KitEntry] = []
    rows = []
    for number, session in enumerate(sessions, 1):
        entries.append(KitEntry(IN_KIT.lesson(session.slug), text=session.participant))
        entries.append(KitEntry(IN_KIT.guide(session.slug), text=session.facilitator))
        back = posixpath.relpath(IN_KIT.guide(session.slug), posixpath.dirname(IN_KIT.projector(session.slug)))
        entries.append(KitEntry(IN_KIT.projector(session.slug), text=session.projector(back)))
        pdfs = []
        for name in (*layout.editions, *LESSON_FORMS):
            targets = []
            output = layout.handout_pdf(session.slug, name, paper, lang) if name in layout.editions else layout.lesson_form(session.slug, name, paper, lang)
            inside = IN_KIT.handout(session.slug, posixpath.basename(output.dest))
            entries.append(KitEntry(inside, site_path=output.dest))
            targets.append({"url": inside, "label": labels[paper]})
            pdfs.append({"label": labels[name], "targets": targets})
        rows.append(
            {
                "number": number,
                "title": session.title,
                "lang": session.title_lang,
                "duration": session.duration_text,
                "lesson": IN_KIT.lesson(session.slug),
                "facilitator": IN_KIT.guide(session.slug),
                "projector": IN_KIT.projector(session.slug),
                "pdfs": pdfs,
            }
        )
    series_pdfs = []
    for name, output in [("packet", layout.packet(series_slug, paper, lang)), ("facilitator_packet", layout.facilitator_packet(series_slug, paper, lang))] + [
        (form, layout.series_form(series_slug, form, paper, lang)) for form in SERIES_FORMS
    ]:
        inside = IN_KIT.series_file(posixpath.basename(output.dest))
        entries.append(KitEntry(inside, site_path=output.dest))
        series_pdfs.append({"label": labels[name], "targets": [{"url": inside, "label": labels[paper]}]})
    index = templates.render(
        "kit/index.html.j2",
        _=_,
        lang=lang,
        title=title,
        summary=summary,
        title_lang=title_lang,
        sessions=rows,
        series_pdfs=series_pdfs,
        site_address=site_address,
    )
    entries.insert(0, KitEntry("index.html", text=str(index)))
    kit = layout.kit(series_slug, paper, lang)
    return KitJob(series_slug, lang, paper, kit.dest, IN_KIT.folder(series_slug, lang, paper), tuple(entries))


def write_kit(job: KitJob, site_dir: Path) -> int:
    """Write the ZIP into the site (whole or not at all); returns its size in bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    date = FIXED_DATE
    if epoch.isdigit() and time.gmtime(int(epoch)).tm_year >= 1980:
        date = tuple(time.gmtime(int(epoch))[:6])  # type: ignore[assignment]
    target = site_dir / job.dest
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".part")
    with zipfile.ZipFile(temporary, "w") as archive:
        for entry in job.entries:
            info = zipfile.ZipInfo(f"{job.folder}/{entry.name}", date_time=date)
            info.external_attr = 0o644 << 16
            if entry.text is not None:
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, entry.text.encode("utf-8"))
            elif entry.site_path is not None:
                info.compress_type = zipfile.ZIP_STORED  # PDFs are compressed already
                archive.writestr(info, (site_dir / entry.site_path).read_bytes())
    os.replace(temporary, target)
    return target.stat().st_size


def size_text(size: int, lang: str) -> str:
    """'1.4 MB' as the reader's language writes it."""
    from babel.numbers import format_decimal

    return format_decimal(max(size, 1) / (1024 * 1024), format="0.0", locale=lang.replace("-", "_")) + " MB"


def size_mark(paper: str) -> Markup:
    """Where the series page shows a kit's size: known only once the kit is written,
    after the page; the handouts plugin fills it in then (``with_size``)."""
    return Markup('<span class="caucus-kit-size-{}"></span>').format(paper)


def with_size(page_html: str, size: int, paper: str, lang: str, _: Gettext) -> str:
    """The series page with its kit's size filled in (unchanged if it has no kit link)."""
    filled = Markup('<span class="caucus-kit-size-{}">{}</span>').format(paper, _("ZIP file, %(size)s") % {"size": size_text(size, lang)})
    return page_html.replace(str(size_mark(paper)), str(filled), 1)


def publish(jobs: list[KitJob], site_dir: Path, layout: Layout, lang: str, _: Gettext) -> list[str]:
    """Write each kit, fill its size into its series page; the warnings to log (a kit
    over its budget)."""
    warnings = []
    for job in jobs:
        size = write_kit(job, site_dir)
        if size > KIT_BUDGET:
            warnings.append(
                f"the offline kit of series '{job.series}' ({lang}, {job.paper}) weighs {size / 1048576:.1f} MB; the budget is "
                f"{KIT_BUDGET / 1048576:.0f} MB. Shorten its lessons or split the series."
            )
        page = site_dir / layout.series(job.series, lang).dest
        if page.is_file():
            page.write_text(with_size(page.read_text(encoding="utf-8"), size, job.paper, lang, _), encoding="utf-8")
    return warnings
