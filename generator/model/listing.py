"""One charter as the site-wide pages show it: the home page, the charters index and the
site's feed. A listing is small and typed, so the build cache keeps one per charter and a
warm build needs nothing else of the charters that did not change."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.model.site import CharterView, SiteConfig

FEED_ENTRIES = 50  # in each feed: a charter's own, and the site's


@dataclass(frozen=True)
class FeedEntry:
    """One revision of a charter, as its feed and the site's feed show it."""

    charter_id: str
    title: str
    address: str  # the page it links to, site-relative
    commit: str
    updated: str  # ISO 8601 with time and offset, as git gives it
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


def feed_entries(charter: CharterView) -> tuple[FeedEntry, ...]:
    entries = [
        FeedEntry(
            charter.id,
            f"{charter.data['title']}: {revision.subject}",
            f"charters/{charter.id}/" + (f"v{revision.version}/" if revision.version else "history/"),
            revision.commit,
            revision.timestamp,
            int(dt.datetime.fromisoformat(revision.timestamp).timestamp()),
            revision.author,
            "; ".join(change.describe() for change in revision.changes) or revision.subject,
        )
        for revision in charter.revisions
    ]
    return tuple(newest_first(entries))


def newest_first(entries: list[FeedEntry]) -> list[FeedEntry]:
    ordered = sorted(entries, key=lambda entry: (entry.sort_time, entry.charter_id, entry.commit), reverse=True)
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
    )


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    charters: tuple[CharterListing, ...]
    today: dt.date
