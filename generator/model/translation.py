"""A charter's translations as its pages show them: which revision of each translation goes
with which version's terms, the terms as it reads them, and whether it fell behind.

A version's page shows, in each language, the latest revision that follows that version;
failing that, the latest that follows an earlier one, marked out of date (stale). The
charter's page shows the version in force, so a translation of a version not yet in force
appears only on that version's pages. Every text the translation leaves out stays in the
binding language, and its place is kept so that the page can mark it.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from generator.history.translations import TranslationRevision
from generator.model.site import CharterView
from generator.validate.translation import TRANSLATED_PARTS, TRANSLATED_TOP


@dataclass(frozen=True)
class Translated:
    """The terms of version ``shown`` as one translation reads them."""

    language: str  # BCP 47, as the translation names it
    follows: int  # the version it translates
    shown: int
    data: dict[str, Any]  # the terms, each translated text in place
    untranslated: frozenset[tuple]  # JSON paths of the texts left in the binding language

    @property
    def stale(self) -> bool:
        return self.follows < self.shown


@dataclass(frozen=True)
class CharterTranslations:
    binding: str  # the charter's binding language
    current: dict[str, Translated]  # by language, for the charter's page
    versions: dict[int, dict[str, Translated]]  # by version number, then language

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language the charter can be read in, the binding one first."""
        found = {language for by_language in self.versions.values() for language in by_language}
        return (self.binding, *sorted(found | set(self.current)))


def revision_for(revisions: Iterable[TranslationRevision], number: int) -> TranslationRevision | None:
    """The revision to show with version ``number``'s terms: the latest that follows it,
    else the latest that follows an earlier version."""
    following = [revision for revision in revisions if revision.version <= number]
    exact = [revision for revision in following if revision.version == number]
    return (exact or following or [None])[-1]


def translated(terms: dict[str, Any], revision: TranslationRevision, number: int) -> Translated:
    """``terms``: the data of version ``number``."""
    data = copy.deepcopy(terms)
    given = revision.data
    untranslated: set[tuple] = set()

    def put(path: tuple, holder: dict[str, Any], field: str, text: object) -> None:
        if field not in holder:
            return
        if isinstance(text, str):
            holder[field] = text
        else:
            untranslated.add((*path, field))

    for field in TRANSLATED_TOP:
        put((), data, field, given.get(field))
    for part in TRANSLATED_PARTS:
        texts = given.get(part.name, {})
        for index, item in enumerate(data.get(part.name, [])):
            own = texts.get(str(item[part.key]), {})
            for field in part.fields:
                put((part.name, index), item, field, own.get(field))
    if isinstance(data.get("voice"), dict):
        put(("voice",), data["voice"], "steward", given.get("voice", {}).get("steward"))
    return Translated(revision.language, revision.version, number, data, frozenset(untranslated))


def charter_translations(
    charter: CharterView, binding: str, revisions: dict[str, tuple[TranslationRevision, ...]]
) -> CharterTranslations:
    """The translations of each version of ``charter`` whose terms it shows: those on the
    main line and its file's. A translation into the binding language is refused by
    validation, and left out here too."""
    in_force = charter.in_force
    # As the charter's page does: the file's terms, unless an older version is in force.
    shown = in_force.terms if in_force is not None and in_force.number != charter.version else charter.terms
    number = in_force.number if in_force is not None else charter.version

    def translations_of(terms: dict[str, Any], number: int) -> dict[str, Translated]:
        return {
            language: translated(terms, revision, number)
            for language, history in sorted(revisions.items())
            if language != binding and (revision := revision_for(history, number)) is not None
        }

    versions = {version.number: translations_of(version.terms.data, version.number) for version in charter.versions}
    return CharterTranslations(binding, translations_of(shown.data, number), versions)
