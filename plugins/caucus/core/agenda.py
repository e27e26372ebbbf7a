"""A session's timed agenda: the blocks that have minutes, in order, with clock times."""

from __future__ import annotations

from dataclasses import dataclass

from .blocks import ScannedBlock


@dataclass(frozen=True)
class AgendaItem:
    start: int  # minutes from the start of the session
    minutes: int
    block: ScannedBlock

    @property
    def clock(self) -> str:
        return clock(self.start)


def clock(minutes: int) -> str:
    """Minutes from the start as a clock reading: 0:00, 0:10, 1:05."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def build_agenda(blocks: list[ScannedBlock]) -> list[AgendaItem]:
    items = []
    start = 0
    for block in blocks:
        if block.kind is not None and block.kind.timed and block.minutes is not None:
            items.append(AgendaItem(start, block.minutes, block))
            start += block.minutes
    return items


def total_minutes(agenda: list[AgendaItem]) -> int:
    return sum(item.minutes for item in agenda)


SHORTFALL_TOLERANCE = 0.10


def timing_verdict(total: int, duration: int) -> tuple[str, str] | None:
    """None when the agenda fits its duration; else (severity, message)."""
    if total > duration:
        return "error", f"the blocks add up to {total} minutes, more than the lesson's duration of {duration}; shorten blocks or raise 'duration'"
    if total < duration * (1 - SHORTFALL_TOLERANCE):
        return (
            "warning",
            f"the blocks add up to {total} minutes, {duration - total} short of the lesson's duration of {duration}; add minutes to the blocks or lower 'duration'",
        )
    return None
