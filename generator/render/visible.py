"""Characters that would act instead of being seen, shown as escapes.

Text from git (commit messages, author and approver names, file names) and anything
quoted in a message can hold control characters, terminal escape sequences and
bidirectional controls. Printed raw they clear a terminal, fake coloured lines, reorder
what a reader sees or break an XML file. Every output shows them as visible escapes in
Python's notation (``\\x1b``, ``\\u202e``) instead, so the reader sees that they are there.
"""

from __future__ import annotations

import functools
import re

# C0 and C1 controls and DEL; bidirectional marks, embeddings, overrides and isolates;
# line and paragraph separators; zero-width and filler characters; the byte order mark;
# interlinear annotations; the noncharacters XML forbids; tag characters; and lone
# surrogates, which stand for bytes that were not UTF-8.
ACTING = (
    "\x00-\x1f\x7f-\x9f"
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\u2028\u2029\ufeff\ufff9-\ufffb\ufffe\uffff"
    "\u200b\u2060-\u2064\u180e\u115f\u1160\u3164\uffa0"
    "\U000e0000-\U000e007f"
    "\ud800-\udfff"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


@functools.cache
def _acting(keep: str) -> re.Pattern[str]:
    if not keep:
        return re.compile(f"[{ACTING}]")
    return re.compile(f"(?![{re.escape(keep)}])[{ACTING}]")


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    if character in _NAMED:
        return _NAMED[character]
    code = ord(character)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by "surrogateescape"
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def visible(text: str, keep: str = "") -> str:
    """``text`` with every acting character shown as an escape, but those in ``keep``
    (line breaks and tabs where the output lays text out)."""
    return _acting(keep).sub(_escape, text)


def has_acting(text: str) -> bool:
    return _acting("").search(text) is not None


def _unicode_escape(match: re.Match[str]) -> str:
    units = match.group().encode("utf-16-be", "surrogatepass")
    return "".join(f"\\u{int.from_bytes(units[index : index + 2], 'big'):04x}" for index in range(0, len(units), 2))


def json_inert(text: str) -> str:
    """JSON text from json.dumps with every acting character written as a \\u escape: the
    same string to every JSON reader (json.dumps escapes only the C0 controls, so a line
    break left in its text is indentation)."""
    return _acting("\n").sub(_unicode_escape, text)
