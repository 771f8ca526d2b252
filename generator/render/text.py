"""Plain-text tables for the terminal: a charter's history and a list of changes.

Every value from a charter or a commit is shown with visible escapes, on one line: a
commit subject or an approver's name cannot clear the screen, colour a line or start one.
"""

from __future__ import annotations

from generator.changes.diff import Change, Effect
from generator.history.versions import Version
from generator.model.history import CharterHistory
from generator.render.visible import visible

_EFFECT_WORDS = {Effect.LOOSENED: "LOOSENED", Effect.TIGHTENED: "tightened", Effect.NEUTRAL: ""}


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]


def changes_text(changes: list[Change]) -> str:
    if not changes:
        return "no changes to the charter's content\n"
    return "\n".join(_table([[_EFFECT_WORDS[change.effect], visible(change.describe())] for change in changes])) + "\n"


def history_text(history: CharterHistory) -> str:
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
        approvers = sorted(
            {visible(record.approval.email) + (" (signed)" if record.verified else "") for record in revision.approvals}
        )
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
        status = (
            "ratified" if version.ratified else f"PENDING, not yet approved by {visible(', '.join(version.missing))}"
        )
        lines.append(
            f"  v{version.number}  {status}  (published {version.published.commit.date[:10]} in {version.published.commit.id[:10]})"
        )
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
    if history.rule_breaks:
        lines += ["", "version rule breaks:"]
        for revision, rule_break in history.rule_breaks:
            lines.append(f"  {revision.commit.id[:10]} [{rule_break.rule}] {visible(rule_break.message)}")
    return "\n".join(lines) + "\n"


def approvals_text(charter: dict, version: Version | None) -> str:
    """Who approved ``charter``'s version and the trailer lines the missing parties add."""
    approved = {party.party: party for party in version.parties if party.approvals} if version else {}
    lines = [f"{charter['id']} version {charter['version']}:"]
    for party in charter["parties"]:
        if party["id"] in approved:
            names = sorted({visible(record.approval.name) for record in approved[party["id"]].approvals})
            lines.append(f"  approved by {visible(party['name'])}: {', '.join(names)}")
        else:
            lines.append(f"  still to approve: {visible(party['name'])}")
    missing = [party for party in charter["parties"] if party["id"] not in approved]
    if not missing:
        return "\n".join([*lines, "ratified: every party has approved"]) + "\n"
    lines += [
        "",
        "One representative of each party still to approve adds their line to the merge commit",
        "(or to a commit that changes the charter):",
        "",
    ]
    for party in missing:
        lines += [
            f"Approved-by: {visible(person['name'])} <{visible(person['email'])}>"
            for person in party["representatives"]
        ]
    return "\n".join(lines) + "\n"
