"""The check of a pull request: per changed charter, the problems it brings, its version,
its changes (loosenings first) and where its version would stand once merged: who still
has to approve, with which evidence, and any objection that blocks it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.changes.diff import Change, Effect, semantic_changes
from generator.history.pull_request import ChangedCharter, PullRequestChanges
from generator.history.revisions import Lineage, Revision, charter_id_of
from generator.load import Document
from generator.model.history import CharterHistory, charter_history
from generator.model.published import own_lineage, reused_id_problem
from generator.model.ratification import Standing, loosens, notice_days
from generator.model.version_check import lineage_at, version_problem
from generator.problems import Problem, Severity, has_errors

_EFFECT_ORDER = {Effect.LOOSENED: 0, Effect.TIGHTENED: 1, Effect.NEUTRAL: 2}


@dataclass(frozen=True)
class CharterCheck:
    path: str
    title: str
    previous_path: str | None
    deleted: bool
    previous_version: int | None
    version: int | None
    problems: tuple[Problem, ...]  # the errors, and the warnings the pull request brings
    changes: tuple[Change, ...]  # loosenings first
    titles: dict[str, str]  # benchmark and commitment ids → their titles or texts
    standing: Standing | None  # of its version, as if merged today
    parties: dict[str, str]  # party id → name, in charter order
    representatives: dict[str, tuple[tuple[str, str], ...]]  # party id → (name, email) who may approve
    notice_days: int  # the notice period its loosenings would wait, against the version in force
    squashed: bool  # the main line takes pull requests as squash commits: trailers become recorded
    unreadable_approvals: tuple[str, ...]

    @property
    def renamed(self) -> bool:
        """Whether the charter's id, and with it every address, changes."""
        return self.previous_path is not None and charter_id_of(self.previous_path) != charter_id_of(self.path)

    @property
    def missing(self) -> tuple[str, ...]:
        return self.standing.missing if self.standing else ()

    def count(self, effect: Effect) -> int:
        return sum(change.effect is effect for change in self.changes)

    @property
    def loosened_benchmarks(self) -> tuple[str, ...]:
        return tuple(
            dict.fromkeys(
                change.item
                for change in self.changes
                if change.effect is Effect.LOOSENED and change.section == "benchmark"
            )
        )


@dataclass(frozen=True)
class PullRequestCheck:
    base: str
    head: str
    charters: tuple[CharterCheck, ...]
    preview_url: str | None = None

    @property
    def problems(self) -> list[Problem]:
        return sorted(problem for charter in self.charters for problem in charter.problems)

    @property
    def passed(self) -> bool:
        return not has_errors(self.problems)

    @property
    def ratified(self) -> bool:
        """Whether every changed charter's version would be ratified once merged."""
        return all(
            charter.standing is None or charter.standing.ratified for charter in self.charters if not charter.deleted
        )


def _own_problems(changed: ChangedCharter, problems: list[Problem]) -> list[Problem]:
    """Errors, and the warnings the file did not have before the pull request."""
    before = {(problem.rule, problem.message) for problem in changed.base_problems}
    return [
        problem
        for problem in problems
        if problem.severity is Severity.ERROR or (problem.rule, problem.message) not in before
    ]


def _merged_standing(
    changes: PullRequestChanges, changed: ChangedCharter, lineage: Lineage | None, today: dt.date
) -> Standing:
    """Where the head's version would stand, were the pull request merged today."""
    document = Document(changed.path, changed.document.data, {}, {})
    merged = Revision(changes.head, changed.path, changed.previous_path, False, changed.approvals, document, None)
    base = lineage.revisions if lineage else []
    history = charter_history(Lineage(changed.path, [*base, merged], changes.context), today)
    return history.standings[changed.document.data["version"]]


def _check(changes: PullRequestChanges, changed: ChangedCharter, today: dt.date) -> CharterCheck:
    lineage = lineage_at(changed.previous_path or changed.path, changes.base_lineages)
    history = charter_history(lineage, today) if lineage else None
    previous = history.current.document.data if history and history.current else None
    problems = list(changed.problems)
    current = changed.document.data if changed.document and not has_errors(problems) else None
    changes_made: list[Change] = []
    standing = None
    if current is not None:
        published = changes.published_ids
        reused = reused_id_problem(
            changed.document, own_lineage(changed.previous_path or changed.path, published), published
        )
        if reused:
            problems.append(reused)
        if previous is not None:
            changes_made = semantic_changes(previous, current)
            # What the branch rewrote of the record it started from: main may have gained
            # entries since the fork, which the branch does not have and did not remove.
            started = changed.fork_point.data if changed.fork_point else previous
            rewrites = [change for change in semantic_changes(started, current) if change.rewrites]
            problems += [_rewrite_problem(changed.document, change) for change in rewrites]
            ratified = any(standing.ratified for standing in history.standings.values())
            rule_break = version_problem(changed.document, lineage, ratified)
            if rule_break:
                problems.append(rule_break)
        standing = _merged_standing(changes, changed, lineage, today)
    elif changed.deleted and previous is not None:
        changes_made = [Change("charter", "charter", "removed", Effect.LOOSENED, old=previous["title"])]
    data = current or previous or {}
    return CharterCheck(
        changed.path,
        data.get("title", changed.path),
        changed.previous_path,
        changed.deleted,
        previous["version"] if previous else None,
        current["version"] if current else None,
        tuple(sorted(_own_problems(changed, problems))),
        tuple(sorted(changes_made, key=lambda change: _EFFECT_ORDER[change.effect])),
        _titles(previous, current),
        standing,
        {party["id"]: party["name"] for party in data.get("parties", [])},
        {
            party["id"]: tuple((person["name"], person["email"]) for person in party["representatives"])
            for party in data.get("parties", [])
        },
        _notice(history, current, today),
        lineage is not None and _squashes(lineage),
        changed.unreadable_approvals,
    )


def _rewrite_problem(document: Document, change: Change) -> Problem:
    return document.problem(
        change.where,
        Severity.WARNING,
        "record-rewritten",
        f"{change.describe()}: this rewrites the record already on the main line, and the site will say so",
        "leave what was recorded and add what happened since (closed, outcome, acknowledged, resolved, "
        "a further escalation, a response); if it is a correction, say why in the pull request",
    )


def _notice(history: CharterHistory | None, current: dict | None, today: dt.date) -> int:
    """The notice period a loosening in ``current`` waits: that of the version in force."""
    if history is None or current is None:
        return 0
    day = today.isoformat()
    in_force = next(
        (history.version(n) for n, standing in history.standings.items() if standing.in_force_on(day)), None
    )
    if in_force is None or not loosens(in_force.latest.document.data, current):
        return 0
    return notice_days(in_force.latest.document.data)


def _titles(*charters: dict | None) -> dict[str, str]:
    titles: dict[str, str] = {}
    for charter in charters:
        if charter:
            titles.update({benchmark["id"]: benchmark["title"] for benchmark in charter["benchmarks"]})
    return titles


def _squashes(lineage: Lineage) -> bool:
    """Whether the charter's main line brings pull requests in as single-parent commits
    that name one: a squash merge, which keeps trailers only as typed text."""
    revisions = [revision for revision in lineage.revisions if revision.commit.pull_request]
    return bool(revisions) and all(len(revision.commit.parents) == 1 for revision in revisions)


def check_pull_request(changes: PullRequestChanges, today: dt.date, preview_url: str | None = None) -> PullRequestCheck:
    return PullRequestCheck(
        changes.base,
        changes.head.id,
        tuple(_check(changes, changed, today) for changed in changes.charters),
        preview_url,
    )
