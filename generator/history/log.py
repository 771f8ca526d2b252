"""Commits that touched the charters folder, read in one ``git log`` pass each.

Fields are separated by ASCII separator characters, which cannot appear in names, dates or
hashes, and the commit message comes last so that whatever it holds cannot shift a field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.history.git import run

_RECORD, _FIELD, _VALUE = "\x1e", "\x1f", "\x1d"


def _format(check_signatures: bool) -> str:
    signature = ["%G?", "%GS"] if check_signatures else ["-", ""]
    trailers = "%(trailers:key=Approved-by,valueonly,unfold,separator=%x1d)"
    return _FIELD.join(["%x1e%H", "%P", "%an", "%aI", *signature, trailers, "%B"]) + _FIELD


_APPROVER = re.compile(r"^\s*(?P<name>[^<>]*?)\s*<(?P<email>[^<>\s]+@[^<>\s]+)>\s*$")
_PULL_REQUEST_PATTERNS = (
    re.compile(r"^Merge pull request (#)(\d+)\b"),  # GitHub merge commit
    re.compile(r"\((#)(\d+)\)\s*$"),  # GitHub squash-merge title
    re.compile(r"See merge request \S*(!)(\d+)\b"),  # GitLab merge commit body
    re.compile(r"(?:^|\s)([#!])(\d+)\b"),  # any other reference on the subject line
)


@dataclass(frozen=True)
class Approval:
    name: str
    email: str


@dataclass(frozen=True)
class PullRequest:
    marker: str  # "#" on GitHub, "!" on GitLab
    number: int

    def __str__(self) -> str:
        return f"{self.marker}{self.number}"


@dataclass(frozen=True)
class Commit:
    id: str
    parents: tuple[str, ...]
    author_name: str
    date: str  # ISO 8601 author date, as git gives it
    message: str
    approvals: tuple[Approval, ...]
    malformed_approvals: tuple[str, ...]  # Approved-by values without a `Name <email>`
    signature: str  # git's %G? letter ("G" good, "N" none, …) or "-" when not checked
    signer: str

    @property
    def subject(self) -> str:
        return self.message.split("\n", 1)[0]

    @property
    def pull_request(self) -> PullRequest | None:
        for index, pattern in enumerate(_PULL_REQUEST_PATTERNS):
            text = self.message if index == 2 else self.subject
            match = pattern.search(text)
            if match:
                return PullRequest(match.group(1), int(match.group(2)))
        return None


@dataclass(frozen=True)
class FileChange:
    status: str  # A added, M modified, D deleted, R renamed, T type changed
    path: str
    old_path: str | None  # for renames
    blob: str | None  # None when deleted


@dataclass(frozen=True)
class LoggedCommit:
    commit: Commit
    changes: tuple[FileChange, ...]


def _approvals(raw: str) -> tuple[tuple[Approval, ...], tuple[str, ...]]:
    approvals, malformed = [], []
    for value in filter(None, (part.strip() for part in raw.split(_VALUE))):
        match = _APPROVER.match(value)
        if match:
            approvals.append(Approval(match["name"], match["email"]))
        else:
            malformed.append(value)
    return tuple(approvals), tuple(malformed)


def _changes(raw: str) -> tuple[FileChange, ...]:
    tokens = raw.lstrip("\n").split("\0")
    changes = []
    index = 0
    while index < len(tokens) and tokens[index].startswith(":"):
        _, _, _, new_blob, status = tokens[index].split(" ")
        kind = status[0]
        if kind in "RC":
            old_path, path = tokens[index + 1], tokens[index + 2]
            index += 3
        else:
            old_path, path = None, tokens[index + 1]
            index += 2
        changes.append(FileChange(kind, path, old_path if kind == "R" else None, None if kind == "D" else new_blob))
    return tuple(changes)


def _parse(output: bytes) -> list[LoggedCommit]:
    logged = []
    for record in output.decode("utf-8", "replace").split(_RECORD)[1:]:
        fields = record.split(_FIELD, 7)
        commit_id, parents, name, date, signature, signer, trailers, rest = fields
        message, _, raw = rest.rpartition(_FIELD)
        approvals, malformed = _approvals(trailers)
        commit = Commit(
            commit_id,
            tuple(parents.split()),
            name,
            date,
            message.strip("\n"),
            approvals,
            malformed,
            signature,
            signer,
        )
        logged.append(LoggedCommit(commit, _changes(raw.lstrip("\0"))))
    return logged


def read_log(
    root: Path,
    ref: str,
    folder: str,
    *,
    first_parent: bool,
    allowed_signers: Path | None = None,
    since: str | None = None,
) -> list[LoggedCommit]:
    """Commits reachable from ``ref`` that changed files in ``folder``, oldest first.

    With ``first_parent`` only the main line is walked and a merge shows what it brought in
    against its first parent; otherwise every non-merge commit that touched the folder.
    Signatures are checked only when ``allowed_signers`` is given: checking costs a
    process per signed commit, and without the file no signature can verify. ``since``: a
    commit on the main line; only the commits after it are read.
    """
    check_signatures = allowed_signers is not None
    arguments = ["log", "--reverse", "-z", "--raw", "--no-abbrev", "-M", f"--format={_format(check_signatures)}"]
    arguments += ["--first-parent", "--diff-merges=first-parent"] if first_parent else ["--no-merges"]
    config = {"gpg.ssh.allowedSignersFile": str(allowed_signers)} if check_signatures else {}
    revisions = [f"{since}..{ref}"] if since else [ref]
    output = run(root, [*arguments, *revisions, "--", folder], config=config)
    return _parse(output)


def read_diff(root: Path, old: str, new: str, folder: str) -> tuple[FileChange, ...]:
    """The files in ``folder`` that differ between commits ``old`` and ``new``."""
    return _changes(
        run(root, ["diff", "-z", "--raw", "--no-abbrev", "-M", old, new, "--", folder]).decode("utf-8", "replace")
    )
