"""`charters approvals`: where a version stands, and every way its representatives can
approve or object, before and after the merge, in a terminal or in the web interface.

Every value from a charter or a commit is shown with visible escapes (render/visible.py).
"""

from __future__ import annotations

from typing import Any

from generator.model.ratification import Standing
from generator.model.standing_view import position_view, status_text
from generator.render.text import position_line
from generator.render.visible import visible
from generator.sources import LEDGER_FOLDER, LEDGER_SUFFIX


def _ledger_line(number: int, email: str, objection: bool = False) -> str:
    if objection:
        return f"- {{version: {number}, position: object, by: {email}, reason: <why>}}"
    return f"- {{version: {number}, position: approve, by: {email}}}"


def approvals_text(charter: dict[str, Any], number: int, digest: str, standing: Standing | None) -> str:
    """Where version ``number`` of ``charter`` (the terms with ``digest``) stands, and how
    those still to approve do it; ``standing`` is None while it is not on the main line."""
    charter_id = visible(charter["id"])
    names = {party["id"]: party["name"] for party in charter["parties"]}
    status = status_text(standing, names) if standing else "not on the main line yet"
    lines = [f"{charter_id} version {number} ({digest[:19]}…): {visible(status)}"]
    if standing is not None:
        lines += [
            f"  {position_line(position_view(position, names, standing.rule))}" for position in standing.positions
        ]
    if standing is not None and standing.ratified:
        return "\n".join(lines) + "\n"
    waiting = [party for party in charter["parties"] if standing is None or party["id"] in standing.missing]
    needs = standing.rule.label if standing else charter.get("ratification", {}).get("evidence", "recorded")
    lines += [
        "",
        f"Still to approve: {visible(', '.join(party['name'] for party in waiting)) or 'nobody'}."
        + ("" if needs == "recorded" else f" This version counts only {needs} approvals."),
        "",
        "A representative approves in any one of these ways, before or after the merge:",
        "",
        "1. In a terminal, on the pull request's branch or on the main line:",
        f"     charters approve {charter_id} --version {number}",
        f"   It commits `Approves: {charter_id} v{number} {digest[:19]}` with their Approved-by line,",
        "   signed when their git signs commits (signed evidence once their key is trusted).",
        f"2. In the web interface (GitHub, GitLab): edit {LEDGER_FOLDER}/{charter_id}{LEDGER_SUFFIX}, add their line",
        "   and commit it there. The platform signs that commit for them:",
    ]
    for party in waiting:
        lines += [f"     {_ledger_line(number, visible(person['email']))}" for person in party["representatives"]]
    lines += [
        "3. Before the merge, a line in the merge commit's message or on a commit that changes the charter:",
    ]
    for party in waiting:
        lines += [
            f"     Approved-by: {visible(person['name'])} <{visible(person['email'])}>"
            for person in party["representatives"]
        ]
    lines += [
        "   A line typed by someone else counts as recorded evidence only. Squash merges keep such",
        "   lines only as text the merger typed: use merge commits for signed approvals.",
        "",
        f"To object: charters object {charter_id} --version {number} --reason TEXT, or a ledger line",
        f"     {_ledger_line(number, 'you@example.org', objection=True)}",
        "An objection blocks ratification until the same person approves.",
    ]
    return "\n".join(lines) + "\n"
