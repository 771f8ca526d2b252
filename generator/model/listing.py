"""One charter as the site-wide pages show it: the home page, the charters index and the
site's feed. A listing is small and typed, so the build cache keeps one per charter and a
warm build needs nothing else of the charters that did not change."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.model.feed import FeedEntry, feed_entries
from generator.model.organisations import FormerOrg, OrgParty, org_parties
from generator.model.site import CharterView, SiteConfig


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
    former_orgs: tuple[FormerOrg, ...]  # orgs it no longer names
    languages: tuple[str, ...]  # its binding language, then those it is translated into

    @property
    def orgs(self) -> tuple[str, ...]:
        return tuple(party.org for party in self.organisations)


def charter_listing(charter: CharterView, languages: tuple[str, ...]) -> CharterListing:
    current = charter.current_version
    parties = org_parties(charter.data, charter.record, charter.party_records, charter.dues, charter.last_changed)
    former = charter.former_orgs
    if charter.withdrawn:
        # A withdrawn charter binds no one: its organisations were party to it until then.
        former += tuple(
            FormerOrg(party.org, party.name, party.charter_id, party.charter_title, charter.withdrawn)
            for party in parties
        )
        parties = ()
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
        parties,
        former,
        languages,
    )


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    charters: tuple[CharterListing, ...]
    today: dt.date
