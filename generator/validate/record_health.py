"""Health checks on the record: warnings about promises not kept in time, or misses that
drew no response. Like every health check they see only charters free of errors, but a
record entry may name a benchmark, commitment or level that later terms dropped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

from generator.language.message import Day, Message, message, plural_message
from generator.load import Document
from generator.problems import Problem, Severity


def _warning(document: Document, json_path: tuple, rule: str, said: Message, hint: str) -> Problem:
    return document.problem(json_path, Severity.WARNING, rule, said, hint)


def _past_due(entries: list[dict], done: Callable[[dict], bool], today: dt.date) -> Iterator[tuple[int, dict, dt.date]]:
    """(index, entry, due date) of each entry whose `due` date has passed and is not done."""
    for index, entry in enumerate(entries):
        if "due" in entry and not done(entry) and (due := dt.date.fromisoformat(entry["due"])) < today:
            yield index, entry, due


def actions_done_in_time(document: Document, today: dt.date) -> Iterator[Problem]:
    for index, action, due in _past_due(document.data.get("actions", []), lambda action: "closed" in action, today):
        yield _warning(
            document,
            ("actions", index, "due"),
            "action-overdue",
            plural_message(
                "action %(action)s for %(party)s was due on %(day)s and is %(count)s day overdue",
                "action %(action)s for %(party)s was due on %(day)s and is %(count)s days overdue",
                (today - due).days,
                action=repr(action["id"]),
                party=action["party"],
                day=Day(due.isoformat()),
            ),
            "record `closed:` with the date it was done, or agree a new `due` date and say why in the review log",
        )


def unanswered_misses(charter: dict) -> Iterator[tuple[tuple, str, dict]]:
    """(JSON path, benchmark or commitment, result) of each result `missed` with no
    `response` and no action for it opened on or after its review."""
    actions = charter.get("actions", [])
    for index, review in enumerate(charter["reviews"].get("log", [])):
        for key, field in (("results", "benchmark"), ("commitments", "commitment")):
            for position, result in enumerate(review.get(key, [])):
                if result["result"] != "missed" or "response" in result:
                    continue
                if not any(
                    action.get(field) == result[field] and action["opened"] >= review["date"] for action in actions
                ):
                    yield ("reviews", "log", index, key, position), field, result


def misses_answered(document: Document, today: dt.date) -> Iterator[Problem]:
    log = document.data["reviews"].get("log", [])
    for path, field, result in unanswered_misses(document.data):
        day = log[path[2]]["date"]
        yield _warning(
            document,
            (*path, "result"),
            "response-not-recorded",
            message(
                "the review of %(day)s found benchmark %(benchmark)s missed, and no response is recorded",
                day=Day(day),
                benchmark=repr(result[field]),
            )
            if field == "benchmark"
            else message(
                "the review of %(day)s found commitment %(commitment)s missed, and no response is recorded",
                day=Day(day),
                commitment=repr(result[field]),
            ),
            f"add `response:` with the step of the response ladder taken, or an action under `actions` "
            f"with `{field}: {result[field]}` opened on or after {day}",
        )


def concerns_escalated_in_time(document: Document, today: dt.date) -> Iterator[Problem]:
    within = {level["level"]: level["within_days"] for level in document.data["escalation"]}
    for index, concern in enumerate(document.data.get("concerns", [])):
        if "resolved" in concern:
            continue
        reached = concern.get("escalated", [])
        level, since = (reached[-1]["level"], reached[-1]["on"]) if reached else (1, concern["raised"])
        if level not in within:
            continue
        deadline = dt.date.fromisoformat(since) + dt.timedelta(days=within[level])
        if deadline < today:
            higher = level + 1 in within
            yield _warning(
                document,
                ("concerns", index, "escalated", len(reached) - 1) if reached else ("concerns", index, "raised"),
                "escalation-overdue",
                plural_message(
                    "concern %(concern)s has stayed at escalation level %(level)s since %(day)s, past the %(count)s day its level allows",
                    "concern %(concern)s has stayed at escalation level %(level)s since %(day)s, past the %(count)s days its level allows",
                    within[level],
                    concern=repr(concern["id"]),
                    level=level,
                    day=Day(since),
                ),
                f"escalate it: add `{{level: {level + 1}, on: …}}` to `escalated`, or record `resolved:`"
                if higher
                else "it is at the top of the escalation path: record `resolved:` and its `outcome`",
            )


def commitments_kept_in_time(document: Document, today: dt.date) -> Iterator[Problem]:
    met = {
        result["commitment"]
        for review in document.data["reviews"].get("log", [])
        for result in review.get("commitments", [])
        if result["result"] == "met"
    }
    for index, commitment, due in _past_due(document.data["commitments"], lambda item: item["id"] in met, today):
        yield _warning(
            document,
            ("commitments", index, "due"),
            "commitment-overdue",
            message(
                "commitment %(commitment)s of %(party)s was due on %(day)s and no review records it met",
                commitment=repr(commitment["id"]),
                party=commitment["party"],
                day=Day(due.isoformat()),
            ),
            "record its result under a review's `commitments:`, or agree a new `due` date in a new version",
        )


RECORD_CHECKS = (actions_done_in_time, misses_answered, concerns_escalated_in_time, commitments_kept_in_time)
