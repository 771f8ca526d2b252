"""The schema: valid against its metaschema, documented field by field, used by the examples."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from jsonschema import Draft7Validator

from generator.load import load_charter
from generator.schema import charter_schema, resolve, schema_path
from tests.conftest import REPO

MODELINE = "# yaml-language-server: $schema=../schema/charter.schema.json\n"


def _fields(schema: dict[str, Any], path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every field the format defines, by dotted path, with its resolved schema."""
    for name, subschema in schema.get("properties", {}).items():
        field = resolve(subschema)
        yield f"{path}{name}", field
        yield from _fields(field, f"{path}{name}.")
        items = resolve(field.get("items", {}))
        if "properties" in items:
            yield f"{path}{name}[]", items
        yield from _fields(items, f"{path}{name}[].")


def test_the_schema_is_valid_draft_7_with_a_stable_id() -> None:
    Draft7Validator.check_schema(charter_schema())
    assert charter_schema()["$id"] == "https://benchmark-charters.org/schema/charter.schema.json"
    assert schema_path() == REPO / "schema" / "charter.schema.json"


def test_every_field_has_a_title_and_a_description() -> None:
    undocumented = [
        path for path, field in _fields(charter_schema()) if not (field.get("title") and field.get("description"))
    ]
    assert undocumented == []


def test_every_enum_describes_each_value() -> None:
    enums = [(path, field) for path, field in _fields(charter_schema()) if "enum" in field]
    assert len(enums) >= 5
    for path, field in enums:
        assert len(field.get("enumDescriptions", [])) == len(field["enum"]), path


def test_every_object_refuses_unknown_keys() -> None:
    objects = {path: field for path, field in _fields(charter_schema()) if "properties" in field}
    assert len(objects) >= 8
    assert [path for path, field in objects.items() if field.get("additionalProperties") is not False] == []
    assert charter_schema()["additionalProperties"] is False


def _nodes(node: Any) -> Iterator[dict]:
    """Every subschema, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _nodes(value)


def test_no_ref_has_siblings_that_draft_7_would_ignore() -> None:
    assert [node for node in _nodes(json.loads(schema_path().read_text())) if "$ref" in node and len(node) > 1] == []


def test_a_field_never_loosens_the_definition_it_refers_to() -> None:
    """Draft 7 validators (editors) apply both; the generator lets the field's keyword win."""
    definitions = charter_schema()["definitions"]
    checked = 0
    for field in (node for node in _nodes(charter_schema()) if "allOf" in node):
        definition = resolve(definitions[field["allOf"][0]["$ref"].rsplit("/", 1)[1]])
        for keyword, stricter in (("maxLength", min), ("maxItems", min), ("minLength", max), ("minItems", max)):
            if keyword in field and keyword in definition:
                checked += 1
                assert field[keyword] == stricter(field[keyword], definition[keyword]), (field.get("title"), keyword)
    assert checked >= 2


def test_example_charters_start_with_the_modeline_and_use_every_field() -> None:
    charters = sorted((REPO / "charters").glob("*.yaml"))
    assert len(charters) >= 3
    used: set[str] = set()
    for path in charters:
        assert path.read_text(encoding="utf-8").startswith(MODELINE), path.name
        used |= set(_used_fields(load_charter(path.name, path.read_bytes()).document.data))
    data = [load_charter(path.name, path.read_bytes()).document.data for path in charters]
    assert max(len(charter["parties"]) for charter in data) >= 3
    assert len({party.get("country") for charter in data for party in charter["parties"]}) >= 5
    assert any(
        any(ord(character) > 0x24F for character in name)  # beyond the Latin alphabets
        for charter in data
        for name in (party["name"] for party in charter["parties"])
    )
    defined = {path for path, _ in _fields(charter_schema()) if not path.endswith("[]")}
    assert defined - used == set()


def _used_fields(value: Any, path: str = "") -> Iterator[str]:
    if isinstance(value, dict):
        for key, child in value.items():
            field = f"{path}{key}" if not path.endswith("owners.") else path.rstrip(".")
            yield field
            yield from _used_fields(child, f"{field}.")
    elif isinstance(value, list):
        for child in value:
            yield from _used_fields(child, f"{path.rstrip('.')}[].")


def test_the_schema_id_is_its_address_on_the_published_site() -> None:
    site_url = re.search(r"^site_url: (\S+)$", (REPO / "mkdocs.yml").read_text(), re.MULTILINE).group(1)
    assert charter_schema()["$id"] == f"{site_url.rstrip('/')}/schema/charter.schema.json"
