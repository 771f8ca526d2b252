"""Build the public site: check → history → model → render → write → MkDocs → direct pages.

Everything is gathered and rendered before anything is written (prepare.py); the input
folder and the site are staged beside their targets and swapped in only when MkDocs
succeeded.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.build_lock import one_build_at_a_time
from generator.caching import CACHE_FOLDER, CacheFolder
from generator.engines import Engine, EngineFailed, run_engine
from generator.links import broken_links
from generator.model.site import page_url
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
from generator.prepare import BuildFailed, prepare, site_settings
from generator.problems import Problem
from generator.render.direct import SHELLS_FOLDER, Shell, ShellMismatch, gzipped, sitemap
from generator.render.fragments import FRAGMENTS_SUFFIX, FragmentMismatch, fill_pages
from generator.render.mkdocs_config import THEME_FOLDER
from generator.render.rendered import RenderedSite
from generator.render.visible import visible
from generator.write import discard, empty_trash, signals_held, staging_folder, swap_in, write_files

__all__ = ["BuildFailed", "Built", "build", "prepare", "run_site_engine", "site_settings"]

INPUT_FOLDER = "build"  # the generated MkDocs input; git-ignored
HELD_FOLDER = "held"  # inside the staged input: rendered files waiting to be written


@dataclass(frozen=True)
class Built:
    problems: tuple[Problem, ...]  # warnings (a build with errors raises instead)
    pages: int
    files: int


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
    except (ShellMismatch, OSError) as error:
        raise _unfinished(error) from error
    # One page at a time: together they are most of the site's bytes.
    for page in rendered.direct:
        try:
            filled = shells[page.headings].fill(page, rendered.bodies[page.source].decode("utf-8"))
        except ShellMismatch as error:
            raise _unfinished(error) from error
        write_files(site, {page.output: filled.encode()}, previous)
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


def _unfinished(error: Exception) -> BuildFailed:
    return BuildFailed(
        f"cannot finish the version, history and compare pages: {error}. Do the repository's "
        "mkdocs.yml theme or Markdown settings change where pages go or how `## headings` render?"
    )


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
        trash = root / CACHE_FOLDER / "trash" if caching else None
        rendered, problems = _build_and_swap(root, out, today, report, cache, trash, engine)
    pages = sum(path.endswith(".md") for path in rendered.docs) - len(rendered.shells) + len(rendered.direct)
    kept_apart = sum(path.endswith(FRAGMENTS_SUFFIX) for path in rendered.docs)
    files = len(rendered.docs) - len(rendered.shells) - kept_apart + len(rendered.direct) + len(rendered.files)
    return Built(tuple(problems), pages, files)


def _build_and_swap(
    root: Path,
    out: Path,
    today: dt.date,
    report: Callable[[str], None],
    cache: CacheFolder,
    trash: Path | None,
    engine: Engine | None,
) -> tuple[RenderedSite, list[Problem]]:
    staged_input = staging_folder(root / INPUT_FOLDER)
    staged_site = None
    try:
        mark(staged_input)
        # The rendered files wait in the staged input folder: they go with it if the build fails.
        held = staged_input / HELD_FOLDER
        rendered, problems = prepare(root, today, report, cache, held)
        staged_site = staging_folder(out)
        mark(staged_site)
        _write(root, out, rendered, report, trash, engine or rendered.engine, staged_input, staged_site)
        discard(held)
        for staged in (staged_input, staged_site):
            seal(staged)
    except BaseException:
        for staged in (staged_input, staged_site):
            if staged is not None:
                discard_ours(staged)
        raise
    # Ctrl-C or a kill waits until both folders are in place: "nothing was changed" or all was.
    with signals_held():
        swap_in(staged_input, root / INPUT_FOLDER, trash)
        swap_in(staged_site, out, trash)
    return rendered, problems


def _write(
    root: Path,
    out: Path,
    rendered: RenderedSite,
    report: Callable[[str], None],
    trash: Path | None,
    engine: Engine,
    staged_input: Path,
    staged_site: Path,
) -> None:
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
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
