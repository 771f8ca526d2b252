"""Reading commits from git: no message, name, trailer or path can change how another field
or another commit is read, and the history equals git's own view of each commit."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator.history import GitError, read_lineages
from generator.workspace import check_charters
from tests.conftest import TODAY
from tests.gitrepo import ADA, PATH, TOMAS, V1, GitRepo, charter
from tests.processes import charters

# Every separator the old reader split on, and the fields it expected between them: a
# message holding them forged a commit with approvals by both parties.
FORGED_RECORD = (
    "\x1e" + "f" * 40 + "\x1f\x1fForger\x1f2026-01-01T00:00:00+00:00\x1fG\x1fada@riverside.example\x1f"
    f"{ADA}\x1d{TOMAS}\x1fForged, signed by both\x1f"
)
SEPARATORS = "\x1c\x1d\x1e\x1f\x85\u2028"


def _git_view(repo: GitRepo, commit: str) -> tuple[str, str, str, list[str]]:
    """Author name, author date, subject and Approved-by values of one commit, asked of git
    one field at a time."""

    def field(form: str) -> str:
        return subprocess.run(
            ["git", "-C", str(repo.root), "log", "-1", f"--format=format:{form}", commit],
            capture_output=True,
            check=True,
        ).stdout.decode()

    trailers = field("%(trailers:key=Approved-by,valueonly,unfold,separator=%x00)")
    return field("%an"), field("%aI"), field("%s"), [value for value in trailers.split("\0") if value]


def _main_line(repo: GitRepo) -> list[str]:
    listed = subprocess.run(
        ["git", "-C", str(repo.root), "rev-list", "--reverse", "--first-parent", "HEAD", "--", "charters"],
        capture_output=True,
        text=True,
        check=True,
    )
    return listed.stdout.split()


def _our_view(repo: GitRepo) -> list[tuple[str, str, str, str, list[str]]]:
    (lineage,) = [lineage for lineage in read_lineages(repo.root, "charters") if lineage.path == PATH]
    return [
        (
            revision.commit.id,
            revision.commit.author_name,
            revision.commit.date,
            revision.commit.subject,
            [f"{record.approval.name} <{record.approval.email}>" for record in revision.approvals],
        )
        for revision in lineage.revisions
    ]


def _commit_with_message(repo: GitRepo, message: str, files: dict[str, str], author: str | None = None) -> str:
    for path, text in files.items():
        repo.write(path, text)
        repo.git("add", "--", path)
    (repo.root.parent / "message.txt").write_bytes(message.encode())
    repo.minute += 1
    repo.git(
        "commit",
        "-q",
        "--cleanup=verbatim",
        "-F",
        str(repo.root.parent / "message.txt"),
        *(["--author", author] if author else []),
    )
    return repo.git("rev-parse", "HEAD")


def test_separators_in_a_message_forge_no_commit_and_no_approval(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add the charter", {PATH: V1}, approvals=(ADA,))
    looser = charter("riverside-greenmill", ("version: 1", "version: 2"), ("value: 48", "value: 72"))
    _commit_with_message(repo, f"Allow 72 hours {FORGED_RECORD}\n\nThe body.\n", {PATH: looser})
    ours = _our_view(repo)
    assert [commit for commit, *_ in ours] == _main_line(repo), "no commit more, none less"
    for commit, name, date, subject, approvals in ours:
        git_name, git_date, git_subject, git_approvals = _git_view(repo, commit)
        assert (name, date, subject, approvals) == (git_name, git_date, git_subject, git_approvals)
    assert ours[-1][4] == [], "the forged approvals are not trailers"


def test_a_trailer_or_a_name_holding_separators_stays_in_its_field(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add the charter", {PATH: V1})
    message = f"Log a review\n\nApproved-by: Ada{SEPARATORS} Moss <ada@riverside.example>\nApproved-by: {TOMAS}\n"
    text = charter("riverside-greenmill", ("next: 2027-06-01", "next: 2027-07-01"))
    _commit_with_message(repo, message, {PATH: text}, author=f"Mallory{SEPARATORS}\x1b[2J <m@example.org>")
    ours = _our_view(repo)
    assert [commit for commit, *_ in ours] == _main_line(repo)
    commit, name, date, subject, approvals = ours[-1]
    assert (name, date, subject, approvals) == _git_view(repo, commit)
    assert approvals == [f"Ada{SEPARATORS} Moss <ada@riverside.example>", TOMAS]


def test_a_file_name_holding_separators_or_a_line_break_hides_no_change(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add the charter", {PATH: V1}, approvals=(ADA,))
    looser = charter("riverside-greenmill", ("version: 1", "version: 2"), ("value: 48", "value: 72"))
    evil = f"charters/evil{SEPARATORS}\n:100644 100644 {'0' * 40} {'0' * 40} D\0{PATH}.yaml"
    evil = evil.replace("\0", "")  # a path cannot hold NUL; everything else it can
    _commit_with_message(repo, "Allow 72 hours, and a strange file", {PATH: looser, evil: "x: 1\n"})
    (lineage,) = [lineage for lineage in read_lineages(repo.root, "charters") if lineage.path == PATH]
    assert [revision.commit.id for revision in lineage.revisions] == _main_line(repo)
    assert lineage.revisions[-1].document.data["benchmarks"][0]["threshold"]["value"] == 72
    assert not lineage.removed
    others = [other.path for other in read_lineages(repo.root, "charters") if other.path != PATH]
    assert others == [], "a name that could act when shown never becomes a charter"
    checked = check_charters(repo.root, [], TODAY)
    (refused,) = [problem for problem in checked.problems if problem.rule == "unsafe-file-name"]
    assert "\n" not in refused.path and "\x1f" not in refused.path and "\\x1f" in refused.path


def _crafted(repo: GitRepo, tree: str, parent: str, author: bytes, message: bytes, zone: bytes = b"+0000") -> str:
    """A commit object written as raw bytes, as `git commit` would refuse to make it, put
    at the tip of main."""
    body = (
        f"tree {tree}\nparent {parent}\n".encode()
        + b"author "
        + author
        + b" 1767261600 "
        + zone
        + b"\ncommitter C <c@example.org> 1767261600 +0000\n\n"
        + message
    )
    commit = (
        subprocess.run(
            ["git", "-C", str(repo.root), "hash-object", "-t", "commit", "-w", "--literally", "--stdin"],
            input=body,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .strip()
    )
    repo.git("update-ref", "refs/heads/main", commit)
    return commit


def _tree_with(repo: GitRepo, path: str, text: str) -> str:
    repo.write(path, text)
    repo.git("add", "--", path)
    return repo.git("write-tree")


def test_a_crafted_commit_with_nul_in_its_message_reads_as_git_shows_it(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add the charter", {PATH: V1}, approvals=(ADA,))
    tree = _tree_with(repo, PATH, charter("riverside-greenmill", ("next: 2027-06-01", "next: 2027-07-01")))
    message = b"Visible subject\0" + FORGED_RECORD.encode() + f"\n\nApproved-by: {TOMAS}\n".encode()
    commit = _crafted(repo, tree, repo.git("rev-parse", "HEAD"), b"A <a@example.org>", message)
    ours = _our_view(repo)
    assert [item[0] for item in ours] == _main_line(repo)
    assert ours[-1][1:] == _git_view(repo, commit) == ("A", "2026-01-01T10:00:00+00:00", "Visible subject", [])


def test_a_crafted_commit_whose_author_git_cannot_read_stops_the_read_with_advice(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add the charter", {PATH: V1}, approvals=(ADA,))
    tree = _tree_with(repo, PATH, charter("riverside-greenmill", ("next: 2027-06-01", "next: 2027-07-01")))
    _crafted(repo, tree, repo.git("rev-parse", "HEAD"), b"Ev\0il <e@example.org>", b"Log\n")
    with pytest.raises(GitError, match="git fsck"):
        read_lineages(repo.root, "charters")


def test_a_crafted_commit_whose_date_does_not_exist_stops_the_read_with_advice(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add the charter", {PATH: V1}, approvals=(ADA,))
    tree = _tree_with(repo, PATH, charter("riverside-greenmill", ("next: 2027-06-01", "next: 2027-07-01")))
    _crafted(repo, tree, repo.git("rev-parse", "HEAD"), b"A <a@example.org>", b"Log\n", zone=b"+9999")
    assert subprocess.run(["git", "-C", str(repo.root), "fsck"], capture_output=True).returncode == 0, "fsck passes it"
    with pytest.raises(GitError, match="git fsck"):
        read_lineages(repo.root, "charters")


def test_a_revision_is_never_taken_for_an_option(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add the charter", {PATH: V1}, approvals=(ADA,))
    target = tmp_path / "written-by-git"
    result = charters(repo.root, "validate", f"--against=--output={target}")
    assert result.returncode == 2 and "is not a commit in this repository" in result.stderr
    assert not target.exists()
