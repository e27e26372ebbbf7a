"""What a screen reader and a PDF viewer read from a handout, read back with pypdf: its
structure tree, language, title and the tags of its headings and figures. Each check
returns the problems it found (an empty list: none), so that a test can show it failing
on a PDF broken on purpose. veraPDF is not available here; these are the parts of
PDF/UA that a reader of our handouts depends on."""

from __future__ import annotations

from collections.abc import Iterator

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject


def structure_elements(reader: PdfReader) -> Iterator[DictionaryObject]:
    """Every structure element, in the tree's order (the reading order)."""
    root = reader.trailer["/Root"].get("/StructTreeRoot")
    if root is None:
        return
    stack = [root.get_object()]
    while stack:
        element = stack.pop()
        if "/S" in element:
            yield element
        kids = element.get("/K")
        if kids is None:
            continue
        kids = kids.get_object()
        kids = list(kids) if isinstance(kids, ArrayObject) else [kids]
        objects = [kid.get_object() for kid in kids]
        stack.extend(reversed([kid for kid in objects if isinstance(kid, DictionaryObject) and "/S" in kid]))


def _true(value: object) -> bool:
    """A PDF boolean that is true (pypdf's BooleanObject, not Python's True)."""
    return getattr(value, "value", None) is True


def structure_problems(reader: PdfReader) -> list[str]:
    catalog = reader.trailer["/Root"]
    problems = []
    if "/StructTreeRoot" not in catalog:
        problems.append("no structure tree (/StructTreeRoot)")
    elif not any(True for _ in structure_elements(reader)):
        problems.append("the structure tree is empty")
    mark_info = catalog.get("/MarkInfo")
    if mark_info is None or not _true(mark_info.get_object().get("/Marked")):
        problems.append(f"/MarkInfo does not say Marked true: {mark_info}")
    return problems


def language_problems(reader: PdfReader, expected: str) -> list[str]:
    lang = reader.trailer["/Root"].get("/Lang")
    return [] if lang == expected else [f"/Lang is {lang!r}, not {expected!r}"]


def title_problems(reader: PdfReader, expected: str) -> list[str]:
    problems = []
    preferences = reader.trailer["/Root"].get("/ViewerPreferences")
    if preferences is None or not _true(preferences.get_object().get("/DisplayDocTitle")):
        problems.append(f"/ViewerPreferences does not say DisplayDocTitle true: {preferences}")
    title = (reader.metadata or {}).get("/Title")
    if title != expected:
        problems.append(f"/Title is {title!r}, not {expected!r}")
    return problems


def heading_tags(reader: PdfReader) -> list[str]:
    return [str(e["/S"])[1:] for e in structure_elements(reader) if str(e["/S"]) in {f"/H{n}" for n in range(1, 7)}]


def heading_order_problems(reader: PdfReader, html_levels: list[int]) -> list[str]:
    """The headings are tagged, at the HTML's levels and in its order, beginning with an
    H1 and never skipping a level on the way down."""
    tags = heading_tags(reader)
    levels = [int(tag[1]) for tag in tags]
    problems = []
    if levels != html_levels:
        problems.append(f"heading tags {tags} are not the document's headings {[f'H{n}' for n in html_levels]}")
    if not levels or levels[0] != 1:
        problems.append(f"the first heading tag is not H1: {tags[:1]}")
    for before, after in zip(levels, levels[1:]):
        if after > before + 1:
            problems.append(f"H{before} is followed by H{after}, skipping a level")
    return problems


def marked_languages(reader: PdfReader) -> list[tuple[str, str]]:
    """(tag, language) of every structure element that says its own language."""
    return [(str(e["/S"])[1:], str(e["/Lang"])) for e in structure_elements(reader) if "/Lang" in e]


def figure_problems(reader: PdfReader) -> list[str]:
    figures = [e for e in structure_elements(reader) if e["/S"] == "/Figure"]
    if not figures:
        return ["no figure is tagged (the QR code should be)"]
    return [f"a figure has no alternative text: {e.get('/A')}" for e in figures if not str(e.get("/Alt") or "").strip()]
