"""Which blob a file holds at a commit, answered from logs already read rather than by
asking git for ``<commit>:<path>`` one file at a time.

Git resolves each such name by reading the commit's tree and every folder on the way: in a
repository of thousands of charters that is a folder of thousands of entries per name, and
positions and ledgers ask for tens of thousands of names. The logs the build reads anyway
say the same: a commit that changed a file gives the blob it left, and on the main line a
file holds what its last main-line change left. Only what neither says is asked of git.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from pathlib import Path

from generator.history.git import read_file_ids
from generator.history.log import LoggedCommit
from generator.history.mainline import MainLine


class FileStates:
    """What the logs read say of the files in the folders they were read for: ``others``,
    logged commits, each with the changes it made; with ``main_line``, ``first_parent`` is
    every change the whole main line made to those folders (a first-parent log, merges
    against their first parent), so that a main-line commit's files are known too."""

    def __init__(
        self,
        others: Iterable[LoggedCommit],
        main_line: MainLine | None = None,
        first_parent: Iterable[LoggedCommit] = (),
    ) -> None:
        self.main_line = main_line
        self.left: dict[tuple[str, str], str | None] = {}  # (commit, path) → the blob it left there; None: removed
        self.steps: dict[str, list[int]] = {}  # path → the main-line steps that changed it, in order
        self.blobs: dict[str, list[str | None]] = {}  # path → the blob each of those steps left
        for logged in first_parent if main_line is not None else ():
            step = main_line.arrival[logged.commit.id]
            for path, blob in self._record(logged):
                self.steps.setdefault(path, []).append(step)
                self.blobs.setdefault(path, []).append(blob)
        for logged in others:
            list(self._record(logged))

    def _record(self, logged: LoggedCommit) -> Iterable[tuple[str, str | None]]:
        for change in logged.changes:
            if change.old_path is not None and change.old_path != change.path:
                self.left[(logged.commit.id, change.old_path)] = None
                yield change.old_path, None
            self.left[(logged.commit.id, change.path)] = change.blob
            yield change.path, change.blob

    def _on_main_line(self, commit: str, path: str) -> str | None:
        assert self.main_line is not None
        step = self.main_line.arrival[commit]
        index = bisect.bisect_right(self.steps.get(path, []), step) - 1
        return self.blobs[path][index] if index >= 0 else None

    def blob_ids(self, root: Path, wanted: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """The blob id of each (commit id, path) that is a file, like git.read_file_ids."""
        found: dict[tuple[str, str], str | None] = {}
        asked = []
        chain, arrival = (self.main_line.chain, self.main_line.arrival) if self.main_line else ((), {})
        for commit, path in wanted:
            if (commit, path) in self.left:
                found[(commit, path)] = self.left[(commit, path)]
            elif commit in arrival and chain[arrival[commit]] == commit:
                found[(commit, path)] = self._on_main_line(commit, path)
            else:
                asked.append((commit, path))
        found.update(read_file_ids(root, asked))
        return {pair: blob for pair, blob in found.items() if blob is not None}
