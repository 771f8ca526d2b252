"""Markdown for pull-request comments and job summaries.

Every value from a charter, a commit or a file name is escaped: it is shown as the text it
is, never as markup, a link, an image, HTML, a mention or a reference, on GitHub and on
GitLab. Backslash escapes stop every Markdown construct, but not mentions and references:
both platforms find those in the rendered text, after escapes are gone. A zero-width
space after each sigil (``@``, ``#``, ``!``…) and inside long hexadecimal runs (which
would link as commits) breaks their patterns without changing what a reader sees. Text
meant to be copied (the trailer lines) goes into code blocks, where nothing is processed.
"""

from __future__ import annotations

import re

from generator.changes.diff import Change, Effect
from generator.history.revisions import charter_id_of
from generator.model.pull_request import CharterCheck, PullRequestCheck
from generator.render.visible import visible

_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_SIGIL = re.compile(r"\\([@#!~%$&^:\[])")
_HEX_RUN = re.compile(r"[0-9A-Fa-f]{7,}")
_AUTOLINK_STARTS = re.compile(r"(?i)\b(www|gh)([.-])")
_ZERO_WIDTH_SPACE = "\u200b"
_EFFECT_MARKS = {Effect.LOOSENED: "🔻 loosened", Effect.TIGHTENED: "🔺 tightened", Effect.NEUTRAL: "neutral"}


def _break_hex_run(match: re.Match[str]) -> str:
    run = match.group()
    return _ZERO_WIDTH_SPACE.join(run[start : start + 6] for start in range(0, len(run), 6))


def escape(value: object) -> str:
    """``value`` as literal text in Markdown, on one line."""
    text = visible(" ".join(str(value).split()))
    text = _HEX_RUN.sub(_break_hex_run, text)
    text = _AUTOLINK_STARTS.sub(lambda match: f"{match[1]}{_ZERO_WIDTH_SPACE}{match[2]}", text)
    text = _ASCII_PUNCTUATION.sub(r"\\\1", text)
    return _SIGIL.sub(lambda match: f"\\{match[1]}{_ZERO_WIDTH_SPACE}", text)


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
            trailers = [f"Approved-by: {visible(name)} <{visible(email)}>" for name, email in party.representatives]
            # Inside a code block nothing renders, so the lines are copied as they are; the
            # fence is longer than any run of backticks inside it.
            fence = "`" * max(3, 1 + max(len(run) for run in re.findall(r"`*", "".join(trailers))))
            lines += ["", f"  {fence}text", *(f"  {trailer}" for trailer in trailers), f"  {fence}"]
    return lines


def _charter_section(check: CharterCheck) -> list[str]:
    lines = [
        f"### {escape(check.title)}",
        "",
        escape(check.path) + (f" (renamed from {escape(check.previous_path)})" if check.previous_path else ""),
    ]
    if check.deleted:
        lines += [
            "",
            "⚠️ This pull request **removes** the charter. Once merged it stays on the site, marked withdrawn "
            "with the date, at every address it had: its terms are no longer in force.",
        ]
    elif check.renamed:
        lines += [
            "",
            f"⚠️ This pull request **renames** the charter: its id changes from {escape(charter_id_of(check.previous_path))} "
            f"to {escape(charter_id_of(check.path))}. Its former addresses will redirect to the new ones; contracts "
            "that link to them keep working, but the new addresses are the ones to give from now on.",
        ]
    elif check.previous_version is None:
        lines += ["", f"New charter, version {check.version}." if check.version else "New charter."]
    elif check.version is not None:
        lines += ["", f"Version {check.previous_version} → {check.version}."]
    if check.problems:
        lines += ["", "**Problems**", ""]
        lines += [
            f"- {escape(f'{problem.path}:{problem.line}:{problem.column}')} {problem.severity}: {escape(problem.message)} "
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
    moves = [
        f"{number} {word}"
        for number, word in (
            (sum(charter.renamed for charter in check.charters), "renamed"),
            (sum(charter.deleted for charter in check.charters), "removed"),
        )
        if number
    ]
    changed = f"{count} charter{'s' if count != 1 else ''} changed" + "".join(f", {move}" for move in moves)
    lines = [f"## Charter check: {changed}, {verdict}"]
    for charter in check.charters:
        lines += [""] + _charter_section(charter)
    return "\n".join(lines) + "\n"
