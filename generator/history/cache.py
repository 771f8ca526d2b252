"""A cache of parsed revisions, keyed by content: a charter revision is loaded and validated
once, ever, across builds. And the main line as last read from git (LogCache).

The key is the git blob id and the file's path (the path takes part in validation: the id
must match the file name). The whole cache belongs to one build of the tool: a fingerprint
of its code and schema, so any change to the rules starts a fresh cache. It is a pickle in
the repository's git-ignored .charters-cache/ folder, written only by this tool, and loads
several times faster than JSON would, one file per charter.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import shutil
from pathlib import Path

from generator import __version__
from generator.load import Document
from generator.problems import Problem
from generator.resources import resource

CACHE_FOLDER = ".charters-cache"
Parsed = tuple[dict | None, Problem | None]  # the charter data when valid, else its first error


@functools.cache
def tool_fingerprint() -> str:
    """What the parse of a revision depends on besides its bytes: this tool's code and schema."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent.parent
    for path in sorted([*package.rglob("*.py"), resource("schema") / "charter.schema.json"]):
        digest.update(path.read_bytes())
    return digest.hexdigest()


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
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
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
            target = self.folder / _shard_name(lineage)
            staged = target.with_suffix(".new")
            with open(staged, "wb") as stream:
                pickle.dump(self.shards[lineage], stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(staged, target)
        self.changed.clear()


class LogCache:
    """The main line's commits that changed the charters, as last read, and the commit the
    main line then ended at: the next read asks git only for what came after it."""

    def __init__(self, root: Path, folder: str, allowed_signers: Path | None) -> None:
        self.file = root / CACHE_FOLDER / f"main-line-{tool_fingerprint()[:16]}.pickle"
        # Signatures were checked against this file: another file means checking again.
        signers = allowed_signers.read_bytes() if allowed_signers is not None else b""
        self.key = (folder, hashlib.sha256(signers).hexdigest())

    def read(self) -> tuple[str, list] | None:
        """(the tip, its main line's LoggedCommits, oldest first), if kept for this folder."""
        try:
            key, tip, logged = pickle.loads(self.file.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
            return None
        return (tip, logged) if key == self.key else None

    def save(self, tip: str, logged: list) -> None:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        for stale in self.file.parent.glob("main-line-*.pickle"):
            if stale != self.file:
                stale.unlink()
        staged = self.file.with_suffix(".new")
        staged.write_bytes(pickle.dumps((self.key, tip, logged), protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(staged, self.file)
