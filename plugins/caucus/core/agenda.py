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


# A session runs late: people arrive late, a round runs over, a hard moment needs time.
# The timed blocks leave at least MIN_SLACK_PERCENT of the duration free, and at most
# MAX_SLACK_PERCENT (beyond that the agenda no longer describes the session).
MIN_SLACK_PERCENT = 10
MAX_SLACK_PERCENT = 25
# The longest session that may run without a break block, in minutes.
LONGEST_WITHOUT_BREAK = 119


def spare_minutes_needed(duration: int) -> int:
    """The fewest minutes an agenda of ``duration`` leaves free (10 %, rounded up)."""
    return -(-duration * MIN_SLACK_PERCENT // 100)


def timing_verdict(total: int, duration: int) -> tuple[str, str] | None:
    """None when the agenda fits its duration with room to spare; else (severity, message)."""
    if total > duration:
        return "error", f"the blocks add up to {total} minutes, more than the lesson's duration of {duration}; shorten blocks or raise 'duration'"
    spare, needed = duration - total, spare_minutes_needed(duration)
    if spare < needed:
        left = "no minutes" if spare == 0 else f"only {spare} minute{'s' if spare != 1 else ''}"
        return (
            "warning",
            f"the blocks add up to {total} of the lesson's {duration} minutes, leaving {left} spare; sessions run late (people arrive late, rounds run over), "
            f"so leave at least {needed} minutes ({MIN_SLACK_PERCENT} %) free: shorten or cut a block, or raise 'duration'",
        )
    if spare * 100 > duration * MAX_SLACK_PERCENT:
        return (
            "warning",
            f"the blocks add up to {total} minutes, {duration - total} short of the lesson's duration of {duration}; add minutes to the blocks or lower 'duration'",
        )
    return None
