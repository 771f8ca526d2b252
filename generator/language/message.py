"""A sentence the tool says, kept apart from the language it is said in.

The model builds a Message where it decides what to say (a version's status, a change, a
warning); each output says it in its own language when it prints it: the site in the
settings' language (catalog.py), the terminal, check-pr and the JSON in English, which
is the text written here. `message()` and `plural_message()` are the keywords the
catalogs are extracted by (MAINTAINING.md, "Languages"), so their first arguments must be
literal text.

Values are kept as they are, never joined into the text: a translation may put them in
another order, and each output escapes them for itself. Messages are msgspec structs of
exact types, so that what the build cache keeps (a warning, a feed entry) is decoded
into the same Message, never into code.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Union

import msgspec


class Day(msgspec.Struct, frozen=True, tag=True):
    """A date (ISO 8601), shown as each language writes dates."""

    iso: str


class Number(msgspec.Struct, frozen=True, tag=True):
    """A figure shown with each language's decimal sign and grouping."""

    value: int | float


class Items(msgspec.Struct, frozen=True, tag=True):
    """A list shown as one phrase ("A, B and C" in English), as each language joins lists;
    or, with a ``separator``, its parts one after the other ("a; b; c")."""

    items: tuple[Value, ...]
    separator: str | None = None


class Message(msgspec.Struct, frozen=True, tag=True):
    text: str  # English, with %(name)s placeholders
    values: tuple[tuple[str, Value], ...] = ()
    plural: str | None = None  # the English plural, chosen by the value named "count"

    def value_map(self) -> dict[str, object]:
        return dict(self.values)

    def count(self) -> int:
        count = self.value_map()["count"]
        return count.value if isinstance(count, Number) else count  # type: ignore[return-value]

    def __str__(self) -> str:
        chosen = self.text if self.plural is None or self.count() == 1 else self.plural
        return chosen % {name: _english(value) for name, value in self.values}


# What a message may say: text and figures as they are, or what each language writes its own way.
Value = Union[str, int, float, None, Day, Number, Items, Message]  # noqa: UP007 (a runtime alias msgspec reads)


def message(text: str, /, **values: object) -> Message:
    return Message(text, tuple(values.items()))


def plural_message(singular: str, plural: str, count: int, /, **values: object) -> Message:
    return Message(singular, (("count", count), *values.items()), plural)


def items(values: Iterable[object], separator: str | None = None) -> Items:
    return Items(tuple(values), separator)


_PLACEHOLDER = re.compile(r"%\(([a-z_]+)\)s")
DEEPEST = 20  # no message the tool makes nests deeper; a cached one that does is refused


def refusal(said: object, known: frozenset[str], depth: int = 0) -> str | None:
    """Why a Message read back from a cache is not one the tool could have made (a text
    it does not say, values that do not fill it, a date that is not one); None if it is."""
    if depth > DEEPEST:
        return "a message nested too deep"
    if isinstance(said, Items):
        return next((why for item in said.items if (why := refusal(item, known, depth + 1))), None)
    if isinstance(said, Day):
        try:
            datetime.date.fromisoformat(said.iso)
        except ValueError:
            return f"{said.iso[:20]!r} is not a date"
        return None
    if not isinstance(said, Message):
        return None
    if said.text not in known or (said.plural is not None and said.plural not in known):
        return f"{said.text[:40]!r} is not a text of the tool's"
    names = {name for name, _ in said.values}
    if set(_PLACEHOLDER.findall(said.text + (said.plural or ""))) - names or (said.plural and "count" not in names):
        return f"the values of {said.text[:40]!r} do not fill it"
    return next((why for _, value in said.values if (why := refusal(value, known, depth + 1))), None)


def _english(value: object) -> str:
    """The terminal's and the JSON's way: ISO dates, lists joined by commas, plain figures."""
    if isinstance(value, Day):
        return value.iso
    if isinstance(value, Items):
        return (value.separator or ", ").join(_english(item) for item in value.items)
    if isinstance(value, Number):
        return f"{value.value:g}" if isinstance(value.value, float) else str(value.value)
    return str(value)
