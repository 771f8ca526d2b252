"""What a pull request changes in the charters folder, read from git in a few processes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator.history.git import merge_base, read_blobs, require_full_history, resolve_commit
from generator.history.log import read_diff, read_log
from generator.history.revisions import (
    ApprovalRecord,
    Lineage,
    approval_records,
    is_charter_path,
    parse_revisions,
    read_file_history,
)
from generator.load import Document
from generator.problems import Problem
from generator.sources import unsafe_name_problem
from generator.workspace import check_source


@dataclass(frozen=True)
class ChangedCharter:
    path: str  # at the head; for a deleted charter, the path it had
    previous_path: str | None  # when the pull request renames it
    deleted: bool
    document: Document | None  # the charter at the head, when it loads
    problems: tuple[Problem, ...]  # every problem of the charter at the head
    approvals: tuple[ApprovalRecord, ...]  # Approved-by trailers on the pull request's commits that changed it
    unreadable_approvals: tuple[str, ...]  # Approved-by values that are not `Name <email>`


@dataclass(frozen=True)
class PullRequestChanges:
    base: str
    head: str
    charters: tuple[ChangedCharter, ...]
    base_lineages: tuple[Lineage, ...]  # the main-line history up to the base
    published_ids: dict[str, tuple[str, ...]]  # every id each charter had up to the base


def read_pull_request(root: Path, base: str, head: str, folder: str, today: dt.date) -> PullRequestChanges:
    require_full_history(root)
    base_commit, head_commit = resolve_commit(root, base), resolve_commit(root, head)
    fork_point = merge_base(root, base_commit, head_commit)
    changes = [
        change for change in read_diff(root, fork_point, head_commit, folder) if is_charter_path(change.path, folder)
    ]
    commits = read_log(root, f"{fork_point}..{head_commit}", folder, first_parent=False) if changes else []
    blobs = read_blobs(root, (change.blob for change in changes if change.blob))
    charters = []
    for change in changes:
        touched = {change.path, change.old_path}
        approving = [logged.commit for logged in commits if any(item.path in touched for item in logged.changes)]
        unsafe = unsafe_name_problem(change.path)
        if unsafe is not None:
            document, problems = None, [unsafe]
        elif change.blob:
            document, problems = check_source(change.path, blobs[change.blob], today)
        else:
            document, problems = None, []
        charters.append(
            ChangedCharter(
                change.path,
                change.old_path,
                change.blob is None,
                document,
                tuple(problems),
                approval_records(approving),
                tuple(value for commit in approving for value in commit.malformed_approvals),
            )
        )
    history = read_file_history(root, base_commit, folder) if changes else None
    lineages = parse_revisions(history, today) if history else []
    published = history.published_ids() if history else {}
    return PullRequestChanges(base_commit, head_commit, tuple(charters), tuple(lineages), published)
