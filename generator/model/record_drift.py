"""Drift in the record: benchmarks and commitments that stop being enforced without
anyone deciding so. A miss that drew no response, and a benchmark the reviews no longer
assess, are listed beside the loosenings (the warnings response-not-recorded and
unenforced-benchmark, read as drift)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.validate.health import REVIEWS_WITHOUT_RESULT, unenforced_benchmarks
from generator.validate.record_health import unanswered_misses

# The warnings these items stand for: the page lists each case once, as drift.
DRIFT_RULES = frozenset({"response-not-recorded", "unenforced-benchmark"})


@dataclass(frozen=True)
class RecordDrift:
    subject: str  # "benchmark “Bad news within 48 hours”", "commitment forecast-sharing"
    description: str
    anchor: str  # where on the charter page the evidence is


def record_drift(data: dict[str, Any], anchors: tuple[str, ...]) -> tuple[RecordDrift, ...]:
    """``anchors``: each logged review's anchor on the charter page, in log order."""
    titles = {benchmark["id"]: benchmark["title"] for benchmark in data["benchmarks"]}
    log = data["reviews"].get("log", [])
    found = []
    for path, field, result in unanswered_misses(data):
        index = path[2]
        named = result[field]
        subject = f"benchmark “{titles[named]}”" if field == "benchmark" and named in titles else f"{field} {named}"
        description = f"missed at the review of {log[index]['date']}, and no response was recorded"
        found.append(RecordDrift(subject, description, anchors[index]))
    for _, benchmark in unenforced_benchmarks(data):
        found.append(
            RecordDrift(
                f"benchmark “{benchmark['title']}”",
                f"not assessed in the last {REVIEWS_WITHOUT_RESULT} reviews, nor within its {benchmark['cadence']} cadence",
                f"benchmark-{benchmark['id']}",
            )
        )
    return tuple(found)
