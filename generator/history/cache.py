"""A cache of parsed revisions, keyed by content: a charter revision is loaded and validated
once, ever, across builds. And logs as last read from git (LogCache).

A parsed revision is keyed by its git blob id and the file's path (the path takes part in
validation: the id must match the file name). The whole cache belongs to one build of the
tool: its folder is named after a fingerprint of the tool's code, schema and libraries
(generator/caching.py), so any change to the rules starts a fresh cache. Entries are
checked as they are read: a kept charter must pass the schema and the rules, commit and
blob ids must be ids, dates dates, so that whatever a cache file holds cannot crash the
build or lead git to other objects. What a sound entry says is believed: the caches are
the tool's own work, and only trusted jobs should write them (see README).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.caching import CacheFolder, EntryRefused, tool_fingerprint
from generator.history.git import OBJECT_ID
from generator.history.log import LoggedCommit, SignatureCheck, is_git_date, read_log
from generator.history.mainline import MainLine
from generator.load import Document
from generator.problems import Problem, has_errors
from generator.schema import is_valid_charter
from generator.validate.rules import rule_problems

_CHANGE_KINDS = frozenset("AMDRTC")
_DIGEST = re.compile(r"sha256:[0-9a-f]{64}")


def _shard_name(lineage: str) -> str:
    return hashlib.sha256(lineage.encode()).hexdigest()[:24]


def check_object_id(value: str | None, what: str) -> None:
    if value is not None and not OBJECT_ID.fullmatch(value):
        raise EntryRefused(f"{what} {value[:80]!r} is not a git object id")


@dataclass(frozen=True)
class ParsedRevision:
    blob: str
    path: str
    data: dict[str, Any] | None  # the charter when valid
    error: Problem | None  # else its first error
    digest: str | None  # of the valid charter's terms (history/terms.py)


def _check_shard(revisions: tuple[ParsedRevision, ...]) -> None:
    for revision in revisions:
        check_object_id(revision.blob, "blob")
        if (revision.data is None) == (revision.error is None):
            raise EntryRefused(f"revision {revision.blob} is neither a charter nor an error")
        if (revision.data is None) != (revision.digest is None):
            raise EntryRefused(f"revision {revision.blob} has a terms digest without a charter, or none with one")
        if revision.digest is not None and not _DIGEST.fullmatch(revision.digest):
            raise EntryRefused(f"revision {revision.blob}'s terms digest is not a digest")
        if revision.data is not None and not _valid(revision):
            raise EntryRefused(f"revision {revision.blob} does not hold a valid charter")


def _valid(revision: ParsedRevision) -> bool:
    """The schema and the rules a schema cannot say: what the rest of the build relies on."""
    if not is_valid_charter(revision.data):
        return False
    return not has_errors(rule_problems(Document(revision.path, revision.data, {}, {})))


class ParseCache:
    """One entry per charter (named after its latest path), so that a build which needs
    one charter's revisions does not read them all."""

    def __init__(self, store: CacheFolder) -> None:
        self.store = store
        self.folder = f"revisions-{tool_fingerprint()[:16]}"
        self.shards: dict[str, dict[tuple[str, str], ParsedRevision]] = {}
        self.changed: set[str] = set()
        self.cleared = False  # the folders of other tool builds are removed, once, on the first write

    def _entry(self, lineage: str) -> str:
        return f"{self.folder}/{_shard_name(lineage)}"

    def entries(self, lineage: str) -> dict[tuple[str, str], ParsedRevision]:
        """The parsed revisions of the charter whose latest path is ``lineage``, by (blob, path)."""
        if lineage not in self.shards:
            kept = self.store.read(self._entry(lineage), tuple[ParsedRevision, ...], lineage, _check_shard)
            self.shards[lineage] = {(revision.blob, revision.path): revision for revision in kept or ()}
        return self.shards[lineage]

    def get(self, lineage: str, path: str, blob: str) -> tuple[Document | None, Problem | None, str | None] | None:
        """The charter at (path, blob), or its first error, and its terms digest."""
        found = self.entries(lineage).get((blob, path))
        if found is None:
            return None
        # Positions are not kept: only the working tree's charters need them, and those are
        # always read afresh.
        return (Document(path, found.data, {}, {}) if found.data is not None else None), found.error, found.digest

    def put(
        self, lineage: str, path: str, blob: str, document: Document | None, error: Problem | None, digest: str | None
    ) -> None:
        self.entries(lineage)[(blob, path)] = ParsedRevision(
            blob, path, document.data if document is not None else None, error, digest
        )
        self.changed.add(lineage)

    def flush(self, lineages: set[str]) -> None:
        """Write what changed of ``lineages`` and let go of them: a long history's revisions
        are not all held until the end."""
        for lineage in sorted(lineages & self.changed):
            self._write(lineage)
        self.changed -= lineages
        for lineage in lineages:
            self.shards.pop(lineage, None)

    def _write(self, lineage: str) -> None:
        if not self.cleared:
            for stale in self.store.listing():
                if stale.startswith("revisions-") and stale != self.folder:
                    self.store.remove(stale)
            self.cleared = True
        self.store.write(self._entry(lineage), lineage, tuple(self.shards[lineage].values()))

    def save(self) -> None:
        for lineage in sorted(self.changed):
            self._write(lineage)
        self.changed.clear()

    def keep_only(self, lineages: set[str]) -> None:
        """Forget charters no longer in the repository (or renamed: their entry is named
        after the latest path)."""
        wanted = {_shard_name(lineage) for lineage in lineages}
        for shard in self.store.listing(self.folder):
            if shard not in wanted:
                self.store.remove(f"{self.folder}/{shard}")


def _check_log(kept: tuple[str, tuple[LoggedCommit, ...]]) -> None:
    tip, logged = kept
    check_object_id(tip, "tip")
    for item in logged:
        check_object_id(item.commit.id, "commit")
        if not is_git_date(item.commit.date):
            raise EntryRefused(f"commit {item.commit.id} has a date git would not give ({item.commit.date[:40]!r})")
        for parent in item.commit.parents:
            check_object_id(parent, "parent")
        for change in item.changes:
            check_object_id(change.blob, "blob")
            if change.status not in _CHANGE_KINDS or "\0" in change.path:
                raise EntryRefused(f"commit {item.commit.id} has a change git cannot report")


class LogCache:
    """A log of commits as last read (the main line's changes to the charters, the positions,
    the ledgers' changes), and the main-line commit it was read up to: the next read asks
    git only for what came after it (read_log_kept). ``name`` tells the logs apart.

    Not for repositories that check signatures: a signature's verdict can change with keys,
    revocations and settings outside the repository, so those read every log whole."""

    def __init__(self, store: CacheFolder, name: str) -> None:
        self.store = store
        self.folder = f"logs-{tool_fingerprint()[:16]}"
        self.entry = f"{self.folder}/{_shard_name(name)}"
        self.key = name

    def read(self) -> tuple[str, list[LoggedCommit]] | None:
        """(the tip, the LoggedCommits up to it, oldest first), if kept under this name."""
        kept = self.store.read(self.entry, tuple[str, tuple[LoggedCommit, ...]], self.key, _check_log)
        return (kept[0], list(kept[1])) if kept is not None else None

    def save(self, tip: str, logged: list[LoggedCommit]) -> None:
        for stale in self.store.listing():
            if stale.startswith(("logs-", "main-line-")) and stale != self.folder:
                self.store.remove(stale)
        self.store.write(self.entry, self.key, (tip, tuple(logged)))


def read_log_kept(
    logs: CacheFolder | None,
    name: str,
    main_line: MainLine,
    root: Path,
    paths: str | tuple[str, ...],
    *,
    first_parent: bool,
    signatures: SignatureCheck | None,
    grep: str | None = None,
) -> list[LoggedCommit]:
    """``read_log`` up to the tip of ``main_line``. With ``logs``, the log is kept there under
    ``name`` (LogCache), and git reads only the commits after the tip kept, when that tip is
    still on the main line: everything reachable from the new tip and not from the old one
    is new, branches merged since included."""
    tip = main_line.chain[-1]

    def log(since: str | None = None) -> list[LoggedCommit]:
        return read_log(root, tip, paths, first_parent=first_parent, signatures=signatures, since=since, grep=grep)

    if logs is None:
        return log()
    cache = LogCache(logs, name)
    kept = cache.read()
    if kept is not None and _on_main_line(kept[0], main_line):
        logged = kept[1] + (log(since=kept[0]) if kept[0] != tip else [])
    else:  # nothing kept, or history rewritten since (an amend, a force-push)
        logged = log()
    if kept is None or kept[0] != tip:
        cache.save(tip, logged)
    return logged


def _on_main_line(commit: str, main_line: MainLine) -> bool:
    step = main_line.arrival.get(commit)
    return step is not None and main_line.chain[step] == commit
