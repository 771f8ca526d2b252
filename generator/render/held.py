"""Rendered files held on disk from the moment a charter is rendered until the build writes
the site: two thousand charters' pages, bodies and data files (about 0.4 MB each) would
otherwise all be in memory at once, waiting for the engine.

Each charter's files are written into the holding folder, which lies inside the staged
input folder (so it goes with it when a build fails), and read back one at a time when
they are written out. Without a folder (a live preview, a test) they stay in memory.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator, Mapping
from pathlib import Path

from generator.render.rendered import CharterFiles
from generator.write import write_files


class HeldFiles(Mapping[str, bytes]):
    """Files of one charter in a folder: their paths in memory, their bytes on disk."""

    def __init__(self, folder: Path, files: Mapping[str, bytes]) -> None:
        write_files(folder, files)
        self._folder = folder
        self._paths = tuple(files)

    def __getitem__(self, path: str) -> bytes:
        if path not in self._paths:
            raise KeyError(path)
        return (self._folder / path).read_bytes()

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)


class Holding:
    """Where rendered charters' files wait; ``folder`` None: in memory."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def hold(self, charter_path: str, files: CharterFiles) -> CharterFiles:
        """``files`` of the charter at ``charter_path``, held in a folder of its own: a
        withdrawn charter may share an id (and so file paths) with a current one."""
        if self.folder is None:
            return files
        own = self.folder / hashlib.sha256(charter_path.encode()).hexdigest()[:24]
        return dataclasses.replace(
            files,
            **{part: HeldFiles(own / part, getattr(files, part)) for part in ("docs", "files", "bodies")},
        )
