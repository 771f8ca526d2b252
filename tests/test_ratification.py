"""Ratification read from real repositories: positions at any time, their evidence, trusted
keys, objections, drafts, and the dates each version is in force."""

from __future__ import annotations

from pathlib import Path

from generator.history import read_lineages
from generator.history.people import Evidence
from generator.model.history import CharterHistory, charter_history
from tests.conftest import TODAY
from tests.gitrepo import ADA, PATH, TOMAS, V1, GitRepo, charter, ssh_key

ADA_EMAIL, TOMAS_EMAIL = "ada@riverside.example", "tomas@greenmill.example"
V2 = charter("riverside-greenmill", ("version: 1", "version: 2"), ("value: 48", "value: 24"))  # tighter
V2_LOOSER = charter("riverside-greenmill", ("version: 1", "version: 2"), ("value: 48", "value: 72"))


def history(repo: GitRepo) -> CharterHistory:
    (lineage,) = [lineage for lineage in read_lineages(repo.root, "charters") if lineage.path == PATH]
    return charter_history(lineage, TODAY)


def with_rule(text: str, evidence: str) -> str:
    return text.replace("voice:", f"ratification: {{evidence: {evidence}}}\nvoice:")


def positions(standing) -> list[tuple[str, bool, str, bool]]:
    return [(p.email, p.approves, p.evidence.label, p.counts) for p in standing.positions]


def test_an_approval_after_the_merge_ratifies_the_version_from_that_day(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add the charter", {PATH: V1}, approvals=(ADA,))
    assert history(repo).standings[1].state == "pending"
    repo.day = "2026-02-10"
    repo.commit(f"Approve v1\n\nApproves: riverside-greenmill v1\nApproved-by: {TOMAS}", author=TOMAS)
    standing = history(repo).standings[1]
    assert (standing.state, standing.ratified_on, standing.evidence) == ("ratified", "2026-02-10", Evidence.RECORDED)
    # In force from the later of the effective date and the ratification day.
    assert (standing.starts, standing.ends, standing.in_force) == ("2026-03-01", None, True)
    assert positions(standing) == [(ADA_EMAIL, True, "recorded", True), (TOMAS_EMAIL, True, "authored", True)]


def test_a_typed_approval_is_recorded_by_its_author_and_does_not_count_under_authored(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    text = with_rule(V1, "authored")
    repo.commit("Add the charter", {PATH: text}, approvals=(ADA, TOMAS), author=ADA)
    standing = history(repo).standings[1]
    tomas = next(position for position in standing.positions if position.email == TOMAS_EMAIL)
    assert (tomas.evidence, tomas.recorded_by) == (Evidence.RECORDED, "Ada Moss")
    assert (standing.state, standing.missing, standing.rule) == ("pending", ("greenmill",), Evidence.AUTHORED)
    repo.commit(f"Tomas approves\n\nApproves: riverside-greenmill v1\nApproved-by: {TOMAS}", author=TOMAS)
    assert history(repo).standings[1].state == "ratified"


def test_an_approval_names_the_digest_of_what_it_approves(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add the charter", {PATH: V1}, approvals=(ADA,))
    digest = history(repo).standings[1].digest.removeprefix("sha256:")
    repo.commit(f"Wrong pin\n\nApproves: riverside-greenmill v1 sha256:{'0' * 12}\nApproved-by: {TOMAS}")
    assert history(repo).standings[1].state == "pending", "a pin of other terms does not count"
    repo.commit(f"Right pin\n\nApproves: riverside-greenmill v1 sha256:{digest[:12]}\nApproved-by: {TOMAS}")
    assert history(repo).standings[1].state == "ratified"


def test_an_objection_blocks_until_withdrawn(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add the charter", {PATH: V1}, approvals=(ADA,))
    repo.commit(
        "Object to v1\n\nThe audit clause is one-sided.\n\nObjects: riverside-greenmill v1\nObjected-by: " + TOMAS,
        author=TOMAS,
    )
    standing = history(repo).standings[1]
    assert standing.state == "blocked"
    assert [(o.email, o.reason) for o in standing.objections] == [(TOMAS_EMAIL, "The audit clause is one-sided.")]
    repo.day = "2026-03-05"
    repo.commit(f"Withdraw\n\nApproves: riverside-greenmill v1\nApproved-by: {TOMAS}", author=TOMAS)
    standing = history(repo).standings[1]
    assert (standing.state, standing.ratified_on, standing.starts) == ("ratified", "2026-03-05", "2026-03-05")
    assert standing.objections == (), "a withdrawn objection is not one that came after ratification"


def test_within_one_commit_an_objection_wins(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add the charter", {PATH: V1}, approvals=(ADA,))
    repo.commit(
        "Both\n\nno\n\n"
        f"Approves: riverside-greenmill v1\nApproved-by: {TOMAS}\nObjects: riverside-greenmill v1\nObjected-by: {TOMAS}"
    )
    assert history(repo).standings[1].state == "blocked"


def test_an_objection_after_ratification_is_shown_and_does_not_undo_it(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add the charter", {PATH: V1}, approvals=(ADA, TOMAS))
    repo.commit("Second thoughts\n\nToo late, but said.\n\nObjects: riverside-greenmill v1\nObjected-by: " + TOMAS)
    standing = history(repo).standings[1]
    assert standing.state == "ratified"
    assert [(o.email, o.after_ratification) for o in standing.objections] == [(TOMAS_EMAIL, True)]


def test_a_ratified_version_with_a_future_effective_date_comes_into_force_then(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add the charter", {PATH: V1}, approvals=(ADA, TOMAS))
    later = V2.replace("effective: 2026-03-01", "effective: 2027-01-01")
    repo.commit("Tighten from next year", {PATH: later}, approvals=(ADA, TOMAS))
    found = history(repo)
    first, second = found.standings[1], found.standings[2]
    assert (second.state, second.starts) == ("ratified", "2027-01-01")
    assert (first.starts, first.ends) == ("2026-03-01", "2027-01-01")
    assert first.in_force_on(TODAY.isoformat()) and not second.in_force_on(TODAY.isoformat())


def test_a_loosening_waits_for_the_notice_period_of_the_version_in_force(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.day = "2026-03-01"
    with_notice = V1.replace("voice:", "amendments: {notice_days: 30}\nvoice:")
    repo.commit("Add the charter", {PATH: with_notice}, approvals=(ADA, TOMAS))
    repo.day = "2026-04-01"
    looser = V2_LOOSER.replace("voice:", "amendments: {notice_days: 30}\nvoice:")
    repo.commit("Allow 72 hours", {PATH: looser}, approvals=(ADA, TOMAS))
    second = history(repo).standings[2]
    assert (second.ratified_on, second.notice_days, second.starts) == ("2026-04-01", 30, "2026-05-01")
    tighter = charter("riverside-greenmill", ("version: 1", "version: 3"), ("value: 48", "value: 12"))
    repo.commit(
        "Back to 12 hours",
        {PATH: tighter.replace("voice:", "amendments: {notice_days: 30}\nvoice:")},
        approvals=(ADA, TOMAS),
    )
    third = history(repo).standings[3]
    assert (third.notice_days, third.starts) == (0, "2026-04-01"), "a tightening needs no notice"


def test_the_notice_period_is_that_of_the_latest_version_in_force_and_none_without_one(tmp_path: Path) -> None:
    def notice(text: str, days: int) -> str:
        return text.replace("voice:", f"amendments: {{notice_days: {days}}}\nvoice:")

    repo = GitRepo(tmp_path)
    repo.day = "2026-03-01"
    repo.commit("Add the charter", {PATH: notice(V1, 10)}, approvals=(ADA, TOMAS))
    repo.commit("Tighten, longer notice", {PATH: notice(V2, 60)}, approvals=(ADA, TOMAS))
    repo.day = "2026-04-01"
    looser = charter("riverside-greenmill", ("version: 1", "version: 3"), ("value: 48", "value: 72"))
    repo.commit("Allow 72 hours", {PATH: notice(looser, 60)}, approvals=(ADA, TOMAS))
    third = history(repo).standings[3]
    assert (third.notice_days, third.starts) == (60, "2026-05-31"), "version 2 governs, not version 1"
    plain = GitRepo(tmp_path / "plain")
    plain.day = "2026-03-01"
    plain.commit("Add the charter", {PATH: V1}, approvals=(ADA, TOMAS))
    plain.day = "2026-04-01"
    plain.commit("Allow 72 hours", {PATH: V2_LOOSER}, approvals=(ADA, TOMAS))
    assert history(plain).standings[2].starts == "2026-04-01", "no notice period, no wait"


def test_a_period_in_force_includes_its_first_day_and_ends_before_its_last(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    ending = V1.replace("effective: 2026-03-01", "effective: 2026-03-01\nends: 2026-06-30")
    repo.commit("Add the charter", {PATH: ending}, approvals=(ADA, TOMAS))
    standing = history(repo).standings[1]
    assert (standing.starts, standing.ends) == ("2026-03-01", "2026-06-30"), "the charter's end date ends it"
    assert standing.in_force_on("2026-03-01") and standing.in_force_on("2026-06-29")
    assert not standing.in_force_on("2026-02-28") and not standing.in_force_on("2026-06-30")
    repo.commit("End it", {PATH: ending.replace("status: active", "status: ended")})
    assert history(repo).standings[1].ends == "2026-01-01", "ended on the day that revision reached the main line"


def test_a_ratified_version_keeps_the_rule_it_was_ratified_under(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.day = "2026-03-01"
    repo.commit("Add the charter", {PATH: V1}, approvals=(ADA, TOMAS))
    repo.day = "2026-03-02"  # version 1 in force: its rule governs version 2
    repo.commit("Only signed approvals from now on", {PATH: with_rule(V2, "signed")}, approvals=(ADA, TOMAS))
    found = history(repo)
    assert (found.standings[1].rule, found.standings[2].rule) == (Evidence.RECORDED, Evidence.RECORDED)
    v3 = with_rule(charter("riverside-greenmill", ("version: 1", "version: 3"), ("value: 48", "value: 12")), "signed")
    repo.commit("Tighten again", {PATH: v3}, approvals=(ADA, TOMAS))
    found = history(repo)
    assert found.standings[3].rule is Evidence.SIGNED, "version 2, in force, governs version 3"
    assert found.standings[2].rule is Evidence.RECORDED, "ratified under version 1's rule, and stays so"


def test_a_branch_approval_given_before_the_terms_changed_again_does_not_count(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add the charter", {PATH: V1}, approvals=(ADA, TOMAS))
    repo.branch("tighten")
    repo.commit("Tighten", {PATH: V2}, approvals=(TOMAS,), author=TOMAS)
    repo.commit("Tighten more", {PATH: V2.replace("value: 24", "value: 12")})
    repo.merge("tighten", "Merge pull request #3 from greenmill/tighten", approvals=(ADA,))
    standing = history(repo).standings[2]
    assert standing.state == "pending" and standing.missing == ("greenmill",)
    tomas = next(position for position in standing.positions if position.email == TOMAS_EMAIL)
    assert not tomas.counts and tomas.seen != standing.digest


def test_a_late_approval_of_an_earlier_version_counts_for_its_published_terms(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add the charter", {PATH: V1}, approvals=(ADA,))
    repo.commit("Tighten", {PATH: V2}, approvals=(ADA,))
    repo.commit(f"Approve v1 late\n\nApproves: riverside-greenmill v1\nApproved-by: {TOMAS}")
    found = history(repo)
    assert (found.standings[1].state, found.standings[2].state) == ("ratified", "pending")


def test_squash_and_two_parent_merges(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add the charter", {PATH: V1}, approvals=(ADA, TOMAS), author=ADA)
    repo.branch("tighten")
    repo.commit("Tighten", {PATH: V2}, author=TOMAS, approvals=(TOMAS,))
    repo.merge("tighten", "Tighten (#4)", approvals=(ADA, TOMAS), squash=True)
    squashed = history(repo).standings[2]
    assert {p.evidence for p in squashed.positions} == {Evidence.RECORDED}, "a squash keeps only typed text"
    repo.branch("again")
    v3 = charter("riverside-greenmill", ("version: 1", "version: 3"), ("value: 48", "value: 12"))
    repo.commit("Tighten again", {PATH: v3}, author=TOMAS, approvals=(TOMAS,))
    repo.merge("again", "Merge pull request #5 from greenmill/again", approvals=(ADA,))
    merged = history(repo).standings[3]
    assert positions(merged) == [(TOMAS_EMAIL, True, "authored", True), (ADA_EMAIL, True, "recorded", True)]


def signed_charter(tmp_path: Path, platform, other: str) -> tuple[GitRepo, tuple[Path, str], tuple[Path, str]]:
    """A charter that counts only signed approvals, and Ada's key, added by Ada herself in
    the web interface (the platform signs that commit for her); and a key named ``other``."""
    repo = GitRepo(tmp_path / "repo")
    ada, second = ssh_key(tmp_path, "ada"), ssh_key(tmp_path, other)
    repo.commit("Add the charter", {PATH: with_rule(V1, "signed")})
    platform.commit(repo, "Add my key", {".allowed_signers": f"{ADA_EMAIL} {ada[1]}\n"}, author=ADA)
    repo.git("config", "gpg.format", "ssh")
    return repo, ada, second


def test_a_signed_approval_counts_and_a_key_one_party_adds_for_the_other_does_not(tmp_path: Path, platform) -> None:
    repo, (ada_key, ada_public), (mallory_key, mallory_public) = signed_charter(tmp_path, platform, "mallory")
    # Ada then adds a key of her own making under Tomas's address, signed with her trusted key.
    repo.git("config", "user.signingkey", str(ada_key))
    both = f"{ADA_EMAIL} {ada_public}\n{TOMAS_EMAIL} {mallory_public}\n"
    repo.commit("Add Tomas's key", {".allowed_signers": both}, sign=True, author=ADA)
    repo.commit(f"Ada approves\n\nApproves: riverside-greenmill v1\nApproved-by: {ADA}", sign=True, author=ADA)
    repo.git("config", "user.signingkey", str(mallory_key))
    repo.commit(f"Forged\n\nApproves: riverside-greenmill v1\nApproved-by: {TOMAS}", sign=True, author=ADA)
    standing = history(repo).standings[1]
    assert positions(standing) == [(ADA_EMAIL, True, "signed", True), (TOMAS_EMAIL, True, "recorded", True)]
    assert (standing.state, standing.missing) == ("pending", ("greenmill",))


def test_a_ledger_line_in_a_platform_signed_commit_is_signed(tmp_path: Path, platform, monkeypatch) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add the charter", {PATH: with_rule(V1, "signed")})
    ledger = "approvals/riverside-greenmill.yaml"
    platform.commit(repo, "Approve", {ledger: f"- {{version: 1, position: approve, by: {ADA_EMAIL}}}\n"}, author=ADA)
    lines = f"- {{version: 1, position: approve, by: {ADA_EMAIL}}}\n- {{version: 1, position: approve, by: {TOMAS_EMAIL}}}\n"
    repo.commit("Typed by Ada for Tomas", {ledger: lines}, author=ADA)
    standing = history(repo).standings[1]
    assert [(p.email, p.evidence.label, p.given) for p in standing.positions] == [
        (ADA_EMAIL, "signed", "ledger"),
        (TOMAS_EMAIL, "recorded", "ledger"),
    ]
    assert standing.missing == ("greenmill",)
    objection = lines + f"- {{version: 1, position: object, by: {TOMAS_EMAIL}, reason: Not this way}}\n"
    platform.commit(repo, "Object", {ledger: objection}, author=TOMAS)
    standing = history(repo).standings[1]
    assert standing.state == "blocked" and standing.objections[0].reason == "Not this way"
    monkeypatch.delenv("CHARTERS_PLATFORM_KEYS")
    unchecked = history(repo).standings[1]
    assert [p.evidence.label for p in unchecked.positions] == ["authored", "recorded", "authored"], (
        "without the platform's key, its signature proves nothing"
    )


def test_a_draft_may_change_under_one_number_until_ratified(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    draft = V1.replace("status: active", "status: draft")
    repo.commit("Draft", {PATH: draft}, approvals=(ADA,))
    assert history(repo).standings[1].draft, "a draft nobody ratified is marked draft"
    repo.commit("Fix the draft", {PATH: draft.replace("value: 48", "value: 36")}, approvals=(ADA, TOMAS))
    found = history(repo)
    assert found.rule_breaks == ()
    assert (found.standings[1].state, found.standings[1].draft) == ("ratified", False)
    repo.commit("Change after ratification", {PATH: draft.replace("value: 48", "value: 30")})
    assert [rule_break.rule for _, rule_break in history(repo).rule_breaks] == ["version-not-raised"]


def test_a_role_is_not_a_term_but_a_handle_is(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add the charter", {PATH: V1}, approvals=(ADA, TOMAS))
    repo.commit("New role", {PATH: V1.replace("role: Sourcing lead", "role: Head of sourcing")})
    assert history(repo).rule_breaks == ()
    repo.commit("A handle", {PATH: V1.replace("role: Sourcing lead", "role: Sourcing lead, github: ada-moss")})
    assert [rule_break.rule for _, rule_break in history(repo).rule_breaks] == ["version-not-raised"]


def test_signed_by_every_party_and_a_removed_key_keeps_what_it_signed(tmp_path: Path, platform) -> None:
    repo, (ada_key, ada_public), (tomas_key, tomas_public) = signed_charter(tmp_path, platform, "tomas")
    both = f"{ADA_EMAIL} {ada_public}\n{TOMAS_EMAIL} {tomas_public}\n"
    platform.commit(repo, "Tomas's key", {".allowed_signers": both}, author=TOMAS)
    for key, person in ((ada_key, ADA), (tomas_key, TOMAS)):
        repo.git("config", "user.signingkey", str(key))
        repo.commit(f"Approve\n\nApproves: riverside-greenmill v1\nApproved-by: {person}", sign=True, author=person)
    standing = history(repo).standings[1]
    assert (standing.state, standing.evidence) == ("ratified", Evidence.SIGNED)
    repo.commit("Tomas leaves", {".allowed_signers": f"{ADA_EMAIL} {ada_public}\n"}, author=ADA)
    assert history(repo).standings[1].evidence is Evidence.SIGNED, "removing a key changes no evidence given before"


def test_an_objections_reason_is_its_whole_body_and_an_approval_has_none(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add the charter", {PATH: V1}, approvals=(ADA,))
    repo.commit(f"Agree\n\nFine by us.\n\nApproves: riverside-greenmill v1\nApproved-by: {TOMAS}", author=TOMAS)
    repo.commit(
        "Second thoughts\n\nThe audit clause is one-sided.\n\nIt names only our books.\n\n"
        f"Objects: riverside-greenmill v1\nObjected-by: {ADA}",
        author=ADA,
    )
    given = [(p.email, p.approves, p.reason) for p in history(repo).standings[1].positions if p.given == "trailer"]
    assert given == [
        (TOMAS_EMAIL, True, ""),
        (ADA_EMAIL, False, "The audit clause is one-sided.\n\nIt names only our books."),
    ]


def test_an_approval_commit_on_a_merged_branch_counts_and_one_naming_no_charter_is_ignored(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.commit("Add the charter", {PATH: V1}, approvals=(ADA,))
    repo.commit(f"Approve a charter not here\n\nApproves: riverside-oats v1\nApproved-by: {TOMAS}", author=TOMAS)
    repo.branch("greenmill")
    approval = repo.commit(f"Approve\n\nApproves: riverside-greenmill v1\nApproved-by: {TOMAS}", author=TOMAS)
    repo.merge("greenmill", "Merge pull request #2 from greenmill/approve")
    standing = history(repo).standings[1]
    assert standing.state == "ratified"
    assert [(p.email, p.commit) for p in standing.positions if p.given == "trailer"] == [(TOMAS_EMAIL, approval)]
