"""Forms to print for a study circle: a sign-in sheet, commitment cards made from a
lesson's ``commitment`` blocks, an evaluation form and, at the end of a series, an
action plan. Each form is one template (``templates/forms/<name>.html.j2``) and one
name in ``layout.LESSON_FORMS`` or ``layout.SERIES_FORMS``; they are rendered to tagged
PDFs by the handouts' renderer, in the page's language (labels from the gettext
catalogs), with the lesson's own text marked as the language it is in.

Pure: the caller hands in titles, the commitment blocks' sanitized HTML and gettext."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources

from markupsafe import Markup

from . import templates
from .handouts import PAPERS
from .i18n import text_direction

Gettext = Callable[[str], str]

SIGN_IN_ROWS = 15  # a circle of up to 15 people
ACTION_PLAN_ROWS = 6
CARDS_PER_PAGE = 4


@dataclass(frozen=True)
class Subject:
    """What a form is for: a lesson (one session) or a series, titled in ``lang``."""

    kind: str  # 'lesson' or 'series'
    title: str
    lang: str  # the language the title is in (a lesson not yet translated: its original's)


@dataclass(frozen=True)
class Commitment:
    title: str
    content: Markup  # the block's body, sanitized with the print profile
    lang: str


def form_title(form: str, _: Gettext) -> str:
    titles = {
        "sign-in": _("Sign-in sheet"),
        "commitment-cards": _("Commitment cards"),
        "evaluation": _("Evaluation"),
        "action-plan": _("Action plan"),
    }
    return titles.get(form, form)


def cards(commitments: Sequence[Commitment]) -> list[Commitment | None]:
    """One page of cards: the lesson's commitments repeated to fill the page (each person
    takes one); a lesson without a commitment block gets blank cards (None)."""
    if not commitments:
        return [None] * CARDS_PER_PAGE
    count = -(-len(commitments) // CARDS_PER_PAGE) * CARDS_PER_PAGE
    return [commitments[i % len(commitments)] for i in range(count)]


def stylesheet(paper: str, direction: str) -> str:
    start, end = ("left", "right") if direction == "ltr" else ("right", "left")
    page = (
        f"@page {{ size: {PAPERS[paper]}; margin: 12mm 12mm 14mm;"
        f' @bottom-{end} {{ content: counter(page) " / " counter(pages); white-space: nowrap; direction: ltr; font-size: 8pt; }}'
        f" @bottom-{start} {{ content: string(form-subject); font-size: 8pt; }} }}\n"
    )
    return page + resources.files("caucus.handouts").joinpath("forms.css").read_text(encoding="utf-8")


def form_body(form: str, lang: str, subject: Subject, _: Gettext, commitments: Sequence[Commitment] = ()) -> Markup:
    """The markup of one form (a packet ends with the action plan's)."""
    return templates.render(
        f"forms/{form}.html.j2",
        _=_,
        lang=lang,
        subject=subject,
        title=form_title(form, _),
        rows=SIGN_IN_ROWS,
        plan_rows=ACTION_PLAN_ROWS,
        cards=cards(commitments),
    )


def form_document(form: str, lang: str, subject: Subject, paper: str, _: Gettext, commitments: Sequence[Commitment] = ()) -> Markup:
    """The whole HTML document of one form, ready for WeasyPrint."""
    title = form_title(form, _)
    body = form_body(form, lang, subject, _, commitments)
    return templates.render(
        "forms/document.html.j2",
        lang=lang,
        title=f"{title}: {subject.title}",
        body=body,
        stylesheet=Markup(stylesheet(paper, text_direction(lang))),
    )
