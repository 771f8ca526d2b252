"""Signing keys: the allowed-signers file through the main line, and which key counts for
whom from when.

A key counts for a representative from the main-line commit that added it, and only when
that commit is signed by a key already trusted for the same party, or every party approved
it with signed evidence; its removal never changes evidence given before. So one party
cannot add a key under another party's representative and sign for them: its own keys are
trusted for its own people only, and the other party's approval of the key cannot be typed.

The file's lines are read token by token (OpenSSH's format: principals, options, key type,
key), and the file git checks signatures with is written by the tool from what was read, so
nothing the file holds beyond a well-formed key reaches git or ssh-keygen.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import struct
from collections.abc import Iterable
from dataclasses import dataclass

from generator.history.people import Evidence, Proof, Roster

ALLOWED_SIGNERS_FILES = (".allowed_signers", ".github/allowed_signers")
_EMAIL = re.compile(r"[^@\s<>,*?!\"]+@[^@\s<>,*?!\"]+\.[^@\s<>,*?!\"]+")
SSH_KEY_TYPES = frozenset(
    {
        "ssh-ed25519",
        "ssh-rsa",
        "ecdsa-sha2-nistp256",
        "ecdsa-sha2-nistp384",
        "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com",
        "sk-ecdsa-sha2-nistp256@openssh.com",
    }
)
_NAMESPACES = re.compile(r'namespaces="([a-z0-9,.-]+)"', re.IGNORECASE)


@dataclass(frozen=True)
class SignerKey:
    """One key of the allowed-signers file, and the emails it may sign for."""

    emails: tuple[str, ...]  # case-folded
    key_type: str
    key: str  # base64, as in the file
    line: int

    @property
    def fingerprint(self) -> str:
        """As git prints it (%GF) for an SSH signature: SHA256 of the key, base64 without padding."""
        digest = hashlib.sha256(base64.b64decode(self.key)).digest()
        return "SHA256:" + base64.b64encode(digest).decode().rstrip("=")


@dataclass(frozen=True)
class SignerProblem:
    line: int
    message: str


def _tokens(line: str) -> list[str]:
    """Whitespace-separated tokens; a double-quoted stretch (an option's value) is one token."""
    tokens, current, quoted = [], [], False
    for character in line:
        if character == '"':
            quoted = not quoted
        if character.isspace() and not quoted:
            if current:
                tokens.append("".join(current))
                current = []
        else:
            current.append(character)
    if current:
        tokens.append("".join(current))
    return tokens


def _key_blob_type(key: str) -> str | None:
    """The key type written inside a base64 key blob, or None when it is not one."""
    try:
        blob = base64.b64decode(key, validate=True)
        (length,) = struct.unpack(">I", blob[:4])
        return blob[4 : 4 + length].decode("ascii")
    except (binascii.Error, struct.error, UnicodeDecodeError):
        return None


def _read_line(tokens: list[str], number: int) -> SignerKey | SignerProblem | None:
    principals, rest = tokens[0], tokens[1:]
    options = []
    while rest and rest[0] not in SSH_KEY_TYPES:
        options.append(rest.pop(0))
    if len(rest) < 2:
        return SignerProblem(number, "no key type and key after the emails")
    key_type, key = rest[0], rest[1]
    if _key_blob_type(key) != key_type:
        return SignerProblem(number, f"the key is not a {key_type} key")
    for option in options:
        namespaces = _NAMESPACES.fullmatch(option)
        if namespaces is None:
            # cert-authority would let one key sign for anyone; validity windows are not
            # read, so a key limited by one is not taken at all rather than taken for ever.
            return SignerProblem(number, f'the option {option[:40]!r} is not supported; only namespaces="git"')
        if "git" not in namespaces[1].split(","):
            return None  # a key for other uses than git commits
    emails = principals.split(",")
    if not all(_EMAIL.fullmatch(email) for email in emails):
        return SignerProblem(number, "the first field must be one email, or several separated by commas, no patterns")
    return SignerKey(tuple(email.casefold() for email in emails), key_type, key, number)


def read_allowed_signers(text: str) -> tuple[tuple[SignerKey, ...], tuple[SignerProblem, ...]]:
    keys, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        tokens = _tokens(line)
        if not tokens or tokens[0].startswith("#"):
            continue
        read = _read_line(tokens, number)
        if isinstance(read, SignerKey):
            keys.append(read)
        elif read is not None:
            problems.append(read)
    return tuple(keys), tuple(problems)


def allowed_signers_text(keys: Iterable[SignerKey]) -> str:
    """An allowed-signers file for git, written from keys already read."""
    lines = {f'{",".join(key.emails)} namespaces="git" {key.key_type} {key.key}\n' for key in keys}
    return "".join(sorted(lines))


@dataclass(frozen=True)
class KeyChange:
    """A main-line commit that changed the allowed-signers file, and what it brought."""

    proof: Proof  # of the commit that made the change
    approvals: tuple[tuple[str, Proof], ...]  # (email, proof of the commit carrying it): Approved-by on it or its merge
    added: tuple[tuple[str, str], ...]  # (email, fingerprint)
    removed: tuple[tuple[str, str], ...]


def key_pairs(keys: Iterable[SignerKey]) -> set[tuple[str, str]]:
    return {(email, key.fingerprint) for key in keys for email in key.emails}


class KeyPeriods:
    """When each key counts for each representative of one charter version's parties."""

    def __init__(self, changes: Iterable[KeyChange], roster: Roster) -> None:
        self.spans: dict[tuple[str, str], list[tuple[int, int | None]]] = {}
        for change in changes:
            self._apply(change, roster)

    def counts(self, email: str, fingerprint: str, at: int) -> bool:
        """Whether the key ``fingerprint`` counts for ``email`` at main-line index ``at``."""
        spans = self.spans.get((email, fingerprint), ())
        return any(start <= at and (end is None or at < end) for start, end in spans)

    def _trusted_for_party(self, party: str, fingerprint: str, at: int, roster: Roster) -> bool:
        return any(
            key == fingerprint and roster.party_of(email) == party and self.counts(email, key, at)
            for email, key in self.spans
        )

    def _apply(self, change: KeyChange, roster: Roster) -> None:
        at = change.proof.arrival
        for pair in change.removed:
            spans = self.spans.get(pair, [])
            if spans and spans[-1][1] is None:
                spans[-1] = (spans[-1][0], at)
        signed_parties = {
            roster.party_of(email)
            for email, proof in change.approvals
            if proof.evidence(email, roster, self.counts) is Evidence.SIGNED
        }
        for email, fingerprint in change.added:
            party = roster.party_of(email)
            if party is None or self.counts(email, fingerprint, at):
                continue
            vouched = (
                (change.proof.key and self._trusted_for_party(party, change.proof.key, at, roster))
                or (change.proof.platform_signed and roster.is_account(email, change.proof.author_email))
                or signed_parties >= roster.parties
            )
            if vouched:
                self.spans.setdefault((email, fingerprint), []).append((at, None))
