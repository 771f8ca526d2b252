"""Versions: revisions grouped by ``version:``, their approvals, and the version rules.

The terms are everything but the review record (``reviews``), ``status`` and ``tags``. A
version's terms never change once it is on the main line; ``version`` rises by exactly one
whenever the terms change, and only then.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.history.revisions import ApprovalRecord, Revision

RECORD_FIELDS = ("reviews", "status", "tags")


def terms(charter: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in charter.items() if key not in RECORD_FIELDS}


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
    """A revision that broke a version rule; ``rule`` is a problem rule id."""

    revision: Revision
    rule: str
    message: str
    hint: str


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


def version_rule_breaks(revisions: list[Revision]) -> list[VersionRuleBreak]:
    """Each valid revision that changed terms without the right version, or the reverse."""
    breaks = []
    published: dict[int, tuple[Revision, dict[str, Any]]] = {}
    previous: Revision | None = None
    for revision in revisions:
        if not revision.valid:
            continue
        data = revision.document.data
        number, current_terms = data["version"], terms(data)
        if previous is not None:
            before = previous.document.data["version"]
            changed = current_terms != terms(previous.document.data)
            first = published.get(number)
            if changed and first is not None and first[1] != current_terms:
                breaks.append(
                    VersionRuleBreak(
                        revision,
                        "published-version-changed",
                        f"version {number} was published in {first[0].commit.id[:10]} with other terms; published terms never change",
                        f"set `version: {max(published) + 1}` for the new terms",
                    )
                )
            elif changed and number != before + 1:
                breaks.append(
                    VersionRuleBreak(
                        revision,
                        "version-not-raised",
                        f"the terms changed but version went from {before} to {number}",
                        f"set `version: {before + 1}`: it rises by exactly one when the terms change",
                    )
                )
            elif not changed and number != before:
                breaks.append(
                    VersionRuleBreak(
                        revision,
                        "version-without-terms",
                        f"version went from {before} to {number} but the terms did not change",
                        f"keep `version: {before}`: reviews, status and tags are the record, not the terms",
                    )
                )
        published.setdefault(number, (revision, current_terms))
        previous = revision
    return breaks
