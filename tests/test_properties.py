"""Property tests: no input, however broken, makes the loader or validator raise."""

from __future__ import annotations

import copy
import json

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load import load_charter
from generator.problems import Problem
from generator.report import REPORTERS
from generator.schema import certainly_valid, certainly_valid_ledger, charter_validator, ledger_validator
from generator.validate import validate_document
from tests.conftest import REPO, TODAY

EXAMPLE = REPO / "charters" / "nordvik-virtanen-oats.yaml"
EXAMPLE_BYTES = EXAMPLE.read_bytes()
EXAMPLE_DATA = load_charter(EXAMPLE.name, EXAMPLE_BYTES).document.data
PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)


def check(source: bytes) -> list[Problem]:
    """Load, validate and report ``source``; any exception fails the property."""
    loaded = load_charter(EXAMPLE.name, source)
    problems = list(loaded.problems)
    if loaded.document is not None:
        problems += validate_document(loaded.document, TODAY)
        # The fast validator may only ever say "valid" when the explaining one agrees.
        if certainly_valid(loaded.document.data):
            assert not any(charter_validator().iter_errors(loaded.document.data))
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1
        assert problem.path == EXAMPLE.name
    for reporter in REPORTERS.values():
        reporter(sorted(problems), 1, False)
    return problems


@PROPERTY_SETTINGS
@given(st.text(max_size=400))
def test_any_text_gives_problems_not_tracebacks(text: str) -> None:
    check(text.encode("utf-8", "surrogatepass"))


@PROPERTY_SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes_give_problems_not_tracebacks(source: bytes) -> None:
    check(source)


@PROPERTY_SETTINGS
@given(
    st.lists(
        st.tuples(st.integers(0, len(EXAMPLE_BYTES)), st.integers(0, 8), st.binary(max_size=6)), min_size=1, max_size=5
    )
)
def test_byte_edits_of_a_real_charter_give_problems_not_tracebacks(edits: list[tuple[int, int, bytes]]) -> None:
    source = EXAMPLE_BYTES
    for position, deleted, inserted in edits:
        source = source[:position] + inserted + source[position + deleted :]
    check(source)


@st.composite
def mutated_charters(draw: st.DrawFn) -> dict:
    """The example charter with a few values replaced, removed or added at random places."""
    data = copy.deepcopy(EXAMPLE_DATA)
    for _ in range(draw(st.integers(1, 4))):
        parent = data
        while True:
            keys = list(parent) if isinstance(parent, dict) else list(range(len(parent)))
            if not keys:
                break
            key = draw(st.sampled_from(keys))
            child = parent[key]
            if isinstance(child, (dict, list)) and child and draw(st.booleans()):
                parent = child
                continue
            action = draw(st.sampled_from(["replace", "remove", "add"]))
            if action == "replace":
                parent[key] = draw(json_values)
            elif action == "remove":
                del parent[key]
            elif isinstance(parent, dict):
                parent[draw(st.text(min_size=1, max_size=12))] = draw(json_values)
            else:
                parent.append(draw(json_values))
            break
    return data


@PROPERTY_SETTINGS
@given(mutated_charters(), st.sampled_from(["yaml", "json"]))
def test_mutated_charters_give_problems_not_tracebacks(data: dict, syntax: str) -> None:
    text = yaml.safe_dump(data, allow_unicode=True) if syntax == "yaml" else json.dumps(data, ensure_ascii=False)
    check(text.encode("utf-8", "surrogatepass"))


def _string_paths(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _string_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _string_paths(item, (*path, index))
    elif isinstance(value, str):
        yield path


STRING_PATHS = list(_string_paths(EXAMPLE_DATA))


@PROPERTY_SETTINGS
@given(
    st.sampled_from(STRING_PATHS),
    st.text(max_size=12) | st.sampled_from(["2026-02-30", "2026-02-28", "UK", "GB", "weekly", "x@y.z", "a b"]),
)
def test_the_fast_and_the_explaining_validator_agree(path: tuple, replacement: str) -> None:
    data = copy.deepcopy(EXAMPLE_DATA)
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = replacement
    assert certainly_valid(data) == (not any(charter_validator().iter_errors(data)))


ledger_lines = st.fixed_dictionaries(
    {
        "version": st.integers(-1, 4) | json_values,
        "position": st.sampled_from(["approve", "object", "Approve"]) | json_values,
        "by": st.sampled_from(["ada@riverside.example", "ada@riverside.example\n", "ada", "a b@c.d"]) | json_values,
    },
    optional={"reason": st.text(max_size=12) | json_values, "by-the-way": json_values},
)


@PROPERTY_SETTINGS
@given(st.lists(ledger_lines, max_size=3) | json_values)
def test_the_fast_and_the_explaining_ledger_validator_agree(data: object) -> None:
    assert certainly_valid_ledger(data) == (not any(ledger_validator().iter_errors(data)))
