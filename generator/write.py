"""Write: put a finished build in place all at once, or not at all.

Everything is written into a fresh folder beside the target; only when that succeeded is
it swapped in. A failed build leaves the previous site exactly as it was. Which folders
may be replaced, and how a swap cut short is put right, is output_folder.py's to decide.

Files and folders get the permissions the user's umask gives (normally 0644 and 0755), as
any other program's would: a web server running as another user must be able to read
them. Python's private temporary files and folders (0600, 0700) are opened up to that.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path, PurePosixPath


def _read_umask() -> int:
    # The only way to read the umask is to set it; this runs once, on import.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()
FILE_MODE = 0o666 & ~_UMASK
FOLDER_MODE = 0o777 & ~_UMASK


def staging_folder(target: Path) -> Path:
    """A new empty folder beside ``target`` (same file system, so the swap is a rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    folder.chmod(FOLDER_MODE)
    return folder


def write_files(folder: Path, files: dict[str, bytes], previous: Path | None = None) -> None:
    """Write ``files`` into ``folder``. A file whose bytes are those of the same file in
    ``previous`` (the folder this one will replace) is hard-linked to it instead: most of a
    site is the same from one build to the next, and a link writes and frees no data."""
    made: set[Path] = set()  # thousands of files share a few hundred folders
    for relative, content in files.items():
        parts = PurePosixPath(relative).parts
        if not parts or relative.startswith("/") or ".." in parts:
            raise ValueError(f"{relative[:80]!r} is not a place inside the folder")  # a bug: paths are the tool's own
        path = folder / relative
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        if previous is None or not _link_same(previous / relative, content, path):
            path.write_bytes(content)


def _link_same(old: Path, content: bytes, path: Path) -> bool:
    try:
        status = old.lstat()
        if not stat.S_ISREG(status.st_mode) or status.st_size != len(content) or old.read_bytes() != content:
            return False
        os.link(old, path)
    except OSError:  # no such file, or a file system without hard links
        return False
    return True


def swap_in(staged: Path, target: Path, trash: Path | None = None) -> None:
    """Replace ``target`` with ``staged``: the old one is moved aside, then removed, or
    moved into ``trash`` for empty_trash() to remove while the next build waits on MkDocs.

    A kill between the two renames leaves ``target`` missing and the old folder in
    ``.<name>.old-*`` beside it: output_folder.recover() puts it back."""
    retired = None
    if target.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        os.replace(target, retired / target.name)
    os.replace(staged, target)
    if retired is None:
        return
    if trash is not None and not trash.is_symlink():
        try:
            trash.mkdir(parents=True, exist_ok=True)
            os.replace(retired, Path(tempfile.mkdtemp(dir=trash)) / retired.name)
            return
        except OSError:  # another file system, or a trash that cannot be written
            pass
    shutil.rmtree(retired, ignore_errors=True)


def empty_trash(trash: Path) -> None:
    """Delete what earlier builds retired. A trash that is a link (planted in a restored
    cache, say) is not followed: its target is not this tool's to delete."""
    if trash.is_symlink() or not trash.is_dir():
        return
    for folder in sorted(trash.iterdir()):
        if not folder.is_symlink():
            discard(folder)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Ctrl-C and a plain kill wait until the block is done: a swap is never cut between its
    two renames by them (a kill -9 still can, and the next build puts that right)."""
    held = {signal.SIGINT, signal.SIGTERM}
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


def discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def sync_folder(folder: Path, files: dict[str, bytes]) -> int:
    """Make ``folder`` hold exactly ``files``, touching only what differs; returns how
    many files changed. For a folder a live server watches, which a swap would orphan."""
    changed = 0
    for relative, content in files.items():
        path = folder / relative
        if not path.is_file() or path.read_bytes() != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            changed += 1
    for path in sorted(folder.rglob("*"), reverse=True):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and relative not in files:
            path.unlink()
            changed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return changed


class NotAFile(OSError):
    """The path names something other than a regular file (a link, a device, a folder)."""


def write_file(path: Path, content: bytes) -> None:
    """Replace ``path`` with ``content`` in one step: readers see the old file or the new.
    The temporary file is the writer's own, so two processes writing the same file (a
    build and a live preview filling a cache) cannot tear it. Only a regular file is
    replaced: a symbolic link, a device or a folder there raises NotAFile."""
    try:
        status = path.lstat()
    except FileNotFoundError:
        pass
    else:
        if not stat.S_ISREG(status.st_mode):
            raise NotAFile(f"{path} is not a regular file; it was left as it is")
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as stream:
        try:
            stream.write(content)
        except BaseException:  # a full disk: nothing half-written is left beside the file
            os.unlink(stream.name)
            raise
    try:
        os.chmod(stream.name, FILE_MODE)
        os.replace(stream.name, path)
    except BaseException:
        os.unlink(stream.name)
        raise
