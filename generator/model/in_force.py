"""Which terms were in force on a given day: what the record's references resolve against."""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.history.revisions import Lineage
from generator.model.history import CharterHistory, charter_history
from generator.validate import TermsOn


def terms_in_force(history: CharterHistory) -> TermsOn:
    """The terms of the version in force on each day, from ``history``; None on a day no
    version was (before the first, or after the partnership ended)."""
    periods = [
        (standing, version.latest.document.data)
        for number, standing in sorted(history.standings.items())
        if standing.in_force and (version := history.version(number)) is not None
    ]

    def on(day: str) -> dict[str, Any] | None:
        return next((terms for standing, terms in periods if standing.in_force_on(day)), None)

    return on


def lineage_terms(lineage: Lineage, today: dt.date) -> TermsOn:
    """The terms in force on each day, by the versions of ``lineage``."""
    return terms_in_force(charter_history(lineage, today))
