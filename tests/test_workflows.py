"""The CI partners get: the reusable GitHub Action (action.yml), the workflow `charters init`
writes (and this repository runs, with the action from its own checkout), the GitLab
template. They use only well-known actions pinned to commits, pass zizmor's strictest
audit, and their steps work on a real pull request."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.scaffold.init import tool_files
from generator.scaffold.tool import this_tool
from tests.actions import Runner
from tests.conftest import REPO
from tests.gitrepo import ADA, PATH, TOMAS, GitRepo, charter
from tests.sites import with_site_settings

WELL_KNOWN_ACTIONS = {
    "actions/cache",
    "actions/cache/save",
    "actions/checkout",
    "actions/setup-python",
    "actions/upload-artifact",
    "actions/upload-pages-artifact",
    "actions/deploy-pages",
    "marocchino/sticky-pull-request-comment",
}
# `uses: owner/name@<full commit id> # v1.2.3`: a tag can be moved, a commit cannot.
PINNED = re.compile(r"^\s*(?:- )?uses: (?P<action>[\w./-]+)@[0-9a-f]{40} # v\d+\.\d+\.\d+$")
RELEASE_COMMIT = "0123456789abcdef0123456789abcdef01234567"  # what init found for the release tag
ACTION = REPO / "action.yml"
WORKFLOW = REPO / ".github/workflows/charters.yml"
INSTALL_STEP = "Install the charters tool from this action's own checkout"  # the tool is installed where tests run


def generated_workflow() -> str:
    return tool_files(this_tool(), "github", RELEASE_COMMIT)[".github/workflows/charters.yml"].decode()


def test_actions_are_well_known_and_pinned_to_a_commit() -> None:
    tool = this_tool()
    for text in (ACTION.read_text(), WORKFLOW.read_text(), generated_workflow()):
        lines = [
            line
            for line in text.splitlines()
            if "uses:" in line and "uses: ./" not in line and not line.lstrip().startswith("#")
        ]
        pinned = [PINNED.match(line) for line in lines]
        assert all(pinned), [line for line, match in zip(lines, pinned, strict=True) if not match]
        assert {match["action"] for match in pinned} <= WELL_KNOWN_ACTIONS | {tool.action_name}
    assert f"uses: {tool.action_name}@{RELEASE_COMMIT} # {tool.ref}" in generated_workflow()


def test_this_repository_runs_the_workflow_init_writes() -> None:
    """Only the action's source differs: this checkout instead of the release."""
    tool = this_tool()
    body = generated_workflow().split("\nname: Charters\n", 1)[1]
    assert WORKFLOW.read_text().split("\nname: Charters\n", 1)[1] == body.replace(
        f"{tool.action_name}@{RELEASE_COMMIT} # {tool.ref}",
        "./ # zizmor: ignore[self-repository] this checkout's action, at the same commit",
    )


@pytest.mark.parametrize("text", [WORKFLOW.read_text(), generated_workflow()], ids=["this", "generated"])
def test_jobs_are_limited_in_time_keep_no_token_and_publish_daily(text: str) -> None:
    workflow = yaml.safe_load(text)
    assert workflow[True]["pull_request"] is None, "`on:` reads as true in YAML 1.1"
    assert re.fullmatch(r"\d+ \d+ \* \* \*", workflow[True]["schedule"][0]["cron"]), "a daily run"
    assert workflow["jobs"]["publish"]["if"] == "github.event_name != 'pull_request'", "scheduled runs publish"
    assert all(0 < job["timeout-minutes"] <= 30 for job in workflow["jobs"].values())
    checkouts = [
        step
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if "actions/checkout@" in step.get("uses", "")
    ]
    assert checkouts and all(step["with"]["fetch-depth"] == 0 for step in checkouts)
    assert all(step["with"]["persist-credentials"] is False for step in checkouts), "no token left in .git/config"


@pytest.mark.parametrize("which", ["action", "this", "generated"])
def test_zizmor_finds_nothing(tmp_path: Path, which: str) -> None:
    """zizmor, a security linter for GitHub workflows and actions, with its strictest persona;
    offline, so the audits that ask GitHub (impostor commits, known vulnerable actions) do not run."""
    if which == "action":
        target = ACTION
    elif which == "this":
        target = WORKFLOW
    else:
        target = tmp_path / ".github" / "workflows" / "charters.yml"
        target.parent.mkdir(parents=True)
        target.write_text(generated_workflow())
    environment = {key: value for key, value in os.environ.items() if "TOKEN" not in key}
    completed = subprocess.run(
        [
            str(Path(sys.executable).with_name("zizmor")),
            "--offline",
            "--no-config",
            "--persona",
            "auditor",
            str(target),
        ],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


@pytest.fixture
def pull_request_clone(tmp_path: Path) -> GitRepo:
    """A clone with origin/main, on a branch that changes a charter the right way."""
    origin = with_site_settings(GitRepo(tmp_path / "origin"))
    origin.commit("Add the charter", {PATH: charter()}, approvals=(ADA,))
    work = GitRepo(tmp_path / "clone", clone_of=origin)
    work.branch("tighten", "origin/main")
    tighter = charter("riverside-greenmill", ("version: 1", "version: 2"), ("value: 48", "value: 24"))
    work.commit("Notice within 24 hours", {PATH: tighter}, approvals=(ADA,))
    return work


def _runner(clone: GitRepo) -> Runner:
    tool = Path(sys.executable).parent
    environment = {
        **os.environ,
        "PATH": f"{tool}:{os.environ['PATH']}",
        "GITHUB_ACTIONS": "true",
        "RUNNER_TEMP": str(clone.root.parent),
    }
    return Runner(clone.root, environment, {"./": REPO}, frozenset({INSTALL_STEP}))


def _job(name: str) -> list[dict]:
    return yaml.safe_load(WORKFLOW.read_text())["jobs"][name]["steps"]


def test_the_check_job_comments_annotates_and_builds_a_preview(pull_request_clone: GitRepo) -> None:
    run = _runner(pull_request_clone).run(_job("check"), {"github.base_ref": "main", "github.sha": "x"})
    assert run.failed is None, [(line, done.stdout, done.stderr) for line, done in run.commands]
    assert "marocchino/sticky-pull-request-comment" in run.used and "actions/upload-artifact" in run.used
    assert "Version 1 → 2." in (pull_request_clone.root / "pr-check.md").read_text()
    assert (pull_request_clone.root / "site" / "charters" / "riverside-greenmill" / "v2" / "index.html").is_file()


def test_the_check_job_comments_before_it_fails_on_a_broken_charter(pull_request_clone: GitRepo) -> None:
    broken = charter("riverside-greenmill", ("version: 1", "version: 2"), ("cadence: monthly", "cadance: monthly"))
    pull_request_clone.commit("A typo", {PATH: broken})
    run = _runner(pull_request_clone).run(_job("check"), {"github.base_ref": "main", "github.sha": "x"})
    assert run.failed == "Fail when a rule is broken"
    assert "marocchino/sticky-pull-request-comment" in run.used, "the comment is posted first"
    annotations = next(done.stdout for line, done in run.commands if "charters validate" in line)
    assert re.search(r"^::error file=charters/riverside-greenmill\.yaml,line=\d+", annotations, re.MULTILINE)


def test_the_publish_job_hands_a_site_of_today_to_pages(pull_request_clone: GitRepo) -> None:
    run = _runner(pull_request_clone).run(_job("publish"), {"github.sha": "x", "github.run_id": "1"})
    assert run.failed is None, [(line, done.stdout, done.stderr) for line, done in run.commands]
    assert run.used[-2:] == ["actions/upload-pages-artifact", "actions/deploy-pages"]
    assert (pull_request_clone.root / "site" / "index.html").is_file()


GITLAB_TEMPLATE = REPO / "templates" / "charters.gitlab-ci.yml"


def test_gitlab_ci_includes_the_template_here_and_from_the_release_in_partners_repositories() -> None:
    (spec, _) = yaml.safe_load_all(GITLAB_TEMPLATE.read_text())
    assert "default" not in spec["spec"]["inputs"]["install"], "init always says where from"
    assert yaml.safe_load((REPO / ".gitlab-ci.yml").read_text())["include"] == [
        {"local": "templates/charters.gitlab-ci.yml", "inputs": {"install": "."}}
    ]
    tool = this_tool()
    generated = yaml.safe_load(tool_files(tool, "gitlab")[".gitlab-ci.yml"])
    assert generated["include"] == [
        {"remote": tool.raw_file("templates/charters.gitlab-ci.yml"), "inputs": {"install": tool.requirement}}
    ]
    assert tool.ref in generated["include"][0]["remote"] and tool.ref in tool.requirement


def test_every_gitlab_job_runs_on_a_real_merge_request(pull_request_clone: GitRepo) -> None:
    (_, pipeline) = yaml.safe_load_all(GITLAB_TEMPLATE.read_text())
    before = [line for line in pipeline[".charters"]["before_script"] if "inputs.install" not in line]
    tool = Path(sys.executable).parent
    environment = {
        **os.environ,
        "PATH": f"{tool}:{os.environ['PATH']}",
        "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
    }
    for job in ("charters-check", "site-preview", "pages"):
        script = "\n".join([*before, *pipeline[job]["script"]])
        completed = subprocess.run(
            ["bash", "-e", "-c", script],
            cwd=pull_request_clone.root,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        assert completed.returncode == 0, f"{job}\n{completed.stdout}\n{completed.stderr}"
    assert (pull_request_clone.root / "gl-code-quality-report.json").read_text().startswith("[")
    assert (pull_request_clone.root / "public" / "index.html").is_file()
    assert "Version 1 → 2." in (pull_request_clone.root / "pr-check.md").read_text()


def test_the_ratified_job_is_the_all_parties_gate(pull_request_clone: GitRepo) -> None:
    """Greenmill has not approved version 2 yet: the gate fails until it does."""
    waiting = _runner(pull_request_clone).run(_job("ratified"), {"github.base_ref": "main", "github.sha": "x"})
    assert waiting.failed == "Check that every party ratified"
    pull_request_clone.commit(f"Approve\n\nApproves: riverside-greenmill v2\nApproved-by: {TOMAS}", author=TOMAS)
    ready = _runner(pull_request_clone).run(_job("ratified"), {"github.base_ref": "main", "github.sha": "x"})
    assert ready.failed is None, [(line, done.stdout, done.stderr) for line, done in ready.commands]
