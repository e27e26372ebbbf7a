"""Discussion-guide blocks for lesson authors, built on the pymdown-extensions
``blocks`` API: one ``Block`` subclass per kind, with the option types that the
checker also uses (``caucus.core.blocks``).

    /// discussion | From your own experience
        minutes: 20
        format: pairs

    - A question?
    ///
"""

from __future__ import annotations

import copy
import xml.etree.ElementTree as etree
from pathlib import Path
from typing import Any

from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block

from ..core import blocks as kinds
from ..core import variants
from ..core.agenda import clock
from ..core.i18n import translations_for
from ..core.vocabulary import DISCUSSION_FORMATS

# The note an activity's ``no_names`` option adds in the guide: a facilitator's note, so
# the participant's copy of a facilitator rendering drops it with the facilitator blocks.
NO_NAMES_CLASS = "caucus-no-names"


class CaucusBlock(Block):
    """A labelled, timed part of a session, rendered as a named region."""

    NAME = ""
    ARGUMENT = None  # the title after '|' is optional
    OPTIONS: dict[str, tuple[Any, Any]] = {}

    @property
    def kind(self) -> kinds.BlockKind:
        return kinds.BLOCK_KINDS[self.NAME]

    def _(self, message: str) -> str:
        return self.config["gettext"](message)

    def on_create(self, parent: etree.Element) -> etree.Element:
        # Every block Markdown really reads, in order: the checker compares this census
        # with its own scan, so that both agree on what is a block.
        census = getattr(self.md, "caucus_census", None)
        if census is not None:
            census.append((self.NAME, self.argument or ""))
        count = self.tracker.setdefault("count", 0) + 1
        self.tracker["count"] = count
        heading_id = f"{self.NAME}-{count}"
        section = etree.SubElement(
            parent,
            "section",
            {
                "class": f"caucus-block caucus-{self.NAME}",
                "aria-labelledby": heading_id,
                "data-caucus-block": self.NAME,
            },
        )
        if self.options.get("minutes"):
            section.set("data-minutes", str(self.options["minutes"]))
        head = etree.SubElement(section, "div", {"class": "caucus-block__head"})
        heading = etree.SubElement(head, "h2", {"id": heading_id, "class": "caucus-block__title"})
        # The label is in the site's language even when the text is not (an untranslated lesson).
        label = etree.SubElement(heading, "span", {"class": "caucus-block__kind", "lang": self.config["lang"]})
        label.text = AtomicString(self._(self.kind.label))
        if kinds.block_name(label.text, self.argument) != label.text:
            label.text = AtomicString(self._(self.kind.label) + ": ")
            title = etree.SubElement(heading, "span", {"class": "caucus-block__name"})
            # AtomicString: a title is plain text, never parsed for inline HTML.
            title.text = AtomicString(self.argument)
        start = self._start()
        facts = self._facts()
        if facts or start is not None:
            meta = etree.SubElement(head, "p", {"class": "caucus-block__meta", "lang": self.config["lang"]})
            rest = AtomicString(" · ".join(facts))
            if start is None:
                meta.text = rest
            else:
                # Its own element: the participant's copy of the same parse leaves it out.
                when = etree.SubElement(meta, "span", {"class": "caucus-block__clock"})
                when.text = AtomicString(f"{clock(start)}–{clock(start + self.options['minutes'])}")
                when.tail = AtomicString(" · " + rest) if rest else None
        self.extra(section)
        etree.SubElement(section, "div", {"class": "caucus-block__body"})
        # The section itself, a direct child of ``parent``: pymdownx moves content that
        # leaks out of a block back into it by that rule, and a nested element here made
        # it put the section inside itself (a quoted block hung the build).
        return section

    def on_add(self, block: etree.Element) -> etree.Element:
        """Content goes into the body, after the head and the materials."""
        for child in block:
            if child.get("class") == "caucus-block__body":
                return child
        return block

    def _facts(self) -> list[str]:
        facts = []
        if self.options.get("minutes"):
            facts.append(self._("%(minutes)d min") % {"minutes": self.options["minutes"]})
        return facts

    def _start(self) -> int | None:
        """When this block starts, in minutes (guides and facilitator editions say when
        each part starts and ends), from the ``clocks`` the caller computed from
        the lesson model (one per timed block, in order); None without them."""
        if not self.kind.timed or not self.options.get("minutes"):
            return None
        timed = getattr(self.md, "caucus_timed", 0)
        self.md.caucus_timed = timed + 1  # type: ignore[attr-defined]
        clocks = self.config["clocks"]
        return clocks[timed] if timed < len(clocks) else None

    def extra(self, section: etree.Element) -> None:
        """Kind-specific content placed before the body."""


def _timed_options() -> dict[str, tuple[Any, Any]]:
    return {"minutes": (0, kinds.minutes_option)}


class WelcomeBlock(CaucusBlock):
    NAME = "welcome"
    OPTIONS = _timed_options()


class CheckinBlock(CaucusBlock):
    NAME = "checkin"
    OPTIONS = _timed_options()


class ReadingBlock(CaucusBlock):
    NAME = "reading"
    OPTIONS = _timed_options()


class DiscussionBlock(CaucusBlock):
    NAME = "discussion"
    OPTIONS = {**_timed_options(), "format": ("", kinds.format_option)}

    def _facts(self) -> list[str]:
        facts = super()._facts()
        if self.options.get("format"):
            facts.append(self._(DISCUSSION_FORMATS[self.options["format"]]))
        return facts


class ActivityBlock(CaucusBlock):
    NAME = "activity"
    OPTIONS = {**_timed_options(), "materials": ([], kinds.materials_option), "no_names": ("", kinds.no_names_option)}

    def on_end(self, block: etree.Element) -> None:
        """After the steps, for the facilitator only: how to do it without names on paper."""
        text = self.options.get("no_names")
        if not text or self.config["audience"] != "facilitator":
            return
        note = etree.SubElement(block, "div", {"class": NO_NAMES_CLASS, "role": "note"})
        # The label in the site's language, the text in the lesson's (as for materials).
        label = etree.SubElement(note, "p", {"class": "caucus-no-names__label", "lang": self.config["lang"]})
        etree.SubElement(label, "strong").text = AtomicString(self._("Names on paper: the safer way"))
        etree.SubElement(note, "p").text = AtomicString(text)

    def extra(self, section: etree.Element) -> None:
        materials = self.options.get("materials") or []
        if materials:
            box = etree.SubElement(section, "div", {"class": "caucus-block__materials"})
            label = etree.SubElement(box, "p", {"lang": self.config["lang"]})
            label.text = AtomicString(self._("You will need:"))
            items = etree.SubElement(box, "ul")
            for material in materials:
                item = etree.SubElement(items, "li")
                item.text = AtomicString(material)


class BreakBlock(CaucusBlock):
    NAME = "break"
    OPTIONS = _timed_options()


class CommitmentBlock(CaucusBlock):
    NAME = "commitment"
    OPTIONS = _timed_options()


class ClosingBlock(CaucusBlock):
    NAME = "closing"
    OPTIONS = _timed_options()


class FacilitatorBlock(CaucusBlock):
    """Notes for the facilitator: shown only when the audience is "facilitator" (guides
    and facilitator editions). For participants the block is dropped here, where
    Markdown itself has decided what is a block, whatever it is nested in."""

    NAME = "facilitator"


BLOCK_CLASSES = (WelcomeBlock, CheckinBlock, ReadingBlock, DiscussionBlock, ActivityBlock, BreakBlock, CommitmentBlock, ClosingBlock, FacilitatorBlock)
# Variants are chosen before the blocks are parsed (_ChooseVariants): Markdown never reads one.
assert {cls.NAME for cls in BLOCK_CLASSES} == set(kinds.BLOCK_KINDS) - {variants.VARIANT}, "every block kind needs a Block class"


class CaucusBlocksExtension(BlocksExtension):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.config = {
            "lang": ["en", "Language of the labels"],
            "translations_dir": ["", "Folder of the gettext catalogs (translations/)"],
            "audience": ["participant", "'participant' drops facilitator notes; 'facilitator' shows them"],
            "clocks": [[], "Start minutes of the timed blocks, in order (guides and facilitator editions)"],
            "participant_copy": [False, "Also keep the tree without facilitator notes (md.caucus_participant_root)"],
        }
        super().__init__(*args, **kwargs)

    def extendMarkdownBlocks(self, md, block_mgr) -> None:
        directory = self.getConfig("translations_dir")
        gettext = translations_for(Path(directory) if directory else None, self.getConfig("lang")).gettext
        md.caucus_census = []
        md.preprocessors.register(_ResetCensus(md), "caucus_census", 100)
        md.preprocessors.register(_ChooseVariants(md), "caucus_variants", 99)
        audience = self.getConfig("audience")
        if audience != "facilitator":
            md.treeprocessors.register(_DropFacilitatorNotes(md), "caucus_participant", 0.5)
        elif self.getConfig("participant_copy"):
            # Last of all, after Markdown's own unescaping (priority 0): the copy is finished text.
            md.treeprocessors.register(_ParticipantCopy(md), "caucus_participant_copy", -1)
        for cls in BLOCK_CLASSES:
            block_mgr.register(cls, {"gettext": gettext, "lang": self.getConfig("lang"), "audience": audience, "clocks": list(self.getConfig("clocks"))})


def _drop_facilitator_notes(root: etree.Element, clocks: bool = False) -> None:
    """Remove every facilitator block and note (and, with ``clocks``, each block's clock times)."""
    for parent in list(root.iter()):
        for child in [c for c in parent if c.get("data-caucus-block") == "facilitator" or c.get("class") == NO_NAMES_CLASS]:
            parent.remove(child)
        if clocks:
            for child in [c for c in parent if c.get("class") == "caucus-block__clock"]:
                parent.text = AtomicString((child.tail or "").removeprefix(" · ")) or None
                parent.remove(child)


class _DropFacilitatorNotes(Treeprocessor):
    """For participants: every facilitator block goes, wherever Markdown nested it,
    once the whole document is parsed."""

    def run(self, root: etree.Element) -> None:
        _drop_facilitator_notes(root)


class _ParticipantCopy(Treeprocessor):
    """One parse, two readers: a copy of the finished tree without facilitator notes,
    for caucus.core.render to serialize beside the facilitator's."""

    def run(self, root: etree.Element) -> None:
        participant = copy.deepcopy(root)
        _drop_facilitator_notes(participant, clocks=True)
        self.md.caucus_participant_root = participant  # type: ignore[attr-defined]


class _ResetCensus(Preprocessor):
    """A Markdown instance converts many documents; each starts a new census."""

    def run(self, lines: list[str]) -> list[str]:
        self.md.caucus_census = []  # type: ignore[attr-defined]
        self.md.caucus_timed = 0  # type: ignore[attr-defined]
        self.md.caucus_participant_root = None  # type: ignore[attr-defined]
        return lines


class _ChooseVariants(Preprocessor):
    """A lesson with setting variants shows its own text here (each setting's page is
    made from its text, chosen the same way, by caucus.core.variants)."""

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        chosen = variants.select_markdown(text)
        return lines if chosen is text else chosen.split("\n")


def makeExtension(*args: Any, **kwargs: Any) -> CaucusBlocksExtension:
    return CaucusBlocksExtension(*args, **kwargs)
