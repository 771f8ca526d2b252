"""The field reference page's content, read from the schema: one source of truth."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from generator.schema import charter_schema, ledger_schema, resolve, translation_schema

_KINDS = {
    "string": "text",
    "integer": "whole number",
    "number": "number",
    "boolean": "true or false",
    "array": "list",
    "object": "mapping",
}


_CODE = re.compile(r"`([^`]+)`")


def _with_code(text: str) -> Markup:
    """A schema description, `field names` in backticks shown as code; nothing else is markup."""
    return Markup(_CODE.sub(lambda match: f"<code>{match.group(1)}</code>", str(escape(text))))


@dataclass(frozen=True)
class FieldDoc:
    path: str
    anchor: str
    title: str
    description: Markup
    required: bool
    kind: str
    values: tuple[tuple[str, str], ...]  # (value, meaning) for fields with a fixed vocabulary
    examples: tuple[str, ...]


def _fields(schema: dict[str, Any], prefix: str) -> Iterator[FieldDoc]:
    required = set(schema.get("required", []))
    for name, subschema in schema.get("properties", {}).items():
        field = resolve(subschema)
        path = f"{prefix}{name}"
        items = resolve(field.get("items", {}))
        kind = _KINDS.get(field.get("type", ""), "")
        if kind == "list" and items.get("type") == "object":
            kind = "list of mappings"
        values = tuple(zip(map(str, field.get("enum", [])), field.get("enumDescriptions", []), strict=False))
        if len(values) > 12:  # 249 countries are described, not listed
            values = ()
        examples = tuple(str(example) for example in field.get("examples", []) if not isinstance(example, (dict, list)))
        yield FieldDoc(
            path,
            path.replace("[]", "").replace("*.", "").replace(".", "-"),
            field.get("title", name),
            _with_code(field.get("description", "")),
            name in required,
            kind,
            values,
            examples,
        )
        yield from _fields(field, f"{path}.")
        yield from _fields(items, f"{path}[].")
        if isinstance(field.get("additionalProperties"), dict):  # a mapping keyed by ids (a translation's)
            yield from _fields(resolve(field["additionalProperties"]), f"{path}.*.")


def reference_fields() -> list[FieldDoc]:
    return list(_fields(charter_schema(), ""))


def translation_reference_fields() -> list[FieldDoc]:
    """The fields of a translation, anchored apart from the charter's own (`title`)."""
    return [
        dataclasses.replace(field, anchor=f"translation-{field.anchor}") for field in _fields(translation_schema(), "")
    ]


def ledger_reference_fields() -> list[FieldDoc]:
    """The fields of a ledger line, anchored apart from the charter's own (`version`)."""
    line = ledger_schema()["items"]
    return [dataclasses.replace(field, anchor=f"ledger-{field.anchor}") for field in _fields(line, "")]
