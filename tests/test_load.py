"""The loader: YAML 1.2 meaning, positions, and bounded, clear failures for bad files."""

from __future__ import annotations

import io
import time

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from generator.load import load_charter
from generator.load.text import INVISIBLE, MAX_BYTES
from generator.load.yaml12 import _SAFE_COMPOSE_BOUND, _depth_bound, parse

# Comments full of dashes: enough to make the loader measure depth on libyaml's event
# stream, as it does for long files, instead of on the tree.
LONG_FILE_PADDING = ("# " + "-" * 60 + "\n") * 100


def data(text: str) -> dict:
    loaded = load_charter("c.yaml", text.encode())
    assert loaded.problems == ()
    return loaded.document.data


def only_problem(source: bytes):
    loaded = load_charter("c.yaml", source)
    assert loaded.document is None
    assert len(loaded.problems) == 1, loaded.problems
    return loaded.problems[0]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2026-03-01", "2026-03-01"),
        ("no", "no"),
        ("NO", "NO"),
        ("on", "on"),
        ("Yes", "Yes"),
        ("1:30", "1:30"),
        ("1_000", "1_000"),
        ("0o17", 15),
        ("0x1F", 31),
        ("012", 12),
        ("-3", -3),
        ("4.5e1", 45.0),
        ("true", True),
        ("FALSE", False),
        ("~", None),
        ("", None),
        ("'true'", "true"),
        ('"48"', "48"),
        ("!!str 12", "12"),
    ],
)
def test_scalars_keep_their_yaml_1_2_core_meaning(text: str, value) -> None:
    assert data(f"key: {text}\n") == {"key": value}


def test_keys_are_names_even_when_they_look_like_booleans() -> None:
    assert data("no: 1\non: 2\n2026-01-01: 3\n") == {"no": 1, "on": 2, "2026-01-01": 3}


def test_positions_count_characters_in_any_script() -> None:
    loaded = load_charter("c.yaml", "名前: 株式会社みどり\nlist:\n  - {id: ä, x: 1}\n".encode())
    document = loaded.document
    assert document.position(("名前",)) == (1, 5)
    assert document.position(("名前",), of_key=True) == (1, 1)
    assert document.position(("list", 0, "x")) == (3, 16)
    assert document.position(("list", 0, "missing", "deeper")) == (3, 5)


def test_a_byte_order_mark_is_accepted() -> None:
    assert load_charter("c.yaml", b"\xef\xbb\xbfa: 1\n").document.data == {"a": 1}


def test_utf16_is_refused_with_a_hint() -> None:
    problem = only_problem("a: 1\n".encode("utf-16"))
    assert (problem.rule, problem.line) == ("not-utf8", 1)
    assert "UTF-8" in problem.hint


def test_a_zero_byte_file_is_an_error() -> None:
    assert only_problem(b"").rule == "empty-file"


def test_an_oversize_file_is_refused_before_parsing() -> None:
    problem = only_problem(b"a: " + b"x" * MAX_BYTES)
    assert problem.rule == "file-too-large"


def test_a_billion_laughs_alias_bomb_is_refused_quickly() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    started = time.perf_counter()
    problem = load_charter("c.yaml", "\n".join(lines).encode()).problems[0]
    assert problem.rule == "yaml-alias"
    assert problem.line == 2
    # 9**10 strings if expanded; refusing must not expand anything.
    assert time.perf_counter() - started < 1


@pytest.mark.parametrize("depth", [40, 10_000, 200_000])
def test_absurd_nesting_is_refused_without_crashing(depth: int) -> None:
    problem = only_problem(b"a: " + b"[" * depth + b"]" * depth)
    assert (problem.rule, problem.line) == ("too-deep", 1)


def test_a_recursive_alias_is_refused() -> None:
    assert load_charter("c.yaml", b"a: &x [*x]\n").problems[0].rule == "yaml-alias"


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("a: ok\nb: bad\x07bell\n", 2, 7),
        ("a: ok # \u202e comment\n", 1, 9),
        ("a: ok\n\u2066b: 1\n", 2, 1),
        ("a: tag\U000e0041\n", 1, 7),
    ],
)
def test_hidden_characters_are_refused_where_they_stand(text: str, line: int, column: int) -> None:
    problem = only_problem(text.encode())
    assert (problem.rule, problem.line, problem.column) == ("invisible-character", line, column)


def test_right_to_left_marks_and_joiners_are_ordinary_text() -> None:
    assert data("a: עברית\u200f ok 👩\u200d🍳\n") == {"a": "עברית\u200f ok 👩\u200d🍳"}


def test_every_tag_but_plain_types_is_refused() -> None:
    problem = only_problem(b"a: !!python/object/apply:os.system ['true']\n")
    assert problem.rule == "yaml-tag"
    assert "!!python/object/apply:os.system" in problem.message


def test_a_huge_integer_is_refused_without_converting_it() -> None:
    problem = only_problem(b"a: " + b"9" * 100_000 + b"\n")
    assert problem.rule == "number-too-large"
    assert len(problem.message) < 200


def test_all_duplicate_keys_are_reported() -> None:
    loaded = load_charter("c.yaml", b"a: 1\nb:\n  c: 1\n  c: 2\na: 3\n")
    assert [(problem.rule, problem.line) for problem in loaded.problems] == [("duplicate-key", 4), ("duplicate-key", 5)]


@pytest.mark.parametrize(
    "source",
    ["a: 1\n".encode("utf-16-le"), "a: 1\n".encode("utf-32"), b"\x00\x01binary"],
    ids=["utf16-without-bom", "utf32", "binary"],
)
def test_wide_encodings_and_binary_are_not_utf8(source: bytes) -> None:
    problem = only_problem(source)
    assert (problem.rule, problem.line) == ("not-utf8", 1)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (str(2**53), 2**53),
        (str(-(2**53)), -(2**53)),
        ("0" * 30 + "7", 7),
        ("0x" + "0" * 30 + "1F", 31),
    ],
)
def test_whole_numbers_up_to_two_to_the_53_are_kept_exactly(text: str, value: int) -> None:
    assert data(f"key: {text}\n") == {"key": value}


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (str(2**53 + 1), "9007199254740993"),
        ("-" + str(2**53 + 1), "-9007199254740993"),
        ("1" * 24, "1" * 24),
        ("1" * 25, "1" * 20 + "…"),
        ("0x" + "F" * 14, "0x" + "F" * 14),
        ("0o20000000000000000000", "0o20000000000000000000"),
    ],
)
def test_a_number_too_large_is_shown_whole_up_to_24_characters(text: str, shown: str) -> None:
    problem = only_problem(f"key: {text}\n".encode())
    assert (problem.rule, problem.line, problem.column) == ("number-too-large", 1, 6)
    assert problem.message.startswith(f"{shown} is larger than 9,007,199,254,740,992")
    assert problem.hint == "write a smaller number, or quote it to mean text"


def test_the_padding_makes_a_file_long_enough_for_the_event_stream_check() -> None:
    assert _depth_bound(LONG_FILE_PADDING) > _SAFE_COMPOSE_BOUND


@pytest.mark.parametrize("inner", ["x", ""])
@pytest.mark.parametrize(("lists", "too_deep"), [(31, False), (32, True)])
def test_nesting_is_counted_the_same_in_a_small_file_and_a_long_one(inner: str, lists: int, too_deep: bool) -> None:
    # Past a few thousand lines the depth is checked on libyaml's event stream instead of
    # the tree (whose C composer would crash first): both must draw the line at one place.
    text = "key: " + "[" * lists + inner + "]" * lists + "\n"
    for padding in ("", LONG_FILE_PADDING):
        problems = [
            (problem.rule, problem.line, problem.column)
            for problem in load_charter("c.yaml", (text + padding).encode()).problems
        ]
        # The root mapping is the first level; the 32nd list is the 33rd.
        assert problems == ([("too-deep", 1, 37)] if too_deep else [])


def test_a_tab_on_the_first_line_is_called_a_tab() -> None:
    problem = only_problem(b"\tformat: 1\nid: x\n")
    assert (problem.rule, problem.line, problem.column) == ("tab-indentation", 1, 1)
    assert problem.message == "a tab stands where YAML needs spaces (indentation, or after `-` or `:`)"


def test_a_tab_inside_a_value_is_no_syntax_error() -> None:
    assert data("key: a\tb\n") == {"key": "a\tb"}


_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=12).filter(lambda text: not INVISIBLE.search(text))
_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | _text
    # Text that YAML 1.1, YAML 1.2 and ruamel's own resolver read differently.
    | st.sampled_from(["012", "0o17", "0x1F", "1_000", "0_", "1:30", "no", "on", "2026-03-01", ".5", "1e3", "+1"])
    | st.sampled_from(["-0", "1.", "~", "null", "NULL", "True", ".inf", "-.Inf", ".NaN", "0b11", "=", "<<"])
)
_values = st.recursive(
    _scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(_text, children, max_size=3),
    max_leaves=8,
)


@settings(max_examples=500, deadline=None)
@given(_values)
def test_a_value_written_by_a_yaml_1_2_writer_reads_back_with_the_same_meaning(value) -> None:
    # ruamel.yaml is the YAML 1.2 writer a partner's tools would use (PyYAML writes 1.1, and
    # leaves `0o17` unquoted, which YAML 1.2 reads as 15). Block style: libyaml, which reads
    # charters, refuses some flow keys that YAML 1.2 allows (`{:0: x}`).
    writer = YAML(typ="safe", pure=True)
    writer.default_flow_style = False
    text = io.StringIO()
    writer.dump({"value": value}, text)
    parsed = parse("c.yaml", text.getvalue())
    assert parsed.problems == []
    # Typed, because Python's == takes 1, 1.0 and True for one value.
    assert _typed(parsed.data) == _typed({"value": value})


def _typed(value) -> tuple:
    if isinstance(value, dict):
        return ("mapping", sorted((key, _typed(item)) for key, item in value.items()))
    if isinstance(value, list):
        return ("list", [_typed(item) for item in value])
    return (type(value).__name__, value)


def said(text: str) -> list[tuple]:
    """What parsing ``text`` as ``c.yaml`` reports, place and words."""
    return [
        (problem.path, problem.rule, problem.line, problem.column, problem.message)
        for problem in parse("c.yaml", text).problems
    ]


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        # The construct that failed started on another line: say which.
        ("a: [1, 2\nb: 3\n", 2, 2, "did not find expected ',' or ']' (while parsing a flow sequence at line 1)"),
        ("a:\n  - [1,\n  2\n", 4, 1, "did not find expected ',' or ']' (while parsing a flow sequence at line 2)"),
        ("key: 'open\n", 2, 1, "found unexpected end of stream (while scanning a quoted scalar at line 1)"),
        # The same line: no line number to add.
        ("key: [a, b}\n", 1, 11, "did not find expected ',' or ']' (while parsing a flow sequence)"),
        # An error past the last line, in a file without a final newline.
        ("a: [1, 2", 2, 1, "did not find expected ',' or ']' (while parsing a flow sequence at line 1)"),
        # A tab later on the line is not what broke it.
        ("a: b: c\td\n", 1, 5, "mapping values are not allowed in this context"),
    ],
)
def test_a_syntax_error_says_where_the_broken_construct_began(text: str, line: int, column: int, message: str) -> None:
    assert said(text) == [("c.yaml", "yaml-syntax", line, column, f"YAML syntax: {message}")]


def test_a_tab_on_the_last_line_of_a_file_without_a_final_newline_is_called_a_tab() -> None:
    assert [problem[1:4] for problem in said("a:\n\tb: 1")] == [("tab-indentation", 2, 1)]


def test_a_character_libyaml_cannot_read_is_a_syntax_error_not_a_crash() -> None:
    # The loader refuses control characters before parsing; parse() must still not raise.
    ((path, rule, line, column, message),) = said("a: \x07\n")
    assert (path, rule, line, column) == ("c.yaml", "yaml-syntax", 1, 1)
    assert message.startswith("YAML syntax: unacceptable character #x0007")


@pytest.mark.parametrize(
    ("text", "rule", "column", "message"),
    [
        ("a: !!int 3\n", "yaml-tag", 4, "YAML tag !!int is not allowed in charters"),
        ("a: !thing x\n", "yaml-tag", 4, "YAML tag !thing is not allowed in charters"),
        ("!!int 1: x\n", "yaml-tag", 1, "YAML tag !!int is not allowed in charters"),
    ],
)
def test_a_tagged_value_or_key_is_refused(text: str, rule: str, column: int, message: str) -> None:
    assert said(text) == [("c.yaml", rule, 1, column, message)]


@pytest.mark.parametrize(
    ("first", "problem"),
    [
        ("? [a]\n: 1\n", ("complex-key", 1, 3)),
        ("!!int 1: x\n", ("yaml-tag", 1, 1)),
        ('"\\u200b": 1\n', ("invisible-character", 1, 1)),
        ("a: 1\na: 2\n", ("duplicate-key", 2, 1)),
        ("a: &x 1\n*x : 2\n", ("yaml-alias", 2, 1)),
    ],
)
def test_after_a_bad_key_the_rest_of_the_mapping_is_still_read(first: str, problem: tuple) -> None:
    lines = first.count("\n")
    reported = [found[1:4] for found in said(first + "z: !!int 1\n")]
    assert problem in reported
    assert ("yaml-tag", lines + 1, 4) in reported


def test_a_file_holding_a_single_value_is_not_a_charter() -> None:
    assert said("hello\n") == [
        ("c.yaml", "not-a-mapping", 1, 1, "the file holds a single value; a charter is a mapping of fields")
    ]


@pytest.mark.parametrize(("count", "refused"), [(1000, False), (1001, True)])
def test_a_list_may_hold_a_thousand_entries(count: int, refused: bool) -> None:
    problems = said("items:\n" + "  - x\n" * count)
    assert [problem[1] for problem in problems] == (["too-many-items"] if refused else [])


def test_deep_siblings_in_a_long_file_are_each_measured_from_their_own_parent() -> None:
    # Many lists 20 deep side by side, in a file long enough for the event-stream check:
    # each closing bracket must bring the count back down.
    siblings = "".join(f"s{index}: " + "[" * 20 + "x" + "]" * 20 + "\n" for index in range(300))
    padding = LONG_FILE_PADDING
    assert said(siblings + padding) == []
    too_deep = "last: " + "[" * 32 + "x" + "]" * 32 + "\n"
    assert [problem[1:4] for problem in said(siblings + too_deep + padding)] == [("too-deep", 301, 38)]
    # Deep again after a closed inner list: the count goes down by one per closing bracket.
    # (Deeper than the limit needs, so that a miscount shows as another place rather than
    # leaving the answer to the tree, which would find the same one.)
    again = "k: " + "[" * 20 + "[x], " + "[" * 40 + "y" + "]" * 40 + "]" * 20 + "\n"
    assert [problem[1:4] for problem in said(again + padding)] == [("too-deep", 1, 4 + 20 + 5 + 11)]


@pytest.mark.parametrize(
    "text",
    [
        "- " * 40 + "x\n",
        "? " * 40 + "x\n",
        "".join(f"{'  ' * level}a:\n" for level in range(40)) + "  " * 40 + "x\n",
        "[" * 40 + "x" + "]" * 40 + "\n",
        "{" * 40 + "a" + "}" * 40 + "\n",
        "[a: " * 40 + "x" + "]" * 40 + "\n",
    ],
    ids=["block sequences", "explicit keys", "block mappings", "flow sequences", "flow mappings", "flow pairs"],
)
def test_the_cheap_depth_bound_counts_every_way_to_open_a_level(text: str) -> None:
    assert _depth_bound(text) >= _depth(text) >= 40


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["- ", "? ", "[", "{a: ", "key:\n", "  "]), max_size=60))
def test_the_cheap_depth_bound_is_never_below_the_real_depth(pieces: list[str]) -> None:
    text = "".join(pieces)
    try:
        depth = _depth(text)
    except yaml.YAMLError:
        return
    assert _depth_bound(text) >= depth


def _depth(text: str) -> int:
    deepest = depth = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            deepest = max(deepest, depth)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return deepest
