"""Validation behaviours that need more than one example file to show."""

from __future__ import annotations

import copy

import yaml

from generator.cadence import CADENCES
from generator.load import load_charter
from generator.schema import certainly_valid, charter_schema, charter_validator
from generator.validate import validate_document
from generator.validate.schema_errors import MAX_SCHEMA_ERRORS
from tests.conftest import REPO, TODAY

OATS = load_charter(
    "charters/nordvik-virtanen-oats.yaml", (REPO / "charters" / "nordvik-virtanen-oats.yaml").read_bytes()
)


def rules_for(data: dict) -> list[str]:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    document = load_charter("charters/nordvik-virtanen-oats.yaml", text.encode()).document
    return [problem.rule for problem in validate_document(document, TODAY)]


def test_schema_errors_stop_at_a_cap_and_say_so() -> None:
    data = copy.deepcopy(OATS.document.data)
    data["tags"] = list(range(300))
    rules = rules_for(data)
    assert rules.count("too-many-problems") == 1
    assert len(rules) <= MAX_SCHEMA_ERRORS + 1


def test_a_benchmark_checked_less_often_than_reviews_is_due_once_per_cadence() -> None:
    data = copy.deepcopy(OATS.document.data)
    others = [item["id"] for item in data["benchmarks"] if item["id"] != "living-income"]
    assert next(item for item in data["benchmarks"] if item["id"] == "living-income")["cadence"] == "semiannual"
    log = data["reviews"]["log"]
    for review in log:
        review["results"] = [result for result in review["results"] if result["benchmark"] != "living-income"]
    july = next(review for review in log if review["date"] == "2026-07-14")
    july["results"].append({"benchmark": "living-income", "result": "met"})
    for date in ("2026-11-10", "2026-11-20"):
        log.append({"date": date, "results": [{"benchmark": benchmark, "result": "met"} for benchmark in others]})
    assert "unenforced-benchmark" not in rules_for(data), "July is within six months of the latest review"
    july["results"].pop()
    assert rules_for(data).count("unenforced-benchmark") == 1


def test_the_cadence_vocabulary_is_the_schemas() -> None:
    assert tuple(charter_schema()["definitions"]["cadence"]["enum"]) == CADENCES


def test_a_pattern_ends_at_the_end_of_the_text_not_before_a_final_newline() -> None:
    # Python's `$` matches before a final newline; JSON Schema's (and editors') does not.
    data = copy.deepcopy(OATS.document.data)
    data["id"] = "nordvik-virtanen-oats\n"
    data["title"] = "Oats from Nordvik\n"
    document = load_charter("charters/nordvik-virtanen-oats.yaml", yaml.safe_dump(data).encode()).document
    assert not certainly_valid(document.data)
    paths = sorted(tuple(error.absolute_path) for error in charter_validator().iter_errors(document.data))
    assert paths == [("id",), ("title",)]
