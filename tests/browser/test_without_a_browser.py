"""1. Without a browser the browser tests say so: skipped with the reason, or under
CI=true failed, so CI cannot pass on tests it did not run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent


def run_without_browser(ci: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "CAUCUS_BROWSER_PREBUILT")}
    env["CHROMIUM"] = "/nonexistent/chromium"
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rsE", str(HERE / "test_privacy.py"), "-k", "web_font"],
        cwd=HERE.parents[1],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_without_a_browser_the_tests_are_skipped_with_the_reason():
    result = run_without_browser(ci=None)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "1 skipped" in result.stdout and "no Chromium found" in result.stdout, result.stdout[-2000:]


@pytest.mark.parametrize("ci", ["true", "1"])
def test_without_a_browser_under_ci_the_tests_fail(ci):
    result = run_without_browser(ci=ci)
    assert result.returncode == 1, result.stdout[-2000:]
    assert "1 error" in result.stdout and "CI=true, so this is a failure" in result.stdout, result.stdout[-2000:]
