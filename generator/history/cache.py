"""A cache of parsed revisions, keyed by content: a charter revision is loaded and validated
once, ever, across builds. And the main line as last read from git (LogCache).

The key is the git blob id and the file's path (the path takes part in validation: the id
must match the file name). The whole cache belongs to one build of the tool: a fingerprint
of its code, schema and libraries (generator/caching.py), so any change to the rules starts
a fresh cache. It is a pickle per charter in the repository's git-ignored .charters-cache/
folder, written only by this tool, and loads several times faster than JSON would.
"""

from __future__ import annotations

import hashlib
import pickle
import shutil
from pathlib import Path

from generator.caching import CACHE_FOLDER, tool_fingerprint
from generator.load import Document
from generator.problems import Problem
from generator.write import write_file

Parsed = tuple[dict | None, Problem | None]  # the charter data when valid, else its first error


def _shard_name(lineage: str) -> str:
    return hashlib.sha256(lineage.encode()).hexdigest()[:24] + ".pickle"


class ParseCache:
    """One pickle per charter (named after its latest path), so that a build which needs
    one charter's revisions does not load them all."""

    def __init__(self, root: Path) -> None:
        self.folder = root / CACHE_FOLDER / f"revisions-{tool_fingerprint()[:16]}"
        self.shards: dict[str, dict[tuple[str, str], Parsed]] = {}
        self.changed: set[str] = set()

    def entries(self, lineage: str) -> dict[tuple[str, str], Parsed]:
        """The parsed revisions of the charter whose latest path is ``lineage``, by (blob, path)."""
        if lineage not in self.shards:
            try:
                # Whole bytes first: unpickling from a file object reads in small pieces, slowly.
                self.shards[lineage] = pickle.loads((self.folder / _shard_name(lineage)).read_bytes())
            except Exception:  # missing, torn or from another Python: parse afresh
                self.shards[lineage] = {}
        return self.shards[lineage]

    def get(self, lineage: str, path: str, blob: str) -> tuple[Document | None, Problem | None] | None:
        found = self.entries(lineage).get((blob, path))
        if found is None:
            return None
        data, error = found
        # Positions are not kept: only the working tree's charters need them, and those are
        # always read afresh.
        return (Document(path, data, {}, {}) if data is not None else None), error

    def put(self, lineage: str, path: str, blob: str, document: Document | None, error: Problem | None) -> None:
        self.entries(lineage)[(blob, path)] = (document.data if document is not None else None, error)
        self.changed.add(lineage)

    def save(self) -> None:
        if not self.changed:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        for stale in self.folder.parent.glob("revisions-*"):
            if stale != self.folder:
                if stale.is_dir():
                    shutil.rmtree(stale)
                else:
                    stale.unlink()
        for lineage in sorted(self.changed):
            content = pickle.dumps(self.shards[lineage], protocol=pickle.HIGHEST_PROTOCOL)
            write_file(self.folder / _shard_name(lineage), content)
        self.changed.clear()

    def keep_only(self, lineages: set[str]) -> None:
        """Forget charters no longer in the repository (or renamed: their file is named after
        the latest path)."""
        wanted = {_shard_name(lineage) for lineage in lineages}
        for shard in self.folder.glob("*.pickle") if self.folder.is_dir() else []:
            if shard.name not in wanted:
                shard.unlink()


class LogCache:
    """The main line's commits that changed the charters, as last read, and the commit the
    main line then ended at: the next read asks git only for what came after it.

    Not for repositories that check signatures: a signature's verdict can change with keys,
    revocations and settings outside the repository, so those read the whole main line."""

    def __init__(self, root: Path, folder: str) -> None:
        self.file = root / CACHE_FOLDER / f"main-line-{tool_fingerprint()[:16]}.pickle"
        self.key = folder

    def read(self) -> tuple[str, list] | None:
        """(the tip, its main line's LoggedCommits, oldest first), if kept for this folder."""
        try:
            key, tip, logged = pickle.loads(self.file.read_bytes())
        except Exception:  # missing, torn or from another Python: read git afresh
            return None
        return (tip, logged) if key == self.key else None

    def save(self, tip: str, logged: list) -> None:
        for stale in self.file.parent.glob("main-line-*.pickle"):
            if stale != self.file:
                stale.unlink()
        write_file(self.file, pickle.dumps((self.key, tip, logged), protocol=pickle.HIGHEST_PROTOCOL))
