"""Revisions: each main-line change to a charter file, grouped per charter and parsed.

A charter is followed across renames and across a delete and re-add of the same file.
Approvals come from the main-line commit and, for a merged branch, from the branch
commits that changed the same file.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.caching import CacheFolder
from generator.history.approvals import ApprovalContext
from generator.history.cache import ParseCache, read_log_kept
from generator.history.git import read_blobs
from generator.history.log import Approval, Commit, LoggedCommit, SignatureCheck, read_log
from generator.history.mainline import MainLine
from generator.history.positions import Terms, with_terms_seen
from generator.history.terms import terms_digest
from generator.load import Document
from generator.parallel import PARSE_IN_PARALLEL_FROM, Cores
from generator.problems import Problem, Severity
from generator.render.visible import has_acting
from generator.sources import CHARTER_SUFFIX
from generator.workspace import check_content

_UNREADABLE = "unreadable"
# How published_ids names a lineage that lost its latest path to a later one: it was
# removed before the other came.
WITHDRAWN_LINEAGE = "withdrawn lineage "  # the rule of a revision whose file git lacks


@dataclass(frozen=True, slots=True)
class ApprovalRecord:
    """An `Approved-by:` on a commit that changed the charter: an approval of the terms
    that commit holds."""

    approval: Approval
    commit: Commit
    version: int | None  # of the charter in that commit; None when it does not load
    digest: str | None  # of its terms (history/terms.py)


@dataclass(frozen=True, slots=True)
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


def approval_records(carriers: list[tuple[Commit, Terms | None]]) -> tuple[ApprovalRecord, ...]:
    """The approvals of each (commit, the version and terms digest of the charter as that
    commit holds it; None when it holds none)."""
    return tuple(
        ApprovalRecord(approval, commit, *(terms or (None, None)))
        for commit, terms in carriers
        for approval in commit.approvals
    )


def _branch_commits(
    root: Path, ref: str, main_line: list[LoggedCommit], folder: str, context: ApprovalContext
) -> dict[str, list[LoggedCommit]]:
    """For each main-line merge, the branch commits it brought in that touched ``folder``."""
    if not any(len(logged.commit.parents) > 1 for logged in main_line):
        return {}
    reading = read_log(root, ref, folder, first_parent=False, signatures=context.signing.check)
    touching = {logged.commit.id: logged for logged in reading}
    return {
        merge: [touching[commit] for commit in arrived if commit in touching]
        for merge, arrived in context.main_line.brought_in().items()
    }


def is_charter_path(path: str, folder: str) -> bool:
    """``folder/name.yaml``, as git writes paths: one check per change of every commit.
    Names that could act when shown are not charters (sources.unsafe_name_problem)."""
    parent, _, name = path.rpartition("/")
    return parent == folder and name.endswith(CHARTER_SUFFIX) and len(name) > len(CHARTER_SUFFIX)


def is_readable_charter_path(path: str, folder: str) -> bool:
    return is_charter_path(path, folder) and not has_acting(path)


# A parsed file: the charter without positions, or its first error; and its terms' digest.
Parsed = tuple[Document | None, Problem | None, str | None]


def _parse(source: tuple[str, bytes]) -> Parsed:
    path, content = source
    document, problems = check_content(path, content)
    errors = sorted(problem for problem in problems if problem.severity is Severity.ERROR)
    if errors:
        return None, errors[0], None
    # A past revision needs its data, not where each value stood: dropping the positions
    # keeps thousands of revisions in a fraction of the memory. The digest is made here,
    # on every core, since approvals and positions name almost every revision.
    return Document(document.path, document.data, {}, {}), None, terms_digest(document.data)


@dataclass(frozen=True, slots=True)
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
    context: ApprovalContext  # what its positions need beyond its file's history

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
    context: ApprovalContext
    shadowed: tuple[list[_FileEvent], ...] = ()  # lineages ending at a path a later one took

    def approving(self, event: _FileEvent) -> list[tuple[Commit, str | None]]:
        """The commits whose `Approved-by:` approve what ``event`` brought: its own, and the
        branch commits its merge brought in that changed the charter; each with the blob of
        the charter it held."""
        touched = (event.path, event.previous_path)
        carriers = [(event.logged.commit, event.blob)]
        for branch in self.brought_in.get(event.logged.commit.id, []):
            blobs = [change.blob for change in branch.changes if change.path in touched]
            if blobs:
                carriers.append((branch.commit, blobs[-1]))
        return carriers

    def identity(self, latest_path: str) -> str | None:
        """A digest of everything the charter's revisions hold except what parsing its
        blobs gives: commits, messages, approvals, signatures, paths and blob ids."""
        events = self.events.get(latest_path)
        if events is None:
            return None
        described = [(event.path, event.previous_path, event.blob, self.approving(event)) for event in events]
        carriers = [commit.id for event in events for commit, _ in self.approving(event)]
        ids = lineage_ids(event.path for event in events if event.blob)
        around = self.context.identity(ids, carriers)
        return hashlib.sha256(repr((described, around)).encode()).hexdigest()

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


def main_line_changes(
    root: Path, main_line: MainLine, folder: str, signatures: SignatureCheck | None, logs: CacheFolder | None = None
) -> list[LoggedCommit]:
    """The main-line commits that changed ``folder``; with ``logs``, git reads only those
    after the tip kept there (read_log_kept)."""
    return read_log_kept(logs, folder, main_line, root, folder, first_parent=True, signatures=signatures)


def read_file_history(
    root: Path, ref: str, folder: str, context: ApprovalContext, changes: list[LoggedCommit]
) -> FileHistory:
    """``changes``: main_line_changes."""
    brought_in = _branch_commits(root, ref, changes, folder, context)
    events: dict[str, list[_FileEvent]] = {}
    shadowed: list[list[_FileEvent]] = []
    for latest_path, lineage in _lineage_events(changes, folder):
        # A path can end two lineages (a file renamed away, another added there and deleted,
        # the first renamed back): the one still in the repository is the charter, and the
        # other is kept only for the ids it was published under.
        if latest_path not in events or events[latest_path][-1].blob is None:
            shadowed += [events[latest_path]] if latest_path in events else []
            events[latest_path] = lineage
        else:
            shadowed.append(lineage)
    return FileHistory(root, events, brought_in, context, tuple(shadowed))


# Revisions parsed at a time: their text and data are held until their charters are
# modelled, two groups at once. The fewest the workers still parse: groups of 1,000
# were a third of the main process's peak in a cold build of 300 charters.
_GROUP_REVISIONS = PARSE_IN_PARALLEL_FROM


def parse_revisions(
    history: FileHistory, cache: ParseCache | None = None, only: set[str] | None = None
) -> Iterator[Lineage]:
    """The revisions of every charter in ``history`` (or of those whose latest path is in
    ``only``), oldest first; each blob is parsed unless ``cache`` has it, and so is the
    charter in each branch commit that carries approvals. Charters come a group at a time,
    so that a caller who keeps only what it makes of each never holds a long history whole."""
    group: list[tuple[str, list[_FileEvent]]] = []
    size = 0
    groups: list[list[tuple[str, list[_FileEvent]]]] = []
    for latest, events in history.events.items():
        if only is not None and latest not in only:
            continue
        group.append((latest, events))
        size += len(events)
        if size >= _GROUP_REVISIONS:
            groups.append(group)
            group, size = [], 0
    groups += [group] if group else []
    # The workers parse the next group while the caller makes what it needs of this one.
    with Cores() as cores:
        finishing = None
        for chosen in groups:
            started = _start_group(history, cache, chosen, cores)
            if finishing is not None:
                yield from finishing()
            finishing = started
        if finishing is not None:
            yield from finishing()


def _start_group(
    history: FileHistory, cache: ParseCache | None, chosen: list[tuple[str, list[_FileEvent]]], cores: Cores
) -> Callable[[], list[Lineage]]:
    """Read the group's files and set the workers parsing them; the function returned
    waits for them and gives the group's lineages."""
    carriers = {  # the branch commits with approvals of what each event brought
        id(event): [(commit, blob) for commit, blob in history.approving(event)[1:] if blob and commit.approvals]
        for _, events in chosen
        for event in events
    }

    def wanted(event: _FileEvent) -> list[tuple[str, str]]:
        found = [(event.path, event.blob)] if event.blob else []
        return found + [(event.path, blob) for _, blob in carriers[id(event)]]

    def cached(latest: str, path: str, blob: str) -> bool:
        return cache is not None and cache.get(latest, path, blob) is not None

    missing = sorted(
        {
            (path, blob)
            for latest, events in chosen
            for event in events
            for path, blob in wanted(event)
            if not cached(latest, path, blob)
        }
    )
    blobs = read_blobs(history.root, (blob for _, blob in missing))
    present = [pair for pair in missing if pair[1] in blobs]
    parsing = cores.map_later(_parse, [(path, blobs[blob]) for path, blob in present], PARSE_IN_PARALLEL_FROM)
    return functools.partial(_finish_group, history, cache, chosen, carriers, set(blobs), present, parsing)


def _finish_group(
    history: FileHistory,
    cache: ParseCache | None,
    chosen: list[tuple[str, list[_FileEvent]]],
    carriers: dict[int, list[tuple[Commit, str]]],
    blobs: set[str],
    present: list[tuple[str, str]],
    parsing: Callable[[], list[Parsed]],
) -> list[Lineage]:
    parsed = dict(zip(present, parsing(), strict=True))

    def parsed_file(latest: str, path: str, blob: str) -> Parsed:
        if cache is not None and (found := cache.get(latest, path, blob)) is not None:
            return found
        if blob not in blobs:
            return None, _missing_object(path, blob), None
        found = parsed[(path, blob)]
        if cache is not None:
            cache.put(latest, path, blob, *found)
        return found

    # The terms of each file, which approvals and positions name, by (blob, path).
    terms: dict[tuple[str, str], Terms] = {}

    def terms_of(latest: str, path: str, blob: str) -> Terms:
        document, _, digest = parsed_file(latest, path, blob)
        terms[(blob, path)] = (document.data["version"], digest) if document else (None, None)
        return terms[(blob, path)]

    lineages = []
    for latest_path, events in chosen:
        revisions = []
        for event in events:
            document, error, _ = parsed_file(latest_path, event.path, event.blob) if event.blob else (None, None, None)
            approving = [(event.logged.commit, terms_of(latest_path, event.path, event.blob) if event.blob else None)]
            approving += [(commit, terms_of(latest_path, event.path, blob)) for commit, blob in carriers[id(event)]]
            revisions.append(
                Revision(
                    event.logged.commit,
                    event.path,
                    event.previous_path,
                    event.blob is None,
                    approval_records(approving),
                    document,
                    error,
                )
            )
        lineages.append((latest_path, revisions))
    if cache is not None:
        cache.flush({latest for latest, _ in chosen})
    ids = {
        latest: lineage_ids(revision.path for revision in revisions if not revision.deleted)
        for latest, revisions in lineages
    }
    context = history.context
    named = with_terms_seen(
        history.root, {id_: context.named.get(id_, []) for each in ids.values() for id_ in each}, terms
    )
    return [
        Lineage(latest, revisions, dataclasses.replace(context, named={id_: named[id_] for id_ in ids[latest]}))
        for latest, revisions in lineages
    ]
