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
    """A list shown as one phrase ("A, B and C" in English), as each language joins lists."""

    items: tuple[Value, ...]


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


def items(values: Iterable[object]) -> Items:
    return Items(tuple(values))


def _english(value: object) -> str:
    """The terminal's and the JSON's way: ISO dates, lists joined by commas, plain figures."""
    if isinstance(value, Day):
        return value.iso
    if isinstance(value, Items):
        return ", ".join(_english(item) for item in value.items)
    if isinstance(value, Number):
        return f"{value.value:g}" if isinstance(value.value, float) else str(value.value)
    return str(value)
