"""A charter's history, assembled: revisions, versions, rule breaks, changes and drift."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from generator.changes.diff import Change
from generator.changes.drift import Loosening, loosenings, revision_changes
from generator.history.revisions import Lineage, Revision
from generator.history.versions import Version, VersionRuleBreak, group_versions, version_rule_breaks


@dataclass(frozen=True)
class CharterHistory:
    charter_id: str
    path: str  # the latest file path
    revisions: tuple[Revision, ...]  # oldest first
    versions: tuple[Version, ...]  # in the order they were published
    rule_breaks: tuple[tuple[Revision, VersionRuleBreak], ...]
    changes: dict[str, list[Change]]  # commit id → changes against the previous valid revision
    loosenings: tuple[Loosening, ...]

    @property
    def removed(self) -> bool:
        return self.revisions[-1].deleted

    @property
    def current(self) -> Revision | None:
        """The latest valid revision."""
        return next((revision for revision in reversed(self.revisions) if revision.valid), None)

    def version(self, number: int) -> Version | None:
        return next((version for version in self.versions if version.number == number), None)


def charter_history(lineage: Lineage) -> CharterHistory:
    revisions = lineage.revisions
    versions = group_versions(revisions)
    changes = revision_changes(revisions)
    return CharterHistory(
        PurePosixPath(lineage.path).stem,
        lineage.path,
        tuple(revisions),
        tuple(versions),
        tuple(version_rule_breaks(revisions)),
        changes,
        tuple(loosenings(revisions, versions, changes)),
    )
