"""Where the caches live, what every cached result depends on besides its own input, and
how an entry is written and read.

Cache files hold data, never code: MessagePack decoded into the exact types the build
uses (msgspec), so a file that is not such an entry is refused as it is read. The caches
live in the repository's git-ignored .charters-cache/ folder, which CI may restore from
elsewhere: whatever a cache file holds, reading it either gives a well-typed entry that
its owner checks further, or nothing, and the build does that work again. A broken entry
costs a warning (one for all of them); deleting the folder is always safe.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import stat
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import msgspec

from generator import __version__
from generator.render.visible import visible
from generator.resources import resource
from generator.write import write_file

CACHE_FOLDER = ".charters-cache"
# The libraries whose behaviour shapes what is cached: parsing, validation messages,
# Markdown and the page templates. Another version of any of them starts afresh.
_LIBRARIES = ("pyyaml", "jsonschema", "fastjsonschema", "markdown", "jinja2", "markupsafe", "msgspec", "babel")
# Bumped whenever the layout of any entry changes.
ENTRY_FORMAT = "benchmark-charters cache 5"
# No entry of a real repository comes near this; a larger file is not worth reading.
MAX_ENTRY_BYTES = 256 * 1024 * 1024


@functools.cache
def tool_fingerprint() -> str:
    """This tool's code, schema and message catalogs, the Python and the libraries it runs with."""
    versions = [f"{name}=={metadata.version(name)}" for name in _LIBRARIES]
    digest = hashlib.sha256(repr((__version__, sys.version_info[:2], versions)).encode())
    package = Path(__file__).resolve().parent
    for path in sorted([*package.rglob("*.py"), *package.rglob("*.po"), *resource("schema").glob("*.schema.json")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()


class EntryRefused(ValueError):
    """A decoded entry that does not hold what its kind must (a path outside its place, a
    commit id that is not one); the message says what."""


@functools.cache
def _decoder(kind: Any) -> msgspec.msgpack.Decoder:
    return msgspec.msgpack.Decoder(tuple[str, str, kind])


def _read_regular_file(path: Path) -> bytes:
    """The bytes of ``path`` if it is a regular file of a sensible size. Never follows a
    link, and never blocks on a pipe or a device planted where an entry should be."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as stream:
        status = os.fstat(stream.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise EntryRefused("not a regular file")
        if status.st_size > MAX_ENTRY_BYTES:
            raise EntryRefused(f"larger than {MAX_ENTRY_BYTES:,} bytes")
        return stream.read()


class CacheFolder:
    """The repository's cache folder, for one command. A folder that cannot be used (see
    build_lock.py) is ``CacheFolder(None)``: it finds nothing and keeps nothing."""

    def __init__(self, root: Path | None, warn: Callable[[str], None] = lambda _: None) -> None:
        self.folder = root / CACHE_FOLDER if root is not None else None
        self._warn = warn
        self.troubles: list[tuple[str, str]] = []
        if self.folder is not None and self.folder.is_symlink():
            # A link (committed by someone, say) would have the build write wherever it points.
            self._trouble("", "it is a symbolic link, and is not followed")
            self.folder = None

    @property
    def usable(self) -> bool:
        return self.folder is not None

    def _place(self, relative: str) -> Path:
        """``relative`` inside the cache folder, through folders only: a link on the way
        (planted in a restored cache) would lead reads, writes and deletions elsewhere."""
        assert self.folder is not None
        place = self.folder
        for part in relative.split("/")[:-1]:
            place = place / part
            if place.is_symlink():
                raise EntryRefused(f"{part} is a symbolic link, which is not followed")
        return self.folder / relative

    def read(self, relative: str, kind: Any, key: str, check: Callable[[Any], None] | None = None) -> Any | None:
        """The entry of type ``kind`` kept at ``relative`` under ``key``, or None: when there is
        none, when it was kept under another key, or when it is not a sound entry (then the
        trouble is noted). ``check`` raises EntryRefused for what types cannot say."""
        kept = self.read_keyed(relative, kind, check)
        return kept[1] if kept is not None and kept[0] == key else None

    def read_keyed(
        self, relative: str, kind: Any, check: Callable[[Any], None] | None = None
    ) -> tuple[str, Any] | None:
        """The key and the entry kept at ``relative``, for a caller who compares keys later."""
        if self.folder is None:
            return None
        try:
            form, key, entry = _decoder(kind).decode(_read_regular_file(self._place(relative)))
            if form != ENTRY_FORMAT:
                raise EntryRefused(f"written in another format ({form[:80]!r})")
            if check is not None:
                check(entry)
        except FileNotFoundError:
            return None
        except OSError as error:
            self._trouble(relative, error.strerror or str(error))
            return None
        except (msgspec.DecodeError, EntryRefused, RecursionError) as error:
            self._trouble(relative, str(error))
            return None
        return key, entry

    def write(self, relative: str, key: str, entry: object) -> None:
        if self.folder is None:
            return
        try:
            write_file(self._place(relative), msgspec.msgpack.encode((ENTRY_FORMAT, key, entry)))
        except OSError as error:
            self._trouble(relative, f"cannot be written: {error.strerror or error}")
        except EntryRefused as error:
            self._trouble(relative, f"cannot be written: {error}")

    def remove(self, relative: str) -> None:
        """Forget an entry or a folder of entries (no longer needed, or of another tool build)."""
        if self.folder is None:
            return
        try:
            path = self._place(relative)
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
        except OSError as error:
            self._trouble(relative, f"cannot be removed: {error.strerror or error}")
        except EntryRefused as error:
            self._trouble(relative, f"cannot be removed: {error}")

    def listing(self, relative: str = "") -> list[str]:
        """The names in a folder of the cache; none when it is missing or not a folder."""
        if self.folder is None:
            return []
        try:
            folder = self._place(f"{relative}/") if relative else self.folder
            return [] if folder.is_symlink() else sorted(os.listdir(folder))
        except (OSError, EntryRefused):
            return []

    def _trouble(self, relative: str, reason: str) -> None:
        self.troubles.append((relative, reason))

    def close(self) -> None:
        """Say, in one warning, which entries could not be used."""
        if not self.troubles:
            return
        (relative, reason), count = self.troubles[0], len(self.troubles)
        entries = "an entry" if count == 1 else f"{count} entries"
        self._warn(
            f"warning: {entries} in {CACHE_FOLDER}/ could not be used or kept; the work was done again instead "
            f"(first {visible(relative) or 'the folder itself'}: {visible(reason)})"
        )
        self.troubles.clear()
