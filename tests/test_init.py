"""`charters init` on real git repositories: what it writes, that the result builds, that a
second run changes nothing, and that an upgrade takes only files no partner edited."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.build import build
from generator.cli import commands as main
from generator.history.git import tag_commit
from generator.scaffold.init import MANIFEST, apply, plan, tool_files
from generator.scaffold.tool import Tool, this_tool
from generator.settings import read_settings
from tests.conftest import TODAY
from tests.gitrepo import GitRepo
from tests.sites import tree_digest

GITHUB_FILES = {
    "mkdocs.yml",
    ".gitignore",
    MANIFEST,
    "schema/charter.schema.json",
    "schema/approvals.schema.json",
    "schema/translation.schema.json",
    ".vscode/settings.json",
    ".vscode/extensions.json",
    ".pre-commit-config.yaml",
    ".github/workflows/charters.yml",
    ".github/pull_request_template.md",
}


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    repo = GitRepo(tmp_path / "charters")
    repo.git("remote", "add", "origin", "git@github.com:Riverside-Foods/charters.git")
    monkeypatch.chdir(repo.root)
    return repo


def init(*arguments: str):
    return CliRunner().invoke(main, ["init", *arguments])


def files_in(root: Path) -> dict[str, str]:
    return {path: digest for path, digest in tree_digest(root).items() if not path.startswith(".git/")}


def test_init_makes_a_repository_whose_site_builds(repository: GitRepo) -> None:
    result = init("--name", 'Riverside & Greenmill: "fair oats" # 2027')
    assert result.exit_code == 0, result.output
    assert set(files_in(repository.root)) == GITHUB_FILES
    assert (repository.root / "charters").is_dir()
    settings = read_settings(repository.root).settings
    assert settings is not None
    assert settings.site.site_name == 'Riverside & Greenmill: "fair oats" # 2027'
    assert settings.site.site_url == "https://riverside-foods.github.io/charters/", "guessed from origin"
    assert settings.site.repo_url == "https://github.com/Riverside-Foods/charters"
    assert "the site will be https://riverside-foods.github.io/charters/" in result.output
    workflow = (repository.root / ".github/workflows/charters.yml").read_text()
    tool = this_tool()
    assert f"uses: {tool.action_name}@{tool.ref}" in workflow, "no commit to be had offline: the tag"
    assert f"rev: {tool.ref}" in (repository.root / ".pre-commit-config.yaml").read_text()
    assert yaml.safe_load((repository.root / ".vscode/settings.json").read_text())["yaml.schemas"] == {
        "./schema/charter.schema.json": "charters/*.yaml",
        "./schema/approvals.schema.json": "approvals/*.yaml",
        "./schema/translation.schema.json": "translations/*.yaml",
    }
    built = build(repository.root, repository.root / "site", TODAY)
    assert [problem.rule for problem in built.problems] == ["no-charters"]
    subprocess.run(["git", "add", "-A"], cwd=repository.root, check=True)
    ignored = subprocess.run(
        ["git", "status", "--porcelain", "--ignored"], cwd=repository.root, capture_output=True, text=True
    )
    assert "!! site/" in ignored.stdout and "!! build/" in ignored.stdout and "!! .charters-cache/" in ignored.stdout


def test_a_second_run_changes_nothing_and_says_so(repository: GitRepo) -> None:
    assert init("--site-url", "https://charters.riverside.example/").exit_code == 0
    before = files_in(repository.root)
    again = init()
    assert again.exit_code == 0, again.output
    assert files_in(repository.root) == before
    assert "mkdocs.yml                        kept: yours" in again.output
    assert again.output.count("up to date") == len(GITHUB_FILES) - 2


def test_an_upgrade_takes_only_the_files_nobody_edited(repository: GitRepo) -> None:
    older = Tool(this_tool().repository, "0.0.9")
    steps, writes = plan(repository.root, older, "github", b"site_name: x\nsite_url: https://x.example/\n")
    apply(repository.root, older, steps, writes)
    assert "rev: v0.0.9" in (repository.root / ".pre-commit-config.yaml").read_text()
    template = repository.root / ".github/pull_request_template.md"
    template.write_text(template.read_text() + "\n- [ ] Our own checklist item\n")
    result = init()
    assert result.exit_code == 0, result.output
    assert f"rev: {this_tool().ref}" in (repository.root / ".pre-commit-config.yaml").read_text()
    assert "Our own checklist item" in template.read_text(), "an edited file is the partners'"
    assert ".pre-commit-config.yaml           updated to this version" in result.output
    assert "1 file(s) differ from what benchmark-charters" in result.output
    assert ".github/pull_request_template.md" in result.output.splitlines()[-2]
    recorded = json.loads((repository.root / MANIFEST).read_text())["files"]
    assert set(recorded) == set(tool_files(this_tool(), "github")), "every file this version wrote"


def test_an_existing_gitignore_gains_the_missing_lines_once(repository: GitRepo) -> None:
    repository.write(".gitignore", "node_modules/\n/site/")
    assert init("--site-url", "https://x.example/").exit_code == 0
    text = (repository.root / ".gitignore").read_text()
    assert text.startswith("node_modules/\n/site/\n") and text.count("/site/") == 1
    assert "/build/" in text and "/.charters-cache/" in text
    assert init().exit_code == 0
    assert (repository.root / ".gitignore").read_text() == text


def test_gitlab_gets_its_pipeline_and_merge_request_template(repository: GitRepo) -> None:
    result = init("--platform", "gitlab", "--site-url", "https://riverside.gitlab.io/charters/")
    assert result.exit_code == 0, result.output
    assert (repository.root / ".gitlab/merge_request_templates/Default.md").read_text().count("merge request") >= 1
    pipeline = yaml.safe_load((repository.root / ".gitlab-ci.yml").read_text())
    assert pipeline["include"][0]["inputs"]["install"] == this_tool().requirement
    assert not (repository.root / ".github").exists()
    assert "add a daily pipeline schedule" in result.output


def test_without_an_address_or_a_git_repository_nothing_is_written(tmp_path: Path, monkeypatch) -> None:
    repo = GitRepo(tmp_path / "no-origin")
    monkeypatch.chdir(repo.root)
    result = init()
    assert result.exit_code == 2 and "--site-url https://OWNER.github.io/REPOSITORY/" in result.output
    assert files_in(repo.root) == {}
    bad = init("--site-url", "partners.example/charters")
    assert bad.exit_code == 2 and "mkdocs.yml:6:11: error: `site_url` is not an http or https address" in bad.output
    assert files_in(repo.root) == {}
    plain = tmp_path / "plain"
    plain.mkdir()
    monkeypatch.chdir(plain)
    result = init("--site-url", "https://x.example/")
    assert result.exit_code == 2 and "git init" in result.output
    assert list(plain.iterdir()) == []


def test_nothing_is_written_through_a_link(repository: GitRepo, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (repository.root / ".github").symlink_to(elsewhere)
    result = init("--site-url", "https://x.example/")
    assert result.exit_code == 2 and ".github is a link" in result.output and "nothing was written" in result.output
    assert list(elsewhere.iterdir()) == []
    assert not (repository.root / "mkdocs.yml").exists()


def test_the_workflow_pins_the_action_to_the_commit_of_the_release_tag(tmp_path: Path) -> None:
    tool_repository = GitRepo(tmp_path / "tool")
    commit = tool_repository.commit("Release", {"action.yml": "name: x\n"})
    tool_repository.git("tag", "-a", "v9.9.9", "-m", "Release 9.9.9")
    partners = GitRepo(tmp_path / "partners")
    found = tag_commit(partners.root, str(tool_repository.root), "v9.9.9")
    assert found == commit, "an annotated tag is followed to its commit"
    assert tag_commit(partners.root, str(tool_repository.root), "v0.0.0") is None
    workflow = tool_files(Tool("https://github.com/o/benchmark-charters", "9.9.9"), "github", found)
    assert f"uses: o/benchmark-charters@{commit} # v9.9.9" in workflow[".github/workflows/charters.yml"].decode()


def test_a_manifest_that_is_not_one_counts_as_none(repository: GitRepo) -> None:
    assert init("--site-url", "https://x.example/").exit_code == 0
    (repository.root / MANIFEST).write_text("[1, 2")
    (repository.root / ".pre-commit-config.yaml").write_text("repos: []\n")
    result = init()
    assert result.exit_code == 0
    assert (repository.root / ".pre-commit-config.yaml").read_text() == "repos: []\n", "not known to be ours: kept"
    recorded = json.loads((repository.root / MANIFEST).read_text())["files"]
    assert ".pre-commit-config.yaml" not in recorded and ".vscode/settings.json" in recorded, "made anew"
