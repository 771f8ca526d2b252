"""What a revision changed in the record, field by field, and which changes rewrite what
was already on the main line (`record-rewritten`) rather than growing it."""

from __future__ import annotations

import copy

import pytest

from generator.changes.diff import semantic_changes
from generator.changes.record import record_changes
from generator.load import load_charter
from tests.conftest import REPO
from tests.gitrepo import ADA, PATH, TOMAS, GitRepo
from tests.processes import charters
from tests.test_record import V1, logged

OATS_PATH = "charters/nordvik-virtanen-oats.yaml"
OATS = load_charter(OATS_PATH, (REPO / OATS_PATH).read_bytes()).document.data


def described(old: dict, new: dict) -> list[tuple[bool, str]]:
    return [(change.rewrites, change.describe()) for change in record_changes(old, new)]


def edited(edit) -> dict:
    data = copy.deepcopy(OATS)
    edit(data)
    return data


GROWTH = [
    (
        lambda data: data["actions"][1].update(closed="2026-11-29"),
        "action certificate-backlog: closed (none) → 2026-11-29",
    ),
    (
        lambda data: data["concerns"][1].update(resolved="2026-11-30"),
        "concern farm-price-question: resolved (none) → 2026-11-30",
    ),
    (
        lambda data: data["concerns"][1].update(escalated=[{"level": 1, "on": "2026-11-24"}]),
        "concern farm-price-question: escalation to level 1 on 2026-11-24 added",
    ),
    (
        lambda data: data["concerns"][0]["escalated"].append({"level": 2, "on": "2026-04-02"}),
        "concern spring-flood-notices: escalation to level 2 on 2026-04-02 added",
    ),
    (
        lambda data: data["reviews"]["log"][0]["results"][1].update(response=1),
        "review 2025-04-22 quarterly-review: result for pay-on-time: response (none) → 1",
    ),
    (
        lambda data: data["reviews"]["log"].append({"date": "2026-11-30", "results": []}),
        "review 2026-11-30 added",
    ),
    (
        lambda data: data["actions"].append({**data["actions"][1], "id": "another"}),
        "action another added",
    ),
]

REWRITES = [
    (
        lambda data: data["reviews"]["log"][0]["results"][1].update(result="missed"),
        "review 2025-04-22 quarterly-review: result for pay-on-time: met → missed",
    ),
    (
        lambda data: data["reviews"]["log"][0]["results"].pop(1),
        "review 2025-04-22 quarterly-review: result for pay-on-time removed",
    ),
    (
        lambda data: data["reviews"]["log"][0]["results"].append(
            {"benchmark": "living-income", "result": "met", "party": "virtanen"}
        ),
        "review 2025-04-22 quarterly-review: result for living-income (virtanen) added",
    ),
    (lambda data: data["reviews"]["log"].pop(2), "review 2025-10-15 quarterly-review removed"),
    (
        lambda data: data["reviews"]["log"][0].update(attendees=["nordvik"]),
        "review 2025-04-22 quarterly-review: attendees nordvik, virtanen → nordvik",
    ),
    (
        lambda data: data["actions"][0].update(due="2026-09-15"),
        "action payment-warning-2026-07: due 2026-08-15 → 2026-09-15",
    ),
    (
        lambda data: data["actions"][0].pop("outcome"),
        "action payment-warning-2026-07: outcome Every June invoice paid by 4 August; July's and later payments on time. → (none)",
    ),
    (lambda data: data["concerns"].pop(0), "concern spring-flood-notices removed"),
    (
        lambda data: data["concerns"][0]["about"].append("nordvik"),
        "concern spring-flood-notices: about virtanen → virtanen, nordvik",
    ),
    (
        lambda data: data["concerns"][0]["escalated"][0].update(on="2026-03-29"),
        "concern spring-flood-notices: escalation to level 1: on 2026-03-28 → 2026-03-29",
    ),
    (
        lambda data: data["reviews"]["log"][-1]["commitments"][1].update(result="partly"),
        "review 2026-10-20 quarterly-review: result for commitment lab-certificates: missed → partly",
    ),
]


@pytest.mark.parametrize(("edit", "description"), GROWTH)
def test_an_entry_may_grow_without_rewriting_the_record(edit, description: str) -> None:
    assert described(OATS, edited(edit)) == [(False, description)]


@pytest.mark.parametrize(("edit", "description"), REWRITES)
def test_any_other_edit_or_a_removal_rewrites_the_record(edit, description: str) -> None:
    assert described(OATS, edited(edit)) == [(True, description)]


def test_reviews_are_matched_by_date_and_kind_and_entries_by_id_never_by_position() -> None:
    def two_on_one_day(data: dict) -> None:
        data["reviews"]["log"].insert(0, {"date": "2025-04-22", "kind": "check-in", "summary": "A call."})

    with_check_in = edited(two_on_one_day)
    assert described(OATS, with_check_in) == [(False, "review 2025-04-22 check-in added")]
    assert described(with_check_in, OATS) == [(True, "review 2025-04-22 check-in removed")]
    reordered = edited(lambda data: data["actions"].reverse())
    assert described(OATS, reordered) == []


def test_the_record_is_described_in_words_not_as_data() -> None:
    grown = edited(lambda data: data["reviews"]["log"][0]["results"][1].update(value=31, note="A day late."))
    descriptions = [change.describe() for change in semantic_changes(OATS, grown)]
    assert descriptions == [
        "review 2025-04-22 quarterly-review: result for pay-on-time: value (none) → 31",
        "review 2025-04-22 quarterly-review: result for pay-on-time: note (none) → A day late.",
    ]
    assert not any("{" in text for text in descriptions)


def test_check_pr_warns_of_a_rewritten_record_at_its_line_and_history_names_it(tmp_path) -> None:
    repo = GitRepo(tmp_path / "partners")
    repo.commit("Add the charter", {PATH: logged(V1, ("2026-04-01", "crop-quality"))}, approvals=(ADA, TOMAS))
    repo.branch("pr")
    rewritten = logged(V1, ("2026-04-01", "crop-quality")).replace("result: met}", "result: missed}")
    repo.commit("Mark April as missed", {PATH: rewritten})
    checked = charters(repo.root, "check-pr", "--base", "main")
    assert checked.returncode == 0, "a warning: corrections happen, and the site shows them"
    line = rewritten.splitlines().index("        - {benchmark: crop-quality, result: missed}") + 1
    # The comment escapes Markdown's punctuation and keeps "word:" from turning into a link.
    markdown = checked.stdout.replace("\\", "").replace("\u200b", "")
    assert (
        f"{PATH}:{line}:45 warning: review 2026-04-01: result for crop-quality: met → missed: this rewrites" in markdown
    )
    assert "| ✎ record rewritten | review 2026-04-01: result for crop-quality: met → missed |" in markdown
    repo.checkout("main")
    repo.merge("pr", "Merge pull request #3 from partners/pr")
    history = charters(repo.root, "history", "riverside-greenmill")
    assert "record rewritten:" in history.stdout
    assert "review 2026-04-01: result for crop-quality: met → missed" in history.stdout


def test_version_comparisons_leave_the_record_out() -> None:
    from generator.model.site import terms_changes

    grown = edited(lambda data: data["actions"].append({**data["actions"][1], "id": "another"}))
    grown["concerns"][0]["summary"] = "Reworded."
    assert terms_changes(OATS, grown) == ()


def test_check_pr_on_a_branch_behind_main_does_not_call_main_s_new_entries_rewritten(tmp_path) -> None:
    repo = GitRepo(tmp_path / "partners")
    repo.commit("Add the charter", {PATH: logged(V1, ("2026-04-01", "crop-quality"))}, approvals=(ADA, TOMAS))
    repo.branch("pr")
    repo.commit("Log July", {PATH: logged(V1, ("2026-04-01", "crop-quality"), ("2026-07-01", "crop-quality"))})
    repo.checkout("main")
    repo.commit("Log May", {PATH: logged(V1, ("2026-04-01", "crop-quality"), ("2026-05-01", "crop-quality"))})
    repo.checkout("pr")
    checked = charters(repo.root, "check-pr", "--base", "main")
    assert "record-rewritten" not in checked.stdout, checked.stdout
