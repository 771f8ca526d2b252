"""What every command shares: printing so that nothing printed can act, the errors that
end a command, and the arguments and lookups several commands take."""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import sys
from pathlib import Path

import click

from generator.build import BuildFailed, build
from generator.caching import CacheFolder
from generator.clock import ClockError, today
from generator.engines import ENGINES, Engine
from generator.history import GitError, read_lineages, read_lineages_and_ids
from generator.history.revisions import Lineage
from generator.history.versions import published_terms
from generator.load import Document
from generator.model.history import CharterHistory, UnknownRevision, find_history
from generator.model.in_force import lineage_terms
from generator.output_folder import OutputRefused
from generator.problems import Problem, Severity, has_errors
from generator.render.terminal import for_terminal
from generator.render.visible import visible
from generator.report import REPORTERS, plural, problem_lines
from generator.sources import repository_root
from generator.validate import TermsOn
from generator.workspace import CHARTERS_FOLDER

EXIT_PROBLEMS = 1
# A charter id as the format defines it: also the only safe part of a path built from it.
CHARTER_ID_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_MAX_ID_LENGTH = 64


class CannotRun(click.ClickException):
    """The command cannot do its work here (no git history, an unknown revision): exit 2."""

    exit_code = 2

    def format_message(self) -> str:
        return for_terminal(self.message)


def say(text: str, err: bool = False, colour: bool = False, annotations: bool = False, markdown: bool = False) -> None:
    """Print ``text`` (which ends with its own line break) so that nothing in it can act."""
    click.echo(for_terminal(text, colour, annotations, markdown), err=err, nl=False, color=colour or None)


def charter_id_argument(context: click.Context, parameter: click.Parameter, value: str) -> str:
    if len(value) > _MAX_ID_LENGTH or not CHARTER_ID_PATTERN.fullmatch(value):
        raise click.BadParameter(
            f"{visible(value[:80])!r} is not a charter id: lower-case letters and digits in words joined by "
            f"dashes, at most {_MAX_ID_LENGTH} characters, e.g. riverside-greenmill"
        )
    return value


def today_or_usage():
    try:
        return today()
    except ClockError as error:
        raise click.UsageError(str(error)) from error


def lineages(root: Path, ref: str = "HEAD"):
    return lineages_and_ids(root, ref)[0]


def lineages_and_ids(root: Path, ref: str = "HEAD"):
    """The main line's charter histories up to ``ref``, and every id each was published under."""
    cache = CacheFolder(root, lambda message: say(message + "\n", err=True))
    try:
        return read_lineages_and_ids(root, CHARTERS_FOLDER, ref, cache)
    except GitError as error:
        raise CannotRun(str(error)) from error
    finally:
        cache.close()


class MainLineTerms:
    """Where `validate` finds terms in history: the main line, read the first time a
    charter needs it (most never do). A file outside git, or one git cannot read, is
    checked against itself."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.readable = True

    @functools.cached_property
    def main_line(self) -> dict[str, Lineage]:
        cache = CacheFolder(self.root, lambda message: say(message + "\n", err=True))
        try:
            return {lineage.path: lineage for lineage in read_lineages(self.root, CHARTERS_FOLDER, cache=cache)}
        except GitError:
            self.readable = False
            return {}
        finally:
            cache.close()

    def in_force(self, document: Document) -> TermsOn | None:
        """The terms in force on a record entry's day (a HistoryTerms)."""
        lineage = self.main_line.get(document.path)
        return lineage_terms(lineage, today_or_usage()) if lineage is not None else None

    def published(self, path: str) -> dict[int, dict] | None:
        """The terms each version of the charter at ``path`` was published with (a
        VersionTerms); None when git cannot tell (a shallow clone)."""
        lineage = self.main_line.get(path)
        if not self.readable:
            return None
        return published_terms(lineage.revisions) if lineage is not None else {}


def history_of(charter_id: str) -> CharterHistory:
    try:
        return find_history(lineages(repository_root(Path.cwd())), charter_id, today_or_usage())
    except UnknownRevision as error:
        raise CannotRun(str(error)) from error


def print_errors(problems: list[Problem], files_checked: int) -> None:
    errors = [problem for problem in problems if problem.severity is Severity.ERROR]
    say(REPORTERS["text"](errors, files_checked, False), err=True)


def stop_on_errors(problems: list[Problem], files_checked: int) -> None:
    """Commands that need valid charters print the errors and exit 1 when there are any."""
    if has_errors(problems):
        print_errors(problems, files_checked)
        sys.exit(EXIT_PROBLEMS)


def default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def use_colour() -> bool:
    # https://no-color.org: any non-empty NO_COLOR turns colour off.
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


ENGINE_OPTION = click.option(
    "--engine",
    type=click.Choice(ENGINES),
    help="What makes HTML of the pages, instead of the settings' `engine:` (mkdocs unless they say).",
)


def build_and_report(root: Path, out: str, quiet: bool, today: dt.date, engine: str | None = None) -> None:
    """`charters build` of ``root`` into ``out`` (with ``engine``, or the settings'), with
    the stages on a terminal, every warning unless ``quiet``, and each way it can fail
    turned into its exit status."""
    if not out.strip():
        raise CannotRun("--out is empty: give the folder the site goes into, e.g. --out site")
    terminal = sys.stderr.isatty()
    try:
        built = build(
            root,
            Path(out).absolute(),
            today,
            lambda stage: say(f"… {stage}\n", err=True) if terminal else None,
            lambda message: say(message + "\n", err=True),
            Engine(engine) if engine else None,
        )
    except BuildFailed as error:
        say(f"{error}\n", err=True)
        sys.exit(EXIT_PROBLEMS)
    except (GitError, OutputRefused) as error:
        raise CannotRun(str(error)) from error
    except OSError as error:  # a disk full, a folder that cannot be written after all
        raise CannotRun(
            f"cannot write the site: {error.strerror or error} ({error.filename}); nothing was changed"
        ) from error
    if not quiet and built.problems:
        say("\n".join(problem_lines(sorted(built.problems), use_colour())) + "\n")
    say(
        f"built {built.pages} pages ({built.files} files) into {visible(out)}; {plural(len(built.problems), 'warning')}\n"
    )
