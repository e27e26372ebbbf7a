"""`caucus report --base REF` on a throwaway git repository made from the tiny site:
commits that change a lesson's minutes and a passage, a translation, and a handout's
length, each report compared with the text a contributor should read."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from caucus.core.markup import code_span, comment_text, fill
from caucus.core.project import content_version
from conftest import caucus, copy_tiny, spanish_listening


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def commit_all(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The tiny site with a reviewed Spanish translation of 'listening', committed as 'base'."""
    site = copy_tiny(tmp_path / "repo")
    english = (site / "docs" / "lessons" / "listening.md").read_text(encoding="utf-8")
    (site / "docs" / "lessons" / "listening.es.md").write_text(spanish_listening(content_version(english)), encoding="utf-8")
    (site / ".gitignore").write_text(".cache/\n", encoding="utf-8")
    git(site, "init", "-q", "-b", "main")
    commit_all(site, "base")
    git(site, "tag", "base")
    return site


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def report(repo: Path, *args: str) -> str:
    result = caucus("report", "--base", "base", *args, cwd=repo)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def without_commit(text: str, repo: Path) -> str:
    return text.replace(git(repo, "rev-parse", "base")[:12], "COMMIT")


LONGER_DISCUSSION = """## What this change does to the lessons

Compared with `base` (commit `COMMIT`).

### Problems to fix (errors: 1, warnings: 0)

Each line names the file and the line where the problem is. The site is built with warnings counted as errors, so fix both.

| Kind | File and line | What is wrong, and what to do |
| --- | --- | --- |
| Error | `docs/lessons/listening.md:4` | the blocks add up to 80 minutes, more than the lesson's duration of 75; shorten blocks or raise 'duration' |

### Lesson changed: Listening to each other

Files: `docs/lessons/listening.md`

**Agenda:** 80 min of blocks for a 75-min session: 5 min too long. Shorten blocks or raise 'duration'. Before this change: 65 min of blocks for 75 min.

| Starts at | Part | Minutes |
| --- | --- | --- |
| 0:00 | Welcome and ground rules | 5 |
| 0:05 | Opening round: Names | 10 |
| 0:15 | Discussion: Your shift | 45 |
| 1:00 | Activity: A map | 15 |
| 1:15 | Closing round | 5 |

**Passages changed (1 of 18):** the summary

- Español (es): this change puts the translation out of date (it was up to date). Its translator needs to bring the passages changed above in line with the new English text.
- Participant handout in English (en), on Letter paper — page count: 1, as before

"""


def test_report_says_the_agenda_no_longer_fits_and_the_translation_fell_behind(repo: Path):
    lesson = repo / "docs" / "lessons" / "listening.md"
    edit(lesson, "    minutes: 30\n", "    minutes: 45\n")
    edit(lesson, "summary: The group practises listening across shifts.", "summary: The group practises listening to people on other shifts.")
    commit_all(repo, "a longer discussion")
    assert without_commit(report(repo), repo) == LONGER_DISCUSSION


SPANISH_ONLY = """## Lo que este cambio hace en las lecciones

Comparado con `base` (commit `COMMIT`).

El verificador no encontró ningún problema en los archivos cambiados.

### Traducciones cambiadas: Escucharnos

Archivos: `docs/lessons/listening.es.md`

- Español (es): este cambio edita la traducción; ahora está al día. Pasajes cambiados: Ronda de apertura: Nombres (`checkin-1`).
- Hoja para participantes en Español (es), en papel Letter — número de páginas: 1, igual que antes

"""


def test_a_change_to_one_translation_only_is_reported_in_its_language(repo: Path):
    edit(repo / "docs" / "lessons" / "listening.es.md", "Diga su nombre y su turno.", "Diga su nombre y en qué turno trabaja.")
    commit_all(repo, "a clearer Spanish opening")
    assert without_commit(report(repo), repo) == SPANISH_ONLY


def test_a_handout_that_grows_past_its_budget_is_named(repo: Path):
    reading = "\n\n".join(f"Paragraph {i}: members meet, talk and decide together what the caucus will do next, and why." for i in range(160))
    edit(repo / "docs" / "lessons" / "mapping.md", "Maps help.", reading)
    commit_all(repo, "a long reading")
    text = report(repo)
    line = next(l for l in text.splitlines() if l.startswith("- Participant handout in English (en)"))
    before, after = (int(n) for n in re.findall(r"page count: (\d+) before, (\d+) now", line)[0])
    assert before == 1 and after > 2, line
    assert line.endswith("**That is over the page budget (2): shorten the reading or the questions.**")
    assert re.search(r"\*\*Passages changed \(160 of \d+\):\*\* Reading: Why maps \(`reading-1`\)", text), text  # one paragraph became 160


def test_new_and_removed_lessons_and_json(repo: Path):
    (repo / "docs" / "lessons" / "mapping.md").unlink()
    edit(repo / "docs" / "series" / "first-steps.md", "lessons: [listening, mapping]", "lessons: [listening, sharing]")
    (repo / "docs" / "lessons" / "sharing.md").write_text(
        (repo / "docs" / "lessons" / "listening.md").read_text(encoding="utf-8").replace("Listening to each other", "Sharing the work"), encoding="utf-8"
    )
    commit_all(repo, "replace mapping with sharing")
    text = report(repo, "--no-handouts")
    assert "### Lesson removed: Mapping the workplace" in text
    assert "The lesson is removed, with its translations and handouts. Check that no series still lists it." in text
    assert "### New lesson: Sharing the work" in text and "- Español (es): not translated yet." in text
    assert "### Series: First steps" in text
    assert text.count("- Handouts: not rendered for this report.") == 1  # the new lesson; the removed one has none
    line = (repo / "docs" / "lessons" / "listening.md").read_text(encoding="utf-8").splitlines().index(
        "One word each. See [mapping](mapping.md) and the [caucus](../glossary.md#caucus)."
    ) + 1
    data = json.loads(report(repo, "--no-handouts", "--format", "json"))
    assert {entry["slug"]: entry["status"] for entry in data["lessons"]} == {"mapping": "removed", "sharing": "new"}
    assert data["series"][0]["slug"] == "first-steps"
    # The copied link to the removed lesson, in the new file, and the ones the removal
    # broke in files the change did not touch.
    assert sorted(p["path"] for p in data["other_problems"]) == ["docs/lessons/listening.es.md", "docs/lessons/listening.md"]
    assert data["errors"] == 3 and f"| Error | `docs/lessons/listening.md:{line}` | link 'mapping.md' points to a page that does not exist |" in text


def test_no_change_and_bad_revisions(repo: Path):
    assert "This change does not touch any lesson, translation or series." in report(repo, "--no-handouts")
    for bad in ("no-such-branch", "--upload-pack=touch /tmp/x"):
        result = caucus("report", "--base", bad, cwd=repo)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert result.stderr.startswith("caucus report: ") and "give a branch, tag or commit" in result.stderr, result.stderr
    bad_url = caucus("report", "--base", "base", "--preview-url", "javascript:alert(1)", cwd=repo)
    assert bad_url.returncode == 2 and "must be an https:// address" in bad_url.stderr


def test_a_preview_link_is_given_when_passed(repo: Path):
    text = report(repo, "--no-handouts", "--preview-url", "https://github.com/o/r/actions/runs/1/artifacts/2")
    assert "[Download the site built from this change](https://github.com/o/r/actions/runs/1/artifacts/2)" in text


def test_a_hostile_title_cannot_make_markup_or_mentions(repo: Path):
    hostile = "@maintainers <img src=x onerror=alert(1)> [click](https://evil.example) `x` | #1 ~~gone~~"
    edit(repo / "docs" / "lessons" / "listening.md", "title: Listening to each other", f"title: {json.dumps(hostile)}")
    commit_all(repo, "hostile title")
    text = report(repo, "--no-handouts")
    heading = next(line for line in text.splitlines() if line.startswith("### Lesson changed: "))
    assert "<img" not in heading and "&lt;img src=x onerror=alert(1)&gt;" in heading
    assert "@\u2060maintainers" in heading and "#\u20601" in heading
    assert "\\[click\\](https://evil.example)" in heading and "\\`x\\`" in heading and "\\|" in heading and "\\~\\~gone\\~\\~" in heading


def test_comment_escaping_helpers():
    assert comment_text("a\nb  c") == "a b c"
    assert code_span("a`b") == "``a`b``" and code_span("`x") == "`` `x ``"
    assert fill("%(who)s wrote *%(what)s*", who="@you", what=code_span("x")) == "@\u2060you wrote \\*`x`\\*"
    assert fill("%(unknown)s stays", who="x") == "%(unknown)s stays"


def test_a_translation_edited_with_its_source_but_not_restamped(repo: Path):
    edit(repo / "docs" / "lessons" / "listening.md", "Say your name and your shift.", "Say your name and the shift you work.")
    edit(repo / "docs" / "lessons" / "listening.es.md", "Diga su nombre y su turno.", "Diga su nombre y el turno en que trabaja.")
    commit_all(repo, "opening round, in both languages")
    text = report(repo, "--no-handouts")
    assert "### Lesson changed: Listening to each other" in text  # English and Spanish: the report speaks English
    assert (
        "- Español (es): the translation is edited in this change; it is now out of date. Passages changed: Opening round: Nombres (`checkin-1`)."
        " Once it says what the English says, record the English version it follows (see the contributor guide)." in text
    )
    assert "puts the translation out of date" not in text  # it is not left behind unnoticed: it was edited
    assert re.search(r"\*\*Passages changed \(1 of \d+\):\*\* Opening round: Names \(`checkin-1`\)", text), text
