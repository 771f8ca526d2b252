"""The one place that runs git: every call goes through ``run``.

A build reads thousands of revisions, so callers ask for whole histories in a fixed number
of processes (one ``git log`` pass, one ``git cat-file --batch``), never one per revision.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable
from pathlib import Path

# Git must answer the same way on every machine: no pager, no user config that changes
# output (e.g. log.showSignature, diff.renames), English messages.
_ENVIRONMENT = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_PAGER": "cat",
    "LC_ALL": "C",
    "GIT_TERMINAL_PROMPT": "0",
}


OBJECT_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")  # SHA-1 or SHA-256


class GitError(RuntimeError):
    """Git failed or the repository cannot give what is needed; the message says how to fix it."""


# The commits the tool makes for the person at the terminal (`charters approve`) keep their
# identity and signing settings, so only the language and the prompt are fixed.
_ENVIRONMENT_AS_USER = {"LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}


def run(
    root: Path,
    arguments: Iterable[str],
    stdin: bytes | None = None,
    config: dict[str, str] | None = None,
    timeout: float | None = None,
    environment: dict[str, str] | None = None,
    as_user: bool = False,
) -> bytes:
    command = ["git", "-C", str(root)]
    for key, value in (config or {}).items():
        command += ["-c", f"{key}={value}"]
    command += list(arguments)
    fixed = _ENVIRONMENT_AS_USER if as_user else _ENVIRONMENT
    try:
        completed = subprocess.run(
            command,
            input=stdin,
            capture_output=True,
            env={**os.environ, **(environment or {}), **fixed},
            check=False,
            timeout=timeout,
        )
    except FileNotFoundError as error:
        raise GitError("git is not installed; install git to read charter history") from error
    except subprocess.TimeoutExpired as error:
        raise GitError(f"`git {' '.join(command[3:])}` gave no answer in {timeout:.0f} s") from error
    if completed.returncode != 0:
        detail = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"`git {' '.join(command[3:])}` failed: {detail[-1] if detail else 'no message'}")
    return completed.stdout


def require_full_history(root: Path) -> bool:
    """Refuse a shallow clone: its history is cut off, so versions and approvals would lie.
    Returns whether the current branch has any commit yet."""
    try:
        answers = run(root, ["rev-parse", "--is-shallow-repository", "HEAD"]).split()
    except GitError:
        answers = None  # no repository, or no commit yet: one more question tells which
    if answers is None:
        try:
            answers = run(root, ["rev-parse", "--is-shallow-repository"]).split()
        except GitError as error:
            raise GitError(f"{root} is not a git repository; charter history is read from git") from error
    if answers[0] == b"true":
        raise GitError(
            "this is a shallow clone, and charter history needs the full clone: run "
            "`git fetch --unshallow`, or in GitHub Actions set `fetch-depth: 0` on actions/checkout"
        )
    return len(answers) > 1


# A path the tool asks ``cat-file`` for, after a commit id and a colon: names the tool made
# from ids the schema allows, never a path read from anywhere.
_TREE_PATH = re.compile(r"[a-z0-9]+(?:[._/-][a-z0-9]+)*")


def is_tree_path(path: str) -> bool:
    """Whether ``read_files`` may be asked for ``path``."""
    return _TREE_PATH.fullmatch(path) is not None


def _file_names(wanted: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Each (commit id, path) as ``cat-file`` names it, once each."""
    names = {}
    for commit, path in wanted:
        if not OBJECT_ID.fullmatch(commit) or not _TREE_PATH.fullmatch(path):
            raise GitError(f"{commit[:80]!r}:{path[:80]!r} is not a file the tool reads")
        names[(commit, path)] = f"{commit}:{path}"
    return names


def read_files(root: Path, wanted: Iterable[tuple[str, str]]) -> dict[tuple[str, str], bytes]:
    """The content of each (commit id, path) that exists, in one ``cat-file`` process."""
    names = _file_names(wanted)
    found = _cat_file(root, list(names.values()))
    return {pair: found[name] for pair, name in names.items() if name in found}


def read_file_ids(root: Path, wanted: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The blob id of each (commit id, path) that is a file, in one ``cat-file`` process,
    without reading any content."""
    names = _file_names(wanted)
    if not names:
        return {}
    request = "".join(f"{name}\n" for name in names.values()).encode()
    # One line per name, in order: "<id> <type>", or "<name> missing" (names hold no space).
    answers = run(root, ["cat-file", "--batch-check=%(objectname) %(objecttype)"], stdin=request).splitlines()
    found = {}
    for pair, answer in zip(names, answers, strict=True):
        object_id, _, kind = answer.decode("ascii", "replace").partition(" ")
        if kind == "blob" and OBJECT_ID.fullmatch(object_id):
            found[pair] = object_id
    return found


def read_blobs(root: Path, object_ids: Iterable[str]) -> dict[str, bytes]:
    """The content of each object, by id, in one ``cat-file`` process. Its answers are
    length-prefixed, so no content can be taken for the next object's.

    Objects that do not exist are left out of the result.
    """
    names = list(dict.fromkeys(object_ids))
    for name in names:
        # Requests are one per line: a name that is not an id could ask for more.
        if not OBJECT_ID.fullmatch(name):
            raise GitError(f"{name[:80]!r} is not a git object id")
    return _cat_file(root, names)


def _cat_file(root: Path, names: list[str]) -> dict[str, bytes]:
    if not names:
        return {}
    output = run(root, ["cat-file", "--batch"], stdin="".join(f"{name}\n" for name in names).encode())
    blobs: dict[str, bytes] = {}
    offset = 0
    for name in names:
        header_end = output.index(b"\n", offset)
        header = output[offset:header_end].split(b" ")
        offset = header_end + 1
        if header[-1] in (b"missing", b"ambiguous"):
            continue
        size = int(header[2])
        blobs[name] = output[offset : offset + size]
        offset += size + 1
    return blobs


def resolve_commit(root: Path, revision: str) -> str:
    """The commit id ``revision`` names; a clear error for a name git does not know."""
    try:
        # --end-of-options: a name such as --output=… is a name, never an option to git.
        return (
            run(root, ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"])
            .decode()
            .strip()
        )
    except GitError as error:
        raise GitError(f"{revision!r} is not a commit in this repository; fetch it, or check the name") from error


def merge_base(root: Path, base: str, head: str) -> str:
    try:
        return run(root, ["merge-base", base, head]).decode().strip()
    except GitError as error:
        raise GitError(f"{base} and {head} share no history; is --base the branch the pull request targets?") from error


def remote_url(root: Path, name: str = "origin") -> str | None:
    """The address of the remote ``name``, when the repository has one."""
    try:
        return run(root, ["remote", "get-url", name]).decode("utf-8", "replace").strip() or None
    except GitError:
        return None


def tag_commit(root: Path, repository: str, tag: str) -> str | None:
    """The commit the tag ``tag`` of ``repository`` (an address git can reach) points at, or
    None when it cannot be asked or has no such tag. An annotated tag is followed to its commit."""
    try:
        listing = run(
            root, ["ls-remote", "--tags", "--", repository, f"refs/tags/{tag}", f"refs/tags/{tag}^{{}}"], timeout=30
        )
    except GitError:
        return None
    # Each line is "<object id> TAB <ref name>"; ref names cannot hold a tab (git check-ref-format).
    found = dict(
        reversed(line.split("\t", 1)) for line in listing.decode("ascii", "replace").splitlines() if "\t" in line
    )
    commit = found.get(f"refs/tags/{tag}^{{}}") or found.get(f"refs/tags/{tag}")
    return commit if commit is not None and OBJECT_ID.fullmatch(commit) else None
