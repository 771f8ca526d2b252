"""Print problems: one reporter per output format, chosen by name."""

from __future__ import annotations

import json
from collections.abc import Callable

import click

from generator.problems import Problem, Severity

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow"}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(problems: list[Problem], files_checked: int) -> str:
    errors = sum(problem.severity is Severity.ERROR for problem in problems)
    warnings = len(problems) - errors
    return f"{_plural(files_checked, 'charter')} checked: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}"


def text_report(problems: list[Problem], files_checked: int, colour: bool) -> str:
    lines = []
    for problem in problems:
        severity = (
            click.style(problem.severity.value, fg=_COLOURS[problem.severity], bold=True)
            if colour
            else problem.severity.value
        )
        lines.append(f"{problem.path}:{problem.line}:{problem.column}: {severity}: {problem.message} [{problem.rule}]")
        if problem.hint:
            lines.append(f"    hint: {problem.hint}")
    lines.append(summary(problems, files_checked))
    return "\n".join(lines) + "\n"


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
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


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


REPORTERS: dict[str, Callable[[list[Problem], int, bool], str]] = {
    "text": text_report,
    "json": json_report,
    "github": github_report,
}
