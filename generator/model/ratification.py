"""Ratification: which versions every party agreed to, how sure that is, and when each was
in force. Everything here is decided from git alone (history/), the contract's
"Ratification", "Approving and objecting" and "What is in force".

The main line is walked once, oldest first. At each main-line commit the positions it
brought in are applied (a representative's latest position counts, ordered by the main
line, then by the merged branch's commits; within one commit an objection wins), and each
version not yet ratified is asked whether every party now approves it with the evidence
its rule accepts and no objection stands. Ratification is final.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from generator.changes.diff import Effect, semantic_changes
from generator.history.keys import KeyPeriods
from generator.history.people import Evidence, Proof, Roster, roster
from generator.history.revisions import Lineage, Revision
from generator.history.terms import terms_digest

DEFAULT_EVIDENCE = Evidence.RECORDED


@dataclass(frozen=True)
class Position:
    """An approval or objection by someone on a version, with its evidence."""

    approves: bool
    name: str
    email: str
    party: str | None  # None: not a representative of that version
    version: int
    evidence: Evidence
    recorded_by: str  # the commit's author, who typed it when the evidence is "recorded"
    commit: str
    day: str  # when it reached the main line (UTC)
    time: str  # the same moment to the second: 2026-02-10T09:30:00Z
    given: str  # "change" (Approved-by on the change), "trailer" (Approves:/Objects:), "ledger"
    reason: str  # of an objection
    seen: str | None  # the digest of the terms it saw
    counts: bool  # it saw the version's terms, and is by a representative
    after_ratification: bool = False


@dataclass(frozen=True)
class Standing:
    """Where one version stands."""

    number: int
    state: str  # "ratified", "blocked" or "pending"
    draft: bool  # drafted, never ratified: its terms may still change under this number
    rule: Evidence  # the evidence its ratification needs (or needed)
    ratified_on: str | None
    evidence: Evidence | None  # the weakest of the approvals that counted
    missing: tuple[str, ...]  # party ids still to approve
    objections: tuple[Position, ...]  # standing, when blocked; after it, when ratified
    positions: tuple[Position, ...]  # every position on it, in the order they count
    digest: str  # of the terms it stands for
    ratified_at: int | None = None  # the index of the main-line commit that ratified it
    ratified_time: str | None = None  # that commit's UTC committer time
    starts: str | None = None  # the day it comes into force, once ratified
    notice_days: int = 0  # by which a loosening moved its start
    ends: str | None = None  # the day it stopped being in force (exclusive)
    in_force: bool = False  # whether it ever was or will be, by the data we have

    @property
    def ratified(self) -> bool:
        return self.state == "ratified"

    def in_force_on(self, day: str) -> bool:
        return (
            self.in_force and self.starts is not None and self.starts <= day and (self.ends is None or day < self.ends)
        )


def evidence_rule(charter: dict[str, Any]) -> Evidence:
    return Evidence.named(charter.get("ratification", {}).get("evidence", DEFAULT_EVIDENCE.label))


def notice_days(charter: dict[str, Any]) -> int:
    return int(charter.get("amendments", {}).get("notice_days", 0))


def loosens(old: dict[str, Any], new: dict[str, Any]) -> bool:
    return any(change.effect is Effect.LOOSENED for change in semantic_changes(old, new))


@dataclass(frozen=True)
class _Given:
    """A position as read, before it is judged against a version's terms."""

    approves: bool
    name: str
    email: str
    version: int
    proof: Proof
    commit: str
    given: str
    reason: str
    seen: str | None
    pinned: str | None


@dataclass
class _VersionState:
    number: int
    data: dict[str, Any]  # the charter whose terms the version stands for
    digest: str
    roster: Roster
    keys: KeyPeriods
    given: list[tuple[_Given, str, bool]] = field(default_factory=list)  # (position, time, after ratification)
    ratified_on: str | None = None
    ratified_at: int | None = None
    evidence: Evidence | None = None
    rule: Evidence = DEFAULT_EVIDENCE
    starts: str | None = None
    notice: int = 0

    def judged(self) -> list[Position]:
        return [self._judge(given, time, after) for given, time, after in self.given]

    def _judge(self, given: _Given, time: str, after: bool) -> Position:
        person = self.roster.people.get(given.email.casefold())
        pinned_ok = given.pinned is None or self.digest.removeprefix("sha256:").startswith(given.pinned)
        return Position(
            given.approves,
            given.name or (person.name if person else given.email),
            given.email,
            person.party if person else None,
            self.number,
            given.proof.evidence(given.email, self.roster, self.keys.counts),
            given.proof.author_name,
            given.commit,
            time[:10],
            time,
            given.given,
            given.reason,
            given.seen,
            person is not None and given.seen == self.digest and pinned_ok,
            after,
        )

    def latest(self) -> dict[str, Position]:
        """Each representative's latest position that counts for the version's terms."""
        latest: dict[str, Position] = {}
        for position in self.judged():
            if position.counts and not position.after_ratification:
                latest[position.email.casefold()] = position
        return latest


def _add_days(day: str, days: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


class _Walk:
    """The main line, oldest first, with what each step brought for one charter."""

    def __init__(self, lineage: Lineage) -> None:
        self.context = lineage.context
        self.versions: dict[int, _VersionState] = {}
        self.ever_ratified = False
        self.ended_on: str | None = None

    def revision(self, revision: Revision) -> int:
        data = revision.document.data
        number = data["version"]
        state = self.versions.get(number)
        drafting = not self.ever_ratified and data["status"] == "draft"
        if state is None or (drafting and state.ratified_on is None and terms_digest(data) != state.digest):
            people = roster(data)
            self.versions[number] = _VersionState(
                number, data, terms_digest(data), people, self.context.key_periods(people), state.given if state else []
            )
        if data["status"] == "ended" and self.ended_on is None:
            self.ended_on = self.context.main_line.day(revision.commit.id)
        return number

    def position(self, given: _Given, time: str) -> int | None:
        state = self.versions.get(given.version)
        if state is None:
            return None  # a version the main line does not have (yet): nothing it could count for
        state.given.append((given, time, state.ratified_on is not None))
        return given.version

    def in_force_on(self, day: str) -> _VersionState | None:
        started = [state for state in self.versions.values() if state.starts is not None and state.starts <= day]
        return max(started, key=lambda state: state.number, default=None)

    def governing(self, state: _VersionState, day: str) -> _VersionState:
        """The version whose rules govern ``state``'s ratification on ``day``: the one in
        force then, or its own for a first version."""
        in_force = self.in_force_on(day)
        return in_force if in_force is not None else state

    def try_ratify(self, state: _VersionState, step: int, day: str) -> None:
        governing = self.governing(state, day)
        state.rule = evidence_rule(governing.data)
        latest = state.latest()
        if any(not position.approves for position in latest.values()):
            return
        best: dict[str, Evidence] = {}
        for position in latest.values():
            if position.evidence >= state.rule:
                best[position.party] = max(best.get(position.party, position.evidence), position.evidence)
        if set(best) != state.roster.parties:
            return
        state.ratified_on, state.ratified_at, state.evidence = day, step, min(best.values())
        self.ever_ratified = True
        if governing is not state and loosens(governing.data, state.data):
            state.notice = notice_days(governing.data)
        state.starts = _add_days(max(state.data["effective"], day), state.notice)


def _givens(lineage: Lineage, ids: tuple[str, ...]) -> list[tuple[tuple[int, int, int], _Given | Revision]]:
    """Everything the walk applies, each with where it stands in the main line's order:
    revisions first within their main-line commit, then positions, objections last."""
    context = lineage.context
    main_line = context.main_line
    events: list[tuple[tuple[int, int, int], _Given | Revision]] = []
    for revision in lineage.revisions:
        if revision.valid:
            events.append(((main_line.arrival[revision.commit.id], -1, 0), revision))
        for record in revision.approvals:
            if record.version is None:
                continue
            given = _Given(
                True,
                record.approval.name,
                record.approval.email,
                record.version,
                context.signing.proof(record.commit, main_line),
                record.commit.id,
                "change",
                "",
                record.digest,
                None,
            )
            events.append(((*main_line.key(record.commit.id), 0), given))
    for charter_id in ids:
        for named in context.named.get(charter_id, []):
            seen = named.seen_digest if named.seen_version == named.version else None
            if named.seen_version is not None and named.seen_version > named.version:
                seen = _PUBLISHED  # resolved when applied: the main line's terms of that version then
            given = _Given(
                named.approves,
                named.name,
                named.email,
                named.version,
                context.signing.proof(named.commit, main_line),
                named.commit.id,
                "ledger" if named.ledger else "trailer",
                named.reason,
                seen,
                named.pinned,
            )
            events.append(((*main_line.key(named.commit.id), 0 if named.approves else 1), given))
    events.sort(key=lambda event: event[0])
    return events


_PUBLISHED = "published"  # a position on an earlier version: it saw that version's published terms


def ratification(lineage: Lineage, ids: tuple[str, ...], today: dt.date) -> dict[int, Standing]:
    """Where each version of the charter in ``lineage`` stands; ``ids``: every id it had."""
    walk = _Walk(lineage)
    main_line = lineage.context.main_line
    touched: set[int] = set()
    step = None
    for (index, *_), event in _givens(lineage, ids):
        if step is not None and index != step:
            _evaluate(walk, touched, step)
        step = index
        if isinstance(event, Revision):
            touched.add(walk.revision(event))
            continue
        if event.seen == _PUBLISHED:
            state = walk.versions.get(event.version)
            event = dataclasses.replace(event, seen=state.digest if state else None)
        number = walk.position(event, main_line.times[index])
        if number is not None:
            touched.add(number)
    if step is not None:
        _evaluate(walk, touched, step)
    return _standings(walk, today)


def _evaluate(walk: _Walk, touched: set[int], step: int) -> None:
    for number in sorted(touched):
        state = walk.versions[number]
        if state.ratified_on is None:
            walk.try_ratify(state, step, walk.context.main_line.day_at(step))
    touched.clear()


def _standings(walk: _Walk, today: dt.date) -> dict[int, Standing]:
    ratified = sorted((state for state in walk.versions.values() if state.ratified_on), key=lambda s: s.number)
    standings = {}
    for state in sorted(walk.versions.values(), key=lambda s: s.number):
        positions = tuple(state.judged())
        if state.ratified_on is None:
            state.rule = evidence_rule(walk.governing(state, today.isoformat()).data)
        latest = state.latest()
        objections = tuple(position for position in latest.values() if not position.approves)
        accepted = {
            position.party for position in latest.values() if position.approves and position.evidence >= state.rule
        }
        ends = [later.starts for later in ratified if later.number > state.number]
        end = min(ends, default=None)
        for stop in (state.data.get("ends"), walk.ended_on):
            if stop is not None and (end is None or stop < end):
                end = stop
        if state.ratified_on:
            kind = "ratified"
            objections = tuple(
                position for position in positions if position.after_ratification and not position.approves
            )
        else:
            kind = "blocked" if objections else "pending"
        standings[state.number] = Standing(
            state.number,
            kind,
            state.ratified_on is None and state.data["status"] == "draft",
            state.rule,
            state.ratified_on,
            state.evidence,
            tuple(party for party in sorted(state.roster.parties) if party not in accepted)
            if not state.ratified_on
            else (),
            objections,
            positions,
            state.digest,
            state.ratified_at,
            None if state.ratified_at is None else walk.context.main_line.times[state.ratified_at],
            state.starts,
            state.notice,
            end,
            state.starts is not None and (end is None or state.starts < end),
        )
    return standings
