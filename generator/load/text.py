"""Bytes to text, refusing what a reviewer could not see.

A charter is reviewed as text in pull requests and shown as text on the site, so text that
displays as something other than what it is (control characters, bidirectional overrides,
invisible tag characters; the "Trojan Source" family) is refused wherever it stands,
comments included.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from generator.problems import Problem, Severity

MAX_BYTES = 512 * 1024
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_REPORTED_PER_FILE = 10

# Tab and newline are ordinary white space; carriage returns are folded by YAML itself.
# Bidirectional embeddings, overrides and isolates reorder what is displayed; the marks
# (LRM, RLM, ALM) only nudge neutral characters and are needed in Arabic and Hebrew text.
INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
    "\u202a-\u202e\u2066-\u2069"
    "\u2028\u2029\ufeff\ufff9-\ufffb"
    # Zero-width space, word joiner, invisible operators and fillers: no visible mark at all.
    # (Zero-width joiners and non-joiners shape Persian, Indic and emoji text: allowed.)
    "\u200b\u2060-\u2064\u180e\u115f\u1160\u3164\uffa0"
    "\U000e0000-\U000e007f]"
)


@dataclass(frozen=True)
class DecodedText:
    text: str | None
    problems: tuple[Problem, ...]


def describe_character(character: str) -> str:
    name = unicodedata.name(character, "control character")
    return f"U+{ord(character):04X} ({name})"


def invisible_character_problems(path: str, text: str, line: int = 1, column: int = 1) -> list[Problem]:
    """Problems for each hidden character in ``text``, which starts at ``line``:``column``."""
    problems = []
    for match in INVISIBLE.finditer(text):
        before = text[: match.start()]
        match_line = line + before.count("\n")
        match_column = (column + len(before)) if match_line == line else match.start() - before.rfind("\n")
        problems.append(
            Problem(
                path,
                match_line,
                match_column,
                Severity.ERROR,
                "invisible-character",
                f"hidden character {describe_character(match.group())} would make this text "
                "display as something other than what it is",
                "delete it; retype the surrounding words if you pasted them",
            )
        )
        if len(problems) == _REPORTED_PER_FILE:
            break
    return problems


def decode(path: str, source: bytes) -> DecodedText:
    def refuse(rule: str, message: str, hint: str, line: int = 1, column: int = 1) -> DecodedText:
        return DecodedText(None, (Problem(path, line, column, Severity.ERROR, rule, message, hint),))

    if len(source) > MAX_BYTES:
        return refuse(
            "file-too-large",
            f"file is larger than the {MAX_BYTES:,} bytes a charter may take",
            "a charter is a few kilobytes: split it, or move long texts out of it",
        )
    if source.startswith(_UTF16_BOMS) or b"\x00" in source:
        # NUL bytes mean UTF-16 or UTF-32 (with or without a byte order mark), or binary.
        return refuse(
            "not-utf8", "file is UTF-16, UTF-32 or binary, not UTF-8 text", "save the file as UTF-8 in your editor"
        )
    try:
        text = source.removeprefix(_UTF8_BOM).decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start + (len(_UTF8_BOM) if source.startswith(_UTF8_BOM) else 0)
        line_start = source.rfind(b"\n", 0, offset) + 1
        column = len(source[line_start:offset].decode("utf-8", errors="replace")) + 1
        return refuse(
            "not-utf8",
            f"byte 0x{source[offset]:02X} is not valid UTF-8",
            "save the file as UTF-8 in your editor (not Latin-1 or Windows-1252)",
            source.count(b"\n", 0, offset) + 1,
            column,
        )
    hidden = invisible_character_problems(path, text)
    if hidden:
        return DecodedText(None, tuple(hidden))
    if not text.strip():
        return refuse(
            "empty-file", "file is empty", "start from an example in charters/ or run `charters validate` on one"
        )
    return DecodedText(text, ())
