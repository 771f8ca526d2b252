"""The demo's partners' repository, made from story.yaml and the example charters.

Every commit has a fixed author, committer and date, and git reads no user settings, so
the repository's commits (ids included) are the same on every machine and every run.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from generator.history.git import run
from generator.load import load_charter
from generator.resources import resource
from generator.scaffold.charter import Representative
from generator.settings import SETTINGS_FILE
from generator.sources import LEDGER_FOLDER, LEDGER_SUFFIX, TRANSLATIONS_FOLDER
from generator.workspace import CHARTERS_FOLDER


class StoryBroken(RuntimeError):
    """The story no longer fits the example charters (a bug of the tool, caught by its tests)."""


@dataclass(frozen=True)
class Story:
    today: dt.date
    settings: str
    terms: dict[str, dict[str, list[list[str]]]]
    changes: list[dict[str, Any]]
    positions: list[dict[str, Any]]
    translations: list[dict[str, Any]]


def read_story() -> Story:
    data = yaml.safe_load((resources.files("generator.demo") / "story.yaml").read_text(encoding="utf-8"))
    return Story(
        data["today"], data["settings"], data["terms"], data["changes"], data["positions"], data["translations"]
    )


def example_charters() -> dict[str, str]:
    folder = resource("charters")
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.yaml"))}


def people(charters: dict[str, str]) -> dict[str, Representative]:
    """Every representative of the example charters, by email: the demo's cast."""
    cast = {}
    for charter_id, text in charters.items():
        document = load_charter(charter_id, text.encode()).document
        if document is None:
            raise StoryBroken(f"the example charter {charter_id} does not load")
        for party in document.data["parties"]:
            for person in party["representatives"]:
                cast[person["email"]] = Representative(person["name"], person["email"])
    return cast


def _replace_once(text: str, old: str, new: str, where: str) -> str:
    if text.count(old) != 1:
        raise StoryBroken(f"{where}: {old[:60]!r} is in the example charter {text.count(old)} times, not once")
    return text.replace(old, new)


def _block(lines: list[str], header: str, indent: str) -> tuple[int, int, list[list[str]]]:
    """Where the list under ``header`` starts and ends in ``lines``, and its entries' lines
    (each entry starts `{indent}- `)."""
    start = lines.index(header)
    end = next((index for index in range(start + 1, len(lines)) if not lines[index].startswith(indent)), len(lines))
    entries: list[list[str]] = []
    for line in lines[start + 1 : end]:
        if line.startswith(indent + "- "):
            entries.append([])
        entries[-1].append(line)
    return start, end, entries


def _replace_block(lines: list[str], start: int, end: int, header: str, kept: list[list[str]]) -> str:
    block = [header, *(line for entry in kept for line in entry)] if kept else []
    return "".join([*lines[:start], *block, *lines[end:]])


def _log_until(text: str, until: dt.date | None, where: str) -> str:
    """``text`` with only the review log entries on or before ``until`` (none: no log).
    The example charters write each entry as `    - date: YYYY-MM-DD`, under `  log:`."""
    lines = text.splitlines(keepends=True)
    if "  log:\n" not in lines:
        raise StoryBroken(f"{where}: the example charter has no review log")
    start, end, entries = _block(lines, "  log:\n", "    ")
    kept = [entry for entry in entries if until is not None and dt.date.fromisoformat(entry[0][12:22]) <= until]
    return _replace_block(lines, start, end, "  log:\n", kept)


# A record entry grows: these lines join it on their date (an outcome with the closing or
# resolution it explains). The example charters write them in this form.
_GROWING = re.compile(
    r"^    (closed|acknowledged|resolved): (\d{4}-\d{2}-\d{2})$|^      - \{level: \d+, on: (\d{4}-\d{2}-\d{2})\}$"
)
_OUTCOME = "    outcome: "
_OPENING = re.compile(r"^    (?:opened|raised): (\d{4}-\d{2}-\d{2})$")


def _record_until(text: str, key: str, until: dt.date | None) -> str:
    """``text`` with the entries of ``key`` (actions, concerns) opened or raised on or
    before ``until``, each as it stood then. Entries are written `  - id: …`, one field a line."""
    lines = text.splitlines(keepends=True)
    if f"{key}:\n" not in lines:
        return text
    start, end, entries = _block(lines, f"{key}:\n", "  ")
    kept = []
    for entry in entries:
        opened = next(match.group(1) for line in entry if (match := _OPENING.match(line.rstrip("\n"))))
        if until is None or dt.date.fromisoformat(opened) > until:
            continue
        grown = [line for line in entry if not _later(line, until)]
        ended = any(line.startswith(("    closed: ", "    resolved: ")) for line in grown)
        kept.append([line for line in grown if ended or not line.startswith(_OUTCOME)])
    return _replace_block(lines, start, end, f"{key}:\n", kept)


def _later(line: str, until: dt.date) -> bool:
    match = _GROWING.match(line.rstrip("\n"))
    return match is not None and dt.date.fromisoformat(match.group(2) or match.group(3)) > until


def charter_text(example: str, story: Story, change: dict[str, Any]) -> str:
    where = f"change #{change['pr']}"
    text = example
    for old, new in [*story.terms[change["charter"]][change["terms"]], *change.get("slip", [])]:
        text = _replace_once(text, old, new, where)
    final_next = next(line for line in example.splitlines() if line.startswith("  next: "))
    text = _replace_once(text, final_next + "\n", f"  next: {change['next'].isoformat()}\n", where)
    text = _log_until(text, change.get("log_until"), where)
    for key in ("actions", "concerns"):
        text = _record_until(text, key, change.get("log_until"))
    return text


def _git(root: Path, when: dt.datetime, person: Representative, *arguments: str) -> str:
    moment = when.isoformat()
    environment = {
        "GIT_AUTHOR_NAME": person.name,
        "GIT_AUTHOR_EMAIL": person.email,
        "GIT_AUTHOR_DATE": moment,
        "GIT_COMMITTER_NAME": person.name,
        "GIT_COMMITTER_EMAIL": person.email,
        "GIT_COMMITTER_DATE": moment,
    }
    return run(root, arguments, config={"commit.gpgsign": "false"}, environment=environment).decode().strip()


def make_repository(root: Path) -> Story:
    """The demo repository in the empty folder ``root``; its story (for today's date)."""
    story = read_story()
    examples = example_charters()
    cast = people(examples)
    run(root, ["init", "-q", "--initial-branch=main"])
    first = story.changes[0]
    founder = cast[first["author"]]
    start = dt.datetime.combine(first["date"], dt.time(9), dt.UTC)
    (root / SETTINGS_FILE).write_text(story.settings, encoding="utf-8")
    (root / ".gitignore").write_text("/build/\n/site/\n/.charters-cache/\n", encoding="utf-8")
    (root / CHARTERS_FOLDER).mkdir()
    _git(root, start, founder, "add", "-A")
    _git(root, start, founder, "commit", "-q", "-m", "Set up the partners' site")
    last_change = {}
    # Changes, positions and translations by date; on one day the change comes first.
    events = sorted(
        [(change["date"], 0, change) for change in story.changes]
        + [(position["date"], 1, position) for position in story.positions]
        + [(translation["date"], 2, translation) for translation in story.translations],
        key=lambda event: event[:2],
    )
    translations = resource("translations")
    for _, kind, event in events:
        if kind == 1:
            _commit_position(root, event, cast)
            continue
        if kind == 2:
            _commit_translation(root, event, cast, (translations / f"{event['file']}.yaml").read_bytes())
            continue
        last_change[event["charter"]] = event
        _commit_change(root, story, event, cast, charter_text(examples[event["charter"]], story, event))
    for charter_id, change in last_change.items():
        if charter_text(examples[charter_id], story, change) != examples[charter_id]:
            raise StoryBroken(f"the story ends {charter_id} elsewhere than its example file")
    return story


def _commit_position(root: Path, position: dict[str, Any], cast: dict[str, Representative]) -> None:
    person, charter, number = cast[position["by"]], position["charter"], position["version"]
    when = dt.datetime.combine(position["date"], dt.time(11), dt.UTC)
    if position["via"] == "ledger":
        ledger = root / LEDGER_FOLDER / f"{charter}{LEDGER_SUFFIX}"
        ledger.parent.mkdir(exist_ok=True)
        before = ledger.read_text(encoding="utf-8") if ledger.exists() else ""
        line = f"- {{version: {number}, position: approve, by: {person.email}}}\n"
        ledger.write_text(before + line, encoding="utf-8")
        _git(root, when, person, "add", str(ledger.relative_to(root)))
        _git(root, when, person, "commit", "-q", "-m", f"Approve {charter} version {number}")
        return
    reason = position.get("objects")
    key, who = ("Objects", "Objected-by") if reason else ("Approves", "Approved-by")
    subject = f"{'Object to' if reason else 'Approve'} {charter} version {number}"
    body = ["-m", reason] if reason else []
    trailers = f"{key}: {charter} v{number}\n{who}: {person.name} <{person.email}>"
    _git(root, when, person, "commit", "-q", "--allow-empty", "-m", subject, *body, "-m", trailers)


def _commit_translation(root: Path, translation: dict[str, Any], cast: dict[str, Representative], text: bytes) -> None:
    path = root / TRANSLATIONS_FOLDER / f"{translation['file']}.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(text)
    author = cast[translation["author"]]
    when = dt.datetime.combine(translation["date"], dt.time(14), dt.UTC)
    _git(root, when, author, "add", str(path.relative_to(root)))
    _git(root, when, author, "commit", "-q", "-m", f"{translation['title']} (#{translation['pr']})")


def _commit_change(
    root: Path, story: Story, change: dict[str, Any], cast: dict[str, Representative], text: str
) -> None:
    path = f"{CHARTERS_FOLDER}/{change['charter']}.yaml"
    author = cast[change["author"]]
    opened = dt.datetime.combine(change["date"], dt.time(10), dt.UTC)
    if not change.get("approvals"):  # squash-merged: one commit on the main line
        (root / path).write_text(text, encoding="utf-8")
        _git(root, opened, author, "add", path)
        _git(root, opened, author, "commit", "-q", "-m", f"{change['title']} (#{change['pr']})")
        return
    branch = change["branch"]
    _git(root, opened, author, "switch", "-q", "-c", branch)
    (root / path).write_text(text, encoding="utf-8")
    _git(root, opened, author, "add", path)
    _git(root, opened, author, "commit", "-q", "-m", change["title"])
    _git(root, opened, author, "switch", "-q", "main")
    approvals = "\n".join(f"Approved-by: {cast[email].name} <{email}>" for email in change["approvals"])
    message = f"Merge pull request #{change['pr']} from partners/{branch}\n\n{change['title']}\n\n{approvals}"
    merged = dt.datetime.combine(change["date"], dt.time(16), dt.UTC)
    _git(root, merged, cast[change["merged_by"]], "merge", "-q", "--no-ff", "-m", message, branch)
    _git(root, merged, cast[change["merged_by"]], "branch", "-q", "-d", branch)
