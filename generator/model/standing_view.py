"""How a version's standing reads: positions with their evidence, the status line, the
period in force. Shared by the site, the JSON, the terminal and check-pr, so that every
place says the same thing in the same words."""

from __future__ import annotations

from dataclasses import dataclass

from generator.history.people import Evidence
from generator.model.ratification import Position, Standing

_EVIDENCE_OF_EVERY_PARTY = {
    Evidence.SIGNED: "signed by every party",
    Evidence.AUTHORED: "authored by every party",
    Evidence.RECORDED: "recorded",
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
    note: str  # why it does not count, or that it came after ratification; "" otherwise

    @property
    def evidence_text(self) -> str:
        return f"recorded by {self.recorded_by}" if self.recorded_by else self.evidence


def position_view(position: Position, party_names: dict[str, str], rule: Evidence) -> PositionView:
    note = ""
    if position.party is None:
        note = "not a representative of this version"
    elif not position.counts:
        note = "given for other terms"
    elif position.after_ratification:
        note = "after ratification, which it does not undo"
    elif position.approves and position.evidence < rule:
        note = f"{position.evidence.label} evidence; this version needs {rule.label}"
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


def status_text(standing: Standing, party_names: dict[str, str]) -> str:
    """One line: "ratified · signed by every party", "blocked by an objection from …",
    "pending: waits for …"."""
    if standing.ratified:
        return f"ratified · {_EVIDENCE_OF_EVERY_PARTY[standing.evidence]}"
    if standing.state == "blocked":
        who = ", ".join(sorted({position.name for position in standing.objections}))
        return f"blocked by an objection from {who}"
    waiting = ", ".join(party_names.get(party, party) for party in standing.missing)
    evidence = "" if standing.rule is Evidence.RECORDED else f" ({standing.rule.label} approvals needed)"
    return f"{'draft, ' if standing.draft else ''}pending: waits for {waiting}{evidence}"


def period_text(standing: Standing, today: str) -> str:
    """When the version is in force: "in force since …", "in force from … until …",
    "comes into force on …", or why it never was."""
    if not standing.ratified:
        return "not in force: not ratified"
    if not standing.in_force:
        return "never in force: a later version came into force first"
    notice = f" (after a {standing.notice_days}-day notice period)" if standing.notice_days else ""
    if standing.starts > today:
        return f"comes into force on {standing.starts}{notice}"
    if standing.ends is None:
        return f"in force since {standing.starts}{notice}"
    if standing.ends > today:
        return f"in force since {standing.starts}{notice}, until {standing.ends}"
    return f"was in force from {standing.starts} until {standing.ends}"
