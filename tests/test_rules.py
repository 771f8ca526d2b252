"""Rules at their edges, on charters edited in memory: what each reports, where and in what words."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
import yaml

from generator.load import load_charter
from generator.problems import Problem
from generator.validate.record import current_terms, record_references
from generator.validate.rules import rule_problems
from tests.conftest import REPO

PATH = "charters/nordvik-virtanen-oats.yaml"
OATS = load_charter(PATH, (REPO / PATH).read_bytes()).document.data


def problems_after(edit) -> list[Problem]:
    data = copy.deepcopy(OATS)
    edit(data)
    document = load_charter(PATH, yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()).document
    return rule_problems(document) + record_references(document, current_terms(document))


def reported(edit) -> list[tuple[str, str]]:
    return [(problem.rule, problem.message) for problem in problems_after(edit)]


def test_the_example_breaks_no_rule() -> None:
    assert reported(lambda data: None) == []


def test_a_partnership_may_not_end_the_day_its_terms_take_effect() -> None:
    day_after = (dt.date.fromisoformat(OATS["effective"]) + dt.timedelta(days=1)).isoformat()
    assert reported(lambda data: data.update(ends=day_after)) == []
    assert reported(lambda data: data.update(ends=data["effective"])) == [
        (
            "ends-before-effective",
            f"the partnership ends ({OATS['effective']}) before its terms take effect ({OATS['effective']})",
        )
    ]


def test_two_reviews_on_one_day_are_in_order() -> None:
    def same_day(data: dict) -> None:
        log = data["reviews"]["log"]
        log.insert(1, {**copy.deepcopy(log[0]), "kind": "check-in"})

    assert reported(same_day) == []


def test_an_item_without_a_usable_id_does_not_hide_later_duplicates() -> None:
    def duplicates_after_a_bad_id(data: dict) -> None:
        data["benchmarks"][0]["id"] = 7
        data["benchmarks"].append(copy.deepcopy(data["benchmarks"][1]))
        people = data["parties"][1]["representatives"]
        people[:] = [{**people[0], "email": None}, people[0], copy.deepcopy(people[0])]

    rules = [rule for rule, _ in reported(duplicates_after_a_bad_id)]
    assert rules.count("duplicate-id") == 1
    assert rules.count("duplicate-email") == 1


def test_a_duplicate_names_the_line_of_its_first_use() -> None:
    text = (REPO / PATH).read_text(encoding="utf-8")
    start = text.index("  - id: bad-news-48h")
    end = text.index("  - id: ", start + 1)
    repeated = text[:end] + text[start:end] + text[end:]
    first_line = text[:start].count("\n") + 1
    document = load_charter(PATH, repeated.encode()).document
    assert [problem.message for problem in rule_problems(document)] == [
        f"benchmark id 'bad-news-48h' is used twice (first at line {first_line})"
    ]


def test_a_benchmark_result_after_an_unreadable_one_is_still_checked() -> None:
    def results(data: dict) -> None:
        data["reviews"]["log"][0]["results"].insert(0, {"benchmark": 7, "result": "met"})
        data["reviews"]["log"][0]["results"].append({"benchmark": "bad-news-24h", "result": "met"})

    assert [rule for rule, _ in reported(results)] == ["unknown-reference"]


def test_a_duplicate_result_names_the_first_result_line_not_another() -> None:
    text = (REPO / PATH).read_text(encoding="utf-8")
    # The second result of the review, repeated: its own line, not the list's first.
    first = text.index("        - {benchmark: pay-on-time, result: met}\n")
    repeated = text[:first] + text[first:].replace(
        "        - {benchmark: pay-on-time, result: met}\n",
        "        - {benchmark: pay-on-time, result: met}\n        - {benchmark: pay-on-time, result: missed}\n",
        1,
    )
    document = load_charter(PATH, repeated.encode()).document
    first_line = text[:first].count("\n") + 1
    assert [problem.message for problem in rule_problems(document)] == [
        f"this review gives benchmark 'pay-on-time' two results (first at line {first_line})"
    ]


def test_a_benchmark_without_an_id_is_named_by_its_place() -> None:
    def anonymous(data: dict) -> None:
        del data["benchmarks"][0]["id"]
        data["benchmarks"][0]["applies_to"] = ["nordvik"]
        data["benchmarks"][0].pop("rationale", None)
        data["benchmarks"][0]["owners"] = {"virtanen": "Quality lead"}

    assert [message for rule, message in reported(anonymous) if rule != "unknown-reference"] == [
        "benchmark 0 leaves out virtanen but gives no rationale",
        "benchmark 0 names an owner for 'virtanen', which it does not bind",
    ]


def test_a_malformed_applies_to_is_the_schemas_to_report_and_later_benchmarks_are_still_checked() -> None:
    def malformed(data: dict) -> None:
        data["benchmarks"][0]["applies_to"] = "nordvik"
        data["benchmarks"][-1]["applies_to"] = ["virtanen"]
        data["benchmarks"][-1].pop("rationale", None)

    assert [rule for rule, _ in reported(malformed)] == ["missing-rationale"]


def test_escalation_and_responses_out_of_order_are_both_reported() -> None:
    def swap_both(data: dict) -> None:
        data["escalation"][0]["level"], data["escalation"][1]["level"] = 2, 1
        data["responses"][0]["step"], data["responses"][1]["step"] = 2, 1

    assert reported(swap_both) == [
        ("out-of-order", "escalation level 2 stands where escalation level 1 belongs"),
        ("out-of-order", "response step 2 stands where response step 1 belongs"),
    ]


def test_a_review_after_an_undated_one_is_still_checked_for_order() -> None:
    def undated_then_early(data: dict) -> None:
        log = data["reviews"]["log"]
        log[1]["date"] = None
        log.append({**copy.deepcopy(log[0]), "date": "2026-01-01"})

    assert [rule for rule, _ in reported(undated_then_early)] == ["log-out-of-order"]


@pytest.mark.parametrize("field", ["parties", "benchmarks"])
def test_with_nothing_to_name_the_hint_says_none(field: str) -> None:
    def nothing_defined(data: dict) -> None:
        data[field] = []
        data["concerns"] = [{**concern, "by": "anonymous"} for concern in data["concerns"]]

    hints = [problem.hint for problem in problems_after(nothing_defined) if problem.rule == "unknown-reference"]
    kind = "party" if field == "parties" else "benchmark"
    assert hints and all(hint.endswith(f"{kind} ids here: none") for hint in hints)


def test_a_duplicate_names_the_line_of_the_first_id_even_when_it_is_not_the_first_field() -> None:
    text = (REPO / PATH).read_text(encoding="utf-8")
    start = text.index("  - id: bad-news-48h\n")
    end = text.index("  - id: ", start + 1)
    title, rest = text[start + len("  - id: bad-news-48h\n") : end].split("\n", 1)
    title_first = f"  - {title.strip()}\n    id: bad-news-48h\n{rest}"
    document = load_charter(PATH, (text[:start] + title_first + title_first + text[end:]).encode()).document
    first_id_line = text[:start].count("\n") + 2
    assert [problem.message for problem in rule_problems(document)] == [
        f"benchmark id 'bad-news-48h' is used twice (first at line {first_id_line})"
    ]
