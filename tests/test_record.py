"""The record read against history: each entry's references resolve against the terms in
force on its date, so that a version dropping a benchmark never breaks what was logged
under an earlier one, and an entry logged under the new terms is held to them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.build import BuildFailed, build
from tests.conftest import TODAY
from tests.gitrepo import ADA, PATH, TOMAS, GitRepo, charter
from tests.processes import charters
from tests.sites import with_site_settings

CROP_QUALITY = """  - id: crop-quality
    title: Every lot graded
    principle: safety
    behavior: Greenmill grades each lot before it ships.
    indicator: Grading sheets per lot.
    target: Every lot graded.
    cadence: quarterly
"""
V1 = charter("riverside-greenmill", ("commitments:\n", CROP_QUALITY + "commitments:\n"))
V2 = charter("riverside-greenmill", ("version: 1", "version: 2"), ("effective: 2026-03-01", "effective: 2026-06-01"))


def logged(text: str, *reviews: tuple[str, str]) -> str:
    """``text`` with a review log: (date, benchmark assessed) per review."""
    entries = "".join(
        f"    - date: {day}\n      results:\n        - {{benchmark: {benchmark}, result: met}}\n"
        for day, benchmark in reviews
    )
    return text.replace(
        "reviews: {cadence: quarterly, next: 2027-06-01}",
        f"reviews:\n  cadence: quarterly\n  next: 2027-06-01\n  log:\n{entries}",
    )


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """Version 1 with crop-quality in force from 2026-03-01; version 2 without it, from 2026-06-01."""
    repo = with_site_settings(GitRepo(tmp_path / "partners"))
    repo.day = "2026-01-10"
    repo.commit("Add the charter", {PATH: V1}, approvals=(ADA, TOMAS))
    repo.day = "2026-04-02"
    repo.commit("Record the April review", {PATH: logged(V1, ("2026-04-01", "crop-quality"))})
    repo.day = "2026-05-10"
    repo.commit("Drop crop grading", {PATH: logged(V2, ("2026-04-01", "crop-quality"))}, approvals=(ADA, TOMAS))
    return repo


def test_an_entry_logged_under_a_version_that_had_the_benchmark_stays_valid(repo: GitRepo) -> None:
    result = charters(repo.root, "validate")
    assert (result.returncode, result.stderr) == (0, ""), result.stdout
    build(repo.root, repo.root / "site", TODAY)
    assert (repo.root / "site" / "charters" / "riverside-greenmill" / "index.html").is_file()


def test_an_entry_logged_under_terms_without_the_benchmark_is_an_error_naming_them(repo: GitRepo) -> None:
    later = logged(V2, ("2026-04-01", "crop-quality"), ("2026-07-01", "crop-quality"))
    repo.write(PATH, later)
    result = charters(repo.root, "validate")
    assert result.returncode == 1
    lines = later.splitlines()
    line = lines.index("        - {benchmark: crop-quality, result: met}", lines.index("    - date: 2026-07-01")) + 1
    message = (
        f"{PATH}:{line}:23: error: reviews.log[1].results[0].benchmark names benchmark 'crop-quality', "
        "which version 2, the terms in force on 2026-07-01, does not define [unknown-reference]"
    )
    assert message in result.stdout
    assert result.stdout.count("[unknown-reference]") == 1  # the April entry is held to version 1
    with pytest.raises(BuildFailed, match="the terms in force on 2026-07-01"):
        build(repo.root, repo.root / "site", TODAY)
    assert not (repo.root / "site").exists()


def test_without_a_history_an_entry_is_held_to_the_file_itself(repo: GitRepo, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    (plain / "charters").mkdir(parents=True)
    shutil.copy(repo.root / PATH, plain / PATH)
    result = charters(plain, "validate", PATH)
    assert result.returncode == 1
    assert "names benchmark 'crop-quality', which this charter does not define [unknown-reference]" in result.stdout


def test_check_pr_reads_the_record_against_the_main_lines_terms_and_the_new_version(repo: GitRepo) -> None:
    repo.branch("pr")
    may = logged(V2, ("2026-04-01", "crop-quality"), ("2026-05-01", "crop-quality"))
    repo.commit("Record the May review, under version 1", {PATH: may})
    passed = charters(repo.root, "check-pr", "--base", "main")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "unknown-reference" not in passed.stdout
    # The pull request's own version holds from the day it is merged, at the earliest: a
    # benchmark it adds may be logged from today on, not on a day before, even one after
    # its effective date (the main line's version was in force then).
    v3 = V2.replace("version: 2", "version: 3").replace("effective: 2026-06-01", "effective: 2026-09-01")
    v3 = v3.replace("commitments:\n", CROP_QUALITY.replace("crop-quality", "lot-grading") + "commitments:\n", 1)
    repo.commit(
        "Grade lots again", {PATH: logged(v3, ("2026-04-01", "crop-quality"), (TODAY.isoformat(), "lot-grading"))}
    )
    passed = charters(repo.root, "check-pr", "--base", "main")
    assert "unknown-reference" not in passed.stdout, passed.stdout
    early = logged(v3, ("2026-04-01", "crop-quality"), ("2026-09-15", "lot-grading"))
    repo.commit("Log the new benchmark too early", {PATH: early})
    failed = charters(repo.root, "check-pr", "--base", "main")
    assert failed.returncode == 1
    markdown = failed.stdout.replace("\\", "")  # the comment escapes Markdown's punctuation
    assert (
        "names benchmark 'lot-grading', which version 2, the terms in force on 2026-09-15, does not define" in markdown
    )


def test_a_ledger_checked_alone_reads_its_charter_against_history(repo: GitRepo) -> None:
    repo.write(
        "approvals/riverside-greenmill.yaml", "- {version: 2, position: approve, by: mallory@elsewhere.example}\n"
    )
    result = charters(repo.root, "validate", "approvals/riverside-greenmill.yaml")
    # The charter passes only when its April entry is read against version 1, and only a
    # charter that passes has its representatives to check the line against.
    assert "mallory@elsewhere.example is not a representative of any party of riverside-greenmill" in result.stdout
