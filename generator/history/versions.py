"""Versions: revisions grouped by ``version:``, and the version rules.

A version's terms (history/terms.py) never change once it is on the main line; ``version``
rises by exactly one whenever the terms change, and only then. Drafts are the exception:
until a version of a draft charter is ratified, its terms may change under one number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.history.revisions import Revision
from generator.history.terms import terms


@dataclass(frozen=True)
class Version:
    number: int
    revisions: tuple[Revision, ...]  # valid revisions carrying this version, oldest first

    @property
    def published(self) -> Revision:
        return self.revisions[0]

    @property
    def latest(self) -> Revision:
        return self.revisions[-1]


@dataclass(frozen=True)
class VersionRuleBreak:
    """A change that broke a version rule; ``rule`` is a problem rule id."""

    rule: str
    message: str
    hint: str


@dataclass(frozen=True)
class Published:
    """The terms a version was first published with, and where."""

    commit: str
    terms: dict[str, Any]


def group_versions(revisions: list[Revision]) -> list[Version]:
    """The versions of one charter, in the order they were first published."""
    grouped: dict[int, list[Revision]] = {}
    for revision in revisions:
        if revision.valid:
            grouped.setdefault(revision.document.data["version"], []).append(revision)
    return [Version(number, tuple(carrying)) for number, carrying in grouped.items()]


def check_version(
    previous: dict[str, Any], published: dict[int, Published], current: dict[str, Any]
) -> VersionRuleBreak | None:
    """Whether going from charter ``previous`` to ``current`` keeps the version rules,
    given the versions already ``published`` on the main line."""
    before, number = previous["version"], current["version"]
    current_terms = terms(current)
    changed = current_terms != terms(previous)
    first = published.get(number)
    if changed and number == before:
        return VersionRuleBreak(
            "version-not-raised",
            f"the terms changed but version stayed at {number}",
            f"set `version: {max(published, default=before) + 1}`: it rises by exactly one when the terms change",
        )
    if changed and first is not None and first.terms != current_terms:
        return VersionRuleBreak(
            "published-version-changed",
            f"version {number} was published in {first.commit[:10]} with other terms; published terms never change",
            f"set `version: {max(published) + 1}` for the new terms",
        )
    if changed and number != before + 1:
        return VersionRuleBreak(
            "version-not-raised",
            f"the terms changed but version went from {before} to {number}",
            f"set `version: {before + 1}`: it rises by exactly one when the terms change",
        )
    if not changed and number != before:
        return VersionRuleBreak(
            "version-without-terms",
            f"version went from {before} to {number} but the terms did not change",
            f"keep `version: {before}`: reviews, status and tags are the record, not the terms",
        )
    return None


def _publish(published: dict[int, Published], revision: Revision) -> None:
    data = revision.document.data
    published.setdefault(data["version"], Published(revision.commit.id, terms(data)))


def published_versions(revisions: list[Revision]) -> dict[int, Published]:
    """Each version's first terms on the main line."""
    published: dict[int, Published] = {}
    for revision in revisions:
        if revision.valid:
            _publish(published, revision)
    return published


def published_terms(revisions: list[Revision]) -> dict[int, dict[str, Any]]:
    """The terms each version was first published with on the main line, by number."""
    return {number: version.terms for number, version in published_versions(revisions).items()}


def is_drafting(previous: dict[str, Any], ratified_before: bool) -> bool:
    """Whether a change after ``previous`` is still drafting: the charter is a draft and
    none of its versions was ratified, so its terms may change under the same number."""
    return previous["status"] == "draft" and not ratified_before


def version_rule_breaks(
    revisions: list[Revision], ratified_before: Callable[[Revision], bool]
) -> list[tuple[Revision, VersionRuleBreak]]:
    """Each valid revision that changed terms without the right version, or the reverse.
    ``ratified_before(revision)``: whether a version was ratified before it reached the main line."""
    breaks = []
    published: dict[int, Published] = {}
    previous: dict[str, Any] | None = None  # pragma: no mutate ("" is as false as None)
    for revision in (revision for revision in revisions if revision.valid):
        if previous is not None and is_drafting(previous, ratified_before(revision)):
            # The draft's terms are what it holds now, whatever number they are under.
            published.pop(revision.document.data["version"], None)
        elif rule_break := previous and check_version(previous, published, revision.document.data):
            breaks.append((revision, rule_break))
        _publish(published, revision)
        previous = revision.document.data
    return breaks
