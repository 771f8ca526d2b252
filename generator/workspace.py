"""Charters, ledgers and translations found, loaded and validated: the working tree for
`validate`, and any bytes.

This wires the stages (sources → load → validate); it holds no rules of its own.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.load import Document, load_charter, load_ledger, load_translation
from generator.parallel import PARSE_IN_PARALLEL_FROM, map_on_cores
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
from generator.validate import HistoryTerms, TermsOn, content_problems, validate_document
from generator.validate.ledger import BROKEN_CHARTER, NO_CHARTER, validate_ledger
from generator.validate.translation import CharterGone, TranslatedCharter, validate_translation
from generator.verdicts import Verdicts

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


class _Asked:
    """A lookup of history that remembers being asked: such a verdict is not kept."""

    def __init__(self, lookup: Callable | None) -> None:
        self.lookup = lookup
        self.asked = False

    def __call__(self, *arguments: object):
        self.asked = True
        return self.lookup(*arguments)

    def if_any(self) -> _Asked | None:
        """Itself, or None when there is no lookup: the checks take None for "no history"."""
        return self if self.lookup is not None else None


File = tuple[str, bytes]  # a path and its bytes


@dataclass(frozen=True)
class _Together:
    """A charter and the ledger named after it, checked together: the ledger's check needs
    the charter, which is far slower to send between processes than to read twice."""

    charter: File
    ledger: File | None


class _HistoryNeeded(Exception):
    """A worker process met a record entry that only history, read in the main process, can
    resolve."""


def _history_in_main(_document: Document) -> TermsOn | None:
    raise _HistoryNeeded


def _check_together(
    files: _Together, today: dt.date, history_terms: HistoryTerms | None
) -> tuple[Document | None, list[tuple[str, list[Problem]]]]:
    """The charter when it loads, and each file's problems."""
    path, source = files.charter
    document, found = check_source(path, source, today, history_terms)
    checked = [(path, found)]
    if files.ledger is not None:
        charter = BROKEN_CHARTER if document is None or has_errors(found) else document.data
        checked.append((files.ledger[0], ledger_problems(*files.ledger, charter)))
    return document, checked


def _check_in_worker(today: dt.date, with_history: bool, files: _Together) -> list[tuple[str, list[Problem]]] | None:
    """Each file's problems; None when the main process must check them, with history."""
    try:
        return _check_together(files, today, _history_in_main if with_history else None)[1]
    except _HistoryNeeded:
        return None


def ledger_problems(path: str, source: bytes, charter: dict[str, Any] | str) -> list[Problem]:
    """``charter``: the data of the charter the ledger is named after, or NO_CHARTER or
    BROKEN_CHARTER."""
    ledger = load_ledger(path, source)
    if ledger.document is None:
        return list(ledger.problems)
    return list(ledger.problems) + validate_ledger(ledger.document, charter)


def check_charters(
    root: Path,
    targets: list[Path],
    today: dt.date,
    history_terms: HistoryTerms | None = None,
    version_terms: VersionTerms | None = None,
    site_language: str = "en",
    verdicts: Verdicts | None = None,
    with_documents: bool = True,
) -> Checked:
    """Check ``targets``, or every charter, ledger and translation in the repository.
    ``site_language``: a charter's binding language when it names none. With ``verdicts``,
    a file whose verdict is kept is not read again. Without ``with_documents``, the files
    are checked on every core, and ``documents`` is empty."""
    folders = [root / folder for folder in (LEDGER_FOLDER, TRANSLATIONS_FOLDER) if (root / folder).is_dir()]
    read = read_charters(root, targets or [root / CHARTERS_FOLDER, *folders])
    problems = list(read.problems)
    history, versions = _Asked(history_terms), _Asked(version_terms)
    asked_history: set[str] = set()  # charters whose verdict, and so their ledger's, depends on git

    def charter_path(charter_id: str | None) -> str | None:
        return None if charter_id is None else f"{CHARTERS_FOLDER}/{charter_id}{CHARTER_SUFFIX}"

    def key(path: str, source: bytes, charter_id: str | None = None) -> str | None:
        """The key to the file's verdict; None when it cannot be kept."""
        named = charter_path(charter_id)
        if verdicts is None or (named is not None and (named not in read.sources or named in asked_history)):
            return None  # only a charter read in this run is known to be the one named
        return verdicts.key(path, source, read.sources[named] if named is not None else None)

    def kept(path: str, key: str | None) -> tuple[Problem, ...] | None:
        return verdicts.get(path, key) if verdicts is not None and key is not None else None

    def keep(checked: list[tuple[str, list[Problem]]], asked: bool = False) -> None:
        for path, found in checked:
            problems.extend(found)
            if asked:
                asked_history.add(path)
            elif (file_key := keys.get(path)) is not None and verdicts is not None:
                verdicts.put(path, file_key, found)

    ledgers: dict[str, File] = {}  # by the path of the charter of this run each is named after
    lone_ledgers = []
    for path, source in read.ledgers.items():
        named = charter_path(ledger_charter_id(path))
        if named in read.sources:
            ledgers[named] = path, source
        else:
            lone_ledgers.append((path, source))
    keys = {path: key(path, source) for path, source in read.sources.items()}
    keys |= {path: key(path, source, ledger_charter_id(path)) for path, source in read.ledgers.items()}
    fresh = []
    for path, source in read.sources.items():
        files = _Together((path, source), ledgers.pop(path, None))
        verdicts_kept = [kept(file[0], keys[file[0]]) for file in (files.charter, files.ledger) if file is not None]
        if None in verdicts_kept:
            fresh.append(files)
        else:
            problems.extend(problem for verdict in verdicts_kept for problem in verdict)
    in_workers = [] if with_documents else fresh
    checked = map_on_cores(
        functools.partial(_check_in_worker, today, history_terms is not None), in_workers, PARSE_IN_PARALLEL_FROM
    )
    documents = {}
    for files, found in itertools.zip_longest(fresh, checked):
        if found is not None:
            keep(found)
            continue
        document, found = _check_together(files, today, history.if_any())
        keep(found, history.asked)
        history.asked = False
        if document is not None and with_documents:
            documents[files.charter[0]] = document, has_errors(found[0][1])

    def charter_named(charter_id: str | None) -> Document | str:
        return _named_charter(root, charter_id, documents, today, history.if_any())

    for path, source in lone_ledgers:
        if (verdict := kept(path, keys[path])) is not None:
            problems.extend(verdict)
            continue
        charter = charter_named(ledger_charter_id(path))
        keep([(path, ledger_problems(path, source, charter.data if isinstance(charter, Document) else charter))])
    for path, source in read.translations.items():
        named = translation_name(path)
        translation_key = key(path, source, named[0] if named else None)
        if (verdict := kept(path, translation_key)) is not None:
            problems.extend(verdict)
            continue
        charter = charter_named(named[0] if named else None)
        translated = (
            translated_charter(charter, versions.if_any(), site_language) if isinstance(charter, Document) else None
        )
        keys[path] = translation_key
        keep([(path, check_translation(path, source, translated))], versions.asked or history.asked)
        versions.asked = history.asked = False
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
