"""The loader: YAML 1.2 meaning, positions, and bounded, clear failures for bad files."""

from __future__ import annotations

import time

import pytest

from generator.load import load_charter
from generator.load.text import MAX_BYTES


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
