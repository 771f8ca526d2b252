"""Rules for the record: the review log, actions and concerns (the contract's "The record").

Two kinds. ``RECORD_RULES`` look at the file alone, so a revision's verdict never changes:
duplicate results, one target per action, escalations in order, dates in order. The
others depend on more than the file: ``record_references`` on the terms in force on each
entry's date (history knows them, ``TermsOn``), ``dates_not_in_future`` on today.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from generator.load import Document
from generator.problems import Problem, Severity
from generator.validate.fields import describe_path, known_ids, mappings, strings, suggestion, unknown_reference

TermsOn = Callable[[str], dict[str, Any] | None]
"""The charter whose terms were in force on a day (YYYY-MM-DD), or None when none was."""

ANONYMOUS = "anonymous"
ACTION_TARGETS = ("benchmark", "commitment", "concern")
# Each record entry, its date field, and the fields naming a date when something happened.
HAPPENED = {"actions": ("opened", "closed"), "concerns": ("raised", "acknowledged", "resolved")}
SLACK = dt.timedelta(days=1)  # for partners in time zones ahead of UTC


def _error(document: Document, json_path: tuple, rule: str, message: str, hint: str) -> Problem:
    return document.problem(json_path, Severity.ERROR, rule, message, hint)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _number(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


# ---- rules on the file alone


def results_once_per_review(document: Document) -> Iterator[Problem]:
    for index, review in mappings(document.data.get("reviews"), "log"):
        yield from _benchmark_results_once(document, ("reviews", "log", index))
        first_seen: dict[str, int] = {}
        for position, result in mappings(review, "commitments"):
            commitment = _text(result.get("commitment"))
            if commitment is None:
                continue
            if commitment in first_seen:
                first = document.position(("reviews", "log", index, "commitments", first_seen[commitment])).line
                yield _error(
                    document,
                    ("reviews", "log", index, "commitments", position, "commitment"),
                    "duplicate-result",
                    f"this review gives commitment {commitment!r} two results (first at line {first})",
                    "keep one result per commitment in each review",
                )
            first_seen.setdefault(commitment, position)


def _benchmark_results_once(document: Document, review_path: tuple) -> Iterator[Problem]:
    """One result per benchmark, or one per party it binds: never both, never twice."""
    review = document.data["reviews"]["log"][review_path[-1]]
    first_seen: dict[tuple[str, str | None], int] = {}
    for position, result in mappings(review, "results"):
        benchmark, party = _text(result.get("benchmark")), _text(result.get("party"))
        if benchmark is None:
            continue
        path = (*review_path, "results", position, "benchmark")
        twin = first_seen.get((benchmark, party))
        other = next(
            (
                index
                for (name, who), index in first_seen.items()
                if name == benchmark and (who is None) != (party is None)
            ),
            None,
        )
        if twin is not None:
            line = document.position((*review_path, "results", twin)).line
            whom = f" for party {party!r}" if party else ""
            yield _error(
                document,
                path,
                "duplicate-result",
                f"this review gives benchmark {benchmark!r} two results{whom} (first at line {line})",
                f"keep one result per benchmark{' and party' if party else ''} in each review",
            )
        elif other is not None:
            line = document.position((*review_path, "results", other)).line
            yield _error(
                document,
                path,
                "duplicate-result",
                f"this review gives benchmark {benchmark!r} one result for every party it binds and one for a "
                f"single party (first at line {line})",
                "give either one result without `party`, or one result per party with `party:`",
            )
        first_seen.setdefault((benchmark, party), position)


def one_target_per_action(document: Document) -> Iterator[Problem]:
    for index, action in mappings(document.data, "actions"):
        named = [field for field in ACTION_TARGETS if field in action]
        if len(named) > 1:
            yield _error(
                document,
                ("actions", index, named[1]),
                "several-targets",
                f"action {action.get('id', index)!r} answers both a {named[0]} and a {named[1]}",
                "name the one miss or concern it answers: at most one of `benchmark`, `commitment` and `concern`",
            )


def escalations_in_order(document: Document) -> Iterator[Problem]:
    for index, concern in mappings(document.data, "concerns"):
        previous = None
        for expected, (position, reached) in enumerate(mappings(concern, "escalated"), start=1):
            level, day = _number(reached.get("level")), _text(reached.get("on"))
            path = ("concerns", index, "escalated", position)
            if level is not None and level != expected:
                yield _error(
                    document,
                    (*path, "level"),
                    "out-of-order",
                    f"concern {concern.get('id', index)!r} lists level {level} where level {expected} belongs",
                    "list every escalation level the concern reached, in order from level 1",
                )
                return
            if day is not None and previous is not None and day < previous:
                yield _error(
                    document,
                    (*path, "on"),
                    "out-of-order",
                    f"concern {concern.get('id', index)!r} reached level {expected} on {day}, "
                    f"before level {expected - 1} ({previous})",
                    "check the dates: each level is reached on or after the one before",
                )
                return
            previous = day or previous


def _happenings(entry: dict, fields: tuple[str, ...]) -> Iterator[tuple[tuple, str, str]]:
    """(path in the entry, date, what happened) for each date something happened on."""
    for field in fields:
        if (day := _text(entry.get(field))) is not None:
            yield (field,), day, field
    for position, reached in mappings(entry, "escalated"):
        if (day := _text(reached.get("on"))) is not None:
            yield ("escalated", position, "on"), day, f"escalated to level {position + 1}"


def dates_in_order(document: Document) -> Iterator[Problem]:
    """Nothing closes, is acknowledged, resolved or escalated before it was opened or raised."""
    for key, (opening, *later) in HAPPENED.items():
        for index, entry in mappings(document.data, key):
            start = _text(entry.get(opening))
            for field_path, day, what in _happenings(entry, tuple(later)) if start else ():
                if day < start:
                    yield _error(
                        document,
                        (key, index, *field_path),
                        "date-order",
                        f"{key[:-1]} {entry.get('id', index)!r} is {what} on {day}, before it was {opening} ({start})",
                        f"check both dates: nothing can happen to it before it is {opening}",
                    )


RECORD_RULES = (results_once_per_review, one_target_per_action, escalations_in_order, dates_in_order)


# ---- rules that depend on today


def dates_not_in_future(document: Document, today: dt.date) -> Iterator[Problem]:
    latest = (today + SLACK).isoformat()
    for key, fields in HAPPENED.items():
        for index, entry in mappings(document.data, key):
            for field_path, day, what in _happenings(entry, fields):
                if day > latest:
                    yield _error(
                        document,
                        (key, index, *field_path),
                        "date-order",
                        f"{key[:-1]} {entry.get('id', index)!r} is {what} on {day}, after today ({today})",
                        "record what has happened once it has; a date an action must be done by belongs in `due`",
                    )


# ---- references, resolved against the terms in force on each entry's date


class _Terms:
    """What one set of terms defines, as a record entry's references see it."""

    def __init__(self, charter: dict[str, Any], label: str) -> None:
        self.label = label
        self.parties = known_ids(charter, "parties")
        self.benchmarks = {item["id"]: item for _, item in mappings(charter, "benchmarks") if _text(item.get("id"))}
        self.commitments = known_ids(charter, "commitments")
        self.steps = [_number(item.get("step")) for _, item in mappings(charter, "responses")]
        self.levels = [_number(item.get("level")) for _, item in mappings(charter, "escalation")]
        self.benchmarks_known = known_ids(charter, "benchmarks") is not None

    def bound(self, benchmark: str) -> list[str] | None:
        applies_to = self.benchmarks[benchmark].get("applies_to")
        if isinstance(applies_to, list) and all(isinstance(party, str) for party in applies_to):
            return applies_to
        return self.parties


class _References:
    def __init__(self, document: Document, terms_on: TermsOn) -> None:
        self.document = document
        self.terms_on = terms_on
        self.current = _Terms(document.data, "this charter")
        self.concerns = [item["id"] for _, item in mappings(document.data, "concerns") if _text(item.get("id"))]

    def terms(self, day: Any) -> _Terms:
        charter = self.terms_on(day) if _text(day) else None
        if charter is None or charter is self.document.data:
            return self.current
        return _Terms(charter, f"version {charter.get('version')}, the terms in force on {day},")

    def unknown(self, json_path: tuple, kind: str, name: str, known: list, terms: _Terms) -> Problem:
        return unknown_reference(self.document, json_path, kind, name, known, whose=terms.label)

    def check(self, json_path: tuple, kind: str, value: Any, known: list | None, terms: _Terms) -> Iterator[Problem]:
        if (name := _text(value)) is not None and known is not None and name not in known:
            yield self.unknown(json_path, kind, name, known, terms)

    def check_number(
        self, json_path: tuple, kind: str, value: Any, known: list[int | None], terms: _Terms
    ) -> Iterator[Problem]:
        """A response step or an escalation level: a number on a ladder, not an id."""
        if (number := _number(value)) is not None and None not in known and number not in known:
            yield _error(
                self.document,
                json_path,
                "unknown-reference",
                f"{describe_path(json_path)} names {kind} {number}, which {terms.label} does not define",
                f"the {kind}s here: {', '.join(str(item) for item in known) or 'none'}",
            )


def record_references(document: Document, terms_on: TermsOn) -> list[Problem]:
    """Every reference in the record, resolved against the terms in force on its entry's
    date (the charter itself when ``terms_on`` knows none)."""
    references = _References(document, terms_on)
    return [
        *_review_references(references),
        *_action_references(references),
        *_concern_references(references),
    ]


def current_terms(document: Document) -> TermsOn:
    """Terms for a charter without a history: every entry is read against the file itself."""
    return lambda _day: document.data


def proposed_terms(merged_so_far: TermsOn | None, today: dt.date, document: Document) -> TermsOn:
    """The terms in force on each day were ``document`` merged today: the main line's on
    every day before today (a version not yet merged was in force on none of them), its
    own from today on, and its own on a day the main line had none in force."""
    first_day_merged = today.isoformat()

    def on(day: str) -> dict[str, Any] | None:
        if day >= first_day_merged or merged_so_far is None:
            return document.data
        return merged_so_far(day) or document.data

    return on


def _review_references(references: _References) -> Iterator[Problem]:
    for index, review in mappings(references.document.data.get("reviews"), "log"):
        terms = references.terms(review.get("date"))
        path = ("reviews", "log", index)
        for position, party in strings(review, "attendees"):
            yield from references.check((*path, "attendees", position), "party", party, terms.parties, terms)
        for position, result in mappings(review, "results"):
            yield from _result_references(references, (*path, "results", position), result, terms)
        for position, result in mappings(review, "commitments"):
            place = (*path, "commitments", position)
            yield from references.check(
                (*place, "commitment"), "commitment", result.get("commitment"), terms.commitments, terms
            )
            yield from references.check_number(
                (*place, "response"), "response step", result.get("response"), terms.steps, terms
            )


def _result_references(references: _References, path: tuple, result: dict, terms: _Terms) -> Iterator[Problem]:
    benchmark = _text(result.get("benchmark"))
    known = list(terms.benchmarks) if terms.benchmarks_known else None
    yield from references.check((*path, "benchmark"), "benchmark", benchmark, known, terms)
    yield from references.check_number((*path, "response"), "response step", result.get("response"), terms.steps, terms)
    party = _text(result.get("party"))
    if party is None or terms.parties is None:
        return
    if party not in terms.parties:
        yield references.unknown((*path, "party"), "party", party, terms.parties, terms)
    elif benchmark in terms.benchmarks and (bound := terms.bound(benchmark)) is not None and party not in bound:
        yield _error(
            references.document,
            (*path, "party"),
            "unknown-reference",
            f"{describe_path((*path, 'party'))} names party {party!r}, which benchmark {benchmark!r} does not bind",
            f"name a party it binds ({', '.join(bound)}), or leave `party` out",
        )


def _action_references(references: _References) -> Iterator[Problem]:
    for index, action in mappings(references.document.data, "actions"):
        terms = references.terms(action.get("opened"))
        path = ("actions", index)
        known = list(terms.benchmarks) if terms.benchmarks_known else None
        yield from references.check_number((*path, "step"), "response step", action.get("step"), terms.steps, terms)
        yield from references.check((*path, "party"), "party", action.get("party"), terms.parties, terms)
        yield from references.check((*path, "benchmark"), "benchmark", action.get("benchmark"), known, terms)
        yield from references.check(
            (*path, "commitment"), "commitment", action.get("commitment"), terms.commitments, terms
        )
        concern = _text(action.get("concern"))
        if concern is not None and concern not in references.concerns:
            yield _error(
                references.document,
                (*path, "concern"),
                "unknown-reference",
                f"{describe_path((*path, 'concern'))} names concern {concern!r}, which `concerns` does not list",
                f"{suggestion(concern, references.concerns)}concern ids here: "
                f"{', '.join(references.concerns) or 'none'}",
            )


def _concern_references(references: _References) -> Iterator[Problem]:
    for index, concern in mappings(references.document.data, "concerns"):
        terms = references.terms(concern.get("raised"))
        path = ("concerns", index)
        by = _text(concern.get("by"))
        if by is not None and by != ANONYMOUS and terms.parties is not None and by not in terms.parties:
            unknown = references.unknown((*path, "by"), "party", by, terms.parties, terms)
            hint = f"{suggestion(by, [*terms.parties, ANONYMOUS])}party ids here: {', '.join(terms.parties) or 'none'}"
            yield dataclasses.replace(unknown, hint=f"{hint}; or `{ANONYMOUS}`")
        for position, party in strings(concern, "about"):
            yield from references.check((*path, "about", position), "party", party, terms.parties, terms)
        known = list(terms.benchmarks) if terms.benchmarks_known else None
        yield from references.check((*path, "benchmark"), "benchmark", concern.get("benchmark"), known, terms)
        for position, reached in mappings(concern, "escalated"):
            yield from references.check_number(
                (*path, "escalated", position, "level"), "escalation level", reached.get("level"), terms.levels, terms
            )
