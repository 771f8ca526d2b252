"""`history`, `diff`, `check-pr` and `validate --against`, run on real repositories."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import commands as main
from tests.gitrepo import ADA, PATH, TOMAS, GitRepo, build_partnership, charter
from tests.markdown_render import github_html, gitlab_html, live_parts, seen_text
from tests.test_ratification import signed_charter, with_rule


@pytest.fixture(scope="module")
def partnership(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    return build_partnership(tmp_path_factory.mktemp("partnership"))


@pytest.fixture
def pull_request(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """A main line with a ratified v1, and a branch `pr` checked out on top of it."""
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add the charter", {PATH: charter()}, approvals=(ADA, TOMAS))
    repo.branch("pr")
    monkeypatch.chdir(repo.root)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return repo


def run(*arguments: str, **environment: str):
    return CliRunner().invoke(main, list(arguments), env=environment or None)


def test_history_shows_revisions_versions_approvals_and_drift(partnership: GitRepo, monkeypatch) -> None:
    monkeypatch.chdir(partnership.root)
    result = run("history", "riverside-greenmill")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "charters/riverside-greenmill.yaml: 6 revisions, 3 versions"
    assert "INVALID (yaml-syntax at line 5)" in lines[3]
    assert "  v2  pending: waits for Greenmill Co-op; not in force: not ratified" in result.output
    assert "  v1  ratified · recorded on 2026-01-01; in force since 2026-03-01" in result.output
    assert "Tomas Berg <tomas@greenmill.example> (Greenmill Co-op) approves on 2026-01-01: recorded by Test Author" in (
        result.output
    )
    assert "#7 v2 (NOT ratified): benchmark bad-news-48h: cadence monthly → quarterly" in result.output
    assert "[version-not-raised] the terms changed but version stayed at 3" in result.output


def test_diff_defaults_to_the_current_version_against_the_one_before(partnership: GitRepo, monkeypatch) -> None:
    monkeypatch.chdir(partnership.root)
    result = run("diff", "riverside-greenmill", "--format", "json")
    document = json.loads(result.output)
    assert (document["from"]["version"], document["to"]["version"]) == (2, 3)
    assert [(change["description"], change["effect"]) for change in document["changes"]] == [
        ("version: 2 → 3", "neutral"),
        ("benchmark bad-news-48h: threshold at most 48 hours → at most 24 hours", "tightened"),
        ("commitment weekly-call (greenmill) added", "tightened"),
        ("response 1: response Written warning → Written warning to both", "neutral"),
    ]


def test_diff_between_named_versions_as_markdown(partnership: GitRepo, monkeypatch) -> None:
    monkeypatch.chdir(partnership.root)
    result = run("diff", "riverside-greenmill", "v1", "v2", "--format", "markdown")
    assert result.output.splitlines()[:4] == ["## riverside-greenmill: v1 → v2", "", "| effect | change |", "|---|---|"]
    seen = seen_text(github_html(result.output))
    assert "neutral version: 1 → 2" in seen
    assert "🔻 loosened benchmark bad-news-48h: cadence monthly → quarterly" in seen


def test_unknown_charters_and_versions_exit_2_with_what_exists(partnership: GitRepo, monkeypatch) -> None:
    monkeypatch.chdir(partnership.root)
    unknown_version = run("diff", "riverside-greenmill", "v9")
    assert unknown_version.exit_code == 2
    assert "has no version 9; it has v1, v2, v3" in unknown_version.output
    unknown_charter = run("history", "riverside")
    assert unknown_charter.exit_code == 2
    assert "charters with a history: riverside-greenmill" in unknown_charter.output


def test_check_pr_lists_changes_and_who_must_still_approve(pull_request: GitRepo, tmp_path: Path) -> None:
    looser = charter("riverside-greenmill", ("version: 1", "version: 2"), ("value: 48", "value: 72"))
    pull_request.commit("Allow 72 hours", {PATH: looser}, approvals=(ADA,))
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    result = run("check-pr", "--base", "main", GITHUB_STEP_SUMMARY=str(summary))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("## Charter check: 🔻 loosens 1 benchmark, ⏳ waits for Greenmill Co\\-op\n")
    assert "Version 1 → 2." in result.output
    seen = seen_text(github_html(result.output))
    assert "🔻 loosened benchmark “Bad news within 48 hours”: threshold at most 48 hours → at most 72 hours" in seen
    assert "✅ Riverside Foods Ltd: Ada Moss approved (recorded by Test Author)" in seen
    assert "⏳ Greenmill Co-op: waits for one of its representatives to approve." in seen
    assert "  charters approve riverside-greenmill --version 2" in result.output
    assert "  - {version: 2, position: approve, by: tomas@greenmill.example}" in result.output
    assert "  Approved-by: Tomas Berg <tomas@greenmill.example>" in result.output
    assert run("check-pr", "--base", "main", "--require-ratified").exit_code == 1, "the all-parties gate waits"
    assert summary.read_text() == "earlier step\n" + result.output


def test_check_pr_points_out_approvals_it_cannot_read(pull_request: GitRepo) -> None:
    text = charter("riverside-greenmill", ("next: 2027-06-01", "next: 2027-07-01"))
    pull_request.commit("Log", {PATH: text}, approvals=("Tomas from Greenmill",))
    result = run("check-pr", "--base", "main")
    assert "⚠️ These lines could not be read" in result.output
    assert "Tomas from Greenmill" in seen_text(github_html(result.output))


def test_check_pr_fails_when_the_terms_change_without_a_new_version(pull_request: GitRepo) -> None:
    pull_request.commit("Allow 72 hours", {PATH: charter("riverside-greenmill", ("value: 48", "value: 72"))})
    result = run("check-pr", "--base", "main")
    assert result.exit_code == 1
    assert "❌ 1 problem to fix" in result.output
    assert "charters/riverside-greenmill.yaml:6:10 error: the terms changed but version stayed at 1" in seen_text(
        github_html(result.output)
    )


def test_check_pr_reports_a_broken_charter_with_its_line(pull_request: GitRepo) -> None:
    pull_request.commit("Typo", {PATH: charter("riverside-greenmill", ("cadence: monthly", "cadance: monthly"))})
    result = run("check-pr", "--base", "main")
    assert result.exit_code == 1
    seen = seen_text(github_html(result.output))
    assert "charters/riverside-greenmill.yaml:24:5 error: unknown field 'cadance'" in seen


def test_check_pr_escapes_whatever_a_charter_says(pull_request: GitRepo) -> None:
    hostile = "<img src=x onerror=alert(1)> @everyone [click](javascript:alert(1))"
    pull_request.commit(
        "New charter",
        {
            "charters/hostile.yaml": charter(
                "hostile", ("title: Riverside Foods and Greenmill Co-op sourcing partnership", f"title: '{hostile}'")
            )
        },
    )
    result = run("check-pr", "--base", "main")
    assert result.exit_code == 0, result.output
    for html in (github_html(result.output), gitlab_html(result.output)):
        assert live_parts(html) == []
        assert hostile in seen_text(html)


def test_a_removed_charter_is_a_loosening(pull_request: GitRepo) -> None:
    pull_request.commit("Remove", {PATH: None})
    result = run("check-pr", "--base", "main")
    assert "This pull request **removes** the charter." in result.output
    assert "| 🔻 loosened | charter removed |" in result.output


def test_approvals_already_on_the_main_line_count_for_the_same_version(pull_request: GitRepo) -> None:
    pull_request.commit(
        "Log a review", {PATH: charter("riverside-greenmill", ("next: 2027-06-01", "next: 2027-07-01"))}
    )
    result = run("check-pr", "--base", "main")
    assert "✅ Greenmill Co-op: Tomas Berg approved (recorded by Test Author)" in seen_text(github_html(result.output))
    assert result.output.startswith("## Charter check: ✅ ready: every party approved\n")


def test_validate_against_checks_the_working_tree_version(pull_request: GitRepo) -> None:
    pull_request.commit(
        "Version 2", {PATH: charter("riverside-greenmill", ("version: 1", "version: 2"), ("value: 48", "value: 24"))}
    )
    (pull_request.root / PATH).write_text(charter("riverside-greenmill", ("value: 48", "value: 12")), encoding="utf-8")
    result = run("validate", "--against", "HEAD")
    assert result.exit_code == 1
    assert "charters/riverside-greenmill.yaml:6:10: error: version 1 was published in" in result.output
    assert "[published-version-changed]" in result.output
    assert "hint: set `version: 3` for the new terms" in result.output
    assert run("validate").exit_code == 0, "without --against the version is not checked"


def test_a_shallow_clone_exits_2_with_the_fix(pull_request: GitRepo, tmp_path: Path, monkeypatch) -> None:
    pull_request.commit("Review", {PATH: charter("riverside-greenmill", ("next: 2027-06-01", "next: 2027-07-01"))})
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", "--no-single-branch", f"file://{pull_request.root}", str(shallow)],
        check=True,
    )
    monkeypatch.chdir(shallow)
    result = run("check-pr", "--base", "origin/main")
    assert result.exit_code == 2
    assert "fetch-depth: 0" in result.output


def test_check_pr_says_which_evidence_counts_and_which_approval_does_not(tmp_path: Path, platform, monkeypatch) -> None:
    repo, (ada_key, _), _ = signed_charter(tmp_path, platform, "spare")
    repo.commit("Both approve v1", approvals=(ADA, TOMAS))
    repo.branch("pr")
    monkeypatch.chdir(repo.root)
    tighter = with_rule(
        charter("riverside-greenmill", ("version: 1", "version: 2"), ("value: 48", "value: 24")), "signed"
    )
    repo.commit("Notice within 24 hours", {PATH: tighter}, approvals=(TOMAS,), author=ADA)
    repo.git("config", "user.signingkey", str(ada_key))
    repo.commit(f"Approve\n\nApproves: riverside-greenmill v2\nApproved-by: {ADA}", sign=True, author=ADA)
    result = run("check-pr", "--base", "main")
    seen = seen_text(github_html(result.output))
    assert result.output.startswith("## Charter check: ⏳ waits for Greenmill Co\\-op\n"), result.output
    assert "This charter counts only signed approvals." in seen
    assert "✅ Riverside Foods Ltd: Ada Moss approved (signed)" in seen
    assert (
        "☑️ Greenmill Co-op: Tomas Berg approved (recorded by Ada Moss), recorded evidence; this version needs signed"
        in seen
    )


def test_check_pr_headlines_an_objection_with_its_reason(pull_request: GitRepo) -> None:
    tighter = charter("riverside-greenmill", ("version: 1", "version: 2"), ("value: 48", "value: 24"))
    pull_request.commit("Notice within 24 hours", {PATH: tighter}, approvals=(ADA,))
    pull_request.commit(
        f"Object\n\nTwenty-four hours is too short over a weekend.\n\n"
        f"Objects: riverside-greenmill v2\nObjected-by: {TOMAS}",
        author=TOMAS,
    )
    result = run("check-pr", "--base", "main")
    assert result.exit_code == 0, "an objection breaks no rule"
    assert result.output.startswith("## Charter check: ⛔ blocked by an objection, ⏳ waits for Greenmill Co\\-op\n")
    seen = seen_text(github_html(result.output))
    assert "Version 2: blocked by an objection from Tomas Berg" in seen
    assert "⛔ Greenmill Co-op: Tomas Berg objected (authored)" in seen
    assert "Twenty-four hours is too short over a weekend." in seen
    assert run("check-pr", "--base", "main", "--require-ratified").exit_code == 1, "the gate stays shut"


def test_check_pr_says_a_loosening_waits_out_the_notice_period(tmp_path: Path, monkeypatch) -> None:
    def with_notice(text: str) -> str:
        return text.replace("voice:", "amendments: {notice_days: 30}\nvoice:")

    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add the charter", {PATH: with_notice(charter())}, approvals=(ADA, TOMAS))
    repo.branch("pr")
    monkeypatch.chdir(repo.root)
    looser = with_notice(charter("riverside-greenmill", ("version: 1", "version: 2"), ("value: 48", "value: 72")))
    repo.commit("Allow 72 hours", {PATH: looser}, approvals=(ADA, TOMAS))
    result = run("check-pr", "--base", "main")
    assert result.output.startswith("## Charter check: 🔻 loosens 1 benchmark, ✅ ready: every party approved\n"), (
        result.output
    )
    assert (
        "⏱️ It loosens the terms in force, so it comes into force 30 days after it is ratified "
        "(the notice period of the version in force)." in seen_text(github_html(result.output))
    )


@pytest.mark.parametrize("squash", [True, False], ids=["squash-merges", "merge-commits"])
def test_check_pr_says_when_the_repository_squash_merges(tmp_path: Path, monkeypatch, squash: bool) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add the charter", {PATH: charter()}, approvals=(ADA, TOMAS))
    repo.branch("review")
    repo.commit("Log", {PATH: charter("riverside-greenmill", ("next: 2027-06-01", "next: 2027-07-01"))})
    repo.merge("review", "Log the review (#2)", squash=squash)
    repo.branch("pr")
    tighter = charter("riverside-greenmill", ("version: 1", "version: 2"), ("value: 48", "value: 24"))
    repo.commit("Notice within 24 hours", {PATH: tighter}, approvals=(ADA,))
    monkeypatch.chdir(repo.root)
    said = seen_text(github_html(run("check-pr", "--base", "main").output))
    note = "ℹ️ This repository squash-merges: a squash keeps approval lines only as text the merger typed (recorded)."
    assert (note in said) is squash


def test_check_pr_says_when_a_ready_version_comes_into_force(pull_request: GitRepo) -> None:
    later = charter(
        "riverside-greenmill", ("version: 1", "version: 2"), ("value: 48", "value: 24"), ("2026-03-01", "2027-01-01")
    )
    pull_request.commit("Tighten from next year", {PATH: later}, approvals=(ADA, TOMAS))
    result = run("check-pr", "--base", "main")
    assert result.output.startswith("## Charter check: ✅ ready: every party approved\n"), result.output
    assert "📅 Merged today, version 2 comes into force on 2027-01-01." in seen_text(github_html(result.output))


def test_check_pr_marks_a_branch_approval_of_terms_that_changed_since(pull_request: GitRepo) -> None:
    first = charter("riverside-greenmill", ("version: 1", "version: 2"), ("value: 48", "value: 24"))
    pull_request.commit("Notice within 24 hours", {PATH: first}, approvals=(ADA,))
    pull_request.commit(f"Approve\n\nApproves: riverside-greenmill v2\nApproved-by: {TOMAS}", author=TOMAS)
    second = charter("riverside-greenmill", ("version: 1", "version: 2"), ("value: 48", "value: 12"))
    pull_request.commit("Within 12 hours after all", {PATH: second}, approvals=(ADA,))
    seen = seen_text(github_html(run("check-pr", "--base", "main").output))
    assert "☑️ Greenmill Co-op: Tomas Berg approved (authored), given for other terms" in seen
    assert "⏳ Greenmill Co-op: waits for one of its representatives to approve." in seen


def test_check_pr_counts_a_ledger_line_and_a_withdrawn_objection(pull_request: GitRepo) -> None:
    tighter = charter("riverside-greenmill", ("version: 1", "version: 2"), ("value: 48", "value: 24"))
    pull_request.commit("Notice within 24 hours", {PATH: tighter}, approvals=(ADA,))
    objection = "- {version: 2, position: object, by: tomas@greenmill.example, reason: Weekends}\n"
    pull_request.commit("Object", {"approvals/riverside-greenmill.yaml": objection}, author=TOMAS)
    assert run("check-pr", "--base", "main").output.startswith("## Charter check: ⛔ blocked by an objection")
    withdrawn = objection + "- {version: 2, position: approve, by: tomas@greenmill.example}\n"
    pull_request.commit("Withdraw", {"approvals/riverside-greenmill.yaml": withdrawn}, author=TOMAS)
    result = run("check-pr", "--base", "main")
    assert result.output.startswith("## Charter check: ✅ ready: every party approved\n"), result.output
    seen = seen_text(github_html(result.output))
    assert "⛔ Greenmill Co-op: Tomas Berg objected (authored)" in seen and "Weekends" in seen
    assert "✅ Greenmill Co-op: Tomas Berg approved (authored)" in seen
