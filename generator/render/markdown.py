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

import dataclasses
import re

from generator.changes.diff import Change, Effect
from generator.history.people import Evidence
from generator.history.revisions import charter_id_of
from generator.model.pull_request import CharterCheck, PullRequestCheck
from generator.model.standing_view import position_view, status_text
from generator.render.visible import visible

_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_SIGIL = re.compile(r"\\([@#!~%$&^:\[])")
_HEX_RUN = re.compile(r"[0-9A-Fa-f]{7,}")
_AUTOLINK_STARTS = re.compile(r"(?i)\b(www|gh)([.-])")
_ZERO_WIDTH_SPACE = "\u200b"
_EFFECT_MARKS = {Effect.LOOSENED: "🔻 loosened", Effect.TIGHTENED: "🔺 tightened", Effect.NEUTRAL: "neutral"}


def _mark(change: Change) -> str:
    return "✎ record rewritten" if change.rewrites else _EFFECT_MARKS[change.effect]


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


def _described(change: Change, titles: dict[str, str]) -> str:
    """A change in words, a benchmark named by its title."""
    if change.section == "benchmark" and change.item in titles:
        return dataclasses.replace(change, item=f"“{titles[change.item]}”").describe()
    return change.describe()


def changes_table(changes: list[Change] | tuple[Change, ...], titles: dict[str, str] | None = None) -> list[str]:
    if not changes:
        return ["No changes to the charter's content."]
    lines = ["| effect | change |", "|---|---|"]
    lines += [f"| {_mark(change)} | {escape(_described(change, titles or {}))} |" for change in changes]
    return lines


def _code_block(text_lines: list[str]) -> list[str]:
    # Inside a code block nothing renders, so the lines are copied as they are; the fence
    # is longer than any run of backticks inside it.
    fence = "`" * max(3, 1 + max(len(run) for run in re.findall(r"`*", "".join(text_lines))))
    return ["", f"  {fence}text", *(f"  {line}" for line in text_lines), f"  {fence}"]


def _positions(check: CharterCheck) -> list[str]:
    standing = check.standing
    lines = [f"**Version {check.version}: {escape(status_text(standing, check.parties))}**", ""]
    if standing.rule is not Evidence.RECORDED:
        lines += [f"This charter counts only {standing.rule.label} approvals.", ""]
    shown = [position_view(position, check.parties, standing.rule) for position in standing.positions]
    for party_id, name in check.parties.items():
        own = [position for position in shown if position.party_id == party_id]
        for position in own:
            mark = ("✅" if not position.note else "☑️") if position.approves else "⛔"
            verb = "approved" if position.approves else "objected"
            line = f"- {mark} {escape(name)}: {escape(position.name)} {verb} ({escape(position.evidence_text)})"
            line += f", {escape(str(position.note))}" if position.note else ""
            lines.append(line)
            if position.reason:
                lines.append(f"  > {escape(position.reason)}")
        if party_id in standing.missing:
            lines.append(f"- ⏳ {escape(name)}: waits for one of its representatives to approve.")
    if standing.missing:
        number, charter_id = check.version, charter_id_of(check.path)
        lines += ["", "How to approve, any one of:", ""]
        lines += ["- in a terminal, on this branch:"] + _code_block(
            [f"charters approve {charter_id} --version {number}"]
        )
        lines += [f"- in the web interface, a line in `approvals/{escape(charter_id)}.yaml` on this branch:"]
        lines += _code_block(
            [
                f"- {{version: {number}, position: approve, by: {visible(email)}}}"
                for party in standing.missing
                for _, email in check.representatives.get(party, ())
            ]
        )
        lines += ["- or a line in the merge commit's message (recorded evidence when someone else types it):"]
        lines += _code_block(
            [
                f"Approved-by: {visible(name)} <{visible(email)}>"
                for party in standing.missing
                for name, email in check.representatives.get(party, ())
            ]
        )
    if check.squashed:
        lines += [
            "",
            "ℹ️ This repository squash-merges: a squash keeps approval lines only as text the merger typed "
            "(recorded). Use merge commits for signed approvals.",
        ]
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
        lines += ["", f"**Changes**: {loosened} loosened, {tightened} tightened", ""]
        lines += changes_table(check.changes, check.titles)
    if check.standing is not None and check.standing.notice_days:
        lines += [
            "",
            f"⏱️ It loosens the terms in force, so it comes into force {check.standing.notice_days} days "
            "after it is ratified (the notice period of the version in force).",
        ]
    elif check.standing is not None and check.count(Effect.LOOSENED) and check.notice_days:
        lines += [
            "",
            f"⏱️ It loosens the terms, so once ratified it comes into force after a "
            f"{check.notice_days}-day notice period.",
        ]
    if check.standing is not None and check.standing.ratified and check.standing.starts:
        lines += ["", f"📅 Merged today, version {check.version} comes into force on {check.standing.starts}."]
    if check.standing is not None:
        lines += [""] + _positions(check)
    if check.unreadable_approvals:
        lines += [
            "",
            "⚠️ These lines could not be read; write them as `Approved-by: Name <email>`, "
            "`Approves: <charter-id> v<N>`:",
            "",
        ]
        lines += [f"- {escape(value)}" for value in check.unreadable_approvals]
    return lines


def headline(check: PullRequestCheck) -> str:
    """What matters first: problems, loosenings, objections, who it waits for; or ready."""
    errors = sum(problem.severity == "error" for problem in check.problems)
    parts = []
    if errors:
        parts.append(f"❌ {errors} problem{'s' if errors != 1 else ''} to fix")
    removed = sum(charter.deleted for charter in check.charters)
    kept = [charter for charter in check.charters if not charter.deleted]
    loosened = sum(len(charter.loosened_benchmarks) for charter in kept)
    other = sum(
        change.effect is Effect.LOOSENED and change.section != "benchmark"
        for charter in kept
        for change in charter.changes
    )
    if removed:
        parts.append(f"🔻 removes {removed} charter{'s' if removed != 1 else ''}")
    if loosened:
        parts.append(f"🔻 loosens {loosened} benchmark{'s' if loosened != 1 else ''}")
    elif other:
        parts.append(f"🔻 loosens {other} term{'s' if other != 1 else ''}")
    standings = [charter for charter in check.charters if charter.standing is not None]
    if any(charter.standing.state == "blocked" for charter in standings):
        parts.append("⛔ blocked by an objection")
    waiting = list(dict.fromkeys(charter.parties[party] for charter in standings for party in charter.missing))
    if waiting:
        parts.append(f"⏳ waits for {escape(', '.join(waiting))}")
    if not parts or (not errors and check.ratified and not waiting):
        parts.append("✅ ready: every party approved" if check.ratified and standings else "✅ every rule holds")
    return ", ".join(parts)


def pull_request_comment(check: PullRequestCheck) -> str:
    if not check.charters:
        return "## Charter check\n\nThis pull request changes no charter.\n"
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
    lines = [f"## Charter check: {headline(check)}", "", changed + "."]
    if check.preview_url:
        lines += ["", f"[See the site preview]({check.preview_url})"]
    for charter in check.charters:
        lines += [""] + _charter_section(charter)
    return "\n".join(lines) + "\n"
