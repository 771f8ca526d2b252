"""Indicators of whether each side keeps its word, as the contract defines them: share
met, actions closed on time, days to resolve a concern, reviews on schedule. No single
score: each indicator lists the records it counts, so a reader can check it."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from typing import Any

from generator.cadence import CADENCE_DAYS
from generator.language.message import Day, Message, message, plural_message
from generator.language.vocabulary import word
from generator.model.record import ASSESSED, RecordView, TermsByDay

LAST_REVIEWS = 4  # share met looks at the last four reviews that assessed it
SCORE = {"met": 1.0, "partly": 0.5, "missed": 0.0}


@dataclass(frozen=True)
class Counted:
    anchor: str  # where the record it counts is on the charter page
    label: Message


@dataclass(frozen=True)
class ShareMet:
    score: float  # 0 to 1
    counted: tuple[Counted, ...]

    @property
    def percent(self) -> int:
        return round(self.score * 100)


@dataclass(frozen=True)
class OnTime:
    on_time: int
    counted: tuple[Counted, ...]


@dataclass(frozen=True)
class ResolveDays:
    median_days: float
    median_allowed: float
    counted: tuple[Counted, ...]


@dataclass(frozen=True)
class PartyRecord:
    party: str
    name: str
    org: str | None
    share_met: ShareMet | None
    actions_on_time: OnTime | None
    resolve_days: ResolveDays | None
    open_actions: int
    open_concerns: int  # raised with it


@dataclass(frozen=True)
class Schedule:
    on_schedule: int
    counted: tuple[Counted, ...]


def _share(reviews: list[tuple[str, list[tuple[str, str]]]]) -> ShareMet | None:
    """``reviews``: (anchor, [(what, result)]) oldest first; the last four that assessed it."""
    assessed = [(anchor, [item for item in items if item[1] in ASSESSED]) for anchor, items in reviews]
    last = [(anchor, items) for anchor, items in assessed if items][-LAST_REVIEWS:]
    if not last:
        return None
    scores = [SCORE[result] for _, items in last for _, result in items]
    counted = tuple(
        Counted(anchor, message("%(what)s: %(result)s", what=what, result=word("result", result)))
        for anchor, items in last
        for what, result in items
    )
    return ShareMet(sum(scores) / len(scores), counted)


def _party_results(data: dict[str, Any], days: TermsByDay, anchors: tuple[str, ...], party: str) -> ShareMet | None:
    reviews = []
    for anchor, review in zip(anchors, data["reviews"].get("log", []), strict=True):
        terms = days.on(review["date"])
        items = [
            (
                message(
                    "%(day)s %(benchmark)s",
                    day=Day(review["date"]),
                    benchmark=terms.benchmarks[result["benchmark"]]["title"],
                ),
                result["result"],
            )
            for result in review.get("results", [])
            if result.get("party", party) == party and party in terms.bound(result["benchmark"])
        ]
        items += [
            (
                message("%(day)s commitment %(commitment)s", day=Day(review["date"]), commitment=result["commitment"]),
                result["result"],
            )
            for result in review.get("commitments", [])
            if terms.commitments[result["commitment"]]["party"] == party
        ]
        reviews.append((anchor, items))
    return _share(reviews)


def benchmark_share(data: dict[str, Any], anchors: tuple[str, ...], benchmark: str) -> ShareMet | None:
    reviews = [
        (
            anchor,
            [
                (
                    message("%(day)s %(party)s", day=Day(review["date"]), party=result["party"])
                    if "party" in result
                    else Day(review["date"]),
                    result["result"],
                )
                for result in review.get("results", [])
                if result["benchmark"] == benchmark
            ],
        )
        for anchor, review in zip(anchors, data["reviews"].get("log", []), strict=True)
    ]
    return _share(reviews)


def _on_time(record: RecordView, party: str) -> OnTime | None:
    judged = [action for action in record.actions if action.party == party and action.on_time is not None]
    if not judged:
        return None
    counted = tuple(
        Counted(
            f"action-{action.id}",
            message(
                "%(action)s: due %(day)s, closed %(closed)s",
                action=action.id,
                day=Day(action.due),
                closed=Day(action.closed),
            )
            if action.closed
            else plural_message(
                "%(action)s: due %(day)s, open, %(count)s day overdue",
                "%(action)s: due %(day)s, open, %(count)s days overdue",
                action.overdue_days or 0,
                action=action.id,
                day=Day(action.due),
            ),
        )
        for action in judged
    )
    return OnTime(sum(bool(action.on_time) for action in judged), counted)


def _resolve_days(record: RecordView, party: str) -> ResolveDays | None:
    resolved = [concern for concern in record.concerns if party in concern.about and concern.resolved]
    if not resolved:
        return None
    counted = tuple(
        Counted(
            f"concern-{concern.id}",
            plural_message(
                "%(concern)s: %(count)s day, %(allowed)s allowed",
                "%(concern)s: %(count)s days, %(allowed)s allowed",
                concern.days_to_resolve or 0,
                concern=concern.id,
                allowed=concern.allowed_days,
            ),
        )
        for concern in resolved
    )
    return ResolveDays(
        statistics.median(concern.days_to_resolve or 0 for concern in resolved),
        statistics.median(concern.allowed_days for concern in resolved),
        counted,
    )


def party_records(data: dict[str, Any], days: TermsByDay, record: RecordView) -> tuple[PartyRecord, ...]:
    return tuple(
        PartyRecord(
            party["id"],
            party["name"],
            party.get("org"),
            _party_results(data, days, record.review_anchors, party["id"]),
            _on_time(record, party["id"]),
            _resolve_days(record, party["id"]),
            sum(action.open and action.party == party["id"] for action in record.actions),
            sum(concern.open and party["id"] in concern.about for concern in record.concerns),
        )
        for party in data["parties"]
    )


def review_schedule(data: dict[str, Any], anchors: tuple[str, ...], scheduled: list[str | None]) -> Schedule | None:
    """Each logged review against the date it was due: the `next` the revision before it
    set (``scheduled``, per review), or else its cadence and a quarter after the review
    before it (the terms' effective date for the first)."""
    log = data["reviews"].get("log", [])
    if not log:
        return None
    allowance = dt.timedelta(days=round(CADENCE_DAYS[data["reviews"]["cadence"]] * 1.25))
    counted = []
    on_schedule = 0
    previous = data["effective"]
    for anchor, review, due in zip(anchors, log, scheduled, strict=True):
        deadline = due or (dt.date.fromisoformat(previous) + allowance).isoformat()
        kept = review["date"] <= deadline
        on_schedule += kept
        day, by = Day(review["date"]), Day(deadline)
        if kept:
            counted.append(Counted(anchor, message("%(day)s: due by %(deadline)s", day=day, deadline=by)))
        else:
            counted.append(Counted(anchor, message("%(day)s: due by %(deadline)s, late", day=day, deadline=by)))
        previous = review["date"]
    return Schedule(on_schedule, tuple(counted))
