"""Every revision of every charter's translations (``translations/<id>.<language>.yaml``):
those on the main line, oldest first, then the working tree's when it differs.

A version page shows the translation as it stood for that version, so each revision is
kept, not only the latest. A revision that breaks the translation format is left out:
`validate` reports the working tree's, and an old one can no longer be mended.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.history.git import read_blobs, require_full_history
from generator.history.log import read_log
from generator.load import load_translation
from generator.sources import TRANSLATIONS_FOLDER, translation_name
from generator.validate.translation import is_well_formed


@dataclass(frozen=True)
class TranslationRevision:
    language: str
    version: int  # the version of the terms it follows
    data: dict[str, Any]


@dataclass(frozen=True)
class Translations:
    """By charter id, then language: the revisions of its translation, oldest first."""

    revisions: dict[str, dict[str, tuple[TranslationRevision, ...]]]
    identities: dict[str, str]  # by charter id: a digest of every revision's bytes, for the build cache

    def of(self, ids: tuple[str, ...]) -> dict[str, tuple[TranslationRevision, ...]]:
        """The revisions of a charter published under ``ids`` (oldest first, as
        FileHistory.published_ids gives them): those of a translation kept under a former
        id come first, so that its versions' pages keep their translations."""
        merged: dict[str, tuple[TranslationRevision, ...]] = {}
        for charter_id in ids:
            for language, revisions in self.revisions.get(charter_id, {}).items():
                merged[language] = merged.get(language, ()) + revisions
        return dict(sorted(merged.items()))

    def identity(self, ids: tuple[str, ...]) -> str | None:
        """A digest of the revisions of ``ids`` for the build cache; None when none has any."""
        found = [(charter_id, self.identities[charter_id]) for charter_id in ids if charter_id in self.identities]
        return repr(found) if found else None


def read_translations(root: Path, working: Mapping[str, bytes], ref: str = "HEAD") -> Translations:
    """``working``: the working tree's translation files, by path; raises GitError with a fix."""
    blobs_by_path: dict[str, list[str]] = {}  # path → its blob ids, oldest first
    if require_full_history(root):
        for logged in read_log(root, ref, TRANSLATIONS_FOLDER, first_parent=True):
            for change in logged.changes:
                if change.blob is not None:
                    blobs_by_path.setdefault(change.path, []).append(change.blob)
    contents = read_blobs(root, (blob for found in blobs_by_path.values() for blob in found))
    sources = {path: [contents[blob] for blob in found if blob in contents] for path, found in blobs_by_path.items()}
    for path, source in working.items():
        if not sources.get(path) or sources[path][-1] != source:
            sources.setdefault(path, []).append(source)
    revisions: dict[str, dict[str, tuple[TranslationRevision, ...]]] = {}
    digests: dict[str, hashlib._Hash] = {}
    for path in sorted(sources):
        named = translation_name(path)
        if named is None:
            continue
        charter_id, tag = named
        kept = tuple(revision for source in sources[path] if (revision := _revision(path, source)))
        digest = digests.setdefault(charter_id, hashlib.sha256())
        for source in sources[path]:
            digest.update(repr((path, len(source))).encode() + source)
        if kept:
            revisions.setdefault(charter_id, {})[tag] = kept
    return Translations(revisions, {charter_id: digest.hexdigest() for charter_id, digest in digests.items()})


def _revision(path: str, source: bytes) -> TranslationRevision | None:
    document = load_translation(path, source).document
    if document is None or not is_well_formed(document):
        return None
    return TranslationRevision(document.data["language"], document.data["version"], document.data)
