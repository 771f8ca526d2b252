"""How a version's standing reads: positions with their evidence, the status line, the
period in force. Shared by the site, the JSON, the terminal and check-pr, so that every
place says the same thing in the same words."""

from __future__ import annotations

from dataclasses import dataclass

from generator.history.people import Evidence
from generator.language.message import Day, Message, items, message, plural_message
from generator.model.ratification import Position, Standing

_EVIDENCE_OF_EVERY_PARTY = {
    Evidence.SIGNED: message("ratified · signed by every party"),
    Evidence.AUTHORED: message("ratified · authored by every party"),
    Evidence.RECORDED: message("ratified · recorded"),
}
_EVIDENCE = {
    "signed": message("signed"),
    "authored": message("authored"),
    "recorded": message("recorded"),
}


@dataclass(frozen=True)
class PositionView:
    approves: bool
    name: str
    email: str
    party_id: str | None  # None when not a representative of the version
    party: str | None  # the party's name
    evidence: str  # "signed", "authored" or "recorded"
    recorded_by: str | None  # who typed it, when recorded
    date: str
    time: str  # when it reached the main line, to the second (UTC)
    commit: str
    given: str  # "change", "trailer" or "ledger"
    reason: str
    counts: bool
    note: Message | None  # why it does not count, or that it came after ratification

    @property
    def evidence_message(self) -> Message:
        if self.recorded_by:
            return message("recorded by %(person)s", person=self.recorded_by)
        return _EVIDENCE[self.evidence]

    @property
    def evidence_text(self) -> str:
        return str(self.evidence_message)


def position_view(position: Position, party_names: dict[str, str], rule: Evidence) -> PositionView:
    note = None
    if position.party is None:
        note = message("not a representative of this version")
    elif not position.counts:
        note = message("given for other terms")
    elif position.after_ratification:
        note = message("after ratification, which it does not undo")
    elif position.approves and position.evidence < rule:
        note = message(
            "%(evidence)s evidence; this version needs %(needed)s",
            evidence=_EVIDENCE[position.evidence.label],
            needed=_EVIDENCE[rule.label],
        )
    return PositionView(
        position.approves,
        position.name,
        position.email,
        position.party,
        party_names.get(position.party) if position.party else None,
        position.evidence.label,
        position.recorded_by if position.evidence is Evidence.RECORDED else None,
        position.day,
        position.time,
        position.commit,
        position.given,
        position.reason,
        position.counts,
        note,
    )


def status_message(standing: Standing, party_names: dict[str, str]) -> Message:
    """One line: "ratified · signed by every party", "blocked by an objection from …",
    "pending: waits for …"."""
    if standing.ratified:
        return _EVIDENCE_OF_EVERY_PARTY[standing.evidence]
    if standing.state == "blocked":
        who = items(sorted({position.name for position in standing.objections}))
        return message("blocked by an objection from %(people)s", people=who)
    waiting = items(party_names.get(party, party) for party in standing.missing)
    if standing.rule is Evidence.RECORDED:
        if standing.draft:
            return message("draft, pending: waits for %(parties)s", parties=waiting)
        return message("pending: waits for %(parties)s", parties=waiting)
    needed = _EVIDENCE[standing.rule.label]
    if standing.draft:
        return message(
            "draft, pending: waits for %(parties)s (%(evidence)s approvals needed)", parties=waiting, evidence=needed
        )
    return message("pending: waits for %(parties)s (%(evidence)s approvals needed)", parties=waiting, evidence=needed)


def _after_notice(period: Message, notice_days: int) -> Message:
    """A version that loosened the terms waited out a notice period first: say so."""
    if not notice_days:
        return period
    return plural_message(
        "%(period)s (after a %(count)s-day notice period)",
        "%(period)s (after a %(count)s-day notice period)",
        notice_days,
        period=period,
    )


def period_message(standing: Standing, today: str) -> Message:
    """When the version is in force: "in force since …", "in force from … until …",
    "comes into force on …", or why it never was."""
    if not standing.ratified:
        return message("not in force: not ratified")
    if not standing.in_force:
        return message("never in force: a later version came into force first")
    starts = Day(standing.starts)
    if standing.starts > today:
        return _after_notice(message("comes into force on %(day)s", day=starts), standing.notice_days)
    since = _after_notice(message("in force since %(day)s", day=starts), standing.notice_days)
    if standing.ends is None:
        return since
    ends = Day(standing.ends)
    if standing.ends > today:
        return message("%(period)s, until %(until)s", period=since, until=ends)
    return message("was in force from %(day)s until %(until)s", day=starts, until=ends)


def status_text(standing: Standing, party_names: dict[str, str]) -> str:
    """The status line in English, for the terminal, check-pr and the JSON."""
    return str(status_message(standing, party_names))


def period_text(standing: Standing, today: str) -> str:
    """The period in force in English, for the terminal and the JSON."""
    return str(period_message(standing, today))
