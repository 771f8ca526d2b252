"""Versions: revisions grouped by ``version:``, their approvals, and the version rules.

The terms are everything but the review record (``reviews``), ``status`` and ``tags``. A
version's terms never change once it is on the main line; ``version`` rises by exactly one
whenever the terms change, and only then.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import rfc8785

from generator.history.revisions import ApprovalRecord, Revision

RECORD_FIELDS = ("reviews", "status", "tags")


def terms(charter: dict[str, Any]) -> dict[str, Any]:
    """What a version number stands for: everything but the record and the number itself."""
    return {key: value for key, value in charter.items() if key not in (*RECORD_FIELDS, "version")}


def terms_digest(charter: dict[str, Any]) -> str:
    """The digest of ``charter``'s terms: SHA-256 of their RFC 8785 canonical JSON, the same
    for the same terms however the file is written (order, quoting, comments, layout)."""
    return "sha256:" + hashlib.sha256(rfc8785.dumps(terms(charter))).hexdigest()


@dataclass(frozen=True)
class PartyApprovals:
    party: str  # party id
    name: str
    approvals: tuple[ApprovalRecord, ...]


@dataclass(frozen=True)
class Version:
    number: int
    revisions: tuple[Revision, ...]  # valid revisions carrying this version, oldest first
    parties: tuple[PartyApprovals, ...]
    unmatched: tuple[ApprovalRecord, ...]  # approvals by people who represent no party

    @property
    def published(self) -> Revision:
        return self.revisions[0]

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(party.party for party in self.parties if not party.approvals)

    @property
    def ratified(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class VersionRuleBreak:
    """A change that broke a version rule; ``rule`` is a problem rule id."""

    rule: str
    message: str
    hint: str


@dataclass(frozen=True)
class Published:
    """The terms a version was first published with, and where."""

    commit: str
    terms: dict[str, Any]


def representatives(charter: dict[str, Any]) -> dict[str, str]:
    """Email (case-folded) → party id, as the charter lists them."""
    return {
        person["email"].casefold(): party["id"] for party in charter["parties"] for person in party["representatives"]
    }


def group_versions(revisions: list[Revision]) -> list[Version]:
    """The versions of one charter, in the order they were first published."""
    grouped: dict[int, list[Revision]] = {}
    for revision in revisions:
        if revision.valid:
            grouped.setdefault(revision.document.data["version"], []).append(revision)
    versions = []
    for number, carrying in grouped.items():
        latest = carrying[-1].document.data
        by_party: dict[str, list[ApprovalRecord]] = {party["id"]: [] for party in latest["parties"]}
        unmatched = []
        for revision in carrying:
            # An approval counts for the party that lists the email as of that revision.
            listed = representatives(revision.document.data)
            for record in revision.approvals:
                party = listed.get(record.approval.email.casefold())
                if party in by_party:
                    by_party[party].append(record)
                else:
                    unmatched.append(record)
        parties = tuple(
            PartyApprovals(party["id"], party["name"], tuple(by_party[party["id"]])) for party in latest["parties"]
        )
        versions.append(Version(number, tuple(carrying), parties, tuple(unmatched)))
    return versions


def check_version(
    previous: dict[str, Any], published: dict[int, Published], current: dict[str, Any]
) -> VersionRuleBreak | None:
    """Whether going from charter ``previous`` to ``current`` keeps the version rules,
    given the versions already ``published`` on the main line."""
    before, number = previous["version"], current["version"]
    current_terms = terms(current)
    changed = current_terms != terms(previous)
    first = published.get(number)
    if changed and number == before:
        return VersionRuleBreak(
            "version-not-raised",
            f"the terms changed but version stayed at {number}",
            f"set `version: {max(published, default=before) + 1}`: it rises by exactly one when the terms change",
        )
    if changed and first is not None and first.terms != current_terms:
        return VersionRuleBreak(
            "published-version-changed",
            f"version {number} was published in {first.commit[:10]} with other terms; published terms never change",
            f"set `version: {max(published) + 1}` for the new terms",
        )
    if changed and number != before + 1:
        return VersionRuleBreak(
            "version-not-raised",
            f"the terms changed but version went from {before} to {number}",
            f"set `version: {before + 1}`: it rises by exactly one when the terms change",
        )
    if not changed and number != before:
        return VersionRuleBreak(
            "version-without-terms",
            f"version went from {before} to {number} but the terms did not change",
            f"keep `version: {before}`: reviews, status and tags are the record, not the terms",
        )
    return None


def _publish(published: dict[int, Published], revision: Revision) -> None:
    data = revision.document.data
    published.setdefault(data["version"], Published(revision.commit.id, terms(data)))


def published_versions(revisions: list[Revision]) -> dict[int, Published]:
    """Each version's first terms on the main line."""
    published: dict[int, Published] = {}
    for revision in revisions:
        if revision.valid:
            _publish(published, revision)
    return published


def version_rule_breaks(revisions: list[Revision]) -> list[tuple[Revision, VersionRuleBreak]]:
    """Each valid revision that changed terms without the right version, or the reverse."""
    breaks = []
    published: dict[int, Published] = {}
    previous: dict[str, Any] | None = None  # pragma: no mutate ("" is as false as None)
    for revision in (revision for revision in revisions if revision.valid):
        rule_break = previous and check_version(previous, published, revision.document.data)
        if rule_break:
            breaks.append((revision, rule_break))
        _publish(published, revision)
        previous = revision.document.data
    return breaks
