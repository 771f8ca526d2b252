"""What happened after the charter was agreed, as the pages show it: each result judged
against the terms in force on its review's date, the actions taken, the concerns raised.

Every name and target comes from the terms in force on the entry's date (the charter's
own when none was), so an entry about a benchmark a later version dropped still reads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from generator.language.message import Message, message
from generator.validate import TermsOn

ANONYMOUS = "anonymous"
ASSESSED = ("met", "partly", "missed")


@dataclass(frozen=True)
class Threshold:
    value: float
    unit: str
    direction: str  # max: a ceiling; min: a floor


@dataclass(frozen=True)
class ResultPoint:
    """One result of a benchmark in one review."""

    anchor: str  # the review's anchor on the charter page
    date: str
    kind: str
    result: str
    party: str | None  # the party it is about, when given per party
    party_name: str | None
    value: float | None
    note: str
    response: int | None
    version: int | None  # the version in force on the date; None when none was
    target: str
    threshold: Threshold | None
    target_changed: bool  # the target or threshold differs from the previous point's

    @property
    def value_text(self) -> str:
        return "–" if self.value is None else f"{self.value:g}"


@dataclass(frozen=True)
class BenchmarkRecord:
    id: str
    title: str
    unit: str | None  # of the threshold in force today, for the chart's axis
    points: tuple[ResultPoint, ...]  # oldest first


@dataclass(frozen=True)
class ActionView:
    id: str
    step: int
    response: str  # what the ladder's step says, in the terms of its day
    party: str
    party_name: str
    opened: str
    summary: str
    answers: Message | None  # "benchmark “Bad news within 48 hours”"
    due: str | None
    closed: str | None
    outcome: str
    overdue_days: int | None  # open and past due

    @property
    def open(self) -> bool:
        return self.closed is None

    @property
    def on_time(self) -> bool | None:
        """Closed by its due date; None when it cannot tell yet, or has no due date."""
        if self.due is None:
            return None
        if self.closed is not None:
            return self.closed <= self.due
        return False if self.overdue_days else None


@dataclass(frozen=True)
class ConcernView:
    id: str
    raised: str
    by: str  # a party id, or anonymous
    by_name: Message | str  # the party's name, or "someone anonymous" in the reader's language
    about: tuple[str, ...]  # party ids it is raised with
    about_names: tuple[str, ...]
    via: str
    summary: str
    benchmark_title: str | None
    level: int  # the escalation level it is at (or ended at)
    level_who: str
    level_since: str
    deadline: str | None  # when this level's days run out
    overdue_days: int | None  # open and past the deadline
    reached: tuple[tuple[int, str], ...]  # (level, date) as logged
    acknowledged: str | None
    resolved: str | None
    outcome: str
    allowed_days: int  # the days of every level it reached, together

    @property
    def open(self) -> bool:
        return self.resolved is None

    @property
    def days_to_resolve(self) -> int | None:
        if self.resolved is None:
            return None
        return (dt.date.fromisoformat(self.resolved) - dt.date.fromisoformat(self.raised)).days


@dataclass(frozen=True)
class RecordView:
    benchmarks: tuple[BenchmarkRecord, ...]  # the current terms' benchmarks, then dropped ones with results
    actions: tuple[ActionView, ...]
    concerns: tuple[ConcernView, ...]
    review_anchors: tuple[str, ...]  # per logged review, in log order

    @property
    def has_entries(self) -> bool:
        return bool(self.review_anchors or self.actions or self.concerns)

    @property
    def open_actions(self) -> tuple[ActionView, ...]:
        return tuple(sorted((action for action in self.actions if action.open), key=lambda a: (a.due or "9", a.id)))

    @property
    def open_concerns(self) -> tuple[ConcernView, ...]:
        return tuple(concern for concern in self.concerns if concern.open)

    @property
    def closed_actions(self) -> tuple[ActionView, ...]:
        """Newest first."""
        return tuple(action for action in reversed(self.actions) if not action.open)

    @property
    def resolved_concerns(self) -> tuple[ConcernView, ...]:
        return tuple(concern for concern in reversed(self.concerns) if not concern.open)


class Terms:
    """The terms in force on a day, and names from them."""

    def __init__(self, charter: dict[str, Any], current: dict[str, Any]) -> None:
        self.charter = charter
        self.names = {party["id"]: party["name"] for party in current["parties"]}
        self.names.update((party["id"], party["name"]) for party in charter["parties"])
        self.benchmarks = {item["id"]: item for item in current["benchmarks"]}
        self.benchmarks.update((item["id"], item) for item in charter["benchmarks"])
        self.commitments = {item["id"]: item for item in current["commitments"]}
        self.commitments.update((item["id"], item) for item in charter["commitments"])
        self.steps = {item["step"]: item["response"] for item in charter["responses"]}
        self.levels = {item["level"]: item for item in charter["escalation"]}

    def name(self, party: str) -> str:
        return self.names.get(party, party)

    def bound(self, benchmark: str) -> list[str]:
        return self.benchmarks[benchmark].get("applies_to", [party["id"] for party in self.charter["parties"]])


class TermsByDay:
    def __init__(self, current: dict[str, Any], terms_on: TermsOn) -> None:
        self.current = current
        self.terms_on = terms_on
        self._seen: dict[int, Terms] = {}

    def on(self, day: str) -> Terms:
        charter = self.terms_on(day) or self.current
        key = id(charter)
        if key not in self._seen:
            self._seen[key] = Terms(charter, self.current)
        return self._seen[key]

    def version_on(self, day: str) -> int | None:
        charter = self.terms_on(day)
        return charter["version"] if charter is not None else None


def review_anchors(log: list[dict[str, Any]]) -> tuple[str, ...]:
    """``review-2026-04-15``; a second review on one day gets ``-2``."""
    seen: dict[str, int] = {}
    anchors = []
    for review in log:
        seen[review["date"]] = seen.get(review["date"], 0) + 1
        count = seen[review["date"]]
        anchors.append(f"review-{review['date']}" + (f"-{count}" if count > 1 else ""))
    return tuple(anchors)


def _threshold(benchmark: dict[str, Any]) -> Threshold | None:
    found = benchmark.get("threshold")
    return Threshold(float(found["value"]), found["unit"], found["direction"]) if found else None


def _benchmark_records(data: dict[str, Any], days: TermsByDay, anchors: tuple[str, ...]) -> list[BenchmarkRecord]:
    log = data["reviews"].get("log", [])
    points: dict[str, list[ResultPoint]] = {}
    for anchor, review in zip(anchors, log, strict=True):
        terms = days.on(review["date"])
        for result in review.get("results", []):
            benchmark = terms.benchmarks[result["benchmark"]]
            previous = points.get(result["benchmark"], [])
            threshold = _threshold(benchmark)
            changed = bool(previous) and (previous[-1].target, previous[-1].threshold) != (
                benchmark["target"],
                threshold,
            )
            party = result.get("party")
            previous.append(
                ResultPoint(
                    anchor,
                    review["date"],
                    review.get("kind", ""),
                    result["result"],
                    party,
                    terms.name(party) if party else None,
                    float(result["value"]) if "value" in result else None,
                    result.get("note", ""),
                    result.get("response"),
                    days.version_on(review["date"]),
                    benchmark["target"],
                    threshold,
                    changed,
                )
            )
            points[result["benchmark"]] = previous
    current = {item["id"]: item for item in data["benchmarks"]}
    dropped = sorted(set(points) - set(current))
    records = []
    for benchmark in [*current, *dropped]:
        shown = points.get(benchmark, [])
        terms = current.get(benchmark) or days.on(shown[-1].date).benchmarks[benchmark]
        threshold = _threshold(terms)
        records.append(BenchmarkRecord(benchmark, terms["title"], threshold.unit if threshold else None, tuple(shown)))
    return records


def _overdue(due: str | None, today: dt.date) -> int | None:
    if due is None or dt.date.fromisoformat(due) >= today:
        return None
    return (today - dt.date.fromisoformat(due)).days


def _action_view(action: dict[str, Any], days: TermsByDay, today: dt.date) -> ActionView:
    terms = days.on(action["opened"])
    answers = None
    if "benchmark" in action:
        answers = message("benchmark “%(title)s”", title=terms.benchmarks[action["benchmark"]]["title"])
    elif "commitment" in action:
        answers = message("commitment “%(text)s”", text=terms.commitments[action["commitment"]]["text"])
    elif "concern" in action:
        answers = message("concern %(concern)s", concern=action["concern"])
    closed = action.get("closed")
    return ActionView(
        action["id"],
        action["step"],
        terms.steps.get(action["step"], ""),
        action["party"],
        terms.name(action["party"]),
        action["opened"],
        action["summary"],
        answers,
        action.get("due"),
        closed,
        action.get("outcome", ""),
        _overdue(action.get("due"), today) if closed is None else None,
    )


def raised_with(concern: dict[str, Any], parties: list[str]) -> tuple[str, ...]:
    """The parties a concern is raised with: those it names, or every party but its raiser."""
    return tuple(concern.get("about") or [party for party in parties if party != concern["by"]])


def _concern_view(concern: dict[str, Any], days: TermsByDay, today: dt.date) -> ConcernView:
    terms = days.on(concern["raised"])
    reached = tuple((item["level"], item["on"]) for item in concern.get("escalated", []))
    level, since = reached[-1] if reached else (1, concern["raised"])
    within = terms.levels.get(level, {}).get("within_days")
    deadline = (dt.date.fromisoformat(since) + dt.timedelta(days=within)).isoformat() if within else None
    resolved = concern.get("resolved")
    about = raised_with(concern, [party["id"] for party in terms.charter["parties"]])
    levels = [number for number, _ in reached] or [1]
    return ConcernView(
        concern["id"],
        concern["raised"],
        concern["by"],
        message("someone anonymous") if concern["by"] == ANONYMOUS else terms.name(concern["by"]),
        about,
        tuple(terms.name(party) for party in about),
        concern["via"],
        concern["summary"],
        terms.benchmarks[concern["benchmark"]]["title"] if "benchmark" in concern else None,
        level,
        terms.levels.get(level, {}).get("who", ""),
        since,
        deadline,
        _overdue(deadline, today) if resolved is None else None,
        reached,
        concern.get("acknowledged"),
        resolved,
        concern.get("outcome", ""),
        sum(terms.levels.get(number, {}).get("within_days", 0) for number in levels),
    )


def record_view(days: TermsByDay, today: dt.date) -> RecordView:
    data = days.current
    anchors = review_anchors(data["reviews"].get("log", []))
    return RecordView(
        tuple(_benchmark_records(data, days, anchors)),
        tuple(_action_view(action, days, today) for action in data.get("actions", [])),
        tuple(_concern_view(concern, days, today) for concern in data.get("concerns", [])),
        anchors,
    )
