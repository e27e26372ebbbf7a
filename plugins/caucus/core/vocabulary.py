"""The closed lists a lesson may use, each with a translatable label.

Labels are wrapped in ``N_`` so that Babel extracts them; they are translated
where they are shown, with the reader's catalog.
"""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark a string for extraction without translating it here."""
    return message


SETTINGS: dict[str, str] = {
    "union": N_("Unions"),
    "congregation": N_("Congregations and religious schools"),
    "professional": N_("Professional organizations"),
    "campus": N_("Schools and universities"),
    "media": N_("Media organizations"),
    "coop": N_("Cooperatives"),
    "recreation": N_("Recreation and sports groups"),
    "social-club": N_("Social clubs, fraternities and sororities"),
}

TOPICS: dict[str, str] = {
    "caucus-basics": N_("Caucus basics"),
    "solidarity": N_("Solidarity across lines of division"),
    "exchange-economy": N_("The exchange and the exchange-free economy"),
    "exchange-free-relationships": N_("Exchange-free relationships"),
    "member-power": N_("Members doing the work"),
    "natural-leaders": N_("Natural leaders"),
    "allies": N_("Solidarity with allies"),
    "democratic-debate": N_("Open democratic debate"),
    "direct-elections": N_("Direct election of officers"),
    "officers": N_("Officers who serve members"),
}

LEVELS: dict[str, str] = {
    "introductory": N_("Introductory"),
    "intermediate": N_("Intermediate"),
    "advanced": N_("Advanced"),
}

DISCUSSION_FORMATS: dict[str, str] = {
    "pairs": N_("In pairs"),
    "small-groups": N_("In small groups"),
    "whole-circle": N_("Whole circle"),
    "individual": N_("On your own"),
}

# What every session needs, whatever its lesson: the start of each facilitator's checklist.
SESSION_ESSENTIALS: list[str] = [
    N_("A participant handout for each person, and a few spares"),
    N_("Pens"),
    N_("Chairs in a circle, so that everyone can see everyone"),
    N_("A watch or timer"),
]

TRANSLATION_STATES: dict[str, str] = {
    "draft": N_("Draft"),
    "reviewed": N_("Reviewed"),
}
