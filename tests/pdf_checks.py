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


# --- where headings are printed (the bilingual handout) ---------------------------


def _marked_content(element: DictionaryObject, page: object = None) -> Iterator[tuple[object, int]]:
    """(page object, MCID) of every marked-content piece of a structure element, its
    child elements' included, in order."""
    page = element.get("/Pg", page)
    kids = element.get("/K")
    if kids is None:
        return
    kids = kids.get_object()
    for kid in list(kids) if isinstance(kids, ArrayObject) else [kids]:
        kid = kid.get_object()
        if isinstance(kid, int):
            yield page, int(kid)
        elif isinstance(kid, DictionaryObject) and "/S" in kid:
            yield from _marked_content(kid, page)
        elif isinstance(kid, DictionaryObject) and "/MCID" in kid:
            yield kid.get("/Pg", page), int(kid["/MCID"])


def _headings_with_language(reader: PdfReader) -> list[tuple[int, str, list[tuple[object, int]]]]:
    """(level, language, marked content) of every heading element in reading order; the
    language is the element's own /Lang, else its nearest ancestor's, else the document's."""
    root = reader.trailer["/Root"].get("/StructTreeRoot")
    found: list[tuple[int, str, list[tuple[object, int]]]] = []
    if root is None:
        return found
    stack: list[tuple[DictionaryObject, str]] = [(root.get_object(), str(reader.trailer["/Root"].get("/Lang") or ""))]
    while stack:
        element, lang = stack.pop()
        lang = str(element.get("/Lang") or lang)
        tag = str(element.get("/S") or "")
        if tag in {f"/H{n}" for n in range(1, 7)}:
            found.append((int(tag[2]), lang, list(_marked_content(element))))
            continue
        kids = element.get("/K")
        if kids is None:
            continue
        kids = kids.get_object()
        kids = [kid.get_object() for kid in (list(kids) if isinstance(kids, ArrayObject) else [kids])]
        stack.extend(reversed([(kid, lang) for kid in kids if isinstance(kid, DictionaryObject) and "/S" in kid]))
    return found


def _marked_positions(reader: PdfReader) -> dict[tuple[int, int], tuple[int, float, float]]:
    """(page object id, MCID) -> (page number, x, y from the top of the page in points) where
    the first string of that marked content is shown."""
    positions: dict[tuple[int, int], tuple[int, float, float]] = {}
    for number, page in enumerate(reader.pages, start=1):
        height = float(page.mediabox.height)
        open_ids: list[int | None] = []
        key = page.indirect_reference.idnum if page.indirect_reference else number

        def before(operator, operands, cm, tm, open_ids=open_ids, number=number, key=key, height=height):
            if operator == b"BDC":
                properties = operands[1] if len(operands) > 1 else None
                properties = properties.get_object() if hasattr(properties, "get_object") else properties
                open_ids.append(int(properties["/MCID"]) if isinstance(properties, DictionaryObject) and "/MCID" in properties else None)
            elif operator == b"BMC":
                open_ids.append(None)
            elif operator == b"EMC" and open_ids:
                open_ids.pop()
            elif operator in (b"TJ", b"Tj", b"'", b'"'):
                mcid = next((m for m in reversed(open_ids) if m is not None), None)
                if mcid is not None and (key, mcid) not in positions:
                    x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                    y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                    positions[(key, mcid)] = (number, round(x, 2), round(height - y, 2))

        page.extract_text(visitor_operand_before=before)
    return positions


def heading_positions(reader: PdfReader) -> list[tuple[int, str, int, float, float]]:
    """(level, language, page number, x, y from the top) of every heading, in reading order,
    where its first text is printed (headings with no text printed are left out)."""
    positions = _marked_positions(reader)
    placed = []
    for level, lang, pieces in _headings_with_language(reader):
        for page, mcid in pieces:
            page_key = page.get_object().indirect_reference.idnum if page is not None and page.get_object().indirect_reference else None
            spot = positions.get((page_key, mcid))
            if spot is not None:
                placed.append((level, lang, *spot))
                break
    return placed


def bilingual_alignment_problems(reader: PdfReader, translated: str, source: str, right_to_left: bool, tolerance: float = 3.0) -> list[str]:
    """A bilingual handout prints each heading of the translation beside the same heading
    of the source: the n-th heading in each language on the same page, at the same height
    (within ``tolerance`` points), the translation's on the side its script reads first
    (on the right for a right-to-left language)."""
    placed = heading_positions(reader)
    ours = [p for p in placed if p[1] == translated]
    theirs = [p for p in placed if p[1] == source]
    problems = []
    if not ours or not theirs:
        problems.append(f"headings in {translated}: {len(ours)}, in {source}: {len(theirs)}; both languages need theirs")
    if len(ours) != len(theirs):
        problems.append(f"{len(ours)} headings in {translated} but {len(theirs)} in {source}")
    for index, (one, other) in enumerate(zip(ours, theirs), start=1):
        (_l1, _g1, page1, x1, y1), (_l2, _g2, page2, x2, y2) = one, other
        if page1 != page2:
            problems.append(f"heading {index}: the {translated} one is on page {page1}, the {source} one on page {page2}")
        elif abs(y1 - y2) > tolerance:
            problems.append(f"heading {index} (page {page1}): the {translated} one is {y1} pt from the top, the {source} one {y2}")
        if page1 == page2 and (x1 <= x2 if right_to_left else x1 >= x2):
            side = "right" if right_to_left else "left"
            problems.append(f"heading {index} (page {page1}): the {translated} one (x {x1}) is not on the {side} of the {source} one (x {x2})")
    return problems
