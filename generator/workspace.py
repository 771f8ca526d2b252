"""Charters found, loaded and validated: the working tree for `validate`, and any bytes.

This wires the stages (sources → load → validate); it holds no rules of its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator.load import Document, load_charter
from generator.problems import Problem, Severity
from generator.sources import find_charters, read_bytes
from generator.validate import validate_document

CHARTERS_FOLDER = "charters"


@dataclass(frozen=True)
class Checked:
    """The outcome of checking the working tree: every charter read, every problem found."""

    documents: tuple[Document, ...]
    files_checked: int
    problems: tuple[Problem, ...]


def check_source(path: str, source: bytes, today: dt.date) -> tuple[Document | None, list[Problem]]:
    """Load and validate one charter's bytes: the document when it loads, and every problem."""
    loaded = load_charter(path, source)
    if loaded.document is None:
        return None, list(loaded.problems)
    return loaded.document, validate_document(loaded.document, today)


@dataclass(frozen=True)
class Read:
    """The charter files' bytes, by path, and the problems finding or reading them."""

    sources: dict[str, bytes]
    files_found: int  # unreadable ones included
    problems: tuple[Problem, ...]


def read_charters(root: Path, targets: list[Path]) -> Read:
    """The bytes of ``targets``, or of every file in the repository's charters folder."""
    found = find_charters(root, targets or [root / CHARTERS_FOLDER])
    problems = list(found.problems)
    sources = {}
    for file in found.files:
        try:
            sources[file.path] = read_bytes(file)
        except OSError as error:
            problems.append(
                Problem(
                    file.path,
                    1,
                    1,
                    Severity.ERROR,
                    "unreadable",
                    f"cannot read {file.path}: {error.strerror}",
                    "check the file's permissions",
                )
            )
    return Read(sources, len(found.files), tuple(problems))


def check_charters(root: Path, targets: list[Path], today: dt.date) -> Checked:
    """Check ``targets``, or every file in the repository's charters folder."""
    read = read_charters(root, targets)
    problems = list(read.problems)
    documents = []
    for path, source in read.sources.items():
        document, found = check_source(path, source, today)
        problems.extend(found)
        if document is not None:
            documents.append(document)
    return Checked(tuple(documents), read.files_found, tuple(sorted(problems)))
