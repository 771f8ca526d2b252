"""Semantic changes between two charters: matched by id, classified by effect."""

from __future__ import annotations

import copy

import pytest

from generator.changes.diff import Effect, semantic_changes
from generator.changes.drift import no_longer_assessed
from generator.load import load_charter
from tests.conftest import REPO

THREE_PARTY = load_charter("c.yaml", (REPO / "charters" / "maji-safi-filter-venture.yaml").read_bytes()).document.data


def changed(edit) -> list[tuple[str, Effect]]:
    new = copy.deepcopy(THREE_PARTY)
    edit(new)
    return [(change.describe(), change.effect) for change in semantic_changes(THREE_PARTY, new)]


def benchmark(charter: dict, benchmark_id: str) -> dict:
    return next(item for item in charter["benchmarks"] if item["id"] == benchmark_id)


def test_identical_charters_have_no_changes() -> None:
    assert changed(lambda charter: None) == []


@pytest.mark.parametrize(
    ("value", "effect"),
    [(0.1, Effect.LOOSENED), (0.02, Effect.TIGHTENED)],
)
def test_a_ceiling_rising_loosens(value: float, effect: Effect) -> None:
    changes = changed(lambda charter: benchmark(charter, "silica-dust")["threshold"].update(value=value))
    assert [item[1] for item in changes] == [effect]


@pytest.mark.parametrize(("value", "effect"), [(95, Effect.LOOSENED), (99.9, Effect.TIGHTENED)])
def test_a_floor_falling_loosens(value: float, effect: Effect) -> None:
    assert (
        changed(lambda charter: benchmark(charter, "filter-efficacy")["threshold"].update(value=value))[0][1] is effect
    )


def test_a_threshold_in_another_unit_is_not_comparable() -> None:
    changes = changed(lambda charter: benchmark(charter, "silica-dust")["threshold"].update(value=50, unit="µg/m³"))
    assert changes[0][1] is Effect.NEUTRAL


def test_dropping_a_threshold_loosens() -> None:
    assert changed(lambda charter: benchmark(charter, "silica-dust").pop("threshold")) == [
        (
            "benchmark silica-dust: threshold at most 0.05 mg/m³ → (none)",
            Effect.LOOSENED,
        )
    ]


@pytest.mark.parametrize(
    ("old", "new", "effect"), [("monthly", "annual", Effect.LOOSENED), ("monthly", "weekly", Effect.TIGHTENED)]
)
def test_cadence_moves_along_its_order(old: str, new: str, effect: Effect) -> None:
    assert changed(lambda charter: benchmark(charter, "silica-dust").update(cadence=new)) == [
        (f"benchmark silica-dust: cadence {old} → {new}", effect)
    ]


def test_applies_to_dropping_a_party_loosens_and_adding_one_tightens() -> None:
    assert (
        changed(lambda charter: benchmark(charter, "households-reached").update(applies_to=["kisima"]))[0][1]
        is Effect.LOOSENED
    )
    assert changed(lambda charter: benchmark(charter, "filter-efficacy").pop("applies_to"))[0][1] is Effect.TIGHTENED
    assert (
        changed(lambda charter: benchmark(charter, "recycled-clay").update(applies_to=["kisima"]))[0][1]
        is Effect.LOOSENED
    )


def test_a_party_leaving_is_not_a_loosening_of_benchmarks_that_bound_everyone() -> None:
    def leave(charter: dict) -> None:
        charter["parties"] = [party for party in charter["parties"] if party["id"] != "kisima"]

    assert changed(leave) == [("party kisima removed", Effect.NEUTRAL)]


def test_removing_a_benchmark_or_commitment_loosens_adding_tightens() -> None:
    def remove_benchmark(charter: dict) -> None:
        charter["benchmarks"] = [item for item in charter["benchmarks"] if item["id"] != "open-accounts"]

    assert changed(remove_benchmark) == [("benchmark open-accounts removed", Effect.LOOSENED)]

    def add_commitment(charter: dict) -> None:
        charter["commitments"].append({"id": "audit", "party": "kisima", "text": "Audits."})

    assert changed(add_commitment) == [("commitment audit (kisima) added", Effect.TIGHTENED)]


def test_a_later_due_date_loosens() -> None:
    def postpone(charter: dict) -> None:
        charter["commitments"][0]["due"] = "2027-06-30"

    assert changed(postpone) == [
        ("commitment dust-extraction (brightwell): due 2026-06-30 → 2027-06-30", Effect.LOOSENED)
    ]


def test_escalation_deadlines_lengthening_loosens() -> None:
    assert changed(lambda charter: charter["escalation"][0].update(within_days=14)) == [
        ("escalation 1: within_days 7 → 14", Effect.LOOSENED)
    ]


def test_losing_anonymity_or_the_voice_channel_loosens() -> None:
    assert changed(lambda charter: charter["voice"].update(anonymous=False))[0][1] is Effect.LOOSENED
    assert changed(lambda charter: charter.pop("voice")) == [("voice channel removed", Effect.LOOSENED)]


def test_representatives_are_matched_by_email() -> None:
    def replace_person(charter: dict) -> None:
        charter["parties"][1]["representatives"][1] = {"name": "Sam Lee", "email": "sam.lee@brightwell.example"}

    assert changed(replace_person) == [
        ("representative priya.natarajan@brightwell.example (brightwell) removed", Effect.NEUTRAL),
        ("representative sam.lee@brightwell.example (brightwell) added", Effect.NEUTRAL),
    ]


def test_a_new_review_log_entry_is_a_neutral_record() -> None:
    def log_review(charter: dict) -> None:
        charter["reviews"]["log"].append({"date": "2026-12-10", "kind": "check-in"})

    assert changed(log_review) == [("review 2026-12-10 added", Effect.NEUTRAL)]


def test_benchmarks_no_longer_assessed_are_found() -> None:
    assert no_longer_assessed(THREE_PARTY) == []
    later = copy.deepcopy(THREE_PARTY)
    later["reviews"]["log"].append({"date": "2026-12-10", "results": [{"benchmark": "silica-dust", "result": "met"}]})
    # open-accounts was assessed in June, not in September or December; the others were
    # assessed in September.
    assert no_longer_assessed(later) == ["open-accounts"]


def test_changes_to_people_follow_the_parties_reading_order_in_every_process() -> None:
    # Three parties' representatives all renamed: a set of party ids would list them in an
    # order that changes with each process's hash seed, and so would the published pages.
    def rename_everyone(charter: dict) -> None:
        for party in charter["parties"]:
            party["representatives"][0]["name"] += " Jr"

    parties = [change.split(" (")[1].split(")")[0] for change, _ in changed(rename_everyone)]
    assert parties == [party["id"] for party in THREE_PARTY["parties"]]
