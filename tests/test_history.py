"""History read from real git repositories: revisions, versions, approvals, renames, signatures."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import rfc8785

from generator.caching import CacheFolder, tool_fingerprint
from generator.changes.diff import Effect
from generator.history import GitError, read_history, read_lineages
from generator.history.cache import LogCache, ParseCache
from generator.history.file_states import FileStates
from generator.history.git import read_file_ids
from generator.history.log import Commit, Positions, read_log
from generator.history.mainline import read_main_line
from generator.history.positions import with_terms_seen
from generator.history.terms import terms, terms_digest
from generator.history.versions import Published, check_version
from generator.load import Document, load_charter
from generator.model.history import CharterHistory, charter_history
from tests.conftest import TODAY
from tests.gitrepo import ADA, PATH, TOMAS, V1, V1_REVIEWED, V2_QUARTERLY, GitRepo, build_partnership, charter

FIRST, SECOND = "0123456789abcdef" * 2 + "01234567", "f" * 40


def histories(root: Path) -> dict[str, CharterHistory]:
    return {lineage.path: charter_history(lineage, TODAY) for lineage in read_lineages(root, "charters")}


@pytest.fixture(scope="module")
def partnership(tmp_path_factory: pytest.TempPathFactory) -> tuple[GitRepo, CharterHistory]:
    repo = build_partnership(tmp_path_factory.mktemp("partnership"))
    return repo, histories(repo.root)[PATH]


def test_every_main_line_revision_is_read_oldest_first(partnership) -> None:
    _, history = partnership
    assert [revision.commit.subject for revision in history.revisions] == [
        "Add the Riverside-Greenmill charter",
        "Log the date of the next review",
        "Check bad news quarterly (#7)",
        "Merge pull request #9 from greenmill/tighten",
        "Break the file by mistake",
        "Change terms but forget the version (#11)",
    ]
    assert [str(revision.commit.pull_request) for revision in history.revisions] == [
        "None",
        "None",
        "#7",
        "#9",
        "None",
        "#11",
    ]
    assert history.revisions[0].commit.date == "2026-01-01T10:01:00+00:00"


def test_a_broken_revision_stays_in_the_history_with_its_first_error(partnership) -> None:
    _, history = partnership
    broken = history.revisions[4]
    assert not broken.valid
    assert (broken.error.rule, broken.error.line) == ("yaml-syntax", 5)
    assert "flow sequence at line 4" in broken.error.message
    assert history.current is history.revisions[5]


def test_versions_group_revisions_and_track_ratification(partnership) -> None:
    _, history = partnership
    summary = [
        (
            version.number,
            len(version.revisions),
            history.standings[version.number].state,
            history.standings[version.number].missing,
        )
        for version in history.versions
    ]
    # Tomas approved version 3 on the branch before the weekly call was added to it: his
    # approval counts for the terms he saw, not for those merged.
    assert summary == [(1, 2, "ratified", ()), (2, 1, "pending", ("greenmill",)), (3, 2, "pending", ("greenmill",))]


def test_a_merge_counts_approvals_from_its_branch_commits_that_changed_the_charter(partnership) -> None:
    _, history = partnership
    merge = history.revisions[3]
    assert len(merge.commit.parents) == 2
    assert sorted((record.approval.email, record.commit.subject) for record in merge.approvals) == [
        ("ada@riverside.example", "Merge pull request #9 from greenmill/tighten"),
        ("tomas@greenmill.example", "Halve the notice time"),
    ]
    tomas, ada = sorted(merge.approvals, key=lambda record: record.approval.email, reverse=True)
    assert (tomas.version, ada.version) == (3, 3)
    assert ada.digest == history.standings[3].digest != tomas.digest, "each saw the terms of its own commit"


def test_changes_are_classified(partnership) -> None:
    _, history = partnership
    described = {
        revision.commit.subject: [
            (change.describe(), change.effect) for change in history.changes.get(revision.commit.id, [])
        ]
        for revision in history.revisions
    }
    assert described["Log the date of the next review"] == [("reviews next: 2027-06-01 → 2027-09-01", Effect.NEUTRAL)]
    assert described["Check bad news quarterly (#7)"] == [
        ("version: 1 → 2", Effect.NEUTRAL),
        ("benchmark bad-news-48h: cadence monthly → quarterly", Effect.LOOSENED),
    ]
    assert described["Merge pull request #9 from greenmill/tighten"] == [
        ("version: 2 → 3", Effect.NEUTRAL),
        (
            "benchmark bad-news-48h: threshold at most 48 hours → at most 24 hours",
            Effect.TIGHTENED,
        ),
        ("commitment weekly-call (greenmill) added", Effect.TIGHTENED),
    ]


def test_drift_lists_each_loosening_with_its_pull_request_and_approval(partnership) -> None:
    _, history = partnership
    assert [
        (str(item.revision.commit.pull_request), item.change.describe(), item.version, item.ratified)
        for item in history.loosenings
    ] == [("#7", "benchmark bad-news-48h: cadence monthly → quarterly", 2, False)]


def test_changing_terms_without_raising_the_version_breaks_a_rule(partnership) -> None:
    _, history = partnership
    assert [(revision.commit.subject, rule_break.rule) for revision, rule_break in history.rule_breaks] == [
        ("Change terms but forget the version (#11)", "version-not-raised")
    ]
    assert "set `version: 4`" in history.rule_breaks[0][1].hint


def test_a_renamed_charter_keeps_its_history(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add", {"charters/old-name.yaml": charter("old-name")}, approvals=(ADA, TOMAS))
    new_text = charter("new-name", ("version: 1", "version: 2"))
    repo.rename("charters/old-name.yaml", "charters/new-name.yaml", new_text, "Rename (#3)", approvals=(ADA, TOMAS))
    (history,) = histories(repo.root).values()
    assert history.charter_id == "new-name"
    assert [(revision.path, revision.previous_path) for revision in history.revisions] == [
        ("charters/old-name.yaml", None),
        ("charters/new-name.yaml", "charters/old-name.yaml"),
    ]
    assert [change.describe() for change in history.changes[history.revisions[1].commit.id]] == [
        "id: old-name → new-name",
        "version: 1 → 2",
    ]
    assert history.rule_breaks == ()


def test_a_charter_renamed_back_over_a_deleted_file_keeps_its_own_history(tmp_path: Path) -> None:
    # Two lineages end at the same path; the one still in the repository is the charter.
    repo = GitRepo(tmp_path)
    repo.commit("Add oats", {"charters/oats.yaml": charter("oats")})
    repo.rename("charters/oats.yaml", "charters/barley.yaml", charter("barley"), "Rename to barley")
    repo.commit("Add another oats", {"charters/oats.yaml": charter("oats", ("version: 1", "version: 7"))})
    repo.commit("Remove the other oats", {"charters/oats.yaml": None})
    repo.rename("charters/barley.yaml", "charters/oats.yaml", charter("oats"), "Back to oats")
    lineages = read_lineages(repo.root, "charters")
    assert [revision.commit.subject for revision in lineages[0].revisions] == [
        "Add oats",
        "Rename to barley",
        "Back to oats",
    ]
    assert len(lineages) == 1 and not lineages[0].removed


def test_a_deleted_and_re_added_charter_is_one_history(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add", {PATH: V1})
    repo.commit("Remove", {PATH: None})
    repo.commit("Bring back", {PATH: V1_REVIEWED})
    (history,) = histories(repo.root).values()
    assert [revision.deleted for revision in history.revisions] == [False, True, False]
    assert not history.removed
    assert [version.number for version in history.versions] == [1]
    repo.commit("Remove again", {PATH: None})
    assert histories(repo.root)[PATH].removed


def test_a_shallow_clone_is_refused_with_the_fix(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "origin")
    repo.commit("Add", {PATH: V1})
    repo.commit("Review", {PATH: V1_REVIEWED})
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(tmp_path / "shallow")], check=True)
    with pytest.raises(GitError, match="fetch-depth: 0"):
        read_lineages(tmp_path / "shallow", "charters")


def test_outside_a_repository_the_error_says_so(tmp_path: Path) -> None:
    with pytest.raises(GitError, match="not a git repository"):
        read_lineages(tmp_path, "charters")


def _git_calls_to_read(repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many git processes reading the history starts, counted by a logging wrapper."""
    shim, log = tmp_path / "shim", tmp_path / "git-calls.log"
    shim.mkdir(exist_ok=True)
    log.write_text("")
    real_git = subprocess.run(["which", "git"], capture_output=True, text=True, check=True).stdout.strip()
    (shim / "git").write_text(f'#!/bin/sh\necho "$*" >> {log}\nexec {real_git} "$@"\n')
    (shim / "git").chmod(0o755)
    with monkeypatch.context() as patched:
        patched.setenv("PATH", f"{shim}:{os.environ['PATH']}")
        histories(repo.root)
    return len(log.read_text().splitlines())


def test_git_processes_do_not_grow_with_revisions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Start", {"README.md": "Charters\n"})
    calls = []
    for round_number in range(3):
        for name in ("a", "b", "c"):
            for step in range(5):
                path = f"charters/{name}.yaml"
                text = charter(name, ("next: 2027-06-01", f"next: 2027-06-{10 + round_number * 5 + step}"))
                repo.branch(f"{name}-{round_number}-{step}")
                repo.commit(f"Review {name}", {path: text}, approvals=(ADA,))
                repo.merge(f"{name}-{round_number}-{step}", f"Merge pull request #{round_number}{step} from x/y")
        calls.append(_git_calls_to_read(repo, tmp_path, monkeypatch))
    assert calls[0] == calls[1] == calls[2] == 8


@pytest.mark.parametrize(
    ("old_version", "new_version", "new_value", "said"),
    [
        (2, 3, 24, None),
        (
            2,
            2,
            24,
            (
                "version-not-raised",
                "the terms changed but version stayed at 2",
                "set `version: 3`: it rises by exactly one when the terms change",
            ),
        ),
        (
            2,
            4,
            24,
            (
                "version-not-raised",
                "the terms changed but version went from 2 to 4",
                "set `version: 3`: it rises by exactly one when the terms change",
            ),
        ),
        (
            2,
            1,
            24,
            (
                "published-version-changed",
                "version 1 was published in 0123456789 with other terms; published terms never change",
                "set `version: 3` for the new terms",
            ),
        ),
        (
            2,
            3,
            48,
            (
                "version-without-terms",
                "version went from 2 to 3 but the terms did not change",
                "keep `version: 2`: reviews, status and tags are the record, not the terms",
            ),
        ),
        (2, 2, 48, None),
    ],
)
def test_version_rules(old_version: int, new_version: int, new_value: int, said: tuple | None) -> None:
    def data(version: int, value: int) -> dict:
        return {"version": version, "benchmarks": [{"id": "b", "threshold": {"value": value}}], "reviews": {}}

    published = {1: Published(FIRST, terms(data(1, 96))), 2: Published(SECOND, terms(data(2, 48)))}
    rule_break = check_version(data(old_version, 48), published, data(new_version, new_value))
    assert (rule_break and (rule_break.rule, rule_break.message, rule_break.hint)) == said


def test_the_version_hint_counts_from_the_highest_published_version() -> None:
    def data(version: int, value: int) -> dict:
        return {"version": version, "benchmarks": [{"id": "b", "threshold": {"value": value}}], "reviews": {}}

    nothing_published = check_version(data(1, 48), {}, data(1, 24))
    assert nothing_published.hint == "set `version: 2`: it rises by exactly one when the terms change"
    # Version 3 was published, then the file went back to version 2's terms.
    published = {number: Published(FIRST, terms(data(number, 100 - number))) for number in (1, 2, 3)}
    assert check_version(data(2, 98), published, data(2, 24)).hint.startswith("set `version: 4`")


@pytest.mark.parametrize(
    ("field", "value"), [("tags", ["oats", "renamed"]), ("status", "ended"), ("reviews", {"cadence": "annual"})]
)
def test_the_record_fields_are_not_the_terms(field: str, value) -> None:
    record = {"version": 2, "benchmarks": [{"id": "b"}], "tags": ["oats"], "status": "active", "reviews": {}}
    edited = {**record, field: value}
    assert terms(edited) == terms(record) == {"benchmarks": [{"id": "b"}]}
    assert check_version(record, {2: Published(FIRST, terms(record))}, edited) is None


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("Merge pull request #12 from greenmill/tighten\n\nApproved-by: A <a@b.example>", "#12"),
        ("Halve the notice time (#34)", "#34"),
        ("Merge branch 'tighten' into 'main'\n\nHalve it\n\nSee merge request partners/charters!56", "!56"),
        ("Fix typo, see !78", "!78"),
        ("Tidy the purpose\n\nMentions #99 only in the body", None),
        ("Plain commit", None),
    ],
)
def test_pull_requests_are_read_from_merge_and_squash_messages(message: str, expected: str | None) -> None:
    date = "2026-01-01T00:00:00+00:00"
    commit = Commit(
        "c" * 40,
        (),
        "A",
        "a@a.example",
        date,
        "a@a.example",
        date,
        message.split("\n")[0],
        message,
        Positions(),
        "-",
        "",
        "",
    )
    assert (str(commit.pull_request) if commit.pull_request else None) == expected


def test_benchmarks_no_longer_assessed_are_part_of_the_history(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    log = "\n".join(
        f"    - {{date: 2026-0{month}-01, results: [{{benchmark: bad-news-48h, result: {result}}}]}}"
        for month, result in ((3, "met"), (4, "not-assessed"), (5, "not-assessed"))
    )
    text = charter(
        "riverside-greenmill",
        (
            "reviews: {cadence: quarterly, next: 2027-06-01}",
            f"reviews:\n  cadence: quarterly\n  next: 2027-06-01\n  log:\n{log}",
        ),
    )
    repo.commit("Add with a review log", {PATH: text})
    assert histories(repo.root)[PATH].no_longer_assessed == ["bad-news-48h"]


def _lineages(root: Path, cached: bool = True):
    return read_lineages(root, "charters", cache=CacheFolder(root) if cached else None)


def test_parsed_revisions_are_cached_by_content_across_runs(tmp_path: Path) -> None:
    repo = build_partnership(tmp_path / "repo")
    first = _lineages(repo.root)
    cache_files = list((repo.root / ".charters-cache").glob("revisions-*/*"))
    assert len(cache_files) == 1, "one file per charter"
    entries = ParseCache(CacheFolder(repo.root)).entries(PATH)
    assert len(entries) == 7  # every revision of the charter once, and the branch commit that approved one
    # A marked entry proves the second read comes from the cache, not from parsing.
    (blob, path), kept = next((key, value) for key, value in entries.items() if kept_version(value) == 1)
    cache = ParseCache(CacheFolder(repo.root))
    cache.put(PATH, path, blob, Document(path, {**kept.data, "title": "From the cache"}, {}, {}), None, kept.digest)
    cache.save()
    second = _lineages(repo.root)
    assert second[0].revisions[0].document.data["title"] == "From the cache"
    assert [revision.valid for revision in second[0].revisions] == [revision.valid for revision in first[0].revisions]
    assert second[0].revisions[4].error == first[0].revisions[4].error, "errors are cached too"


def kept_version(revision) -> int | None:
    return revision.data["version"] if revision.data else None


def test_a_cache_from_another_build_of_the_tool_is_ignored_and_removed(tmp_path: Path) -> None:
    repo = build_partnership(tmp_path / "repo")
    first = _lineages(repo.root)
    current = repo.root / ".charters-cache" / ParseCache(CacheFolder(repo.root)).folder
    assert current.name == f"revisions-{tool_fingerprint()[:16]}"
    # The same entries, marked, as an older build of the tool would have left them.
    older = current.with_name("revisions-0000000000000000")
    shutil.copytree(current, older)
    stale = ParseCache(CacheFolder(repo.root))
    stale.folder = older.name
    for (blob, path), kept in stale.entries(PATH).items():
        if kept.data:
            stale.put(PATH, path, blob, Document(path, {**kept.data, "title": "Stale"}, {}, {}), None, kept.digest)
    stale.save()  # which, like any save, removes the folders of other tool builds
    assert not current.exists()
    again = _lineages(repo.root)
    assert again[0].revisions[0].document.data["title"] == first[0].revisions[0].document.data["title"] != "Stale"
    assert not older.exists() and current.exists()


def test_a_long_history_is_parsed_on_every_core_with_the_same_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bench.synthetic import make_repository
    from generator.history import positions, revisions

    # 500 revisions and 500 positions naming a version: past the parallel threshold
    root = make_repository(tmp_path / "repo", 20, 25)
    assert revisions.PARSE_IN_PARALLEL_FROM <= 20 * 25

    def summary(lineages):
        return [
            (revision.commit.id, revision.document.data if revision.valid else revision.error)
            for lineage in lineages
            for revision in lineage.revisions
        ]

    def seen(named):
        return sorted((position.commit.id, position.seen_version, position.seen_digest) for position in named)

    def seen_by_lineage(lineages):
        return [seen(lineage.context.named[lineage.path[9:-5]]) for lineage in lineages]

    lineages = read_lineages(root, "charters")
    in_parallel, seen_in_parallel = summary(lineages), seen_by_lineage(lineages)
    # Positions whose files the revisions do not hold are read on their own, here all 500.
    unresolved = read_history(root, "charters").context.named
    assert all(position.seen_version is None for positions in unresolved.values() for position in positions)
    alone = with_terms_seen(root, unresolved, {})
    assert [seen(alone[f"charter-{index:04d}"]) for index in range(20)] == seen_in_parallel
    monkeypatch.setattr(revisions, "PARSE_IN_PARALLEL_FROM", 10**9)
    monkeypatch.setattr(positions, "PARSE_IN_PARALLEL_FROM", 10**9)
    lineages = read_lineages(root, "charters")
    assert summary(lineages) == in_parallel
    assert seen_by_lineage(lineages) == seen_in_parallel
    # A group at a time, each parsed while the one before is taken, kept in the cache.
    monkeypatch.setattr(revisions, "PARSE_IN_PARALLEL_FROM", 10)
    monkeypatch.setattr(revisions, "_GROUP_REVISIONS", 60)
    for _ in range(2):
        lineages = read_lineages(root, "charters", cache=CacheFolder(root))
        assert summary(lineages) == in_parallel and seen_by_lineage(lineages) == seen_in_parallel
    assert len(list((root / ".charters-cache").glob("revisions-*/*"))) == 20
    assert seen(with_terms_seen(root, unresolved, {})["charter-0003"]) == seen_in_parallel[3]
    assert len(in_parallel) == 500
    # Each position saw the version of the revision just before it, valid.
    assert [version for _, version, _ in seen_in_parallel[3]].count(1) == 5
    assert all(digest.startswith("sha256:") for _, _, digest in seen_in_parallel[3])


def _subjects(root: Path, cached: bool) -> list[list[str]]:
    return [[revision.commit.subject for revision in lineage.revisions] for lineage in _lineages(root, cached)]


def _mark_first_commit(root: Path, subject: str) -> None:
    cache = LogCache(CacheFolder(root), "charters")
    tip, logged = cache.read()
    first = logged[0]
    logged[0] = dataclasses.replace(first, commit=dataclasses.replace(first.commit, subject=subject))
    cache.save(tip, logged)


def test_the_main_line_is_read_from_git_only_since_the_last_read(tmp_path: Path) -> None:
    repo = build_partnership(tmp_path / "repo")
    assert _subjects(repo.root, cached=True) == _subjects(repo.root, cached=False)
    # A marked first commit proves later reads take the kept main line and add to it.
    _mark_first_commit(repo.root, "From the cache")
    repo.commit("Review booked (#30)", {PATH: (repo.root / PATH).read_text() + "# booked\n"}, approvals=(ADA,))
    subjects = _subjects(repo.root, cached=True)[0]
    assert subjects[0] == "From the cache" and subjects[-1] == "Review booked (#30)"
    assert subjects[1:] == _subjects(repo.root, cached=False)[0][1:]


def test_a_rewritten_main_line_is_read_again_in_full(tmp_path: Path) -> None:
    repo = build_partnership(tmp_path / "repo")
    _subjects(repo.root, cached=True)
    _mark_first_commit(repo.root, "Stale")
    repo.git("commit", "--amend", "-q", "-m", "Amended (#31)")
    assert _subjects(repo.root, cached=True) == _subjects(repo.root, cached=False)


def _positions(root: Path) -> list[tuple[str, bool]]:
    """Each position naming a version read with the caches: its commit's subject, and
    whether it is a ledger line."""
    named = read_history(root, "charters", cache=CacheFolder(root)).context.named
    return sorted((position.commit.subject, position.ledger) for position in named.get("riverside-greenmill", []))


def test_positions_are_read_from_git_only_since_the_last_read(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add the charter", {PATH: V1})
    repo.commit(f"Ada approves\n\nApproves: riverside-greenmill v1\nApproved-by: {ADA}", author=ADA)
    ledger = "approvals/riverside-greenmill.yaml"
    repo.commit("Tomas approves", {ledger: "- {version: 1, position: approve, by: tomas@greenmill.example}\n"})
    both = [("Ada approves", False), ("Tomas approves", True)]
    assert _positions(repo.root) == both
    # Emptied logs prove later reads take what is kept and add only what came since.
    store = CacheFolder(repo.root)
    for name in ("positions named in commit messages", "ledgers' changes", "ledgers' changes on the main line"):
        kept = LogCache(store, name)
        kept.save(kept.read()[0], [])
    assert _positions(repo.root) == []
    repo.commit(f"Ada again\n\nApproves: riverside-greenmill v1\nApproved-by: {ADA}", author=ADA)
    assert _positions(repo.root) == [("Ada again", False)]
    repo.git(
        "commit",
        "--amend",
        "--allow-empty",
        "-q",
        "-m",
        f"Ada, amended\n\nApproves: riverside-greenmill v1\nApproved-by: {ADA}",
    )
    assert _positions(repo.root) == sorted([*both, ("Ada, amended", False)]), "a rewritten main line is read whole"


def test_an_approval_by_someone_who_represents_no_party_is_kept_apart(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add the charter", {PATH: V1}, approvals=("Eve Stranger <eve@elsewhere.example>", ADA.upper()))
    standing = histories(repo.root)[PATH].standings[1]
    assert [(position.email, position.party, position.counts) for position in standing.positions] == [
        ("eve@elsewhere.example", None, False),
        ("ADA@RIVERSIDE.EXAMPLE", "riverside", True),
    ]
    assert standing.missing == ("greenmill",)


def test_going_back_to_an_earlier_versions_terms_needs_a_new_number(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add the charter", {PATH: V1})
    repo.commit("Check bad news quarterly", {PATH: V2_QUARTERLY})
    repo.commit("Back to monthly", {PATH: V1})
    ((revision, rule_break),) = histories(repo.root)[PATH].rule_breaks
    assert revision.commit.subject == "Back to monthly"
    assert (rule_break.rule, rule_break.message, rule_break.hint) == (
        "version-not-raised",
        "the terms changed but version went from 2 to 1",
        "set `version: 3`: it rises by exactly one when the terms change",
    )


def _loaded(text: str) -> dict:
    document = load_charter(PATH, text.encode()).document
    assert document is not None
    return document.data


def test_a_terms_digest_is_of_the_canonical_json_of_the_terms_alone() -> None:
    data = _loaded(charter())
    # For whole numbers and text, RFC 8785 is JSON with sorted keys and no spaces: an oracle
    # the library under the digest had no part in.
    oracle = json.dumps(terms(data), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert terms_digest(data) == "sha256:" + hashlib.sha256(oracle.encode()).hexdigest()
    reviewed = _loaded(charter("riverside-greenmill", ("next: 2027-06-01", "next: 2027-09-01")))
    renumbered = _loaded(charter("riverside-greenmill", ("version: 1", "version: 2")))
    assert terms_digest(reviewed) == terms_digest(renumbered) == terms_digest(data), "record and number are not terms"
    tighter = _loaded(charter("riverside-greenmill", ("value: 48", "value: 24")))
    assert terms_digest(tighter) != terms_digest(data)


def test_the_same_terms_written_another_way_have_the_same_digest() -> None:
    data = _loaded(charter())
    flow = _loaded(
        charter(
            "riverside-greenmill",
            (
                "threshold: {value: 48, unit: hours, direction: max}",
                'threshold: {direction: max, "unit": hours, value: 48}',
            ),
        )
    )
    assert flow == data and terms_digest(flow) == terms_digest(data)


def test_a_fraction_in_the_terms_is_written_as_rfc_8785_says() -> None:
    """RFC 8785, 3.2.2.3: numbers as ECMAScript writes them (0.05, not 5e-02; 1e+21)."""
    data = _loaded(charter("riverside-greenmill", ("value: 48", "value: 0.05")))
    canonical = rfc8785.dumps(terms(data)).decode()
    assert '"value":0.05' in canonical
    assert rfc8785.dumps([1e21, 1e-7, 100.0]) == b"[1e+21,1e-7,100]"


def test_the_file_each_commit_holds_is_told_by_the_logs_as_git_tells_it(tmp_path: Path) -> None:
    from generator.demo.repository import make_repository

    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add the charter", {PATH: V1})
    repo.branch("edit")
    repo.commit("Review quarterly", {PATH: V2_QUARTERLY, "approvals/riverside-greenmill.yaml": "[]\n"})
    repo.checkout("main")
    repo.commit("Meanwhile", {"charters/other.yaml": V1.replace("riverside-greenmill", "other")})
    repo.merge("edit", "Merge pull request #2 from riverside/edit")
    repo.rename(
        PATH, "charters/riverside.yaml", V1_REVIEWED.replace("id: riverside-greenmill", "id: riverside"), "Rename"
    )
    repo.commit("Withdraw the other", {"charters/other.yaml": None, "approvals/riverside-greenmill.yaml": None})
    repo.commit("Bring it back", {"charters/other.yaml": V1.replace("riverside-greenmill", "other")})
    (tmp_path / "demo").mkdir()
    make_repository(tmp_path / "demo")
    for root in (repo.root, tmp_path / "demo"):  # the demo: merges, ledgers, branches
        main_line = read_main_line(root, "HEAD")
        for folder in ("charters", "approvals"):
            first_parent = read_log(root, "HEAD", folder, first_parent=True)
            others = read_log(root, "HEAD", folder, first_parent=False)
            paths = {
                path
                for logged in [*first_parent, *others]
                for change in logged.changes
                for path in (change.path, change.old_path)
                if path
            }
            wanted = {(commit, path) for commit in main_line.order for path in paths}
            told = FileStates(others, main_line, first_parent).blob_ids(root, wanted)
            assert told == read_file_ids(root, wanted) and len(told) > len(paths)
