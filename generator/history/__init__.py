"""History: the only stage that runs git. It reads every main-line revision of every charter
and groups them into versions with their approvals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.history.cache import LogCache, ParseCache
from generator.history.git import GitError, require_full_history
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
]

# Where a repository may keep its SSH allowed-signers file, in order of preference.
ALLOWED_SIGNERS_FILES = (".allowed_signers", ".github/allowed_signers")


def allowed_signers(root: Path) -> Path | None:
    return next((root / name for name in ALLOWED_SIGNERS_FILES if (root / name).is_file()), None)


def read_history(root: Path, folder: str, ref: str = "HEAD", cached: bool = False) -> FileHistory:
    """What git says happened to each charter file, without parsing any revision; raises
    GitError with a fix. ``cached`` keeps the main line in .charters-cache/, so that the
    next read asks git only for the commits since."""
    require_full_history(root)
    signers = allowed_signers(root)
    log_cache = LogCache(root, folder) if cached and signers is None else None
    return read_file_history(root, ref, folder, signers, log_cache)


def read_lineages(root: Path, folder: str, today: dt.date, ref: str = "HEAD", cached: bool = False) -> list[Lineage]:
    """Every charter file's main-line history up to ``ref``; raises GitError with a fix.

    ``cached`` keeps parsed revisions in the repository's .charters-cache/ for next time.
    """
    cache = ParseCache(root) if cached else None
    lineages = parse_revisions(read_history(root, folder, ref, cached), today, cache)
    if cache is not None:
        cache.save()
    return lineages
