"""What one revision changed in the record (the review log, actions, concerns), field by
field, and which of those changes rewrite it.

The record is append-only in spirit: an entry already on the main line may grow (gain
`closed`, `outcome`, `acknowledged`, `resolved`, further `escalated` levels, a `response`
on a logged result); any other edit or a removal rewrites it, which readers must see.
Reviews are matched by date and kind (and their order among reviews of that date and
kind), results by benchmark and party, commitment results by commitment, actions and
concerns by id, escalations by level; never by position in a list.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from generator.changes.change import Change, Effect
from generator.language.message import Day, Message, message
from generator.language.vocabulary import word

# The sections of the changes record_changes makes: none of them is part of the terms.
RECORD_SECTIONS = ("review", "action", "concern")

# Fields an entry may gain (never change or lose) without rewriting the record.
GROWS_INTO = {
    "action": frozenset({"closed", "outcome"}),
    "concern": frozenset({"acknowledged", "resolved", "outcome"}),
    "result": frozenset({"response"}),
}

Keyed = dict[Any, tuple[tuple, dict[str, Any]]]  # key → (JSON path in its charter, entry)


def record_changes(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """The changes to the record from charter ``old`` to charter ``new``, in reading order."""
    changes = list(_review_changes(_reviews(old), _reviews(new)))
    for section in ("action", "concern"):
        before, after = _by_id(old, f"{section}s"), _by_id(new, f"{section}s")
        changes += _entry_changes(section, before, after)
    return changes


def _reviews(charter: dict[str, Any]) -> Keyed:
    """Each logged review by (date, kind, how many of that date and kind came before)."""
    held: dict[tuple, int] = {}
    keyed: Keyed = {}
    for index, review in enumerate(charter["reviews"].get("log", [])):
        day_and_kind = (review["date"], review.get("kind"))
        held[day_and_kind] = held.get(day_and_kind, 0) + 1
        keyed[(*day_and_kind, held[day_and_kind])] = (("reviews", "log", index), review)
    return keyed


def _review_name(key: tuple) -> str:
    day, kind, count = key
    return " ".join([day, *([kind] if kind else []), *([f"({count})"] if count > 1 else [])])


def _by_id(charter: dict[str, Any], field: str) -> Keyed:
    return {entry["id"]: ((field, index), entry) for index, entry in enumerate(charter.get(field, []))}


def _review_title(key: tuple) -> Message | Day:
    """The review as readers name it: its day and kind in their language."""
    day, kind, count = key
    named = message("%(day)s %(kind)s", day=Day(day), kind=word("review", kind)) if kind else Day(day)
    return message("%(review)s (%(count)s)", review=named, count=count) if count > 1 else named


def _review_changes(old: Keyed, new: Keyed) -> Iterator[Change]:
    for key in dict.fromkeys([*old, *new]):
        title = _review_title(key)
        yield from (dataclasses.replace(change, named=title) for change in _one_review(key, old, new))


def _one_review(key: tuple, old: Keyed, new: Keyed) -> Iterator[Change]:
    name = _review_name(key)
    if key not in old:
        yield Change("review", name, "added", Effect.NEUTRAL, new=new[key][1], where=new[key][0])
        return
    if key not in new:
        yield Change("review", name, "removed", Effect.NEUTRAL, old=old[key][1], rewrites=True, where=("reviews",))
        return
    (_, before), (path, after) = old[key], new[key]
    for field in ("attendees", "summary"):  # the kind is part of what names a review
        if before.get(field) != after.get(field):
            shown = [_listed(before.get(field)), _listed(after.get(field))]
            yield Change("review", name, "changed", Effect.NEUTRAL, field, *shown, rewrites=True, where=path)
    yield from _results(name, path, "results", before, after)
    yield from _results(name, path, "commitments", before, after)


def _listed(value: Any) -> Any:
    return ", ".join(value) if isinstance(value, list) else value


def _results(review: str, path: tuple, field: str, old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    """Results for benchmarks (``field`` results) or commitments (``field`` commitments)."""

    def keyed(review_entry: dict[str, Any], at: tuple) -> Keyed:
        if field == "results":
            return {
                (result["benchmark"], result.get("party")): ((*at, field, index), result)
                for index, result in enumerate(review_entry.get(field, []))
            }
        return {
            (result["commitment"], None): ((*at, field, index), result)
            for index, result in enumerate(review_entry.get(field, []))
        }

    before, after = keyed(old, path), keyed(new, path)
    for key in dict.fromkeys([*before, *after]):
        subject, party = key
        if field != "results":
            part = message("result for commitment %(commitment)s", commitment=subject)
        elif party:
            part = message("result for %(benchmark)s (%(party)s)", benchmark=subject, party=party)
        else:
            part = message("result for %(benchmark)s", benchmark=subject)
        if key not in before:
            # A result added to a review already logged changes what that review found.
            yield Change(
                "review",
                review,
                "added",
                Effect.NEUTRAL,
                new=after[key][1],
                part=part,
                rewrites=True,
                where=after[key][0],
            )
        elif key not in after:
            yield Change(
                "review", review, "removed", Effect.NEUTRAL, old=before[key][1], part=part, rewrites=True, where=path
            )
        else:
            yield from _fields("review", review, before[key][1], after[key], "result", part)


def _entry_changes(section: str, old: Keyed, new: Keyed) -> Iterator[Change]:
    for key in dict.fromkeys([*old, *new]):
        if key not in old:
            yield Change(section, key, "added", Effect.NEUTRAL, new=new[key][1], where=new[key][0])
        elif key not in new:
            yield Change(
                section, key, "removed", Effect.NEUTRAL, old=old[key][1], rewrites=True, where=(f"{section}s",)
            )
        else:
            yield from _fields(section, key, old[key][1], new[key], section)


def _fields(
    section: str,
    item: str,
    old: dict[str, Any],
    new_entry: tuple[tuple, dict[str, Any]],
    kind: str,
    part: Message | None = None,
) -> Iterator[Change]:
    """Field by field; ``kind`` names the fields the entry may grow into (GROWS_INTO)."""
    path, new = new_entry
    for field in dict.fromkeys([*old, *new]):
        before, after = old.get(field), new.get(field)
        if before == after:
            continue
        if field == "escalated":
            yield from _escalations(section, item, before or [], after or [], (*path, field))
            continue
        grows = before is None and field in GROWS_INTO.get(kind, ())
        shown = None if field == "result" else field  # "result for x: met → missed"
        yield Change(
            section,
            item,
            "changed",
            Effect.NEUTRAL,
            shown,
            _listed(before),
            _listed(after),
            part=part,
            rewrites=not grows,
            where=(*path, field),
        )


def _escalations(section: str, item: str, old: list, new: list, path: tuple) -> Iterator[Change]:
    """Levels reached: one more is growth; a level dropped or re-dated rewrites the record."""
    before = {entry["level"]: entry["on"] for entry in old}
    after = {entry["level"]: entry["on"] for entry in new}
    for level in dict.fromkeys([*before, *after]):
        part = message("escalation to level %(level)s", level=level)
        if level not in before:
            reached = message("escalation to level %(level)s on %(day)s", level=level, day=Day(after[level]))
            yield Change(section, item, "added", Effect.NEUTRAL, new=after[level], part=reached, where=path)
        elif level not in after:
            yield Change(
                section,
                item,
                "removed",
                Effect.NEUTRAL,
                old=before[level],
                part=message("escalation to level %(level)s on %(day)s", level=level, day=Day(before[level])),
                rewrites=True,
                where=path,
            )
        elif before[level] != after[level]:
            yield Change(
                section,
                item,
                "changed",
                Effect.NEUTRAL,
                "on",
                before[level],
                after[level],
                part=part,
                rewrites=True,
                where=path,
            )
