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

import dataclasses
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from generator.caching import CacheFolder
from generator.history.cache import read_log_kept
from generator.history.file_states import FileStates
from generator.history.git import read_blobs
from generator.history.ledger import ledger_positions
from generator.history.log import Commit, LoggedCommit, SignatureCheck, read_log, trailers
from generator.history.mainline import MainLine
from generator.history.terms import terms_digest
from generator.parallel import PARSE_IN_PARALLEL_FROM, map_on_cores
from generator.problems import has_errors
from generator.workspace import check_content

# Trailers git would read as `Approves:` or `Objects:`, asked of git as a first sieve; the
# trailers are then read one by one (history/log.py).
_NAMING_TRAILER = "^(approves|objects)[[:space:]]*:"
_POSITIONS_LOG = "positions named in commit messages"  # its name in the cache (LogCache)


@dataclass(frozen=True, slots=True)
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
    seen_file: tuple[str, str] | None  # (blob, path) of that charter in the commit's own tree
    # Of the charter in that file, once with_terms_seen has read it; None when it is not valid.
    seen_version: int | None = None
    seen_digest: str | None = None


Terms = tuple[int | None, str | None]  # a charter file's version and terms digest; None, None when not valid


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


def _terms_of(source: tuple[str, bytes]) -> Terms:
    path, content = source
    document, problems = check_content(path, content)
    if document is None or has_errors(problems):
        return None, None
    return document.data["version"], terms_digest(document.data)


# Files read and checked at a time: their text is held until they are checked.
_SEEN_BATCH = 4000


def with_terms_seen(
    root: Path, named: dict[str, list[NamedPosition]], known: dict[tuple[str, str], Terms]
) -> dict[str, list[NamedPosition]]:
    """``named`` with the terms each position saw: taken from ``known``, by (blob, path),
    the charter's revisions as already parsed, which hold nearly all of them; the others
    are read and checked here, each file once, on every core, a batch at a time."""
    wanted = {position.seen_file for positions in named.values() for position in positions if position.seen_file}
    terms = {file: known[file] for file in wanted if file in known}
    missing = sorted(wanted - terms.keys())
    for start in range(0, len(missing), _SEEN_BATCH):
        batch = missing[start : start + _SEEN_BATCH]
        blobs = read_blobs(root, (blob for blob, _ in batch))
        present = [(blob, path) for blob, path in batch if blob in blobs]
        checked = map_on_cores(_terms_of, [(path, blobs[blob]) for blob, path in present], PARSE_IN_PARALLEL_FROM)
        terms.update(zip(present, checked, strict=True))
    return {
        charter: [
            dataclasses.replace(position, seen_version=seen[0], seen_digest=seen[1])
            if position.seen_file and (seen := terms.get(position.seen_file))
            else position
            for position in positions
        ]
        for charter, positions in named.items()
    }


def read_named_positions(
    root: Path,
    ref: str,
    folder: str,
    signatures: SignatureCheck | None,
    order: dict[str, int],
    main_line: tuple[MainLine, list[LoggedCommit]] | None = None,
    logs: CacheFolder | None = None,
) -> dict[str, list[NamedPosition]]:
    """Every position that names a version, by the charter id it names. ``order``: every
    reachable commit's place in a topological order, parents first (MainLine.order).
    ``main_line``: when ``ref`` is one commit, not a range, the main line it ends and that
    main line's changes to ``folder``, which tell the charter each position saw. The terms
    each saw are not read yet (with_terms_seen). ``logs``: where the logs read are kept for
    the next read, with ``main_line`` (LogCache)."""
    raw: list[tuple[Commit, tuple[bool, str, int, str | None, str, str, str], bool]] = []
    line, changes = main_line if main_line is not None else (None, [])
    if line is None:
        named = read_log(root, ref, (), first_parent=False, signatures=signatures, grep=_NAMING_TRAILER)
    else:
        named = read_log_kept(
            logs, _POSITIONS_LOG, line, root, (), first_parent=False, signatures=signatures, grep=_NAMING_TRAILER
        )
    for logged in named:
        raw += [(logged.commit, position, False) for position in _trailer_positions(logged.commit)]
    for commit, charter, (version, approves, by, reason) in ledger_positions(root, ref, signatures, order, line, logs):
        raw.append((commit, (approves, charter, version, None, "", by, reason), True))
    # Which file each position saw, by blob id: many see one file as it stood (approvals
    # between two changes, a ledger commit of several lines), read later by with_terms_seen.
    seen = FileStates((), line, changes).blob_ids(
        root, {(commit.id, f"{folder}/{position[1]}.yaml") for commit, position, _ in raw}
    )
    positions: dict[str, list[NamedPosition]] = {}
    for commit, (approves, charter, version, pinned, name, email, reason), ledger in raw:
        path = sys.intern(f"{folder}/{charter}.yaml")  # the file of thousands of positions
        blob = seen.get((commit.id, path))
        positions.setdefault(charter, []).append(
            NamedPosition(
                approves, charter, version, pinned, name, email, reason, commit, ledger, (blob, path) if blob else None
            )
        )
    return positions
