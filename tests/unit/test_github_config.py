"""The GitHub configuration: workflows, issue forms, the pull-request template and the
pre-commit hook. GitHub cannot be reached from here, so the actions are checked against
an explicit list of the commits of their releases that we have read (each pinned
commit was looked up in several public workflows that name the same release). Each check
is a function returning problems; the tests run it on the real files and on broken
copies, so that every check is seen to fail when it should."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from caucus.core import vocabulary
from caucus.core.settings import read_settings
from conftest import ROOT, copy_tiny, run

GITHUB = ROOT / ".github"
PR_WORKFLOW = GITHUB / "workflows" / "pr.yml"
COMMENT_WORKFLOW = GITHUB / "workflows" / "pr-comment.yml"
PAGES_WORKFLOW = GITHUB / "workflows" / "pages.yml"
ISSUE_FORMS = GITHUB / "ISSUE_TEMPLATE"

# Actions, and the commit of each release we use (a tag can be moved to other code; a
# commit cannot).
KNOWN_ACTIONS: dict[str, dict[str, str]] = {
    "actions/checkout": {"11bd71901bbe5b1630ceea73d27597364c9af683": "v4.2.2"},
    "actions/upload-artifact": {"ea165f8d65b6e75b540449e92b4886f43607fa02": "v4.6.2"},
    "actions/download-artifact": {"d3f86a106a0bac45b974a628896c90dbdf5c8093": "v4.3.0"},
    "actions/github-script": {"60a0d83039c74a4aee543508d2ffcb1c3799cdea": "v7.0.1"},
    "actions/configure-pages": {"983d7736d9b0ae728b81ab479565c72886d7745b": "v5.0.0"},
    "actions/upload-pages-artifact": {"56afc609e74202658d3ffba0e8f6dda462b719fa": "v3.0.1"},
    "actions/deploy-pages": {"d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e": "v4.0.5"},
}


def parse(text: str) -> dict[str, Any]:
    data = yaml.safe_load(text)
    assert isinstance(data, dict), "the file must hold a mapping"
    if True in data and "on" not in data:  # YAML 1.1 reads the key 'on' as true
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict) -> list[dict]:
    return [step for job in (workflow.get("jobs") or {}).values() for step in (job.get("steps") or [])]


def commands(workflow: dict) -> list[str]:
    """Each shell command the workflow runs, with continued lines joined."""
    found = []
    for step in steps(workflow):
        script = re.sub(r"\\\n\s*", " ", step.get("run") or "")
        found += [" ".join(line.split()) for line in script.splitlines() if line.strip() and not line.strip().startswith("#")]
    return found


def runs(workflow: dict, command: str) -> int | None:
    """The index of the first command that is ``command`` or starts with it and an argument."""
    for i, line in enumerate(commands(workflow)):
        if line == command or line.startswith(command + " "):
            return i
    return None


def workflow_problems(workflow: dict) -> list[str]:
    problems = []
    if not workflow.get("on"):
        problems.append("no 'on:' (what starts the workflow)")
    jobs = workflow.get("jobs")
    if not isinstance(jobs, dict) or not jobs:
        return problems + ["no jobs"]
    for name, job in jobs.items():
        if "runs-on" not in job:
            problems.append(f"job '{name}' has no 'runs-on'")
        for step in job.get("steps") or []:
            if ("uses" in step) == ("run" in step):
                problems.append(f"job '{name}': a step must have either 'uses' or 'run': {step}")
        for need in [job["needs"]] if isinstance(job.get("needs"), str) else job.get("needs") or []:
            if need not in jobs:
                problems.append(f"job '{name}' needs unknown job '{need}'")
    for step in steps(workflow):
        action = step.get("uses")
        if action is None:
            continue
        m = re.fullmatch(r"([\w.-]+/[\w.-]+)@([0-9a-f]{40})", action)
        if m is None:
            problems.append(f"action '{action}' must be pinned to a commit: owner/name@<40 hex digits> # release")
        elif m.group(1) not in KNOWN_ACTIONS:
            problems.append(f"unknown action '{m.group(1)}' (known: {', '.join(sorted(KNOWN_ACTIONS))})")
        elif m.group(2) not in KNOWN_ACTIONS[m.group(1)]:
            problems.append(f"action '{m.group(1)}' is pinned to a commit we do not know to be a release: {m.group(2)}")
    return problems


def pin_comment_problems(text: str) -> list[str]:
    """Each pinned action says, in a comment, which release its commit is (YAML drops
    comments, so this reads the text)."""
    problems = []
    for action, commit, comment in re.findall(r"uses:\s*([\w.-]+/[\w.-]+)@(\S+)[ \t]*(#[^\n]*)?", text):
        release = KNOWN_ACTIONS.get(action, {}).get(commit)
        if release is not None and comment.strip("# ").split(" ")[0] != release:
            problems.append(f"'{action}@{commit[:12]}' must say '# {release}' after it")
    return problems


def readme_make_commands() -> list[str]:
    """The `make ...` commands in the code blocks of README's set-up section, except
    `make serve` and `make serve-all`, servers that run until stopped."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    readme = readme.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```", readme, re.M | re.S)
    found = []
    for line in "\n".join(blocks).splitlines():
        m = re.match(r"\s*(make [\w-]+)", line)
        if m and m.group(1) not in found and m.group(1) not in ("make serve", "make serve-all"):
            found.append(m.group(1))
    return found


def debian_packages() -> tuple[set[str], set[str]]:
    """(what the build needs: README's set-up, what CI needs besides: .ci/run)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    build = {name for group in re.findall(r"`((?:lib[\w.+-]+\s?)+)`", setup) for name in group.split()}
    ci = re.search(r"^packages=\(([^)]*)\)", (ROOT / ".ci" / "run").read_text(encoding="utf-8"), re.M)
    return build, set(ci.group(1).split())


def installed_with_apt(workflow: dict) -> set[str]:
    names: set[str] = set()
    for line in commands(workflow):
        if "apt-get install" in line:
            names |= {word for word in line.split("apt-get install", 1)[1].split() if not word.startswith("-")}
    return names


def pr_workflow_problems(workflow: dict) -> list[str]:
    problems = workflow_problems(workflow)
    on = workflow.get("on") or {}
    if "pull_request" not in on:
        problems.append("does not run on pull requests")
    check = runs(workflow, ".venv/bin/caucus check --format github")
    if check is None:
        problems.append("does not run 'caucus check --format github' (the annotations on the lines)")
    for command in readme_make_commands():
        at = runs(workflow, command)
        if at is None:
            problems.append(f"does not run '{command}' (a README command)")
        elif check is not None and at < check:
            problems.append(f"runs '{command}' before the checker: the annotations come first")
    uploads = [s for s in steps(workflow) if str(s.get("uses", "")).startswith("actions/upload-artifact@")]
    if not any(str((s.get("with") or {}).get("path", "")).rstrip("/") == "site" for s in uploads):
        problems.append("does not upload the built site/ as an artifact")
    build, ci = debian_packages()
    missing = (build | ci) - installed_with_apt(workflow)
    if missing:
        problems.append(f"does not install the Debian packages {sorted(missing)}")
    report = next((s for s in steps(workflow) if "caucus report --base" in str(s.get("run"))), None)
    if report is None:
        problems.append("does not write the report ('caucus report --base')")
    elif "!cancelled()" not in str(report.get("if")):
        problems.append("the report must be written even when a check before it failed ('if: !cancelled()')")
    if not any(str(s.get("uses", "")).startswith("actions/upload-artifact@") and (s.get("with") or {}).get("name") == "report" for s in steps(workflow)):
        problems.append("does not keep the report as the artifact 'report' (the comment workflow reads it)")
    if runs(workflow, ".venv/bin/caucus translations sync --check") is None:
        problems.append("does not check that the PO files and the translations are in step ('caucus translations sync --check')")
    if runs(workflow, ".venv/bin/properdocs build --strict") is None:
        problems.append("does not build the site with ProperDocs")
    return problems + untrusted_problems(workflow)


def _writes(permissions: object) -> list[str]:
    """The scopes a 'permissions:' value lets a job write (GitHub's default, when it is
    absent, may be write-all)."""
    if permissions is None:
        return ["(none given: the repository's default, which may be write-all)"]
    if isinstance(permissions, str):
        return [] if permissions == "read-all" else [permissions]
    return [scope for scope, level in permissions.items() if level != "read" and level != "none"]


def untrusted_problems(workflow: dict) -> list[str]:
    """The workflow that runs a pull request's code can write nothing and holds no secret."""
    problems = []
    on = workflow.get("on") or {}
    if "pull_request_target" in on or "workflow_run" in on:
        problems.append("runs the pull request's code with a trigger that gets a write token ('pull_request_target', 'workflow_run')")
    for scope in _writes(workflow.get("permissions")):
        problems.append(f"the workflow's token can write: {scope}")
    for name, job in (workflow.get("jobs") or {}).items():
        if "permissions" in job:
            problems += [f"job '{name}' can write: {scope}" for scope in _writes(job["permissions"])]
        if "secrets" in str(job):
            problems.append(f"job '{name}' uses secrets")
        for step in job.get("steps") or []:
            if str(step.get("uses", "")).startswith("actions/checkout@") and (step.get("with") or {}).get("persist-credentials") is not False:
                problems.append(f"job '{name}' keeps the token in its checkout ('persist-credentials: false')")
    return problems


def comment_workflow_problems(workflow: dict, checked_by: str) -> list[str]:
    """The job that can write a comment runs nothing of the pull request's."""
    problems = workflow_problems(workflow)
    run = (workflow.get("on") or {}).get("workflow_run") or {}
    if checked_by not in (run.get("workflows") or []) or run.get("types") != ["completed"]:
        problems.append(f"is not started when '{checked_by}' completes")
    if set(workflow.get("on") or {}) != {"workflow_run"}:
        problems.append("must be started by workflow_run alone")
    if workflow.get("permissions") != {}:
        problems.append("the workflow's token must have no permission but what its job asks for ('permissions: {}')")
    for name, job in (workflow.get("jobs") or {}).items():
        allowed = {"actions": "read", "pull-requests": "write"}
        extra = {k: v for k, v in (job.get("permissions") or {}).items() if allowed.get(k) != v}
        if extra:
            problems.append(f"job '{name}' asks for more than it needs: {extra}")
        if "pull_request" not in str(job.get("if")):
            problems.append(f"job '{name}' must run only for pull-request runs")
        if "secrets." in str(job):
            problems.append(f"job '{name}' uses secrets")
        for step in job.get("steps") or []:
            action = str(step.get("uses", "")).split("@")[0]
            if "run" in step or action not in ("actions/download-artifact", "actions/github-script"):
                problems.append(f"job '{name}' runs a step that is not reading the artifact or posting it: {step.get('name') or step.get('uses') or 'run'}")
            if action == "actions/download-artifact" and (step.get("with") or {}).get("run-id") != "${{ github.event.workflow_run.id }}":
                problems.append("the artifact must come from the run that started this one")
            script = str((step.get("with") or {}).get("script", ""))
            if action == "actions/github-script":
                if "head_sha" not in script or "pulls.get" not in script:
                    problems.append("the script must check that the pull request's head is the commit that was checked")
                if "updateComment" not in script or "<!-- caucus-report -->" not in script:
                    problems.append("the script must update its own comment (found by its marker) instead of adding one each time")
                if re.search(r"child_process|\beval\(|new Function|require\(\s*['\"]\.", script):
                    problems.append("the script must not run anything it reads")
    return problems


def pages_workflow_problems(workflow: dict) -> list[str]:
    problems = workflow_problems(workflow)
    push = (workflow.get("on") or {}).get("push") or {}
    if "main" not in (push.get("branches") or []):
        problems.append("does not publish on a push to main")
    permissions = workflow.get("permissions") or {}
    for scope, level in (("pages", "write"), ("id-token", "write"), ("contents", "read")):
        if permissions.get(scope) != level:
            problems.append(f"needs permission {scope}: {level}")
    used = {str(s.get("uses", "")).split("@")[0]: s for s in steps(workflow)}
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        if action not in used:
            problems.append(f"does not use {action}")
    if str((used.get("actions/upload-pages-artifact", {}).get("with") or {}).get("path", "")).rstrip("/") != "site":
        problems.append("does not publish site/")
    if runs(workflow, "make site") is None:
        problems.append("does not build with 'make site'")
    deploy = [
        job for job in (workflow.get("jobs") or {}).values() if any(str(s.get("uses", "")).startswith("actions/deploy-pages@") for s in job.get("steps") or [])
    ]
    if deploy and (deploy[0].get("environment") or {}).get("name") != "github-pages":
        problems.append("the deploy job must use the 'github-pages' environment")
    missing = debian_packages()[0] - installed_with_apt(workflow)
    if missing:
        problems.append(f"does not install the Debian packages {sorted(missing)}")
    return problems


# --- workflows ------------------------------------------------------------------


def test_readme_commands_are_found():
    assert readme_make_commands() == ["make site", "make test"]
    build, ci = debian_packages()
    assert {"libpango-1.0-0", "libpangoft2-1.0-0"} <= build and "chromium" in ci


@pytest.mark.parametrize("path, check", [(PR_WORKFLOW, pr_workflow_problems), (PAGES_WORKFLOW, pages_workflow_problems)])
def test_workflow_is_right(path: Path, check: Callable[[dict], list[str]]):
    assert check(parse(path.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("path", [PR_WORKFLOW, COMMENT_WORKFLOW, PAGES_WORKFLOW], ids=lambda p: p.name)
def test_every_action_says_its_release(path: Path):
    text = path.read_text(encoding="utf-8")
    assert "uses:" in text and pin_comment_problems(text) == []


def test_the_release_comment_check_fails_on_a_wrong_comment():
    text = PR_WORKFLOW.read_text(encoding="utf-8").replace("# v4.2.2", "# v4.1.0", 1)
    assert pin_comment_problems(text) == ["'actions/checkout@11bd71901bbe' must say '# v4.2.2' after it"]


def test_comment_workflow_is_right():
    checked_by = parse(PR_WORKFLOW.read_text(encoding="utf-8"))["name"]
    assert comment_workflow_problems(parse(COMMENT_WORKFLOW.read_text(encoding="utf-8")), checked_by) == []


BROKEN_COMMENT = [
    ("permissions: {}", "permissions: write-all", "('permissions: {}')"),
    ("      pull-requests: write # to write the comment", "      pull-requests: write\n      contents: write", "asks for more than it needs"),
    ("    types: [completed]", "    types: [requested]", "is not started when"),
    ("  workflow_run:\n", "  pull_request_target:\n  workflow_run:\n", "workflow_run alone"),
    (
        "    steps:\n",
        "    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n",
        "not reading the artifact or posting it",
    ),
    ("    steps:\n", "    steps:\n      - run: bash report/report.md\n", "not reading the artifact or posting it"),
    ("if (pull.head.sha !== run.head_sha) {", "if (false) {", None),
    ("run-id: ${{ github.event.workflow_run.id }}", "run-id: ${{ github.event.workflow_run.id }}1", "from the run that started this one"),
    ("await github.rest.issues.updateComment(", "await github.rest.issues.createComment(", "update its own comment"),
    ('const fs = require("fs");', 'const fs = require("fs"); require("./report/x.js");', "must not run anything it reads"),
    ("github.event.workflow_run.event == 'pull_request' && ", "", "only for pull-request runs"),
]


@pytest.mark.parametrize("old, new, expected", BROKEN_COMMENT, ids=[str(case[2]) for case in BROKEN_COMMENT])
def test_comment_workflow_check_fails_on_a_broken_workflow(old: str, new: str, expected: str | None):
    text = COMMENT_WORKFLOW.read_text(encoding="utf-8")
    assert old in text
    broken = text.replace(old, new, 1)
    if expected is None:  # the head check: the script no longer compares the commits
        broken = broken.replace("run.head_sha", "run.id")
        expected = "head is the commit that was checked"
    problems = comment_workflow_problems(parse(broken), "Check a pull request")
    assert any(expected in p for p in problems), problems


BROKEN_UNTRUSTED = [
    ("permissions:\n  contents: read", "permissions:\n  contents: write", "the workflow's token can write: contents"),
    ("permissions:\n  contents: read", "permissions: write-all", "the workflow's token can write: write-all"),
    ("permissions:\n  contents: read\n", "", "none given"),
    ("  pull_request:\n", "  pull_request_target:\n", "trigger that gets a write token"),
    ("          persist-credentials: false\n", "", "keeps the token in its checkout"),
    ('      CI: "true"\n', '      CI: "true"\n      TOKEN: ${{ secrets.DEPLOY }}\n', "uses secrets"),
    ("    timeout-minutes: 45\n", "    timeout-minutes: 45\n    permissions:\n      pull-requests: write\n", "job 'check' can write: pull-requests"),
]


@pytest.mark.parametrize("old, new, expected", BROKEN_UNTRUSTED, ids=[case[2] for case in BROKEN_UNTRUSTED])
def test_the_untrusted_workflow_check_fails_when_it_could_write(old: str, new: str, expected: str):
    text = PR_WORKFLOW.read_text(encoding="utf-8")
    assert old in text
    problems = untrusted_problems(parse(text.replace(old, new, 1)))
    assert any(expected in p for p in problems), problems


BROKEN_PR = [
    ("actions/checkout@11bd", "actions/chekout@11bd", "unknown action 'actions/chekout'"),
    ("upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02", "upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa03", "not know to be a release"),
    ("upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02", "upload-artifact@v4", "must be pinned to a commit"),
    ('--base "$BASE_SHA"', '--bass "$BASE_SHA"', "does not write the report"),
    (
        "if: ${{ !cancelled() && github.event_name == 'pull_request' }}\n        env:",
        "if: ${{ github.event_name == 'pull_request' }}\n        env:",
        "even when a check before it failed",
    ),
    ("name: report\n", "name: comment\n", "the artifact 'report'"),
    ("run: .venv/bin/properdocs build --strict", "run: .venv/bin/mkdocs build --strict", "with ProperDocs"),
    ("caucus translations sync --check", "caucus translations", "are in step"),
    ("run: make test", "run: make tests", "does not run 'make test'"),
    ("run: make site", "run: .venv/bin/mkdocs build", "does not run 'make site'"),
    ("caucus check --format github", "caucus check", "does not run 'caucus check --format github'"),
    ("path: site/", "path: public/", "does not upload the built site/"),
    ("fontconfig chromium", "fontconfig", "Debian packages ['chromium']"),
    ("  pull_request:\n", "  push:\n", "does not run on pull requests"),
]


@pytest.mark.parametrize("old, new, expected", BROKEN_PR, ids=[case[2] for case in BROKEN_PR])
def test_pr_workflow_check_fails_on_a_broken_workflow(old: str, new: str, expected: str):
    text = PR_WORKFLOW.read_text(encoding="utf-8")
    assert old in text
    problems = pr_workflow_problems(parse(text.replace(old, new, 1)))
    assert any(expected in p for p in problems), problems


def test_pr_workflow_check_fails_when_the_checker_runs_after_the_build():
    workflow = parse(PR_WORKFLOW.read_text(encoding="utf-8"))
    job = next(iter(workflow["jobs"].values()))
    check = next(s for s in job["steps"] if "caucus check" in str(s.get("run")))
    job["steps"].remove(check)
    job["steps"].append(check)
    assert any("before the checker" in p for p in pr_workflow_problems(workflow))


BROKEN_PAGES = [
    ("actions/deploy-pages@d6db", "actions/deploy-page@d6db", "unknown action 'actions/deploy-page'"),
    ("actions/configure-pages@983d7736d9b0ae728b81ab479565c72886d7745b", "actions/configure-pages@v5", "must be pinned to a commit"),
    ("  pages: write", "  pages: read", "needs permission pages: write"),
    ("  id-token: write\n", "", "needs permission id-token: write"),
    ("branches: [main]", "branches: [master]", "does not publish on a push to main"),
    ("run: make site", "run: mkdocs build", "does not build with 'make site'"),
    ("name: github-pages", "name: pages", "'github-pages' environment"),
    ("needs: build", "needs: built", "needs unknown job 'built'"),
]


@pytest.mark.parametrize("old, new, expected", BROKEN_PAGES, ids=[case[2] for case in BROKEN_PAGES])
def test_pages_workflow_check_fails_on_a_broken_workflow(old: str, new: str, expected: str):
    text = PAGES_WORKFLOW.read_text(encoding="utf-8")
    assert old in text
    problems = pages_workflow_problems(parse(text.replace(old, new, 1)))
    assert any(expected in p for p in problems), problems


def test_a_workflow_that_is_not_yaml_is_caught():
    text = PR_WORKFLOW.read_text(encoding="utf-8").replace("    steps:\n", "    steps:\n\t- oops\n", 1)
    with pytest.raises(yaml.YAMLError):
        parse(text)


# --- issue forms and the pull-request template --------------------------------------

FORM_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


def form_problems(form: dict) -> list[str]:
    """GitHub's issue-form schema, as far as a form of ours uses it."""
    problems = [f"no '{key}'" for key in ("name", "description", "body") if not form.get(key)]
    ids, labels = set(), set()
    for i, item in enumerate(form.get("body") or []):
        kind, attributes = item.get("type"), item.get("attributes") or {}
        if kind not in FORM_TYPES:
            problems.append(f"body item {i + 1}: unknown type '{kind}'")
            continue
        if kind == "markdown":
            if not attributes.get("value"):
                problems.append(f"body item {i + 1}: markdown needs 'value'")
            continue
        label = attributes.get("label")
        if not label:
            problems.append(f"body item {i + 1}: needs a 'label'")
        elif label in labels:
            problems.append(f"body item {i + 1}: label '{label}' is used twice")
        labels.add(label)
        if "id" in item:
            if not re.fullmatch(r"[A-Za-z0-9_-]+", str(item["id"])) or item["id"] in ids:
                problems.append(f"body item {i + 1}: id '{item['id']}' must be unique, in letters, digits, '-' and '_'")
            ids.add(item["id"])
        if kind in ("dropdown", "checkboxes"):
            options = attributes.get("options") or []
            if not options:
                problems.append(f"body item {i + 1}: needs 'options'")
            names = [o.get("label") if isinstance(o, dict) else o for o in options]
            if len(set(names)) != len(names):
                problems.append(f"body item {i + 1}: an option is listed twice")
    return problems


def dropdown_ids(form: dict, item_id: str) -> list[str]:
    """The ids in parentheses at the end of a dropdown's options: 'Unions (union)' -> 'union'."""
    item = next(i for i in form["body"] if i.get("id") == item_id)
    return [m.group(1) for option in item["attributes"]["options"] if (m := re.search(r"\(([a-z-]+)\)$", option))]


def read_form(name: str) -> dict:
    return parse((ISSUE_FORMS / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["propose-a-lesson.yml", "translate-a-lesson.yml"])
def test_issue_form_follows_the_schema(name: str):
    assert form_problems(read_form(name)) == []


def test_lesson_form_offers_the_settings_and_topics_of_the_vocabulary():
    form = read_form("propose-a-lesson.yml")
    assert dropdown_ids(form, "settings") == list(vocabulary.SETTINGS)
    assert dropdown_ids(form, "topics") == list(vocabulary.TOPICS)


def test_translation_form_offers_the_languages_of_the_site():
    settings = read_settings(ROOT / "mkdocs.yml")
    form = read_form("translate-a-lesson.yml")
    assert dropdown_ids(form, "language") == [lang for lang in settings.languages if lang != settings.default_lang]


def test_form_checks_fail_on_broken_forms():
    form = read_form("propose-a-lesson.yml")
    settings = next(i for i in form["body"] if i.get("id") == "settings")
    settings["attributes"]["options"] = settings["attributes"]["options"][:-1]  # a setting left out
    assert dropdown_ids(form, "settings") != list(vocabulary.SETTINGS)
    form["body"].append({"type": "input", "id": "title", "attributes": {"label": "Title"}})
    form["body"].append({"type": "dropdwn", "attributes": {"label": "X"}})
    del form["name"]
    problems = form_problems(form)
    assert "no 'name'" in problems
    assert any("label 'Title' is used twice" in p for p in problems)
    assert any("id 'title' must be unique" in p for p in problems)
    assert any("unknown type 'dropdwn'" in p for p in problems)


def test_pull_request_template_has_a_checklist():
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    items = re.findall(r"^- \[ \] (.+)$", text, re.M)
    assert len(items) >= 5
    assert any("caucus new" in item for item in items) and any("checks" in item for item in items)


# --- pre-commit ---------------------------------------------------------------------


def caucus_hook(text: str) -> dict:
    config = parse(text)
    return next(h for repo in config["repos"] if repo["repo"] == "local" for h in repo["hooks"] if h["id"] == "caucus-check")


def run_hook(hook: dict, files: list[str], cwd: Path):
    """Run the hook as pre-commit would (from the top of the project, with the matching
    changed files as arguments): its executable is relative to the project."""
    entry = shlex.split(hook["entry"])
    if not entry[0].startswith("/"):
        entry[0] = str(ROOT / entry[0])
    matching = [f for f in files if re.search(hook.get("files", ""), f)]
    return run(entry + (matching if hook.get("pass_filenames", True) else []), cwd), matching


@pytest.fixture
def tiny_with_problem(tmp_path: Path) -> Path:
    site = copy_tiny(tmp_path / "tiny")
    bad = site / "docs" / "lessons" / "mapping.md"
    text = bad.read_text(encoding="utf-8")
    assert "settings: [union, coop]" in text
    bad.write_text(text.replace("settings: [union, coop]", "settings: [unoin, coop]"), encoding="utf-8")
    return site


def hook_problems(hook: dict, site: Path) -> list[str]:
    problems = []
    if hook.get("language") != "system" or hook.get("pass_filenames") is not True:
        problems.append("the hook must run the project's own command on the changed files")
    good, matching = run_hook(hook, ["docs/lessons/listening.md", "docs/index.md"], site)
    if matching != ["docs/lessons/listening.md"]:
        problems.append(f"the hook must take the changed lessons only (took {matching})")
    if good.returncode != 0:
        problems.append(f"the hook fails on a good lesson: {good.stdout}{good.stderr}")
    bad, _ = run_hook(hook, ["docs/lessons/mapping.md"], site)
    if bad.returncode != 1 or not re.search(r"^docs/lessons/mapping\.md:\d+: unknown setting 'unoin'", bad.stdout, re.M):
        problems.append(f"the hook does not report the broken lesson: {bad.returncode} {bad.stdout}{bad.stderr}")
    return problems


def test_pre_commit_hook_checks_the_changed_lessons(tiny_with_problem: Path):
    hook = caucus_hook((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert hook_problems(hook, tiny_with_problem) == []


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("entry: .venv/bin/caucus check", "entry: .venv/bin/caucus chek", "fails on a good lesson"),
        ("files: ^docs/lessons/.*\\.md$", "files: ^docs/.*\\.md$", "changed lessons only"),
        ("pass_filenames: true", "pass_filenames: false", "on the changed files"),
    ],
)
def test_pre_commit_check_fails_on_a_broken_hook(tiny_with_problem: Path, old: str, new: str, expected: str):
    text = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert old in text
    problems = hook_problems(caucus_hook(text.replace(old, new)), tiny_with_problem)
    assert any(expected in p for p in problems), problems


# --- addresses ----------------------------------------------------------------------

CONTRIBUTOR_FILES = [
    "CONTRIBUTING.md",
    "CONTRIBUTING.es.md",
    "docs/contributing.md",
    "docs/contributing.es.md",
    ".github/pull_request_template.md",
    ".github/ISSUE_TEMPLATE/propose-a-lesson.yml",
    ".github/ISSUE_TEMPLATE/translate-a-lesson.yml",
    ".github/ISSUE_TEMPLATE/config.yml",
]


def address_problems(text: str, repo_url: str, site_url: str) -> list[str]:
    """Links to the repository and to the published site must match mkdocs.yml's
    repo_url and site_url, so that they keep working when either moves."""
    problems = []
    for url in re.findall(r"https://github\.com/[\w.-]+/[\w.-]+", text):
        if re.match(r"https://github\.com/[A-Z-]+/", url):
            continue  # a placeholder for the reader's own fork: YOUR-NAME, SU-NOMBRE
        if url != repo_url.rstrip("/"):
            problems.append(f"{url} is not the repository ({repo_url})")
    for url in re.findall(r"https://[\w.-]+\.github\.io/[^\s)\"'>]*", text):
        if not url.startswith(site_url):
            problems.append(f"{url} is not on the site ({site_url})")
    return problems


@pytest.mark.parametrize("name", CONTRIBUTOR_FILES)
def test_links_point_at_the_repository_and_the_site(name: str):
    settings = read_settings(ROOT / "mkdocs.yml")
    assert address_problems((ROOT / name).read_text(encoding="utf-8"), settings.repo_url, settings.site_url) == []


def test_address_check_fails_on_a_moved_repository():
    settings = read_settings(ROOT / "mkdocs.yml")
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    moved = text.replace(settings.repo_url, "https://github.com/someone-else/lessons").replace(settings.site_url, "https://someone-else.github.io/lessons/")
    problems = address_problems(moved, settings.repo_url, settings.site_url)
    assert any("is not the repository" in p for p in problems) and any("is not on the site" in p for p in problems)
