"""Schema errors, turned into problems that say where, what and how to fix it.

The wording comes from the schema itself (titles, descriptions, examples), so the schema
stays the one source of truth for what a field means. Charters and ledgers of positions
are explained alike, each against its own schema.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from typing import Any

from jsonschema import Draft7Validator, ValidationError

from generator.load import Document
from generator.problems import Problem, Severity
from generator.schema import (
    certainly_valid,
    certainly_valid_ledger,
    charter_schema,
    charter_validator,
    ledger_schema,
    ledger_validator,
    resolve,
    translation_schema,
    translation_validator,
)
from generator.validate.fields import describe_path, suggestion

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of fields",
    "null": "empty",
}
_DATE_HINT = "write the date as YYYY-MM-DD, e.g. 2026-03-01"
_TYPE_HINTS = {
    "string": "put the value in quotes to make it text",
    "integer": "write a whole number, without quotes or decimals, e.g. 2",
    "number": "write a number without quotes, e.g. 48",
    "boolean": "write true or false without quotes",
    "array": "write a list: one `- item` line per entry, or [a, b]",
    "object": "write `field: value` lines indented under this field",
}


def _kind_of(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return f"the decimal number {value}"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "a mapping of fields"


def _first_repeat(items: list[Any]) -> int:
    seen: set[str] = set()
    for index, item in enumerate(items):
        key = json.dumps(item, sort_keys=True)
        if key in seen:
            return index
        seen.add(key)
    raise ValueError("no repeated item")


def _entries(count: int) -> str:
    return f"{count} {'entry' if count == 1 else 'entries'}"


def _example(schema: dict[str, Any]) -> str:
    examples = schema.get("examples")
    return f" e.g. {examples[0]}" if examples and not isinstance(examples[0], (dict, list)) else ""


def _field_hint(schema: dict[str, Any]) -> str:
    return (schema.get("description", "") + _example(schema)).strip()


def _field_schema(root: dict[str, Any], json_path: tuple) -> dict[str, Any]:
    """The schema of the field at ``json_path``, its own title and description included.

    Walked from the root along the instance path rather than taken from the error, whose
    schema is the shared definition (``slug``) and not the field (``principle``).
    """
    node = resolve(root)
    for part in json_path:
        if isinstance(part, int):
            child = node.get("items", {})
        else:
            child = node.get("properties", {}).get(part, node.get("additionalProperties"))
        node = resolve(child) if isinstance(child, dict) else {}
    return node


class _Explainer:
    def __init__(self, document: Document, root: dict[str, Any], describe: Callable[[tuple], str]) -> None:
        self.document = document
        self.root = root  # the schema of the whole file
        self.describe = describe  # how a message names the place at a JSON path

    def problem(self, json_path: tuple, rule: str, message: str, hint: str, *, of_key: bool = False) -> Problem:
        return self.document.problem(json_path, Severity.ERROR, rule, message, hint, of_key=of_key)

    def explain(self, error: ValidationError) -> Iterator[Problem]:
        json_path = tuple(error.absolute_path)
        field = self.describe(json_path)
        schema = _field_schema(self.root, json_path)
        keyword, value = error.validator, error.instance
        if keyword == "required":
            properties = schema.get("properties", {})
            misspelt = [key for key in value if key not in properties] if isinstance(value, dict) else []
            for name in error.validator_value:
                # A misspelt key (`cadance`) is reported once, as unknown, not also as missing.
                if isinstance(value, dict) and name not in value and not suggestion(name, misspelt):
                    expected = resolve(properties.get(name, {}))
                    yield self.problem(
                        json_path,
                        "missing-field",
                        f"{field} is missing the required field {name!r}",
                        f"add `{name}:` here. {_field_hint(expected)}",
                        of_key=True,
                    )
        elif keyword == "additionalProperties" and error.validator_value is False:
            allowed = list(schema.get("properties", {}))
            for name in value:
                if name not in allowed:
                    # `{text: A, B}` reads B as a second key with no value: say so.
                    comma_hint = (
                        ""
                        if value[name] is not None
                        else "if it continues the value before it, quote that value: inside { } a comma ends a value; "
                    )
                    yield self.problem(
                        json_path + (name,),
                        "unknown-field",
                        f"unknown field {name!r} in {field}",
                        f"{suggestion(name, allowed)}{comma_hint}allowed fields here: {', '.join(allowed)}",
                        of_key=True,
                    )
        elif "propertyNames" in error.relative_schema_path:
            yield self.problem(
                json_path + (value,),
                "invalid-format",
                f"key {value!r} in {field} is not a valid identifier",
                _field_hint(resolve(schema.get("propertyNames", {}))),
                of_key=True,
            )
        else:
            yield self.value_problem(json_path, field, schema, error)

    def type_problem(self, json_path: tuple, field: str, schema: dict[str, Any], value: Any, expected: str) -> Problem:
        if value is None:
            return self.problem(
                json_path,
                "empty-value",
                f"{field} is empty",
                "write a value after the colon, or delete the line if the field is optional",
            )
        if schema.get("format") == "date":
            return self.problem(
                json_path, "invalid-date", f"{field}: {value!r} is not a date written YYYY-MM-DD", _DATE_HINT
            )
        if expected == "string" and isinstance(value, (list, dict)):
            hint = f"write one value here, not {_kind_of(value)}; quote text that contains `: ` or starts with `-`"
        else:
            hint = _TYPE_HINTS.get(expected, _field_hint(schema))
        return self.problem(
            json_path, "wrong-type", f"{field} should be {_TYPE_WORDS[expected]}, not {_kind_of(value)}", hint
        )

    def value_problem(self, json_path: tuple, field: str, schema: dict[str, Any], error: ValidationError) -> Problem:
        keyword, value, limit = error.validator, error.instance, error.validator_value
        title = schema.get("title", "value").lower()
        if schema.get("format") == "date" and keyword in ("format", "pattern"):
            if keyword == "format":
                return self.problem(
                    json_path,
                    "invalid-date",
                    f"{field}: {value!r} is not a real date",
                    "check the day and the month; write YYYY-MM-DD, e.g. 2026-02-28",
                )
            return self.problem(
                json_path, "invalid-date", f"{field}: {value!r} is not a date written YYYY-MM-DD", _DATE_HINT
            )
        if keyword == "type":
            return self.type_problem(json_path, field, schema, value, limit if isinstance(limit, str) else limit[0])
        if keyword in ("enum", "const"):
            choices = [str(choice) for choice in (limit if keyword == "enum" else [limit])]
            listed = f"use one of: {', '.join(choices)}" if len(choices) <= _CHOICES_LISTED else _field_hint(schema)
            return self.problem(
                json_path,
                "invalid-value",
                f"{field}: {value!r} is not a valid {title}",
                f"{suggestion(str(value), choices)}{listed}",
            )
        if keyword == "pattern":
            return self.problem(
                json_path, "invalid-format", f"{field}: {value!r} is not a valid {title}", _field_hint(schema)
            )
        if keyword == "minLength":
            return self.problem(
                json_path,
                "empty-value",
                f"{field} is empty",
                f"write the {title}, or remove the field if it is optional",
            )
        if keyword == "maxLength":
            return self.problem(
                json_path,
                "too-long",
                f"{field} is {len(value)} characters long; at most {limit} allowed",
                f"shorten the {title}",
            )
        if keyword == "minItems":
            return self.problem(
                json_path,
                "too-few",
                f"{field} has {_entries(len(value))}; at least {limit} needed",
                _field_hint(schema),
            )
        if keyword in ("minimum", "maximum"):
            bound = "at least" if keyword == "minimum" else "at most"
            return self.problem(
                json_path, "out-of-range", f"{field} is {value}; it must be {bound} {limit}", _field_hint(schema)
            )
        if keyword == "uniqueItems":
            repeat = _first_repeat(value)
            return self.problem(
                json_path + (repeat,),
                "duplicate-item",
                f"{field} lists {value[repeat]!r} twice",
                "remove the repeated entry",
            )
        return self.problem(json_path, "schema", f"{field}: {error.message}", _field_hint(schema))


# When one value breaks several keywords (an empty title is both too short and blank),
# only the most telling is reported.
_CHOICES_LISTED = 12  # longer vocabularies (249 countries) are described, not listed
MAX_SCHEMA_ERRORS = 100  # a file past this is not a charter with typos; stop early
_PRECEDENCE = ("type", "const", "enum", "minLength", "pattern", "format")


def _precedence(error: ValidationError) -> int:
    return _PRECEDENCE.index(error.validator) if error.validator in _PRECEDENCE else len(_PRECEDENCE)


def schema_problems(document: Document) -> list[Problem]:
    """A charter's schema errors."""
    if certainly_valid(document.data):
        return []
    return _explained(document, charter_validator(), charter_schema(), describe_path)


def ledger_schema_problems(document: Document) -> list[Problem]:
    """A ledger's schema errors: each names the line that breaks the format."""
    if certainly_valid_ledger(document.data):
        return []
    return _explained(document, ledger_validator(), ledger_schema(), _describe_in_ledger)


def translation_schema_problems(document: Document) -> list[Problem]:
    """A translation's schema errors."""
    return _explained(
        document, translation_validator(), translation_schema(), lambda path: describe_path(path, "the translation")
    )


def _describe_in_ledger(json_path: tuple) -> str:
    """A ledger's problems stand at their line, so a place is named within its position:
    ``(2, "version")`` → ``version``."""
    return describe_path(json_path[1:], "this position") if json_path else "the ledger"


def _explained(
    document: Document, validator: Draft7Validator, root: dict[str, Any], describe: Callable[[tuple], str]
) -> list[Problem]:
    explainer = _Explainer(document, root, describe)
    telling: dict[tuple, ValidationError] = {}
    others: list[ValidationError] = []
    errors = list(itertools.islice(validator.iter_errors(document.data), MAX_SCHEMA_ERRORS + 1))
    for error in errors[:MAX_SCHEMA_ERRORS]:
        if error.validator in _PRECEDENCE:
            path = tuple(error.absolute_path)
            if path not in telling or _precedence(error) < _precedence(telling[path]):
                telling[path] = error
        else:
            others.append(error)
    problems = [problem for error in [*telling.values(), *others] for problem in explainer.explain(error)]
    if len(errors) > MAX_SCHEMA_ERRORS:
        problems.append(
            document.problem(
                (),
                Severity.ERROR,
                "too-many-problems",
                f"more than {MAX_SCHEMA_ERRORS} schema errors; only the first {MAX_SCHEMA_ERRORS} are shown",
                "fix these, then validate again",
            )
        )
    return problems
