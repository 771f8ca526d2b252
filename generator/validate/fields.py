"""Small helpers every rule uses to talk about a place in a charter."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from typing import Any

from generator.problems import Problem, Severity


def describe_path(json_path: Iterable[Any], whole: str = "the charter") -> str:
    """``("benchmarks", 2, "cadence")`` → ``benchmarks[2].cadence``; ``()`` → ``whole``."""
    text = ""
    for part in json_path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or whole


def suggestion(word: str, choices: Iterable[str]) -> str:
    """`did you mean 'x'?` when one choice is close to ``word``, else empty."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}? " if close else ""


def mappings(data: Any, key: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """The (index, item) pairs of the list at ``data[key]`` that are mappings.

    Rules run on charters that may also break the schema, so they look only at the parts
    that have the right shape and leave the rest to the schema's own errors.
    """
    items = data.get(key) if isinstance(data, dict) else None
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield index, item


def strings(data: Any, key: str) -> Iterator[tuple[int, str]]:
    """The (index, text) pairs of the list at ``data[key]`` that are strings."""
    items = data.get(key) if isinstance(data, dict) else None
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, str):
                yield index, item


def known_ids(data: Any, key: str) -> list[str] | None:
    """The ids of the mappings listed at ``data[key]``, or None when that list is malformed.

    References are checked only against a well-formed list: against a broken one every
    reference would look unknown and bury the one error that matters.
    """
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list) or not all(
        isinstance(item, dict) and isinstance(item.get("id"), str) for item in items
    ):
        return None
    return [item["id"] for item in items]


def unknown_reference(
    document: Any,
    json_path: tuple,
    kind: str,
    name: str,
    known: Iterable[Any],
    *,
    of_key: bool = False,
    whose: str = "this charter",
) -> Problem:
    """The error for a reference to a ``kind`` that ``whose`` terms do not define."""
    shown = [str(item) for item in known]
    return document.problem(
        json_path,
        Severity.ERROR,
        "unknown-reference",
        f"{describe_path(json_path)} names {kind} {name!r}, which {whose} does not define",
        f"{suggestion(name, shown)}{kind} ids here: {', '.join(shown) or 'none'}",
        of_key=of_key,
    )
