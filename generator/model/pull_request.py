"""The check of a pull request: per changed charter, its problems, version, semantic
changes and which parties still have to approve."""

from __future__ import annotations

from dataclasses import dataclass

from generator.changes.diff import Change, Effect, semantic_changes
from generator.history.pull_request import ChangedCharter, PullRequestChanges
from generator.history.revisions import ApprovalRecord, Lineage, charter_id_of
from generator.history.versions import representatives
from generator.model.history import charter_history
from generator.model.published import own_lineage, reused_id_problem
from generator.model.version_check import lineage_at, version_problem
from generator.problems import Problem, has_errors


@dataclass(frozen=True)
class PartyApproval:
    party: str
    name: str
    approvals: tuple[ApprovalRecord, ...]
    representatives: tuple[tuple[str, str], ...]  # (name, email) of those who may approve

    @property
    def approved(self) -> bool:
        return bool(self.approvals)


@dataclass(frozen=True)
class CharterCheck:
    path: str
    title: str
    previous_path: str | None
    deleted: bool
    previous_version: int | None
    version: int | None
    problems: tuple[Problem, ...]
    changes: tuple[Change, ...]
    parties: tuple[PartyApproval, ...]
    unreadable_approvals: tuple[str, ...]

    @property
    def renamed(self) -> bool:
        """Whether the charter's id, and with it every address, changes."""
        return self.previous_path is not None and charter_id_of(self.previous_path) != charter_id_of(self.path)

    @property
    def missing(self) -> tuple[PartyApproval, ...]:
        return tuple(party for party in self.parties if not party.approved)

    def count(self, effect: Effect) -> int:
        return sum(change.effect is effect for change in self.changes)


@dataclass(frozen=True)
class PullRequestCheck:
    base: str
    head: str
    charters: tuple[CharterCheck, ...]

    @property
    def problems(self) -> list[Problem]:
        return sorted(problem for charter in self.charters for problem in charter.problems)

    @property
    def passed(self) -> bool:
        return not has_errors(self.problems)


def _check(
    changed: ChangedCharter, lineages: tuple[Lineage, ...], published: dict[str, tuple[str, ...]]
) -> CharterCheck:
    lineage = lineage_at(changed.previous_path or changed.path, lineages)
    history = charter_history(lineage) if lineage else None
    previous = history.current.document.data if history and history.current else None
    problems = list(changed.problems)
    current = changed.document.data if changed.document and not has_errors(problems) else None
    changes: list[Change] = []
    parties: list[PartyApproval] = []
    if current is not None:
        own = own_lineage(changed.previous_path or changed.path, published)
        reused = reused_id_problem(changed.document, own, published)
        if reused:
            problems.append(reused)
        if previous is not None:
            changes = semantic_changes(previous, current)
            rule_break = version_problem(changed.document, lineage)
            if rule_break:
                problems.append(rule_break)
        approvals = list(changed.approvals)
        earlier = history.version(current["version"]) if history else None
        if earlier is not None and previous is not None and previous["version"] == current["version"]:
            approvals += [record for party in earlier.parties for record in party.approvals]
        listed = representatives(current)
        parties = [
            PartyApproval(
                party["id"],
                party["name"],
                tuple(record for record in approvals if listed.get(record.approval.email.casefold()) == party["id"]),
                tuple((person["name"], person["email"]) for person in party["representatives"]),
            )
            for party in current["parties"]
        ]
    elif changed.deleted and previous is not None:
        changes = [Change("charter", "charter", "removed", Effect.LOOSENED, old=previous["title"])]
    title = (current or previous or {}).get("title", changed.path)
    return CharterCheck(
        changed.path,
        title,
        changed.previous_path,
        changed.deleted,
        previous["version"] if previous else None,
        current["version"] if current else None,
        tuple(sorted(problems)),
        tuple(changes),
        tuple(parties),
        changed.unreadable_approvals,
    )


def check_pull_request(changes: PullRequestChanges) -> PullRequestCheck:
    return PullRequestCheck(
        changes.base,
        changes.head,
        tuple(_check(changed, changes.base_lineages, changes.published_ids) for changed in changes.charters),
    )
