"""Load: one charter file's bytes to plain data that remembers where every value stands.

Nothing here raises for bad input: every failure comes back as a problem with a position.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.language.message import Message
from generator.load.text import decode
from generator.load.yaml12 import Position, parse
from generator.problems import Problem, Severity

__all__ = ["Document", "Loaded", "Position", "load_charter", "load_ledger", "load_translation"]


@dataclass(frozen=True)
class Document:
    """A parsed charter: plain JSON-like data plus the position of each value and key.

    Positions are keyed by the JSON path of a value, e.g. ``("benchmarks", 2, "cadence")``.
    """

    path: str
    data: dict[str, Any]
    value_positions: dict[tuple, Position]
    key_positions: dict[tuple, Position]

    def position(self, json_path: tuple | list = (), *, of_key: bool = False) -> Position:
        """Where the value (or its key) at ``json_path`` stands, or its nearest ancestor."""
        path = tuple(json_path)
        while True:
            if of_key and path in self.key_positions:
                return self.key_positions[path]
            if path in self.value_positions:
                return self.value_positions[path]
            if not path:
                return Position((1, 1))
            path = path[:-1]

    def problem(
        self,
        json_path: tuple,
        severity: Severity,
        rule: str,
        message: str | Message,
        hint: str,
        *,
        of_key: bool = False,
    ) -> Problem:
        """A problem placed at the value (or key) at ``json_path``; a Message is kept for
        the pages to say in their language."""
        where = self.position(json_path, of_key=of_key)
        said = message if isinstance(message, Message) else None
        return Problem(self.path, where.line, where.column, severity, rule, str(message), hint, said)


@dataclass(frozen=True)
class Loaded:
    document: Document | None
    problems: tuple[Problem, ...]


def load_charter(path: str, source: bytes) -> Loaded:
    """Load the charter at ``path`` (used only to label problems) from its bytes."""
    return _load(path, source, dict)


def load_translation(path: str, source: bytes) -> Loaded:
    """Load a translation of a charter (translations/<charter-id>.<language>.yaml)."""
    return _load(path, source, dict)


def load_ledger(path: str, source: bytes) -> Loaded:
    """Load a ledger of positions (approvals/<charter-id>.yaml): its data is a list, empty
    for a file no one has written in yet."""
    if not source.strip():
        return Loaded(Document(path, [], {}, {}), ())
    return _load(path, source, list)


def _load(path: str, source: bytes, top: type) -> Loaded:
    decoded = decode(path, source)
    if decoded.text is None:
        return Loaded(None, decoded.problems)
    parsed = parse(path, decoded.text, top)
    if parsed.data is None:
        return Loaded(None, tuple(parsed.problems))
    return Loaded(Document(path, parsed.data, parsed.value_positions, parsed.key_positions), ())
