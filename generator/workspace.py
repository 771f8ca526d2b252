"""Charters, ledgers and translations found, loaded and validated: the working tree for
`validate`, and any bytes.

This wires the stages (sources → load → validate); it holds no rules of its own.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.load import Document, load_charter, load_ledger, load_translation
from generator.problems import Problem, Severity, has_errors
from generator.sources import (
    CHARTER_SUFFIX,
    CHARTERS_FOLDER,
    LEDGER_FOLDER,
    TRANSLATIONS_FOLDER,
    CharterFile,
    find_charters,
    ledger_charter_id,
    read_bytes,
    translation_name,
)
from generator.validate import HistoryTerms, content_problems, validate_document
from generator.validate.ledger import BROKEN_CHARTER, NO_CHARTER, validate_ledger
from generator.validate.translation import CharterGone, TranslatedCharter, validate_translation

VersionTerms = Callable[[str], dict[int, dict] | None]
"""The terms of each version published on the main line, of the charter at a path (None when
git cannot tell): read from history only when a translation follows a version older than
its charter's file."""


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
    translations: dict[str, bytes]
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


def read_charters(root: Path, targets: list[Path], with_translations: bool = False) -> Read:
    """The bytes of ``targets``, or of every file in the repository's charters folder (and
    its translations folder, ``with_translations``)."""
    translations = root / TRANSLATIONS_FOLDER
    more = [translations] if with_translations and translations.is_dir() else []
    found = find_charters(root, targets or [root / CHARTERS_FOLDER, *more])
    problems = list(found.problems)
    sources = _read_all(found.files, problems)
    ledger_sources = _read_all(found.ledgers, problems)
    translations = _read_all(found.translations, problems)
    found_files = len(found.files) + len(found.ledgers) + len(found.translations)
    return Read(sources, ledger_sources, translations, found_files, tuple(problems))


def check_charters(
    root: Path,
    targets: list[Path],
    today: dt.date,
    history_terms: HistoryTerms | None = None,
    version_terms: VersionTerms | None = None,
    site_language: str = "en",
) -> Checked:
    """Check ``targets``, or every charter, ledger and translation in the repository.
    ``site_language``: a charter's binding language when it names none."""
    folders = [root / folder for folder in (LEDGER_FOLDER, TRANSLATIONS_FOLDER) if (root / folder).is_dir()]
    read = read_charters(root, targets or [root / CHARTERS_FOLDER, *folders])
    problems = list(read.problems)
    documents = {}
    for path, source in read.sources.items():
        document, found = check_source(path, source, today, history_terms)
        problems.extend(found)
        if document is not None:
            documents[path] = document, has_errors(found)

    def charter_named(charter_id: str | None) -> Document | str:
        return _named_charter(root, charter_id, documents, today, history_terms)

    for path, source in read.ledgers.items():
        loaded = load_ledger(path, source)
        problems.extend(loaded.problems)
        if loaded.document is not None:
            charter = charter_named(ledger_charter_id(path))
            problems.extend(
                validate_ledger(loaded.document, charter.data if isinstance(charter, Document) else charter)
            )
    for path, source in read.translations.items():
        named = translation_name(path)
        charter = charter_named(named[0] if named else None)
        translated = (
            translated_charter(charter, version_terms, site_language) if isinstance(charter, Document) else None
        )
        problems.extend(check_translation(path, source, translated))
    charters = tuple(document for document, _ in documents.values())
    return Checked(charters, read.files_found, tuple(sorted(problems)))


def check_translation(
    path: str, source: bytes, charter: TranslatedCharter | None, gone: CharterGone | None = None
) -> list[Problem]:
    loaded = load_translation(path, source)
    if loaded.document is None:
        return list(loaded.problems)
    return validate_translation(loaded.document, charter, gone)


def translated_charter(charter: Document, version_terms: VersionTerms | None, site_language: str) -> TranslatedCharter:
    """What a translation of ``charter`` is checked against: its file's terms, and those
    of the versions published before, asked of history only when a translation needs them."""
    data = charter.data

    @functools.cache
    def published() -> dict[int, dict] | None:
        return version_terms(charter.path) if version_terms is not None else {}

    return TranslatedCharter(data["version"], data.get("language", site_language), data, published)


def _named_charter(
    root: Path,
    charter_id: str | None,
    checked: dict[str, tuple[Document, bool]],
    today: dt.date,
    history_terms: HistoryTerms | None,
) -> Document | str:
    """The valid charter a ledger or translation names, from this run or read for it; else
    NO_CHARTER or BROKEN_CHARTER."""
    if charter_id is None:
        return NO_CHARTER
    path = f"{CHARTERS_FOLDER}/{charter_id}{CHARTER_SUFFIX}"
    if path in checked:
        document, broken = checked[path]
        return BROKEN_CHARTER if broken else document
    found = find_charters(root, [root / path]).files if (root / path).is_file() else ()
    if not found:
        return NO_CHARTER
    try:
        document, problems = check_source(path, read_bytes(found[0]), today, history_terms)
    except OSError:
        return BROKEN_CHARTER
    return BROKEN_CHARTER if document is None or has_errors(problems) else document
