"""Rules a JSON Schema cannot say: identity, references in the terms, rationale and ordering.

Each rule is a generator of problems over a document that may also break the schema; the
helpers in ``fields`` make them look only at well-shaped parts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from generator.load import Document
from generator.problems import Problem, Severity
from generator.schema import charter_schema
from generator.validate.fields import known_ids, mappings, strings, unknown_reference
from generator.validate.record import RECORD_RULES


def _error(
    document: Document, json_path: tuple, rule: str, message: str, hint: str, *, of_key: bool = False
) -> Problem:
    return document.problem(json_path, Severity.ERROR, rule, message, hint, of_key=of_key)


def id_matches_file_name(document: Document) -> Iterator[Problem]:
    expected = PurePosixPath(document.path).stem
    charter_id = document.data.get("id")
    # A malformed id is the schema's to report; suggesting a file name from it would mislead.
    slug = re.compile(charter_schema()["definitions"]["slug"]["pattern"])
    if isinstance(charter_id, str) and slug.match(charter_id) and charter_id != expected:
        yield _error(
            document,
            ("id",),
            "id-mismatch",
            f"id {charter_id!r} differs from the file name {expected!r}",
            f"set `id: {expected}`, or rename the file to {charter_id}.yaml",
        )


def unique_ids(document: Document) -> Iterator[Problem]:
    for kind, key in (
        ("party", "parties"),
        ("benchmark", "benchmarks"),
        ("commitment", "commitments"),
        ("action", "actions"),
        ("concern", "concerns"),
    ):
        first_seen: dict[str, int] = {}
        for index, item in mappings(document.data, key):
            item_id = item.get("id")
            if not isinstance(item_id, str):
                continue
            if item_id in first_seen:
                first_line = document.position((key, first_seen[item_id], "id")).line
                yield _error(
                    document,
                    (key, index, "id"),
                    "duplicate-id",
                    f"{kind} id {item_id!r} is used twice (first at line {first_line})",
                    f"give each {kind} its own id",
                )
            else:
                first_seen[item_id] = index


def unique_representatives(document: Document) -> Iterator[Problem]:
    first_seen: dict[str, tuple] = {}
    for party_index, party in mappings(document.data, "parties"):
        for index, person in mappings(party, "representatives"):
            email = person.get("email")
            if not isinstance(email, str):
                continue
            path = ("parties", party_index, "representatives", index, "email")
            key = email.casefold()
            if key in first_seen:
                first_line = document.position(first_seen[key]).line
                yield _error(
                    document,
                    path,
                    "duplicate-email",
                    f"{email} is listed twice as a representative (first at line {first_line})",
                    "list each person once, under the one party they approve for: approvals are matched to parties by email",
                )
            else:
                first_seen[key] = path


def references_exist(document: Document) -> Iterator[Problem]:
    data = document.data
    parties, benchmarks = known_ids(data, "parties"), known_ids(data, "benchmarks")
    if parties is not None:
        yield from _party_references(document, parties)
    if benchmarks is not None:
        yield from _benchmark_references(document, benchmarks)


def _party_references(document: Document, parties: list[str]) -> Iterator[Problem]:
    data = document.data
    for index, benchmark in mappings(data, "benchmarks"):
        for position, party in strings(benchmark, "applies_to"):
            if party not in parties:
                yield unknown_reference(
                    document, ("benchmarks", index, "applies_to", position), "party", party, parties
                )
        owners = benchmark.get("owners")
        for party in owners if isinstance(owners, dict) else ():
            if party not in parties:
                yield unknown_reference(
                    document, ("benchmarks", index, "owners", party), "party", party, parties, of_key=True
                )
    for index, commitment in mappings(data, "commitments"):
        party = commitment.get("party")
        if isinstance(party, str) and party not in parties:
            yield unknown_reference(document, ("commitments", index, "party"), "party", party, parties)


def _benchmark_references(document: Document, benchmarks: list[str]) -> Iterator[Problem]:
    data = document.data
    for index, commitment in mappings(data, "commitments"):
        for position, benchmark in strings(commitment, "benchmarks"):
            if benchmark not in benchmarks:
                yield unknown_reference(
                    document, ("commitments", index, "benchmarks", position), "benchmark", benchmark, benchmarks
                )


def _bound_parties(benchmark: dict) -> list[str] | None:
    """The parties ``applies_to`` names, or None when it is missing or malformed."""
    applies_to = benchmark.get("applies_to")
    if not isinstance(applies_to, list) or not applies_to or not all(isinstance(party, str) for party in applies_to):
        return None
    return applies_to


def partial_benchmarks_explained(document: Document) -> Iterator[Problem]:
    parties = known_ids(document.data, "parties")
    for index, benchmark in mappings(document.data, "benchmarks"):
        bound = _bound_parties(benchmark)
        if parties is None or bound is None:
            continue
        left_out = [party for party in parties if party not in bound]
        if left_out and not benchmark.get("rationale"):
            yield _error(
                document,
                ("benchmarks", index, "applies_to"),
                "missing-rationale",
                f"benchmark {benchmark.get('id', index)!r} leaves out {', '.join(left_out)} but gives no rationale",
                "add `rationale:` saying why it binds only some parties; benchmarks bind every party by default",
                of_key=True,
            )
        owners = benchmark.get("owners")
        for party in owners if isinstance(owners, dict) else ():
            if party in parties and party not in bound:
                yield _error(
                    document,
                    ("benchmarks", index, "owners", party),
                    "owner-not-bound",
                    f"benchmark {benchmark.get('id', index)!r} names an owner for {party!r}, which it does not bind",
                    f"add {party} to `applies_to`, or remove its owner",
                    of_key=True,
                )


def reviews_in_date_order(document: Document) -> Iterator[Problem]:
    previous = ""
    for index, review in mappings(document.data.get("reviews"), "log"):
        date = review.get("date")
        if not isinstance(date, str):
            continue
        if date < previous:
            yield _error(
                document,
                ("reviews", "log", index, "date"),
                "log-out-of-order",
                f"review of {date} is logged after the review of {previous}",
                "keep the review log oldest first, newest last",
            )
        previous = max(previous, date)


def steps_run_in_order(document: Document) -> Iterator[Problem]:
    for key, number_field, noun in (
        ("escalation", "level", "escalation level"),
        ("responses", "step", "response step"),
    ):
        for expected, (index, item) in enumerate(mappings(document.data, key), start=1):
            number = item.get(number_field)
            if isinstance(number, int) and not isinstance(number, bool) and number != expected:
                yield _error(
                    document,
                    (key, index, number_field),
                    "out-of-order",
                    f"{noun} {number} stands where {noun} {expected} belongs",
                    f"number the entries of `{key}` 1, 2, 3… in the order they apply",
                )
                break


def ends_after_effective(document: Document) -> Iterator[Problem]:
    try:
        effective = dt.date.fromisoformat(document.data["effective"])
        ends = dt.date.fromisoformat(document.data["ends"])
    except (KeyError, TypeError, ValueError):
        return
    if ends <= effective:
        yield _error(
            document,
            ("ends",),
            "ends-before-effective",
            f"the partnership ends ({ends}) before its terms take effect ({effective})",
            "check both dates: `ends` must come after `effective`",
        )


RULES = (
    id_matches_file_name,
    unique_ids,
    unique_representatives,
    references_exist,
    partial_benchmarks_explained,
    reviews_in_date_order,
    steps_run_in_order,
    ends_after_effective,
    *RECORD_RULES,
)


def rule_problems(document: Document) -> list[Problem]:
    return [problem for rule in RULES for problem in rule(document)]
