"""Who speaks for whom, and how sure a commit makes us that they said it: the evidence.

- **signed**: the commit verifies with a key trusted for the person (history/keys.py), or
  the platform signed it for an edit the person made in its web interface;
- **authored**: the commit's author is the person, unsigned;
- **recorded**: someone else typed it ("recorded by …").

Author fields are typed text too; they rank above "recorded" only because the charter may
say it accepts them (``ratification.evidence``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum
from typing import Any


class Evidence(IntEnum):
    RECORDED = 1
    AUTHORED = 2
    SIGNED = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def named(cls, name: str) -> Evidence:
        return cls[name.upper()]


# The addresses GitHub and GitLab give an account that keeps its email private: the handle
# is the part after the account number.
_GITHUB_NOREPLY = re.compile(r"(?:[0-9]+\+)?(?P<handle>[A-Za-z0-9-]+)@users\.noreply\.github\.com")
_GITLAB_NOREPLY = re.compile(r"[0-9]+-(?P<handle>[A-Za-z0-9_.-]+)@users\.noreply\.[a-z0-9.-]+")


@dataclass(frozen=True)
class Representative:
    name: str
    email: str  # case-folded
    party: str
    github: str | None
    gitlab: str | None

    def is_account(self, author_email: str) -> bool:
        """Whether a commit authored as ``author_email`` is this person's: their email, or
        the private address of their GitHub or GitLab handle."""
        address = author_email.casefold()
        if address == self.email:
            return True
        github, gitlab = _GITHUB_NOREPLY.fullmatch(address), _GITLAB_NOREPLY.fullmatch(address)
        return bool(
            (github and self.github and github["handle"] == self.github.casefold())
            or (gitlab and self.gitlab and gitlab["handle"] == self.gitlab.casefold())
        )


@dataclass(frozen=True)
class Roster:
    """A version's representatives, by case-folded email."""

    people: dict[str, Representative]
    parties: frozenset[str]

    def party_of(self, email: str) -> str | None:
        person = self.people.get(email.casefold())
        return person.party if person else None

    def is_account(self, email: str, author_email: str) -> bool:
        person = self.people.get(email.casefold())
        return person is not None and person.is_account(author_email)


def roster(charter: dict[str, Any]) -> Roster:
    people = {
        person["email"].casefold(): Representative(
            person["name"], person["email"].casefold(), party["id"], person.get("github"), person.get("gitlab")
        )
        for party in charter["parties"]
        for person in party["representatives"]
    }
    return Roster(people, frozenset(party["id"] for party in charter["parties"]))


@dataclass(frozen=True)
class Proof:
    """What a commit shows about who made it."""

    author_name: str
    author_email: str
    key: str  # the fingerprint of the key git verified the signature with, "" when none
    platform_signed: bool  # the platform signed it: an edit in its web interface
    arrival: int  # the main-line index of the commit that brought it in
    squashed: bool = False  # a squash merge: what it says was typed by whoever merged

    def evidence(self, email: str, roster: Roster, key_counts) -> Evidence:
        """How sure this commit makes us that the representative ``email`` took the
        position it carries; ``key_counts(email, key, arrival)`` tells trusted keys."""
        if self.squashed:
            return Evidence.RECORDED
        own = roster.is_account(email, self.author_email)
        if (self.platform_signed and own) or (self.key and key_counts(email.casefold(), self.key, self.arrival)):
            return Evidence.SIGNED
        return Evidence.AUTHORED if own else Evidence.RECORDED
