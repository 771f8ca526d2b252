"""Each charter's part of the site, kept between builds: a warm build checks, models and
renders only the charters whose inputs changed.

An entry holds one charter's problems, its listing (what the home page, the charters
index and the site's feed show of it) and its rendered files. Its key covers everything
those depend on: this tool's code, schema and templates; the site settings; the date; the
charter file's bytes; and its history as git tells it (commits, messages, approvals,
signatures, blob ids). When any of them changes the key does too, so a stale entry is
never used. Entries are checked as they are read: every file must lie in the charter's
own part of the site, so that no cache file can make a build write anywhere else.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from generator.caching import CacheFolder, EntryRefused, tool_fingerprint
from generator.model.listing import CharterListing
from generator.model.site import SiteConfig
from generator.problems import Problem
from generator.render.site import CharterFiles
from generator.resources import resource

_SAFE_PATH = re.compile(r"[A-Za-z0-9._/-]+")


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
    listing: CharterListing
    files: CharterFiles


def charter_key(path: str, source: bytes, history: str | None, config: SiteConfig, today: dt.date) -> str:
    """``history``: the charter's FileHistory.identity(), None for a file git does not know."""
    digest = hashlib.sha256(repr((site_fingerprint(), config, today.isoformat(), path, history)).encode())
    digest.update(source)
    return digest.hexdigest()


def _check_place(path: str, charter_id: str) -> None:
    parts = PurePosixPath(path).parts
    inside = path.startswith((f"charters/{charter_id}/", f"api/charters/{charter_id}/", f"api/charters/{charter_id}."))
    if not inside or not _SAFE_PATH.fullmatch(path) or ".." in parts or path.startswith("/"):
        raise EntryRefused(f"the file {path[:80]!r} lies outside charter {charter_id}'s part of the site")


def _checker(path: str) -> object:
    charter_id = PurePosixPath(path).stem

    def check(built: CharterBuild) -> None:
        if built.listing.id != charter_id:
            raise EntryRefused(f"the entry is charter {built.listing.id[:80]!r}'s, not {charter_id}'s")
        for name in [*built.files.docs, *built.files.files]:
            _check_place(name, charter_id)
        for page in built.files.direct:
            _check_place(page.source, charter_id)
            _check_place(page.address, charter_id)

    return check


class BuildCache:
    def __init__(self, store: CacheFolder) -> None:
        self.store = store
        self.folder = f"charters-{site_fingerprint()[:16]}"

    def _entry(self, path: str) -> str:
        return f"{self.folder}/{hashlib.sha256(path.encode()).hexdigest()[:24]}"

    def read(self, path: str) -> tuple[str, CharterBuild] | None:
        """The entry kept for the charter file ``path`` and its key; the caller compares keys."""
        return self.store.read_keyed(self._entry(path), CharterBuild, _checker(path))

    def put(self, path: str, key: str, built: CharterBuild) -> None:
        self.store.write(self._entry(path), key, built)

    def keep_only(self, paths: set[str]) -> None:
        """Forget charters no longer in the repository, and entries of other tool builds."""
        for other in self.store.listing():
            if other.startswith("charters-") and other != self.folder:
                self.store.remove(other)
        wanted = {self._entry(path).rpartition("/")[2] for path in paths}
        for entry in self.store.listing(self.folder):
            if entry not in wanted:
                self.store.remove(f"{self.folder}/{entry}")
