"""The bilingual handout: a lesson's translation and its English source side by side,
block by block, for a circle whose members read either language (or are learning one).

Both texts are the participant's rendering of the lesson (``TextModel.participant_html``,
print-sanitized, links printed as notes), cut into their top-level blocks by id
(``projector.block_spans``); a block has the same id in the source and in every
translation (core/model.py), so the two versions of each block go into one row of a
two-column table, and each block's two versions start on the same line of the same page.
The translation's column is on the side its script reads first: the handout is set in
the translation's direction, so an Arabic column is on the right.

Pure: the caller hands in both texts, already in their languages."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from . import projector, templates
from .handouts import HandoutText

_IDS = re.compile(r'(\s(?:id|aria-labelledby)=")([^"]*)(")')


@dataclass(frozen=True)
class Row:
    """One row of the handout: a block's two versions (``key`` its id), or what lies
    between two blocks (``key``: 'before-<the next block's id>', or 'after-blocks')."""

    key: str
    translated: Markup
    source: Markup


def segments(html: str) -> list[tuple[str, str]]:
    """(key, markup) of each top-level block of a participant's rendering, in order, and
    of each stretch of text between blocks that is not blank."""
    clean, spans = projector.block_spans(html)
    found: list[tuple[str, str]] = []
    last = 0
    for block_id, start, end in spans:
        if clean[last:start].strip():
            found.append((f"before-{block_id}", clean[last:start].strip()))
        found.append((block_id, clean[start:end]))
        last = end
    if clean[last:].strip():
        found.append(("after-blocks", clean[last:].strip()))
    return found


def merged_keys(source: list[str], translated: list[str]) -> list[str]:
    """The source's keys in its order, with each key only the translation has placed
    after the key it follows in the translation (first when it follows none)."""
    keys = list(dict.fromkeys(source))
    for index, key in enumerate(translated):
        if key in keys:
            continue
        before = next((k for k in reversed(translated[:index]) if k in keys), None)
        keys.insert(keys.index(before) + 1 if before is not None else 0, key)
    return keys


def prefix_ids(html: str, prefix: str) -> str:
    """The same markup with every id (and the aria-labelledby naming it) prefixed, so that
    the source's blocks keep ids of their own beside the translation's in one document."""
    return _IDS.sub(lambda m: m.group(1) + prefix + m.group(2) + m.group(3), html)


def aligned_rows(translated_html: str, source_html: str, source_lang: str) -> list[Row]:
    """The rows of the handout: each block of either text, with its other version beside
    it (empty where the other text has no block of that id)."""
    translated = dict(segments(translated_html))
    source_segments = segments(source_html)
    source = dict(source_segments)
    keys = merged_keys([key for key, _markup in source_segments], list(translated))
    return [Row(key, Markup(translated.get(key, "")), Markup(prefix_ids(source[key], f"{source_lang}-") if key in source else "")) for key in keys]


def bilingual_body(translated: HandoutText, source: HandoutText, rows: list[Row], draft: str = "") -> Markup:
    """The <article> of a bilingual handout (``draft``: the sentence, in the translation's
    language, saying that the translation is a draft; empty when it is reviewed)."""
    return templates.render(
        "handouts/bilingual.html.j2",
        translated=translated,
        source=source,
        rows=rows,
        draft=draft,
        sides=(translated, source),
    )
