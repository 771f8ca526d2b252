"""Command line: parse options, call one function per command, map outcomes to exit codes.

Exit codes: 0 clean (warnings allowed), 1 problems found, 2 wrong usage or a command that
cannot run here, 130 interrupted. Everything printed goes through ``_say``, which makes
sure that no value can act on a terminal or a CI log (render/terminal.py).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import click

from generator import __version__
from generator.build import BuildFailed, build
from generator.caching import CacheFolder
from generator.changes.diff import semantic_changes
from generator.clock import ClockError, today
from generator.history import GitError, read_lineages
from generator.history.pull_request import read_pull_request
from generator.model.history import (
    CharterHistory,
    UnknownRevision,
    charter_history,
    default_comparison,
    find_history,
    select_revision,
)
from generator.model.published import ids_of_lineages, reused_id_problem
from generator.model.pull_request import check_pull_request
from generator.model.version_check import lineage_at, version_problem
from generator.output_folder import OutputRefused
from generator.problems import Problem, Severity, has_errors
from generator.render.codeowners import codeowners
from generator.render.json_output import diff_json
from generator.render.markdown import changes_table, pull_request_comment
from generator.render.terminal import for_terminal
from generator.render.text import approvals_text, changes_text, history_text
from generator.render.visible import visible
from generator.report import REPORTERS
from generator.scaffold import NewParty, Representative, new_charter
from generator.serve import AddressError, serve, server_address
from generator.sources import repository_root
from generator.workspace import CHARTERS_FOLDER, check_charters, check_source
from generator.write import NotAFile, write_file

EXIT_PROBLEMS = 1
# A charter id as the format defines it: also the only safe part of a path built from it.
_CHARTER_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_MAX_ID_LENGTH = 64


class CannotRun(click.ClickException):
    """The command cannot do its work here (no git history, an unknown revision): exit 2."""

    exit_code = 2

    def format_message(self) -> str:
        return for_terminal(self.message)


def _say(text: str, err: bool = False, colour: bool = False, annotations: bool = False, markdown: bool = False) -> None:
    """Print ``text`` (which ends with its own line break) so that nothing in it can act."""
    click.echo(for_terminal(text, colour, annotations, markdown), err=err, nl=False, color=colour or None)


def _charter_id(context: click.Context, parameter: click.Parameter, value: str) -> str:
    if len(value) > _MAX_ID_LENGTH or not _CHARTER_ID.fullmatch(value):
        raise click.BadParameter(
            f"{visible(value[:80])!r} is not a charter id: lower-case letters and digits in words joined by "
            f"dashes, at most {_MAX_ID_LENGTH} characters, e.g. riverside-greenmill"
        )
    return value


def _today():
    try:
        return today()
    except ClockError as error:
        raise click.UsageError(str(error)) from error


def _lineages(root: Path, ref: str = "HEAD"):
    cache = CacheFolder(root, lambda message: _say(message + "\n", err=True))
    try:
        return read_lineages(root, CHARTERS_FOLDER, _today(), ref, cache)
    except GitError as error:
        raise CannotRun(str(error)) from error
    finally:
        cache.close()


def _history(charter_id: str) -> CharterHistory:
    try:
        return find_history(_lineages(repository_root(Path.cwd())), charter_id)
    except UnknownRevision as error:
        raise CannotRun(str(error)) from error


def _print_errors(problems: list[Problem], files_checked: int) -> None:
    errors = [problem for problem in problems if problem.severity is Severity.ERROR]
    _say(REPORTERS["text"](errors, files_checked, False), err=True)


def _stop_on_errors(problems: list[Problem], files_checked: int) -> None:
    """Commands that need valid charters print the errors and exit 1 when there are any."""
    if has_errors(problems):
        _print_errors(problems, files_checked)
        sys.exit(EXIT_PROBLEMS)


def _default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def _use_colour() -> bool:
    # https://no-color.org: any non-empty NO_COLOR turns colour off.
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="charters")
def commands() -> None:
    """Validate shared benchmark charters and publish them as a versioned site."""


@commands.command()
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
    checked = check_charters(root, list(paths), _today())
    problems = list(checked.problems)
    if against is not None:
        lineages = _lineages(root, against)
        published = ids_of_lineages(lineages)
        for document in checked.documents:
            lineage = lineage_at(document.path, lineages)
            own = lineage.path if lineage else None
            problems += filter(None, (version_problem(document, lineage), reused_id_problem(document, own, published)))
        problems.sort()
    problems = [problem.as_error() for problem in problems] if strict else problems
    colour = _use_colour() and output_format == "text"
    _say(
        REPORTERS[output_format](problems, checked.files_checked, colour),
        colour=colour,
        annotations=output_format == "github",
    )
    if has_errors(problems):
        sys.exit(EXIT_PROBLEMS)


@commands.command()
@click.argument("charter_id", callback=_charter_id)
def history(charter_id: str) -> None:
    """Show every revision and version of a charter, with approvals, PRs and drift."""
    _say(history_text(_history(charter_id)))


@commands.command()
@click.argument("charter_id", callback=_charter_id)
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
    history = _history(charter_id)
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
        _say(diff_json(history.charter_id, old, new, changes))
    elif output_format == "markdown":
        heading = f"## {history.charter_id}: v{old.document.data['version']} → v{new.document.data['version']}"
        _say("\n".join([heading, "", *changes_table(changes)]) + "\n", markdown=True)
    else:
        _say(
            f"{visible(history.path)}: {old.commit.id[:10]} (v{old.document.data['version']}) → "
            f"{new.commit.id[:10]} (v{new.document.data['version']})\n" + changes_text(changes)
        )


@commands.command("check-pr")
@click.option("--base", required=True, metavar="REV", help="The branch the pull request targets, e.g. origin/main.")
@click.option("--head", default="HEAD", show_default=True, metavar="REV", help="The pull request's head.")
def check_pr(base: str, head: str) -> None:
    """Check a pull request's charters: rules, versions, changes and missing approvals.

    Prints Markdown for a PR comment, and appends it to $GITHUB_STEP_SUMMARY when set.
    Exits 1 when a rule is broken.
    """
    root = repository_root(Path.cwd())
    try:
        changes = read_pull_request(root, base, head, CHARTERS_FOLDER, _today())
    except GitError as error:
        raise CannotRun(str(error)) from error
    check = check_pull_request(changes)
    comment = pull_request_comment(check)
    _say(comment, markdown=True)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as stream:
            stream.write(comment)
    if not check.passed:
        sys.exit(EXIT_PROBLEMS)


@commands.command("build")
@click.option("--out", default="site", show_default=True, metavar="DIR", help="Where the site goes.")
def build_command(out: str) -> None:
    """Build the public site from the charters and their git history.

    The previous site stays in place unless the whole build succeeds. DIR is replaced
    whole, so it must be a site this tool built, or an empty or new folder.
    """
    if not out.strip():
        raise CannotRun("--out is empty: give the folder the site goes into, e.g. --out site")
    root = repository_root(Path.cwd())
    terminal = sys.stderr.isatty()
    try:
        built = build(
            root,
            Path(out).absolute(),
            _today(),
            lambda stage: _say(f"… {stage}\n", err=True) if terminal else None,
            lambda message: _say(message + "\n", err=True),
        )
    except BuildFailed as error:
        _say(f"{error}\n", err=True)
        sys.exit(EXIT_PROBLEMS)
    except (GitError, OutputRefused) as error:
        raise CannotRun(str(error)) from error
    _say(f"built {built.pages} pages ({built.files} files) into {visible(out)}; {len(built.problems)} warnings\n")


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
        code = serve(root, host, port, _today, lambda message: _say(message + "\n", err=True))
    except BuildFailed as error:
        _say(f"{error}\n", err=True)
        sys.exit(EXIT_PROBLEMS)
    sys.exit(code)


_CODEOWNERS_FILES = {"github": ".github/CODEOWNERS", "gitlab": ".gitlab/CODEOWNERS"}


@commands.command("codeowners")
@click.option("--platform", type=click.Choice(sorted(_CODEOWNERS_FILES)), default="github", show_default=True)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write it (default: the platform's place).",
)
def codeowners_command(platform: str, output: Path | None) -> None:
    """Write a CODEOWNERS file that asks each charter's representatives to review it.

    Representatives are reached through their `github:` or `gitlab:` handles.
    """
    root = repository_root(Path.cwd())
    checked = check_charters(root, [], _today())
    _stop_on_errors(list(checked.problems), checked.files_checked)
    text, unreachable = codeowners(list(checked.documents), platform)
    target = output or root / _CODEOWNERS_FILES[platform]
    try:
        write_file(target, text.encode())
    except NotAFile as error:
        raise CannotRun(f"{error}; give --output a regular file") from error
    except OSError as error:
        raise CannotRun(f"cannot write {target}: {error.strerror}") from error
    _say(f"wrote {target}\n")
    for party in unreachable:
        _say(f"warning: {party} has no representative with a {platform} handle; add `{platform}:` to one\n", err=True)


_PERSON = re.compile(r"^\s*(?P<name>[^<>]+?)\s*<(?P<email>[^<>\s]+)>\s*$")


def _party(text: str) -> tuple[str, str]:
    party_id, separator, name = text.partition("=")
    if not separator or not party_id.strip() or not name.strip():
        raise click.BadParameter(f"{text!r}: write a party as ID=Name, e.g. riverside='Riverside Foods Ltd'")
    return party_id.strip(), name.strip()


def _representative(text: str) -> tuple[str, Representative]:
    party_id, separator, person = text.partition("=")
    match = _PERSON.match(person)
    if not separator or not match:
        raise click.BadParameter(
            f"{text!r}: write a representative as PARTY=Name <email>, e.g. riverside='Ada Moss <ada@riverside.example>'"
        )
    return party_id.strip(), Representative(match["name"], match["email"])


@commands.command("new")
@click.argument("charter_id", callback=_charter_id)
@click.option("--title", help="The charter's title (asked for when missing).")
@click.option("--party", "party_texts", multiple=True, metavar="ID=NAME", help="A party; give two or more.")
@click.option(
    "--representative",
    "person_texts",
    multiple=True,
    metavar="PARTY=NAME <EMAIL>",
    help="Who approves for a party; one or more per party.",
)
def new_command(
    charter_id: str, title: str | None, party_texts: tuple[str, ...], person_texts: tuple[str, ...]
) -> None:
    """Start a new charter in charters/CHARTER_ID.yaml that already validates.

    What is not given as options is asked for.
    """
    root = repository_root(Path.cwd())
    target = root / CHARTERS_FOLDER / f"{charter_id}.yaml"
    if target.exists():
        raise click.UsageError(f"{target.relative_to(root)} exists already; choose another id or edit it")
    parties = [_party(text) for text in party_texts]
    people = [_representative(text) for text in person_texts]
    title = title or click.prompt("Title")
    while len(parties) < 2:
        parties.append(_party(click.prompt(f"Party {len(parties) + 1} as ID=Name")))
    for party_id, name in parties:
        if not any(owner == party_id for owner, _ in people):
            people.append(_representative(f"{party_id}=" + click.prompt(f"Representative of {name} as Name <email>")))
    unknown = sorted({owner for owner, _ in people} - {party_id for party_id, _ in parties})
    if unknown:
        raise click.UsageError(f"representatives of unknown parties: {', '.join(unknown)}")
    text = new_charter(
        charter_id,
        title,
        [
            NewParty(party_id, name, tuple(person for owner, person in people if owner == party_id))
            for party_id, name in parties
        ],
        _today(),
    )
    _, problems = check_source(f"{CHARTERS_FOLDER}/{charter_id}.yaml", text.encode(), _today())
    if has_errors(problems):
        _print_errors(problems, 1)
        raise click.UsageError("these values do not make a valid charter; correct them and run again")
    try:
        write_file(target, text.encode())
    except OSError as error:
        raise CannotRun(f"cannot write {target.relative_to(root)}: {error.strerror}") from error
    _say(f"wrote {target.relative_to(root)}: edit its benchmarks, then `charters validate`\n")


@commands.command("approvals")
@click.argument("charter_id", callback=_charter_id)
def approvals_command(charter_id: str) -> None:
    """Say who still has to approve the charter's version on this branch, ready to paste."""
    root = repository_root(Path.cwd())
    path = f"{CHARTERS_FOLDER}/{charter_id}.yaml"
    document, problems = check_source(path, _read_charter(root, path), _today())
    _stop_on_errors(problems, 1)
    lineage = lineage_at(path, _lineages(root))
    version = charter_history(lineage).version(document.data["version"]) if lineage else None
    _say(approvals_text(document.data, version))


def _read_charter(root: Path, path: str) -> bytes:
    try:
        return (root / path).read_bytes()
    except OSError as error:
        raise CannotRun(f"cannot read {path}: {error.strerror}") from error


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
