"""Bad input, odd places and interruptions: a clear line and the right exit status, never a
traceback, and nothing read or written that should not be."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.gitrepo import ADA, NEW_CHARTER_OPTIONS, PATH, V1, GitRepo
from tests.processes import COMMAND, charters, environment
from tests.sites import with_site_settings


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    repo = with_site_settings(GitRepo(tmp_path / "repo"))
    repo.commit("Add the charter", {PATH: V1}, approvals=(ADA,))
    return repo


def _one_clear_line(result: subprocess.CompletedProcess[str], status: int, says: str) -> None:
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert says in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        (("serve", "--address", "127.0.0.1:99999"), "port 99999 is not between 1 and 65535"),
        (("serve", "--address", "nonsense"), "'nonsense' is not HOST:PORT"),
        (("serve", "--address", "[zz]:80"), "is not HOST:PORT"),
        (("new", "a" * 300), "is not a charter id"),
        (("new", "../../x"), "is not a charter id"),
        (("validate", "--against", ""), "give the commit to compare with"),
        (("approvals", "../../x"), "is not a charter id"),
        (("history", "x\x1b[2J"), "is not a charter id"),
        (("diff", "riverside-greenmill", "v9"), "has no version 9"),
    ],
)
def test_bad_arguments_get_a_clear_error_and_exit_2(repo: GitRepo, arguments: tuple[str, ...], says: str) -> None:
    _one_clear_line(charters(repo.root, *arguments), 2, says)


def test_approvals_reads_nothing_outside_the_charters(repo: GitRepo, tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("secret_field_name: 1\n")
    result = charters(repo.root, "approvals", "../../x")
    assert result.returncode == 2 and "secret_field_name" not in result.stdout + result.stderr


def test_a_repository_without_commits_builds_and_answers_in_one_line(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write(PATH, V1)
    repo.write("mkdocs.yml", (REPO / "mkdocs.yml").read_text())
    built = charters(repo.root, "build")
    assert built.returncode == 0, built.stderr
    page = (repo.root / "site/charters/riverside-greenmill/index.html").read_text(encoding="utf-8")
    assert "Not yet on the main line." in page
    _one_clear_line(charters(repo.root, "history", "riverside-greenmill"), 2, "no charter 'riverside-greenmill'")
    approvals = charters(repo.root, "approvals", "riverside-greenmill")
    assert approvals.returncode == 0 and "Still to approve: Riverside Foods Ltd, Greenmill Co-op." in approvals.stdout


def test_codeowners_replaces_no_link_and_no_device(repo: GitRepo, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").write_text("keep me\n")
    (repo.root / "owners").symlink_to(tmp_path / "elsewhere")
    _one_clear_line(charters(repo.root, "codeowners", "--output", "owners"), 2, "is not a regular file")
    assert (repo.root / "owners").is_symlink() and (tmp_path / "elsewhere").read_text() == "keep me\n"
    _one_clear_line(charters(repo.root, "codeowners", "--output", "/dev/null"), 2, "is not a regular file")
    assert Path("/dev/null").is_char_device()


def test_files_the_commands_write_follow_the_umask(repo: GitRepo) -> None:
    for arguments in (["codeowners"], ["new", "fresh", *NEW_CHARTER_OPTIONS]):
        completed = subprocess.run(
            ["sh", "-c", 'umask 022 && exec "$@"', "sh", *COMMAND, *arguments],
            cwd=repo.root,
            env=environment(),
            capture_output=True,
            text=True,
            check=False,
        )
        assert completed.returncode == 0, completed.stderr
    for written in (repo.root / ".github/CODEOWNERS", repo.root / "charters/fresh.yaml"):
        assert written.stat().st_mode & 0o777 == 0o644, written


@pytest.mark.parametrize("after", [0.3, 0.8, 2.0])
def test_ctrl_c_at_any_moment_says_interrupted_and_exits_130(repo: GitRepo, after: float) -> None:
    process = subprocess.Popen(
        [*COMMAND, "build"],
        cwd=repo.root,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # so that the signal reaches its whole group, as Ctrl-C does
    )
    time.sleep(after)
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
    _, errors = process.communicate(timeout=120)
    assert "Traceback" not in errors, errors
    # It may have finished first; or the signal came before Python could handle it, and it
    # died of it, which a shell reports as 130 too.
    if process.returncode not in (0, -signal.SIGINT):
        assert process.returncode == 130 and "interrupted; nothing was changed" in errors
    assert [path.name for path in repo.root.iterdir() if path.name.startswith((".site.", ".build."))] == []


def test_build_lists_the_warnings_it_counts_unless_quiet(tmp_path: Path) -> None:
    repo = with_site_settings(GitRepo(tmp_path))
    silent = V1.replace("voice: {channel: concerns@riverside.example, anonymous: true}\n", "")
    assert silent != V1
    repo.commit("Add the charter", {PATH: silent}, approvals=(ADA,))
    listed = charters(repo.root, "build", NO_COLOR="1")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.endswith(
        f"{PATH}:2:1: warning: no voice channel: nobody has a safe way to raise a concern [no-voice-channel]\n"
        "    hint: add `voice: {channel: …, anonymous: true}`\n"
        "built 7 pages (27 files) into site; 1 warning\n"
    ), listed.stdout
    quiet = charters(repo.root, "build", "--quiet", NO_COLOR="1")
    assert quiet.stdout.splitlines() == [listed.stdout.splitlines()[-1]]
