"""The ready-made CI for partners' repositories: the workflow files parse, use only
well-known actions, and every command they run works on a real repository."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO
from tests.gitrepo import ADA, PATH, GitRepo, charter
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
TOOL_INSTALL = "pip install -e ."  # the tool is already installed where the tests run


WORKFLOW = REPO / ".github/workflows/charters.yml"


def github_steps() -> list[dict]:
    workflow = yaml.safe_load(WORKFLOW.read_text())
    assert workflow[True]["pull_request"] is None, "`on:` reads as true in YAML 1.1"
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def github_commands() -> list[tuple[str, dict]]:
    """Each run: line that a passing pull request executes, with its step's environment."""
    commands = []
    for step in github_steps():
        if "run" in step and step.get("if", "always()") == "always()":
            environment = {key: "main" for key in step.get("env", {})}
            commands += [
                (line, environment)
                for line in step["run"].splitlines()
                if line.strip() and line.strip() != TOOL_INSTALL
            ]
    return commands


def gitlab_commands() -> list[tuple[str, dict]]:
    pipeline = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text())
    assert pipeline["default"]["before_script"] == [TOOL_INSTALL]
    environment = {"CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"}
    return [
        (line, environment)
        for job in pipeline.values()
        if isinstance(job, dict) and "script" in job
        for line in job["script"]
    ]


def test_only_well_known_actions_are_used_each_pinned_to_a_commit() -> None:
    lines = [line for line in WORKFLOW.read_text().splitlines() if "uses:" in line]
    pinned = [PINNED.match(line) for line in lines]
    assert all(pinned), [line for line, match in zip(lines, pinned, strict=True) if not match]
    assert {match["action"] for match in pinned} <= WELL_KNOWN_ACTIONS
    checkouts = [step for step in github_steps() if step.get("uses", "").startswith("actions/checkout@")]
    assert checkouts and all(step["with"]["fetch-depth"] == 0 for step in checkouts)
    assert all(step["with"]["persist-credentials"] is False for step in checkouts), "no token left in .git/config"


def test_every_job_has_a_time_limit() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text())
    assert all(0 < job["timeout-minutes"] <= 30 for job in workflow["jobs"].values())


def test_zizmor_finds_nothing_in_the_workflow(tmp_path: Path) -> None:
    """zizmor, a security linter for GitHub workflows, with its strictest persona; offline,
    so the audits that ask GitHub (impostor commits, known vulnerable actions) do not run."""
    environment = {key: value for key, value in os.environ.items() if "TOKEN" not in key}
    completed = subprocess.run(
        [
            str(Path(sys.executable).with_name("zizmor")),
            "--offline",
            "--no-config",
            "--persona",
            "auditor",
            str(WORKFLOW),
        ],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


@pytest.fixture
def pull_request_clone(tmp_path: Path) -> Path:
    """A clone with origin/main, on a branch that changes a charter the right way."""
    origin = with_site_settings(GitRepo(tmp_path / "origin"))
    origin.commit("Add the charter", {PATH: charter()}, approvals=(ADA,))
    work = GitRepo(tmp_path / "clone", clone_of=origin)
    work.branch("tighten", "origin/main")
    tighter = charter("riverside-greenmill", ("version: 1", "version: 2"), ("value: 48", "value: 24"))
    work.commit("Notice within 24 hours", {PATH: tighter}, approvals=(ADA,))
    return work.root


@pytest.mark.parametrize("platform", ["github", "gitlab"])
def test_every_workflow_command_runs_on_a_real_repository(platform: str, pull_request_clone: Path) -> None:
    commands = github_commands() if platform == "github" else gitlab_commands()
    assert any(line.startswith("charters check-pr") for line, _ in commands)
    tool = Path(sys.executable).parent
    for line, environment in commands:
        completed = subprocess.run(
            ["bash", "-e", "-c", line],
            cwd=pull_request_clone,
            env={**os.environ, "PATH": f"{tool}:{os.environ['PATH']}", **environment},
            capture_output=True,
            text=True,
            check=False,
        )
        assert completed.returncode == 0, f"{line}\n{completed.stdout}\n{completed.stderr}"
    if platform == "gitlab":
        assert (pull_request_clone / "gl-code-quality-report.json").read_text().startswith("[")
        assert (pull_request_clone / "public" / "index.html").is_file()
    else:
        assert (pull_request_clone / "site" / "charters" / "riverside-greenmill" / "v2" / "index.html").is_file()
    assert "Version 1 → 2." in (pull_request_clone / "pr-check.md").read_text()
