"""Health checks: warnings about charters that are valid but likely to fail in practice.

They are shown on the site next to the charter; ``--strict`` makes them errors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from generator.cadence import CADENCE_DAYS
from generator.language.message import Day, Message, message, plural_message
from generator.language.vocabulary import word
from generator.load import Document
from generator.problems import Problem, Severity
from generator.validate.record_health import RECORD_CHECKS

MOST_BENCHMARKS = 7
ASSESSED = ("met", "partly", "missed")
REVIEWS_WITHOUT_RESULT = 2


def _warning(
    document: Document, json_path: tuple, rule: str, said: Message, hint: str, *, of_key: bool = False
) -> Problem:
    return document.problem(json_path, Severity.WARNING, rule, said, hint, of_key=of_key)


def benchmark_inflation(document: Document, today: dt.date) -> Iterator[Problem]:
    count = len(document.data["benchmarks"])
    if count > MOST_BENCHMARKS:
        yield _warning(
            document,
            ("benchmarks",),
            "benchmark-inflation",
            message(
                "%(count)s benchmarks; more than %(most)s dilutes attention from the critical ones",
                count=count,
                most=MOST_BENCHMARKS,
            ),
            "keep the five to seven that matter most; fold or drop the rest",
            of_key=True,
        )


def parties_commit(document: Document, today: dt.date) -> Iterator[Problem]:
    committing = {commitment["party"] for commitment in document.data["commitments"]}
    for index, party in enumerate(document.data["parties"]):
        if party["id"] not in committing:
            yield _warning(
                document,
                ("parties", index, "id"),
                "party-without-commitments",
                message("party %(party)s makes no commitments", party=repr(party["id"])),
                "add at least one entry under `commitments` with this party",
            )


def voice_channel(document: Document, today: dt.date) -> Iterator[Problem]:
    if "voice" not in document.data:
        yield _warning(
            document,
            (),
            "no-voice-channel",
            message("no voice channel: nobody has a safe way to raise a concern"),
            "add `voice: {channel: …, anonymous: true}`",
        )


def review_on_time(document: Document, today: dt.date) -> Iterator[Problem]:
    next_review = dt.date.fromisoformat(document.data["reviews"]["next"])
    if next_review < today and document.data["status"] != "ended":
        yield _warning(
            document,
            ("reviews", "next"),
            "review-overdue",
            plural_message(
                "the review due on %(day)s is %(count)s day overdue",
                "the review due on %(day)s is %(count)s days overdue",
                (today - next_review).days,
                day=Day(next_review.isoformat()),
            ),
            "hold the review and log it under `reviews.log`, then set `reviews.next`",
        )


def assessed_in(reviews: list[dict]) -> set[str]:
    """The benchmarks given a met, partly or missed result in ``reviews``."""
    return {
        result["benchmark"]
        for review in reviews
        for result in review.get("results", [])
        if result["result"] in ASSESSED
    }


def unenforced_benchmarks(charter: dict) -> Iterator[tuple[int, dict]]:
    """(index, benchmark) of each benchmark with no result in the last logged reviews, nor
    within its cadence: a benchmark checked less often than the reviews are held is due
    once per its cadence."""
    log = charter["reviews"].get("log", [])
    if len(log) < REVIEWS_WITHOUT_RESULT:
        return
    latest = dt.date.fromisoformat(log[-1]["date"])
    recently = assessed_in(log[-REVIEWS_WITHOUT_RESULT:])
    for index, benchmark in enumerate(charter["benchmarks"]):
        since = latest - dt.timedelta(days=CADENCE_DAYS[benchmark["cadence"]])
        within_cadence = assessed_in([review for review in log if dt.date.fromisoformat(review["date"]) > since])
        if benchmark["id"] not in recently | within_cadence:
            yield index, benchmark


def benchmarks_enforced(document: Document, today: dt.date) -> Iterator[Problem]:
    for index, benchmark in unenforced_benchmarks(document.data):
        yield _warning(
            document,
            ("benchmarks", index, "id"),
            "unenforced-benchmark",
            message(
                "benchmark %(benchmark)s has no result in the last %(reviews)s logged reviews"
                " nor within its cadence (%(cadence)s)",
                benchmark=repr(benchmark["id"]),
                reviews=REVIEWS_WITHOUT_RESULT,
                cadence=word("cadence", benchmark["cadence"]),
            ),
            "assess it at the next review, or drop it if nobody checks it",
        )


def benchmarks_bind_both_sides(document: Document, today: dt.date) -> Iterator[Problem]:
    for index, benchmark in enumerate(document.data["benchmarks"]):
        bound = benchmark.get("applies_to", [])
        if len(bound) == 1:
            yield _warning(
                document,
                ("benchmarks", index, "applies_to"),
                "asymmetric-benchmark",
                message(
                    "benchmark %(benchmark)s binds only %(party)s",
                    benchmark=repr(benchmark["id"]),
                    party=repr(bound[0]),
                ),
                "one-sided duties erode trust: the site shows the rationale beside it; a matching duty for the other side is better",
                of_key=True,
            )


CHECKS = (
    benchmark_inflation,
    parties_commit,
    voice_channel,
    review_on_time,
    benchmarks_enforced,
    benchmarks_bind_both_sides,
    *RECORD_CHECKS,
)


def health_problems(document: Document, today: dt.date) -> list[Problem]:
    """Warnings for a charter that has already passed the schema and the rules.

    The checks index the charter directly: only a valid charter may reach them.
    """
    return [problem for check in CHECKS for problem in check(document, today)]
