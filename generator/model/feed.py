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

from generator.language.message import Day, Message, items, message, plural_message
from generator.model.record import ActionView, ConcernView
from generator.model.site import CharterView
from generator.model.standing_view import PositionView
from generator.model.version_view import VersionView

FEED_ENTRIES = 50  # in each feed: a charter's own, and the site's


@dataclass(frozen=True)
class FeedEntry:
    """One event of a charter, as its feed and the site's feed show it."""

    charter_id: str
    title: Message  # said in the site's language
    address: str  # the page it links to, site-relative, with its anchor for a record event
    # Unique among the charter's entries, for the entry's id: a revision's commit, or a
    # record event's parts joined by "/", which no id can hold.
    key: str
    updated: str  # ISO 8601 with time and offset
    sort_time: int  # the same instant in seconds since 1970, to order entries
    author: Message | str
    summary: Message | str


def _entry(
    charter: CharterView,
    title: Message | str,
    address: str,
    key: str,
    time: str,
    author: Message | str,
    summary: Message | str,
) -> FeedEntry:
    return FeedEntry(
        charter.id,
        message("%(charter)s: %(event)s", charter=charter.data["title"], event=title),
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
    if position.party:
        name = message("%(name)s (%(party)s)", name=position.name, party=position.party)
    else:
        name = position.name
    if position.approves:
        title = message("%(name)s approves version %(number)s", name=name, number=number)
    else:
        title = message("%(name)s objects to version %(number)s", name=name, number=number)
    said: list[Message | str] = [message("evidence: %(evidence)s", evidence=position.evidence_message)]
    said += [part for part in (position.note, position.reason) if part]
    # A commit may carry several positions: the id names which one, and nothing about whom.
    named = (number, position.approves, position.email.casefold(), repeat)
    which = hashlib.sha256(repr(named).encode()).hexdigest()[:16]
    return _entry(
        charter,
        title,
        f"charters/{charter.id}/v{number}/",
        f"{position.commit}.{which}",
        position.time,
        position.name,
        _joined(said),
    )


def _joined(parts: list[Message | str]) -> Message | str:
    """Parts of a summary, each its own sentence piece: "a; b; c", flat however many."""
    return parts[0] if len(parts) == 1 else message("%(parts)s", parts=items(parts, "; "))


def _ratification_entry(charter: CharterView, version: VersionView) -> FeedEntry:
    return _entry(
        charter,
        message("version %(number)s ratified", number=version.number),
        f"charters/{charter.id}/v{version.number}/",
        f"v{version.number}-ratified",
        version.standing.ratified_time,
        ", ".join(party.name for party in version.parties),
        _joined([version.status, version.period]),
    )


def _on(day: str) -> str:
    return f"{day}T00:00:00Z"


def _action_entries(charter: CharterView, action: ActionView) -> Iterator[FeedEntry]:
    address = f"charters/{charter.id}/#action-{action.id}"
    step = message("step %(step)s of the response ladder", step=action.step)
    if action.response:
        step = message("%(step)s (%(response)s)", step=step, response=action.response)
    if action.answers:
        step = message("%(step)s, answering %(what)s", step=step, what=action.answers)
    if action.due:
        opened = message("action opened for %(party)s, due %(day)s", party=action.party_name, day=Day(action.due))
    else:
        opened = message("action opened for %(party)s", party=action.party_name)
    yield _entry(
        charter,
        opened,
        address,
        f"action/{action.id}/opened",
        _on(action.opened),
        action.party_name,
        message("%(summary)s (%(step)s; opened %(day)s)", summary=action.summary, step=step, day=Day(action.opened)),
    )
    if action.closed:
        if action.on_time is False:
            closed = message("action closed by %(party)s after its due date", party=action.party_name)
        else:
            closed = message("action closed by %(party)s", party=action.party_name)
        summary = message("%(summary)s (closed %(day)s).", summary=action.summary, day=Day(action.closed))
        if action.outcome:
            summary = message("%(summary)s Outcome: %(outcome)s", summary=summary, outcome=action.outcome)
        yield _entry(
            charter, closed, address, f"action/{action.id}/closed", _on(action.closed), action.party_name, summary
        )


def _concern_entries(charter: CharterView, concern: ConcernView) -> Iterator[FeedEntry]:
    address = f"charters/{charter.id}/#concern-{concern.id}"
    if concern.about_names:
        raised = message(
            "concern raised by %(party)s with %(parties)s", party=concern.by_name, parties=items(concern.about_names)
        )
    else:
        raised = message("concern raised by %(party)s", party=concern.by_name)
    yield _entry(
        charter,
        raised,
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
                message("concern escalated to level %(level)s", level=level),
                address,
                f"concern/{concern.id}/level/{level}",
                _on(day),
                concern.by_name,
                concern.summary,
            )
    if concern.resolved:
        summary: Message | str = concern.summary
        if concern.outcome:
            summary = message("%(summary)s Outcome: %(outcome)s", summary=summary, outcome=concern.outcome)
        yield _entry(
            charter,
            plural_message(
                "concern resolved after %(count)s day",
                "concern resolved after %(count)s days",
                concern.days_to_resolve or 0,
            ),
            address,
            f"concern/{concern.id}/resolved",
            _on(concern.resolved),
            concern.by_name,
            summary,
        )


def _miss_entries(charter: CharterView) -> Iterator[FeedEntry]:
    for benchmark in charter.record.benchmarks:
        for point in benchmark.points:
            if point.result != "missed":
                continue
            if point.party_name:
                title = message("missed by %(party)s: %(benchmark)s", party=point.party_name, benchmark=benchmark.title)
            else:
                title = message("missed: %(benchmark)s", benchmark=benchmark.title)
            if point.response:
                summary = message(
                    "The review of %(day)s found it missed against: %(target)s; response: step %(step)s.",
                    day=Day(point.date),
                    target=point.target,
                    step=point.response,
                )
            else:
                summary = message(
                    "The review of %(day)s found it missed against: %(target)s; no response recorded.",
                    day=Day(point.date),
                    target=point.target,
                )
            yield _entry(
                charter,
                title,
                f"charters/{charter.id}/#{point.anchor}",
                f"miss/{point.anchor}/benchmark/{benchmark.id}/{point.party or ''}",
                _on(point.date),
                point.party_name or _parties(charter),
                summary,
            )
    commitments = {commitment["id"]: commitment for commitment in charter.data["commitments"]}
    log = charter.data["reviews"].get("log", [])
    for anchor, review in zip(charter.record.review_anchors, log, strict=True):
        for result in review.get("commitments", []):
            if result["result"] != "missed":
                continue
            day = Day(review["date"])
            if "response" in result:
                summary = message(
                    "The review of %(day)s found it missed; response: step %(step)s.", day=day, step=result["response"]
                )
            else:
                summary = message("The review of %(day)s found it missed; no response recorded.", day=day)
            # A commitment a later version dropped keeps its id, without its text or party.
            commitment = commitments.get(result["commitment"], {})
            party = charter.parties.get(commitment.get("party"), "")
            if commitment:
                summary = message("%(summary)s The commitment: %(text)s", summary=summary, text=commitment["text"])
            if party:
                title = message("commitment %(id)s missed by %(party)s", id=result["commitment"], party=party)
            else:
                title = message("commitment %(id)s missed", id=result["commitment"])
            yield _entry(
                charter,
                title,
                f"charters/{charter.id}/#{anchor}",
                f"miss/{anchor}/commitment/{result['commitment']}",
                _on(review["date"]),
                party or _parties(charter),
                summary,
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
            _joined([change.message() for change in revision.changes]) if revision.changes else revision.subject,
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
