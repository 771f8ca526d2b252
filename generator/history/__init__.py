"""History: the only stage that runs git. It reads every main-line revision of every charter
and groups them into versions with their approvals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.caching import CacheFolder
from generator.history.cache import LogCache, ParseCache
from generator.history.git import GitError, require_full_history, resolve_commit
from generator.history.revisions import FileHistory, Lineage, parse_revisions, read_file_history

__all__ = [
    "ALLOWED_SIGNERS_FILES",
    "FileHistory",
    "GitError",
    "ParseCache",
    "allowed_signers",
    "parse_revisions",
    "read_history",
    "read_lineages",
    "read_lineages_and_ids",
]

# Where a repository may keep its SSH allowed-signers file, in order of preference.
ALLOWED_SIGNERS_FILES = (".allowed_signers", ".github/allowed_signers")


def allowed_signers(root: Path) -> Path | None:
    return next((root / name for name in ALLOWED_SIGNERS_FILES if (root / name).is_file()), None)


def read_history(root: Path, folder: str, ref: str = "HEAD", cache: CacheFolder | None = None) -> FileHistory:
    """What git says happened to each charter file, without parsing any revision; raises
    GitError with a fix. With ``cache`` the main line is kept there, so that the next read
    asks git only for the commits since."""
    if not require_full_history(root) and ref == "HEAD":
        return FileHistory(root, {}, {})  # nothing is committed yet, so nothing is published
    if ref != "HEAD":
        ref = resolve_commit(root, ref)  # a commit id from here on: nothing git could take for an option
    signers = allowed_signers(root)
    log_cache = LogCache(cache, folder) if cache is not None and cache.usable and signers is None else None
    return read_file_history(root, ref, folder, signers, log_cache)


def read_lineages(
    root: Path, folder: str, today: dt.date, ref: str = "HEAD", cache: CacheFolder | None = None
) -> list[Lineage]:
    """Every charter file's main-line history up to ``ref``; raises GitError with a fix.

    With ``cache``, parsed revisions are kept in the repository's .charters-cache/ for next time.
    """
    return read_lineages_and_ids(root, folder, today, ref, cache)[0]


def read_lineages_and_ids(
    root: Path, folder: str, today: dt.date, ref: str = "HEAD", cache: CacheFolder | None = None
) -> tuple[list[Lineage], dict[str, tuple[str, ...]]]:
    """read_lineages, and every id each charter was published under (FileHistory.published_ids)."""
    history = read_history(root, folder, ref, cache)
    parse_cache = ParseCache(cache) if cache is not None and cache.usable else None
    lineages = parse_revisions(history, today, parse_cache)
    if parse_cache is not None:
        parse_cache.save()
    return lineages, history.published_ids()
