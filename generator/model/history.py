"""A charter's history, assembled: revisions, versions, rule breaks, changes and drift."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePosixPath

from generator.changes.diff import Change
from generator.changes.drift import Loosening, loosenings, no_longer_assessed, revision_changes
from generator.history.revisions import Lineage, Revision, lineage_ids
from generator.history.versions import Version, VersionRuleBreak, group_versions, version_rule_breaks
from generator.model.ratification import Standing, ratification


@dataclass(frozen=True)
class CharterHistory:
    charter_id: str
    path: str  # the latest file path
    revisions: tuple[Revision, ...]  # oldest first
    versions: tuple[Version, ...]  # in the order they were published
    standings: dict[int, Standing]  # by version number: ratified, blocked or pending, and when in force
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

    @property
    def no_longer_assessed(self) -> list[str]:
        """Benchmarks the review log once assessed but no longer does (the other drift)."""
        return no_longer_assessed(self.current.document.data) if self.current else []

    @property
    def rewrites(self) -> list[tuple[Revision, Change]]:
        """Every change that rewrote the record rather than growing it, oldest first."""
        return [
            (revision, change)
            for revision in self.revisions
            for change in self.changes.get(revision.commit.id, [])
            if change.rewrites
        ]

    def version(self, number: int) -> Version | None:
        return next((version for version in self.versions if version.number == number), None)


def charter_history(lineage: Lineage, today: dt.date) -> CharterHistory:
    revisions = lineage.revisions
    versions = group_versions(revisions)
    changes = revision_changes(revisions)
    standings = ratification(
        lineage, lineage_ids(revision.path for revision in revisions if not revision.deleted), today
    )
    first = min(
        (standing.ratified_at for standing in standings.values() if standing.ratified_at is not None), default=None
    )
    arrival = lineage.context.main_line.arrival

    def ratified_before(revision: Revision) -> bool:
        return first is not None and first < arrival[revision.commit.id]

    return CharterHistory(
        PurePosixPath(lineage.path).stem,
        lineage.path,
        tuple(revisions),
        tuple(versions),
        standings,
        tuple(version_rule_breaks(revisions, ratified_before)),
        changes,
        tuple(loosenings(revisions, standings, changes)),
    )


class UnknownRevision(LookupError):
    """A version or commit that the charter's history does not have; the message says what it has."""


def find_history(lineages: list[Lineage], charter_id: str, today: dt.date) -> CharterHistory:
    """The history of the charter ``charter_id``; the live one when a removed one shares its id.

    Only that charter's history is assembled: diffs and versions cost time per revision.
    """
    matching = sorted(
        (lineage for lineage in lineages if PurePosixPath(lineage.path).stem == charter_id),
        key=lambda lineage: lineage.removed,
    )
    if not matching:
        known = ", ".join(sorted({PurePosixPath(lineage.path).stem for lineage in lineages})) or "none"
        raise UnknownRevision(f"no charter {charter_id!r} on the main line; charters with a history: {known}")
    return charter_history(matching[0], today)


def select_revision(history: CharterHistory, spec: str) -> Revision:
    """The revision ``spec`` names: a version (``v3`` or ``3``, its latest revision) or a
    commit id prefix of at least four characters."""
    number = spec.removeprefix("v")
    if number.isdigit():
        version = history.version(int(number))
        if version is None:
            known = ", ".join(f"v{item.number}" for item in history.versions)
            raise UnknownRevision(f"{history.charter_id} has no version {number}; it has {known}")
        return version.revisions[-1]
    matches = [
        revision
        for revision in history.revisions
        if len(spec) >= 4 and revision.commit.id.startswith(spec) and revision.valid
    ]
    if len(matches) != 1:
        raise UnknownRevision(
            f"{spec!r} names {'no' if not matches else 'more than one'} valid revision of {history.charter_id}; "
            "give a version (v2) or a longer commit id from `charters history`"
        )
    return matches[0]


def default_comparison(history: CharterHistory, to: Revision | None = None) -> tuple[Revision, Revision]:
    """What `diff` compares when not told: the latest revision of the version before
    ``to``'s (or of the revision before it), and ``to`` (by default the current one)."""
    to = to or history.current
    if to is None:
        raise UnknownRevision(f"{history.charter_id} has no valid revision to compare")
    valid = [revision for revision in history.revisions if revision.valid]
    before = valid[: valid.index(to)]
    number = to.document.data["version"]
    earlier_versions = [revision for revision in before if revision.document.data["version"] < number]
    if earlier_versions:
        return earlier_versions[-1], to
    if before:
        return before[-1], to
    raise UnknownRevision(f"{history.charter_id} has nothing before {to.commit.id[:10]} to compare with")
