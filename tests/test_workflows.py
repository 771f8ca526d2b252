"""The ready-made CI for partners' repositories: the workflow files parse, use only
well-known actions, and every command they run works on a real repository."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO
from tests.gitrepo import ADA, PATH, GitRepo, charter
from tests.sites import with_site_settings

WELL_KNOWN_ACTIONS = {
    "actions/cache@v4",
    "actions/checkout@v4",
    "actions/setup-python@v5",
    "actions/upload-artifact@v4",
    "actions/upload-pages-artifact@v3",
    "actions/deploy-pages@v4",
    "marocchino/sticky-pull-request-comment@v2",
}
TOOL_INSTALL = "pip install -e ."  # the tool is already installed where the tests run


def github_steps() -> list[dict]:
    workflow = yaml.safe_load((REPO / ".github/workflows/charters.yml").read_text())
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


def test_only_well_known_actions_are_used() -> None:
    used = {step["uses"] for step in github_steps() if "uses" in step}
    assert used <= WELL_KNOWN_ACTIONS
    assert all(step["with"]["fetch-depth"] == 0 for step in github_steps() if step.get("uses") == "actions/checkout@v4")


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
