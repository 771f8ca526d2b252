"""A charter's translation (``translations/<charter-id>.<language>.yaml``): its format, and
whether what it translates is in the version it says it follows.

A translation is for reading; the charter's own language is binding. Its keys name ids of
the version it declares, so a translation of an older version stays valid when the charter
moves on: it is then out of date (``translation-stale``, a warning), not wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from generator.language.message import message
from generator.load import Document
from generator.problems import Problem, Severity
from generator.sources import CHARTER_SUFFIX, CHARTERS_FOLDER, TRANSLATIONS_FOLDER, translation_name
from generator.validate.fields import suggestion
from generator.validate.schema_errors import translation_schema_problems


@dataclass(frozen=True)
class TranslatedPart:
    """A list of the terms a translation gives texts of, keyed by its items' ``key`` (as
    text: `escalation: {1: …}`); ``what`` names one item in a problem."""

    name: str
    key: str
    what: str
    fields: tuple[str, ...]


TRANSLATED_PARTS = (
    TranslatedPart("benchmarks", "id", "benchmark", ("title", "behavior", "indicator", "target", "rationale")),
    TranslatedPart("commitments", "id", "commitment", ("text",)),
    TranslatedPart("escalation", "level", "escalation level", ("who",)),
    TranslatedPart("responses", "step", "response step", ("trigger", "response")),
)
TRANSLATED_TOP = ("title", "purpose")  # and `voice.steward`


@dataclass(frozen=True)
class TranslatedCharter:
    """What a translation is checked against: the charter it names, as far as it is known."""

    version: int  # the charter file's version
    language: str  # its binding language
    terms: dict[str, Any]  # the file's data: its terms and its record
    # Each version's on the main line, None when git cannot tell: asked only when needed.
    published: Callable[[], dict[int, dict[str, Any]] | None]

    def terms_of(self, number: int) -> dict[str, Any] | None:
        return self.terms if number == self.version else (self.published() or {}).get(number)


@dataclass(frozen=True)
class CharterGone:
    """What became of a charter a translation names that has no file now."""

    renamed_to: str | None = None  # the id it has now
    withdrawn: str | None = None  # the date its file left the main line


def validate_translation(
    document: Document, charter: TranslatedCharter | None, gone: CharterGone | None = None
) -> list[Problem]:
    """``charter``: what the translation's file name names, None when there is no such
    charter, or when it has errors of its own (they are reported at the charter); then
    ``gone`` says whether it was renamed or withdrawn."""
    problems = translation_schema_problems(document)
    named = translation_name(document.path)
    if named is None:
        return [
            *problems,
            document.problem(
                (),
                Severity.ERROR,
                "translation-name",
                f"{document.path} is not named as a translation, so it is not shown",
                f"name it {TRANSLATIONS_FOLDER}/<charter-id>.<language>{CHARTER_SUFFIX}, the language a BCP 47 "
                f"tag in its usual case: {TRANSLATIONS_FOLDER}/riverside-greenmill.fi{CHARTER_SUFFIX}, …pt-BR{CHARTER_SUFFIX}",
            ),
        ]
    problems += _name_problems(document, *named)
    if problems:
        return problems
    if charter is None and gone is not None and gone.renamed_to:
        new = gone.renamed_to
        return [
            document.problem(
                ("translates",),
                Severity.ERROR,
                "unknown-charter",
                f"charter {named[0]} was renamed to {new}: this translation no longer names it",
                f"rename the file to {TRANSLATIONS_FOLDER}/{new}.{named[1]}{CHARTER_SUFFIX} and set `translates: {new}`",
            )
        ]
    if charter is None and gone is not None and gone.withdrawn:
        return [
            document.problem(
                ("translates",),
                Severity.WARNING,
                "unknown-charter",
                f"charter {named[0]} was withdrawn on {gone.withdrawn}; its translation stays published with it, "
                "as it was last on the main line",
                "remove this file: edits to it are no longer shown",
            )
        ]
    if charter is None:
        return [
            document.problem(
                ("translates",),
                Severity.ERROR,
                "unknown-charter",
                f"there is no valid charter {CHARTERS_FOLDER}/{named[0]}{CHARTER_SUFFIX} to translate",
                "name the translation after the id of the charter it translates, or fix that charter first",
            )
        ]
    return list(_version_problems(document, charter))


def is_well_formed(document: Document) -> bool:
    """Whether a translation keeps its format and names what its file's name says: what a
    revision in history needs to be shown. Whether its ids are in its version is not
    asked: a page shows only the texts of ids it has."""
    named = translation_name(document.path)
    return named is not None and not translation_schema_problems(document) and not any(_name_problems(document, *named))


def _name_problems(document: Document, charter_id: str, language: str) -> Iterator[Problem]:
    for field, named, what in (("translates", charter_id, "charter id"), ("language", language, "language")):
        value = document.data.get(field)
        if isinstance(value, str) and value != named:
            yield document.problem(
                (field,),
                Severity.ERROR,
                "translation-name",
                f"`{field}: {value}` differs from the {what} in the file's name, {named}",
                f"make them the same: rename the file or set `{field}: {named}`",
            )


def _version_problems(document: Document, charter: TranslatedCharter) -> Iterator[Problem]:
    data = document.data
    number = data["version"]
    if data["language"] == charter.language:
        yield document.problem(
            ("language",),
            Severity.ERROR,
            "translation-language",
            f"{data['language']} is the charter's binding language: its own text says it",
            "translate into another language, or change the charter itself",
        )
    terms = charter.terms_of(number)
    if terms is None and charter.published() is None:
        yield document.problem(
            ("version",),
            Severity.WARNING,
            "translation-unchecked",
            f"git cannot tell here what version {number} said, so this translation's ids were not checked",
            "check it in a clone with the whole history (git fetch --unshallow); the build checks it too",
        )
        return
    if terms is None:
        published = ", ".join(str(known) for known in sorted({charter.version, *(charter.published() or {})}))
        yield document.problem(
            ("version",),
            Severity.ERROR,
            "unknown-version",
            f"{data['translates']} has no version {number} (known: {published})",
            f"set `version:` to the version whose text you translated, most likely {charter.version}",
        )
        return
    yield from _reference_problems(document, terms)
    if number < charter.version:
        yield document.problem(
            ("version",),
            Severity.WARNING,
            "translation-stale",
            message(
                "the translation %(file)s follows version %(number)s; the charter is at version %(current)s",
                file=document.path,
                number=number,
                current=charter.version,
            ),
            f"translate what changed since version {number}, then set `version: {charter.version}`",
        )


def _reference_problems(document: Document, terms: dict[str, Any]) -> Iterator[Problem]:
    for part in TRANSLATED_PARTS:
        translated = document.data.get(part.name, {})
        known = {
            str(item[part.key]) for item in terms.get(part.name, []) if isinstance(item, dict) and part.key in item
        }
        for name in translated:
            if name not in known:
                yield document.problem(
                    (part.name, name),
                    Severity.ERROR,
                    "unknown-reference",
                    f"version {document.data['version']} has no {part.what} {name!r}",
                    f"{suggestion(name, known)}use the {part.what}s of that version: "
                    f"{', '.join(sorted(known)) or 'none'}",
                    of_key=True,
                )
    voice = terms.get("voice")
    for field in document.data.get("voice", {}):
        if not isinstance(voice, dict) or field not in voice:
            yield document.problem(
                ("voice", field),
                Severity.ERROR,
                "unknown-reference",
                f"version {document.data['version']} has no voice {field} to translate",
                "leave it out: only what the charter says can be translated",
                of_key=True,
            )
