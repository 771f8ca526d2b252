"""Command line: parse options, call one function per command, map outcomes to exit codes.

Exit codes: 0 clean (warnings allowed), 1 problems found, 2 wrong usage or a command that
cannot run here, 130 interrupted. Everything printed goes through ``say``, which makes
sure that no value can act on a terminal or a CI log (cli_support.say, render/terminal.py).
The partner commands (new, approvals, codeowners) are in cli_partners.py, the scaffolding
commands (init, demo) in cli_scaffold.py.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import sys
from pathlib import Path

import click

from generator import __version__
from generator.build import BuildFailed
from generator.caching import CacheFolder
from generator.changes.diff import semantic_changes
from generator.cli_partners import PARTNER_COMMANDS
from generator.cli_positions import POSITION_COMMANDS
from generator.cli_record import RECORD_COMMANDS
from generator.cli_scaffold import SCAFFOLD_COMMANDS
from generator.cli_support import (
    ENGINE_OPTION,
    EXIT_PROBLEMS,
    CannotRun,
    MainLineTerms,
    build_and_report,
    charter_id_argument,
    default_format,
    history_of,
    lineages_and_ids,
    say,
    today_or_usage,
    use_colour,
)
from generator.history import GitError
from generator.history.pull_request import read_pull_request
from generator.model.history import (
    UnknownRevision,
    charter_history,
    default_comparison,
    select_revision,
)
from generator.model.in_force import lineage_terms
from generator.model.published import own_lineage, reused_id_problem
from generator.model.pull_request import check_pull_request
from generator.model.version_check import lineage_at, version_problem
from generator.problems import has_errors
from generator.render.json_output import diff_json
from generator.render.markdown import changes_table, pull_request_comment
from generator.render.text import changes_text, history_text, in_force_text
from generator.render.visible import visible
from generator.report import REPORTERS
from generator.serve import AddressError, serve, server_address
from generator.settings import read_settings
from generator.sources import repository_root
from generator.verdicts import Verdicts
from generator.workspace import CHARTERS_FOLDER, check_charters

# An address the comment links to as it is: no space, quote, bracket or parenthesis that
# could end the link or the text around it.
_SAFE_URL = re.compile(r"https?://[A-Za-z0-9._~:/?#@!$&*+,;=%-]+")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="charters")
def commands() -> None:
    """Validate shared benchmark charters and publish them as a versioned site."""


for family_command in (*PARTNER_COMMANDS, *POSITION_COMMANDS, *RECORD_COMMANDS, *SCAFFOLD_COMMANDS):
    commands.add_command(family_command)


@commands.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(REPORTERS)),
    default=default_format,
    show_default="github on GitHub Actions, else text",
    help="How to print problems.",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--against",
    metavar="REV",
    help="Also check the version rules against the main-line history up to this commit (e.g. origin/main).",
)
def validate(paths: tuple[Path, ...], output_format: str, strict: bool, against: str | None) -> None:
    """Check charters against the schema and the rules.

    PATHS are charter files or folders; by default every file in the charters/ folder
    at the top of the repository.
    """
    root = repository_root(Path.cwd())
    if not paths and not (root / CHARTERS_FOLDER).is_dir():
        raise click.UsageError(
            f"no {CHARTERS_FOLDER}/ folder in {root}: run inside a charters repository, or name the charter files"
        )
    if against is not None and not against.strip():
        raise click.BadParameter("give the commit to compare with, e.g. --against origin/main", param_hint="--against")
    main_line = MainLineTerms(root)
    settings = read_settings(root).settings
    site_language = settings.site.language if settings is not None else "en"  # its problems are the build's
    # --against needs every charter's document, which a kept verdict does not give.
    store = CacheFolder(root if against is None else None, lambda message: say(message + "\n", err=True))
    verdicts = Verdicts(store, today_or_usage(), site_language)
    checked = check_charters(
        root,
        list(paths),
        today_or_usage(),
        main_line.in_force,
        main_line.published,
        site_language,
        verdicts,
        with_documents=against is not None,
    )
    verdicts.save(every_file=not paths)
    store.close()
    problems = list(checked.problems)
    if against is not None:
        main_line, published = lineages_and_ids(root, against)
        for document in checked.documents:
            lineage = lineage_at(document.path, main_line)
            own = own_lineage(document.path, published)
            ratified = lineage is not None and any(
                standing.ratified for standing in charter_history(lineage, today_or_usage()).standings.values()
            )
            found = (version_problem(document, lineage, ratified), reused_id_problem(document, own, published))
            problems += filter(None, found)
        problems.sort()
    problems = [problem.as_error() for problem in problems] if strict else problems
    colour = use_colour() and output_format == "text"
    say(
        REPORTERS[output_format](problems, checked.files_checked, colour),
        colour=colour,
        annotations=output_format == "github",
    )
    if has_errors(problems):
        sys.exit(EXIT_PROBLEMS)


def _day(context: click.Context, parameter: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{visible(value[:40])!r} is not a date; write it as 2026-09-01") from None


@commands.command()
@click.argument("charter_id", callback=charter_id_argument)
@click.option("--at", "day", metavar="DATE", callback=_day, help="Only say which version was in force on DATE.")
def history(charter_id: str, day: str | None) -> None:
    """Show every revision and version of a charter, with approvals, PRs and drift."""
    found = history_of(charter_id)
    today = today_or_usage().isoformat()
    say(in_force_text(found, day, today) if day else history_text(found, today))


@commands.command()
@click.argument("charter_id", callback=charter_id_argument)
@click.argument("from_revision", metavar="[FROM]", required=False)
@click.argument("to_revision", metavar="[TO]", required=False)
@click.option(
    "--format", "output_format", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True
)
def diff(charter_id: str, from_revision: str | None, to_revision: str | None, output_format: str) -> None:
    """Show what changed in a charter, by meaning, with tightened/loosened marks.

    FROM and TO are versions (v2) or commit ids. Without them: the current version against
    the one before it.
    """
    history = history_of(charter_id)
    try:
        new = select_revision(history, to_revision) if to_revision else None
        old, new = (
            (select_revision(history, from_revision), new or history.current)
            if from_revision
            else default_comparison(history, new)
        )
    except UnknownRevision as error:
        raise CannotRun(str(error)) from error
    changes = semantic_changes(old.document.data, new.document.data)
    if output_format == "json":
        say(diff_json(history.charter_id, old, new, changes))
    elif output_format == "markdown":
        heading = f"## {history.charter_id}: v{old.document.data['version']} → v{new.document.data['version']}"
        say("\n".join([heading, "", *changes_table(changes)]) + "\n", markdown=True)
    else:
        say(
            f"{visible(history.path)}: {old.commit.id[:10]} (v{old.document.data['version']}) → "
            f"{new.commit.id[:10]} (v{new.document.data['version']})\n" + changes_text(changes)
        )


@commands.command("check-pr")
@click.option("--base", required=True, metavar="REV", help="The branch the pull request targets, e.g. origin/main.")
@click.option("--head", default="HEAD", show_default=True, metavar="REV", help="The pull request's head.")
@click.option(
    "--require-ratified",
    is_flag=True,
    help="Exit 1 also until every party has approved the pull request's versions with the evidence they need.",
)
@click.option("--preview-url", metavar="URL", help="Where CI keeps the site preview, linked from the comment.")
def check_pr(base: str, head: str, require_ratified: bool, preview_url: str | None) -> None:
    """Check a pull request's charters: rules, versions, changes and who still has to approve.

    Prints Markdown for a PR comment, and appends it to $GITHUB_STEP_SUMMARY when set.
    Exits 1 when a rule is broken (with --require-ratified, also while a version waits for
    a party or is blocked by an objection).
    """
    if preview_url is not None and not _SAFE_URL.fullmatch(preview_url):
        raise click.BadParameter("give an http(s) address without spaces or quotes", param_hint="--preview-url")
    root = repository_root(Path.cwd())
    try:
        today = today_or_usage()
        changes = read_pull_request(
            root, base, head, CHARTERS_FOLDER, today, functools.partial(lineage_terms, today=today)
        )
    except GitError as error:
        raise CannotRun(str(error)) from error
    check = check_pull_request(changes, today_or_usage(), preview_url)
    comment = pull_request_comment(check)
    say(comment, markdown=True)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as stream:
            stream.write(comment)
    if not check.passed or (require_ratified and not check.ratified):
        sys.exit(EXIT_PROBLEMS)


@commands.command("build")
@click.option("--out", default="site", show_default=True, metavar="DIR", help="Where the site goes.")
@click.option("--quiet", is_flag=True, help="Count the charters' warnings instead of listing them.")
@ENGINE_OPTION
def build_command(out: str, quiet: bool, engine: str | None) -> None:
    """Build the public site from the charters and their git history.

    The previous site stays in place unless the whole build succeeds. DIR is replaced
    whole, so it must be a site this tool built, or an empty or new folder.
    """
    build_and_report(repository_root(Path.cwd()), out, quiet, today_or_usage(), engine)


@commands.command("serve")
@click.option("--address", default="127.0.0.1:8000", show_default=True, help="Host and port to serve on.")
def serve_command(address: str) -> None:
    """Preview the site: rebuilds when a charter or template changes and reloads the browser."""
    try:
        host, port = server_address(address)
    except AddressError as error:
        raise click.BadParameter(str(error), param_hint="--address") from error
    root = repository_root(Path.cwd())
    try:
        code = serve(root, host, port, today_or_usage, lambda message: say(message + "\n", err=True))
    except BuildFailed as error:
        say(f"{error}\n", err=True)
        sys.exit(EXIT_PROBLEMS)
    sys.exit(code)


def run() -> None:
    """Run the command named on the command line; see generator/entry.py."""
    try:
        commands.main(prog_name="charters", standalone_mode=False)
    except click.exceptions.Abort as error:
        raise KeyboardInterrupt from error
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except click.exceptions.Exit as error:
        sys.exit(error.exit_code)
