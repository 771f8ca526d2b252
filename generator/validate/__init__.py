"""Validate: schema, then rules the schema cannot say, then health warnings.

Health checks look only at charters free of errors: on a broken charter they would be
noise, and they may rely on the shape the schema guarantees.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from generator.load import Document
from generator.problems import Problem, has_errors
from generator.validate.health import health_problems
from generator.validate.record import (
    TermsOn,
    current_terms,
    dates_not_in_future,
    proposed_terms,
    record_references,
)
from generator.validate.rules import rule_problems
from generator.validate.schema_errors import schema_problems

__all__ = ["HistoryTerms", "TermsOn", "content_problems", "proposed_terms", "validate_document"]

HistoryTerms = Callable[[Document], TermsOn | None]
"""Reads, from history, which terms were in force when: the record's references resolve
against those. Asked only when a reference is not in the charter itself, since reading
history costs far more than the check; None when the charter has no history."""


def content_problems(document: Document) -> list[Problem]:
    """What the file alone decides, the same on any day: a past revision's verdict."""
    return schema_problems(document) + rule_problems(document)


def validate_document(document: Document, today: dt.date, history_terms: HistoryTerms | None = None) -> list[Problem]:
    problems = content_problems(document)
    if has_errors(problems):
        return problems
    references = record_references(document, current_terms(document))
    if references and history_terms is not None and (terms_on := history_terms(document)) is not None:
        references = record_references(document, terms_on)
    problems = references + list(dates_not_in_future(document, today))
    if has_errors(problems):
        return problems
    return health_problems(document, today)
