"""The whole site rendered: check → history → model → render, each charter taken from the
build cache where nothing it is made of changed. Nothing is written here but into the
holding folder a build gives (render/held.py), and into the cache.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import datetime as dt
import gc
import itertools
from collections.abc import Callable
from pathlib import Path

from generator.build_cache import BuildCache, CharterBuild, charter_key
from generator.caching import CacheFolder
from generator.history import FileHistory, ParseCache, parse_revisions, read_history
from generator.history.revisions import Lineage, charter_id_of
from generator.history.translations import TranslationRevision, read_translations
from generator.history.versions import published_terms
from generator.load import Document
from generator.model.history import charter_history
from generator.model.in_force import lineage_terms
from generator.model.listing import Site, charter_listing
from generator.model.published import own_lineage, reused_id_problem
from generator.model.site import SiteConfig, charter_view
from generator.model.translation import charter_translations
from generator.own_pages import page_files
from generator.problems import Problem, Severity, has_errors
from generator.render.held import Holding
from generator.render.rendered import RenderedSite
from generator.render.safe_markdown import render_markdown
from generator.render.site import render_charter, render_site
from generator.report import problem_lines, text_report
from generator.settings import Settings, read_settings
from generator.sources import translation_name
from generator.validate import TermsOn
from generator.validate.translation import CharterGone
from generator.workspace import CHARTERS_FOLDER, check_source, check_translation, read_charters, translated_charter


class BuildFailed(RuntimeError):
    """The site could not be built; the message says why. Nothing was changed."""


def site_settings(root: Path) -> tuple[Settings, dict[str, str | bytes], list[Problem]]:
    """The partners' settings, own pages (path in the site → a page's text or an
    image's bytes) and the warnings about them; BuildFailed, listing every problem,
    when they cannot be used."""
    read = read_settings(root)
    pages, problems = page_files(root)
    problems = sorted([*read.problems, *problems])
    if read.settings is None or has_errors(problems):
        raise BuildFailed(
            "the site settings cannot be used; fix them first:\n" + "\n".join(problem_lines(problems, colour=False))
        )
    return read.settings, pages, problems


def prepare(
    root: Path,
    today: dt.date,
    report: Callable[[str], None],
    cache: CacheFolder | None = None,
    held: Path | None = None,
) -> tuple[RenderedSite, list[Problem]]:
    """The whole site, rendered; BuildFailed when a charter has errors. Without ``cache``
    nothing is taken from earlier builds or kept for later ones. Each charter's files are
    held in the folder ``held`` as soon as they are rendered or read from the cache, or
    in memory without it.

    A charter whose file, history, the site settings and the date are as in an earlier
    build is taken from the build cache: not checked, parsed, modelled or rendered again.
    """
    cache = cache or CacheFolder(None)
    try:
        return _prepare(root, today, report, cache, Holding(held))
    finally:
        cache.close()


def _prepare(
    root: Path, today: dt.date, report: Callable[[str], None], cache: CacheFolder, holding: Holding
) -> tuple[RenderedSite, list[Problem]]:
    report("reading charters and their history")
    read = read_charters(root, [], with_translations=True)
    settings, pages, settings_warnings = site_settings(root)
    config = settings.site
    build_cache = BuildCache(cache)
    # The entries read are many objects that live until the end of the build: the cycle
    # collector would walk them again and again, while they are read and after, for
    # nothing. A previous build in this process (`charters serve`) froze its own.
    gc.unfreeze()
    collecting = gc.isenabled()
    gc.disable()
    try:
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            # git reads the history while the cache is read: one waits on a process, the other on files.
            reading = pool.submit(read_history, root, CHARTERS_FOLDER, cache=cache)
            stored = {path: _held(path, entry, holding) for path in read.sources if (entry := build_cache.read(path))}
            history = reading.result()
            translations = read_translations(root, read.translations)
        gc.freeze()
    finally:
        if collecting:
            gc.enable()
    withdrawn = _withdrawn(history, read.sources)
    # A withdrawn charter has no file: its key is its history alone.
    sources = {**read.sources, **dict.fromkeys(withdrawn, b"")}
    published = history.published_ids()
    stored.update(
        (path, _held(path, entry, holding)) for path in withdrawn if (entry := build_cache.read(path, published[path]))
    )
    # A charter's translations are those of every id it was published under, and its own.
    ids = {path: tuple(dict.fromkeys((*published.get(path, ()), charter_id_of(path)))) for path in sources}
    keys = {
        path: charter_key(path, source, history.identity(path), translations.identity(ids[path]), config, today)
        for path, source in sources.items()
    }
    builds = {path: stored[path][1] for path, key in keys.items() if path in stored and stored[path][0] == key}
    changed = set(read.sources) - set(builds)
    report(f"checking and rendering {len(changed)} changed charters ({len(builds)} unchanged)")
    parse_cache = ParseCache(cache)
    to_render = changed | {path for path in withdrawn if path not in builds}
    gone = _gone(read.sources, ids, withdrawn)
    by_charter = _translations_by_charter(read.translations)
    problems = [
        *read.problems,
        *settings_warnings,
        *(problem for built in builds.values() for problem in built.problems),
    ]
    # Translations that name no current charter: unknown, renamed or withdrawn ones.
    translation_problems = [
        problem
        for charter, named in by_charter.items()
        if charter not in changed and charter not in builds
        for path, (charter_id, source) in named.items()
        for problem in check_translation(path, source, None, gone.get(charter_id))
    ]
    # Each charter is checked and rendered as soon as its revisions are parsed, and its
    # history let go: a cold build never holds every charter's at once. After the first
    # error the others are still checked, not rendered.
    lineages = parse_revisions(history, parse_cache, only=to_render)
    unparsed = [(path, None) for path in sorted(to_render - set(history.events))]
    for path, lineage in itertools.chain(((lineage.path, lineage) for lineage in lineages), unparsed):
        checked = None
        if path in changed:
            checked = check_source(
                path, read.sources[path], today, lambda _, lineage=lineage: _terms_on(lineage, today)
            )
            document, found = checked
            if document is not None and (
                reused := reused_id_problem(document, own_lineage(path, published), published)
            ):
                found.append(reused)
            problems += found
            translated = _check_translations(by_charter.get(path, {}), document, lineage, config.language)
            found += translated
            translation_problems += translated
        if has_errors(problems) or has_errors(translation_problems):
            continue
        built = _render_charter(path, checked, lineage, withdrawn.get(path), translations.of(ids[path]), config, today)
        if built is None:
            continue  # withdrawn before any of its revisions was valid: nothing was published
        if lineage is None or lineage.complete:
            build_cache.put(path, keys[path], built)
        builds[path] = dataclasses.replace(built, files=holding.hold(path, built.files))
    parse_cache.save()
    parse_cache.keep_only(set(history.events))
    for failing, what in ((problems, "charters"), (translation_problems, "translations")):
        if has_errors(failing):
            errors = sorted(problem for problem in failing if problem.severity is Severity.ERROR)
            raise BuildFailed(
                f"the {what} have errors; fix them first:\n" + text_report(errors, read.files_found, colour=False)
            )
    problems = sorted([*problems, *translation_problems])
    build_cache.keep_only(set(keys))
    ordered = _one_per_id(builds, set(read.sources))
    site = Site(config, tuple(built.listing for built in ordered), today)
    return render_site(site, [built.files for built in ordered], settings, pages), problems


def _held(path: str, entry: tuple[str, CharterBuild], holding: Holding) -> tuple[str, CharterBuild]:
    key, built = entry
    return key, dataclasses.replace(built, files=holding.hold(path, built.files))


def _translations_by_charter(sources: dict[str, bytes]) -> dict[str | None, dict[str, tuple[str | None, bytes]]]:
    """The working tree's translations by the charter file each names (None: a name that
    is not a translation's), each with the charter id it names."""
    found: dict[str | None, dict[str, tuple[str | None, bytes]]] = {}
    for path, source in sources.items():
        named = translation_name(path)
        charter = f"{CHARTERS_FOLDER}/{named[0]}.yaml" if named else None
        found.setdefault(charter, {})[path] = (named[0] if named else None, source)
    return found


def _terms_on(lineage: Lineage | None, today: dt.date) -> TermsOn | None:
    return lineage_terms(lineage, today) if lineage is not None else None


def _check_translations(
    translations: dict[str, tuple[str | None, bytes]],
    document: Document | None,
    lineage: Lineage | None,
    site_language: str,
) -> list[Problem]:
    """The problems of one checked charter's translations, against the terms of the
    version each follows (from ``lineage``, its history, when that is an earlier one).
    They join the charter's own, to be kept with its build: a translation is part of its
    key, so an unchanged charter's were found before."""
    if document is None:
        return []

    def version_terms(_: str) -> dict[int, dict]:
        return published_terms(lineage.revisions) if lineage is not None else {}

    found: list[Problem] = []
    for path, (_, source) in translations.items():
        found += check_translation(path, source, translated_charter(document, version_terms, site_language))
    return found


def _gone(
    current: dict[str, bytes], ids: dict[str, tuple[str, ...]], withdrawn: dict[str, str]
) -> dict[str, CharterGone]:
    """By each id a charter no longer has: the id it has now, or when it was withdrawn."""
    gone = {former: CharterGone(withdrawn=day) for path, day in withdrawn.items() for former in ids[path]}
    gone.update(
        (former, CharterGone(renamed_to=charter_id_of(path)))
        for path in current
        for former in ids[path]
        if former != charter_id_of(path)
    )
    return gone


def _one_per_id(builds: dict[str, CharterBuild], current: set[str]) -> list[CharterBuild]:
    """The charters to publish, by id. A withdrawn charter whose last terms had an id that a
    current charter (or another withdrawn one) has now gives way: the id-reused rule keeps
    that from happening on the main line, and its own history stays in git."""
    chosen: dict[str, CharterBuild] = {}
    for path in sorted(builds, key=lambda path: (path not in current, path)):
        chosen.setdefault(builds[path].listing.id, builds[path])
    return [chosen[charter_id] for charter_id in sorted(chosen)]


def _withdrawn(history: FileHistory, current: dict[str, bytes]) -> dict[str, str]:
    """The charters whose file left the main line and whose id no current charter has
    (latest path → the date it left): they stay published, marked withdrawn."""
    live = {charter_id_of(path) for path in current}
    return {
        latest: removed
        for latest in history.events
        if latest not in current and charter_id_of(latest) not in live and (removed := history.removed_on(latest))
    }


def _render_charter(
    path: str,
    checked: tuple[Document | None, list[Problem]] | None,
    lineage: Lineage | None,
    withdrawn: str | None,
    translations: dict[str, tuple[TranslationRevision, ...]],
    config: SiteConfig,
    today: dt.date,
) -> CharterBuild | None:
    """One charter's part of the site: a current one from its checked file, a withdrawn one
    from its last valid revision on the main line."""
    history_of = charter_history(lineage, today) if lineage is not None and (withdrawn or not lineage.removed) else None
    if checked is not None:
        document, found = checked
    elif history_of is not None and history_of.current is not None:
        document, found = history_of.current.document, []
    else:
        return None
    view = charter_view(
        document, found, history_of, config, today, render_markdown(document.data["purpose"]), withdrawn
    )
    translated = charter_translations(view, document.data.get("language", config.language), translations)
    listing = charter_listing(view, translated.languages)
    return CharterBuild(tuple(found), listing, render_charter(view, listing, config, translated))
