"""Reading signatures: the allowed-signers file through the main line, and the files git
checks signatures with.

Git checks an SSH signature against an allowed-signers file and a GPG signature against a
keyring. Both are made by the tool for each build: the allowed-signers file holds every
key the repository's file ever held on the main line (so a key removed later still
verifies what it signed before; whether it counted is history/keys.py's question), and the
keyring holds only the keys with which the platforms sign edits made in their web
interface, so the keys of whoever runs the build never change a verdict.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.history.git import GitError, read_blobs
from generator.history.keys import (
    ALLOWED_SIGNERS_FILES,
    SSH_KEY_TYPES,
    KeyChange,
    SignerKey,
    SignerProblem,
    allowed_signers_text,
    key_pairs,
    read_allowed_signers,
)
from generator.history.log import Commit, LoggedCommit, SignatureCheck, read_log
from generator.history.mainline import MainLine
from generator.history.people import Proof


@dataclass(frozen=True)
class KeyHistory:
    changes: tuple[KeyChange, ...]
    keys: tuple[SignerKey, ...]  # every key the file held on the main line
    problems: tuple[SignerProblem, ...]  # of the file as it is at the tip


@dataclass(frozen=True)
class Signing:
    """What a build knows about signatures before it reads the commits that matter."""

    check: SignatureCheck | None  # None when nothing could verify: no keys at all
    platform_keys: frozenset[str]  # fingerprints of the platforms' web-interface keys
    keys: KeyHistory

    def proof(self, commit: Commit, main_line: MainLine) -> Proof:
        # The keyring holds the platforms' keys alone, with no trust set: GnuPG calls a
        # good signature by one of them "U" (good, validity unknown), which is what we know.
        platform = commit.signature in ("G", "U") and commit.key in self.platform_keys
        ssh_key = commit.key if commit.signature == "G" and commit.key.startswith("SHA256:") else ""
        arrival = main_line.arrival[commit.id]
        on_main_line = main_line.chain[arrival] == commit.id
        squashed = on_main_line and len(commit.parents) == 1 and commit.pull_request is not None
        return Proof(commit.author_name, commit.author_email, ssh_key, platform, arrival, squashed)


def _file_states(root: Path, logged: list[LoggedCommit]) -> list[tuple[LoggedCommit, str]]:
    """Each main-line commit that changed a signers file, and the text in force after it:
    the first of ALLOWED_SIGNERS_FILES that exists."""
    blobs = read_blobs(root, (change.blob for item in logged for change in item.changes if change.blob))
    current: dict[str, str | None] = {}
    states = []
    for item in logged:
        for change in item.changes:
            if change.path in ALLOWED_SIGNERS_FILES:
                current[change.path] = change.blob
            if change.old_path in ALLOWED_SIGNERS_FILES:
                current[change.old_path] = None
        blob = next((current[name] for name in ALLOWED_SIGNERS_FILES if current.get(name)), None)
        states.append((item, blobs.get(blob, b"").decode("utf-8", "replace") if blob else ""))
    return states


def read_key_history(root: Path, ref: str, main_line: MainLine) -> tuple[list[tuple[LoggedCommit, str]], KeyHistory]:
    logged = read_log(root, ref, ALLOWED_SIGNERS_FILES, first_parent=True)
    states = _file_states(root, logged)
    every_key: dict[tuple[str, str], SignerKey] = {}
    problems: tuple[SignerProblem, ...] = ()
    for _, text in states:
        keys, problems = read_allowed_signers(text)
        every_key.update({(key.key_type, key.key): key for key in keys})
    return states, KeyHistory((), tuple(every_key.values()), problems)


def _key_changes(
    states: list[tuple[LoggedCommit, str]],
    checked: dict[str, Commit],
    branch_commits: dict[str, list[Commit]],
    signing: Signing,
    main_line: MainLine,
) -> tuple[KeyChange, ...]:
    changes, before = [], set()
    for item, text in states:
        after = key_pairs(read_allowed_signers(text)[0])
        commit = checked[item.commit.id]
        carrying = [commit, *branch_commits.get(commit.id, [])]
        approvals = tuple(
            (approval.email.casefold(), signing.proof(carrier, main_line))
            for carrier in carrying
            for approval in carrier.approvals
        )
        changes.append(
            KeyChange(
                signing.proof(commit, main_line),
                approvals,
                tuple(sorted(after - before)),
                tuple(sorted(before - after)),
            )
        )
        before = after
    return tuple(changes)


def _platform_fingerprints(gnupg_home: Path) -> frozenset[str]:
    listing = subprocess.run(
        ["gpg", "--homedir", str(gnupg_home), "--batch", "--with-colons", "--list-keys"],
        capture_output=True,
        check=False,
    ).stdout.decode("ascii", "replace")
    return frozenset(line.split(":")[9] for line in listing.splitlines() if line.startswith("fpr:"))


# A file of the platforms' public keys (ASCII-armoured OpenPGP, SSH keys one per line), as
# the CI job fetched them from the platform itself (empty when it could not); see README,
# "How keys are trusted".
PLATFORM_KEYS_VARIABLE = "CHARTERS_PLATFORM_KEYS"


def platform_keys() -> bytes | None:
    named = os.environ.get(PLATFORM_KEYS_VARIABLE)
    if not named:
        return None
    try:
        return Path(named).read_bytes()
    except OSError as error:
        raise GitError(f"{PLATFORM_KEYS_VARIABLE} names {named!r}, which cannot be read: {error.strerror}") from error


# The principal the platforms' SSH keys are listed under in the allowed-signers file the
# tool writes: an address no representative can have (.invalid is reserved, RFC 2606).
_PLATFORM_PRINCIPAL = "web-interface@platform.invalid"


def _platform_key_kinds(keys: bytes) -> tuple[tuple[SignerKey, ...], bytes]:
    """The SSH keys among the platforms' keys (one per line, as GitLab publishes its own),
    and the rest: OpenPGP keys, as GitHub publishes its own."""
    text = keys.decode("utf-8", "replace")
    ssh_lines = [line for line in text.splitlines() if line.split(" ", 1)[0] in SSH_KEY_TYPES]
    read, _ = read_allowed_signers("".join(f"{_PLATFORM_PRINCIPAL} {line}\n" for line in ssh_lines))
    rest = "".join(line + "\n" for line in text.splitlines() if line not in ssh_lines)
    return read, rest.encode()


@contextlib.contextmanager
def signing(root: Path, ref: str, main_line: MainLine, platform_keys: bytes | None) -> Iterator[Signing]:
    """The signature check for one build, its files in a temporary folder while it lasts."""
    states, history = read_key_history(root, ref, main_line)
    if not history.keys and not platform_keys:
        yield Signing(None, frozenset(), history)
        return
    ssh_platform_keys, openpgp_keys = _platform_key_kinds(platform_keys or b"")
    with tempfile.TemporaryDirectory(prefix="charters-signatures-") as folder:
        allowed = Path(folder) / "allowed_signers"
        allowed.write_text(allowed_signers_text((*history.keys, *ssh_platform_keys)), encoding="utf-8")
        gnupg_home = Path(folder) / "gnupg"
        gnupg_home.mkdir(mode=0o700)
        fingerprints = frozenset(key.fingerprint for key in ssh_platform_keys)
        if openpgp_keys.strip():
            subprocess.run(
                ["gpg", "--homedir", str(gnupg_home), "--batch", "--quiet", "--import"],
                input=openpgp_keys,
                capture_output=True,
                check=False,
            )
            fingerprints |= _platform_fingerprints(gnupg_home)
        check = SignatureCheck(allowed, gnupg_home)
        unfinished = Signing(check, fingerprints, history)
        checked = {
            item.commit.id: item.commit
            for item in read_log(root, ref, ALLOWED_SIGNERS_FILES, first_parent=True, signatures=check)
        }
        branch = {
            item.commit.id: item.commit
            for item in read_log(root, ref, ALLOWED_SIGNERS_FILES, first_parent=False, signatures=check)
        }
        brought = main_line.brought_in()
        branch_commits = {
            merge: [branch[commit] for commit in brought.get(merge, []) if commit in branch] for merge in checked
        }
        changes = _key_changes(states, checked, branch_commits, unfinished, main_line)
        try:
            yield Signing(check, fingerprints, KeyHistory(changes, history.keys, history.problems))
        finally:
            # GnuPG leaves an agent running for its home; it goes with the folder.
            subprocess.run(["gpgconf", "--homedir", str(gnupg_home), "--kill", "all"], capture_output=True, check=False)
