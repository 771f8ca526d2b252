"""Write: put a finished build in place all at once, or not at all.

Everything is written into a fresh folder beside the target; only when that succeeded is
it swapped in. A failed build leaves the previous site exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def staging_folder(target: Path) -> Path:
    """A new empty folder beside ``target`` (same file system, so the swap is a rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))


def write_files(folder: Path, files: dict[str, bytes], previous: Path | None = None) -> None:
    """Write ``files`` into ``folder``. A file whose bytes are those of the same file in
    ``previous`` (the folder this one will replace) is hard-linked to it instead: most of a
    site is the same from one build to the next, and a link writes and frees no data."""
    made: set[Path] = set()  # thousands of files share a few hundred folders
    for relative, content in files.items():
        path = folder / relative
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        if previous is None or not _link_same(previous / relative, content, path):
            path.write_bytes(content)


def _link_same(old: Path, content: bytes, path: Path) -> bool:
    try:
        if old.stat().st_size != len(content) or old.read_bytes() != content:
            return False
        os.link(old, path)
    except OSError:  # no such file, or a file system without hard links
        return False
    return True


def swap_in(staged: Path, target: Path, trash: Path | None = None) -> None:
    """Replace ``target`` with ``staged``: the old one is moved aside, then removed, or
    moved into ``trash`` for empty_trash() to remove while the next build waits on MkDocs."""
    retired = None
    if target.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        os.replace(target, retired / target.name)
    os.replace(staged, target)
    if retired is None:
        return
    if trash is not None:
        trash.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(retired, Path(tempfile.mkdtemp(dir=trash)) / retired.name)
            return
        except OSError:  # another file system: a rename cannot move it there
            pass
    shutil.rmtree(retired)


def empty_trash(trash: Path) -> None:
    for folder in sorted(trash.iterdir()) if trash.is_dir() else []:
        discard(folder)


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


def write_file(path: Path, content: bytes) -> None:
    """Replace ``path`` with ``content`` in one step: readers see the old file or the new.
    The temporary file is the writer's own, so two processes writing the same file (a
    build and a live preview filling a cache) cannot tear it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as stream:
        stream.write(content)
    os.replace(stream.name, path)
