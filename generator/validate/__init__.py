"""Validate: schema, then rules the schema cannot say, then health warnings.

Health checks look only at charters free of errors: on a broken charter they would be
noise, and they may rely on the shape the schema guarantees.
"""

from __future__ import annotations

import datetime as dt

from generator.load import Document
from generator.problems import Problem, has_errors
from generator.validate.health import health_problems
from generator.validate.rules import rule_problems
from generator.validate.schema_errors import schema_problems

__all__ = ["validate_document"]


def validate_document(document: Document, today: dt.date) -> list[Problem]:
    problems = schema_problems(document) + rule_problems(document)
    if has_errors(problems):
        return problems
    return health_problems(document, today)
