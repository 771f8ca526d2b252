"""Problems: what every stage reports instead of raising.

Each stage returns problems as values; one reporter prints them. A problem always names a
file and a 1-based line and column so that editors and CI annotations can jump to it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import StrEnum

from generator.language.message import Message


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    severity: Severity
    rule: str
    message: str  # in English: the terminal, check-pr, the JSON
    hint: str = ""
    # The message, for the pages to say in their language; the English text above orders
    # and tells problems apart.
    said: Message | None = field(default=None, compare=False)

    def as_error(self) -> Problem:
        """The same problem promoted to an error (``--strict``)."""
        return dataclasses.replace(self, severity=Severity.ERROR)


def has_errors(problems: list[Problem]) -> bool:
    return any(problem.severity is Severity.ERROR for problem in problems)


# Every rule id a problem can carry, with what it means: the README's rule table and the
# tests that demand a case per rule both read this one list.
RULES: dict[str, str] = {
    # files
    "outside-repository": "a path or link leads outside the repository; nothing is read from it",
    "unsafe-file-name": "a file name holds a control, separator or bidirectional character; it is not read",
    "wrong-extension": "a charter-like file does not end in .yaml",
    "not-a-charter": "a file or folder in the charters folder is not a charter (warning)",
    "not-a-file": "a .yaml path is not a regular file",
    "no-charters": "the charters folder is empty (warning)",
    "unreadable": "the file cannot be read",
    # loading
    "file-too-large": "the file is larger than a charter may be",
    "not-utf8": "the file is not UTF-8 text",
    "empty-file": "the file is empty or holds only comments",
    "invisible-character": "a control, bidirectional-override or other hidden character",
    "yaml-syntax": "the text is not valid YAML",
    "tab-indentation": "a tab is used for indentation",
    "multiple-documents": "the file holds more than one YAML document",
    "too-deep": "values nest deeper than any charter needs",
    "duplicate-key": "a key appears twice in one mapping",
    "yaml-alias": "a YAML alias (*name) repeats a value",
    "yaml-tag": "a YAML tag (!!type) is used",
    "complex-key": "a key is a list or mapping",
    "non-finite-number": "a number is infinite or not a number",
    "number-too-large": "a whole number is too large for JSON readers",
    "not-a-mapping": "the file holds a list or a single value, not a charter",
    "too-many-items": "a list is longer than any charter needs",
    # schema
    "missing-field": "a required field is missing",
    "unknown-field": "a field the format does not define (often a typo)",
    "wrong-type": "a value has the wrong type",
    "invalid-value": "a value is not one of those allowed",
    "invalid-format": "a value does not have the required form (identifier, email, country)",
    "invalid-date": "a date is not written YYYY-MM-DD or does not exist",
    "empty-value": "a value is empty",
    "too-long": "a text is longer than allowed",
    "too-few": "a list has fewer entries than required",
    "out-of-range": "a number is below its minimum",
    "duplicate-item": "a list names the same entry twice",
    "schema": "any other schema error",
    "too-many-problems": "so many schema errors that only the first are shown",
    # rules
    "id-mismatch": "the charter id differs from its file name",
    "duplicate-id": "two parties, benchmarks, commitments, actions or concerns share an id",
    "duplicate-email": "one email is listed for two representatives",
    "unknown-reference": "a reference names something the charter does not define (in the record: the terms in force on the entry's date)",
    "missing-rationale": "a benchmark leaves a party out without a rationale",
    "out-of-order": "escalation levels, response steps or a concern's escalations do not run 1, 2, 3…, or its escalation dates go back",
    "ends-before-effective": "the end date comes before the effective date",
    "owner-not-bound": "a benchmark names an owner for a party it does not bind",
    "duplicate-result": "a review gives one benchmark (or one party under it) or one commitment two results",
    "log-out-of-order": "the review log is not oldest first",
    "id-reused": "the id was published for another charter, whose addresses it keeps",
    "several-targets": "an action answers more than one of a benchmark, a commitment and a concern",
    "date-order": "something closes, is acknowledged, resolved or escalated before it was opened or raised, or is dated after today",
    # health (warnings)
    "benchmark-inflation": "more than seven benchmarks (warning)",
    "party-without-commitments": "a party commits to nothing (warning)",
    "no-voice-channel": "no channel to raise a concern (warning)",
    "review-overdue": "the next review date has passed (warning)",
    "unenforced-benchmark": "a benchmark has no result in the last two logged reviews (warning)",
    "asymmetric-benchmark": "a benchmark binds only one party, even when justified (warning)",
    "action-overdue": "an action is past its due date and not closed (warning)",
    "response-not-recorded": "a missed benchmark or commitment has no response and no action opened for it since (warning)",
    "escalation-overdue": "an open concern stayed at its escalation level longer than that level's days (warning)",
    "commitment-overdue": "a commitment is past its due date and no review records it met (warning)",
    "record-rewritten": "a pull request edits a record entry already on the main line beyond growing it, or removes one; the history and the charter page show it (warning)",
    # Ledgers of positions (validate/ledger.py; their schema errors use the rules above)
    "not-a-list": "a ledger of positions holds no list",
    "unknown-charter": "a ledger of positions is named after no charter (a warning for an id: a renamed charter keeps its ledger)",
    "unknown-version": "a ledger line names a version its charter has not reached",
    "not-a-representative": "a ledger line on the current version is by no representative's email, so it counts for nothing (warning)",
    "objection-without-reason": "a ledger line objects without a reason (warning)",
}
