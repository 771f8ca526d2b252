"""Each charter's part of the site, kept between builds: a warm build checks, models and
renders only the charters whose inputs changed.

An entry holds one charter's problems, its listing (what the home page, the charters
index and the site's feed show of it) and its rendered files. Its key covers everything
those depend on: this tool's code, schema and templates; the site settings; the date; the
charter file's bytes; and its history as git tells it (commits, messages, approvals,
signatures, blob ids). When any of them changes the key does too, so a stale entry is
never used. Entries are checked as they are read: every file must be one the renderer
makes for that charter, at its place, and former ids must be ids, so that no cache file
can make a build write anywhere else or two entries claim one address.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from generator.caching import CacheFolder, EntryRefused, tool_fingerprint
from generator.history.revisions import charter_id_of
from generator.language.catalog import known_texts
from generator.language.message import Message, refusal
from generator.model.listing import CharterListing
from generator.model.site import SiteConfig
from generator.problems import Problem
from generator.render.direct import body_headings, sound_headings
from generator.render.fragments import FragmentMismatch, fragments_path, read_fragments
from generator.render.rendered import CharterFiles
from generator.resources import resource
from generator.sources import LANGUAGE_TAG


@functools.cache
def site_fingerprint() -> str:
    """This tool's code and schema, and the templates and assets of its pages."""
    digest = hashlib.sha256(tool_fingerprint().encode())
    templates = resource("site_templates")
    for path in sorted(path for path in templates.rglob("*") if path.is_file()):
        digest.update(path.relative_to(templates).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class CharterBuild:
    problems: tuple[Problem, ...]  # warnings: a charter with errors stops the build
    listing: CharterListing
    files: CharterFiles


def charter_key(
    path: str, source: bytes, history: str | None, translations: str | None, config: SiteConfig, today: dt.date
) -> str:
    """``history``: the charter's FileHistory.identity(), None for a file git does not know;
    ``translations``: Translations.identities of its id, None when it has none."""
    digest = hashlib.sha256(repr((site_fingerprint(), config, today.isoformat(), path, history, translations)).encode())
    digest.update(source)
    return digest.hexdigest()


_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


# Where the renderer puts a charter's files, with the charter's id in the group ``id``:
# compiled once, not once per charter (a site of thousands would overflow re's cache).
_DATA_FILE = re.compile(
    r"charters/(?P<id>[^/]+)/(?:feed\.xml|reviews\.ics|sitemap\.xml)|api/charters/(?P<api>[^/]+?)(?:/v[1-9][0-9]*)?\.json"
)
_DIRECT_PAGE = re.compile(r"charters/(?P<id>[^/]+)/(?:history|compare|v[1-9][0-9]*)\.md")
_TRANSLATED_PAGE = re.compile(f"charters/(?P<id>[^/]+)/(?:v[1-9][0-9]*/)?{LANGUAGE_TAG.pattern}/index\\.md")


def _of(pattern: re.Pattern[str], name: str, charter_id: str) -> bool:
    """Whether ``name`` is a file ``pattern`` describes, of ``charter_id``."""
    found = pattern.fullmatch(name)
    return found is not None and charter_id in (found.groupdict().get("id"), found.groupdict().get("api"))


def _check_charter_part(files: CharterFiles, charter_id: str) -> None:
    """Every file where the renderer puts it for ``charter_id``, and nowhere else."""
    page = f"charters/{charter_id}/index.md"
    misplaced = [
        name
        for name in files.docs
        if name not in (page, fragments_path(page)) and not _of(_TRANSLATED_PAGE, name, charter_id)
    ]
    if fragments_path(page) in files.docs:
        try:
            read_fragments(files.docs[fragments_path(page)])
        except FragmentMismatch as error:
            raise EntryRefused(f"charter {charter_id}'s entry: {error}") from error
    misplaced += [name for name in files.files if not _of(_DATA_FILE, name, charter_id)]
    misplaced += [
        page.source
        for page in files.direct
        if not _of(_DIRECT_PAGE, page.source, charter_id) or page.address != page.source.removesuffix(".md") + "/"
    ]
    if misplaced:
        raise EntryRefused(f"the file {misplaced[0][:80]!r} lies outside charter {charter_id}'s part of the site")
    if len({page.source for page in files.direct}) != len(files.direct):
        raise EntryRefused(f"charter {charter_id}'s entry has a page twice")
    if set(files.bodies) != {page.source for page in files.direct}:
        raise EntryRefused(f"charter {charter_id}'s entry has pages and bodies that do not match")
    for page in files.direct:
        try:
            body = files.bodies[page.source].decode("utf-8")
        except UnicodeDecodeError as error:
            raise EntryRefused(f"charter {charter_id}'s page {page.source} is not UTF-8") from error
        if not sound_headings(page.headings) or page.headings != body_headings(body):
            raise EntryRefused(f"charter {charter_id}'s page {page.source} has headings its body does not have")


def _checker(ids: tuple[str, ...]) -> object:
    def check(built: CharterBuild) -> None:
        charter_id = built.listing.id
        if charter_id not in ids:
            raise EntryRefused(f"the entry is charter {charter_id[:80]!r}'s, not one of {', '.join(ids)}")
        if any(not _SLUG.fullmatch(former) or former == charter_id for former in built.listing.former_ids):
            raise EntryRefused(f"charter {charter_id}'s former ids are not ids")
        if not all(LANGUAGE_TAG.fullmatch(tag) for tag in built.listing.languages):
            raise EntryRefused(f"charter {charter_id}'s languages are not language tags")
        _check_charter_part(built.files, charter_id)
        known = known_texts()
        for said in _messages(built.listing, built.problems):
            if why := refusal(said, known):
                raise EntryRefused(f"charter {charter_id}'s entry holds {why}")

    return check


def _messages(*values: object) -> Iterator[Message]:
    """Every Message a kept listing or problem holds, however deep: what the site will say."""
    for value in values:
        if isinstance(value, Message):
            yield value
        elif isinstance(value, tuple | list):
            yield from _messages(*value)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            yield from _messages(*(getattr(value, field.name) for field in dataclasses.fields(value)))


class BuildCache:
    def __init__(self, store: CacheFolder) -> None:
        self.store = store
        self.folder = f"charters-{site_fingerprint()[:16]}"

    def _entry(self, path: str) -> str:
        return f"{self.folder}/{hashlib.sha256(path.encode()).hexdigest()[:24]}"

    def read(self, path: str, ids: tuple[str, ...] | None = None) -> tuple[str, CharterBuild] | None:
        """The entry kept for the charter file ``path`` and its key; the caller compares keys.
        ``ids``: those the charter may have, by default the file's name."""
        return self.store.read_keyed(self._entry(path), CharterBuild, _checker(ids or (charter_id_of(path),)))

    def put(self, path: str, key: str, built: CharterBuild) -> None:
        self.store.write(self._entry(path), key, built)

    def keep_only(self, paths: set[str]) -> None:
        """Forget charters no longer in the repository, and entries of other tool builds."""
        for other in self.store.listing():
            if other.startswith("charters-") and other != self.folder:
                self.store.remove(other)
        wanted = {self._entry(path).rpartition("/")[2] for path in paths}
        for entry in self.store.listing(self.folder):
            if entry not in wanted:
                self.store.remove(f"{self.folder}/{entry}")
