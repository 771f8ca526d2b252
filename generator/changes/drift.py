"""Drift: standards that erode without anyone deciding.

Two signals for a charter: every loosening on the main line (with the revision, its pull
request and whether every party ratified the version that carried it), and benchmarks that
were once assessed in the review log but no longer are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.changes.diff import Change, Effect, semantic_changes
from generator.history.revisions import Revision
from generator.validate.health import assessed_in

RECENT_REVIEWS = 2


@dataclass(frozen=True)
class Loosening:
    revision: Revision
    change: Change
    version: int
    ratified: bool  # whether every party approved the version that carried it


def revision_changes(revisions: list[Revision]) -> dict[str, list[Change]]:
    """Commit id → the changes that revision made, against the last valid revision before it."""
    changes: dict[str, list[Change]] = {}
    previous: Revision | None = None
    for revision in revisions:
        if revision.valid:
            if previous is not None:
                changes[revision.commit.id] = semantic_changes(previous.document.data, revision.document.data)
            previous = revision
    return changes


def loosenings(revisions: list[Revision], standings: dict, changes: dict[str, list[Change]]) -> list[Loosening]:
    """Every loosening on the main line; ``standings``: each version's (model/ratification.py)."""
    ratified = {number: standing.ratified for number, standing in standings.items()}
    found = []
    for revision in revisions:
        for change in changes.get(revision.commit.id, []):
            if change.effect is Effect.LOOSENED:
                number = revision.document.data["version"]
                found.append(Loosening(revision, change, number, ratified[number]))
    return found


def no_longer_assessed(charter: dict[str, Any]) -> list[str]:
    """Benchmarks with an assessed result in the log, but none in the latest reviews."""
    log = charter["reviews"].get("log", [])
    if len(log) <= RECENT_REVIEWS:
        return []
    earlier, recent = assessed_in(log[:-RECENT_REVIEWS]), assessed_in(log[-RECENT_REVIEWS:])
    return [benchmark["id"] for benchmark in charter["benchmarks"] if benchmark["id"] in earlier - recent]
