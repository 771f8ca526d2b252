"""The CI partners get: the reusable GitHub Action (action.yml), the workflow `charters init`
writes (and this repository runs, with the action from its own checkout), the GitLab
template. They use only well-known actions pinned to commits, pass zizmor's strictest
audit, and their steps work on a real pull request."""

from __future__ import annotations

import http.server
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from generator.scaffold.init import tool_files
from generator.scaffold.tool import this_tool
from tests.actions import Runner
from tests.conftest import REPO
from tests.gitrepo import ADA, PATH, TOMAS, V1, GitRepo, charter, ssh_key
from tests.platform import SshPlatform
from tests.sites import with_site_settings
from tests.test_ratification import with_rule

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


# What actions/upload-artifact gives the steps after it: the preview's own address.
PREVIEW_URL = "https://github.com/riverside/charters/actions/runs/7/artifacts/9"


def _check_context() -> dict[str, str]:
    return {"github.base_ref": "main", "github.sha": "x", "steps.preview.outputs.artifact-url": PREVIEW_URL}


def test_the_check_job_comments_annotates_and_builds_a_preview(pull_request_clone: GitRepo) -> None:
    run = _runner(pull_request_clone).run(_job("check"), _check_context())
    assert run.failed is None, [(line, done.stdout, done.stderr) for line, done in run.commands]
    assert "marocchino/sticky-pull-request-comment" in run.used and "actions/upload-artifact" in run.used
    assert run.used.index("actions/upload-artifact") < run.used.index("marocchino/sticky-pull-request-comment")
    comment = (pull_request_clone.root / "pr-check.md").read_text()
    assert "Version 1 → 2." in comment and f"]({PREVIEW_URL})" in comment, "the comment links the preview"
    assert (pull_request_clone.root / "site" / "charters" / "riverside-greenmill" / "v2" / "index.html").is_file()


def test_the_check_job_comments_before_it_fails_on_a_broken_charter(pull_request_clone: GitRepo) -> None:
    broken = charter("riverside-greenmill", ("version: 1", "version: 2"), ("cadence: monthly", "cadance: monthly"))
    pull_request_clone.commit("A typo", {PATH: broken})
    run = _runner(pull_request_clone).run(_job("check"), {**_check_context(), "steps.preview.outputs.artifact-url": ""})
    assert run.failed == "Fail when a rule is broken"
    assert "marocchino/sticky-pull-request-comment" in run.used, "the comment is posted first"
    assert (
        "actions/upload-artifact" not in run.used
        and "preview" not in (pull_request_clone.root / "pr-check.md").read_text()
    )
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


def _before_script() -> list[str]:
    """The template's set-up lines, but the install: the tool is installed where tests run."""
    (_, pipeline) = yaml.safe_load_all(GITLAB_TEMPLATE.read_text())
    return [line for line in pipeline[".charters"]["before_script"] if "inputs.install" not in line]


def test_every_gitlab_job_runs_on_a_real_merge_request(pull_request_clone: GitRepo) -> None:
    (_, pipeline) = yaml.safe_load_all(GITLAB_TEMPLATE.read_text())
    before = _before_script()
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


@pytest.fixture
def gitlab_instance(tmp_path: Path) -> Iterator[tuple[SshPlatform, str]]:
    """A GitLab that signs web commits with an SSH key, and its API's address, answering
    /web_commits/public_key as GitLab documents it (a list), here in the middle of a key
    rotation: an older key first, then the one it signs with."""
    gitlab = SshPlatform(tmp_path / "gitlab")
    _, older = ssh_key(tmp_path / "gitlab", "older")

    class Api(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            found = self.path == "/api/v4/web_commits/public_key"
            keys = [{"public_key": older}, {"public_key": gitlab.public_key}]
            body = json.dumps(keys).encode() if found else b"{}"
            self.send_response(200 if found else 404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Api)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield gitlab, f"http://127.0.0.1:{server.server_address[1]}/api/v4"
    server.shutdown()


def test_gitlab_jobs_ask_the_instance_for_its_key_so_web_approvals_count_as_signed(
    tmp_path: Path, gitlab_instance: tuple[SshPlatform, str]
) -> None:
    gitlab, api = gitlab_instance
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add the charter", {PATH: with_rule(V1, "signed")})
    line = "- {version: 1, position: approve, by: ada@riverside.example}\n"
    gitlab.commit(repo, "Approve in the web interface", {"approvals/riverside-greenmill.yaml": line}, author=ADA)
    script = "\n".join([*_before_script(), "charters approvals riverside-greenmill"])
    tool = Path(sys.executable).parent
    environment = {**os.environ, "PATH": f"{tool}:{os.environ['PATH']}"}
    environment.pop("CHARTERS_PLATFORM_KEYS", None)

    def job(api_address: str) -> str:
        completed = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", script],
            cwd=repo.root,
            env={**environment, "CI_API_V4_URL": api_address},
            capture_output=True,
            text=True,
            check=False,
        )
        assert completed.returncode == 0, completed.stdout + completed.stderr
        return completed.stdout

    ada = next(said for said in job(api).splitlines() if "Ada Moss" in said)
    assert ": signed, ledger line" in ada, ada
    unreachable = job("http://127.0.0.1:9/api/v4")
    assert "warning: GitLab's web-commit key could not be fetched" in unreachable
    assert ": authored, ledger line" in next(said for said in unreachable.splitlines() if "Ada Moss" in said)
