"""The whole site rendered in memory: check → history → model → render, each charter taken
from the build cache where nothing it is made of changed. Nothing is written here.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import gc
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
    root: Path, today: dt.date, report: Callable[[str], None], cache: CacheFolder | None = None
) -> tuple[RenderedSite, list[Problem]]:
    """The whole site, rendered in memory; BuildFailed when a charter has errors. Without
    ``cache`` nothing is taken from earlier builds or kept for later ones.

    A charter whose file, history, the site settings and the date are as in an earlier
    build is taken from the build cache: not checked, parsed, modelled or rendered again.
    """
    cache = cache or CacheFolder(None)
    try:
        return _prepare(root, today, report, cache)
    finally:
        cache.close()


def _prepare(
    root: Path, today: dt.date, report: Callable[[str], None], cache: CacheFolder
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
            stored = {path: entry for path in read.sources if (entry := build_cache.read(path)) is not None}
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
    stored.update((path, entry) for path in withdrawn if (entry := build_cache.read(path, published[path])) is not None)
    # A charter's translations are those of every id it was published under, and its own.
    ids = {path: tuple(dict.fromkeys((*published.get(path, ()), charter_id_of(path)))) for path in sources}
    keys = {
        path: charter_key(path, source, history.identity(path), translations.identity(ids[path]), config, today)
        for path, source in sources.items()
    }
    builds = {path: stored[path][1] for path, key in keys.items() if path in stored and stored[path][0] == key}
    report(f"checking {len(keys) - len(builds)} changed charters ({len(builds)} unchanged)")
    parse_cache = ParseCache(cache)

    def history_terms(document: Document) -> TermsOn | None:
        lineage = next(iter(parse_revisions(history, parse_cache, only={document.path})), None)
        return lineage_terms(lineage, today) if lineage is not None else None

    checked = {
        path: check_source(path, source, today, history_terms)
        for path, source in read.sources.items()
        if path not in builds
    }
    reused = [
        problem
        for path, (document, _) in checked.items()
        if document is not None and (problem := reused_id_problem(document, own_lineage(path, published), published))
    ]
    problems = sorted(
        [
            *read.problems,
            *settings_warnings,
            *reused,
            *(problem for built in builds.values() for problem in built.problems),
            *(problem for _, found in checked.values() for problem in found),
        ]
    )
    if has_errors(problems):
        errors = [problem for problem in problems if problem.severity is Severity.ERROR]
        raise BuildFailed(
            "the charters have errors; fix them first:\n" + text_report(errors, read.files_found, colour=False)
        )
    report("parsing the changed charters' revisions")
    to_render = set(checked) | {path for path in withdrawn if path not in builds}
    lineages = {lineage.path: lineage for lineage in parse_revisions(history, parse_cache, only=to_render)}
    parse_cache.save()
    parse_cache.keep_only(set(history.events))
    gone = _gone(read.sources, ids, withdrawn)
    problems += _check_translations(read.translations, checked, lineages, set(builds), config.language, gone)
    if has_errors(problems):
        errors = [problem for problem in problems if problem.severity is Severity.ERROR]
        raise BuildFailed(
            "the translations have errors; fix them first:\n" + text_report(errors, read.files_found, colour=False)
        )
    report("rendering pages")
    for path in sorted(to_render):
        built = _render_charter(
            path,
            checked.get(path),
            lineages.get(path),
            withdrawn.get(path),
            translations.of(ids[path]),
            config,
            today,
        )
        if built is None:
            continue  # withdrawn before any of its revisions was valid: nothing was published
        builds[path] = built
        if path not in lineages or lineages[path].complete:
            build_cache.put(path, keys[path], built)
    build_cache.keep_only(set(keys))
    ordered = _one_per_id(builds, set(read.sources))
    site = Site(config, tuple(built.listing for built in ordered), today)
    return render_site(site, [built.files for built in ordered], settings, pages), problems


def _check_translations(
    sources: dict[str, bytes],
    checked: dict[str, tuple[Document | None, list[Problem]]],
    lineages: dict[str, Lineage],
    unchanged: set[str],
    site_language: str,
    gone: dict[str, CharterGone],
) -> list[Problem]:
    """The problems of the working tree's translations. Those of a charter checked now join
    its own, to be kept with its build; those of an unchanged charter were found before
    and kept with it (a translation is part of its key)."""
    found: list[Problem] = []

    def version_terms(charter: str) -> dict[int, dict]:
        lineage = lineages.get(charter)
        return published_terms(lineage.revisions) if lineage is not None else {}

    for path, source in sources.items():
        named = translation_name(path)
        charter = f"{CHARTERS_FOLDER}/{named[0]}.yaml" if named else None
        if charter in unchanged:
            continue
        document = checked[charter][0] if charter in checked else None
        if document is None:
            found += check_translation(path, source, None, gone.get(named[0]) if named else None)
            continue
        problems = check_translation(path, source, translated_charter(document, version_terms, site_language))
        checked[charter][1].extend(problems)
        found += problems
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
