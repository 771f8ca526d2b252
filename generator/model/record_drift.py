"""Drift in the record: benchmarks and commitments that stop being enforced without
anyone deciding so. A miss that drew no response, and a benchmark the reviews no longer
assess, are listed beside the loosenings (the warnings response-not-recorded and
unenforced-benchmark, read as drift)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.language.message import Day, Message, message
from generator.language.vocabulary import word
from generator.validate.health import REVIEWS_WITHOUT_RESULT, unenforced_benchmarks
from generator.validate.record_health import unanswered_misses

# The warnings these items stand for: the page lists each case once, as drift.
DRIFT_RULES = frozenset({"response-not-recorded", "unenforced-benchmark"})


@dataclass(frozen=True)
class RecordDrift:
    subject: Message  # "benchmark “Bad news within 48 hours”", "commitment forecast-sharing"
    description: Message
    anchor: str  # where on the charter page the evidence is


def record_drift(data: dict[str, Any], anchors: tuple[str, ...]) -> tuple[RecordDrift, ...]:
    """``anchors``: each logged review's anchor on the charter page, in log order."""
    titles = {benchmark["id"]: benchmark["title"] for benchmark in data["benchmarks"]}
    log = data["reviews"].get("log", [])
    found = []
    for path, field, result in unanswered_misses(data):
        index = path[2]
        named = result[field]
        if field == "benchmark" and named in titles:
            subject = message("benchmark “%(title)s”", title=titles[named])
        elif field == "benchmark":
            subject = message("benchmark %(id)s", id=named)
        else:
            subject = message("commitment %(id)s", id=named)
        description = message(
            "missed at the review of %(day)s, and no response was recorded", day=Day(log[index]["date"])
        )
        found.append(RecordDrift(subject, description, anchors[index]))
    for _, benchmark in unenforced_benchmarks(data):
        found.append(
            RecordDrift(
                message("benchmark “%(title)s”", title=benchmark["title"]),
                message(
                    "not assessed in the last %(reviews)s reviews, nor within its cadence (%(cadence)s)",
                    reviews=REVIEWS_WITHOUT_RESULT,
                    cadence=word("cadence", benchmark["cadence"]),
                ),
                f"benchmark-{benchmark['id']}",
            )
        )
    return tuple(found)
