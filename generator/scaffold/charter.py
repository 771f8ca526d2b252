"""`charters new`: a first charter that already validates, for partners to edit.

Values are written as JSON strings, which YAML reads back exactly, so a name with a colon or
a quote cannot change the file's meaning.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

FIRST_REVIEW_AFTER = dt.timedelta(days=91)


@dataclass(frozen=True)
class Representative:
    name: str
    email: str


@dataclass(frozen=True)
class NewParty:
    id: str
    name: str
    representatives: tuple[Representative, ...]


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def new_charter(charter_id: str, title: str, parties: list[NewParty], today: dt.date) -> str:
    lines = [
        "# yaml-language-server: $schema=../schema/charter.schema.json",
        "# A starting point: replace the example benchmark, commitments and rituals with yours.",
        "format: 1",
        f"id: {charter_id}",
        f"title: {_quoted(title)}",
        "status: draft",
        "version: 1",
        f"effective: {today.isoformat()}",
        "purpose: >-",
        "  Why the partnership exists, in a paragraph. Markdown is allowed here.",
        "parties:",
    ]
    for party in parties:
        lines += [f"  - id: {party.id}", f"    name: {_quoted(party.name)}", "    representatives:"]
        lines += [
            f"      - {{name: {_quoted(person.name)}, email: {_quoted(person.email)}}}"
            for person in party.representatives
        ]
    lines += [
        "benchmarks:",
        "  - id: bad-news-48h",
        "    title: Bad news within 48 hours",
        "    principle: transparency",
        "    behavior: Each party tells the others in writing of any delay, defect or breach it learns of.",
        "    indicator: Hours from discovery to written notice, from a shared incident log.",
        "    target: Every notice within 48 hours.",
        "    threshold: {value: 48, unit: hours, direction: max}",
        "    cadence: monthly",
        "commitments:",
    ]
    lines += [
        f"  - {{id: {party.id}-incident-log, party: {party.id}, text: Records every incident it learns of in the shared log., benchmarks: [bad-news-48h]}}"
        for party in parties
    ]
    first_contact = parties[0].representatives[0].email
    lines += [
        f"reviews: {{cadence: quarterly, next: {(today + FIRST_REVIEW_AFTER).isoformat()}}}",
        "escalation:",
        "  - {level: 1, who: The partnership leads of every party, within_days: 10}",
        "responses:",
        "  - {step: 1, trigger: A benchmark missed for the first time, response: Written notice and a date to put it right.}",
        "  - {step: 2, trigger: The same benchmark missed again, response: A remediation plan within 30 days.}",
        "  - {step: 3, trigger: Serious or wilful breach, response: Any party may end the partnership with 90 days' notice.}",
        f"voice: {{channel: {_quoted(first_contact)}, anonymous: false}}",
    ]
    return "\n".join(lines) + "\n"
