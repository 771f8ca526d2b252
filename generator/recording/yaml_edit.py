"""A charter file edited in place: new record entries added, existing ones grown, and
every other line left as it was (comments, order, quoting, indentation).

ruamel.yaml's round-trip mode keeps what a person wrote; the entries added here follow
the example charters' layout: one field a line, results and escalations as flow mappings.
A file it could not give back byte for byte (a value wrapped over lines, Windows line
endings) is refused rather than rewritten.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import SingleQuotedScalarString
from ruamel.yaml.util import load_yaml_guess_indent

# Fields the format holds dates in: written unquoted, as the examples write dates.
DATE_FIELDS = frozenset({"date", "next", "opened", "due", "closed", "raised", "acknowledged", "resolved", "on"})
_YAML_1_1 = yaml.resolver.Resolver()
_TEXT = "tag:yaml.org,2002:str"


class CannotEdit(ValueError):
    """The file or the entry cannot be edited as asked; the message says why and what to do."""


def _value(field: str, value: Any) -> Any:
    """A value as the file should hold it. Text is quoted when a YAML 1.1 reader would take
    it for something else (`no`, `on`, `~`, `2026-12-01`): the loader reads YAML 1.2, where
    they are text, but not every tool partners use does."""
    if not isinstance(value, str):
        return value
    if field in DATE_FIELDS:
        return dt.date.fromisoformat(value)
    if _YAML_1_1.resolve(yaml.ScalarNode, value, (True, False)) != _TEXT:
        return SingleQuotedScalarString(value)
    return value


def _flow(fields: dict[str, Any]) -> CommentedMap:
    mapping = CommentedMap((key, _value(key, value)) for key, value in fields.items())
    mapping.fa.set_flow_style()
    return mapping


def _flow_list(items: list[str]) -> CommentedSeq:
    listed = CommentedSeq(items)
    listed.fa.set_flow_style()
    return listed


class CharterText:
    """One charter's text, parsed for editing; ``text()`` gives it back with the edits.

    ``text`` must have passed the loader (load/) without errors: it then holds no tag, no
    alias and nothing past the loader's size and depth limits, so the round-trip parser,
    which would keep tags and anchors, only ever sees what the loader accepted."""

    def __init__(self, text: str) -> None:
        try:
            _, indent, offset = load_yaml_guess_indent(text)
            self._yaml = YAML(typ="rt")
            self._yaml.preserve_quotes = True
            self._yaml.width = 1_000_000  # a line the person wrote on one stays on one
            # Lists indented under their key ("  - id: x") or not ("- id: x"), as the file has them.
            self._yaml.indent(mapping=indent - offset if offset else indent, sequence=indent, offset=offset)
            self.data = self._yaml.load(text)
        except YAMLError as error:
            raise CannotEdit(f"the file is not YAML this tool can edit: {error}") from error
        if self.text() != text:
            raise CannotEdit(
                "its layout could not be kept exactly (a value wrapped over several lines, Windows line "
                "endings, a `---` line or lists indented two ways), so it was left as it is; "
                "add the entry by hand, or put each value on one line and run again"
            )

    def text(self) -> str:
        out = io.StringIO()
        self._yaml.dump(self.data, out)
        return out.getvalue()

    def _list(self, parent: CommentedMap, key: str) -> CommentedSeq:
        if key not in parent:
            if parent.fa.flow_style():
                parent.fa.set_block_style()  # `reviews: {cadence: …}` gains a log under it
            parent[key] = CommentedSeq()
        elif not parent[key]:
            parent[key].fa.set_block_style()  # `actions: []` gains its first entry below it
        return parent[key]

    def add_review(self, review: dict[str, Any], next_review: str | None) -> None:
        """``review``: date, kind?, attendees?, summary?, results[], commitments[]; placed
        after every review of its day or before, as the log is kept oldest first."""
        reviews = self.data["reviews"]
        entry = CommentedMap()
        for key, value in review.items():
            if key in ("results", "commitments"):
                if value:
                    entry[key] = CommentedSeq(_flow(result) for result in value)
            elif key == "attendees":
                entry[key] = _flow_list(value)
            else:
                entry[key] = _value(key, value)
        log = self._list(reviews, "log")
        day = dt.date.fromisoformat(review["date"])
        place = sum(1 for logged in log if dt.date.fromisoformat(str(logged["date"])) <= day)
        log.insert(place, entry)
        if next_review is not None:
            reviews["next"] = _value("next", next_review)

    def add_entry(self, key: str, fields: dict[str, Any]) -> None:
        """An action or a concern, at the end of ``actions`` or ``concerns``."""
        entry = CommentedMap()
        for field, value in fields.items():
            entry[field] = _flow_list(value) if field == "about" else _value(field, value)
        self._list(self.data, key).append(entry)

    def entry(self, key: str, entry_id: str) -> CommentedMap:
        found = [entry for entry in self.data.get(key, []) if entry.get("id") == entry_id]
        if not found:
            raise CannotEdit(f"there is no {key[:-1]} {entry_id!r} in the record")
        return found[0]

    def grow(self, key: str, entry_id: str, field: str, value: Any) -> None:
        """Set a field the entry does not have yet: a record grows, it is not rewritten."""
        entry = self.entry(key, entry_id)
        if field in entry:
            raise CannotEdit(
                f"{key[:-1]} {entry_id!r} already has {field}: {entry[field]}; the record grows, "
                "it is not rewritten: to correct it, edit the file and say why in the pull request"
            )
        entry[field] = _value(field, value)

    def escalate(self, concern_id: str, day: str) -> int:
        """Take the concern to the level after the last it reached; returns that level."""
        concern = self.entry("concerns", concern_id)
        if "resolved" in concern:
            raise CannotEdit(f"concern {concern_id!r} was resolved on {concern['resolved']}; it cannot be escalated")
        if not concern.get("escalated"):
            # A concern is at level 1 from the day it was raised; the list names every level.
            concern["escalated"] = CommentedSeq([_flow({"level": 1, "on": str(concern["raised"])})])
        level = int(concern["escalated"][-1]["level"]) + 1
        concern["escalated"].append(_flow({"level": level, "on": day}))
        return level
