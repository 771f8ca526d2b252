"""The commands partners use around a charter: start one (`new`) and ask each party's
representatives to review (`codeowners`). Approving is in cli_positions.py."""

from __future__ import annotations

import re
from pathlib import Path

import click

from generator.cli_support import (
    CannotRun,
    charter_id_argument,
    print_errors,
    say,
    stop_on_errors,
    today_or_usage,
)
from generator.problems import has_errors
from generator.render.codeowners import codeowners
from generator.scaffold.charter import NewParty, Representative, new_charter
from generator.sources import repository_root
from generator.workspace import CHARTERS_FOLDER, check_charters, check_source
from generator.write import NotAFile, write_file

_CODEOWNERS_FILES = {"github": ".github/CODEOWNERS", "gitlab": ".gitlab/CODEOWNERS"}


@click.command("codeowners")
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
    checked = check_charters(root, [], today_or_usage())
    stop_on_errors(list(checked.problems), checked.files_checked)
    text, unreachable = codeowners(list(checked.documents), platform)
    target = output or root / _CODEOWNERS_FILES[platform]
    try:
        write_file(target, text.encode())
    except NotAFile as error:
        raise CannotRun(f"{error}; give --output a regular file") from error
    except OSError as error:
        raise CannotRun(f"cannot write {target}: {error.strerror}") from error
    say(f"wrote {target}\n")
    for party in unreachable:
        say(f"warning: {party} has no representative with a {platform} handle; add `{platform}:` to one\n", err=True)


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


@click.command("new")
@click.argument("charter_id", callback=charter_id_argument)
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
        today_or_usage(),
    )
    _, problems = check_source(f"{CHARTERS_FOLDER}/{charter_id}.yaml", text.encode(), today_or_usage())
    if has_errors(problems):
        print_errors(problems, 1)
        raise click.UsageError("these values do not make a valid charter; correct them and run again")
    try:
        write_file(target, text.encode())
    except OSError as error:
        raise CannotRun(f"cannot write {target.relative_to(root)}: {error.strerror}") from error
    say(f"wrote {target.relative_to(root)}: edit its benchmarks, then `charters validate`\n")


def read_charter(root: Path, path: str) -> bytes:
    try:
        return (root / path).read_bytes()
    except OSError as error:
        raise CannotRun(f"cannot read {path}: {error.strerror}") from error


PARTNER_COMMANDS = (codeowners_command, new_command)
