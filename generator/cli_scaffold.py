"""The scaffolding commands: `init` (a partners' repository) and `demo` (the example site)."""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

import click

from generator.cli_support import ENGINE_OPTION, CannotRun, build_and_report, say
from generator.demo.repository import make_repository
from generator.history.git import GitError, remote_url, tag_commit
from generator.report import problem_lines
from generator.scaffold.init import PLATFORMS, InitRefused, Outcome, apply, plan, repository_link, settings_file
from generator.scaffold.tool import this_tool
from generator.serve import AddressError, serve_folder, server_address
from generator.settings import SETTINGS_FILE, settings_from
from generator.write import NotAFile


@click.command("init")
@click.option("--site-url", help="The address the site is published at; guessed from a GitHub or GitLab origin.")
@click.option("--name", help="The site's name, e.g. 'Riverside and Greenmill charters'.")
@click.option("--platform", type=click.Choice(PLATFORMS), default="github", show_default=True, help="Where CI runs.")
def init_command(site_url: str | None, name: str | None, platform: str) -> None:
    """Make this git repository a partners' repository, or bring it up to this version.

    Writes charters/, the site settings (mkdocs.yml, only when missing), .gitignore, CI,
    the pull-request template, pre-commit and editor settings. Run again after upgrading
    the tool: files you edited are left as they are and named.
    """
    root = Path.cwd().absolute()
    if not (root / ".git").exists():
        raise CannotRun("this folder is not the top of a git repository; run `git init` first, or cd to its top")
    tool = this_tool()
    remote = repository_link(remote_url(root))
    settings = None
    if not (root / SETTINGS_FILE).exists():
        site_url = site_url or (remote[1] if remote else None)
        if not site_url:
            raise click.UsageError(
                "give the site's address: --site-url https://OWNER.github.io/REPOSITORY/ "
                "(a project site's address carries its sub-path)"
            )
        settings = settings_file(name or "Charters", site_url, remote[0] if remote else None)
        problems = settings_from(settings, root).problems
        if problems:
            say("\n".join(problem_lines(list(problems), colour=False)) + "\n", err=True)
            raise click.UsageError("these values do not make valid settings; correct them and run again")
    elif site_url or name:
        say(
            f"{SETTINGS_FILE} is yours already: --site-url and --name are not written into it; edit it instead\n",
            err=True,
        )
    commit = tag_commit(root, tool.repository, tool.ref) if platform == "github" else None
    if platform == "github" and commit is None:
        say(
            f"could not ask {tool.repository} for the commit of {tool.ref}: the workflow names the tag. "
            "Pin it to the tag's commit when you can (a tag can be moved); run `charters init` again to do it.\n",
            err=True,
        )
    try:
        steps, writes = plan(root, tool, platform, settings, commit)
        apply(root, tool, steps, writes)
    except InitRefused as error:
        raise CannotRun(f"{error}; nothing was written") from error
    except (OSError, NotAFile) as error:
        raise CannotRun(f"cannot write: {error}") from error
    width = max(len(step.path) for step in steps)
    say("".join(f"  {step.path.ljust(width)}  {step.outcome.value}\n" for step in steps))
    differing = [step.path for step in steps if step.outcome is Outcome.DIFFERS]
    if differing:
        say(
            f"{len(differing)} file(s) differ from what benchmark-charters {tool.version} writes: {', '.join(differing)}.\n"
            "They were edited, or written by another version; to take this version's, delete them and run "
            "`charters init` again.\n"
        )
    if platform == "gitlab":
        say(
            "on GitLab, add a daily pipeline schedule (Build > Pipeline schedules) so that the site follows "
            "the calendar: overdue reviews, the terms in force\n"
        )
    if settings is not None:
        say(f"next: `charters new ID` writes a first charter; the site will be {site_url}\n")


@click.command("demo")
@click.option("--out", default="site", show_default=True, metavar="DIR", help="Where the site goes.")
@click.option("--serve", "then_serve", is_flag=True, help="Serve the site afterwards, until Ctrl-C.")
@click.option("--address", default="127.0.0.1:8000", show_default=True, help="Host and port to serve on.")
@ENGINE_OPTION
def demo_command(out: str, then_serve: bool, address: str, engine: str | None) -> None:
    """Build the site of an example partners' repository, made on the fly.

    Two years of three charters, as their partners made them: pull requests, versions
    ratified by every party, an approval after the merge and one in the web interface's
    ledger, a loosening waiting out its notice period, a version blocked by an
    objection, a review every quarter. The same bytes every time.
    """
    try:
        host, port = server_address(address)
    except AddressError as error:
        raise click.BadParameter(str(error), param_hint="--address") from error
    with tempfile.TemporaryDirectory(prefix="charters-demo-") as folder:
        root = Path(folder) / "partners"
        root.mkdir()
        try:
            story = make_repository(root)
        except GitError as error:
            raise CannotRun(f"cannot make the demo's repository: {error}") from error
        # MkDocs dates its sitemap from this, as the build dates "today": the demo's own day.
        midnight = dt.datetime.combine(story.today, dt.time(0), dt.UTC)
        os.environ["SOURCE_DATE_EPOCH"] = str(int(midnight.timestamp()))
        build_and_report(root, out, True, story.today, engine)
    if then_serve:
        sys.exit(serve_folder(Path(out).absolute(), host, port, lambda message: say(message + "\n", err=True)))


SCAFFOLD_COMMANDS = (init_command, demo_command)
