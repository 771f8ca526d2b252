"""A ledger of positions (``approvals/<charter-id>.yaml``): its format, and what it names.

Every slip against the ledger's schema is an error here, where the person who wrote it
sees it. A line whose version, position or by is malformed counts for nothing in the
history; one wrong in anything else still counts (schema.ledger_line_counts). What the
format cannot see needs the charter: whether the version exists, and whether the person
speaks for a party of it (a line by anyone else is kept but counts for nothing).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.load import Document
from generator.problems import Problem, Severity
from generator.schema import certainly_valid_ledger, ledger_line_counts
from generator.sources import CHARTER_SUFFIX, CHARTERS_FOLDER, ledger_charter_id
from generator.validate.schema_errors import ledger_schema_problems

# What a ledger's charter is, when it is not a charter's data: its file is missing, or it
# does not pass validation (its own problems say why; the rules below would only guess).
NO_CHARTER = "missing"
BROKEN_CHARTER = "broken"


def validate_ledger(document: Document, charter: dict[str, Any] | str) -> list[Problem]:
    """``charter``: the data of the charter the ledger is named after, or NO_CHARTER or
    BROKEN_CHARTER."""
    problems = ledger_schema_problems(document)
    charter_id = ledger_charter_id(document.path)
    if charter_id is None:
        problems.append(
            document.problem(
                (),
                Severity.ERROR,
                "unknown-charter",
                f"{document.path} is not named after a charter id, so its lines count for nothing",
                "name a ledger after its charter: approvals/<charter-id>.yaml, e.g. approvals/riverside-greenmill.yaml",
            )
        )
    elif charter == NO_CHARTER:
        # A charter renamed keeps its ledger under its former id, whose lines still count.
        problems.append(
            document.problem(
                (),
                Severity.WARNING,
                "unknown-charter",
                f"there is no charter {CHARTERS_FOLDER}/{charter_id}{CHARTER_SUFFIX}; "
                f"these lines count only if {charter_id} is a former id of a charter",
                "if the charter was renamed, leave this file as it is; "
                "else write the positions in the ledger named after the charter's id",
            )
        )
    elif isinstance(charter, dict):
        problems += _line_problems(document, charter)
    return problems


def _emails(charter: dict[str, Any]) -> set[str]:
    return {person["email"].casefold() for party in charter["parties"] for person in party["representatives"]}


def _line_problems(document: Document, charter: dict[str, Any]) -> Iterator[Problem]:
    representatives = _emails(charter)
    every_line_counts = certainly_valid_ledger(document.data)  # else each line is asked, far slower
    for index, line in enumerate(document.data):
        if not (every_line_counts or ledger_line_counts(line)):
            continue  # its schema errors say what is wrong
        if line["version"] > charter["version"]:
            yield document.problem(
                (index, "version"),
                Severity.ERROR,
                "unknown-version",
                f"this position is on version {line['version']}, but {charter['id']} is at version {charter['version']}",
                f"name the version you read (from 1 to {charter['version']}): its number is on its version page",
            )
        # Only the current version's representatives are known here; earlier versions had theirs.
        if line["version"] == charter["version"] and line["by"].casefold() not in representatives:
            yield document.problem(
                (index, "by"),
                Severity.WARNING,
                "not-a-representative",
                f"{line['by']} is not a representative of any party of {charter['id']}; this line counts for nothing",
                "write the email the charter lists for you under your party's representatives",
            )
        reason = line.get("reason")  # its type is the schema's to check; the line counts anyway
        if line["position"] == "object" and not (isinstance(reason, str) and reason.strip()):
            yield document.problem(
                (index, "position"),
                Severity.WARNING,
                "objection-without-reason",
                "this objection gives no reason",
                "add `reason: …` saying what would make the terms acceptable: the other parties read it on the site",
            )
