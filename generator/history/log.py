"""Commits that touched the charters folder, read in one ``git log`` pass each.

Everything in a commit but its id can be chosen by whoever made it, so the output is read
in a form that no message, name, trailer or path can confuse. ``-z`` ends every field
with NUL, which git never prints from commit data: ``git commit`` refuses it, and git cuts
a crafted object's text at its first NUL. Each commit's fields are framed by its own id
at both ends, and a commit cannot hold its own id, so even a NUL that got through could
not shift a field: the frame would no longer close and the read stops with an error.
Paths come as NUL-ended tokens read by position, never by what they contain.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from generator.history.git import OBJECT_ID, GitError, run

# What each commit record holds, in order, between its id at the start and at the end.
_FIELDS = ("%P", "%an", "%aI", "%G?", "%GS", "%s", "%(trailers:only,unfold)", "%B")
_UNCHECKED = ("%P", "%an", "%aI", "-", "", "%s", "%(trailers:only,unfold)", "%B")
_PARENTS = re.compile(r"(?:[0-9a-f]{40}|[0-9a-f]{64})(?: (?:[0-9a-f]{40}|[0-9a-f]{64}))*|")
_SIGNATURE_LETTERS = frozenset("GBUXYREN-")
_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d")
_RAW_CHANGE = re.compile(
    r"\n?:[0-7]{6} [0-7]{6} ([0-9a-f]{40}|[0-9a-f]{64}) ([0-9a-f]{40}|[0-9a-f]{64}) ([AMDRTC])(\d{0,3})"
)
_TRAILER = re.compile(r"([A-Za-z0-9-]+): ?(.*)")
# Settings a repository's own configuration could set that would change what git prints.
_READING_CONFIG = {"log.showSignature": "false", "trailer.separators": ":", "core.commentChar": "#"}

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
    subject: str  # the first paragraph on one line, as git gives it
    message: str
    approvals: tuple[Approval, ...]
    malformed_approvals: tuple[str, ...]  # Approved-by values without a `Name <email>`
    signature: str  # git's %G? letter ("G" good, "N" none, …) or "-" when not checked
    signer: str

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


def _format(check_signatures: bool) -> str:
    fields = _FIELDS if check_signatures else _UNCHECKED
    return "%H%x00" + "".join(f"{field}%x00" for field in fields) + "%H"


def trailers(block: str) -> list[tuple[str, str]]:
    """(key, value) of each trailer git found, from ``%(trailers:only,unfold)``: one
    ``Key: value`` per line. A key is letters, digits and dashes, so it ends at the first
    colon; a value holds no line break once unfolded."""
    found = []
    for line in block.split("\n"):
        match = _TRAILER.fullmatch(line)
        if match:
            found.append((match[1], match[2]))
    return found


def _approvals(block: str) -> tuple[tuple[Approval, ...], tuple[str, ...]]:
    approvals, malformed = [], []
    for key, value in trailers(block):
        if key.casefold() != "approved-by" or not value.strip():
            continue
        match = _APPROVER.match(value)
        if match:
            approvals.append(Approval(match["name"], match["email"]))
        else:
            malformed.append(value.strip())
    return tuple(approvals), tuple(malformed)


class _Tokens:
    """NUL-ended tokens of git's output, read one at a time; a token out of place is a GitError."""

    def __init__(self, output: bytes, what: str) -> None:
        self.tokens = output.split(b"\0")
        if self.tokens and self.tokens[-1] == b"":
            self.tokens.pop()
        self.index = 0
        self.what = what

    def more(self) -> bool:
        return self.index < len(self.tokens)

    def peek(self) -> bytes:
        return self.tokens[self.index]

    def take(self) -> bytes:
        if self.index >= len(self.tokens):
            raise self.error("it ended in the middle of a commit")
        self.index += 1
        return self.tokens[self.index - 1]

    def text(self) -> str:
        return self.take().decode("utf-8", "replace")

    def path(self) -> str:
        # A path is bytes; bytes that are not UTF-8 are kept (as surrogates) so that a
        # name cannot turn into another name, and such paths are refused as charters.
        return self.take().decode("utf-8", "surrogateescape")

    def error(self, problem: str) -> GitError:
        return GitError(
            f"the output of `{self.what}` could not be read field by field: {problem}. "
            "Run `git fsck` on the repository: it may hold a crafted commit"
        )


def is_git_date(value: str) -> bool:
    """An ISO 8601 date-time as git's %aI writes it, and one that exists: a crafted commit
    can carry an offset such as +99:99, which passes `git fsck`."""
    if not _ISO_DATE.fullmatch(value):
        return False
    try:
        dt.datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _expect(tokens: _Tokens, value: str, pattern: re.Pattern[str] | frozenset[str], what: str) -> str:
    ok = value in pattern if isinstance(pattern, frozenset) else pattern.fullmatch(value) is not None
    if not ok:
        raise tokens.error(f"{what} {value[:80]!r} is not one")
    return value


def _commit(tokens: _Tokens) -> Commit:
    commit_id = _expect(tokens, tokens.text(), OBJECT_ID, "the commit id")
    parents = _expect(tokens, tokens.text(), _PARENTS, "the parent list")
    author, date = tokens.text(), tokens.text()
    if not is_git_date(date):
        raise tokens.error(f"commit {commit_id} has an author date git cannot read ({date[:40]!r})")
    signature = _expect(tokens, tokens.text(), _SIGNATURE_LETTERS, "the signature status")
    signer, subject, trailer_block, message = tokens.text(), tokens.text(), tokens.text(), tokens.text()
    if tokens.text() != commit_id:
        raise tokens.error(f"the fields of commit {commit_id} do not end with its id")
    approvals, malformed = _approvals(trailer_block)
    return Commit(
        commit_id,
        tuple(parents.split()),
        author,
        date,
        subject,
        message.strip("\n"),
        approvals,
        malformed,
        signature,
        signer,
    )


def _changes(tokens: _Tokens) -> tuple[FileChange, ...]:
    """The ``--raw`` entries that follow, each a status token and one or two paths."""
    changes = []
    while tokens.more() and (raw := _RAW_CHANGE.fullmatch(tokens.peek().decode("ascii", "replace"))):
        tokens.take()
        new_blob, kind = raw[2], raw[3]
        old_path = tokens.path() if kind in "RC" else None
        path = tokens.path()
        changes.append(FileChange(kind, path, old_path if kind == "R" else None, None if kind == "D" else new_blob))
    return tuple(changes)


def parse_log(output: bytes, what: str) -> list[LoggedCommit]:
    tokens = _Tokens(output, what)
    logged = []
    while tokens.more():
        commit = _commit(tokens)
        logged.append(LoggedCommit(commit, _changes(tokens)))
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
    config = dict(_READING_CONFIG)
    if check_signatures:
        config["gpg.ssh.allowedSignersFile"] = str(allowed_signers)
    revisions = [f"{since}..{ref}"] if since else [ref]
    output = run(root, [*arguments, *revisions, "--", folder], config=config)
    return parse_log(output, "git log")


def read_diff(root: Path, old: str, new: str, folder: str) -> tuple[FileChange, ...]:
    """The files in ``folder`` that differ between commits ``old`` and ``new``."""
    tokens = _Tokens(run(root, ["diff", "-z", "--raw", "--no-abbrev", "-M", old, new, "--", folder]), "git diff")
    changes = _changes(tokens)
    if tokens.more():
        raise tokens.error("an entry is not a change")
    return changes
