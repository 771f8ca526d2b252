"""One build at a time in a repository: a lock file in the cache folder.

A second `charters build`, or a live preview regenerating, waits until the first is done:
two builds swapping the same folders, or writing the same caches, would trample each
other. Where the cache folder cannot be written (read-only, or a file where the folder
should be) there is no lock to take: the build runs without the caches and says so.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from generator.caching import CACHE_FOLDER
from generator.write import FILE_MODE

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt

LOCK_FILE = "build.lock"


def _lock(descriptor: int, wait: bool) -> bool:
    try:
        if fcntl is not None:
            fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        else:
            msvcrt.locking(descriptor, msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK, 1)
    except (BlockingIOError, PermissionError):
        return False
    return True


@contextlib.contextmanager
def one_build_at_a_time(root: Path, say: Callable[[str], None]) -> Iterator[bool]:
    """Hold the repository's build lock; yields whether the caches may be used."""
    folder = root / CACHE_FOLDER
    try:
        if folder.is_symlink():
            raise OSError("it is a symbolic link, which is not followed")
        folder.mkdir(exist_ok=True)
        # O_NOFOLLOW: a link planted in the cache must not make the build open another file.
        descriptor = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), FILE_MODE)
    except OSError as error:
        say(
            f"warning: {CACHE_FOLDER}/ cannot be written ({error.strerror or error}): building without "
            "the caches, and without the lock that keeps two builds in this repository apart"
        )
        yield False
        return
    try:
        if not _lock(descriptor, wait=False):
            say("another build is running in this repository; waiting for it to finish")
            _lock(descriptor, wait=True)
        yield True
    finally:
        os.close(descriptor)  # which releases the lock
