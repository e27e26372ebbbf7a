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


def text_runs(reader: PdfReader) -> list[tuple[int, str, float, tuple[float, ...]]]:
    """(page number, text, size in points as printed, fill colour) of every run of text:
    the font size scaled by the text and the transformation matrices, the colour set by
    the last rg / g / k operator in force (q and Q save and restore it)."""
    runs: list[tuple[int, str, float, tuple[float, ...]]] = []
    for number, page in enumerate(reader.pages, start=1):
        state: dict[str, tuple[float, ...]] = {"fill": (0.0,)}
        saved: list[tuple[float, ...]] = []

        def before(operator, operands, cm, tm, state=state, saved=saved):
            if operator == b"q":
                saved.append(state["fill"])
            elif operator == b"Q" and saved:
                state["fill"] = saved.pop()
            elif operator in (b"rg", b"g", b"k", b"sc", b"scn") and operands and all(isinstance(o, (int, float)) or hasattr(o, "as_numeric") for o in operands):
                state["fill"] = tuple(float(o) for o in operands)

        def visit(text, cm, tm, font, size, number=number, state=state):
            if text.strip():
                scale = abs(tm[0] * tm[3] - tm[1] * tm[2]) ** 0.5 * abs(cm[0] * cm[3] - cm[1] * cm[2]) ** 0.5
                runs.append((number, text.strip(), round(size * scale, 2), state["fill"]))

        page.extract_text(visitor_operand_before=before, visitor_text=visit)
    return runs


def _darkness_problem(fill: tuple[float, ...]) -> bool:
    """Lighter than near-black: grey or coloured text (rg/g components are 0-1, k is CMYK)."""
    if len(fill) == 4:  # CMYK: black when K is high
        return fill[3] < 0.8
    return max(fill) > 0.2


def large_print_problems(reader: PdfReader, smallest: float = 18.0) -> list[str]:
    """Large print: every text at least ``smallest`` points and near black, headings larger."""
    runs = text_runs(reader)
    problems = [f"page {page}: {text[:40]!r} is {size} pt, under {smallest}" for page, text, size, _ in runs if size < smallest - 0.01]
    problems += [f"page {page}: {text[:40]!r} is not black: fill {fill}" for page, text, _, fill in runs if _darkness_problem(fill)]
    if not runs:
        problems.append("no text")
    elif max(size for *_, size, _ in runs) < smallest * 1.4:
        problems.append(f"no text is larger than {smallest * 1.4} pt: headings are not larger than the body")
    return problems
