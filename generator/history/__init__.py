"""History: the only stage that runs git. It reads every main-line revision of every charter
and groups them into versions with their approvals."""

from __future__ import annotations

from pathlib import Path

from generator.caching import CacheFolder
from generator.history.approvals import ApprovalContext, empty_context
from generator.history.cache import ParseCache
from generator.history.git import GitError, require_full_history, resolve_commit
from generator.history.mainline import read_main_line
from generator.history.positions import read_named_positions
from generator.history.revisions import FileHistory, Lineage, main_line_changes, parse_revisions, read_file_history
from generator.history.signatures import platform_keys, signing

__all__ = [
    "FileHistory",
    "GitError",
    "ParseCache",
    "parse_revisions",
    "read_history",
    "read_lineages",
    "read_lineages_and_ids",
]


def read_history(root: Path, folder: str, ref: str = "HEAD", cache: CacheFolder | None = None) -> FileHistory:
    """What git says happened to each charter file, without parsing any revision; raises
    GitError with a fix. With ``cache`` the main line is kept there, so that the next read
    asks git only for the commits since."""
    if not require_full_history(root) and ref == "HEAD":
        return FileHistory(root, {}, {}, empty_context())  # nothing is committed yet, so nothing is published
    if ref != "HEAD":
        ref = resolve_commit(root, ref)  # a commit id from here on: nothing git could take for an option
    main_line = read_main_line(root, ref)
    with signing(root, ref, main_line, platform_keys()) as signed:
        logs = cache if cache is not None and cache.usable and signed.check is None else None
        changes = main_line_changes(root, main_line, folder, signed.check, logs)
        named = read_named_positions(root, ref, folder, signed.check, main_line.order, (main_line, changes), logs)
        context = ApprovalContext(main_line, signed, named)
        return read_file_history(root, ref, folder, context, changes)


def read_lineages(root: Path, folder: str, ref: str = "HEAD", cache: CacheFolder | None = None) -> list[Lineage]:
    """Every charter file's main-line history up to ``ref``; raises GitError with a fix.

    With ``cache``, parsed revisions are kept in the repository's .charters-cache/ for next time.
    """
    return read_lineages_and_ids(root, folder, ref, cache)[0]


def read_lineages_and_ids(
    root: Path, folder: str, ref: str = "HEAD", cache: CacheFolder | None = None
) -> tuple[list[Lineage], dict[str, tuple[str, ...]]]:
    """read_lineages, and every id each charter was published under (FileHistory.published_ids)."""
    history = read_history(root, folder, ref, cache)
    parse_cache = ParseCache(cache) if cache is not None and cache.usable else None
    lineages = list(parse_revisions(history, parse_cache))
    if parse_cache is not None:
        parse_cache.save()
    return lineages, history.published_ids()
