"""Charters and ledgers found, loaded and validated: the working tree for `validate`, and
any bytes.

This wires the stages (sources → load → validate); it holds no rules of its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator.load import Document, load_charter, load_ledger
from generator.problems import Problem, Severity, has_errors
from generator.sources import (
    CHARTER_SUFFIX,
    CHARTERS_FOLDER,
    LEDGER_FOLDER,
    CharterFile,
    find_charters,
    ledger_charter_id,
    read_bytes,
)
from generator.validate import HistoryTerms, content_problems, validate_document
from generator.validate.ledger import BROKEN_CHARTER, NO_CHARTER, validate_ledger


@dataclass(frozen=True)
class Checked:
    """The outcome of checking the working tree: every charter read, every problem found
    (in ledgers too)."""

    documents: tuple[Document, ...]
    files_checked: int  # charters and ledgers
    problems: tuple[Problem, ...]


def check_source(
    path: str, source: bytes, today: dt.date, history_terms: HistoryTerms | None = None
) -> tuple[Document | None, list[Problem]]:
    """Load and validate one charter's bytes: the document when it loads, and every problem.
    ``history_terms``: where the record's references find the terms of their day."""
    loaded = load_charter(path, source)
    if loaded.document is None:
        return None, list(loaded.problems)
    return loaded.document, validate_document(loaded.document, today, history_terms)


def check_content(path: str, source: bytes) -> tuple[Document | None, list[Problem]]:
    """Load one revision's bytes and check what they alone decide: a past revision's
    verdict, the same on any day and whatever came later."""
    loaded = load_charter(path, source)
    if loaded.document is None:
        return None, list(loaded.problems)
    return loaded.document, content_problems(loaded.document)


@dataclass(frozen=True)
class Read:
    """The charter files' bytes, by path, and the problems finding or reading them."""

    sources: dict[str, bytes]
    ledgers: dict[str, bytes]
    files_found: int  # unreadable ones included
    problems: tuple[Problem, ...]


def _read_all(files: tuple[CharterFile, ...], problems: list[Problem]) -> dict[str, bytes]:
    sources = {}
    for file in files:
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
    return sources


def read_charters(root: Path, targets: list[Path]) -> Read:
    """The bytes of ``targets``, or of every file in the repository's charters folder."""
    found = find_charters(root, targets or [root / CHARTERS_FOLDER])
    problems = list(found.problems)
    sources = _read_all(found.files, problems)
    ledger_sources = _read_all(found.ledgers, problems)
    return Read(sources, ledger_sources, len(found.files) + len(found.ledgers), tuple(problems))


def check_charters(
    root: Path, targets: list[Path], today: dt.date, history_terms: HistoryTerms | None = None
) -> Checked:
    """Check ``targets``, or every charter and ledger in the repository."""
    ledgers = root / LEDGER_FOLDER
    read = read_charters(root, targets or [root / CHARTERS_FOLDER, *([ledgers] if ledgers.is_dir() else [])])
    problems = list(read.problems)
    documents = {}
    for path, source in read.sources.items():
        document, found = check_source(path, source, today, history_terms)
        problems.extend(found)
        if document is not None:
            documents[path] = document, has_errors(found)
    for path, source in read.ledgers.items():
        loaded = load_ledger(path, source)
        problems.extend(loaded.problems)
        if loaded.document is not None:
            charter = _ledger_charter(root, ledger_charter_id(path), documents, today, history_terms)
            problems.extend(validate_ledger(loaded.document, charter))
    charters = tuple(document for document, _ in documents.values())
    return Checked(charters, read.files_found, tuple(sorted(problems)))


def _ledger_charter(
    root: Path,
    charter_id: str | None,
    checked: dict[str, tuple[Document, bool]],
    today: dt.date,
    history_terms: HistoryTerms | None,
) -> dict | str:
    """The data of the charter a ledger names, from this run or read for it; else why not."""
    if charter_id is None:
        return NO_CHARTER
    path = f"{CHARTERS_FOLDER}/{charter_id}{CHARTER_SUFFIX}"
    if path in checked:
        document, broken = checked[path]
        return BROKEN_CHARTER if broken else document.data
    found = find_charters(root, [root / path]).files if (root / path).is_file() else ()
    if not found:
        return NO_CHARTER
    try:
        document, problems = check_source(path, read_bytes(found[0]), today, history_terms)
    except OSError:
        return BROKEN_CHARTER
    return BROKEN_CHARTER if document is None or has_errors(problems) else document.data
