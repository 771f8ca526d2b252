"""Ledger lines (``approvals/<charter-id>.yaml``), each with the commit that added it.

A line is a position of the commit whose tree first holds it more often than any earlier
state of that ledger did, commits taken parents first. So a line counts once: deleting and
restoring a ledger, breaking and mending it, or moving it with ``git mv`` adds no position
and re-dates none, while writing a line again (to approve anew after objecting) adds one.
A line counts when its version, position and by are well-formed (schema.ledger_line_counts).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from generator.caching import CacheFolder
from generator.history.cache import read_log_kept
from generator.history.file_states import FileStates
from generator.history.git import read_blobs
from generator.history.log import Commit, LoggedCommit, SignatureCheck, read_log
from generator.history.mainline import MainLine
from generator.load import load_ledger
from generator.schema import ledger_line_counts
from generator.sources import LEDGER_FOLDER, ledger_charter_id

Entry = tuple[int, bool, str, str]  # (version, approves, by, reason)


def _entries(path: str, source: bytes, verdicts: dict[str, bool]) -> tuple[Entry, ...] | None:
    """The lines that count, in the file's order (a line written twice is two positions);
    None for a file that does not load, whose lines say nothing until it is mended.
    ``verdicts``: whether each line counts, by its text, kept across files: a ledger's
    states share most lines."""
    loaded = load_ledger(path, source)
    if loaded.document is None:
        return None
    entries = []
    for line in loaded.document.data:
        written = repr(line)
        if written not in verdicts:
            verdicts[written] = ledger_line_counts(line)
        if verdicts[written]:
            reason = line.get("reason")
            entries.append(
                (line["version"], line["position"] == "approve", line["by"], reason if isinstance(reason, str) else "")
            )
    return tuple(entries)


class _States:
    """Each ledger as it stood at a commit, read once per distinct content."""

    def __init__(self, files: dict[tuple[str, str], bytes]) -> None:
        self.files = files
        self.parsed: dict[bytes, tuple[Entry, ...] | None] = {}
        self.verdicts: dict[str, bool] = {}

    def at(self, commit: str, path: str) -> tuple[Entry, ...] | None:
        source = self.files.get((commit, path))
        if source is None:
            return None
        if source not in self.parsed:
            self.parsed[source] = _entries(path, source, self.verdicts)
        return self.parsed[source]


def ledger_positions(
    root: Path,
    ref: str,
    signatures: SignatureCheck | None,
    order: dict[str, int],
    main_line: MainLine | None = None,
    logs: CacheFolder | None = None,
) -> list[tuple[Commit, str, Entry]]:
    """(commit, charter id, line) for each position written in a ledger. ``order``: every
    reachable commit's place in a topological order, parents first (MainLine.order);
    ``main_line``: the main line ``ref`` ends, when ``ref`` is one commit, not a range;
    ``logs``: where its logs are kept for the next read, with ``main_line`` (LogCache)."""

    def log(first_parent: bool) -> list[LoggedCommit]:
        if main_line is None:
            return read_log(root, ref, LEDGER_FOLDER, first_parent=first_parent, signatures=signatures)
        name = "ledgers' changes on the main line" if first_parent else "ledgers' changes"
        return read_log_kept(
            logs, name, main_line, root, LEDGER_FOLDER, first_parent=first_parent, signatures=signatures
        )

    touching = {logged.commit.id: logged for logged in log(first_parent=False)}
    # and the lines main-line merges added themselves, in resolving a conflict
    first_parent = log(first_parent=True) if touching else []
    for logged in first_parent:
        touching.setdefault(logged.commit.id, logged)
    wanted = set()
    for logged in touching.values():
        for change in logged.changes:
            for path in (change.path, change.old_path):
                if path is not None and ledger_charter_id(path) is not None:
                    wanted.update((commit, path) for commit in (logged.commit.id, *logged.commit.parents))
    ids = FileStates(touching.values(), main_line, first_parent).blob_ids(root, wanted)
    blobs = read_blobs(root, set(ids.values()))
    states = _States({pair: blobs[blob] for pair, blob in ids.items() if blob in blobs})
    highest: dict[str, Counter[Entry]] = {}  # every line each ledger ever held, as often as it held it
    found = []
    for logged in sorted(touching.values(), key=lambda logged: order.get(logged.commit.id, len(order))):
        commit = logged.commit
        for change in sorted(logged.changes, key=lambda change: change.path):
            charter = ledger_charter_id(change.path)
            if charter is None:
                continue
            before: Counter[Entry] = Counter()
            for path in filter(None, (change.old_path, change.path)):
                before |= highest.get(path, Counter())
                for parent in commit.parents:
                    before |= Counter(states.at(parent, path) or ())
            after = states.at(commit.id, change.path)
            if after is None:
                continue  # removed, or broken: it takes no position back
            # The lines past those held before are new, in the order they are written: of a
            # line written again, the later one.
            written: Counter[Entry] = Counter()
            for entry in after:
                written[entry] += 1
                if written[entry] > before[entry]:
                    found.append((commit, charter, entry))
            highest[change.path] = before | written
    return found
