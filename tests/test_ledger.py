"""The ledger of positions, approvals/<charter-id>.yaml: `charters validate` reads it against
its schema and its charter, and a line the schema refuses counts for nothing in history."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import feedparser
from click.testing import CliRunner

from generator.build import build
from generator.cli import commands
from generator.history.ledger import ledger_positions
from generator.history.mainline import read_main_line, with_merge
from generator.history.positions import read_named_positions
from generator.problems import has_errors
from tests.conftest import TODAY
from tests.gitrepo import ADA, PATH, TOMAS, V1, GitRepo, charter
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
    f"- {{version: 1, position: object, by: {ADA_EMAIL}, reasons: Audit first}}",
    f"- {{version: 1, position: object, by: {TOMAS_EMAIL}, reason: 5}}",
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
        (LEDGER, 9, "warning", "objection-without-reason"),
        (LEDGER, 9, "error", "unknown-field"),
        (LEDGER, 10, "warning", "objection-without-reason"),
        (LEDGER, 10, "error", "wrong-type"),
    ], "an objection with its reason is fine"
    by_rule = {problem["rule"]: problem for problem in problems if problem["line"] < 9}
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
    # A line names no one: a representative is shown by the charter's name for them. A slip
    # in a key other than version, position and by drops no objection.
    assert [(p.name, p.approves, p.reason) for p in standing.positions if p.given == "ledger"] == [
        ("Ada Moss", True, ""),
        ("mallory@elsewhere.example", True, ""),
        ("Tomas Berg", False, ""),
        ("Tomas Berg", False, "Not before the audit"),
        ("Ada Moss", False, ""),
        ("Tomas Berg", False, ""),
    ]


def test_a_ledger_named_after_no_charter_id_is_an_error_and_after_no_charter_a_warning(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add the charter", {PATH: V1})
    line = f"- {{version: 1, position: approve, by: {ADA_EMAIL}}}\n"
    repo.write("approvals/riverside-greenmil.yaml", line)
    repo.write("approvals/Riverside Greenmill.yaml", line)
    status, problems = validate(repo)
    assert status == 1
    said = [(p["path"], p["severity"], p["rule"], p["message"], p["hint"]) for p in problems]
    assert said == [
        (
            "approvals/Riverside Greenmill.yaml",
            "error",
            "unknown-charter",
            "approvals/Riverside Greenmill.yaml is not named after a charter id, so its lines count for nothing",
            "name a ledger after its charter: approvals/<charter-id>.yaml, e.g. approvals/riverside-greenmill.yaml",
        ),
        (
            "approvals/riverside-greenmil.yaml",
            "warning",
            "unknown-charter",
            "there is no charter charters/riverside-greenmil.yaml; "
            "these lines count only if riverside-greenmil is a former id of a charter",
            "if the charter was renamed, leave this file as it is; "
            "else write the positions in the ledger named after the charter's id",
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
    stranger = "- {version: 1, position: object, by: mallory@elsewhere.example, reason: Forged}\n"
    repo.commit("Approve, twice over", {LEDGER: line + line + stranger}, author=TOMAS)
    built = build(repo.root, repo.root / "site", TODAY)
    assert not has_errors(built.problems), built.problems
    feed = feedparser.parse((repo.root / "site/charters/riverside-greenmill/feed.xml").read_bytes())
    approvals = [entry for entry in feed.entries if "Tomas Berg (Greenmill Co-op) approves version 1" in entry.title]
    assert len(approvals) == 2 and approvals[0].id != approvals[1].id
    assert TOMAS_EMAIL not in approvals[0].id, "an entry's id names no one"
    assert not [entry for entry in feed.entries if "mallory" in entry.title], "only representatives' positions"


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


def ledger_history(repo: GitRepo) -> list[tuple[str, bool, str]]:
    return [(p.email, p.approves, p.commit[:7]) for p in history(repo).standings[1].positions if p.given == "ledger"]


def test_a_line_counts_once_however_the_file_is_deleted_broken_or_moved(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add the charter", {PATH: V1})
    line = f"- {{version: 1, position: approve, by: {TOMAS_EMAIL}}}\n"
    added = repo.commit("Tomas approves", {LEDGER: line}, author=TOMAS)[:7]
    repo.commit(f"Tomas objects\n\nNot yet.\n\nObjects: riverside-greenmill v1\nObjected-by: {TOMAS}", author=TOMAS)
    repo.commit("Remove the ledger", {LEDGER: None}, author=ADA)
    repo.commit("Put it back", {LEDGER: line}, author=ADA)
    repo.commit("Break it", {LEDGER: line + "- {version: 1, version: 1}\n"}, author=ADA)
    repo.commit("Mend it", {LEDGER: line}, author=ADA)
    repo.commit("Take the line out", {LEDGER: "# nothing yet\n"}, author=ADA)
    repo.commit("Put the line back", {LEDGER: line}, author=ADA)
    repo.git("mv", LEDGER, "approvals/elsewhere.yaml")
    repo.commit("Move it", author=ADA)
    named = read_named_positions(repo.root, "HEAD", "charters", None, read_main_line(repo.root, "HEAD").order)
    assert "elsewhere" not in named, "a moved ledger brings no new position along"
    repo.git("mv", "approvals/elsewhere.yaml", LEDGER)
    repo.commit("Move it back", author=ADA)
    assert ledger_history(repo) == [(TOMAS_EMAIL, True, added)], "none of it re-dates Tomas's approval"
    repo.commit(f"Ada approves\n\nApproves: riverside-greenmill v1\nApproved-by: {ADA}", author=ADA)
    assert history(repo).standings[1].state == "blocked", "so his objection stands"
    again = repo.commit("Tomas approves anew", {LEDGER: line + line}, author=TOMAS)[:7]
    assert ledger_history(repo) == [(TOMAS_EMAIL, True, added), (TOMAS_EMAIL, True, again)]
    assert history(repo).standings[1].state == "ratified"


def test_representatives_are_those_of_the_version_a_line_is_on(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add the charter", {PATH: V1})
    tina = charter(
        "riverside-greenmill",
        ("version: 1", "version: 2"),
        ("value: 48", "value: 24"),
        ("{name: Tomas Berg, email: tomas@greenmill.example", "{name: Tina Berg, email: tina@greenmill.example"),
    )
    repo.commit("Tina speaks for Greenmill now", {PATH: tina})
    repo.write(
        LEDGER,
        f"- {{version: 1, position: approve, by: {TOMAS_EMAIL}}}\n"
        "- {version: 2, position: approve, by: tina@greenmill.example}\n"
        f"- {{version: 2, position: approve, by: {TOMAS_EMAIL}}}\n",
    )
    assert found(validate(repo)[1]) == [(LEDGER, 3, "warning", "not-a-representative")], (
        "Tomas spoke for version 1, not for version 2"
    )


def test_an_empty_ledger_or_one_of_comments_only_is_no_error(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add the charter", {PATH: V1})
    for text in ("", "\n", "# Approvals for riverside-greenmill, one line each\n"):
        repo.write(LEDGER, text)
        assert validate(repo) == (0, []), repr(text)


def test_a_ledger_behind_a_link_is_refused_as_git_would_not_read_it(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add the charter", {PATH: V1})
    repo.write("meta/positions.yaml", f"- {{version: 1, position: approve, by: {ADA_EMAIL}}}\n")
    (repo.root / "approvals").mkdir()
    (repo.root / LEDGER).symlink_to("../meta/positions.yaml")
    assert found(validate(repo)[1]) == [(LEDGER, 1, "error", "not-a-file")]
    (repo.root / LEDGER).unlink()
    (repo.root / "approvals").rmdir()
    (repo.root / "approvals").symlink_to("meta")
    (repo.root / "meta/riverside-greenmill.yaml").write_text("")
    assert (LEDGER, 1, "error", "not-a-file") in found(validate(repo)[1])


def test_a_line_is_the_position_of_the_commit_that_wrote_it_on_a_branch_too(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add the charter", {PATH: V1})
    repo.commit("An old charter's ledger", {"approvals/old-one.yaml": "[]\n"}, author=ADA)
    repo.branch("tomas")
    line = f"- {{version: 1, position: approve, by: {TOMAS_EMAIL}}}\n"
    files = {LEDGER: line, "approvals/README.md": "One file per charter.\n", "approvals/old-one.yaml": None}
    wrote = repo.commit("Approve on my branch", files, author=TOMAS)
    repo.merge("tomas", "Merge pull request #3 from greenmill/tomas")
    main_line = read_main_line(repo.root, "HEAD")
    found = ledger_positions(repo.root, "HEAD", None, main_line.order)
    assert [(commit.id, charter) for commit, charter, _ in found] == [(wrote, "riverside-greenmill")], (
        "the branch commit Tomas made, not the merge; past a README and a removed ledger"
    )
    assert [(p.email, p.evidence.label) for p in history(repo).standings[1].positions] == [(TOMAS_EMAIL, "authored")]


def test_a_pull_request_brings_only_the_lines_it_adds(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add the charter", {PATH: V1})
    ada = f"- {{version: 1, position: approve, by: {ADA_EMAIL}}}\n"
    repo.commit("Ada approves", {LEDGER: ada}, author=ADA)
    repo.branch("pr")
    tomas = repo.commit("Tomas approves", {LEDGER: ada + f"- {{version: 1, position: approve, by: {TOMAS_EMAIL}}}\n"})
    base = repo.git("rev-parse", "main")
    merged = with_merge(read_main_line(repo.root, base), repo.root, base, tomas, "2026-02-01")
    found = ledger_positions(repo.root, f"{base}..{tomas}", None, merged.order)
    assert [(commit.id, by) for commit, _, (_, _, by, _) in found] == [(tomas, TOMAS_EMAIL)]


def test_a_line_a_merge_writes_in_resolving_a_conflict_is_the_merge_commits(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add the charter", {PATH: V1})
    ada = f"- {{version: 1, position: approve, by: {ADA_EMAIL}}}\n"
    tomas = f"- {{version: 1, position: approve, by: {TOMAS_EMAIL}}}\n"
    objection = f"- {{version: 1, position: object, by: {ADA_EMAIL}, reason: On second thoughts}}\n"
    repo.branch("greenmill")
    on_branch = repo.commit("Tomas approves", {LEDGER: tomas}, author=TOMAS)
    repo.checkout("main")
    on_main = repo.commit("Ada approves", {LEDGER: ada}, author=ADA)
    conflict = subprocess.run(["git", "merge", "-q", "greenmill"], cwd=repo.root, capture_output=True, check=False)
    assert conflict.returncode != 0, "both added the file's first line"
    merge = repo.commit("Merge branch 'greenmill'", {LEDGER: ada + tomas + objection}, author=ADA)
    found = ledger_positions(repo.root, "HEAD", None, read_main_line(repo.root, "HEAD").order)
    assert sorted((commit.id, by, approves) for commit, _, (_, approves, by, _) in found) == sorted(
        [(on_branch, TOMAS_EMAIL, True), (on_main, ADA_EMAIL, True), (merge, ADA_EMAIL, False)]
    )
