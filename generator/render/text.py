"""Plain-text tables for the terminal: a charter's history and a list of changes.

Every value from a charter or a commit is shown with visible escapes, on one line: a
commit subject or an approver's name cannot clear the screen, colour a line or start one.
"""

from __future__ import annotations

from generator.changes.diff import Change, Effect
from generator.model.history import CharterHistory
from generator.model.standing_view import PositionView, period_text, position_view, status_text
from generator.render.visible import visible

_EFFECT_WORDS = {Effect.LOOSENED: "LOOSENED", Effect.TIGHTENED: "tightened", Effect.NEUTRAL: ""}


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]


def changes_text(changes: list[Change]) -> str:
    if not changes:
        return "no changes to the charter's content\n"
    rows = [
        ["REWRITES RECORD" if change.rewrites else _EFFECT_WORDS[change.effect], visible(change.describe())]
        for change in changes
    ]
    return "\n".join(_table(rows)) + "\n"


def _party_names(history: CharterHistory, number: int) -> dict[str, str]:
    version = history.version(number)
    return {party["id"]: party["name"] for party in version.latest.document.data["parties"]}


def position_line(position: PositionView) -> str:
    mark = "approves" if position.approves else "OBJECTS"
    party = f" ({visible(position.party)})" if position.party else ""
    given = {"change": "Approved-by on the change", "trailer": "Approves/Objects commit", "ledger": "ledger line"}
    line = f"{visible(position.name)} <{visible(position.email)}>{party} {mark} on {position.date}: "
    line += f"{visible(position.evidence_text)}, {given[position.given]} in {position.commit[:10]}"
    if position.note:
        line += f"; {position.note}"
    if position.reason:
        line += f"; reason: {visible(position.reason)}"
    return line


def version_lines(history: CharterHistory, number: int, today: str) -> list[str]:
    """A version's standing, its period in force and every position on it."""
    version, standing = history.version(number), history.standings[number]
    names = _party_names(history, number)
    lines = [
        f"  v{number}  {visible(status_text(standing, names))}"
        + (f" on {standing.ratified_on}" if standing.ratified_on else "")
        + f"; {period_text(standing, today)}"
        + f"  (published {version.published.commit.day} in {version.published.commit.id[:10]}; {standing.digest[:19]}…)"
    ]
    lines += [
        f"      {position_line(position_view(position, names, standing.rule))}" for position in standing.positions
    ]
    return lines


def history_text(history: CharterHistory, today: str) -> str:
    lines = [f"{visible(history.path)}: {len(history.revisions)} revisions, {len(history.versions)} versions"]
    if history.removed:
        lines[0] += " (removed from the main line)"
    rows = [["date", "commit", "version", "PR", "approved by", "changes", "message"]]
    for revision in reversed(history.revisions):
        changes = history.changes.get(revision.commit.id, [])
        loosened = sum(change.effect is Effect.LOOSENED for change in changes)
        tightened = sum(change.effect is Effect.TIGHTENED for change in changes)
        if revision.deleted:
            version = "deleted"
        elif not revision.valid:
            version = f"INVALID ({revision.error.rule} at line {revision.error.line})"
        else:
            version = f"v{revision.document.data['version']}"
        approvers = sorted({visible(record.approval.email) for record in revision.approvals})
        rows.append(
            [
                revision.commit.date[:10],
                revision.commit.id[:10],
                version,
                str(revision.commit.pull_request or ""),
                ", ".join(approvers),
                f"{tightened} tighter, {loosened} LOOSER" if changes else "",
                visible(revision.commit.subject[:60]),
            ]
        )
    lines += _table(rows)
    lines += ["", "versions:"]
    for version in reversed(history.versions):
        lines += version_lines(history, version.number, today)
    if history.loosenings:
        lines += ["", "drift (loosened terms):"]
        for item in history.loosenings:
            approval = "ratified" if item.ratified else "NOT ratified"
            pull_request = f" {item.revision.commit.pull_request}" if item.revision.commit.pull_request else ""
            lines.append(
                f"  {item.revision.commit.date[:10]}{pull_request} v{item.version} ({approval}): {visible(item.change.describe())}"
            )
    if history.no_longer_assessed:
        lines += ["", f"no longer assessed in the review log: {visible(', '.join(history.no_longer_assessed))}"]
    if history.rewrites:
        lines += ["", "record rewritten:"]
        for revision, change in history.rewrites:
            lines.append(f"  {revision.commit.id[:10]} {revision.commit.date[:10]}: {visible(change.describe())}")
    if history.rule_breaks:
        lines += ["", "version rule breaks:"]
        for revision, rule_break in history.rule_breaks:
            lines.append(f"  {revision.commit.id[:10]} [{rule_break.rule}] {visible(rule_break.message)}")
    return "\n".join(lines) + "\n"


def in_force_text(history: CharterHistory, day: str, today: str) -> str:
    """Which version of the charter was (or will be) in force on ``day``."""
    for version in history.versions:
        standing = history.standings[version.number]
        if standing.in_force_on(day):
            names = _party_names(history, version.number)
            return (
                f"{visible(history.charter_id)} on {day}: version {version.number} "
                f"({visible(status_text(standing, names))}; {period_text(standing, today)}; {standing.digest})\n"
            )
    return f"{visible(history.charter_id)} on {day}: no version was in force\n"
