"""The semantic difference between two revisions of a charter.

Items are matched by id (benchmarks, commitments, parties), by level or step (escalation,
responses) and by email (representatives), never by position or text. Each change is
classified: a *loosened* change lowers what a party must do or how often it is checked,
a *tightened* one raises it, anything else is *neutral*.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from generator.cadence import CADENCES
from generator.changes.change import Change, Effect
from generator.changes.record import record_changes

__all__ = ["Change", "Effect", "cadence_effect", "semantic_changes", "threshold_effect"]


def _by(items: list[dict[str, Any]] | None, key: str) -> dict[Any, dict[str, Any]]:
    return {item[key]: item for item in items or []}


def _compare(old: Any, new: Any, tighter_when_smaller: bool) -> Effect:
    got_smaller = new < old  # pragma: no mutate (the values differ, so < and <= agree)
    return Effect.TIGHTENED if got_smaller == tighter_when_smaller else Effect.LOOSENED


def cadence_effect(old: str, new: str) -> Effect:
    """A cadence moving to a longer interval loosens."""
    return _compare(CADENCES.index(old), CADENCES.index(new), tighter_when_smaller=True)


def threshold_effect(old: dict | None, new: dict | None) -> Effect:
    if old is None or new is None:
        return Effect.LOOSENED if new is None else Effect.TIGHTENED
    if (old["unit"], old["direction"]) != (new["unit"], new["direction"]):
        return Effect.NEUTRAL  # a different measure: not comparable
    return _compare(old["value"], new["value"], tighter_when_smaller=new["direction"] == "max")


# The effect of a field's value changing from the first to the second; asked only about
# values that differ.
FieldRule = Callable[[Any, Any], Effect]


def _binding_effect(old_parties: list[str], new_parties: list[str]) -> FieldRule:
    """``applies_to`` dropping a party loosens, adding one tightens (absent = every party);
    one that does both loosens, since a party's duty ended.

    Only parties in the charter before and after count: a party that joins or leaves the
    partnership does not make a benchmark looser or tighter.
    """
    staying = set(old_parties) & set(new_parties)

    def effect(before: list[str] | None, after: list[str] | None) -> Effect:
        bound_before = set(old_parties if before is None else before) & staying
        bound_after = set(new_parties if after is None else after) & staying
        if bound_before - bound_after:
            return Effect.LOOSENED
        return Effect.TIGHTENED if bound_after - bound_before else Effect.NEUTRAL

    return effect


def _field_changes(
    section: str, item: str, old: dict, new: dict, rules: dict[str, FieldRule], party: str | None = None
) -> Iterator[Change]:
    for field in dict.fromkeys([*old, *new]):
        before, after = old.get(field), new.get(field)
        if before != after:
            rule = rules.get(field)
            effect = rule(before, after) if rule else Effect.NEUTRAL
            yield Change(section, str(item), "changed", effect, field, before, after, party)


def _keyed_changes(
    section: str,
    old_items: dict,
    new_items: dict,
    added: Effect,
    removed: Effect,
    rules: dict[str, FieldRule],
    party_of: Callable[[dict], str | None] = lambda item: None,
) -> Iterator[Change]:
    for key in dict.fromkeys([*old_items, *new_items]):
        before, after = old_items.get(key), new_items.get(key)
        if before is None:
            yield Change(section, str(key), "added", added, new=after, party=party_of(after))
        elif after is None:
            yield Change(section, str(key), "removed", removed, old=before, party=party_of(before))
        else:
            yield from _field_changes(section, key, before, after, rules, party_of(after))


def _due_effect(old: str | None, new: str | None) -> Effect:
    if old is None or new is None:
        return Effect.LOOSENED if new is None else Effect.TIGHTENED
    return _compare(old, new, tighter_when_smaller=True)  # ISO dates order as text


def _anonymity_effect(old: bool | None, new: bool | None) -> Effect:
    return Effect.TIGHTENED if new else Effect.LOOSENED


_CHARTER_FIELDS = ("format", "id", "title", "status", "version", "effective", "ends", "purpose", "tags")


def semantic_changes(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """The changes from charter ``old`` to charter ``new`` (both valid), in reading order."""
    changes = [
        Change("charter", field, "changed", Effect.NEUTRAL, field, old.get(field), new.get(field))
        for field in _CHARTER_FIELDS
        if old.get(field) != new.get(field)
    ]
    old_parties, new_parties = _by(old["parties"], "id"), _by(new["parties"], "id")
    changes += _party_changes(old_parties, new_parties)
    changes += _keyed_changes(
        "benchmark",
        _by(old["benchmarks"], "id"),
        _by(new["benchmarks"], "id"),
        Effect.TIGHTENED,
        Effect.LOOSENED,
        {
            "cadence": cadence_effect,
            "threshold": threshold_effect,
            "applies_to": _binding_effect(list(old_parties), list(new_parties)),
        },
    )
    changes += _keyed_changes(
        "commitment",
        _by(old["commitments"], "id"),
        _by(new["commitments"], "id"),
        Effect.TIGHTENED,
        Effect.LOOSENED,
        {"due": _due_effect},
        lambda commitment: commitment["party"],
    )
    changes += _keyed_changes(
        "escalation",
        _by(old["escalation"], "level"),
        _by(new["escalation"], "level"),
        Effect.NEUTRAL,
        Effect.NEUTRAL,
        {"within_days": lambda before, after: _compare(before, after, tighter_when_smaller=True)},
    )
    changes += _keyed_changes(
        "response", _by(old["responses"], "step"), _by(new["responses"], "step"), Effect.NEUTRAL, Effect.NEUTRAL, {}
    )
    changes += _keyed_changes(
        "voice",
        {"channel": old["voice"]} if "voice" in old else {},
        {"channel": new["voice"]} if "voice" in new else {},
        Effect.TIGHTENED,
        Effect.LOOSENED,
        {"anonymous": _anonymity_effect},
    )
    changes += _ratification_changes(old, new)
    changes += _review_changes(old["reviews"], new["reviews"])
    changes += record_changes(old, new)
    return changes


_EVIDENCE_STRENGTH = {"recorded": 0, "authored": 1, "signed": 2}


def _ratification_changes(old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    """Weaker evidence or a shorter notice period is a loosening; the opposite a tightening."""
    before = old.get("ratification", {}).get("evidence", "recorded")
    after = new.get("ratification", {}).get("evidence", "recorded")
    if before != after:
        stronger = _EVIDENCE_STRENGTH[after] > _EVIDENCE_STRENGTH[before]
        effect = Effect.TIGHTENED if stronger else Effect.LOOSENED
        yield Change("charter", "ratification", "changed", effect, "evidence", before, after)
    notice_before = old.get("amendments", {}).get("notice_days", 0)
    notice_after = new.get("amendments", {}).get("notice_days", 0)
    if notice_before != notice_after:
        effect = _compare(notice_before, notice_after, tighter_when_smaller=False)
        yield Change("charter", "amendments", "changed", effect, "notice_days", notice_before, notice_after)


def _without_people(party: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in party.items() if key != "representatives"}


def _party_changes(old: dict[str, dict], new: dict[str, dict]) -> Iterator[Change]:
    yield from _keyed_changes(
        "party",
        {party_id: _without_people(party) for party_id, party in old.items()},
        {party_id: _without_people(party) for party_id, party in new.items()},
        Effect.NEUTRAL,
        Effect.NEUTRAL,
        {},
    )
    # A party added or removed brings its people with it. Reading order, not a set's:
    # a set of strings iterates differently in every process.
    for party_id in [party_id for party_id in new if party_id in old]:
        yield from _keyed_changes(
            "representative",
            _by(old[party_id]["representatives"], "email"),
            _by(new[party_id]["representatives"], "email"),
            Effect.NEUTRAL,
            Effect.NEUTRAL,
            {},
            lambda _person, party=party_id: party,
        )


def _review_changes(old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    if old["cadence"] != new["cadence"]:
        yield Change(
            "reviews",
            "cadence",
            "changed",
            cadence_effect(old["cadence"], new["cadence"]),
            "cadence",
            old["cadence"],
            new["cadence"],
        )
    if old["next"] != new["next"]:
        yield Change("reviews", "next", "changed", Effect.NEUTRAL, "next", old["next"], new["next"])
