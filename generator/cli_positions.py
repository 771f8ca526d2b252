"""Taking a position on a version: `approve`, `object`, and `approvals`, which says where a
version stands and every way to approve it.

`approve` and `object` write one empty commit for the person at the terminal, with their
git identity and signing settings: `Approves: <id> v<N> sha256:…` (or `Objects:`) naming
the digest of the terms they saw, so that the position counts for exactly those terms.
"""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli_support import CannotRun, charter_id_argument, history_of, say, stop_on_errors, today_or_usage
from generator.history import GitError
from generator.history.git import read_files, resolve_commit, run
from generator.history.people import roster
from generator.history.terms import terms_digest
from generator.model.history import CharterHistory
from generator.render.approving import approvals_text
from generator.render.visible import has_acting, visible
from generator.sources import repository_root
from generator.workspace import CHARTERS_FOLDER, check_source


def _committed_charter(root: Path, charter_id: str) -> dict:
    """The charter as HEAD holds it: what a commit made now would carry in its tree."""
    path = f"{CHARTERS_FOLDER}/{charter_id}.yaml"
    try:
        head = resolve_commit(root, "HEAD")
        source = read_files(root, [(head, path)]).get((head, path))
    except GitError as error:
        raise CannotRun(str(error)) from error
    if source is None:
        raise CannotRun(f"{path} is not in the last commit; commit it first, then approve what was committed")
    document, problems = check_source(path, source, today_or_usage())
    stop_on_errors(problems, 1)
    if (root / path).is_file() and (root / path).read_bytes() != source:
        say(f"note: {path} has changes that are not committed; this is about the committed terms\n", err=True)
    return document.data


def _history_or_none(charter_id: str) -> CharterHistory | None:
    try:
        return history_of(charter_id)
    except CannotRun:
        return None  # not on the main line yet: only the version in the commit can be named


def _version_terms(charter: dict, charter_id: str, number: int | None) -> tuple[int, str, dict]:
    """(version, digest, the charter holding its terms) that a position on ``number`` names."""
    current = charter["version"]
    number = current if number is None else number
    if number == current:
        return number, terms_digest(charter), charter
    history = _history_or_none(charter_id) if number < current else None
    version = history.version(number) if history else None
    if version is None:
        raise click.BadParameter(
            f"{charter_id} has no version {number} on the main line; the last commit holds version {current}",
            param_hint="--version",
        )
    return number, history.standings[number].digest, version.latest.document.data


def _take_position(charter_id: str, number: int | None, reason: str | None) -> None:
    root = repository_root(Path.cwd())
    charter = _committed_charter(root, charter_id)
    number, digest, holding = _version_terms(charter, charter_id, number)
    try:
        email = run(root, ["config", "user.email"], as_user=True).decode("utf-8", "replace").strip()
    except GitError as error:
        raise CannotRun("git does not know who you are: set `git config user.email` to your address") from error
    person = roster(holding).people.get(email.casefold())
    if person is None:
        listed = ", ".join(sorted(roster(holding).people)) or "nobody"
        raise CannotRun(
            f"your git email {visible(email)} represents no party of {charter_id} version {number}; "
            f"its representatives are {visible(listed)}. Run it as one of them (git config user.email)"
        )
    objecting = reason is not None
    key, who = ("Objects", "Objected-by") if objecting else ("Approves", "Approved-by")
    subject = f"{'Object to' if objecting else 'Approve'} {charter_id} version {number}"
    trailers = f"{key}: {charter_id} v{number} {digest}\n{who}: {person.name} <{email}>"
    message = ["-m", subject] + (["-m", reason] if objecting else []) + ["-m", trailers]
    try:
        # --only with no paths: an empty commit, whatever is staged.
        run(root, ["commit", "--quiet", "--allow-empty", "--only", *message], as_user=True)
        made = run(root, ["log", "-1", "--format=%H %G?"], as_user=True).decode().split()
    except GitError as error:
        raise CannotRun(str(error)) from error
    signed = "signed" if made[1:] and made[1] != "N" else "not signed (your git does not sign commits)"
    say(
        f"committed {made[0][:10]}: {visible(subject)}, {signed}.\n"
        "Push it to the pull request's branch, or to the main line if the version is already merged.\n"
    )


@click.command("approve")
@click.argument("charter_id", callback=charter_id_argument)
@click.option("--version", "number", type=click.IntRange(min=1), help="The version (default: the committed one).")
def approve_command(charter_id: str, number: int | None) -> None:
    """Approve a version, as the current git user, in a commit of its own."""
    _take_position(charter_id, number, None)


def _reason(context: click.Context, parameter: click.Parameter, value: str) -> str:
    if not value.strip():
        raise click.BadParameter("say why: the reason is what the other parties read", param_hint="--reason")
    if has_acting(value.replace("\n", " ")):
        raise click.BadParameter("the reason holds control or invisible characters; write plain text")
    return value.strip()


@click.command("object")
@click.argument("charter_id", callback=charter_id_argument)
@click.option("--version", "number", type=click.IntRange(min=1), help="The version (default: the committed one).")
@click.option("--reason", required=True, callback=_reason, help="Why: shown on the version's page and in check-pr.")
def object_command(charter_id: str, number: int | None, reason: str) -> None:
    """Object to a version, as the current git user: it cannot be ratified while this stands."""
    _take_position(charter_id, number, reason)


@click.command("approvals")
@click.argument("charter_id", callback=charter_id_argument)
@click.option("--version", "number", type=click.IntRange(min=1), help="The version (default: the committed one).")
def approvals_command(charter_id: str, number: int | None) -> None:
    """Say where a version stands and every way its representatives can approve it."""
    root = repository_root(Path.cwd())
    path = f"{CHARTERS_FOLDER}/{charter_id}.yaml"
    try:
        source = (root / path).read_bytes()
    except OSError as error:
        raise CannotRun(f"cannot read {path}: {error.strerror}") from error
    document, problems = check_source(path, source, today_or_usage())
    stop_on_errors(problems, 1)
    number, digest, holding = _version_terms(document.data, charter_id, number)
    history = _history_or_none(charter_id)
    standing = history.standings.get(number) if history else None
    if standing is not None and standing.digest != digest:
        standing = None  # the main line's version N has other terms than this file: not yet merged
    say(approvals_text(holding, number, digest, standing))


POSITION_COMMANDS = (approve_command, object_command, approvals_command)
