"""Defects the browser tests found in code this suite does not own, reported and
waiting for a fix. A test whose only problems are listed here is marked xfail with
the reason; any other problem still fails it; and an entry that no longer matches
anything fails its test, so that a fix is noticed and the entry removed.
CAUCUS_BROWSER_STRICT=1 ignores this list: every defect fails."""

from __future__ import annotations

import os
import re

import pytest

# (test id pattern, problem pattern, what is wrong and where it is fixed)
KNOWN: list[tuple[str, str, str]] = []


def triage(nodeid: str, problems: list[str]) -> None:
    """Pass, fail or xfail a test on its ``problems`` (see the module's docstring)."""
    __tracebackhide__ = True
    entries = [] if os.environ.get("CAUCUS_BROWSER_STRICT") else [e for e in KNOWN if re.search(e[0], nodeid)]
    known = {p: why for p in problems for where, what, why in entries if re.search(what, p)}
    unknown = [p for p in problems if p not in known]
    if unknown:
        listed = unknown + [f"(known) {p}" for p in known]
        pytest.fail(f"{len(unknown)} problem(s):\n" + "\n".join(listed), pytrace=False)
    unseen = [why for where, what, why in entries if not any(re.search(what, p) for p in problems)]
    if unseen:
        pytest.fail("a known defect is no longer seen; if it is fixed, remove it from tests/browser/known.py:\n" + "\n".join(unseen), pytrace=False)
    if known:
        pytest.xfail("known defect: " + " | ".join(sorted(set(known.values()))) + "\n" + "\n".join(known))
