"""Print problems: one reporter per output format, chosen by name."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

import click

from generator.problems import Problem, Severity
from generator.render.visible import json_inert, visible

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow"}


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(problems: list[Problem], files_checked: int) -> str:
    errors = sum(problem.severity is Severity.ERROR for problem in problems)
    warnings = len(problems) - errors
    return f"{plural(files_checked, 'file')} checked: {plural(errors, 'error')}, {plural(warnings, 'warning')}"


def text_report(problems: list[Problem], files_checked: int, colour: bool) -> str:
    return "\n".join([*problem_lines(problems, colour), summary(problems, files_checked)]) + "\n"


def problem_lines(problems: list[Problem], colour: bool) -> list[str]:
    """One ``path:line:col: severity: message [rule]`` line per problem, and its hint. Paths and
    messages may quote what a file holds: they are shown with visible escapes, on one line."""
    lines = []
    for problem in problems:
        severity = (
            click.style(problem.severity.value, fg=_COLOURS[problem.severity], bold=True)
            if colour
            else problem.severity.value
        )
        lines.append(
            f"{visible(problem.path)}:{problem.line}:{problem.column}: {severity}: "
            f"{visible(problem.message)} [{problem.rule}]"
        )
        if problem.hint:
            lines.append(f"    hint: {visible(problem.hint)}")
    return lines


def json_report(problems: list[Problem], files_checked: int, colour: bool) -> str:
    document = {
        "files_checked": files_checked,
        "errors": sum(problem.severity is Severity.ERROR for problem in problems),
        "warnings": sum(problem.severity is Severity.WARNING for problem in problems),
        "problems": [
            {
                "path": problem.path,
                "line": problem.line,
                "column": problem.column,
                "severity": problem.severity.value,
                "rule": problem.rule,
                "message": problem.message,
                "hint": problem.hint,
            }
            for problem in problems
        ],
    }
    return json_inert(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def _escape_data(text: str) -> str:
    """A workflow command's message: the runner turns %0A back into a line break."""
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_report(problems: list[Problem], files_checked: int, colour: bool) -> str:
    """GitHub Actions workflow commands: each problem becomes an annotation on its line."""
    lines = []
    for problem in problems:
        properties = ",".join(
            f"{name}={_escape_property(str(value))}"
            for name, value in (
                ("file", problem.path),
                ("line", problem.line),
                ("col", problem.column),
                ("title", problem.rule),
            )
        )
        message = problem.message + (f"\nhint: {problem.hint}" if problem.hint else "")
        lines.append(f"::{problem.severity.value} {properties}::{_escape_data(message)}")
    lines.append(summary(problems, files_checked))
    return "\n".join(lines) + "\n"


_CODE_QUALITY_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor"}


def gitlab_report(problems: list[Problem], files_checked: int, colour: bool) -> str:
    """GitLab Code Quality JSON: each problem becomes an entry on the merge request's diff.

    Fingerprints leave out the line, so a problem keeps its identity when lines above it
    move; the same message twice in one file is told apart by its rank.
    """
    seen: dict[tuple[str, str, str], int] = {}
    entries = []
    for problem in problems:
        identity = (problem.path, problem.rule, problem.message)
        seen[identity] = seen.get(identity, 0) + 1
        fingerprint = hashlib.sha256("\0".join([*identity, str(seen[identity])]).encode()).hexdigest()
        entries.append(
            {
                "description": f"{problem.message} (hint: {problem.hint})" if problem.hint else problem.message,
                "check_name": problem.rule,
                "fingerprint": fingerprint,
                "severity": _CODE_QUALITY_SEVERITY[problem.severity],
                "location": {"path": problem.path, "lines": {"begin": problem.line}},
            }
        )
    return json_inert(json.dumps(entries, indent=2, ensure_ascii=False)) + "\n"


REPORTERS: dict[str, Callable[[list[Problem], int, bool], str]] = {
    "text": text_report,
    "json": json_report,
    "github": github_report,
    "gitlab": gitlab_report,
}
