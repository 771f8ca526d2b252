"""`charters record`: add to a charter's record without hand-editing YAML.

`review` logs a review with its results, `action` and `concern` open an entry, `close`,
`acknowledge` and `escalate` grow one. What is not given as options is asked for. The
file keeps its comments, order and layout; the result is validated (against the terms in
force on each entry's date) before it replaces the file, so a mistake writes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import click

from generator.cli_partners import read_charter
from generator.cli_support import (
    CHARTER_ID_PATTERN,
    CannotRun,
    MainLineTerms,
    charter_id_argument,
    print_errors,
    say,
    today_or_usage,
)
from generator.problems import Severity, has_errors
from generator.recording.yaml_edit import CannotEdit, CharterText
from generator.report import REPORTERS
from generator.sources import repository_root
from generator.workspace import CHARTERS_FOLDER, check_source
from generator.write import write_file

RESULTS = ("met", "partly", "missed", "not-assessed")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class _Day(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value: Any, parameter: click.Parameter | None, context: click.Context | None) -> str:
        text = str(value)
        try:
            # fromisoformat also takes 20261201 and week dates; the format writes neither.
            if _DAY.fullmatch(text):
                return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            pass
        self.fail(f"{text[:40]!r} is not a date written YYYY-MM-DD", parameter, context)


class _Slug(click.ParamType):
    name = "ID"

    def convert(self, value: Any, parameter: click.Parameter | None, context: click.Context | None) -> str:
        if len(str(value)) <= 64 and CHARTER_ID_PATTERN.fullmatch(str(value)):
            return str(value)
        self.fail(
            f"{str(value)[:40]!r} is not an id: lower-case letters and digits joined by dashes", parameter, context
        )


DAY, SLUG = _Day(), _Slug()


class _Charter:
    """The charter being recorded in: its path, its text parsed for editing, its data."""

    def __init__(self, charter_id: str) -> None:
        self.root = repository_root(Path.cwd())
        self.path = f"{CHARTERS_FOLDER}/{charter_id}.yaml"
        self.today = today_or_usage()
        self.terms_in_force = MainLineTerms(self.root).in_force
        source = read_charter(self.root, self.path)
        document, problems = check_source(self.path, source, self.today, self.terms_in_force)
        if has_errors(problems):
            print_errors(problems, 1)
            raise CannotRun(f"{self.path} has errors; correct them first, then record")
        self.data = document.data
        self.warned = {(problem.rule, problem.message) for problem in problems}
        try:
            self.text = CharterText(source.decode("utf-8"))
        except CannotEdit as error:
            raise CannotRun(f"{self.path}: {error}") from error

    def ids(self, key: str) -> list[str]:
        return [item["id"] for item in self.data.get(key, [])]

    def save(self, what: str) -> None:
        """Validate the edited text and write it in one step; on an error, write nothing."""
        source = self.text.text().encode("utf-8")
        _, problems = check_source(self.path, source, self.today, self.terms_in_force)
        if has_errors(problems):
            print_errors(problems, 1)
            raise CannotRun(
                f"{what} would make {self.path} invalid (the lines above are those it would have had), "
                "so nothing was written; correct the values and run again"
            )
        try:
            write_file(self.root / self.path, source)
        except OSError as error:
            raise CannotRun(f"cannot write {self.path}: {error.strerror or error}") from error
        # Only what this entry brings: the charter's other warnings are `validate`'s to tell.
        warnings = [
            problem
            for problem in problems
            if problem.severity is Severity.WARNING and (problem.rule, problem.message) not in self.warned
        ]
        if warnings:
            say(REPORTERS["text"](warnings, 1, False), err=True)
        say(f"recorded {what} in {self.path}; check it with `git diff`, then commit it in a pull request\n")


def _ask(value: Any, question: str, kind: Any = str) -> Any:
    """The value given as an option, or else the answer to ``question``."""
    return value if value is not None else click.prompt(question, type=kind)


def _choice(value: str | None, question: str, choices: list[str]) -> str:
    if value is not None and value not in choices:
        raise click.BadParameter(f"{value!r} is not one of: {', '.join(choices)}")
    return _ask(value, question, click.Choice(choices))


charter_id = click.argument("charter_id", callback=charter_id_argument)


@click.group("record")
def record_command() -> None:
    """Add to a charter's record: reviews, actions, concerns, and what became of them."""


@record_command.command("review")
@charter_id
@click.option("--date", "day", type=DAY, help="The day of the review (default: today).")
@click.option("--kind", type=click.Choice(["check-in", "quarterly-review", "annual-assessment", "post-mortem"]))
@click.option("--attendee", "attendees", multiple=True, type=SLUG, help="A party that took part; repeat for each.")
@click.option("--summary", help="What the review found, in a line.")
@click.option("--result", "results", type=(SLUG, click.Choice(RESULTS)), multiple=True, metavar="BENCHMARK RESULT")
@click.option("--value", "values", type=(SLUG, float), multiple=True, metavar="BENCHMARK NUMBER", help="The measured figure, in the threshold's unit.")  # fmt: skip
@click.option("--response", "responses", type=(SLUG, int), multiple=True, metavar="BENCHMARK STEP", help="The response step taken for a result.")  # fmt: skip
@click.option(
    "--commitment", "commitments", type=(SLUG, click.Choice(RESULTS)), multiple=True, metavar="COMMITMENT RESULT"
)
@click.option("--next", "next_review", type=DAY, help="The date of the next review.")
def review_command(
    charter_id: str,
    day: str | None,
    kind: str | None,
    attendees: tuple[str, ...],
    summary: str | None,
    results: tuple[tuple[str, str], ...],
    values: tuple[tuple[str, float], ...],
    responses: tuple[tuple[str, int], ...],
    commitments: tuple[tuple[str, str], ...],
    next_review: str | None,
) -> None:
    """Log a review: a result for each benchmark and commitment assessed.

    Without --result or --commitment, each benchmark and commitment is asked for in turn.
    """
    charter = _Charter(charter_id)
    day = day or charter.today.isoformat()
    if dt.date.fromisoformat(day) > charter.today + dt.timedelta(days=1):
        raise click.BadParameter(f"{day} is after today; log a review once it is held", param_hint="--date")
    given, kept = _once(results, "--result"), _once(commitments, "--commitment")
    if not results and not commitments:
        given = _asked(
            [(benchmark["id"], f"{benchmark['title']} ({benchmark['id']})") for benchmark in charter.data["benchmarks"]]
        )
        kept = _asked(
            [(item["id"], f"Commitment {item['id']}: {item['text']}") for item in charter.data["commitments"]]
        )
    measured, taken = dict(values), dict(responses)
    for benchmark in [*measured, *taken]:
        if benchmark not in given:
            raise click.BadParameter(
                f"{benchmark!r} has a --value or --response but no --result", param_hint="--result"
            )
    review: dict[str, Any] = {"date": day}
    if kind:
        review["kind"] = kind
    if attendees:
        review["attendees"] = list(attendees)
    if summary:
        review["summary"] = summary
    review["results"] = [
        {
            "benchmark": benchmark,
            "result": result,
            **({"value": _number(measured[benchmark])} if benchmark in measured else {}),
            **({"response": taken[benchmark]} if benchmark in taken else {}),
        }
        for benchmark, result in given.items()
    ]
    review["commitments"] = [{"commitment": commitment, "result": result} for commitment, result in kept.items()]
    charter.text.add_review(review, next_review)
    charter.save(f"the review of {day}")


def _once(pairs: tuple[tuple[str, str], ...], option: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for key, value in pairs:
        if key in found:
            raise click.BadParameter(f"{key!r} is given twice; give one result for it", param_hint=option)
        found[key] = value
    return found


def _asked(questions: list[tuple[str, str]]) -> dict[str, str]:
    """The result of each (id, question) answered, leaving out those skipped."""
    answers = {
        key: click.prompt(question, type=click.Choice([*RESULTS, "skip"]), default="skip")
        for key, question in questions
    }
    return {key: answer for key, answer in answers.items() if answer != "skip"}


def _number(value: float) -> int | float:
    return int(value) if value.is_integer() else value


@record_command.command("action")
@charter_id
@click.option("--id", "action_id", type=SLUG, help="Its id, unique among the charter's actions.")
@click.option("--step", type=int, help="The step of the response ladder it carries out.")
@click.option("--party", type=SLUG, help="The party that must act.")
@click.option("--summary", help="What must be done, in a line.")
@click.option("--benchmark", type=SLUG, help="The benchmark it answers.")
@click.option("--commitment", type=SLUG, help="The commitment it answers.")
@click.option("--concern", type=SLUG, help="The concern it answers.")
@click.option("--opened", type=DAY, help="The day it was agreed (default: today).")
@click.option("--due", type=DAY, help="The day it must be done by.")
def action_command(
    charter_id: str,
    action_id: str | None,
    step: int | None,
    party: str | None,
    summary: str | None,
    benchmark: str | None,
    commitment: str | None,
    concern: str | None,
    opened: str | None,
    due: str | None,
) -> None:
    """Open an action: a step of the response ladder that a party must carry out."""
    charter = _Charter(charter_id)
    steps = [str(item["step"]) for item in charter.data["responses"]]
    fields: dict[str, Any] = {
        "id": _ask(action_id, "Action id (e.g. late-payment-warning)", SLUG),
        "step": int(_choice(None if step is None else str(step), "Step of the response ladder", steps)),
        "party": _choice(party, "Party that must act", charter.ids("parties")),
        "opened": opened or charter.today.isoformat(),
        "summary": _ask(summary, "What must be done"),
    }
    _open(
        charter, "actions", {**fields, **_given(benchmark=benchmark, commitment=commitment, concern=concern, due=due)}
    )


@record_command.command("concern")
@charter_id
@click.option("--id", "concern_id", type=SLUG, help="Its id, unique among the charter's concerns.")
@click.option("--by", help="The party that raised it, or anonymous.")
@click.option("--about", multiple=True, type=SLUG, help="A party it is raised with (default: every party but --by).")
@click.option("--via", type=click.Choice(["voice", "escalation", "review"]))
@click.option("--summary", help="What the concern is; a public summary that names no one who raised it anonymously.")
@click.option("--benchmark", type=SLUG, help="The benchmark it is about.")
@click.option("--raised", type=DAY, help="The day it was raised (default: today).")
def concern_command(
    charter_id: str,
    concern_id: str | None,
    by: str | None,
    about: tuple[str, ...],
    via: str | None,
    summary: str | None,
    benchmark: str | None,
    raised: str | None,
) -> None:
    """Record a concern raised through the voice channel, the escalation path or a review."""
    charter = _Charter(charter_id)
    fields: dict[str, Any] = {
        "id": _ask(concern_id, "Concern id (e.g. late-notice-2026-12)", SLUG),
        "raised": raised or charter.today.isoformat(),
        "by": _choice(by, "Raised by", [*charter.ids("parties"), "anonymous"]),
    }
    fields |= _given(about=list(about))
    fields["via"] = _choice(via, "Raised through", ["voice", "escalation", "review"])
    fields["summary"] = _ask(summary, "What the concern is (a public summary)")
    _open(charter, "concerns", fields | _given(benchmark=benchmark))


def _given(**fields: Any) -> dict[str, Any]:
    """The optional fields that were given, in the order the file should have them."""
    return {field: value for field, value in fields.items() if value}


def _open(charter: _Charter, key: str, fields: dict[str, Any]) -> None:
    charter.text.add_entry(key, fields)
    charter.save(f"{key[:-1]} {fields['id']}")


@record_command.command("close")
@charter_id
@click.argument("entry_id", type=SLUG)
@click.option("--on", "day", type=DAY, help="The day it was done or resolved (default: today).")
@click.option("--outcome", help="How it ended, in a line.")
def close_command(charter_id: str, entry_id: str, day: str | None, outcome: str | None) -> None:
    """Close an action (it was done) or resolve a concern."""
    charter = _Charter(charter_id)
    found = [key for key in ("actions", "concerns") if entry_id in charter.ids(key)]
    if len(found) != 1:
        said = "no action or concern" if not found else "both an action and a concern named"
        raise click.BadParameter(f"{said} {entry_id!r} in {charter.path}", param_hint="ENTRY_ID")
    (key,) = found
    _grow(charter, key, entry_id, "closed" if key == "actions" else "resolved", day or charter.today.isoformat())
    if outcome:
        _grow(charter, key, entry_id, "outcome", outcome)
    charter.save(f"{key[:-1]} {entry_id} {'closed' if key == 'actions' else 'resolved'}")


def _concern_step(on_help: str):
    """A step in a concern's life: the charter, the concern and the day it happened."""

    def decorate(command):
        for option in (
            click.option("--on", "day", type=DAY, help=f"{on_help} (default: today)."),
            click.argument("concern_id", type=SLUG),
            charter_id,
        ):
            command = option(command)
        return command

    return decorate


@record_command.command("acknowledge")
@_concern_step("The day a party it is raised with acknowledged it")
def acknowledge_command(charter_id: str, concern_id: str, day: str | None) -> None:
    """Record that a party a concern is raised with acknowledged it."""
    charter = _Charter(charter_id)
    _grow(charter, "concerns", concern_id, "acknowledged", day or charter.today.isoformat())
    charter.save(f"concern {concern_id} acknowledged")


@record_command.command("escalate")
@_concern_step("The day it reached the next level")
def escalate_command(charter_id: str, concern_id: str, day: str | None) -> None:
    """Take a concern to the next level of the escalation path."""
    charter = _Charter(charter_id)
    level = _editing(charter.text.escalate, concern_id, day or charter.today.isoformat())
    charter.save(f"concern {concern_id} escalated to level {level}")


def _grow(charter: _Charter, key: str, entry_id: str, field: str, value: str) -> None:
    _editing(charter.text.grow, key, entry_id, field, value)


def _editing(edit, *arguments: Any) -> Any:
    """An edit of the text, whose refusal is the command's, with its reason."""
    try:
        return edit(*arguments)
    except CannotEdit as error:
        raise CannotRun(str(error)) from error


RECORD_COMMANDS = (record_command,)
