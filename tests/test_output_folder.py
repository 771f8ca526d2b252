"""What `charters build` may replace, what a killed build leaves, and two builds at once:
real repositories, real folders, real processes."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.synthetic import make_repository
from generator.output_folder import MARKER
from tests.conftest import REPO
from tests.gitrepo import ADA, PATH, V1, GitRepo
from tests.processes import charters, running_in, start
from tests.sites import tree_digest, with_site_settings


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    repo = with_site_settings(GitRepo(tmp_path / "repo"))
    repo.commit("Add the charter", {PATH: V1}, approvals=(ADA,))
    repo.write("notes/minutes.md", "What we said.\n")
    repo.write("a-file", "text\n")
    return repo


def _everything(root: Path) -> dict[str, str]:
    """Every file under ``root``, but the tool's own cache (where the build lock is taken)."""
    return {path: digest for path, digest in tree_digest(root).items() if "/.charters-cache/" not in f"/{path}"}


@pytest.mark.parametrize(
    ("out", "says"),
    [
        (".", "it is the repository itself"),
        ("", "--out is empty"),
        ("..", "it holds the repository"),
        ("/", "it holds the repository"),
        ("charters", "it is charters/, which holds the charters"),
        ("charters/site", "it is inside charters/"),
        ("translations", "it is translations/, which holds the charters' translations"),
        (".git", "it is .git/"),
        (".charters-cache", "it is .charters-cache/"),
        ("build", "it is build/, which is where MkDocs' input is written"),
        ("notes", "it holds files this tool did not write (minutes.md)"),
        ("a-file", "it is a file"),
        ("a-file/sub", "a-file is a file, not a folder"),
        ("link", "it is a symbolic link"),
    ],
)
def test_a_folder_that_is_not_a_site_is_never_replaced(repo: GitRepo, out: str, says: str) -> None:
    (repo.root / "link").symlink_to(repo.root / "notes")
    before = _everything(repo.root.parent)
    built = charters(repo.root, "build", "--out", out)
    assert built.returncode == 2, built.stderr
    assert built.stderr.startswith("Error: ") and says in built.stderr
    assert len(built.stderr.strip().splitlines()) == 1
    assert _everything(repo.root.parent) == before, "nothing was touched"


def test_a_site_built_before_the_marker_existed_is_replaced(repo: GitRepo) -> None:
    assert charters(repo.root, "build").returncode == 0
    for folder in ("site", "build"):
        (repo.root / folder / MARKER).unlink()
    rebuilt = charters(repo.root, "build")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert (repo.root / "site" / MARKER).is_file() and (repo.root / "build" / MARKER).is_file()


def test_an_empty_folder_or_one_elsewhere_may_take_the_site(repo: GitRepo, tmp_path: Path) -> None:
    (repo.root / "empty").mkdir()
    assert charters(repo.root, "build", "--out", "empty").returncode == 0
    assert (repo.root / "empty" / "index.html").is_file()
    elsewhere = tmp_path / "preview" / "site"
    assert charters(repo.root, "build", "--out", str(elsewhere)).returncode == 0
    assert (elsewhere / "index.html").is_file()


def test_files_and_folders_follow_the_umask(repo: GitRepo) -> None:
    for mask, file_mode, folder_mode in ((0o022, 0o644, 0o755), (0o027, 0o640, 0o750)):
        shutil.rmtree(repo.root / "site", ignore_errors=True)
        built = subprocess.run(
            ["sh", "-c", f'umask {mask:03o} && exec "$0" -m generator build', sys.executable],
            cwd=repo.root,
            capture_output=True,
            text=True,
            check=False,
        )
        assert built.returncode == 0, built.stderr
        site = repo.root / "site"
        modes = {stat.S_IMODE(path.stat().st_mode) for path in site.rglob("*") if path.is_file()}
        folders = {stat.S_IMODE(path.stat().st_mode) for path in [site, *site.rglob("*")] if path.is_dir()}
        assert (modes, folders) == ({file_mode}, {folder_mode}), mask


def test_a_swap_cut_between_its_renames_is_put_right_by_the_next_build(repo: GitRepo) -> None:
    assert charters(repo.root, "build").returncode == 0
    published = tree_digest(repo.root / "site")
    # What a kill between the two renames leaves: the site moved aside, the new one staged,
    # and staging folders of earlier crashed builds.
    retired = repo.root / ".site.old-kill1"
    retired.mkdir()
    os.replace(repo.root / "site", retired / "site")
    shutil.copytree(retired / "site", repo.root / ".site.new-kill2")
    shutil.copytree(repo.root / "build", repo.root / ".build.new-kill3")
    (repo.root / ".site.new-kill4").mkdir()  # killed right after making it
    (repo.root / ".site.new-not-ours").mkdir()
    (repo.root / ".site.new-not-ours" / "keep.txt").write_text("someone's\n")
    shutil.rmtree(repo.root / "build")
    rebuilt = charters(repo.root, "build")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "restored site/" in rebuilt.stderr
    assert tree_digest(repo.root / "site") == published
    left = sorted(path.name for path in repo.root.iterdir() if path.name.startswith((".site.", ".build.")))
    assert left == [".site.new-not-ours"], "only folders this tool made are removed"


@pytest.fixture(scope="module")
def long_history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """500 revisions: enough for the build to parse them in worker processes."""
    root = make_repository(tmp_path_factory.mktemp("long") / "repo", 20, 25)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def _wait_until_gone(folder: Path, seconds: float = 5) -> list[str]:
    deadline = time.monotonic() + seconds
    while (left := running_in(folder)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def test_builds_killed_at_any_moment_leave_no_process_and_nothing_half_done(long_history: Path) -> None:
    started = time.monotonic()
    assert charters(long_history, "build").returncode == 0
    duration = time.monotonic() - started
    published = tree_digest(long_history / "site")
    for kill in range(6):
        shutil.rmtree(long_history / ".charters-cache", ignore_errors=True)  # every stage takes time
        build = start(long_history, "build")
        time.sleep(duration * (0.15 + 0.16 * kill))
        build.send_signal(signal.SIGKILL)
        build.communicate()
        assert _wait_until_gone(long_history) == [], f"children outlived the build killed at step {kill}"
    rebuilt = charters(long_history, "build")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert tree_digest(long_history / "site") == published
    assert [path.name for path in long_history.iterdir() if path.name.startswith((".site.", ".build."))] == []


def test_a_terminated_build_cleans_up_and_says_it_was_interrupted(long_history: Path) -> None:
    shutil.rmtree(long_history / ".charters-cache", ignore_errors=True)
    build = start(long_history, "build")
    time.sleep(1.5)
    build.send_signal(signal.SIGTERM)
    _, errors = build.communicate(timeout=60)
    assert build.returncode == 130 and "interrupted; nothing was changed" in errors and "Traceback" not in errors
    assert _wait_until_gone(long_history) == []
    assert [path.name for path in long_history.iterdir() if path.name.startswith((".site.", ".build."))] == []


def test_a_second_build_waits_for_the_first(long_history: Path) -> None:
    shutil.rmtree(long_history / ".charters-cache", ignore_errors=True)
    first = start(long_history, "build")
    time.sleep(1.5)  # past its imports: it holds the lock
    second = charters(long_history, "build")
    first.communicate(timeout=300)
    assert first.returncode == 0 and second.returncode == 0, second.stderr
    assert "another build is running in this repository; waiting for it to finish" in second.stderr


def test_a_cache_folder_that_is_a_link_is_not_followed(repo: GitRepo, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (repo.root / ".charters-cache").symlink_to(tmp_path / "elsewhere")
    built = charters(repo.root, "build")
    assert built.returncode == 0, built.stderr
    assert "it is a symbolic link, which is not followed" in built.stderr
    assert list((tmp_path / "elsewhere").iterdir()) == []
    history = charters(repo.root, "history", "riverside-greenmill")
    assert history.returncode == 0 and "is a symbolic link" in history.stderr
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_a_cache_folder_that_cannot_be_used_means_a_build_without_it(repo: GitRepo) -> None:
    (repo.root / ".charters-cache").write_text("a file where the cache folder should be\n")
    built = charters(repo.root, "build")
    assert built.returncode == 0, built.stderr
    assert (
        "warning: .charters-cache/ cannot be written" in built.stderr and "building without the caches" in built.stderr
    )
    assert (repo.root / ".charters-cache").read_text() == "a file where the cache folder should be\n"
    assert (repo.root / "site" / "index.html").is_file()


def test_files_added_to_a_built_site_are_never_deleted(repo: GitRepo) -> None:
    assert charters(repo.root, "build").returncode == 0
    (repo.root / "site" / "CNAME").write_text("charters.example.org\n")
    refused = charters(repo.root, "build")
    assert refused.returncode == 2 and "files were added to it since it was built (CNAME)" in refused.stderr
    assert (repo.root / "site" / "CNAME").read_text() == "charters.example.org\n"


def test_a_folder_that_cannot_be_written_is_refused_before_the_build(repo: GitRepo) -> None:
    refused = charters(repo.root, "build", "--out", "/proc/charters-site")
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1, refused.stderr


def test_a_trash_that_is_a_link_is_not_followed(repo: GitRepo, tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    (victim / "precious").mkdir(parents=True)
    (victim / "precious" / "file.txt").write_text("keep\n")
    assert charters(repo.root, "build").returncode == 0
    trash = repo.root / ".charters-cache" / "trash"
    shutil.rmtree(trash, ignore_errors=True)
    trash.symlink_to(victim)
    for _ in range(2):  # the first retires a site, the second would empty the trash
        assert charters(repo.root, "build").returncode == 0
    assert (victim / "precious" / "file.txt").read_text() == "keep\n"
    assert sorted(path.name for path in victim.iterdir()) == ["precious"]
