"""The site, as values: every page's content decided here, so templates only lay it out.

Built from the current charters (validated working tree) and their histories; no I/O.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass, field
from typing import Any

from generator.changes.diff import Change, semantic_changes
from generator.changes.drift import Loosening
from generator.changes.record import RECORD_SECTIONS
from generator.history.log import Commit
from generator.history.revisions import Revision, lineage_ids
from generator.history.versions import Version, VersionRuleBreak
from generator.load import Document
from generator.model.history import CharterHistory
from generator.model.in_force import terms_in_force
from generator.model.indicators import PartyRecord, Schedule, ShareMet, benchmark_share, party_records, review_schedule
from generator.model.organisations import Due, FormerOrg, charter_dues, former_orgs
from generator.model.record import RecordView, TermsByDay, record_view
from generator.model.record_drift import DRIFT_RULES, RecordDrift, record_drift
from generator.model.standing_view import PositionView
from generator.model.version_view import TermsView, VersionView, terms_view, version_view
from generator.problems import Problem


@dataclass(frozen=True)
class SiteConfig:
    site_name: str
    site_url: str  # with a trailing slash
    repo_url: str | None  # links to commits and pull requests when set
    language: str = "en"  # BCP 47: the language the site speaks (theme.language)

    def commit_url(self, commit: Commit) -> str | None:
        if not self.repo_url:
            return None
        separator = "/-/commit/" if "gitlab" in self.repo_url else "/commit/"
        return f"{self.repo_url.rstrip('/')}{separator}{commit.id}"

    def pull_request_url(self, commit: Commit) -> str | None:
        pull_request = commit.pull_request
        if not self.repo_url or pull_request is None:
            return None
        path = "/-/merge_requests/" if pull_request.marker == "!" else "/pull/"
        return f"{self.repo_url.rstrip('/')}{path}{pull_request.number}"


@dataclass(frozen=True)
class RevisionView:
    date: str
    timestamp: str  # ISO 8601 with time and offset, as git gives it
    author: str
    subject: str
    commit: str
    commit_url: str | None
    pull_request: str | None
    pull_request_url: str | None
    version: int | None
    error: Problem | None
    deleted: bool
    approvals: tuple[PositionView, ...]  # the Approved-by trailers that came with it, with their evidence
    changes: tuple[Change, ...]
    rule_break: VersionRuleBreak | None


@dataclass(frozen=True)
class DriftView:
    date: str
    pull_request: str | None
    pull_request_url: str | None
    version: int
    ratified: bool
    change: Change


@dataclass(frozen=True)
class RewriteView:
    """A change that rewrote the record already on the main line."""

    date: str
    commit: str
    commit_url: str | None
    pull_request: str | None
    pull_request_url: str | None
    change: Change


@dataclass(frozen=True)
class CharterView:
    id: str
    path: str
    data: dict[str, Any]
    purpose_html: str
    warnings: tuple[Problem, ...]
    overdue_days: int | None
    terms: TermsView
    review_dates: tuple[str, ...]
    results: dict[str, tuple[str | None, ...]]  # benchmark id → result per review date
    record: RecordView
    party_records: tuple[PartyRecord, ...]
    benchmark_shares: dict[str, ShareMet | None]
    schedule: Schedule | None
    dues: tuple[Due, ...]  # what each party owes by a date, soonest first
    versions: tuple[VersionView, ...]  # oldest first
    revisions: tuple[RevisionView, ...]  # newest first
    drift: tuple[DriftView, ...]
    record_drift: tuple[RecordDrift, ...]  # misses without a response, benchmarks no longer assessed
    rewrites: tuple[RewriteView, ...]  # newest first
    former_orgs: tuple[FormerOrg, ...]  # orgs its earlier revisions named, whose pages keep answering
    comparisons: dict[int, dict[int, tuple[Change, ...]]] = field(default_factory=dict)
    today: str = ""  # the day the site is built for
    withdrawn: str | None = None  # the date its file left the main line; its last terms are shown
    former_ids: tuple[str, ...] = ()  # ids it was published under before, whose addresses redirect here

    @property
    def version(self) -> int:
        return self.data["version"]

    @property
    def current_version(self) -> VersionView | None:
        return next((version for version in self.versions if version.number == self.version), None)

    def in_force_on(self, day: str) -> VersionView | None:
        return next((version for version in self.versions if version.in_force_on(day)), None)

    @property
    def in_force(self) -> VersionView | None:
        """The version in force today."""
        return self.in_force_on(self.today)

    @property
    def upcoming(self) -> tuple[VersionView, ...]:
        """Versions newer than the one in force that are not in force yet: pending,
        blocked, or ratified and waiting for their start date."""
        floor = self.in_force.number if self.in_force else 0
        return tuple(
            version
            for version in self.versions
            if version.number > floor and not (version.ratified and not version.in_force)
        )

    @property
    def health_warnings(self) -> tuple[Problem, ...]:
        """The warnings the page lists as health; those that are drift are listed as drift."""
        return tuple(warning for warning in self.warnings if warning.rule not in DRIFT_RULES)

    @property
    def parties(self) -> dict[str, str]:
        return self.terms.names

    @property
    def positions_given_apart(self) -> tuple[tuple[int, PositionView], ...]:
        """Approvals and objections given on their own (`Approves:`/`Objects:` commits and
        ledger lines), with the version each names, in the order they came."""
        found = [
            (version.number, position)
            for version in self.versions
            for position in (*(p for party in version.parties for p in party.positions), *version.others)
            if position.given != "change"
        ]
        return tuple(sorted(found, key=lambda item: item[1].date))

    @property
    def last_changed(self) -> str:
        """When the charter last changed on the main line (its effective date before), as an
        ISO date-time: what the site's files stamp themselves with, never the clock."""
        day = self.revisions[0].date if self.revisions else self.data["effective"]
        return f"{day}T00:00:00+00:00"

    @property
    def tags(self) -> list[str]:
        return self.data.get("tags", [])

    @property
    def principles(self) -> list[str]:
        return sorted({benchmark["principle"] for benchmark in self.data["benchmarks"]})


def page_url(path: str) -> str:
    """The address MkDocs gives a docs path: ``charters/x/history.md`` → ``charters/x/history/``."""
    if path.endswith("index.md"):
        return path[: -len("index.md")]
    return path[: -len(".md")] + "/" if path.endswith(".md") else path


def relative_url(from_page: str, to: str) -> str:
    """A link from the page at address ``from_page`` (``charters/x/``, or ``""`` for the
    home page) to the site-relative address ``to``.

    Links are relative so that the site works wherever it is served, and are written into
    HTML that MkDocs does not rewrite.
    """
    target = posixpath.relpath(to.rstrip("/") or ".", from_page.rstrip("/") or ".")
    return target + "/" if to.endswith("/") or not to else target


def terms_changes(old: dict[str, Any], new: dict[str, Any]) -> tuple[Change, ...]:
    """The changes between two versions' terms: not the record, nor the review dates, nor the number."""
    return tuple(
        change
        for change in semantic_changes(old, new)
        if change.section not in (*RECORD_SECTIONS, "reviews") and change.field != "version"
    )


def _revision_view(revision: Revision, history: CharterHistory, config: SiteConfig, versions: dict) -> RevisionView:
    carriers = {record.commit.id for record in revision.approvals}
    approvals: tuple[PositionView, ...] = ()
    if revision.valid and (shown := versions.get(revision.document.data["version"])) is not None:
        everyone = [*(position for party in shown.parties for position in party.positions), *shown.others]
        approvals = tuple(
            position for position in everyone if position.given == "change" and position.commit in carriers
        )
    pull_request = revision.commit.pull_request
    return RevisionView(
        revision.commit.date[:10],
        revision.commit.date,
        revision.commit.author_name,
        revision.commit.subject,
        revision.commit.id,
        config.commit_url(revision.commit),
        str(pull_request) if pull_request else None,
        config.pull_request_url(revision.commit),
        revision.document.data["version"] if revision.valid else None,
        revision.error,
        revision.deleted,
        approvals,
        tuple(history.changes.get(revision.commit.id, [])),
        next((rule_break for broken, rule_break in history.rule_breaks if broken is revision), None),
    )


def _drift_view(item: Loosening, config: SiteConfig) -> DriftView:
    pull_request = item.revision.commit.pull_request
    return DriftView(
        item.revision.commit.date[:10],
        str(pull_request) if pull_request else None,
        config.pull_request_url(item.revision.commit),
        item.version,
        item.ratified,
        item.change,
    )


def _rewrite_view(revision: Revision, change: Change, config: SiteConfig) -> RewriteView:
    pull_request = revision.commit.pull_request
    return RewriteView(
        revision.commit.date[:10],
        revision.commit.id,
        config.commit_url(revision.commit),
        str(pull_request) if pull_request else None,
        config.pull_request_url(revision.commit),
        change,
    )


def _comparisons(ordered: list[Version]) -> dict[int, dict[int, tuple[Change, ...]]]:
    """Semantic changes from every version to every later one, for the compare page (which
    puts a later "from" after the "to" itself) and for each version's "what changed"."""
    published = {version.number: version.published.document.data for version in ordered}
    return {
        old: {new: terms_changes(published[old], published[new]) for new in published if new > old} for old in published
    }


def _scheduled(history: CharterHistory | None, reviews: int) -> list[str | None]:
    """For each logged review, the `next` date set by the last revision before the one that
    logged it (None without a history, or for reviews logged with the charter itself)."""
    valid = [revision.document.data for revision in history.revisions if revision.valid] if history else []
    scheduled: list[str | None] = []
    for index in range(reviews):
        before = None
        for charter in valid:
            if len(charter["reviews"].get("log", [])) > index:
                break
            before = charter["reviews"]["next"]
        scheduled.append(before)
    return scheduled


def charter_view(
    document: Document,
    warnings: list[Problem],
    history: CharterHistory | None,
    config: SiteConfig,
    today: dt.date,
    purpose_html: str,
    withdrawn: str | None = None,
) -> CharterView:
    """The charter page's content. ``withdrawn``: the date a removed charter left the main
    line (``document`` is then its last valid revision)."""
    data = document.data
    log = data["reviews"].get("log", [])
    review_dates = tuple(review["date"] for review in log)
    results = {
        benchmark["id"]: tuple(
            next(
                (result["result"] for result in review.get("results", []) if result["benchmark"] == benchmark["id"]),
                None,
            )
            for review in log
        )
        for benchmark in data["benchmarks"]
    }
    days = TermsByDay(data, terms_in_force(history) if history else lambda _day: None)
    record = record_view(days, today)
    next_review = dt.date.fromisoformat(data["reviews"]["next"])
    in_effect = data["status"] != "ended" and withdrawn is None
    overdue = (today - next_review).days if next_review < today and in_effect else None
    versions: tuple[VersionView, ...] = ()
    revisions: tuple[RevisionView, ...] = ()
    drift: tuple[DriftView, ...] = ()
    comparisons: dict = {}
    if history:
        ordered = sorted(history.versions, key=lambda version: version.number)
        comparisons = _comparisons(ordered)
        versions = tuple(
            version_view(
                version,
                history.standings[version.number],
                previous,
                comparisons[previous.number][version.number] if previous else (),
                today.isoformat(),
            )
            for previous, version in zip([None, *ordered], ordered, strict=False)
        )
        by_number = {version.number: version for version in versions}
        revisions = tuple(
            _revision_view(revision, history, config, by_number) for revision in reversed(history.revisions)
        )
        drift = tuple(_drift_view(item, config) for item in history.loosenings)
    return CharterView(
        id=data["id"],
        path=document.path,
        data=data,
        purpose_html=purpose_html,
        warnings=tuple(warnings),
        overdue_days=overdue,
        terms=terms_view(data),
        review_dates=review_dates,
        results=results,
        record=record,
        party_records=party_records(data, days, record),
        benchmark_shares={
            benchmark.id: benchmark_share(data, record.review_anchors, benchmark.id) for benchmark in record.benchmarks
        },
        schedule=review_schedule(data, record.review_anchors, _scheduled(history, len(log))),
        dues=charter_dues(data, record, today),
        versions=versions,
        revisions=revisions,
        drift=drift,
        record_drift=record_drift(data, record.review_anchors),
        rewrites=tuple(_rewrite_view(revision, change, config) for revision, change in reversed(history.rewrites))
        if history
        else (),
        former_orgs=former_orgs(history.revisions, data) if history else (),
        comparisons=comparisons,
        today=today.isoformat(),
        withdrawn=withdrawn,
        former_ids=tuple(
            former
            for former in lineage_ids(revision.path for revision in history.revisions if revision.valid)
            if former != data["id"]
        )
        if history
        else (),
    )
