"""One semantic change between two revisions of a charter, and its effect on what the
parties must do."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from generator.language.message import Day, Message, message
from generator.language.vocabulary import field_value, word


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
    part: Message | None = None
    rewrites: bool = False
    where: tuple = ()
    named: Message | Day | None = None  # the item as readers name it, where its key is not a word

    def describe(self) -> str:
        """In English with the fields' YAML keys, for the people who edit them: the
        terminal, check-pr and the JSON."""
        return str(self._said(readable=False))

    def message(self) -> Message:
        """ "benchmark bad-news-48h: cadence monthly → quarterly", for readers: fields and
        vocabulary words said in the reader's language."""
        return self._said(readable=True)

    def _said(self, *, readable: bool) -> Message:
        def field_name(field: str) -> Message | str:
            return word("field", field) if readable else field

        if self.section == "charter" or (readable and self.section == "reviews"):  # their own fields: `next`
            subject: Message | str = field_name(self.item)
        elif readable and self.section == "voice":  # one item, "channel"
            subject = message("voice channel")
        else:
            item = self.named if readable and self.named is not None else self.item
            subject = message("%(section)s %(item)s", section=_SECTIONS[self.section], item=item)
        if self.party:
            subject = message("%(subject)s (%(party)s)", subject=subject, party=self.party)
        if self.part:
            subject = message("%(subject)s: %(part)s", subject=subject, part=self.part)
        if self.action == "added":
            return message("%(subject)s added", subject=subject)
        if self.action == "removed":
            return message("%(subject)s removed", subject=subject)
        # Vocabulary words read as words, a result's own value included; as written for editors.
        shown = ("result" if self.part is not None and self.field is None else self.field) if readable else None
        old, new = _show(self.old, shown), _show(self.new, shown)
        if self.field is None or self.field == self.item:
            return message("%(subject)s: %(old)s → %(new)s", subject=subject, old=old, new=new)
        field = field_name(self.field)
        return message("%(subject)s: %(field)s %(old)s → %(new)s", subject=subject, field=field, old=old, new=new)


_SECTIONS = {
    "benchmark": message("benchmark"),
    "commitment": message("commitment"),
    "party": message("party"),
    "representative": message("representative"),
    "escalation": message("escalation"),
    "response": message("response"),
    "voice": message("voice"),
    "reviews": message("reviews"),
    "review": message("review"),
    "action": message("action"),
    "concern": message("concern"),
}


def _show(value: Any, field: str | None) -> Message | str:
    if value is None:
        return message("(none)")
    if isinstance(value, str):
        return field_value(field, value)
    if isinstance(value, dict) and value.keys() == {"value", "unit", "direction"}:
        figure, unit = f"{value['value']:g}", value["unit"]
        if value["direction"] == "max":
            return message("at most %(value)s %(unit)s", value=figure, unit=unit)
        return message("at least %(value)s %(unit)s", value=figure, unit=unit)
    # Equivalent mutant: ensure_ascii=None is as false as False.
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
