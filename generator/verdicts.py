"""What `validate` found in each file, kept until anything it depends on changes.

A pull request changes a few of a repository's thousands of charters; a pre-commit hook or
CI job that checks them all should only do again what can have another outcome. A
file's problems depend on its path and bytes, the day (actions fall overdue), the site's
language (a translation's), the charter a ledger or translation names, and this tool's
code and libraries (the entry's folder is named after them, caching.py). A verdict that
asked history (a record entry older than the terms in force, a translation of an earlier
version) also depends on git and is never kept.

All verdicts are one entry, read once and written once per run: decoding it costs a few
milliseconds where one file per verdict costs a file system call each. Like every cache
here it holds data only, checked as it is read; see generator/caching.py for whom to trust
with writing it.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from generator.caching import CacheFolder, EntryRefused, tool_fingerprint
from generator.problems import Problem

_KEPT = tuple[tuple[str, str, tuple[Problem, ...]], ...]  # (path, key, problems)


def _check(kept: _KEPT) -> None:
    for path, _key, problems in kept:
        for problem in problems:
            # A problem is printed as standing in its file: it must be that file's.
            if problem.path != path:
                raise EntryRefused(f"a problem of {path[:80]!r} names another file")
            if problem.line < 1 or problem.column < 1:
                raise EntryRefused(f"a problem of {path[:80]!r} stands before the file's start")


class Verdicts:
    """The problems each file had when last checked, by a key of everything they depend on."""

    def __init__(self, store: CacheFolder, today: dt.date, site_language: str) -> None:
        self.store = store
        self.entry = f"verdicts-{tool_fingerprint()[:16]}"
        self.context = f"{today.isoformat()}\0{site_language}".encode()
        kept = store.read(self.entry, _KEPT, "verdicts", _check) or ()
        self.kept = {path: (key, problems) for path, key, problems in kept}
        self.found: dict[str, tuple[str, tuple[Problem, ...]]] = {}

    def key(self, path: str, source: bytes, depends_on: bytes | None = None) -> str:
        """``depends_on``: the bytes of the charter that a ledger or translation names."""
        digest = hashlib.sha256(self.context)
        for part in (path.encode(), source, b"-" if depends_on is None else b"+" + depends_on):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
        return digest.hexdigest()

    def get(self, path: str, key: str) -> tuple[Problem, ...] | None:
        kept = self.kept.get(path)
        if kept is None or kept[0] != key:
            return None
        self.found[path] = kept
        return kept[1]

    def put(self, path: str, key: str, problems: list[Problem]) -> None:
        self.found[path] = key, tuple(problems)

    def save(self, every_file: bool) -> None:
        """Keep this run's verdicts; ``every_file``: this run checked every file, so the
        verdicts of files it did not meet are of files that are gone."""
        verdicts = self.found if every_file else {**self.kept, **self.found}
        if verdicts == self.kept:
            return
        for stale in self.store.listing():
            if stale.startswith("verdicts-") and stale != self.entry:
                self.store.remove(stale)
        self.store.write(self.entry, "verdicts", tuple((path, *verdicts[path]) for path in sorted(verdicts)))
