"""`charters record`: a review, an action, a concern, and what became of them, written
into the charter without hand-editing it. The file keeps every other line as it was; what
is written validates; a mistake writes nothing."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import commands as main
from generator.load import load_charter
from tests.conftest import REPO
from tests.gitrepo import PATH, GitRepo, charter

OATS = "charters/nordvik-virtanen-oats.yaml"
# A charter as a person keeps it: comments above, beside and inside the record, quoting
# and flow mappings of their own.
COMMENTED = charter(
    "riverside-greenmill",
    ("purpose:", "# Agreed at the Leeds meeting.\npurpose:"),
    ("    cadence: monthly\n", "    cadence: monthly  # checked by both sourcing leads\n"),
    (
        "reviews: {cadence: quarterly, next: 2027-06-01}\n",
        "reviews:\n  cadence: quarterly\n  next: 2027-06-01  # the spring meeting\n  log:\n"
        "    # The first review, held in Leeds.\n"
        "    - date: 2026-04-01\n      results:\n        - {benchmark: bad-news-48h, result: met}\n",
    ),
    (
        "voice: {channel: concerns@riverside.example, anonymous: true}",
        "voice: {channel: 'concerns@riverside.example', anonymous: true}",
    ),
)


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fixed_today) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add the charters", {PATH: COMMENTED, OATS: (REPO / OATS).read_text()})
    monkeypatch.chdir(repo.root)
    return repo


def run(*arguments: str, input: str | None = None):
    return CliRunner().invoke(main, ["record", *arguments], input=input)


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """(lines taken out, lines put in), in order."""
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    return [line[2:] for line in diff if line.startswith("- ")], [line[2:] for line in diff if line.startswith("+ ")]


def test_a_review_is_appended_and_every_other_line_kept(repository: GitRepo) -> None:
    result = run(
        "review", "riverside-greenmill", "--date", "2026-11-20", "--kind", "quarterly-review",
        "--attendee", "riverside", "--attendee", "greenmill", "--summary", "Late notice # twice: in May",
        "--result", "bad-news-48h", "missed", "--value", "bad-news-48h", "60", "--response", "bad-news-48h", "1",
        "--commitment", "crop-forecast", "met", "--next", "2027-02-20",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    after = (repository.root / PATH).read_text()
    taken_out, put_in = changed_lines(COMMENTED, after)
    assert taken_out == ["  next: 2027-06-01  # the spring meeting"]
    assert put_in == [
        "  next: 2027-02-20  # the spring meeting",
        "    - date: 2026-11-20",
        "      kind: quarterly-review",
        "      attendees: [riverside, greenmill]",
        "      summary: 'Late notice # twice: in May'",
        "      results:",
        "        - {benchmark: bad-news-48h, result: missed, value: 60, response: 1}",
        "      commitments:",
        "        - {commitment: crop-forecast, result: met}",
    ]
    review = load_charter(PATH, after.encode()).document.data["reviews"]["log"][-1]
    assert review["summary"] == "Late notice # twice: in May" and review["results"][0]["value"] == 60
    assert "recorded the review of 2026-11-20" in result.output


def test_a_charter_whose_reviews_are_one_line_gets_its_log_below_them(repository: GitRepo) -> None:
    before = charter("riverside-greenmill")
    repository.write(PATH, before)
    result = run("review", "riverside-greenmill", "--date", "2026-11-20", "--result", "bad-news-48h", "met")
    assert result.exit_code == 0, result.output
    taken_out, put_in = changed_lines(before, (repository.root / PATH).read_text())
    assert taken_out == ["reviews: {cadence: quarterly, next: 2027-06-01}"]
    assert put_in == [
        "reviews:",
        "  cadence: quarterly",
        "  next: 2027-06-01",
        "  log:",
        "    - date: 2026-11-20",
        "      results:",
        "        - {benchmark: bad-news-48h, result: met}",
    ]


def test_without_results_each_benchmark_and_commitment_is_asked_for(repository: GitRepo) -> None:
    # bad-news-48h, then the commitments open-books and crop-forecast.
    result = run("review", "riverside-greenmill", "--date", "2026-11-20", input="partly\nskip\nmissed\n")
    assert result.exit_code == 0, result.output
    assert "Bad news within 48 hours (bad-news-48h)" in result.output
    review = load_charter(PATH, (repository.root / PATH).read_bytes()).document.data["reviews"]["log"][-1]
    assert review["results"] == [{"benchmark": "bad-news-48h", "result": "partly"}]
    assert review["commitments"] == [{"commitment": "crop-forecast", "result": "missed"}]
    # The miss is new and has no response: said once, at the line it would be fixed.
    assert result.output.count("[response-not-recorded]") == 1


def test_an_action_is_opened_closed_and_cannot_be_closed_twice(repository: GitRepo) -> None:
    opened = run(
        "action", "nordvik-virtanen-oats", "--id", "late-notice-warning", "--step", "1", "--party", "virtanen",
        "--summary", "Written warning: every notice within 48 hours.", "--benchmark", "bad-news-48h",
        "--opened", "2026-11-21", "--due", "2026-12-15",
    )  # fmt: skip
    assert opened.exit_code == 0, opened.output
    closed = run("close", "nordvik-virtanen-oats", "late-notice-warning", "--on", "2026-11-24", "--outcome", "Done.")
    assert closed.exit_code == 0, closed.output
    text = (repository.root / OATS).read_text()
    taken_out, put_in = changed_lines((REPO / OATS).read_text(), text)
    assert taken_out == [] and put_in[0] == "  - id: late-notice-warning", "appended after the last action"
    action = load_charter(OATS, text.encode()).document.data["actions"][-1]
    assert action == {
        "id": "late-notice-warning",
        "step": 1,
        "party": "virtanen",
        "opened": "2026-11-21",
        "summary": "Written warning: every notice within 48 hours.",
        "benchmark": "bad-news-48h",
        "due": "2026-12-15",
        "closed": "2026-11-24",
        "outcome": "Done.",
    }
    again = run("close", "nordvik-virtanen-oats", "late-notice-warning", "--on", "2026-11-25")
    assert again.exit_code == 2
    assert "already has closed: 2026-11-24; the record grows, it is not rewritten" in again.output
    assert (repository.root / OATS).read_text() == text


def test_a_concern_is_raised_acknowledged_escalated_and_resolved(repository: GitRepo) -> None:
    steps = [
        ("concern", "nordvik-virtanen-oats", "--id", "late-payment", "--by", "virtanen", "--via", "escalation",
         "--summary", "Two invoices unpaid after 40 days.", "--benchmark", "pay-on-time", "--raised", "2026-11-10"),
        ("acknowledge", "nordvik-virtanen-oats", "late-payment", "--on", "2026-11-11"),
        ("escalate", "nordvik-virtanen-oats", "late-payment", "--on", "2026-11-16"),
        ("close", "nordvik-virtanen-oats", "late-payment", "--on", "2026-11-20", "--outcome", "Paid on the 19th."),
    ]  # fmt: skip
    for step in steps:
        result = run(*step)
        assert result.exit_code == 0, (step, result.output)
    concern = load_charter(OATS, (repository.root / OATS).read_bytes()).document.data["concerns"][-1]
    assert concern["escalated"] == [{"level": 1, "on": "2026-11-10"}, {"level": 2, "on": "2026-11-16"}]
    assert (concern["acknowledged"], concern["resolved"], concern["outcome"]) == (
        "2026-11-11",
        "2026-11-20",
        "Paid on the 19th.",
    )


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (("review", "riverside-greenmill", "--result", "no-such-benchmark", "met"), "names benchmark 'no-such-benchmark'"),
        (("action", "riverside-greenmill", "--id", "x", "--step", "1", "--party", "riverside", "--summary", "S",
          "--opened", "2027-03-01"), "[date-order]"),
        (("review", "riverside-greenmill", "--summary", "line\u202eone", "--result", "bad-news-48h", "met"), "[invisible-character]"),
        (("action", "riverside-greenmill", "--id", "x", "--step", "1", "--party", "riverside", "--summary", "S",
          "--benchmark", "bad-news-48h", "--commitment", "open-books"), "[several-targets]"),
        (("review", "riverside-greenmill", "--date", "2026-13-01", "--result", "bad-news-48h", "met"), "is not a date written YYYY-MM-DD"),
        (("escalate", "riverside-greenmill", "nothing-raised"), "there is no concern 'nothing-raised'"),
        (("close", "riverside-greenmill", "x", "--on", "2026-W01-1"), "is not a date written YYYY-MM-DD"),
        (("review", "riverside-greenmill", "--date", "2026-12-24", "--result", "bad-news-48h", "met"), "is after today"),
        (("review", "riverside-greenmill", "--result", "bad-news-48h", "met", "--result", "bad-news-48h", "missed"), "given twice"),
    ],
)  # fmt: skip
def test_a_mistake_says_what_is_wrong_and_writes_nothing(repository: GitRepo, arguments: tuple, said: str) -> None:
    result = run(*arguments)
    assert result.exit_code in (1, 2) and isinstance(result.exception, SystemExit), result.output
    assert said in result.output
    assert (repository.root / PATH).read_text() == COMMENTED
    assert not [path.name for path in (repository.root / "charters").iterdir() if path.name.startswith(".")]


def test_a_charter_with_errors_is_not_recorded_in(repository: GitRepo) -> None:
    broken = COMMENTED.replace("status: active", "status: finished")
    repository.write(PATH, broken)
    result = run("review", "riverside-greenmill", "--result", "bad-news-48h", "met")
    assert result.exit_code == 2
    assert "has errors; correct them first" in result.output and "[invalid-value]" in result.output
    assert (repository.root / PATH).read_text() == broken


def test_an_action_not_given_as_options_is_asked_for(repository: GitRepo) -> None:
    result = run("action", "riverside-greenmill", input="first-warning\n1\ngreenmill\nWritten warning.\n")
    assert result.exit_code == 0, result.output
    assert (
        "Step of the response ladder (1)" in result.output
        and "Party that must act (riverside, greenmill)" in result.output
    )
    (action,) = load_charter(PATH, (repository.root / PATH).read_bytes()).document.data["actions"]
    assert action == {
        "id": "first-warning",
        "step": 1,
        "party": "greenmill",
        "opened": "2026-11-25",
        "summary": "Written warning.",
    }


def test_text_a_yaml_1_1_reader_would_misread_is_quoted(repository: GitRepo) -> None:
    result = run("concern", "riverside-greenmill", "--id", "q", "--by", "greenmill", "--via", "voice", "--summary", "no", "--raised", "2026-11-20")  # fmt: skip
    assert result.exit_code == 0, result.output
    text = (repository.root / PATH).read_text()
    assert "    summary: 'no'\n" in text and "    raised: 2026-11-20\n" in text


def test_a_review_goes_in_its_place_in_the_log(repository: GitRepo) -> None:
    for day in ("2026-05-01", "2026-04-15"):
        result = run("review", "riverside-greenmill", "--date", day, "--result", "bad-news-48h", "met")
        assert result.exit_code == 0, result.output
    log = load_charter(PATH, (repository.root / PATH).read_bytes()).document.data["reviews"]["log"]
    assert [review["date"] for review in log] == ["2026-04-01", "2026-04-15", "2026-05-01"]


def test_a_file_whose_layout_cannot_be_kept_is_left_as_it_is(repository: GitRepo) -> None:
    wrapped = COMMENTED.replace(
        "purpose: Source organic oats from Greenmill at fair, stable prices.",
        "purpose: Source organic oats from Greenmill\n  at fair, stable prices.",
    )
    repository.write(PATH, wrapped)
    result = run("review", "riverside-greenmill", "--result", "bad-news-48h", "met")
    assert result.exit_code == 2
    assert "its layout could not be kept exactly (a value wrapped over several lines" in result.output
    assert (repository.root / PATH).read_text() == wrapped


def test_a_concern_with_an_empty_escalation_list_escalates_and_a_resolved_one_does_not(repository: GitRepo) -> None:
    text = (
        (REPO / OATS)
        .read_text()
        .replace("    acknowledged: 2026-11-25\n", "    acknowledged: 2026-11-25\n    escalated: []\n")
    )
    repository.write(OATS, text)
    assert run("escalate", "nordvik-virtanen-oats", "farm-price-question", "--on", "2026-11-25").exit_code == 0
    concern = load_charter(OATS, (repository.root / OATS).read_bytes()).document.data["concerns"][-1]
    assert concern["escalated"] == [{"level": 1, "on": "2026-11-24"}, {"level": 2, "on": "2026-11-25"}]
    resolved = run("escalate", "nordvik-virtanen-oats", "spring-flood-notices")
    assert resolved.exit_code == 2 and "was resolved on 2026-04-15; it cannot be escalated" in resolved.output
