"""One version's page, as values: its terms, where it stands, each party's positions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.changes.diff import Change
from generator.history.terms import RECORD_FIELDS
from generator.history.versions import Version
from generator.language.message import Message
from generator.model.ratification import Standing
from generator.model.standing_view import PositionView, period_message, position_view, status_message


@dataclass(frozen=True)
class TermsView:
    """What the terms template needs beyond the charter data: names, binding, commitments."""

    data: dict[str, Any]
    names: dict[str, str]  # party id → name, in charter order
    bound: dict[str, tuple[str, ...]]  # benchmark id → the party ids it binds
    commitments: dict[str, tuple[dict, ...]]  # party id → its commitments


def terms_view(data: dict[str, Any]) -> TermsView:
    names = {party["id"]: party["name"] for party in data["parties"]}
    return TermsView(
        data,
        names,
        {benchmark["id"]: tuple(benchmark.get("applies_to", list(names))) for benchmark in data["benchmarks"]},
        {party: tuple(item for item in data["commitments"] if item["party"] == party) for party in names},
    )


@dataclass(frozen=True)
class PartyStatus:
    party_id: str
    name: str
    positions: tuple[PositionView, ...]  # approvals and objections by its representatives

    @property
    def approved(self) -> bool:
        return any(position.approves and position.counts and not position.note for position in self.positions)


@dataclass(frozen=True)
class VersionView:
    number: int
    state: str  # "ratified", "blocked" or "pending"
    status: Message  # e.g. "ratified · signed by every party" (model/standing_view.py)
    draft: bool
    ratified_on: str | None
    evidence: str | None  # the weakest evidence that counted, once ratified
    rule: str  # the evidence its ratification needs
    missing: tuple[str, ...]  # party names still to approve
    objections: tuple[PositionView, ...]  # standing; or, once ratified, those that came after
    parties: tuple[PartyStatus, ...]
    others: tuple[PositionView, ...]  # positions by people who represent no party of it
    period: Message  # when it is in force, in words
    starts: str | None
    ends: str | None
    in_force: bool
    notice_days: int
    published: str  # date
    published_commit: str
    terms: TermsView  # the charter as agreed (the latest draft, for a draft), without the record
    changes: tuple[Change, ...]  # from the version before
    previous: int | None
    digest: str  # of the terms, "sha256:<hex>" (history/terms.py)
    standing: Standing = field(repr=False)  # what the fields above were taken from

    @property
    def ratified(self) -> bool:
        return self.state == "ratified"

    def in_force_on(self, day: str) -> bool:
        return self.standing.in_force_on(day)


def version_view(
    version: Version, standing: Standing, previous: Version | None, changes: tuple[Change, ...], today: str
) -> VersionView:
    shown = (version.latest if standing.draft else version.published).document.data
    names = {party["id"]: party["name"] for party in shown["parties"]}
    positions = [position_view(position, names, standing.rule) for position in standing.positions]
    parties = tuple(
        PartyStatus(party_id, name, tuple(position for position in positions if position.party_id == party_id))
        for party_id, name in names.items()
    )
    return VersionView(
        version.number,
        standing.state,
        status_message(standing, names),
        standing.draft,
        standing.ratified_on,
        standing.evidence.label if standing.evidence else None,
        standing.rule.label,
        tuple(names[party] for party in standing.missing if party in names),
        tuple(position_view(position, names, standing.rule) for position in standing.objections),
        parties,
        tuple(position for position in positions if position.party is None),
        period_message(standing, today),
        standing.starts,
        standing.ends,
        standing.in_force,
        standing.notice_days,
        version.published.commit.day,
        version.published.commit.id,
        terms_view({key: value for key, value in shown.items() if key not in RECORD_FIELDS}),
        changes,
        previous.number if previous else None,
        standing.digest,
        standing,
    )
