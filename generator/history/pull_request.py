"""What a pull request changes in the charters folder, read from git in a few processes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.history.approvals import ApprovalContext
from generator.history.git import is_tree_path, merge_base, read_blobs, read_files, require_full_history, resolve_commit
from generator.history.log import Commit, read_commit, read_diff, read_log
from generator.history.mainline import read_main_line, with_merge
from generator.history.positions import NamedPosition, Terms, read_named_positions, with_terms_seen
from generator.history.revisions import (
    ApprovalRecord,
    Lineage,
    approval_records,
    charter_id_of,
    is_charter_path,
    main_line_changes,
    parse_revisions,
    read_file_history,
)
from generator.history.signatures import platform_keys, signing
from generator.history.terms import terms_digest
from generator.load import Document
from generator.problems import Problem, has_errors
from generator.sources import unsafe_name_problem
from generator.validate import HistoryTerms, TermsOn, proposed_terms
from generator.workspace import check_source


@dataclass(frozen=True)
class ChangedCharter:
    path: str  # at the head; for a deleted charter, the path it had
    previous_path: str | None  # when the pull request renames it
    deleted: bool
    document: Document | None  # the charter at the head, when it loads
    problems: tuple[Problem, ...]  # every problem of the charter at the head
    base_problems: tuple[Problem, ...]  # every problem of the same file at the fork point
    fork_point: Document | None  # the same file at the fork point, when it was valid there
    approvals: tuple[ApprovalRecord, ...]  # Approved-by trailers on the pull request's commits that changed it
    unreadable_approvals: tuple[str, ...]  # position trailers that could not be read


@dataclass(frozen=True)
class PullRequestChanges:
    base: str
    head: Commit
    charters: tuple[ChangedCharter, ...]
    base_lineages: tuple[Lineage, ...]  # the main-line history up to the base, seen as if merged
    published_ids: dict[str, tuple[str, ...]]  # every id each charter had up to the base
    context: ApprovalContext  # the main line as if merged today, with every position


def _named(*sources: dict[str, list[NamedPosition]]) -> dict[str, list[NamedPosition]]:
    joined: dict[str, list[NamedPosition]] = {}
    for source in sources:
        for charter, positions in source.items():
            joined.setdefault(charter, []).extend(positions)
    return joined


def read_pull_request(
    root: Path, base: str, head: str, folder: str, today: dt.date, terms_of: Callable[[Lineage], TermsOn]
) -> PullRequestChanges:
    """What the pull request from ``base`` to ``head`` changes, and every position on it, on
    a main line that merges it today: positions are judged as they would be once merged,
    and the record's references against the terms in force on each entry's day, from
    ``terms_of`` the main line's history of the charter."""
    require_full_history(root)
    base_commit, head_commit = resolve_commit(root, base), resolve_commit(root, head)
    fork_point = merge_base(root, base_commit, head_commit)
    changes = [
        change for change in read_diff(root, fork_point, head_commit, folder) if is_charter_path(change.path, folder)
    ]
    main_line = read_main_line(root, base_commit)
    merged = with_merge(main_line, root, base_commit, head_commit, today.isoformat())
    pull_request_commits = f"{fork_point}..{head_commit}"
    with signing(root, base_commit, main_line, platform_keys()) as signed:
        check = signed.check
        commits = read_log(root, pull_request_commits, folder, first_parent=False, signatures=check) if changes else []
        base_changes = main_line_changes(root, main_line, folder, check)
        named = _named(
            read_named_positions(root, base_commit, folder, check, main_line.order, (main_line, base_changes)),
            read_named_positions(root, pull_request_commits, folder, check, merged.order),
        )
        head_read = read_commit(root, head_commit, check)
        history = read_file_history(root, base_commit, folder, ApprovalContext(merged, signed, named), base_changes)
    wanted = [change.blob for change in changes if change.blob]
    wanted += [item.blob for logged in commits for item in logged.changes if item.blob]
    base_files = read_files(
        root, [(fork_point, path) for change in changes if is_tree_path(path := change.old_path or change.path)]
    )
    blobs = read_blobs(root, wanted)
    lineages = list(parse_revisions(history))
    by_path = {lineage.path: lineage for lineage in lineages}
    charters = []
    for change in changes:
        lineage = by_path.get(change.old_path or change.path)
        # Each file (at the head, at the fork point, on the way) as if merged onto the main line.
        as_merged: HistoryTerms = functools.partial(proposed_terms, terms_of(lineage) if lineage else None, today)
        touched = {change.path, change.old_path}
        carriers = [
            (logged.commit, blobs.get(item.blob))
            for logged in commits
            for item in logged.changes
            if item.path in touched and item.blob and logged.commit.approvals
        ]
        unsafe = unsafe_name_problem(change.path)
        if unsafe is not None:
            document, problems = None, [unsafe]
        elif change.blob:
            document, problems = check_source(change.path, blobs[change.blob], today, as_merged)
        else:
            document, problems = None, []
        before = base_files.get((fork_point, change.old_path or change.path))
        forked, base_problems = (
            check_source(change.old_path or change.path, before, today, as_merged) if before else (None, [])
        )
        charters.append(
            ChangedCharter(
                change.path,
                change.old_path,
                change.blob is None,
                document,
                tuple(problems),
                tuple(base_problems),
                None if has_errors(base_problems) else forked,
                approval_records(
                    [(commit, _terms(change.path, source, today, as_merged)) for commit, source in carriers]
                ),
                tuple(value for logged in commits for value in logged.commit.malformed_approvals),
            )
        )
    # The positions on the charters it changes, with the terms each saw; the base's lineages
    # have their own (parse_revisions).
    changed_ids = {charter_id_of(path) for change in changes for path in (change.path, change.old_path) if path}
    seen = with_terms_seen(root, {charter: named.get(charter, []) for charter in changed_ids}, {})
    context = dataclasses.replace(history.context, named=seen)
    return PullRequestChanges(
        base_commit, head_read, tuple(charters), tuple(lineages), history.published_ids(), context
    )


def _terms(path: str, source: bytes | None, today: dt.date, history_terms: HistoryTerms) -> Terms | None:
    """The version and terms digest of the charter ``source`` holds, when it is valid."""
    if source is None:
        return None
    document, problems = check_source(path, source, today, history_terms)
    return None if has_errors(problems) else (document.data["version"], terms_digest(document.data))
