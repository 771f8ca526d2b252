"""Organisations across charters: what each `org` committed to, how it fared, what it owes.

A charter contributes one OrgParty per party with an `org`; it travels in the charter's
listing (so an unchanged charter's part comes from the build cache), and the site joins
them by org into one page and one calendar per organisation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from generator.history.revisions import Revision
from generator.language.message import Message, message
from generator.model.indicators import PartyRecord
from generator.model.record import ConcernView, RecordView


@dataclass(frozen=True)
class Due:
    """Something a party owes by a date: an action, a commitment, a concern's next step."""

    party: str  # the party id that owes it
    kind: str  # action, commitment or concern
    key: str  # its id in the charter, unique per kind
    summary: str  # the action's, the commitment's text, the concern's
    due: str
    overdue_days: int | None
    raised_by: Message | str | None = None  # a concern's: who raised it, and the level it is at
    level: int | None = None

    @property
    def what(self) -> Message | str:
        """What is owed, in words."""
        if self.kind != "concern":
            return self.summary
        return message(
            "Resolve or escalate the concern raised by %(party)s (level %(level)s): %(summary)s",
            party=self.raised_by,
            level=self.level,
            summary=self.summary,
        )


@dataclass(frozen=True)
class ConcernNote:
    id: str
    raised: str
    by_name: Message | str
    summary: str
    resolved: str | None


@dataclass(frozen=True)
class OrgParty:
    org: str
    charter_id: str
    charter_title: str
    party_id: str
    name: str
    commitments: tuple[tuple[str, str, str | None], ...]  # (id, text, due)
    share_met: int | None  # percent, over the last reviews that assessed it
    share_counted: int
    actions_on_time: tuple[int, int] | None  # (on time, judged)
    resolve_days: float | None  # median, of concerns raised with it
    dues: tuple[Due, ...]
    concerns_with: tuple[ConcernNote, ...]  # raised with it
    concerns_by: tuple[ConcernNote, ...]  # raised by it
    charter_changed: str  # when its charter last changed, for the calendar's stamp
    recorded: bool  # the charter's record has entries, so its page shows each side's record


@dataclass(frozen=True)
class FormerOrg:
    """An organisation a charter named on the main line and no longer names: its page
    keeps answering, and says where it was party and until when."""

    org: str
    name: str  # the party's name when the charter last named it
    charter_id: str
    charter_title: str
    until: str  # the day (UTC) of the first revision that no longer named it


def former_orgs(revisions: Iterable[Revision], current: dict[str, Any]) -> tuple[FormerOrg, ...]:
    """The orgs the valid ``revisions`` (oldest first) named and ``current`` does not."""
    named_now = {party.get("org") for party in current["parties"]}
    last_named: dict[str, str] = {}  # org → party name, while it is named
    former: dict[str, FormerOrg] = {}
    for revision in revisions:
        if not revision.valid:
            continue
        named = {party["org"]: party["name"] for party in revision.document.data["parties"] if "org" in party}
        day = dt.datetime.fromisoformat(revision.commit.date).astimezone(dt.UTC).date().isoformat()
        for org, name in last_named.items():
            if org not in named:
                former[org] = FormerOrg(org, name, current["id"], current["title"], day)
        last_named = named
    return tuple(item for org, item in sorted(former.items()) if org not in named_now)


def _overdue(day: str, today: dt.date) -> int | None:
    late = (today - dt.date.fromisoformat(day)).days
    return late if late > 0 else None


def charter_dues(data: dict[str, Any], record: RecordView, today: dt.date) -> tuple[Due, ...]:
    """Everything owed by a date and not yet done, soonest first: open actions with a due
    date, commitments due that no review records met, and each open concern's deadline at
    its level (owed by every party it is raised with)."""
    met = {
        result["commitment"]
        for review in data["reviews"].get("log", [])
        for result in review.get("commitments", [])
        if result["result"] == "met"
    }
    dues = [
        Due(action.party, "action", action.id, action.summary, action.due, action.overdue_days)
        for action in record.open_actions
        if action.due is not None
    ]
    dues += [
        Due(item["party"], "commitment", item["id"], item["text"], item["due"], _overdue(item["due"], today))
        for item in data["commitments"]
        if "due" in item and item["id"] not in met
    ]
    dues += [
        Due(
            party,
            "concern",
            concern.id,
            concern.summary,
            concern.deadline,
            concern.overdue_days,
            concern.by_name,
            concern.level,
        )
        for concern in record.open_concerns
        if concern.deadline is not None
        for party in concern.about
    ]
    return tuple(sorted(dues, key=lambda due: (due.due, due.kind, due.key, due.party)))


def _concern_note(concern: ConcernView) -> ConcernNote:
    return ConcernNote(concern.id, concern.raised, concern.by_name, concern.summary, concern.resolved)


def org_parties(
    data: dict[str, Any], record: RecordView, parties: tuple[PartyRecord, ...], dues: tuple[Due, ...], changed: str
) -> tuple[OrgParty, ...]:
    found = []
    for party in parties:
        if party.org is None:
            continue
        found.append(
            OrgParty(
                party.org,
                data["id"],
                data["title"],
                party.party,
                party.name,
                tuple(
                    (item["id"], item["text"], item.get("due"))
                    for item in data["commitments"]
                    if item["party"] == party.party
                ),
                party.share_met.percent if party.share_met else None,
                len(party.share_met.counted) if party.share_met else 0,
                (party.actions_on_time.on_time, len(party.actions_on_time.counted)) if party.actions_on_time else None,
                party.resolve_days.median_days if party.resolve_days else None,
                tuple(due for due in dues if due.party == party.party),
                tuple(_concern_note(concern) for concern in record.concerns if party.party in concern.about),
                tuple(_concern_note(concern) for concern in record.concerns if concern.by == party.party),
                changed,
                record.has_entries,
            )
        )
    return tuple(found)


@dataclass(frozen=True)
class Organisation:
    org: str
    names: tuple[str, ...]  # as its charters name it, usually one
    parties: tuple[OrgParty, ...]  # one per charter, by charter id; none once no charter names it
    former: tuple[FormerOrg, ...] = ()  # charters that named it and no longer do

    @property
    def name(self) -> str:
        return " · ".join(self.names)

    @property
    def changed(self) -> str:
        """When what the page says last changed, for its calendar's stamp."""
        return max(
            [party.charter_changed for party in self.parties] + [f"{item.until}T00:00:00+00:00" for item in self.former]
        )

    @property
    def dues(self) -> tuple[tuple[OrgParty, Due], ...]:
        return tuple(
            sorted(
                ((party, due) for party in self.parties for due in party.dues),
                key=lambda item: (item[1].due, item[0].charter_id, item[1].kind, item[1].key),
            )
        )


def organisations(parties: list[OrgParty], former: list[FormerOrg]) -> tuple[Organisation, ...]:
    """One per org any charter names, or once named: an address once published keeps answering."""
    by_org: dict[str, list[OrgParty]] = {}
    for party in parties:
        by_org.setdefault(party.org, []).append(party)
    was: dict[str, list[FormerOrg]] = {}
    for item in former:
        was.setdefault(item.org, []).append(item)
    return tuple(
        Organisation(
            org,
            tuple(sorted({party.name for party in by_org.get(org, [])} or {item.name for item in was[org]})),
            tuple(sorted(by_org.get(org, []), key=lambda party: (party.charter_id, party.party_id))),
            tuple(sorted(was.get(org, []), key=lambda item: (item.charter_id, item.until))),
        )
        for org in sorted({*by_org, *was})
    )
