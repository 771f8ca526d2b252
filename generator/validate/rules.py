"""Rules a JSON Schema cannot say: identity, references, rationale and ordering.

Each rule is a generator of problems over a document that may also break the schema; the
helpers in ``fields`` make them look only at well-shaped parts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import PurePosixPath

from generator.load import Document
from generator.problems import Problem, Severity
from generator.validate.fields import describe_path, ids, mappings, strings, suggestion


def _error(
    document: Document, json_path: tuple, rule: str, message: str, hint: str, *, of_key: bool = False
) -> Problem:
    return document.problem(json_path, Severity.ERROR, rule, message, hint, of_key=of_key)


def id_matches_file_name(document: Document) -> Iterator[Problem]:
    expected = PurePosixPath(document.path).stem
    charter_id = document.data.get("id")
    if isinstance(charter_id, str) and charter_id != expected:
        yield _error(
            document,
            ("id",),
            "id-mismatch",
            f"id {charter_id!r} differs from the file name {expected!r}",
            f"set `id: {expected}`, or rename the file to {charter_id}.yaml",
        )


def unique_ids(document: Document) -> Iterator[Problem]:
    for kind, key in (("party", "parties"), ("benchmark", "benchmarks"), ("commitment", "commitments")):
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


def _unknown(
    document: Document, json_path: tuple, kind: str, name: str, known: list[str], *, of_key: bool = False
) -> Problem:
    return _error(
        document,
        json_path,
        "unknown-reference",
        f"{describe_path(json_path)} names {kind} {name!r}, which this charter does not define",
        f"{suggestion(name, known)}{kind} ids here: {', '.join(known) or 'none'}",
        of_key=of_key,
    )


def references_exist(document: Document) -> Iterator[Problem]:
    data = document.data
    parties, benchmarks = ids(data, "parties"), ids(data, "benchmarks")
    for index, benchmark in mappings(data, "benchmarks"):
        for position, party in strings(benchmark, "applies_to"):
            if party not in parties:
                yield _unknown(document, ("benchmarks", index, "applies_to", position), "party", party, parties)
        owners = benchmark.get("owners")
        for party in owners if isinstance(owners, dict) else ():
            if party not in parties:
                yield _unknown(document, ("benchmarks", index, "owners", party), "party", party, parties, of_key=True)
    for index, commitment in mappings(data, "commitments"):
        party = commitment.get("party")
        if isinstance(party, str) and party not in parties:
            yield _unknown(document, ("commitments", index, "party"), "party", party, parties)
        for position, benchmark in strings(commitment, "benchmarks"):
            if benchmark not in benchmarks:
                yield _unknown(
                    document, ("commitments", index, "benchmarks", position), "benchmark", benchmark, benchmarks
                )
    reviews = data.get("reviews")
    for index, review in mappings(reviews, "log"):
        for position, party in strings(review, "attendees"):
            if party not in parties:
                yield _unknown(document, ("reviews", "log", index, "attendees", position), "party", party, parties)
        for position, result in mappings(review, "results"):
            benchmark = result.get("benchmark")
            if isinstance(benchmark, str) and benchmark not in benchmarks:
                yield _unknown(
                    document,
                    ("reviews", "log", index, "results", position, "benchmark"),
                    "benchmark",
                    benchmark,
                    benchmarks,
                )


def partial_benchmarks_explained(document: Document) -> Iterator[Problem]:
    parties = ids(document.data, "parties")
    for index, benchmark in mappings(document.data, "benchmarks"):
        bound = [party for _, party in strings(benchmark, "applies_to")]
        left_out = [party for party in parties if party not in bound]
        if "applies_to" in benchmark and left_out and not benchmark.get("rationale"):
            yield _error(
                document,
                ("benchmarks", index, "applies_to"),
                "missing-rationale",
                f"benchmark {benchmark.get('id', index)!r} leaves out {', '.join(left_out)} but gives no rationale",
                "add `rationale:` saying why it binds only some parties; benchmarks bind every party by default",
                of_key=True,
            )


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
    steps_run_in_order,
    ends_after_effective,
)


def rule_problems(document: Document) -> list[Problem]:
    return [problem for rule in RULES for problem in rule(document)]
