"""Health checks at their edges: each warning fires one step past its threshold, not on it."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
import yaml

from generator.cadence import CADENCE_DAYS
from generator.load import load_charter
from generator.problems import Severity
from generator.validate import validate_document
from generator.validate.health import MOST_BENCHMARKS, REVIEWS_WITHOUT_RESULT
from tests.conftest import REPO, TODAY

PATH = "charters/nordvik-virtanen-oats.yaml"
OATS = load_charter(PATH, (REPO / PATH).read_bytes()).document.data
ONE_SIDED = "asymmetric-benchmark"  # the example binds two benchmarks to one side, on purpose


def warnings(data: dict, today: dt.date = TODAY) -> list[tuple[str, str]]:
    loaded = load_charter(PATH, yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode())
    assert loaded.document is not None, loaded.problems
    problems = validate_document(loaded.document, today)
    assert all(problem.severity is Severity.WARNING for problem in problems), problems
    return [(problem.rule, problem.message) for problem in problems if problem.rule != ONE_SIDED]


def terms_only(data: dict) -> dict:
    """``data`` without the actions and concerns (the record beyond the review log)."""
    return {key: value for key, value in data.items() if key not in ("actions", "concerns")}


def with_benchmarks(count: int) -> dict:
    data = terms_only(copy.deepcopy(OATS))
    template = data["benchmarks"][0]
    data["benchmarks"] = [{**copy.deepcopy(template), "id": f"benchmark-{number}"} for number in range(count)]
    data["reviews"].pop("log")
    for commitment in data["commitments"]:
        commitment.pop("benchmarks", None)
    return data


def test_the_example_is_healthy_but_for_its_one_sided_benchmarks() -> None:
    assert warnings(OATS) == []


def test_seven_benchmarks_are_fine_and_eight_dilute_attention() -> None:
    assert MOST_BENCHMARKS == 7
    assert warnings(with_benchmarks(7)) == []
    assert warnings(with_benchmarks(8)) == [
        ("benchmark-inflation", "8 benchmarks; more than 7 dilutes attention from the critical ones")
    ]


def test_a_review_is_overdue_the_day_after_it_was_due_unless_the_partnership_ended() -> None:
    due = dt.date.fromisoformat(OATS["reviews"]["next"])
    data = terms_only(OATS)
    assert warnings(data, today=due) == []
    assert warnings(data, today=due + dt.timedelta(days=1)) == [
        ("review-overdue", f"the review due on {due} is 1 day overdue")
    ]
    assert warnings(data, today=due + dt.timedelta(days=30)) == [
        ("review-overdue", f"the review due on {due} is 30 days overdue")
    ]
    ended = {**copy.deepcopy(data), "status": "ended"}
    assert warnings(ended, today=due + dt.timedelta(days=30)) == []


def test_every_party_without_a_commitment_is_named() -> None:
    data = terms_only(copy.deepcopy(OATS))
    data["commitments"] = []
    for review in data["reviews"]["log"]:
        review.pop("commitments", None)
    assert warnings(data) == [
        ("party-without-commitments", "party 'nordvik' makes no commitments"),
        ("party-without-commitments", "party 'virtanen' makes no commitments"),
    ]


def test_a_benchmark_bound_to_both_sides_is_not_one_sided() -> None:
    document = load_charter(PATH, (REPO / PATH).read_bytes()).document
    one_sided = [problem.message for problem in validate_document(document, TODAY) if problem.rule == ONE_SIDED]
    assert one_sided == [
        "benchmark 'pay-on-time' binds only 'nordvik'",
        "benchmark 'on-time-delivery' binds only 'virtanen'",
    ]


def unassessed_log(dates: list[str], benchmark: str) -> dict:
    """The example with reviews on ``dates`` that assess every benchmark but ``benchmark``."""
    data = copy.deepcopy(OATS)
    others = [item["id"] for item in data["benchmarks"] if item["id"] != benchmark]
    data["reviews"]["log"] = [
        {"date": date, "results": [{"benchmark": other, "result": "met"} for other in others]} for date in dates
    ]
    return data


def test_a_benchmark_counts_as_unenforced_only_after_enough_reviews_without_it() -> None:
    assert REVIEWS_WITHOUT_RESULT == 2
    assert warnings(unassessed_log(["2026-10-20"], "bad-news-48h")) == []
    assert warnings(unassessed_log(["2026-07-14", "2026-10-20"], "bad-news-48h")) == [
        (
            "unenforced-benchmark",
            "benchmark 'bad-news-48h' has no result in the last 2 logged reviews nor within its cadence (monthly)",
        )
    ]


def test_a_result_assessed_not_assessed_does_not_count() -> None:
    data = unassessed_log(["2026-07-14", "2026-10-20"], "bad-news-48h")
    data["reviews"]["log"][-1]["results"].append({"benchmark": "bad-news-48h", "result": "not-assessed"})
    assert [rule for rule, _ in warnings(data)] == ["unenforced-benchmark"]
    data["reviews"]["log"][0]["results"].append({"benchmark": "bad-news-48h", "result": "partly"})
    assert warnings(data) == []


@pytest.mark.parametrize(
    ("days_before", "enforced"), [(CADENCE_DAYS["semiannual"], False), (CADENCE_DAYS["semiannual"] - 1, True)]
)
def test_a_result_counts_within_its_cadence_up_to_the_day_before_it_falls_due(days_before: int, enforced: bool) -> None:
    latest = dt.date(2026, 11, 20)
    assessed_on = latest - dt.timedelta(days=days_before)
    data = unassessed_log(["2026-11-10", latest.isoformat()], "living-income")
    data["reviews"]["log"].insert(
        0, {"date": assessed_on.isoformat(), "results": [{"benchmark": "living-income", "result": "met"}]}
    )
    assert (warnings(data) == []) is enforced


def test_only_the_latest_reviews_count_as_recent() -> None:
    # Assessed in the first of three reviews, beyond a monthly cadence: the latest two decide.
    data = unassessed_log(["2026-05-01", "2026-07-14", "2026-10-20"], "bad-news-48h")
    data["reviews"]["log"][0]["results"].append({"benchmark": "bad-news-48h", "result": "met"})
    assert [rule for rule, _ in warnings(data)] == ["unenforced-benchmark"]
    data["reviews"]["log"][1]["results"].append({"benchmark": "bad-news-48h", "result": "met"})
    assert warnings(data) == []
