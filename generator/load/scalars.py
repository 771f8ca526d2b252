"""Plain scalars given their YAML 1.2 core-schema meaning: null, booleans, whole numbers
(decimal, 0o octal, 0x hex) and finite decimals; everything else is text.

Numbers past what JSON keeps exactly, and infinities or NaN, are refused: the site's API
would show another value than the charter holds.
"""

from __future__ import annotations

import math
import re
from typing import Any

NULL = re.compile(r"~|null|Null|NULL|")
_TRUE = re.compile(r"true|True|TRUE")
_FALSE = re.compile(r"false|False|FALSE")
_INT = re.compile(r"[-+]?[0-9]+")
_OCT = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SPECIAL_FLOAT = re.compile(r"[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")

_LARGEST_EXACT_INTEGER = 2**53  # beyond this, JSON readers of the site's API lose digits


class ScalarError(ValueError):
    def __init__(self, rule: str, message: str, hint: str) -> None:
        super().__init__(message)  # pragma: no mutate (never shown: the problem carries .message)
        self.rule, self.message, self.hint = rule, message, hint


def _shortened(text: str) -> str:
    return text if len(text) <= 24 else f"{text[:20]}…"


def _integer(text: str) -> int:
    if _OCT.fullmatch(text):
        digits, base = text[2:], 8
    elif _HEX.fullmatch(text):
        digits, base = text[2:], 16
    else:
        digits, base = text, 10
    # Checked before int() so that a 10,000-digit number costs nothing; leading zeros are
    # not digits that count (0000…01 is 1). Past 16 digits every number is too large, so
    # where exactly this cuts changes only the cost.
    if len(digits.lstrip("+-0")) > 20:  # pragma: no mutate (a cost guard, as said)
        raise _too_large(text)
    number = int(digits, base)
    if abs(number) > _LARGEST_EXACT_INTEGER:
        raise _too_large(text)
    return number


def _too_large(text: str) -> ScalarError:
    return ScalarError(
        "number-too-large",
        f"{_shortened(text)} is larger than {_LARGEST_EXACT_INTEGER:,}, the largest whole number JSON keeps exactly",
        "write a smaller number, or quote it to mean text",
    )


def plain_value(text: str) -> Any:
    # Most values: no null, boolean or number starts with another letter. A shortcut: the
    # checks below give the same answer, so a weaker condition here changes only the cost.
    if text[:1].isalpha() and text[0] not in "nNtTfF":  # pragma: no mutate
        return text
    if NULL.fullmatch(text):
        return None
    if _TRUE.fullmatch(text):
        return True
    if _FALSE.fullmatch(text):
        return False
    if _INT.fullmatch(text) or _OCT.fullmatch(text) or _HEX.fullmatch(text):
        return _integer(text)
    if _SPECIAL_FLOAT.fullmatch(text) or (_FLOAT.fullmatch(text) and not math.isfinite(float(text))):
        raise ScalarError(
            "non-finite-number",
            f"{_shortened(text)} is not a finite number",
            "write an ordinary number, or quote it to mean text",
        )
    if _FLOAT.fullmatch(text):
        return float(text)
    return text
