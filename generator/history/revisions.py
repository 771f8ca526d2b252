"""Revisions: each main-line change to a charter file, grouped per charter and parsed.

A charter is followed across renames and across a delete and re-add of the same file.
Approvals come from the main-line commit and, for a merged branch, from the branch
commits that changed the same file.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.history.cache import LogCache, ParseCache
from generator.history.git import read_blobs, run
from generator.history.log import Approval, Commit, LoggedCommit, read_log
from generator.load import Document
from generator.parallel import map_on_cores
from generator.problems import Problem, Severity
from generator.render.visible import has_acting
from generator.sources import CHARTER_SUFFIX
from generator.workspace import check_source

_UNREADABLE = "unreadable"
# How published_ids names a lineage that lost its latest path to a later one: it was
# removed before the other came.
WITHDRAWN_LINEAGE = "withdrawn lineage "  # the rule of a revision whose file git lacks


@dataclass(frozen=True)
class ApprovalRecord:
    approval: Approval
    commit: Commit
    # True: the commit's signature verifies and was made by the approver; False: it does
    # not; None: signatures are not checked (no allowed-signers file).
    verified: bool | None


@dataclass(frozen=True)
class Revision:
    commit: Commit
    path: str
    previous_path: str | None  # the file's name before this revision renamed it
    deleted: bool
    approvals: tuple[ApprovalRecord, ...]
    document: Document | None  # None when deleted or broken
    error: Problem | None  # the first error of a broken revision

    @property
    def valid(self) -> bool:
        return self.document is not None


def _verified(approval: Approval, commit: Commit) -> bool | None:
    if commit.signature == "-":
        return None
    return commit.signature == "G" and commit.signer.casefold() == approval.email.casefold()


def approval_records(commits: list[Commit]) -> tuple[ApprovalRecord, ...]:
    return tuple(
        ApprovalRecord(approval, commit, _verified(approval, commit))
        for commit in commits
        for approval in commit.approvals
    )


def _first_parent_chain(parents: dict[str, list[str]], tip: str) -> list[str]:
    chain = [tip]
    while parents[chain[-1]]:
        chain.append(parents[chain[-1]][0])
    return chain[::-1]


def _branch_commits(root: Path, ref: str, main_line: list[LoggedCommit], folder: str) -> dict[str, list[LoggedCommit]]:
    """For each main-line merge, the branch commits it brought in that touched ``folder``."""
    merge_ids = {logged.commit.id for logged in main_line if len(logged.commit.parents) > 1}
    if not merge_ids:
        return {}
    touching = {logged.commit.id: logged for logged in read_log(root, ref, folder, first_parent=False)}
    lines = run(root, ["rev-list", "--parents", ref]).decode().splitlines()
    parents = {commit: commit_parents for commit, *commit_parents in (line.split() for line in lines)}
    tip = lines[0].split()[0]  # rev-list starts at the commit ``ref`` names
    # Walk the main line oldest first: whatever a merge's other parents reach that no
    # earlier main-line commit reached came in with that merge. Each commit is visited once.
    seen: set[str] = set()
    brought_in: dict[str, list[LoggedCommit]] = {}
    for main_commit in _first_parent_chain(parents, tip):
        seen.add(main_commit)
        stack, arrived = list(parents[main_commit][1:]), []
        while stack:
            candidate = stack.pop()
            if candidate not in seen:
                seen.add(candidate)
                arrived.append(candidate)
                stack.extend(parents[candidate])
        if main_commit in merge_ids:
            brought_in[main_commit] = [touching[commit] for commit in arrived if commit in touching]
    return brought_in


def is_charter_path(path: str, folder: str) -> bool:
    """``folder/name.yaml``, as git writes paths: one check per change of every commit.
    Names that could act when shown are not charters (sources.unsafe_name_problem)."""
    parent, _, name = path.rpartition("/")
    return parent == folder and name.endswith(CHARTER_SUFFIX) and len(name) > len(CHARTER_SUFFIX)


def is_readable_charter_path(path: str, folder: str) -> bool:
    return is_charter_path(path, folder) and not has_acting(path)


def _parse(today: dt.date, source: tuple[str, bytes]) -> tuple[Document | None, Problem | None]:
    path, content = source
    document, problems = check_source(path, content, today)
    errors = sorted(problem for problem in problems if problem.severity is Severity.ERROR)
    if errors:
        return None, errors[0]
    # A past revision needs its data, not where each value stood: dropping the positions
    # keeps thousands of revisions in a fraction of the memory.
    return Document(document.path, document.data, {}, {}), None


# Below this many revisions to parse, starting worker processes costs more than it saves.
_PARALLEL_FROM = 400


def _parse_all(
    wanted: list[tuple[str, str]], blobs: dict[str, bytes], today: dt.date
) -> dict[tuple[str, str], tuple[Document | None, Problem | None]]:
    """Parse each (path, blob); on a cold build of a long history, on every core."""
    sources = [(path, blobs[blob]) for path, blob in wanted]
    return dict(zip(wanted, map_on_cores(functools.partial(_parse, today), sources, _PARALLEL_FROM), strict=True))


@dataclass(frozen=True)
class _FileEvent:
    logged: LoggedCommit
    path: str
    previous_path: str | None
    blob: str | None  # None when the file was deleted


@dataclass
class Lineage:
    """One charter file through time, followed across renames and re-adds."""

    path: str  # the latest path
    revisions: list[Revision]

    @property
    def removed(self) -> bool:
        return self.revisions[-1].deleted

    @property
    def complete(self) -> bool:
        """False when git lacked some revision's file (a partial clone): worth no caching."""
        return not any(revision.error is not None and revision.error.rule == _UNREADABLE for revision in self.revisions)


def _lineage_events(main_line: list[LoggedCommit], folder: str) -> list[tuple[str, list[_FileEvent]]]:
    """Each charter's file events, in the order charters first appeared, with its latest path."""
    by_path: dict[str, list[_FileEvent]] = {}
    lineages: list[list[_FileEvent]] = []
    for logged in main_line:
        for change in logged.changes:
            if not is_readable_charter_path(change.path, folder):
                continue
            renamed = change.old_path and is_readable_charter_path(change.old_path, folder)
            renamed_from = change.old_path if renamed else None
            events = by_path.pop(renamed_from, None) if renamed_from else by_path.get(change.path)
            if events is None:
                events = []
                lineages.append(events)
            by_path[change.path] = events
            events.append(_FileEvent(logged, change.path, renamed_from, change.blob))
    return [(events[-1].path, events) for events in lineages]


def _missing_object(path: str, blob: str) -> Problem:
    return Problem(
        path, 1, 1, Severity.ERROR, _UNREADABLE, f"git object {blob} is missing", "fetch the full repository"
    )


@dataclass(frozen=True)
class FileHistory:
    """Every main-line change to the charter files, as git tells it: nothing parsed yet."""

    root: Path
    events: dict[str, list[_FileEvent]]  # by each charter's latest path
    brought_in: dict[str, list[LoggedCommit]]
    shadowed: tuple[list[_FileEvent], ...] = ()  # lineages ending at a path a later one took

    def approving(self, event: _FileEvent) -> list[Commit]:
        touched = (event.path, event.previous_path)
        return [event.logged.commit] + [
            branch.commit
            for branch in self.brought_in.get(event.logged.commit.id, [])
            if any(change.path in touched for change in branch.changes)
        ]

    def identity(self, latest_path: str) -> str | None:
        """A digest of everything the charter's revisions hold except what parsing its
        blobs gives: commits, messages, approvals, signatures, paths and blob ids."""
        events = self.events.get(latest_path)
        if events is None:
            return None
        described = [(event.path, event.previous_path, event.blob, self.approving(event)) for event in events]
        return hashlib.sha256(repr(described).encode()).hexdigest()

    def removed_on(self, latest_path: str) -> str | None:
        """The date the charter's file last left the main line, while it is gone."""
        last = self.events[latest_path][-1]
        return last.logged.commit.date[:10] if last.blob is None else None

    def published_ids(self) -> dict[str, tuple[str, ...]]:
        """Every id each charter was on the main line under, by its latest path (lineages
        that gave up their latest path to a later one by a number of their own)."""
        ids = {
            latest: lineage_ids(event.path for event in events if event.blob) for latest, events in self.events.items()
        }
        for number, events in enumerate(self.shadowed):
            ids[f"{WITHDRAWN_LINEAGE}{number}"] = lineage_ids(event.path for event in events if event.blob)
        return ids


def charter_id_of(path: str) -> str:
    return PurePosixPath(path).stem


def lineage_ids(paths: Iterable[str]) -> tuple[str, ...]:
    """The ids of a charter's paths, in the order it first had each."""
    return tuple(dict.fromkeys(charter_id_of(path) for path in paths))


def _main_line(
    root: Path, ref: str, folder: str, allowed_signers: Path | None, cache: LogCache | None
) -> list[LoggedCommit]:
    """The main-line commits that changed ``folder``; with ``cache``, git reads only those
    after the tip kept there, when that tip is still on the main line."""
    if cache is None:
        return read_log(root, ref, folder, first_parent=True, allowed_signers=allowed_signers)
    chain = run(root, ["rev-list", "--first-parent", ref]).decode().split()
    kept = cache.read()
    if kept is not None and kept[0] in set(chain):
        tip, logged = kept
        logged = logged + (
            read_log(root, ref, folder, first_parent=True, allowed_signers=allowed_signers, since=tip)
            if tip != chain[0]
            else []
        )
    else:  # nothing kept, or history rewritten since (an amend, a force-push)
        logged = read_log(root, ref, folder, first_parent=True, allowed_signers=allowed_signers)
    if kept is None or kept[0] != chain[0]:
        cache.save(chain[0], logged)
    return logged


def read_file_history(
    root: Path, ref: str, folder: str, allowed_signers: Path | None = None, cache: LogCache | None = None
) -> FileHistory:
    main_line = _main_line(root, ref, folder, allowed_signers, cache)
    brought_in = _branch_commits(root, ref, main_line, folder)
    events: dict[str, list[_FileEvent]] = {}
    shadowed: list[list[_FileEvent]] = []
    for latest_path, lineage in _lineage_events(main_line, folder):
        # A path can end two lineages (a file renamed away, another added there and deleted,
        # the first renamed back): the one still in the repository is the charter, and the
        # other is kept only for the ids it was published under.
        if latest_path not in events or events[latest_path][-1].blob is None:
            shadowed += [events[latest_path]] if latest_path in events else []
            events[latest_path] = lineage
        else:
            shadowed.append(lineage)
    return FileHistory(root, events, brought_in, tuple(shadowed))


def parse_revisions(
    history: FileHistory, today: dt.date, cache: ParseCache | None = None, only: set[str] | None = None
) -> list[Lineage]:
    """The revisions of every charter in ``history`` (or of those whose latest path is in
    ``only``), oldest first; each blob is parsed unless ``cache`` has it."""
    chosen = [(latest, events) for latest, events in history.events.items() if only is None or latest in only]

    def cached(latest: str, event: _FileEvent) -> bool:
        return cache is not None and event.blob is not None and cache.get(latest, event.path, event.blob) is not None

    missing = [
        (latest, event) for latest, events in chosen for event in events if event.blob and not cached(latest, event)
    ]
    blobs = read_blobs(history.root, (event.blob for _, event in missing))
    parsed = _parse_all(sorted({(event.path, event.blob) for _, event in missing if event.blob in blobs}), blobs, today)
    result = []
    for latest_path, events in chosen:
        revisions = []
        for event in events:
            if event.blob is None:
                document, error = None, None
            elif cache is not None and (found := cache.get(latest_path, event.path, event.blob)) is not None:
                document, error = found
            elif event.blob not in blobs:
                document, error = None, _missing_object(event.path, event.blob)
            else:
                document, error = parsed[(event.path, event.blob)]
                if cache is not None:
                    cache.put(latest_path, event.path, event.blob, document, error)
            revisions.append(
                Revision(
                    event.logged.commit,
                    event.path,
                    event.previous_path,
                    event.blob is None,
                    approval_records(history.approving(event)),
                    document,
                    error,
                )
            )
        result.append(Lineage(latest_path, revisions))
    return result
