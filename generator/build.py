"""Build the public site: check → history → model → render → write → MkDocs → direct pages.

Everything is gathered and rendered before anything is written; the input folder and the
site are staged beside their targets and swapped in only when MkDocs succeeded.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.history import read_lineages
from generator.model.history import charter_history
from generator.model.site import Site, SiteConfig, charter_view
from generator.problems import Problem, Severity, has_errors
from generator.render.direct import SHELLS_FOLDER, ShellMismatch, fill, gzipped, sitemap
from generator.render.safe_markdown import render_markdown
from generator.render.site import RenderedSite, render_site
from generator.report import text_report
from generator.workspace import CHARTERS_FOLDER, check_charters
from generator.write import discard, staging_folder, swap_in, write_files

INPUT_FOLDER = "build"  # the generated MkDocs input; git-ignored


class BuildFailed(RuntimeError):
    """The site could not be built; the message says why. Nothing was changed."""


@dataclass(frozen=True)
class Built:
    problems: tuple[Problem, ...]  # warnings (a build with errors raises instead)
    pages: int
    files: int


class _IgnoreTags(yaml.SafeLoader):
    """Reads mkdocs.yml for a few plain settings, whatever Python tags it also holds."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


def site_config(root: Path) -> SiteConfig:
    path = root / "mkdocs.yml"
    try:
        settings = yaml.load(path.read_text(encoding="utf-8"), Loader=_IgnoreTags) or {}
    except (OSError, yaml.YAMLError) as error:
        raise BuildFailed(f"{path}: cannot read the MkDocs settings: {error}") from error
    site_url = settings.get("site_url")
    if not site_url:
        raise BuildFailed(
            f"{path}: set `site_url:` to the address the site is published at; feeds and calendars need it"
        )
    return SiteConfig(settings.get("site_name", "Charters"), site_url.rstrip("/") + "/", settings.get("repo_url"))


def prepare(root: Path, today: dt.date, report: Callable[[str], None]) -> tuple[RenderedSite, list[Problem]]:
    """The whole site, rendered in memory; BuildFailed when a charter has errors."""
    report("checking charters")
    checked = check_charters(root, [], today)
    if has_errors(list(checked.problems)):
        errors = [problem for problem in checked.problems if problem.severity is Severity.ERROR]
        raise BuildFailed(
            "the charters have errors; fix them first:\n" + text_report(errors, checked.files_checked, colour=False)
        )
    config = site_config(root)
    report("reading history from git")
    histories = {
        lineage.path: charter_history(lineage)
        for lineage in read_lineages(root, CHARTERS_FOLDER, today, cached=True)
        if not lineage.removed
    }
    report("rendering pages")
    views = [
        charter_view(
            document,
            [problem for problem in checked.problems if problem.path == document.path],
            histories.get(document.path),
            config,
            today,
            render_markdown(document.data["purpose"]),
        )
        for document in sorted(checked.documents, key=lambda document: document.data["id"])
    ]
    return render_site(Site(config, tuple(views), today)), list(checked.problems)


def run_mkdocs(config_file: Path, site_dir: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--config-file",
        str(config_file),
        "--site-dir",
        str(site_dir),
    ]
    completed = subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"}, check=False
    )
    if completed.returncode != 0:
        details = [
            line
            for line in (completed.stdout + completed.stderr).splitlines()
            if "WARNING" in line or "ERROR" in line or "Error" in line
        ]
        raise BuildFailed(
            "MkDocs could not build the site:\n" + "\n".join(details or completed.stderr.splitlines()[-20:])
        )


def finish_direct_pages(site: Path, rendered: RenderedSite) -> None:
    """Put each direct page into its shell; then take the shells out of the site and its sitemap."""
    shells = {
        headings: ((site / address / "index.html").read_text(encoding="utf-8"), address)
        for headings, address in rendered.shells.items()
    }
    try:
        pages = {
            page.output: fill(*shells[page.headings], page, rendered.site_url).encode() for page in rendered.direct
        }
    except ShellMismatch as error:
        raise BuildFailed(
            f"cannot finish the version, history and compare pages: {error}. "
            "Do the repository's mkdocs.yml theme or Markdown settings change how `## headings` render?"
        ) from error
    write_files(site, pages)
    shutil.rmtree(site / SHELLS_FOLDER)
    if (site / "sitemap.xml").is_file():
        content = sitemap(
            (site / "sitemap.xml").read_text(encoding="utf-8"),
            rendered.site_url + SHELLS_FOLDER + "/",
            [rendered.site_url + page.address for page in rendered.direct],
        )
        write_files(site, {"sitemap.xml": content.encode()})
        compressed = site / "sitemap.xml.gz"
        if compressed.is_file():
            write_files(site, {"sitemap.xml.gz": gzipped(content, compressed.read_bytes())})


def build(root: Path, out: Path, today: dt.date, report: Callable[[str], None] = lambda _: None) -> Built:
    rendered, problems = prepare(root, today, report)
    staged_input = staging_folder(root / INPUT_FOLDER)
    staged_site = staging_folder(out)
    try:
        write_files(staged_input / "docs", rendered.docs)
        (staged_input / "mkdocs.yml").write_text(rendered.config, encoding="utf-8")
        report(f"running MkDocs on {sum(path.endswith('.md') for path in rendered.docs)} pages")
        run_mkdocs(staged_input / "mkdocs.yml", staged_site)
        report(f"finishing {len(rendered.direct)} version, history and compare pages")
        finish_direct_pages(staged_site, rendered)
    except BaseException:
        discard(staged_input)
        discard(staged_site)
        raise
    swap_in(staged_input, root / INPUT_FOLDER)
    swap_in(staged_site, out)
    pages = sum(path.endswith(".md") for path in rendered.docs) - len(rendered.shells) + len(rendered.direct)
    return Built(tuple(problems), pages, len(rendered.docs) - len(rendered.shells) + len(rendered.direct))
