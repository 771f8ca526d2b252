"""Each charter's part of the site, kept between builds: a warm build checks, models and
renders only the charters whose inputs changed.

An entry holds one charter's problems, its model (the home page and feeds list every
charter) and its rendered files. Its key covers everything those depend on: this tool's
code, schema and templates; the site settings; the date; the charter file's bytes; and
its history as git tells it (commits, messages, approvals, signatures, blob ids). When
any of them changes the key does too, so a stale entry is never used. One pickle per
charter in the git-ignored .charters-cache/ folder, written only by this tool.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import pickle
import shutil
from dataclasses import dataclass
from pathlib import Path

from generator.caching import CACHE_FOLDER, tool_fingerprint
from generator.model.site import CharterView, SiteConfig
from generator.problems import Problem
from generator.render.site import CharterFiles
from generator.resources import resource
from generator.write import write_file


@functools.cache
def site_fingerprint() -> str:
    """This tool's code and schema, and the templates and assets of its pages."""
    digest = hashlib.sha256(tool_fingerprint().encode())
    templates = resource("site_templates")
    for path in sorted(path for path in templates.rglob("*") if path.is_file()):
        digest.update(path.relative_to(templates).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class CharterBuild:
    problems: tuple[Problem, ...]  # warnings: a charter with errors stops the build
    view: CharterView
    files: CharterFiles


def charter_key(path: str, source: bytes, history: str | None, config: SiteConfig, today: dt.date) -> str:
    """``history``: the charter's FileHistory.identity(), None for a file git does not know."""
    digest = hashlib.sha256(repr((site_fingerprint(), config, today.isoformat(), path, history)).encode())
    digest.update(source)
    return digest.hexdigest()


class BuildCache:
    def __init__(self, root: Path) -> None:
        self.folder = root / CACHE_FOLDER / f"charters-{site_fingerprint()[:16]}"

    def _file(self, path: str) -> Path:
        return self.folder / (hashlib.sha256(path.encode()).hexdigest()[:24] + ".pickle")

    def read(self, path: str) -> tuple[str, CharterBuild] | None:
        """The entry kept for ``path`` and its key; the caller compares keys."""
        try:
            # Whole bytes first: unpickling from a file object reads in small pieces, slowly.
            key, built = pickle.loads(self._file(path).read_bytes())
        except Exception:  # missing, torn or from another Python: render afresh
            return None
        return key, built

    def put(self, path: str, key: str, built: CharterBuild) -> None:
        write_file(self._file(path), pickle.dumps((key, built), protocol=pickle.HIGHEST_PROTOCOL))

    def keep_only(self, paths: set[str]) -> None:
        """Forget charters no longer in the repository, and entries of other tool builds."""
        for other in self.folder.parent.glob("charters-*"):
            if other != self.folder:
                shutil.rmtree(other, ignore_errors=True)
        wanted = {self._file(path) for path in paths}
        for entry in self.folder.glob("*.pickle") if self.folder.is_dir() else []:
            if entry not in wanted:
                entry.unlink()
