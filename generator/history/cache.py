"""A cache of parsed revisions, keyed by content: a charter revision is loaded and validated
once, ever, across builds.

The key is the git blob id and the file's path (the path takes part in validation: the id
must match the file name). The whole cache belongs to one build of the tool: a fingerprint
of its code and schema, so any change to the rules starts a fresh cache. It is a pickle in
the repository's git-ignored .charters-cache/ folder, written only by this tool, and loads
several times faster than JSON would.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
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


class ParseCache:
    def __init__(self, root: Path) -> None:
        self.file = root / CACHE_FOLDER / f"revisions-{tool_fingerprint()[:16]}.pickle"
        self.entries: dict[tuple[str, str], Parsed] = {}
        self.changed = False
        try:
            with open(self.file, "rb") as stream:
                self.entries = pickle.load(stream)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            self.entries = {}

    def __contains__(self, key: tuple[str, str]) -> bool:
        path, blob = key
        return (blob, path) in self.entries

    def get(self, path: str, blob: str) -> tuple[Document | None, Problem | None] | None:
        found = self.entries.get((blob, path))
        if found is None:
            return None
        data, error = found
        # Positions are not kept: only the working tree's charters need them, and those are
        # always read afresh.
        return (Document(path, data, {}, {}) if data is not None else None), error

    def put(self, path: str, blob: str, document: Document | None, error: Problem | None) -> None:
        self.entries[(blob, path)] = (document.data if document is not None else None, error)
        self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        self.file.parent.mkdir(parents=True, exist_ok=True)
        for stale in self.file.parent.glob("revisions-*.pickle"):
            if stale != self.file:
                stale.unlink()
        staged = self.file.with_suffix(".new")
        with open(staged, "wb") as stream:
            pickle.dump(self.entries, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(staged, self.file)
