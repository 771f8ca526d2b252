"""The main line and the order in which everything reached it.

Positions are ordered by the main line (first parents), then by the order of a merged
branch's commits; a commit's day (and moment) of record is the UTC committer date (and
time) of the main-line commit that brought it in. One ``git log`` over commit ids, parents
and times: nothing in it can be chosen by whoever wrote a commit.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

from generator.history.git import OBJECT_ID, GitError, run


@dataclass(frozen=True)
class MainLine:
    chain: tuple[str, ...]  # the main-line commits, oldest first
    arrival: dict[str, int]  # every reachable commit → the index in ``chain`` of the commit that brought it in
    order: dict[str, int]  # every reachable commit → its place in a topological order, parents first
    times: tuple[str, ...]  # UTC committer time of each main-line commit: 2026-02-10T09:30:00Z

    def key(self, commit: str) -> tuple[int, int]:
        """Where ``commit`` stands in the order positions are read in."""
        return self.arrival[commit], self.order[commit]

    def time(self, commit: str) -> str:
        """The moment of record of what ``commit`` brought: when it reached the main line."""
        return self.times[self.arrival[commit]]

    def day(self, commit: str) -> str:
        """The day of record of what ``commit`` brought."""
        return self.time(commit)[:10]

    def day_at(self, step: int) -> str:
        """The day of the main-line commit at index ``step`` of ``chain``."""
        return self.times[step][:10]

    def brought_in(self) -> dict[str, list[str]]:
        """For each main-line merge, the other commits that reached the main line with it."""
        brought: dict[str, list[str]] = {}
        for commit, index in sorted(self.arrival.items(), key=lambda item: self.order[item[0]]):
            if self.chain[index] != commit:
                brought.setdefault(self.chain[index], []).append(commit)
        return brought


def read_main_line(root: Path, ref: str) -> MainLine:
    lines = run(root, ["log", "--topo-order", "--reverse", "--format=%H %ct %P", ref]).decode("ascii").splitlines()
    parents: dict[str, list[str]] = {}
    seconds: dict[str, int] = {}
    order: dict[str, int] = {}
    for position, line in enumerate(lines):
        commit, timestamp, *commit_parents = line.split()
        # The ids every log of this history holds again: one string each.
        commit, commit_parents = sys.intern(commit), [sys.intern(parent) for parent in commit_parents]
        if not OBJECT_ID.fullmatch(commit) or not timestamp.lstrip("-").isdigit():
            raise GitError(f"`git log` gave a line that is not a commit: {line[:80]!r}")
        parents[commit], seconds[commit], order[commit] = commit_parents, int(timestamp), position
    if not lines:
        return MainLine((), {}, {}, ())
    chain = [lines[-1].split()[0]]  # --reverse ends with the commit ``ref`` names
    while parents[chain[-1]]:
        chain.append(parents[chain[-1]][0])
    chain.reverse()
    # Walk the main line oldest first: whatever a merge's other parents reach that no
    # earlier main-line commit reached came in with that merge. Each commit is visited once.
    arrival: dict[str, int] = {}
    for index, main_commit in enumerate(chain):
        stack = [main_commit]
        while stack:
            candidate = stack.pop()
            if candidate not in arrival:
                arrival[candidate] = index
                stack.extend(parents[candidate][1:] if candidate == main_commit else parents[candidate])
    times = tuple(
        dt.datetime.fromtimestamp(seconds[commit], tz=dt.UTC).isoformat().replace("+00:00", "Z") for commit in chain
    )
    return MainLine(tuple(chain), arrival, order, times)


def with_merge(main_line: MainLine, root: Path, base: str, head: str, day: str) -> MainLine:
    """``main_line`` (up to ``base``) as it would be once ``head`` is merged on ``day``
    (at its start: the hour is not known): one more main-line step that brings in every
    commit from the fork point to ``head``."""
    lines = run(root, ["log", "--topo-order", "--reverse", "--format=%H", f"{base}..{head}"]).decode("ascii").split()
    index = len(main_line.chain)
    start = len(main_line.order)
    arrival = {**main_line.arrival, **dict.fromkeys(lines, index)}
    order = {**main_line.order, **{commit: start + place for place, commit in enumerate(lines)}}
    return MainLine((*main_line.chain, head), arrival, order, (*main_line.times, f"{day}T00:00:00Z"))
