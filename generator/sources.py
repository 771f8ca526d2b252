"""Find the charter files and ledgers to read and read their bytes, never leaving the
repository.

Every file in a charters folder is either read as a charter or reported: nothing is
skipped in silence. A ``.yaml`` file in the ``approvals`` folder is a ledger of positions
(``approvals/<charter-id>.yaml``), one in ``translations`` a charter's translation
(``translations/<charter-id>.<language>.yaml``). A path or symbolic link that leads outside the
repository is refused before anything is read from it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from generator.load.text import MAX_BYTES
from generator.problems import Problem, Severity
from generator.render.visible import has_acting, visible

CHARTERS_FOLDER = "charters"
CHARTER_SUFFIX = ".yaml"
LEDGER_FOLDER = "approvals"
LEDGER_SUFFIX = ".yaml"
TRANSLATIONS_FOLDER = "translations"
_MISNAMED_SUFFIXES = (".yml", ".json")
_CHARTER_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# A BCP 47 tag in its canonical case (language-Script-REGION-variant: fi, zh-Hant, pt-BR),
# whose language is two or three letters: one spelling per language, so that no two
# translations share an address on a file system that ignores case, and none can be taken
# for a charter's own addresses (v3/, history/) under /charters/<id>/.
LANGUAGE_TAG = re.compile(
    r"[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"
)
_TRANSLATION_NAME = re.compile(rf"(?P<charter>{_CHARTER_ID.pattern})\.(?P<language>{LANGUAGE_TAG.pattern})")


def ledger_charter_id(path: str) -> str | None:
    """The charter id a ledger's repository path names (``approvals/<id>.yaml``), else None."""
    parent, _, name = path.rpartition("/")
    charter = name.removesuffix(LEDGER_SUFFIX)
    is_ledger = parent == LEDGER_FOLDER and name.endswith(LEDGER_SUFFIX) and _CHARTER_ID.fullmatch(charter)
    return charter if is_ledger else None


def translation_name(path: str) -> tuple[str, str] | None:
    """The charter id and language a translation's repository path names
    (``translations/<id>.<language>.yaml``), else None."""
    parent, _, name = path.rpartition("/")
    named = _TRANSLATION_NAME.fullmatch(name.removesuffix(CHARTER_SUFFIX))
    if parent != TRANSLATIONS_FOLDER or not name.endswith(CHARTER_SUFFIX) or named is None:
        return None
    return named["charter"], named["language"]


@dataclass(frozen=True)
class CharterFile:
    path: str  # relative to the repository root, with forward slashes: how problems name it
    absolute: Path


@dataclass(frozen=True)
class Sources:
    files: tuple[CharterFile, ...]
    ledgers: tuple[CharterFile, ...]
    translations: tuple[CharterFile, ...]
    problems: tuple[Problem, ...]


def _problem(path: str, severity: Severity, rule: str, message: str, hint: str) -> Problem:
    return Problem(path, 1, 1, severity, rule, message, hint)


def unsafe_name_problem(path: str) -> Problem | None:
    """An error for a file name holding control characters, line breaks, separators or
    bidirectional controls: shown anywhere, it could forge lines, annotations or what a
    reader sees. Such a file is never read as a charter."""
    if not has_acting(path):
        return None
    return _problem(
        visible(path),
        Severity.ERROR,
        "unsafe-file-name",
        f"the file name {visible(path)!r} holds a control, separator or bidirectional character; it was not read",
        "rename the file to its charter id, e.g. charters/riverside-greenmill.yaml",
    )


class _Finder:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.files: dict[str, CharterFile] = {}
        self.ledgers: dict[str, CharterFile] = {}
        self.translations: dict[str, CharterFile] = {}
        # Files read from git as well as from the working tree: a link there counts for nothing.
        self.from_git = {LEDGER_FOLDER: self.ledgers, TRANSLATIONS_FOLDER: self.translations}
        self.problems: list[Problem] = []

    def display(self, path: Path) -> str:
        try:
            return path.absolute().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def inside(self, path: Path) -> bool:
        resolved = path.resolve()
        if resolved == self.root or self.root in resolved.parents:
            return True
        self.problems.append(
            _problem(
                self.display(path),
                Severity.ERROR,
                "outside-repository",
                f"{path} leads outside the repository ({resolved}); it was not read",
                "charters must be files inside the repository; replace the link with the file itself",
            )
        )
        return False

    def add_file(self, path: Path) -> None:
        unsafe = unsafe_name_problem(self.display(path))
        if unsafe is not None:
            self.problems.append(unsafe)
            return
        if not self.inside(path):
            return
        name = self.display(path)
        if path.suffix.lower() in _MISNAMED_SUFFIXES or (
            path.suffix.lower() == CHARTER_SUFFIX and path.suffix != CHARTER_SUFFIX
        ):
            self.problems.append(
                _problem(
                    name,
                    Severity.ERROR,
                    "wrong-extension",
                    f"{name} is not read: charter files end in {CHARTER_SUFFIX}",
                    f"rename it to {path.stem}{CHARTER_SUFFIX}",
                )
            )
        elif path.suffix != CHARTER_SUFFIX:
            self.problems.append(
                _problem(
                    name,
                    Severity.WARNING,
                    "not-a-charter",
                    f"{name} is not a charter and was not read",
                    f"give it the {CHARTER_SUFFIX} ending if it is a charter, a ledger or a translation; "
                    f"else keep it out of {CHARTERS_FOLDER}/, {LEDGER_FOLDER}/ and {TRANSLATIONS_FOLDER}/",
                )
            )
        elif not path.resolve().is_file():
            self.problems.append(
                _problem(
                    name,
                    Severity.ERROR,
                    "not-a-file",
                    f"{name} is not a regular file",
                    "replace it with an ordinary file",
                )
            )
        elif (folder := name.rpartition("/")[0]) not in self.from_git:
            self.files.setdefault(name, CharterFile(name, path.resolve()))
        elif path.is_symlink() or (self.root / folder).is_symlink():
            # A charter behind a link is read where it leads; a ledger or a translation is
            # read from git, which keeps the link and not the file.
            self.problems.append(
                _problem(
                    name,
                    Severity.ERROR,
                    "not-a-file",
                    f"{name} is a link: git keeps the link, not the file, so it counts for nothing",
                    f"replace the link with the file itself, in a {folder}/ folder that is no link",
                )
            )
        else:
            self.from_git[folder].setdefault(name, CharterFile(name, path.resolve()))

    def add_folder(self, folder: Path) -> None:
        if not self.inside(folder):
            return
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        for entry in entries:
            path = folder / entry.name
            if entry.is_dir() and not has_acting(entry.name):
                self.problems.append(
                    _problem(
                        self.display(path),
                        Severity.WARNING,
                        "not-a-charter",
                        f"folder {self.display(path)} is not read",
                        "charters and ledgers are files directly inside their folder",
                    )
                )
            else:
                self.add_file(path)
        # A charter may have no ledger or translation yet.
        if self.display(folder) not in self.from_git and not any(
            entry.name.endswith(CHARTER_SUFFIX) for entry in entries
        ):
            self.problems.append(
                _problem(
                    self.display(folder),
                    Severity.WARNING,
                    "no-charters",
                    f"{self.display(folder)} holds no charters",
                    "add one: copy an example charter and edit it",
                )
            )


def repository_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` that holds ``.git``, else ``start`` itself.

    Found by looking, not by running git: paths in problems are relative to this root,
    which is what editors and CI annotations expect.
    """
    start = start.absolute()
    return next((folder for folder in (start, *start.parents) if (folder / ".git").exists()), start)


def find_charters(root: Path, targets: list[Path]) -> Sources:
    """The charter files named by ``targets`` (files or folders; relative ones from the
    current folder), labelled relative to ``root``."""
    finder = _Finder(root)
    for target in targets:
        path = target.absolute()
        if path.is_dir():
            finder.add_folder(path)
        else:
            finder.add_file(path)
    return Sources(
        tuple(finder.files.values()),
        tuple(finder.ledgers.values()),
        tuple(finder.translations.values()),
        tuple(finder.problems),
    )


def read_bytes(file: CharterFile) -> bytes:
    """At most one byte more than a charter may hold, so an oversize file costs nothing."""
    with open(file.absolute, "rb") as stream:
        return stream.read(MAX_BYTES + 1)
