"""Command line: parse options, call one function per command, map outcomes to exit codes.

Exit codes: 0 clean (warnings allowed), 1 problems found, 2 wrong usage.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from generator import __version__
from generator.clock import ClockError, today
from generator.problems import has_errors
from generator.report import REPORTERS
from generator.sources import repository_root
from generator.workspace import CHARTERS_FOLDER, check_charters

EXIT_PROBLEMS = 1


def _default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def _use_colour() -> bool:
    # https://no-color.org: any non-empty NO_COLOR turns colour off.
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="charters")
def main() -> None:
    """Validate shared benchmark charters and publish them as a versioned site."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(REPORTERS)),
    default=_default_format,
    show_default="github on GitHub Actions, else text",
    help="How to print problems.",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def validate(paths: tuple[Path, ...], output_format: str, strict: bool) -> None:
    """Check charters against the schema and the rules.

    PATHS are charter files or folders; by default every file in the charters/ folder
    at the top of the repository.
    """
    root = repository_root(Path.cwd())
    if not paths and not (root / CHARTERS_FOLDER).is_dir():
        raise click.UsageError(
            f"no {CHARTERS_FOLDER}/ folder in {root}: run inside a charters repository, or name the charter files"
        )
    try:
        checked = check_charters(root, list(paths), today())
    except ClockError as error:
        raise click.UsageError(str(error)) from error
    problems = [problem.as_error() for problem in checked.problems] if strict else list(checked.problems)
    click.echo(REPORTERS[output_format](problems, checked.files_checked, _use_colour()), nl=False, color=_use_colour())
    if has_errors(problems):
        sys.exit(EXIT_PROBLEMS)
