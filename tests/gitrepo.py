"""Real git repositories for tests: fixed authors and dates, real commits, merges and signatures."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.conftest import EXAMPLES

BASE_CHARTER = (EXAMPLES / "positive" / "minimal.yaml").read_text(encoding="utf-8")
ADA = "Ada Moss <ada@riverside.example>"  # represents riverside in BASE_CHARTER
TOMAS = "Tomas Berg <tomas@greenmill.example>"  # represents greenmill


# What `charters new ID` needs to write a charter without asking.
NEW_CHARTER_OPTIONS = (
    "--title",
    "T",
    "--party",
    "a=A",
    "--party",
    "b=B",
    "--representative",
    "a=A <a@a.example>",
    "--representative",
    "b=B <b@b.example>",
)


def charter(charter_id: str = "riverside-greenmill", *edits: tuple[str, str]) -> str:
    """BASE_CHARTER with its id set and each ``(old, new)`` text edit applied."""
    text = BASE_CHARTER.replace("id: minimal", f"id: {charter_id}")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    return text


def ssh_key(folder: Path, name: str) -> tuple[Path, str]:
    """A new SSH signing key: its private file, and its public line."""
    key = folder / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True)
    return key, (folder / f"{name}.pub").read_text().strip()


class GitRepo:
    """A repository in a temporary folder; each commit is a minute after the last."""

    def __init__(self, root: Path, clone_of: GitRepo | None = None) -> None:
        self.root = root
        self.minute = clone_of.minute if clone_of else 0
        self.day = clone_of.day if clone_of else "2026-01-01"  # of the next commits
        if clone_of:
            subprocess.run(["git", "clone", "-q", str(clone_of.root), str(root)], check=True)
        else:
            root.mkdir(parents=True, exist_ok=True)
            self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "Test Author")
        self.git("config", "user.email", "author@example.org")
        self.git("config", "commit.gpgsign", "false")

    def git(self, *arguments: str, env: dict[str, str] | None = None) -> str:
        date = f"{self.day}T{10 + self.minute // 60:02d}:{self.minute % 60:02d}:00+00:00"
        environment = {
            **os.environ,
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_DATE": date,
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
            **(env or {}),
        }
        completed = subprocess.run(
            ["git", *arguments], cwd=self.root, env=environment, capture_output=True, text=True, check=True
        )
        return completed.stdout.strip()

    def write(self, path: str, text: str) -> None:
        file = self.root / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")

    def commit(
        self,
        message: str,
        files: dict[str, str | None] | None = None,
        approvals: tuple[str, ...] = (),
        author: str | None = None,
        sign: bool = False,
    ) -> str:
        """Write (or, for None, delete) ``files`` and commit them; returns the commit id."""
        for path, text in (files or {}).items():
            if text is None:
                self.git("rm", "-q", path)
            else:
                self.write(path, text)
                self.git("add", path)
        self.minute += 1
        arguments = ["commit", "-q", "--allow-empty", "-m", message]
        if approvals:
            arguments += ["-m", "\n".join(f"Approved-by: {approval}" for approval in approvals)]
        if author:
            arguments += ["--author", author]
        if sign:
            arguments.append("-S")
        self.git(*arguments)
        return self.git("rev-parse", "HEAD")

    def branch(self, name: str, start: str = "main") -> None:
        self.git("checkout", "-q", "-b", name, start)

    def checkout(self, name: str) -> None:
        self.git("checkout", "-q", name)

    def merge(self, branch: str, message: str, approvals: tuple[str, ...] = (), squash: bool = False) -> str:
        """Merge ``branch`` into main: a true two-parent merge, or a squash commit."""
        self.checkout("main")
        self.minute += 1
        body = "\n".join(f"Approved-by: {approval}" for approval in approvals)
        if squash:
            self.git("merge", "-q", "--squash", branch)
            arguments = ["commit", "-q", "-m", message] + (["-m", body] if body else [])
        else:
            arguments = ["merge", "-q", "--no-ff", branch, "-m", message] + (["-m", body] if body else [])
        self.git(*arguments)
        return self.git("rev-parse", "HEAD")

    def rename(self, old: str, new: str, text: str, message: str, approvals: tuple[str, ...] = ()) -> str:
        self.git("mv", old, new)
        return self.commit(message, {new: text}, approvals)


PATH = "charters/riverside-greenmill.yaml"
V1 = charter()
V1_REVIEWED = charter("riverside-greenmill", ("next: 2027-06-01", "next: 2027-09-01"))
V2_QUARTERLY = charter(
    "riverside-greenmill",
    ("next: 2027-06-01", "next: 2027-09-01"),
    ("version: 1", "version: 2"),
    ("cadence: monthly", "cadence: quarterly"),
)
V3_24H = charter(
    "riverside-greenmill",
    ("next: 2027-06-01", "next: 2027-09-01"),
    ("version: 1", "version: 3"),
    ("cadence: monthly", "cadence: quarterly"),
    ("value: 48", "value: 24"),
)
V3_24H_WITH_COMMITMENT = V3_24H.replace(
    "commitments:\n", "commitments:\n  - {id: weekly-call, party: greenmill, text: Joins a weekly call.}\n"
)


def build_partnership(root: Path) -> GitRepo:
    """One charter through squash merges, a two-parent merge, a broken revision and a bad bump."""
    repo = GitRepo(root)
    repo.commit("Add the Riverside-Greenmill charter", {PATH: V1}, approvals=(ADA,))
    repo.commit("Log the date of the next review", {PATH: V1_REVIEWED}, approvals=(TOMAS,))
    repo.branch("quarterly")
    repo.commit("Check bad news quarterly", {PATH: V2_QUARTERLY})
    repo.merge("quarterly", "Check bad news quarterly (#7)", approvals=(ADA,), squash=True)
    repo.branch("tighten")
    repo.commit("Halve the notice time", {PATH: V3_24H}, approvals=(TOMAS,))
    repo.commit("Add a weekly call", {PATH: V3_24H_WITH_COMMITMENT})
    repo.commit("Unrelated notes", {"NOTES.md": "notes\n"})
    repo.merge("tighten", "Merge pull request #9 from greenmill/tighten", approvals=(ADA,))
    broken = V3_24H_WITH_COMMITMENT.replace("title: Riverside", "title: [Riverside")
    repo.commit("Break the file by mistake", {PATH: broken})
    unbumped = V3_24H_WITH_COMMITMENT.replace("Written warning", "Written warning to both")
    repo.commit("Change terms but forget the version (#11)", {PATH: unbumped})
    return repo
