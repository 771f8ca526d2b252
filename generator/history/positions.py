"""Positions given by naming a version: `Approves:`/`Objects:` commits, and ledger lines.

Either may come at any time, before or after the merge, from any commit reachable from the
main line. Each counts only for the terms it saw: version N as the commit's own tree holds
it when the charter there is at version N, or as published on the main line when N is an
earlier version (history/ratification.py decides the second case, which needs the main line).

The ledger ``approvals/<charter-id>.yaml`` is for people who work in a platform's web
interface: a line ``- {version: N, position: approve | object, by: email, reason?: text}``
is a position of the commit that added it, with that commit's evidence (history/ledger.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.history.git import read_files
from generator.history.ledger import ledger_positions
from generator.history.log import Commit, SignatureCheck, read_log, trailers
from generator.history.terms import terms_digest
from generator.problems import has_errors
from generator.workspace import check_content

# Trailers git would read as `Approves:` or `Objects:`, asked of git as a first sieve; the
# trailers are then read one by one (history/log.py).
_NAMING_TRAILER = "^(approves|objects)[[:space:]]*:"


@dataclass(frozen=True)
class NamedPosition:
    approves: bool  # False: an objection
    charter: str  # the charter id it names
    version: int
    pinned: str | None  # hex digits of the digest it names, when it names one
    name: str  # as written in the trailer; "" for a ledger line
    email: str
    reason: str
    commit: Commit
    ledger: bool  # a ledger line, not a trailer
    seen_version: int | None  # of that charter in the commit's own tree; None when it has none
    seen_digest: str | None  # of its terms there


def objection_reason(message: str) -> str:
    """The body of a commit message: what follows the subject, without the trailers."""
    paragraphs = [paragraph.strip() for paragraph in re.split(r"\n[ \t]*\n", message) if paragraph.strip()]
    body = paragraphs[1:]
    if body and all(trailers(line) for line in body[-1].splitlines()):
        body = body[:-1]
    return "\n\n".join(body)


def _trailer_positions(commit: Commit) -> list[tuple[bool, str, int, str | None, str, str, str]]:
    found = []
    reason = objection_reason(commit.message)
    for approves, named, people in (
        (True, commit.positions.approves, commit.positions.approvers),
        (False, commit.positions.objects, commit.positions.objectors),
    ):
        for version in named:
            for person in people:
                found.append(
                    (
                        approves,
                        version.charter,
                        version.version,
                        version.digest,
                        person.name,
                        person.email,
                        "" if approves else reason,
                    )
                )
    return found


def read_named_positions(
    root: Path, ref: str, folder: str, signatures: SignatureCheck | None, order: dict[str, int]
) -> dict[str, list[NamedPosition]]:
    """Every position that names a version, by the charter id it names. ``order``: every
    reachable commit's place in a topological order, parents first (MainLine.order)."""
    raw: list[tuple[Commit, tuple[bool, str, int, str | None, str, str, str], bool]] = []
    for logged in read_log(root, ref, (), first_parent=False, signatures=signatures, grep=_NAMING_TRAILER):
        raw += [(logged.commit, position, False) for position in _trailer_positions(logged.commit)]
    for commit, charter, (version, approves, by, reason) in ledger_positions(root, ref, signatures, order):
        raw.append((commit, (approves, charter, version, None, "", by, reason), True))
    trees = read_files(root, {(commit.id, f"{folder}/{position[1]}.yaml") for commit, position, _ in raw})
    # Many positions see one file as it stood (a ledger commit of several lines, approvals
    # between two changes): each distinct file is checked once.
    checked: dict[tuple[str, bytes], tuple[int | None, str | None]] = {}
    seen: dict[tuple[str, str], tuple[int | None, str | None]] = {}
    for (commit, path), source in trees.items():
        if (path, source) not in checked:
            document, problems = check_content(path, source)
            valid = document is not None and not has_errors(problems)
            checked[(path, source)] = (document.data["version"], terms_digest(document.data)) if valid else (None, None)
        seen[(commit, path)] = checked[(path, source)]
    positions: dict[str, list[NamedPosition]] = {}
    for commit, (approves, charter, version, pinned, name, email, reason), ledger in raw:
        seen_version, seen_digest = seen.get((commit.id, f"{folder}/{charter}.yaml"), (None, None))
        positions.setdefault(charter, []).append(
            NamedPosition(
                approves, charter, version, pinned, name, email, reason, commit, ledger, seen_version, seen_digest
            )
        )
    return positions
