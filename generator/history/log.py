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
import sys
from dataclasses import dataclass
from pathlib import Path

from generator.history.git import OBJECT_ID, GitError, run

# What each commit record holds, in order, between its id at the start and at the end.
_FIELDS = ("%P", "%an", "%ae", "%aI", "%ce", "%cI", "%G?", "%GS", "%GF", "%s", "%(trailers:only,unfold)", "%B")
_UNCHECKED = ("%P", "%an", "%ae", "%aI", "%ce", "%cI", "-", "", "", "%s", "%(trailers:only,unfold)", "%B")
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
# `Approves: <charter-id> v<N> [sha256:<hex>]`: the id as the schema allows it, a version
# number, and optionally at least 12 hex digits of the digest of the terms approved.
_VERSION_NAMED = re.compile(
    r"\s*(?P<charter>[a-z0-9]+(?:-[a-z0-9]+)*)\s+v(?P<version>[1-9][0-9]{0,8})"
    r"(?:\s+sha256:(?P<digest>[0-9a-f]{12,64}))?\s*"
)
_PULL_REQUEST_PATTERNS = (
    re.compile(r"^Merge pull request (#)(\d+)\b"),  # GitHub merge commit
    re.compile(r"\((#)(\d+)\)\s*$"),  # GitHub squash-merge title
    re.compile(r"See merge request \S*(!)(\d+)\b"),  # GitLab merge commit body
    re.compile(r"(?:^|\s)([#!])(\d+)\b"),  # any other reference on the subject line
)


@dataclass(frozen=True, slots=True)
class Approval:
    name: str
    email: str


@dataclass(frozen=True, slots=True)
class VersionNamed:
    """A version an `Approves:` or `Objects:` trailer names, with the digest it pins, if any."""

    charter: str
    version: int
    digest: str | None  # hex digits, at least 12


@dataclass(frozen=True, slots=True)
class Positions:
    """What a commit's trailers say about versions: who approves or objects, and to what."""

    approvers: tuple[Approval, ...] = ()  # Approved-by
    objectors: tuple[Approval, ...] = ()  # Objected-by
    approves: tuple[VersionNamed, ...] = ()
    objects: tuple[VersionNamed, ...] = ()
    malformed: tuple[str, ...] = ()  # trailer lines of these keys that could not be read


@dataclass(frozen=True, slots=True)
class PullRequest:
    marker: str  # "#" on GitHub, "!" on GitLab
    number: int

    def __str__(self) -> str:
        return f"{self.marker}{self.number}"


@dataclass(frozen=True, slots=True)
class Commit:
    id: str
    parents: tuple[str, ...]
    author_name: str
    author_email: str
    date: str  # ISO 8601 author date, as git gives it
    committer_email: str
    committed: str  # ISO 8601 committer date: when the commit was made, e.g. by a merge
    subject: str  # the first paragraph on one line, as git gives it
    message: str
    positions: Positions
    signature: str  # git's %G? letter ("G" good, "N" none, …) or "-" when not checked
    signer: str  # the principal git found for the key, for SSH signatures
    key: str  # the signing key's fingerprint ("SHA256:…" for SSH), "" when unsigned or unchecked

    @property
    def approvals(self) -> tuple[Approval, ...]:
        return self.positions.approvers

    @property
    def malformed_approvals(self) -> tuple[str, ...]:
        return self.positions.malformed

    @property
    def day(self) -> str:
        """The UTC date the commit was made: the day of record for what it brings in."""
        return dt.datetime.fromisoformat(self.committed).astimezone(dt.UTC).date().isoformat()

    @property
    def pull_request(self) -> PullRequest | None:
        for index, pattern in enumerate(_PULL_REQUEST_PATTERNS):
            text = self.message if index == 2 else self.subject
            match = pattern.search(text)
            if match:
                return PullRequest(match.group(1), int(match.group(2)))
        return None


@dataclass(frozen=True, slots=True)
class FileChange:
    status: str  # A added, M modified, D deleted, R renamed, T type changed
    path: str
    old_path: str | None  # for renames
    blob: str | None  # None when deleted


@dataclass(frozen=True, slots=True)
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


_PEOPLE_KEYS = {"approved-by": "approvers", "objected-by": "objectors"}
_VERSION_KEYS = {"approves": "approves", "objects": "objects"}


def read_positions(block: str) -> Positions:
    """The position trailers of a commit, from ``%(trailers:only,unfold)``. A value that is
    not what its key needs is kept, as typed, among ``malformed``, never guessed at."""
    found: dict[str, list] = {field: [] for field in (*_PEOPLE_KEYS.values(), *_VERSION_KEYS.values(), "malformed")}
    for key, value in trailers(block):
        kind = key.casefold()
        if (kind not in _PEOPLE_KEYS and kind not in _VERSION_KEYS) or not value.strip():
            continue
        if kind in _PEOPLE_KEYS and (person := _APPROVER.match(value)):
            found[_PEOPLE_KEYS[kind]].append(Approval(sys.intern(person["name"]), sys.intern(person["email"])))
        elif kind in _VERSION_KEYS and (named := _VERSION_NAMED.fullmatch(value)):
            found[_VERSION_KEYS[kind]].append(VersionNamed(named["charter"], int(named["version"]), named["digest"]))
        else:
            found["malformed"].append(f"{key}: {value.strip()}")
    return Positions(**{field: tuple(values) for field, values in found.items()})


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
    author, author_email, date = tokens.text(), tokens.text(), tokens.text()
    committer_email, committed = tokens.text(), tokens.text()
    for value in (date, committed):
        if not is_git_date(value):
            raise tokens.error(f"commit {commit_id} has a date git cannot read ({value[:40]!r})")
    signature = _expect(tokens, tokens.text(), _SIGNATURE_LETTERS, "the signature status")
    signer, key = tokens.text(), tokens.text()
    subject, trailer_block, message = tokens.text(), tokens.text(), tokens.text()
    if tokens.text() != commit_id:
        raise tokens.error(f"the fields of commit {commit_id} do not end with its id")
    # Ids, names, addresses and keys recur across thousands of commits (a parent is the
    # id of another commit): one string for each keeps a long history small.
    return Commit(
        sys.intern(commit_id),
        tuple(map(sys.intern, parents.split())),
        sys.intern(author),
        sys.intern(author_email),
        date,
        sys.intern(committer_email),
        committed,
        subject,
        message.strip("\n"),
        read_positions(trailer_block),
        sys.intern(signature),
        sys.intern(signer),
        sys.intern(key),
    )


def _changes(tokens: _Tokens) -> tuple[FileChange, ...]:
    """The ``--raw`` entries that follow, each a status token and one or two paths."""
    changes = []
    while tokens.more() and (raw := _RAW_CHANGE.fullmatch(tokens.peek().decode("ascii", "replace"))):
        tokens.take()
        new_blob, kind = raw[2], raw[3]
        old_path = sys.intern(tokens.path()) if kind in "RC" else None
        path = sys.intern(tokens.path())
        changes.append(FileChange(kind, path, old_path if kind == "R" else None, None if kind == "D" else new_blob))
    return tuple(changes)


def parse_log(output: bytes, what: str) -> list[LoggedCommit]:
    tokens = _Tokens(output, what)
    logged = []
    while tokens.more():
        commit = _commit(tokens)
        logged.append(LoggedCommit(commit, _changes(tokens)))
    return logged


@dataclass(frozen=True)
class SignatureCheck:
    """How git checks signatures: the allowed-signers file the tool wrote and a GnuPG home
    that holds only the keys of the platforms' web interfaces (history/signatures.py)."""

    allowed_signers: Path
    gnupg_home: Path


def _checking(signatures: SignatureCheck | None) -> tuple[dict[str, str], dict[str, str] | None]:
    """The configuration and environment git reads commits with."""
    config = dict(_READING_CONFIG)
    if signatures is None:
        return config, None
    config["gpg.ssh.allowedSignersFile"] = str(signatures.allowed_signers)
    return config, {"GNUPGHOME": str(signatures.gnupg_home)}


def read_log(
    root: Path,
    ref: str,
    paths: str | tuple[str, ...],
    *,
    first_parent: bool,
    signatures: SignatureCheck | None = None,
    since: str | None = None,
    grep: str | None = None,
) -> list[LoggedCommit]:
    """Commits reachable from ``ref`` that changed files in ``paths``, oldest first.

    With ``first_parent`` only the main line is walked and a merge shows what it brought in
    against its first parent; otherwise every non-merge commit that touched the folder.
    Signatures are checked only when ``signatures`` is given: checking costs a process per
    signed commit. ``since``: a commit on the main line; only the commits after it are read.
    ``grep``: instead of paths, every commit (merges too) whose message matches this
    extended regular expression, ignoring case, with no file changes.
    """
    arguments = ["log", "--reverse", "-z", "--no-abbrev", f"--format={_format(signatures is not None)}"]
    if grep is not None:
        arguments += ["-i", "-E", f"--grep={grep}"]
    else:
        arguments += ["--raw", "-M"]
        arguments += ["--first-parent", "--diff-merges=first-parent"] if first_parent else ["--no-merges"]
    config, environment = _checking(signatures)
    revisions = [f"{since}..{ref}"] if since else [ref]
    pathspecs = [] if grep is not None else ["--", *((paths,) if isinstance(paths, str) else paths)]
    output = run(root, [*arguments, *revisions, *pathspecs], config=config, environment=environment)
    return parse_log(output, "git log")


def read_commit(root: Path, commit: str, signatures: SignatureCheck | None = None) -> Commit:
    """The commit ``commit`` (an id) alone."""
    config, environment = _checking(signatures)
    arguments = ["log", "-1", "-z", "--no-abbrev", f"--format={_format(signatures is not None)}", commit, "--"]
    return parse_log(run(root, arguments, config=config, environment=environment), "git log")[0].commit


def read_diff(root: Path, old: str, new: str, folder: str) -> tuple[FileChange, ...]:
    """The files in ``folder`` that differ between commits ``old`` and ``new``."""
    tokens = _Tokens(run(root, ["diff", "-z", "--raw", "--no-abbrev", "-M", old, new, "--", folder]), "git diff")
    changes = _changes(tokens)
    if tokens.more():
        raise tokens.error("an entry is not a change")
    return changes
