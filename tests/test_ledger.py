"""The ledger of positions, approvals/<charter-id>.yaml: `charters validate` reads it against
its schema and its charter, and a line the schema refuses counts for nothing in history."""

from __future__ import annotations

import json
import os
from pathlib import Path

import feedparser
from click.testing import CliRunner

from generator.build import build
from generator.cli import commands
from generator.problems import has_errors
from tests.conftest import TODAY
from tests.gitrepo import ADA, PATH, TOMAS, V1, GitRepo
from tests.processes import charters
from tests.sites import with_site_settings
from tests.test_ratification import ADA_EMAIL, TOMAS_EMAIL, history

LEDGER = "approvals/riverside-greenmill.yaml"


def validate(repo: GitRepo, *arguments: str) -> tuple[int, list[dict]]:
    """`charters validate` in this process (where mutation testing sees the rules) from
    the repository's root."""
    previous = Path.cwd()
    os.chdir(repo.root)
    try:
        said = CliRunner().invoke(commands, ["validate", "--format", "json", *arguments])
    finally:
        os.chdir(previous)
    assert said.exception is None or isinstance(said.exception, SystemExit), said.exception
    return said.exit_code, json.loads(said.stdout)["problems"]


def found(problems: list[dict]) -> list[tuple[str, int, str, str]]:
    return [(problem["path"], problem["line"], problem["severity"], problem["rule"]) for problem in problems]


LINES = [
    f"- {{version: 1, position: approve, by: {ADA_EMAIL}}}",
    f"- {{version: 1, positon: approve, by: {TOMAS_EMAIL}}}",
    f"- {{version: 1, position: agree, by: {TOMAS_EMAIL}}}",
    f"- {{version: 2, position: approve, by: {TOMAS_EMAIL}}}",
    "- {version: 1, position: approve, by: mallory@elsewhere.example}",
    f"- {{version: 1, position: object, by: {TOMAS_EMAIL}}}",
    "- {version: one, position: approve}",
    f"- {{version: 1, position: object, by: {TOMAS_EMAIL}, reason: Not before the audit}}",
]


def column(line: int, text: str) -> int:
    return LINES[line - 1].index(text) + 1


def test_every_broken_line_is_an_error_at_its_line_and_the_rest_are_checked_against_the_charter(
    tmp_path: Path,
) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add the charter", {PATH: V1}, approvals=(ADA, TOMAS))
    repo.write(LEDGER, "\n".join(LINES) + "\n")
    status, problems = validate(repo)
    assert status == 1
    assert found(problems) == [
        (LEDGER, 2, "error", "unknown-field"),
        (LEDGER, 3, "error", "invalid-value"),
        (LEDGER, 4, "error", "unknown-version"),
        (LEDGER, 5, "warning", "not-a-representative"),
        (LEDGER, 6, "warning", "objection-without-reason"),
        (LEDGER, 7, "error", "missing-field"),
        (LEDGER, 7, "error", "wrong-type"),
    ], "an objection with its reason is fine"
    by_rule = {problem["rule"]: problem for problem in problems}
    assert "did you mean 'position'?" in by_rule["unknown-field"]["hint"]
    assert "use one of: approve, object" in by_rule["invalid-value"]["hint"]
    said = {
        rule: (by_rule[rule]["column"], by_rule[rule]["message"], by_rule[rule]["hint"])
        for rule in ("unknown-version", "not-a-representative", "objection-without-reason")
    }
    assert said == {
        "unknown-version": (
            column(4, "2"),
            "this position is on version 2, but riverside-greenmill is at version 1",
            "name the version you read (from 1 to 1): its number is on its version page",
        ),
        "not-a-representative": (
            column(5, "mallory"),
            "mallory@elsewhere.example is not a representative of any party of riverside-greenmill; "
            "this line counts for nothing",
            "write the email the charter lists for you under your party's representatives",
        ),
        "objection-without-reason": (
            column(6, "object"),
            "this objection gives no reason",
            "add `reason: …` saying what would make the terms acceptable: the other parties read it on the site",
        ),
    }
    # The well-formed lines are what history counts; the misspelt line is not Tomas's.
    repo.commit("Positions", {LEDGER: (repo.root / LEDGER).read_text()}, author=ADA)
    standing = history(repo).standings[1]
    # A line names no one: a representative is shown by the charter's name for them.
    assert [(p.name, p.approves, p.reason) for p in standing.positions if p.given == "ledger"] == [
        ("Ada Moss", True, ""),
        ("mallory@elsewhere.example", True, ""),
        ("Tomas Berg", False, ""),
        ("Tomas Berg", False, "Not before the audit"),
    ]


def test_a_ledger_named_after_no_charter_is_an_error(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add the charter", {PATH: V1})
    line = f"- {{version: 1, position: approve, by: {ADA_EMAIL}}}\n"
    repo.write("approvals/riverside-greenmil.yaml", line)
    repo.write("approvals/Riverside Greenmill.yaml", line)
    status, problems = validate(repo)
    assert status == 1
    assert [(problem["path"], problem["rule"], problem["message"], problem["hint"]) for problem in problems] == [
        (
            "approvals/Riverside Greenmill.yaml",
            "unknown-charter",
            "approvals/Riverside Greenmill.yaml is not named after a charter id, so its lines count for nothing",
            "name a ledger after its charter: approvals/<charter-id>.yaml, e.g. approvals/riverside-greenmill.yaml",
        ),
        (
            "approvals/riverside-greenmil.yaml",
            "unknown-charter",
            "there is no charter charters/riverside-greenmil.yaml for this ledger",
            "name the ledger after the id of the charter its positions are on",
        ),
    ]


def test_a_clean_ledger_passes_alone_or_with_the_charters_and_an_empty_folder_is_fine(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add the charter", {PATH: V1})
    (repo.root / "approvals").mkdir()
    assert validate(repo) == (0, [])
    repo.write(LEDGER, f"- {{version: 1, position: approve, by: {ADA_EMAIL.upper()}, reason: Agreed in March}}\n")
    said = charters(repo.root, "validate")
    assert said.returncode == 0 and "2 files" in said.stdout, said.stdout
    assert validate(repo, LEDGER) == (0, []), "named alone, its charter is read for it"
    repo.write(PATH, "format: [")
    status, problems = validate(repo, LEDGER)
    assert (status, problems) == (0, []), "a broken charter's own check says what is wrong"


def test_a_line_that_is_not_a_mapping_or_a_file_that_is_not_a_list_is_placed(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add the charter", {PATH: V1})
    repo.write(LEDGER, f"- {{version: 1, position: approve, by: {ADA_EMAIL}}}\n- approve\n")
    assert found(validate(repo)[1]) == [(LEDGER, 2, "error", "wrong-type")]
    repo.write(LEDGER, "version: 1\n")
    assert found(validate(repo)[1]) == [(LEDGER, 1, "error", "not-a-list")]


def test_each_position_is_its_own_feed_entry_even_a_line_written_twice(tmp_path: Path) -> None:
    repo = with_site_settings(GitRepo(tmp_path / "repo"))
    repo.commit("Add the charter", {PATH: V1}, approvals=(ADA,))
    line = f"- {{version: 1, position: approve, by: {TOMAS_EMAIL}}}\n"
    repo.commit("Approve, twice over", {LEDGER: line + line}, author=TOMAS)
    built = build(repo.root, repo.root / "site", TODAY)
    assert not has_errors(built.problems), built.problems
    feed = feedparser.parse((repo.root / "site/charters/riverside-greenmill/feed.xml").read_bytes())
    approvals = [entry for entry in feed.entries if "Tomas Berg (Greenmill Co-op) approves version 1" in entry.title]
    assert len(approvals) == 2 and approvals[0].id != approvals[1].id
    assert TOMAS_EMAIL not in approvals[0].id, "an entry's id names no one"


def test_a_ledger_may_grow_past_the_length_of_any_list_in_a_charter(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add the charter", {PATH: V1})
    line = f"- {{version: 1, position: approve, by: {ADA_EMAIL}}}\n"
    repo.write(LEDGER, line * 1500)
    assert validate(repo) == (0, []), "years of positions are not too many"
    repo.write(LEDGER, "- 1\n" * 20_001)
    (problem,) = validate(repo)[1]
    assert (problem["rule"], problem["message"]) == (
        "too-many-items",
        "this ledger has 20,001 lines; it may hold 20,000",
    )
