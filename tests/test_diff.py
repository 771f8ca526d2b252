"""Semantic changes between two charters: matched by id, classified by effect."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.cadence import CADENCES
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

    assert changed(log_review) == [("review 2026-12-10 check-in added", Effect.NEUTRAL)]


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


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("format", 2, "format: 1 → 2"),
        ("id", "maji-safi", "id: maji-safi-filter-venture → maji-safi"),
        ("title", "Maji Safi", "title: Maji Safi ceramic water filter joint venture → Maji Safi"),
        ("status", "ended", "status: active → ended"),
        ("version", 5, "version: 4 → 5"),
        ("effective", "2026-02-01", "effective: 2026-01-15 → 2026-02-01"),
        ("ends", "2031-12-31", "ends: 2030-12-31 → 2031-12-31"),
        ("purpose", "Filters.", None),
        ("tags", ["water"], 'tags: ["water", "joint-venture", "health", "three-party"] → ["water"]'),
    ],
)
def test_every_charter_field_is_compared(field: str, value, shown: str | None) -> None:
    changes = changed(lambda charter: charter.update({field: value}))
    assert [effect for _, effect in changes] == [Effect.NEUTRAL]
    assert changes[0][0] == (shown or f"{field}: {THREE_PARTY[field]} → {value}")


def test_an_end_date_set_or_cleared_is_a_change() -> None:
    assert changed(lambda charter: charter.pop("ends")) == [("ends: 2030-12-31 → (none)", Effect.NEUTRAL)]


def commitment_due(due: str | None):
    def edit(charter: dict) -> None:
        if due is None:
            charter["commitments"][0].pop("due")
        else:
            charter["commitments"][0]["due"] = due

    return edit


def test_a_due_date_earlier_tightens_and_removed_loosens() -> None:
    assert changed(commitment_due("2026-03-31")) == [
        ("commitment dust-extraction (brightwell): due 2026-06-30 → 2026-03-31", Effect.TIGHTENED)
    ]
    assert changed(commitment_due(None)) == [
        ("commitment dust-extraction (brightwell): due 2026-06-30 → (none)", Effect.LOOSENED)
    ]


def test_a_due_date_added_tightens() -> None:
    undated = copy.deepcopy(THREE_PARTY)
    commitment_due(None)(undated)
    changes = semantic_changes(undated, THREE_PARTY)
    assert [(change.describe(), change.effect) for change in changes] == [
        ("commitment dust-extraction (brightwell): due (none) → 2026-06-30", Effect.TIGHTENED)
    ]


def test_a_threshold_added_tightens_and_is_shown_as_a_bound() -> None:
    def add_floor(charter: dict) -> None:
        benchmark(charter, "open-accounts")["threshold"] = {"value": 2.5, "unit": "reports", "direction": "min"}

    assert changed(add_floor) == [
        ("benchmark open-accounts: threshold (none) → at least 2.5 reports", Effect.TIGHTENED)
    ]


def test_a_threshold_changing_direction_is_not_comparable() -> None:
    changes = changed(lambda charter: benchmark(charter, "silica-dust")["threshold"].update(direction="min"))
    assert changes == [("benchmark silica-dust: threshold at most 0.05 mg/m³ → at least 0.05 mg/m³", Effect.NEUTRAL)]


def test_gaining_anonymity_or_a_voice_channel_tightens() -> None:
    assert changed(lambda charter: charter["voice"].update(anonymous=True)) == []
    private = copy.deepcopy(THREE_PARTY)
    private["voice"]["anonymous"] = False
    assert [(change.describe(), change.effect) for change in semantic_changes(private, THREE_PARTY)] == [
        ("voice channel: anonymous false → true", Effect.TIGHTENED)
    ]
    silent = copy.deepcopy(THREE_PARTY)
    del silent["voice"]
    assert [(change.describe(), change.effect) for change in semantic_changes(silent, THREE_PARTY)] == [
        ("voice channel added", Effect.TIGHTENED)
    ]


def test_a_shorter_escalation_deadline_tightens_and_a_new_level_is_neutral() -> None:
    assert changed(lambda charter: charter["escalation"][0].update(within_days=3)) == [
        ("escalation 1: within_days 7 → 3", Effect.TIGHTENED)
    ]
    level = {"level": 4, "who": "Mediator", "within_days": 60}
    assert changed(lambda charter: charter["escalation"].append(level)) == [("escalation 4 added", Effect.NEUTRAL)]
    assert changed(lambda charter: charter["responses"].pop()) == [
        (f"response {THREE_PARTY['responses'][-1]['step']} removed", Effect.NEUTRAL)
    ]


def test_a_party_renamed_is_a_neutral_change_of_that_party() -> None:
    assert changed(lambda charter: charter["parties"][2].update(name="Kisima Trust")) == [
        ("party kisima: name Kisima Water Trust → Kisima Trust", Effect.NEUTRAL)
    ]


@pytest.mark.parametrize(("cadence", "effect"), [("semiannual", Effect.LOOSENED), ("monthly", Effect.TIGHTENED)])
def test_reviews_held_less_often_loosen(cadence: str, effect: Effect) -> None:
    old = THREE_PARTY["reviews"]["cadence"]
    assert old == "quarterly"
    assert changed(lambda charter: charter["reviews"].update(cadence=cadence)) == [
        (f"reviews cadence: quarterly → {cadence}", effect)
    ]


def test_the_next_review_date_and_the_log_are_the_record() -> None:
    next_review = THREE_PARTY["reviews"]["next"]
    assert changed(lambda charter: charter["reviews"].update(next="2027-01-20")) == [
        (f"reviews next: {next_review} → 2027-01-20", Effect.NEUTRAL)
    ]
    log = THREE_PARTY["reviews"]["log"]

    def name(review: dict) -> str:
        return f"{review['date']} {review['kind']}"

    # A review is named by its date and kind: another kind is another review.
    assert changed(lambda charter: charter["reviews"]["log"][0].update(kind="annual-assessment")) == [
        (f"review {name(log[0])} removed", Effect.NEUTRAL),
        (f"review {log[0]['date']} annual-assessment added", Effect.NEUTRAL),
    ]
    assert changed(lambda charter: charter["reviews"]["log"].pop()) == [
        (f"review {name(log[-1])} removed", Effect.NEUTRAL)
    ]
    assert changed(lambda charter: charter["reviews"]["log"].clear()) == [
        (f"review {name(review)} removed", Effect.NEUTRAL) for review in log
    ]


def test_a_review_logged_in_its_place_changes_no_other_entry() -> None:
    forgotten = {"date": "2026-04-01", "kind": "check-in"}
    assert changed(lambda charter: charter["reviews"]["log"].insert(1, forgotten)) == [
        ("review 2026-04-01 check-in added", Effect.NEUTRAL)
    ]
    first = THREE_PARTY["reviews"]["log"][0]
    again = {"date": first["date"], "kind": first["kind"]}
    assert changed(lambda charter: charter["reviews"]["log"].insert(1, again)) == [
        (f"review {first['date']} {first['kind']} (2) added", Effect.NEUTRAL)
    ]


# Edits a partnership makes to its charter, each drawn with its own values.
def _edit_threshold(draw: st.DrawFn, charter: dict) -> None:
    item = draw(st.sampled_from([item for item in charter["benchmarks"] if "threshold" in item]))
    item["threshold"]["value"] = draw(st.integers(0, 200))


def _edit_cadence(draw: st.DrawFn, charter: dict) -> None:
    draw(st.sampled_from(charter["benchmarks"]))["cadence"] = draw(st.sampled_from(CADENCES))


def _edit_binding(draw: st.DrawFn, charter: dict) -> None:
    item = draw(st.sampled_from(charter["benchmarks"]))
    parties = [party["id"] for party in charter["parties"]]
    bound = draw(st.lists(st.sampled_from(parties), min_size=1, unique=True))
    if draw(st.booleans()):
        item["applies_to"] = bound
    else:
        item.pop("applies_to", None)


def _edit_items(draw: st.DrawFn, charter: dict) -> None:
    key = draw(st.sampled_from(["benchmarks", "commitments", "escalation", "responses"]))
    items = charter[key]
    if draw(st.booleans()) and len(items) > 1:
        items.pop(draw(st.integers(0, len(items) - 1)))
    else:
        items.append(_new_item(key, items))


def _new_item(key: str, items: list[dict]) -> dict:
    number = len(items) + 1
    if key == "benchmarks":
        return {**copy.deepcopy(items[0]), "id": "added-benchmark"}
    if key == "commitments":
        return {"id": "added", "party": "kisima", "text": "More."}
    if key == "escalation":
        return {"level": number, "who": "A judge", "within_days": 90}
    return {"step": number, "trigger": "Again", "response": "Exit"}


def _edit_due(draw: st.DrawFn, charter: dict) -> None:
    commitment = draw(st.sampled_from(charter["commitments"]))
    due = draw(st.none() | st.dates(dt.date(2026, 1, 1), dt.date(2028, 12, 31)).map(dt.date.isoformat))
    if due is None:
        commitment.pop("due", None)
    else:
        commitment["due"] = due


def _edit_deadline(draw: st.DrawFn, charter: dict) -> None:
    draw(st.sampled_from(charter["escalation"]))["within_days"] = draw(st.integers(1, 90))


def _edit_voice(draw: st.DrawFn, charter: dict) -> None:
    if draw(st.booleans()) and "voice" in charter:
        charter["voice"]["anonymous"] = draw(st.booleans())
    else:
        charter.pop("voice", None)


def _edit_reviews(draw: st.DrawFn, charter: dict) -> None:
    reviews = charter["reviews"]
    reviews["cadence"] = draw(st.sampled_from(CADENCES))
    if draw(st.booleans()):
        reviews["log"].pop()
    else:
        reviews["log"].append({"date": "2027-01-20", "kind": "check-in"})


def _edit_people(draw: st.DrawFn, charter: dict) -> None:
    party = draw(st.sampled_from(charter["parties"]))
    if draw(st.booleans()):
        party["representatives"].append({"name": "New Person", "email": f"new@{party['id']}.example"})
    else:
        party["name"] += " Ltd"


def _edit_field(draw: st.DrawFn, charter: dict) -> None:
    field = draw(st.sampled_from(["title", "purpose", "status", "ends", "tags", "version"]))
    charter[field] = {"tags": ["water"], "version": 5, "status": "ended", "ends": "2031-01-01"}.get(field, "New text")


EDITS = (
    _edit_threshold,
    _edit_cadence,
    _edit_binding,
    _edit_items,
    _edit_due,
    _edit_deadline,
    _edit_voice,
    _edit_reviews,
    _edit_people,
    _edit_field,
)


@st.composite
def edited_charters(draw: st.DrawFn) -> dict:
    charter = copy.deepcopy(THREE_PARTY)
    for edit in draw(st.lists(st.sampled_from(EDITS), min_size=1, max_size=4)):
        edit(draw, charter)
    return charter


OPPOSITE_EFFECT = {Effect.TIGHTENED: Effect.LOOSENED, Effect.LOOSENED: Effect.TIGHTENED, Effect.NEUTRAL: Effect.NEUTRAL}
OPPOSITE_ACTION = {"added": "removed", "removed": "added", "changed": "changed"}


@settings(max_examples=300, deadline=None)
@given(edited_charters())
def test_a_charter_compared_with_itself_has_no_changes(charter: dict) -> None:
    assert semantic_changes(charter, copy.deepcopy(charter)) == []


@settings(max_examples=300, deadline=None)
@given(edited_charters())
def test_going_back_undoes_every_change_with_the_opposite_effect(edited: dict) -> None:
    forward = semantic_changes(THREE_PARTY, edited)
    backward = semantic_changes(edited, THREE_PARTY)
    undone = [(change.section, change.item, change.field, change.party, change.new, change.old) for change in backward]
    assert sorted(map(repr, undone)) == sorted(
        repr((change.section, change.item, change.field, change.party, change.old, change.new)) for change in forward
    )
    effects = {(change.section, change.item, change.field, change.party): change for change in forward}
    for change in backward:
        opposite = effects[(change.section, change.item, change.field, change.party)]
        effect = Effect.LOOSENED if _releases_and_binds(edited, change) else OPPOSITE_EFFECT[opposite.effect]
        assert (change.action, change.effect) == (OPPOSITE_ACTION[opposite.action], effect), change


def _releases_and_binds(edited: dict, change) -> bool:
    """An ``applies_to`` that frees one party and binds another loosens both ways: a duty ends."""
    if change.field != "applies_to":
        return False
    staying = {party["id"] for party in THREE_PARTY["parties"]} & {party["id"] for party in edited["parties"]}
    before, after = (set(staying if bound is None else bound) & staying for bound in (change.old, change.new))
    return bool(before - after and after - before)


def test_values_that_are_not_text_are_shown_as_json_in_their_own_script_with_sorted_keys() -> None:
    def reword_owners(charter: dict) -> None:
        benchmark(charter, "filter-efficacy")["owners"] = {"kisima": "Mjumbe", "ceramica-andina": "Jefa de producción"}

    assert changed(reword_owners) == [
        (
            'benchmark filter-efficacy: owners {"ceramica-andina": "Jefa de calidad"} → '
            '{"ceramica-andina": "Jefa de producción", "kisima": "Mjumbe"}',
            Effect.NEUTRAL,
        )
    ]


def test_a_party_joining_is_neutral_and_binding_it_is_not_a_tightening() -> None:
    newcomer = {"id": "haulage", "name": "Haulage Ltd", "representatives": [{"name": "H", "email": "h@h.example"}]}

    def join_and_bind(charter: dict) -> None:
        charter["parties"].append(newcomer)
        benchmark(charter, "silica-dust")["applies_to"] = ["ceramica-andina", "haulage"]

    assert changed(join_and_bind) == [
        ("party haulage added", Effect.NEUTRAL),
        ('benchmark silica-dust: applies_to ["ceramica-andina"] → ["ceramica-andina", "haulage"]', Effect.NEUTRAL),
    ]
