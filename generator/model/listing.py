"""One charter as the site-wide pages show it: the home page, the charters index and the
site's feed. A listing is small and typed, so the build cache keeps one per charter and a
warm build needs nothing else of the charters that did not change."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass

from generator.model.organisations import OrgParty, org_parties
from generator.model.site import CharterView, SiteConfig
from generator.model.standing_view import PositionView
from generator.model.version_view import VersionView

FEED_ENTRIES = 50  # in each feed: a charter's own, and the site's


@dataclass(frozen=True)
class FeedEntry:
    """One event of a charter, as its feed and the site's feed show it: a revision, an
    approval or objection given on its own, a ratification."""

    charter_id: str
    title: str
    address: str  # the page it links to, site-relative
    key: str  # unique among the charter's entries, for the entry's id: a revision's commit
    updated: str  # ISO 8601 with time and offset
    sort_time: int  # the same instant in seconds since 1970, to order entries
    author: str
    summary: str


@dataclass(frozen=True)
class CharterListing:
    """One charter as the site-wide pages show it: the home page, the charters index and
    the site's feed. Kept between builds for every charter that did not change."""

    id: str
    title: str
    status: str
    version: int
    ratified: bool | None  # None while the charter is not on the main line
    parties: tuple[str, ...]  # names
    principles: tuple[str, ...]
    tags: tuple[str, ...]
    benchmarks: int
    next_review: str
    overdue: bool
    warnings: tuple[str, ...]  # rule ids
    feed: tuple[FeedEntry, ...]  # newest first, at most FEED_ENTRIES
    withdrawn: str | None  # the date it was withdrawn
    former_ids: tuple[str, ...]
    organisations: tuple[OrgParty, ...]  # its parties that name their `org`

    @property
    def orgs(self) -> tuple[str, ...]:
        return tuple(party.org for party in self.organisations)


def _entry(charter: CharterView, title: str, address: str, key: str, time: str, author: str, summary: str) -> FeedEntry:
    return FeedEntry(
        charter.id,
        f"{charter.data['title']}: {title}",
        address,
        key,
        time,
        int(dt.datetime.fromisoformat(time).timestamp()),
        author,
        summary,
    )


def _position_entry(charter: CharterView, number: int, position: PositionView, repeat: int) -> FeedEntry:
    """``repeat``: how many times the same person took the same position in the same commit
    before (a ledger line written twice)."""
    party = f" ({position.party})" if position.party else ""
    stance = "approves" if position.approves else "objects to"
    said = [f"evidence: {position.evidence_text}", position.note, position.reason]
    # A commit may carry several positions: the id names which one, and nothing about whom.
    named = (number, position.approves, position.email.casefold(), repeat)
    which = hashlib.sha256(repr(named).encode()).hexdigest()[:16]
    return _entry(
        charter,
        f"{position.name}{party} {stance} version {number}",
        f"charters/{charter.id}/v{number}/",
        f"{position.commit}.{which}",
        position.time,
        position.name,
        "; ".join(part for part in said if part),
    )


def _ratification_entry(charter: CharterView, version: VersionView) -> FeedEntry:
    return _entry(
        charter,
        f"version {version.number} ratified",
        f"charters/{charter.id}/v{version.number}/",
        f"v{version.number}-ratified",
        version.standing.ratified_time,
        ", ".join(party.name for party in version.parties),
        f"{version.status}; {version.period}",
    )


def feed_entries(charter: CharterView) -> tuple[FeedEntry, ...]:
    entries = [
        _entry(
            charter,
            revision.subject,
            f"charters/{charter.id}/" + (f"v{revision.version}/" if revision.version else "history/"),
            revision.commit,
            revision.timestamp,
            revision.author,
            "; ".join(change.describe() for change in revision.changes) or revision.subject,
        )
        for revision in charter.revisions
    ]
    seen: Counter = Counter()
    # Only a representative's position is news; anyone else's is kept on the version page.
    for number, position in (item for item in charter.positions_given_apart if item[1].party_id):
        same = (position.commit, number, position.approves, position.email.casefold())
        entries.append(_position_entry(charter, number, position, seen[same]))
        seen[same] += 1
    entries += [_ratification_entry(charter, version) for version in charter.versions if version.ratified]
    return tuple(newest_first(entries))


def newest_first(entries: list[FeedEntry]) -> list[FeedEntry]:
    ordered = sorted(entries, key=lambda entry: (entry.sort_time, entry.charter_id, entry.key), reverse=True)
    return ordered[:FEED_ENTRIES]


def charter_listing(charter: CharterView) -> CharterListing:
    current = charter.current_version
    return CharterListing(
        charter.id,
        charter.data["title"],
        "withdrawn" if charter.withdrawn else charter.data["status"],
        charter.version,
        current.ratified if current else None,
        tuple(charter.parties.values()),
        tuple(charter.principles),
        tuple(charter.tags),
        len(charter.data["benchmarks"]),
        charter.data["reviews"]["next"],
        charter.overdue_days is not None,
        tuple(warning.rule for warning in charter.warnings),
        feed_entries(charter),
        charter.withdrawn,
        charter.former_ids,
        org_parties(charter.data, charter.record, charter.party_records, charter.dues, charter.last_changed),
    )


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    charters: tuple[CharterListing, ...]
    today: dt.date
