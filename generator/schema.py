"""The JSON Schemas (charters; ledgers of positions; translations): where they live and one validator of
each, reused for every file.

Building a validator checks the schema itself (about 12 ms); reusing one costs about 1 ms
per charter, and charters are validated once per historic revision.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import fastjsonschema
from jsonschema import Draft7Validator, FormatChecker, ValidationError, validators

from generator.resources import resource


def schema_path() -> Path:
    return resource("schema") / "charter.schema.json"


def _read(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@functools.cache
def charter_schema() -> dict[str, Any]:
    return _read(schema_path())


@functools.cache
def charter_validator() -> Draft7Validator:
    """A validator for the schema with every reference inlined.

    Following ``$ref`` costs about 20 µs each and a charter meets some 200 of them, which
    made validation four times slower than the work itself. The schema has no recursion, so
    inlining is exact. Only "date" is checked as a format: it is the one failure a pattern
    cannot see (2026-02-30).
    """
    return _Validator(_inline(charter_schema()), format_checker=FormatChecker(formats=["date"]))


def ledger_schema_path() -> Path:
    return resource("schema") / "approvals.schema.json"


@functools.cache
def ledger_schema() -> dict[str, Any]:
    """The schema of ``approvals/<charter-id>.yaml``; it has no references to inline."""
    return _read(ledger_schema_path())


@functools.cache
def ledger_validator() -> Draft7Validator:
    return _Validator(ledger_schema())


def translation_schema_path() -> Path:
    return resource("schema") / "translation.schema.json"


@functools.cache
def translation_schema() -> dict[str, Any]:
    """The schema of ``translations/<charter-id>.<language>.yaml``; it has no references."""
    return _read(translation_schema_path())


@functools.cache
def translation_validator() -> Draft7Validator:
    return _Validator(translation_schema())


@functools.cache
def _ledger_core() -> Draft7Validator:
    line = ledger_schema()["items"]
    core = {name: line["properties"][name] for name in line["required"]}
    return _Validator({"type": "object", "required": line["required"], "properties": core})


def ledger_line_counts(line: object) -> bool:
    """Whether a ledger line is a position: its version, position and by are well-formed, as
    the ledger's schema defines them. A line wrong in anything else (an unknown key, a long
    reason) still counts, so that no slip drops an objection; `validate` reports the slip."""
    return _ledger_core().is_valid(line)


# `$` in a JSON Schema pattern is ECMA-262's: the end of the text. Python's `$` also matches
# before a final newline, so "oats\n" would pass `^[a-z]+$` here while editors and the
# compiled validator refuse it.
_END_ANCHOR = re.compile(r"(?<!\\)\$")


@functools.cache
def _ecma_pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(_END_ANCHOR.sub(r"\\Z", pattern))


def _pattern(validator: Draft7Validator, pattern: str, instance: object, _schema: dict) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and not _ecma_pattern(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


# JSON Schema counts 3.0 as an integer; in YAML it is a decimal number, and `version: 3.0`
# or `level: 1.0` should be written as the whole numbers they mean.
_Validator = validators.extend(
    Draft7Validator,
    validators={"pattern": _pattern},
    type_checker=Draft7Validator.TYPE_CHECKER.redefine(
        "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool)
    ),
)


_SUBSCHEMA_KEYWORDS = ("items", "additionalProperties", "propertyNames")


def _inline(subschema: dict[str, Any]) -> dict[str, Any]:
    node = {key: value for key, value in resolve(subschema).items() if key != "definitions"}
    if "properties" in node:
        node["properties"] = {name: _inline(child) for name, child in node["properties"].items()}
    for keyword in _SUBSCHEMA_KEYWORDS:
        if isinstance(node.get(keyword), dict):
            node[keyword] = _inline(node[keyword])
    return node


def resolve(subschema: dict[str, Any]) -> dict[str, Any]:
    """``subschema`` with its ``allOf: [{$ref}]`` inlined, outer keywords winning.

    Draft 7 ignores keywords beside ``$ref``, so the schema wraps references in ``allOf``
    to give each field its own title, description and examples. Where a field repeats a
    validation keyword of its definition it only ever narrows it (``maxLength: 40`` on a
    200-character line), so the outer keyword winning keeps the meaning of ``allOf``.
    """
    merged: dict[str, Any] = {}
    for part in subschema.get("allOf", []):
        merged.update(resolve(_dereference(part)))
    merged.update({key: value for key, value in _dereference(subschema).items() if key != "allOf"})
    return merged


def _dereference(subschema: dict[str, Any]) -> dict[str, Any]:
    reference = subschema.get("$ref")
    if reference is None:
        return subschema
    target: Any = charter_schema()
    for part in reference.removeprefix("#/").split("/"):
        target = target[part]
    return resolve(target)


def _real_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


@functools.cache
def _compiled_charter() -> Callable[[object], object]:
    return fastjsonschema.compile(_inline(charter_schema()), formats={"date": _real_date})


@functools.cache
def _compiled_ledger() -> Callable[[object], object]:
    return fastjsonschema.compile(ledger_schema())


def _has_integral_float(value: object) -> bool:
    if isinstance(value, float):
        return value.is_integer()
    if isinstance(value, dict):
        return any(_has_integral_float(item) for item in value.values())
    if isinstance(value, list):
        return any(_has_integral_float(item) for item in value)
    return False


def _passes(compiled: Callable[[object], object], data: object) -> bool:
    # fastjsonschema takes 3.0 for an integer, as JSON Schema does and this tool does not,
    # so data holding such numbers takes the slow path.
    if _has_integral_float(data):
        return False
    try:
        compiled(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def certainly_valid(data: object) -> bool:
    """True when ``data`` passes the charter schema, found about fourteen times faster than
    by the explaining validator; False means "look closer", not "invalid".

    fastjsonschema compiles the schema to Python. A property test holds the two validators
    to the same verdicts.
    """
    return _passes(_compiled_charter(), data)


def certainly_valid_ledger(data: object) -> bool:
    """``certainly_valid`` for a ledger of positions: a 2,000-line ledger takes about 4 ms
    to explain, and nearly every ledger is valid."""
    return _passes(_compiled_ledger(), data)


def is_valid_charter(data: object) -> bool:
    """Whether ``data`` passes the schema: the fast verdict, and the explaining validator's
    where the fast one is unsure."""
    return certainly_valid(data) or next(charter_validator().iter_errors(data), None) is None
