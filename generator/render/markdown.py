"""Markdown for pull-request comments and job summaries.

Every value from a charter or a commit is escaped: it is shown as the text it is, never
as markup, a link, a mention or HTML.
"""

from __future__ import annotations

import re

from generator.changes.diff import Change, Effect
from generator.model.pull_request import CharterCheck, PullRequestCheck

_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:])")
_EFFECT_MARKS = {Effect.LOOSENED: "🔻 loosened", Effect.TIGHTENED: "🔺 tightened", Effect.NEUTRAL: "neutral"}


def escape(value: object) -> str:
    """``value`` as literal text in Markdown, on one line."""
    text = _MARKDOWN_PUNCTUATION.sub(r"\\\1", " ".join(str(value).split()))
    # Entities last, so that their own "&", "#" and ";" are not escaped again.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("@", "&#64;")


def changes_table(changes: list[Change] | tuple[Change, ...]) -> list[str]:
    if not changes:
        return ["No changes to the charter's content."]
    lines = ["| effect | change |", "|---|---|"]
    lines += [f"| {_EFFECT_MARKS[change.effect]} | {escape(change.describe())} |" for change in changes]
    return lines


def _approvals(check: CharterCheck) -> list[str]:
    lines = [f"**Approvals for version {check.version}**", ""]
    for party in check.parties:
        if party.approved:
            names = ", ".join(sorted({escape(record.approval.name) for record in party.approvals}))
            lines.append(f"- ✅ {escape(party.name)}: approved by {names}")
        else:
            lines.append(f"- ⏳ {escape(party.name)}: still to approve. One of its representatives adds a trailer:")
            trailers = [f"Approved-by: {name} <{email}>" for name, email in party.representatives]
            # Inside a code block nothing renders, so the lines are copied as they are; the
            # fence is longer than any run of backticks inside it.
            fence = "`" * max(3, 1 + max(len(run) for run in re.findall(r"`*", "".join(trailers))))
            lines += ["", f"  {fence}text", *(f"  {trailer}" for trailer in trailers), f"  {fence}"]
    return lines


def _charter_section(check: CharterCheck) -> list[str]:
    lines = [
        f"### {escape(check.title)}",
        "",
        f"`{check.path}`" + (f" (renamed from `{check.previous_path}`)" if check.previous_path else ""),
    ]
    if check.deleted:
        lines += ["", "This pull request **removes** the charter."]
    elif check.previous_version is None:
        lines += ["", f"New charter, version {check.version}." if check.version else "New charter."]
    elif check.version is not None:
        lines += ["", f"Version {check.previous_version} → {check.version}."]
    if check.problems:
        lines += ["", "**Problems**", ""]
        lines += [
            f"- `{problem.path}:{problem.line}:{problem.column}` {problem.severity}: {escape(problem.message)} "
            f"\\[{problem.rule}\\]; {escape(problem.hint)}"
            for problem in check.problems
        ]
    if check.changes:
        loosened, tightened = check.count(Effect.LOOSENED), check.count(Effect.TIGHTENED)
        lines += ["", f"**Changes**: {tightened} tightened, {loosened} loosened", ""]
        lines += changes_table(check.changes)
    if check.parties:
        lines += [""] + _approvals(check)
    if check.unreadable_approvals:
        lines += ["", "⚠️ These approvals could not be read; write them as `Approved-by: Name <email>`:", ""]
        lines += [f"- {escape(value)}" for value in check.unreadable_approvals]
    return lines


def pull_request_comment(check: PullRequestCheck) -> str:
    if not check.charters:
        return "## Charter check\n\nThis pull request changes no charter.\n"
    errors = sum(problem.severity == "error" for problem in check.problems)
    verdict = "✅ every rule holds" if check.passed else f"❌ {errors} problem{'s' if errors != 1 else ''} to fix"
    count = len(check.charters)
    lines = [f"## Charter check: {count} charter{'s' if count != 1 else ''} changed, {verdict}"]
    for charter in check.charters:
        lines += [""] + _charter_section(charter)
    return "\n".join(lines) + "\n"
