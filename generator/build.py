"""Build the public site: check → history → model → render → write → MkDocs → direct pages.

Everything is gathered and rendered before anything is written; the input folder and the
site are staged beside their targets and swapped in only when MkDocs succeeded.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import gc
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.build_cache import BuildCache, CharterBuild, charter_key
from generator.build_lock import one_build_at_a_time
from generator.caching import CACHE_FOLDER, CacheFolder
from generator.engines import Engine, EngineFailed, run_engine
from generator.history import FileHistory, ParseCache, parse_revisions, read_history
from generator.history.revisions import Lineage, charter_id_of
from generator.links import broken_links
from generator.load import Document
from generator.model.history import charter_history
from generator.model.in_force import lineage_terms
from generator.model.listing import Site, charter_listing
from generator.model.published import own_lineage, reused_id_problem
from generator.model.site import SiteConfig, charter_view, page_url
from generator.output_folder import (
    KEPT_FOLDERS,
    BuiltFolder,
    check_replaceable,
    discard_ours,
    input_built_earlier,
    mark,
    recover,
    seal,
    site_built_earlier,
)
from generator.own_pages import page_files
from generator.problems import Problem, Severity, has_errors
from generator.render.direct import SHELLS_FOLDER, Shell, ShellMismatch, gzipped, sitemap
from generator.render.fragments import FRAGMENTS_SUFFIX, FragmentMismatch, fill_pages
from generator.render.mkdocs_config import THEME_FOLDER
from generator.render.rendered import RenderedSite
from generator.render.safe_markdown import render_markdown
from generator.render.site import render_charter, render_site
from generator.render.visible import visible
from generator.report import problem_lines, text_report
from generator.settings import Settings, read_settings
from generator.validate import TermsOn
from generator.workspace import CHARTERS_FOLDER, check_source, read_charters
from generator.write import empty_trash, signals_held, staging_folder, swap_in, write_files

INPUT_FOLDER = "build"  # the generated MkDocs input; git-ignored


class BuildFailed(RuntimeError):
    """The site could not be built; the message says why. Nothing was changed."""


@dataclass(frozen=True)
class Built:
    problems: tuple[Problem, ...]  # warnings (a build with errors raises instead)
    pages: int
    files: int


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
    read = read_charters(root, [])
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
        gc.freeze()
    finally:
        if collecting:
            gc.enable()
    withdrawn = _withdrawn(history, read.sources)
    # A withdrawn charter has no file: its key is its history alone.
    sources = {**read.sources, **dict.fromkeys(withdrawn, b"")}
    published = history.published_ids()
    stored.update((path, entry) for path in withdrawn if (entry := build_cache.read(path, published[path])) is not None)
    keys = {path: charter_key(path, source, history.identity(path), config, today) for path, source in sources.items()}
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
    report("rendering pages")
    for path in sorted(to_render):
        built = _render_charter(path, checked.get(path), lineages.get(path), withdrawn.get(path), config, today)
        if built is None:
            continue  # withdrawn before any of its revisions was valid: nothing was published
        builds[path] = built
        if path not in lineages or lineages[path].complete:
            build_cache.put(path, keys[path], built)
    build_cache.keep_only(set(keys))
    ordered = _one_per_id(builds, set(read.sources))
    site = Site(config, tuple(built.listing for built in ordered), today)
    return render_site(site, [built.files for built in ordered], settings, pages), problems


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
    listing = charter_listing(view)
    return CharterBuild(tuple(found), listing, render_charter(view, listing, config))


def run_site_engine(config_file: Path, site_dir: Path, engine: Engine = Engine.MKDOCS) -> None:
    """The engine's build of the generated input; BuildFailed with what it said."""
    try:
        run_engine(engine, config_file, site_dir)
    except EngineFailed as error:
        raise BuildFailed(str(error)) from error


def finish_direct_pages(site: Path, rendered: RenderedSite, previous: Path) -> None:
    """Put each direct page into its shell; then take the shells out of the site and its
    sitemap. ``previous``: the site this one replaces, whose unchanged pages are linked."""
    if not rendered.direct:
        return
    try:
        shells = {
            headings: Shell((site / address / "index.html").read_text(encoding="utf-8"), address, rendered.site_url)
            for headings, address in rendered.shells.items()
        }
        pages = {page.output: shells[page.headings].fill(page).encode() for page in rendered.direct}
    except (ShellMismatch, OSError) as error:
        raise BuildFailed(
            f"cannot finish the version, history and compare pages: {error}. Do the repository's "
            "mkdocs.yml theme or Markdown settings change where pages go or how `## headings` render?"
        ) from error
    write_files(site, pages, previous)
    shutil.rmtree(site / SHELLS_FOLDER)
    if (site / "sitemap.xml").is_file():
        try:
            content = sitemap(
                (site / "sitemap.xml").read_text(encoding="utf-8"),
                rendered.site_url + SHELLS_FOLDER + "/",
                [rendered.site_url + page.address for page in rendered.direct],
            )
        except ShellMismatch as error:
            raise BuildFailed(f"cannot list the version, history and compare pages in the sitemap: {error}") from error
        write_files(site, {"sitemap.xml": content.encode()})
        compressed = site / "sitemap.xml.gz"
        if compressed.is_file():
            write_files(site, {"sitemap.xml.gz": gzipped(content, compressed.read_bytes())})


def _finish_for(engine: Engine, site: Path, rendered: RenderedSite) -> None:
    """What an engine leaves undone: a compressed sitemap beside the sitemap (Zensical
    writes none), and a check of every link and anchor of the pages it rendered, which
    neither engine sees whole."""
    if (site / "sitemap.xml").is_file() and not (site / "sitemap.xml.gz").is_file():
        write_files(site, {"sitemap.xml.gz": gzipped((site / "sitemap.xml").read_text(encoding="utf-8"), b"")})
    # The shells are gone by now; the pages put into them come whole from the templates.
    pages = [page_url(path) + "index.html" for path in rendered.docs if path.endswith(".md")]
    broken = broken_links(site, [page for page in pages if not page.startswith(f"{SHELLS_FOLDER}/")])
    if broken:
        shown = "\n".join(f"  {visible(link)}" for link in broken[:20])
        more = f"\n  … and {len(broken) - 20} more" if len(broken) > 20 else ""
        raise BuildFailed(
            f"{engine.label} built pages with links that lead nowhere:\n{shown}{more}\n"
            "Mend each where it is written (a charter's purpose, the settings' texts, a file in pages/): "
            "link a page of the site by its address as it is published, e.g. ../contact/."
        )


def input_folder_of(root: Path) -> BuiltFolder:
    return BuiltFolder(
        root / INPUT_FOLDER,
        "MkDocs' input",
        input_built_earlier,
        f"move it elsewhere: the build writes MkDocs' input into {INPUT_FOLDER}/",
    )


def build(
    root: Path,
    out: Path,
    today: dt.date,
    report: Callable[[str], None] = lambda _: None,
    warn: Callable[[str], None] = lambda _: None,
    engine: Engine | None = None,
) -> Built:
    """Build the site into ``out`` with ``engine``, or the settings' one. ``report`` hears
    the stages, ``warn`` what the user must know (a cache not used, a folder restored).
    OutputRefused before anything is read when ``out`` or the input folder may not be
    replaced."""
    site_folder = BuiltFolder(out, "the site", site_built_earlier, "choose a folder of its own, e.g. --out site")
    input_folder = input_folder_of(root)
    with one_build_at_a_time(root, warn) as caching:
        for folder in (site_folder, input_folder):
            recover(folder, warn)
        check_replaceable(site_folder, root, {**KEPT_FOLDERS, INPUT_FOLDER: "is where MkDocs' input is written"})
        check_replaceable(input_folder, root, KEPT_FOLDERS)
        cache = CacheFolder(root if caching else None, warn)
        rendered, problems = prepare(root, today, report, cache)
        trash = root / CACHE_FOLDER / "trash" if caching else None
        _write_and_swap(root, out, rendered, report, trash, engine or rendered.engine)
    pages = sum(path.endswith(".md") for path in rendered.docs) - len(rendered.shells) + len(rendered.direct)
    kept_apart = sum(path.endswith(FRAGMENTS_SUFFIX) for path in rendered.docs)
    files = len(rendered.docs) - len(rendered.shells) - kept_apart + len(rendered.direct) + len(rendered.files)
    return Built(tuple(problems), pages, files)


def _write_and_swap(
    root: Path, out: Path, rendered: RenderedSite, report: Callable[[str], None], trash: Path | None, engine: Engine
) -> None:
    staged_input = staging_folder(root / INPUT_FOLDER)
    staged_site = staging_folder(out)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        try:
            for staged in (staged_input, staged_site):
                mark(staged)
            write_files(staged_input / "docs", rendered.docs, root / INPUT_FOLDER / "docs")
            write_files(staged_input / THEME_FOLDER, rendered.theme)
            (staged_input / "mkdocs.yml").write_text(rendered.config, encoding="utf-8")
            report(f"running {engine.label} on {sum(path.endswith('.md') for path in rendered.docs)} pages")
            # The previous build's retired site is deleted while MkDocs runs, not on the way out.
            emptying = pool.submit(empty_trash, trash) if trash is not None else None
            run_site_engine(staged_input / "mkdocs.yml", staged_site, engine)
            try:
                fill_pages(staged_site, rendered.docs)
            except (FragmentMismatch, OSError) as error:
                raise BuildFailed(
                    f"cannot finish the charter pages: {error}. Does the repository's mkdocs.yml change "
                    "how raw HTML in Markdown is rendered (md_in_html, a plugin)?"
                ) from error
            report(f"finishing {len(rendered.direct)} version, history and compare pages")
            if emptying is not None:
                emptying.result()
            finish_direct_pages(staged_site, rendered, out)
            write_files(staged_site, rendered.files, out)
            _finish_for(engine, staged_site, rendered)
            for staged in (staged_input, staged_site):
                seal(staged)
        except BaseException:
            discard_ours(staged_input)
            discard_ours(staged_site)
            raise
    # Ctrl-C or a kill waits until both folders are in place: "nothing was changed" or all was.
    with signals_held():
        swap_in(staged_input, root / INPUT_FOLDER, trash)
        swap_in(staged_site, out, trash)
