"""YAML text to plain data, read with YAML 1.2 core-schema meaning and positions kept.

libyaml (through PyYAML's C parser) builds the node tree: it is about ten times faster
than the pure-Python parser, and charters are read once per historic revision. We then
give plain scalars their YAML 1.2 core meaning ourselves (scalars.py) instead of PyYAML's
YAML 1.1 resolver, so ``2026-03-01``, ``no``, ``on``, ``1_000`` and ``1:30`` stay strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml._yaml import CParser
from yaml.resolver import BaseResolver

from generator.load.scalars import NULL, ScalarError, plain_value
from generator.load.text import INVISIBLE, describe_character
from generator.problems import Problem, Severity

MAX_DEPTH = 32  # a charter nests about six deep; anything past this is an accident or an attack
# Bounds the work later stages do per list (jsonschema's uniqueItems is quadratic on
# mixed types); the longest real list, a review log, holds a few hundred entries.
MAX_ITEMS = 1000
# A ledger gains a line per position for as long as the charter lives; the file's size
# (text.MAX_BYTES, about 11,000 of the shortest lines) bounds it first.
MAX_LEDGER_LINES = 20_000
# libyaml's composer recurses in C without a guard (it crashes near 40,000 levels), so the
# exact depth is checked on the event stream first unless a cheap bound proves it small.
_SAFE_COMPOSE_BOUND = 5000

_ALIASES_REPORTED = 10

_PLAIN = "!plain"
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


class _PlainMarkingResolver(BaseResolver):
    """Tags every untagged plain scalar, so that explicit tags can be told apart."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and implicit[0]:
            return _PLAIN
        # Equivalent mutant: value None here changes nothing, as no implicit resolver is left.
        return super().resolve(kind, value, implicit)


class _Composer(CParser, _PlainMarkingResolver):
    def __init__(self, text: str) -> None:
        CParser.__init__(self, text)
        _PlainMarkingResolver.__init__(self)


class Position(tuple):
    """A 1-based (line, column): ``Position((line, column))``.

    It keeps tuple's own constructor, so that the hundreds of thousands of positions that
    worker processes send back are rebuilt without a Python call each."""

    __slots__ = ()

    @property
    def line(self) -> int:
        return self[0]

    @property
    def column(self) -> int:
        return self[1]


@dataclass
class Parsed:
    data: Any = None
    value_positions: dict[tuple, Position] = field(default_factory=dict)
    key_positions: dict[tuple, Position] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _position(mark) -> Position:
    return Position((mark.line + 1, mark.column + 1))


# Every collection opens at one of these: a block sequence at `-`, a block mapping at `:`
# or `?`, a flow collection at its bracket (a flow pair, `[a: b]`, at its `:`).
_COLLECTION_INDICATORS = "-?:[{"


def _depth_bound(text: str) -> int:
    """An upper bound on nesting: no more collections than the characters that open them."""
    return sum(map(text.count, _COLLECTION_INDICATORS))


def _first_too_deep_position(text: str) -> Position | None:
    parser = _Composer(text)
    depth = 0
    try:
        while (event := parser.get_event()) is not None:
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return _position(event.start_mark)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        parser.dispose()
    return None


def _alias_positions(text: str) -> list[Position]:
    parser = _Composer(text)
    try:
        return [
            _position(event.start_mark) for event in iter(parser.get_event, None) if isinstance(event, yaml.AliasEvent)
        ]
    finally:
        parser.dispose()


def _compose(text: str) -> yaml.Node | None:
    parser = _Composer(text)
    try:
        return parser.get_single_node()
    finally:
        parser.dispose()


class _Builder:
    """Walks the node tree once, building plain data and recording positions and problems."""

    def __init__(self, path: str, parsed: Parsed, ledger: bool) -> None:
        self.path = path
        self.parsed = parsed
        self.ledger = ledger  # a ledger of positions, whose top-level list may be long
        self.visited: set[int] = set()
        self.saw_alias = False  # pragma: no mutate (True only costs a pass that finds no alias)

    def problem(self, where: Position, rule: str, message: str, hint: str) -> None:
        self.parsed.problems.append(Problem(self.path, where.line, where.column, Severity.ERROR, rule, message, hint))

    def first_visit(self, node: yaml.Node) -> bool:
        """False for a node met before: an alias. Its own mark is the anchor's, so parse()
        finds where the aliases stand."""
        if id(node) in self.visited:
            self.saw_alias = True
            return False
        self.visited.add(id(node))
        return True

    def too_deep(self, where: Position) -> None:
        self.problem(
            where,
            "too-deep",
            f"values nest more than {MAX_DEPTH} levels deep",
            "a charter nests about six levels; check the indentation",
        )

    def build(self, node: yaml.Node, json_path: tuple, depth: int) -> Any:
        """``depth`` is the number of collections around ``node``."""
        where = _position(node.start_mark)
        self.parsed.value_positions[json_path] = where
        if not self.first_visit(node):
            return None
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, where)
        if depth >= MAX_DEPTH:  # the same count as _first_too_deep_position's
            self.too_deep(where)
            return None
        if node.tag not in (_SEQ, _MAP):
            self.refuse_tag(node, where)
            return None
        if isinstance(node, yaml.SequenceNode):
            if self.too_long(node, json_path, where):
                return None
            return [self.build(item, json_path + (index,), depth + 1) for index, item in enumerate(node.value)]
        return self.mapping(node, json_path, depth)

    def too_long(self, node: yaml.SequenceNode, json_path: tuple, where: Position) -> bool:
        """Whether the list is longer than it may be, reported if so: a ledger's own list of
        lines, or any list in a charter."""
        count = len(node.value)
        if self.ledger and not json_path:
            if count <= MAX_LEDGER_LINES:
                return False
            self.problem(
                where,
                "too-many-items",
                f"this ledger has {count:,} lines; it may hold {MAX_LEDGER_LINES:,}",
                "keep only positions in it, one line each: - {version: N, position: approve, by: email}",
            )
            return True
        if count <= MAX_ITEMS:
            return False
        self.problem(
            where,
            "too-many-items",
            f"this list has {count:,} entries; no list in a charter needs more than {MAX_ITEMS:,}",
            "split the charter, or move long lists out of it",
        )
        return True

    def refuse_tag(self, node: yaml.Node, where: Position) -> None:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        self.problem(
            where,
            "yaml-tag",
            f"YAML tag {tag} is not allowed in charters",
            "remove the tag; quote the value if it should be text",
        )

    def visible(self, node: yaml.ScalarNode, where: Position) -> bool:
        # Hidden characters typed into the file are refused before parsing; only a double-
        # quoted scalar's escape sequences (\u200b) can make new ones.
        if node.style != '"':
            return True
        hidden = INVISIBLE.search(node.value)
        if hidden:
            self.problem(
                where,
                "invisible-character",
                f"an escape sequence makes hidden character {describe_character(hidden.group())}",
                "remove the escape sequence",
            )
        return hidden is None

    def scalar(self, node: yaml.ScalarNode, where: Position) -> Any:
        if node.tag not in (_STR, _PLAIN):
            self.refuse_tag(node, where)
            return None
        if not self.visible(node, where):
            return None
        if node.tag == _STR:
            return node.value
        try:
            return plain_value(node.value)
        except ScalarError as error:
            self.problem(where, error.rule, error.message, error.hint)
            return None

    def mapping(self, node: yaml.MappingNode, json_path: tuple, depth: int) -> dict:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_where = _position(key_node.start_mark)
            if not self.first_visit(key_node):
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(
                    key_where,
                    "complex-key",
                    "a key must be a plain word, not a list or mapping",
                    "write the key as text, e.g. `title:`",
                )
                continue
            if key_node.tag not in (_STR, _PLAIN):
                self.refuse_tag(key_node, key_where)
                continue
            if not self.visible(key_node, key_where):
                continue
            # Keys are names, so they keep their text: `no:` names the field "no".
            key = key_node.value
            if key in result:
                first = self.parsed.key_positions[json_path + (key,)]
                self.problem(
                    key_where,
                    "duplicate-key",
                    f"key {key!r} appears twice in this mapping (first at line {first.line})",
                    "keep one of them; YAML would silently keep only the last",
                )
                continue
            self.parsed.key_positions[json_path + (key,)] = key_where
            result[key] = self.build(value_node, json_path + (key,), depth + 1)
        return result


def _syntax_problem(path: str, error: yaml.YAMLError, text: str) -> Problem:
    # libyaml marks every syntax error; a reader error (a character it cannot read) has none.
    mark = getattr(error, "problem_mark", None)
    where = _position(mark) if mark is not None else Position((1, 1))
    description = getattr(error, "problem", None) or str(error)
    # None past the end. Equivalent mutant: any separator joins a list of at most one line.
    line_text = "".join(text.splitlines()[where.line - 1 : where.line])
    if "\t" in line_text[: max(where.column, len(line_text) - len(line_text.lstrip()))]:
        return Problem(
            path,
            where.line,
            where.column,
            Severity.ERROR,
            "tab-indentation",
            "a tab stands where YAML needs spaces (indentation, or after `-` or `:`)",
            "replace the tab with spaces (set your editor to insert spaces)",
        )
    context = getattr(error, "context", None) or ""
    if "expected a single document" in context:
        return Problem(
            path,
            where.line,
            where.column,
            Severity.ERROR,
            "multiple-documents",
            "the file holds more than one YAML document (a second `---`)",
            "one charter per file: remove the `---` line or move the second document to its own file",
        )
    context_mark = getattr(error, "context_mark", None)
    if context and context_mark is not None and context_mark.line + 1 != where.line:
        context += f" at line {context_mark.line + 1}"
    message = f"YAML syntax: {description}" + (f" ({context})" if context else "")
    return Problem(
        path,
        where.line,
        where.column,
        Severity.ERROR,
        "yaml-syntax",
        message,
        "check this line's indentation and quoting; text with `: `, `#` or a leading `[`, `{`, `*`, `&`, `!` or `%` needs quotes",
    )


def parse(path: str, text: str, top: type = dict) -> Parsed:
    """Plain data for ``text``, or problems saying why there is none. ``top``: what the
    file must hold, a mapping (a charter) or a list (a ledger of positions)."""
    parsed = Parsed()
    builder = _Builder(path, parsed, ledger=top is list)
    try:
        # Both ways of measuring agree (tested); the bound only saves the cheap files a pass.
        might_be_deep = _depth_bound(text) > _SAFE_COMPOSE_BOUND  # pragma: no mutate
        # Equivalent mutant: measuring every file on the event stream gives the same answer.
        too_deep = _first_too_deep_position(text) if might_be_deep else None
        if too_deep is not None:
            builder.too_deep(too_deep)
            return parsed
        node = _compose(text)
    except yaml.YAMLError as error:
        parsed.problems.append(_syntax_problem(path, error, text))
        return parsed
    empty = node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _PLAIN and NULL.fullmatch(node.value))
    if empty and top is list:
        parsed.data = []  # a ledger no one has written in yet
        return parsed
    if node is None:
        builder.problem(
            Position((1, 1)), "empty-file", "file holds only comments, no charter", "start from an example in charters/"
        )
        return parsed
    if empty:
        builder.problem(
            Position((1, 1)),
            "empty-file",
            "file holds no charter, only an empty document",
            "start from an example in charters/",
        )
        return parsed
    data = builder.build(node, (), 0)
    if builder.saw_alias:
        for where in _alias_positions(text)[:_ALIASES_REPORTED]:
            builder.problem(
                where,
                "yaml-alias",
                "YAML aliases (*name) are not allowed in charters",
                "write the value out in full where it is needed",
            )
    if parsed.problems:
        return parsed
    if top is list and not isinstance(data, list):
        builder.problem(
            _position(node.start_mark),
            "not-a-list",
            "the file holds no list; a ledger is a list of positions",
            "write each position as a line `- {version: 1, position: approve, by: you@example.org}`",
        )
        return parsed
    if top is dict and not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        builder.problem(
            _position(node.start_mark),
            "not-a-mapping",
            f"the file holds {kind}; a charter is a mapping of fields",
            "start with `format: 1` and `id: ...` at the left margin",
        )
        return parsed
    parsed.data = data
    return parsed
