"""One semantic change between two revisions of a charter, and its effect on what the
parties must do."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Effect(StrEnum):
    TIGHTENED = "tightened"
    LOOSENED = "loosened"
    NEUTRAL = "neutral"


@dataclass(frozen=True)
class Change:
    section: str  # benchmark, commitment, party, representative, escalation, response, voice, reviews, charter
    item: str  # the id, level, step or email of what changed; the field name for charter-level fields
    action: str  # added, removed, changed
    effect: Effect
    field: str | None = None
    old: Any = None
    new: Any = None
    party: str | None = None  # whose commitment or representative
    # In the record: the part of the entry that changed ("result for bad-news-48h"),
    # whether the change rewrites what was on the main line rather than growing it, and
    # where in the new charter it is (JSON path; a removal points at its list).
    part: str | None = None
    rewrites: bool = False
    where: tuple = ()

    def describe(self) -> str:
        subject = self.item if self.section == "charter" else f"{self.section} {self.item}"
        subject += f" ({self.party})" if self.party else ""
        subject += f": {self.part}" if self.part else ""
        if self.action != "changed":
            return f"{subject} {self.action}"
        field = "" if self.field in (None, self.item) else f"{self.field} "
        return f"{subject}: {field}{_show(self.old)} → {_show(self.new)}"


def _show(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, dict) and value.keys() == {"value", "unit", "direction"}:
        bound = "at most" if value["direction"] == "max" else "at least"
        return f"{bound} {value['value']:g} {value['unit']}"
    # Equivalent mutant: ensure_ascii=None is as false as False.
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
