"""The cadence vocabulary, most to least frequent, with the days each allows between checks.

Its order is what makes drift visible: "weekly" quietly becoming "monthly" is a loosening.
The schema's enum lists the same words in the same order (a test keeps them equal).
"""

from __future__ import annotations

CADENCE_DAYS = {
    "weekly": 7,
    "biweekly": 14,
    "monthly": 31,
    "quarterly": 92,
    "semiannual": 183,
    "annual": 366,
}
CADENCES = tuple(CADENCE_DAYS)
