"""Positions given by naming a version: `Approves:`/`Objects:` commits, and ledger lines.

Either may come at any time, before or after the merge, from any commit reachable from the
main line. Each counts only for the terms it saw: version N as the commit's own tree holds
it when the charter there is at version N, or as published on the main line when N is an
earlier version (history/ratification.py decides the second case, which needs the main line).

The ledger ``approvals/<charter-id>.yaml`` is for people who work in a platform's web
interface: a line ``- {version: N, position: approve | object, by: email, reason?: text}``
is a position of the commit that added it, with that commit's evidence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.history.git import read_files
from generator.history.log import Commit, SignatureCheck, read_log, trailers
from generator.history.terms import terms_digest
from generator.load import load_ledger
from generator.problems import has_errors
from generator.schema import ledger_validator
from generator.sources import LEDGER_FOLDER, LEDGER_SUFFIX, ledger_charter_id
from generator.workspace import check_source

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


def _ledger_entries(data: Any) -> Counter:
    """The lines of a ledger as it stood that its schema accepts (`charters validate`
    reports the others), counted: a line written twice is two positions."""
    entries: Counter = Counter()
    if not isinstance(data, list):
        return entries
    for line in data:
        if ledger_validator().is_valid([line]):
            entries[(line["version"], line["position"] == "approve", line["by"], line.get("reason", ""))] += 1
    return entries


def _ledger_positions(
    root: Path, ref: str, signatures: SignatureCheck | None
) -> list[tuple[Commit, str, tuple[int, bool, str, str]]]:
    """(commit, charter id, line) for each ledger line, from the commit that added it: one
    whose tree holds it more often than any of its parents' does."""
    touching = {
        logged.commit.id: logged
        for logged in read_log(root, ref, LEDGER_FOLDER, first_parent=False, signatures=signatures)
    }
    if touching:  # and the lines main-line merges added themselves, in resolving a conflict
        for logged in read_log(root, ref, LEDGER_FOLDER, first_parent=True, signatures=signatures):
            touching.setdefault(logged.commit.id, logged)
    wanted = set()
    for logged in touching.values():
        for change in logged.changes:
            if (charter := ledger_charter_id(change.path)) is not None:
                path = f"{LEDGER_FOLDER}/{charter}{LEDGER_SUFFIX}"
                wanted.update((commit, path) for commit in (logged.commit.id, *logged.commit.parents))
    files = read_files(root, wanted)
    found = []
    for logged in touching.values():
        for path in sorted({change.path for change in logged.changes if ledger_charter_id(change.path)}):
            after = _ledger_entries(_ledger_data(path, files.get((logged.commit.id, path))))
            before: Counter = Counter()
            for parent in logged.commit.parents:
                before |= _ledger_entries(_ledger_data(path, files.get((parent, path))))
            for entry, count in (after - before).items():
                found += [(logged.commit, ledger_charter_id(path), entry)] * count
    return found


def _ledger_data(path: str, source: bytes | None) -> Any:
    if source is None:
        return None
    loaded = load_ledger(path, source)
    return loaded.document.data if loaded.document else None


# The terms a position saw are read whatever their dates say: no rule that asks what day it
# is may hide them.
_ANY_DAY = dt.date(9999, 12, 31)


def read_named_positions(
    root: Path, ref: str, folder: str, signatures: SignatureCheck | None
) -> dict[str, list[NamedPosition]]:
    """Every position that names a version, by the charter id it names."""
    raw: list[tuple[Commit, tuple[bool, str, int, str | None, str, str, str], bool]] = []
    for logged in read_log(root, ref, (), first_parent=False, signatures=signatures, grep=_NAMING_TRAILER):
        raw += [(logged.commit, position, False) for position in _trailer_positions(logged.commit)]
    for commit, charter, (version, approves, by, reason) in _ledger_positions(root, ref, signatures):
        raw.append((commit, (approves, charter, version, None, "", by, reason), True))
    trees = read_files(root, {(commit.id, f"{folder}/{position[1]}.yaml") for commit, position, _ in raw})
    # Many positions see one file as it stood (a ledger commit of several lines, approvals
    # between two changes): each distinct file is checked once.
    checked: dict[tuple[str, bytes], tuple[int | None, str | None]] = {}
    seen: dict[tuple[str, str], tuple[int | None, str | None]] = {}
    for (commit, path), source in trees.items():
        if (path, source) not in checked:
            document, problems = check_source(path, source, _ANY_DAY)
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
