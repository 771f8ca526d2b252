"""A charter's feed: its revisions, the approvals and objections given apart from them, its
ratifications, and what happened after (actions, concerns, misses and resolutions).

Terms events are timed by the commit that brought them; record events by the day the
record gives them (at 00:00 UTC), since that is when they happened."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from generator.model.record import ActionView, ConcernView
from generator.model.site import CharterView
from generator.model.standing_view import PositionView
from generator.model.version_view import VersionView

FEED_ENTRIES = 50  # in each feed: a charter's own, and the site's


@dataclass(frozen=True)
class FeedEntry:
    """One event of a charter, as its feed and the site's feed show it."""

    charter_id: str
    title: str
    address: str  # the page it links to, site-relative, with its anchor for a record event
    # Unique among the charter's entries, for the entry's id: a revision's commit, or a
    # record event's parts joined by "/", which no id can hold.
    key: str
    updated: str  # ISO 8601 with time and offset
    sort_time: int  # the same instant in seconds since 1970, to order entries
    author: str
    summary: str


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


def _on(day: str) -> str:
    return f"{day}T00:00:00Z"


def _action_entries(charter: CharterView, action: ActionView) -> Iterator[FeedEntry]:
    address = f"charters/{charter.id}/#action-{action.id}"
    step = f"step {action.step} of the response ladder" + (f" ({action.response})" if action.response else "")
    answers = f", answering {action.answers}" if action.answers else ""
    due = f", due {action.due}" if action.due else ""
    yield _entry(
        charter,
        f"action opened for {action.party_name}{due}",
        address,
        f"action/{action.id}/opened",
        _on(action.opened),
        action.party_name,
        f"{action.summary} ({step}{answers}; opened {action.opened})",
    )
    if action.closed:
        late = " after its due date" if action.on_time is False else ""
        outcome = f" Outcome: {action.outcome}" if action.outcome else ""
        yield _entry(
            charter,
            f"action closed by {action.party_name}{late}",
            address,
            f"action/{action.id}/closed",
            _on(action.closed),
            action.party_name,
            f"{action.summary} (closed {action.closed}).{outcome}",
        )


def _concern_entries(charter: CharterView, concern: ConcernView) -> Iterator[FeedEntry]:
    address = f"charters/{charter.id}/#concern-{concern.id}"
    about = f" with {', '.join(concern.about_names)}" if concern.about_names else ""
    yield _entry(
        charter,
        f"concern raised by {concern.by_name}{about}",
        address,
        f"concern/{concern.id}/raised",
        _on(concern.raised),
        concern.by_name,
        concern.summary,
    )
    for level, day in concern.reached:
        if level > 1:
            yield _entry(
                charter,
                f"concern escalated to level {level}",
                address,
                f"concern/{concern.id}/level/{level}",
                _on(day),
                concern.by_name,
                concern.summary,
            )
    if concern.resolved:
        outcome = f" Outcome: {concern.outcome}" if concern.outcome else ""
        yield _entry(
            charter,
            f"concern resolved after {concern.days_to_resolve} days",
            address,
            f"concern/{concern.id}/resolved",
            _on(concern.resolved),
            concern.by_name,
            f"{concern.summary}{outcome}",
        )


def _miss_entries(charter: CharterView) -> Iterator[FeedEntry]:
    for benchmark in charter.record.benchmarks:
        for point in benchmark.points:
            if point.result != "missed":
                continue
            party = f" by {point.party_name}" if point.party_name else ""
            response = f"; response: step {point.response}" if point.response else "; no response recorded"
            yield _entry(
                charter,
                f"missed{party}: {benchmark.title}",
                f"charters/{charter.id}/#{point.anchor}",
                f"miss/{point.anchor}/benchmark/{benchmark.id}/{point.party or ''}",
                _on(point.date),
                point.party_name or _parties(charter),
                f"The review of {point.date} found it missed against: {point.target}{response}.",
            )
    commitments = {commitment["id"]: commitment for commitment in charter.data["commitments"]}
    log = charter.data["reviews"].get("log", [])
    for anchor, review in zip(charter.record.review_anchors, log, strict=True):
        for result in review.get("commitments", []):
            if result["result"] != "missed":
                continue
            response = f"; response: step {result['response']}" if "response" in result else "; no response recorded"
            # A commitment a later version dropped keeps its id, without its text or party.
            commitment = commitments.get(result["commitment"], {})
            party = charter.parties.get(commitment.get("party"), "")
            text = f" The commitment: {commitment['text']}" if commitment else ""
            yield _entry(
                charter,
                f"commitment {result['commitment']} missed" + (f" by {party}" if party else ""),
                f"charters/{charter.id}/#{anchor}",
                f"miss/{anchor}/commitment/{result['commitment']}",
                _on(review["date"]),
                party or _parties(charter),
                f"The review of {review['date']} found it missed{response}.{text}",
            )


def _parties(charter: CharterView) -> str:
    return ", ".join(charter.parties.values())


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
    for action in charter.record.actions:
        entries += _action_entries(charter, action)
    for concern in charter.record.concerns:
        entries += _concern_entries(charter, concern)
    entries += _miss_entries(charter)
    return tuple(newest_first(entries))


def newest_first(entries: list[FeedEntry]) -> list[FeedEntry]:
    ordered = sorted(entries, key=lambda entry: (entry.sort_time, entry.charter_id, entry.key), reverse=True)
    return ordered[:FEED_ENTRIES]
