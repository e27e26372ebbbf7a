"""Each broken lesson in tests/corpus gives exactly the messages in its expected.txt,
exit code 1 (0 for warnings only), and no traceback: from `caucus check` and from
the strict build."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, caucus, copy_tiny, mkdocs_build, run

pytestmark = pytest.mark.slow

CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


def expected(case: str) -> list[str]:
    return (CORPUS / case / "expected.txt").read_text(encoding="utf-8").splitlines()


def test_corpus_covers_the_kinds_of_bad_input():
    for kind in (
        "bad-yaml",
        "wrong-type-duration",
        "unclosed-block",
        "unknown-block",
        "translation-without-source",
        "duplicate-slug",
        "unsafe-script",
        "enormous-file",
        "not-utf8",
        "empty-file",
        "minutes-not-a-number",
        "no-slack",
        "long-without-break",
        "first-session-without-welcome",
        "wrong-type-running-late",
    ):
        assert kind in CASES


def site_with(tmp_path: Path, *cases: str) -> Path:
    site = copy_tiny(tmp_path / "site")
    for case in cases:
        for item in (CORPUS / case).iterdir():
            if item.is_dir():
                shutil.copytree(item, site / "docs" / item.name, dirs_exist_ok=True)
    return site


@pytest.mark.parametrize("case", CASES)
def test_checker_message(case: str, tmp_path: Path):
    site = site_with(tmp_path, case)
    result = caucus("check", cwd=site)
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout.splitlines() == expected(case)
    # The tiny site builds with 'strict: true', where warnings fail the build too: the
    # checker gives the same verdict (see test_warnings_pass_where_the_build_is_not_strict).
    assert result.returncode == 1


@pytest.mark.parametrize("case", CASES)
def test_build_fails_with_the_same_message(case: str, tmp_path: Path):
    site = site_with(tmp_path, case)
    result = mkdocs_build(site)
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.returncode == 1
    for line in expected(case):
        assert line in output


def test_github_annotations_point_at_the_line(tmp_path: Path):
    site = site_with(tmp_path, "minutes-not-a-number")
    result = caucus("check", "--format", "github", cwd=site)
    assert result.stdout.splitlines() == [
        "::error file=docs/lessons/minutes-not-a-number.md,line=14::option 'minutes' of block 'discussion' must be a whole number of minutes, like 'minutes: 10' (got 'ten')"
    ]


def test_checking_one_file_reports_only_that_file(tmp_path: Path):
    site = site_with(tmp_path, "unsafe-script", "bad-yaml")
    result = caucus("check", "docs/lessons/bad-yaml.md", cwd=site)
    assert result.stdout.splitlines() == expected("bad-yaml")
    assert result.returncode == 1


def test_warnings_pass_where_the_build_is_not_strict(tmp_path: Path):
    site = site_with(tmp_path, "under-duration")
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("strict: true", "strict: false"), encoding="utf-8")
    strict_off = caucus("check", cwd=site)
    assert strict_off.stdout.splitlines() == expected("under-duration") and strict_off.returncode == 0
    assert mkdocs_build(site).returncode == 1  # --strict on the command line: still refused
    built = run([sys.executable, "-m", "mkdocs", "build"], site)
    assert built.returncode == 0, built.stderr
