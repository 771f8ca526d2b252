"""Nothing from a commit, a trailer or a file name acts anywhere the tool prints it: not on
a terminal, not in a CI log, not in a pull-request comment, not in the site's pages,
feeds, calendars or data."""

from __future__ import annotations

import json
import re
import subprocess
import xml.etree.ElementTree as etree
from pathlib import Path

import feedparser
import icalendar
import pytest

from generator.render.visible import ACTING
from tests.gitrepo import ADA, PATH, V1, GitRepo, charter
from tests.markdown_render import github_html, gitlab_html, live_parts, seen_text
from tests.processes import charters, on_terminal
from tests.sites import with_site_settings

SCREEN_TAKEOVER = "\x1b[2J\x1b[H\x1b[32mEverything ratified\x1b[8m"
HYPERLINK = "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07"
TITLE = "\x1b]0;pwned\x07"
BIDI = "\u202eevil\u202c"
ACTING_CHARACTER = re.compile(f"[{ACTING}]")


def _commit(repo: GitRepo, message: str, files: dict[str, str], author: str | None = None) -> None:
    for path, text in files.items():
        repo.write(path, text)
        repo.git("add", "--", path)
    (repo.root.parent / "message.txt").write_text(message, encoding="utf-8")
    repo.minute += 1
    repo.git(
        "commit",
        "-q",
        "--allow-empty",
        "-F",
        str(repo.root.parent / "message.txt"),
        *(["--author", author] if author else []),
    )


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    """A repository whose commits say whatever an attacker likes, and its site."""
    repo = with_site_settings(GitRepo(tmp_path_factory.mktemp("inert") / "repo"))
    repo.commit("Add the charter", {PATH: V1}, approvals=(ADA,))
    text = charter("riverside-greenmill", ("next: 2027-06-01", "next: 2027-07-01"))
    _commit(
        repo,
        f"Log {SCREEN_TAKEOVER} {HYPERLINK} {TITLE} {BIDI} \x01\x7f\x85\n\n"
        f"Approved-by: {SCREEN_TAKEOVER} <tomas@greenmill.example>\n",
        {PATH: text},
        author=f"Mallory {TITLE}{BIDI} <m@example.org>",
    )
    _commit(
        repo,
        f"Object\n\n{SCREEN_TAKEOVER} {TITLE} {BIDI}\n\n"
        f"Objects: riverside-greenmill v1\nObjected-by: {SCREEN_TAKEOVER} <ada@riverside.example>\n",
        {},
    )
    built = charters(repo.root, "build")
    assert built.returncode == 0, built.stderr
    return repo


def _assert_inert(text: str) -> None:
    """No escape sequence, control or bidirectional character: only their visible forms."""
    assert not ACTING_CHARACTER.search(text.replace("\n", "")), repr(ACTING_CHARACTER.search(text.replace("\n", "")))


def test_approvals_on_a_terminal_cannot_clear_it_or_fake_a_line(hostile: GitRepo) -> None:
    status, output = on_terminal(hostile.root, "approvals", "riverside-greenmill")
    assert status == 0, output
    _assert_inert(output.replace("\r", ""))
    assert "\\x1b[2J\\x1b[H\\x1b[32mEverything ratified\\x1b[8m" in output


@pytest.mark.parametrize(
    "arguments",
    [("history", "riverside-greenmill"), ("diff", "riverside-greenmill"), ("approvals", "riverside-greenmill")],
)
def test_history_diff_and_approvals_print_no_acting_character_even_into_a_pipe(
    hostile: GitRepo, arguments: tuple[str, ...]
) -> None:
    result = charters(hostile.root, *arguments)
    assert result.returncode == 0, result.stderr
    _assert_inert(result.stdout + result.stderr)


def test_the_history_shows_hostile_subjects_visibly(hostile: GitRepo) -> None:
    output = charters(hostile.root, "history", "riverside-greenmill").stdout
    assert "\\x1b]0;pwned\\x07" in output or "\\x1b[2J" in output


def test_a_file_name_cannot_inject_a_workflow_command(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    injected = "charters/x\n::warning file=README.md::pwned\n##[error]legacy.yaml"
    repo.write(injected, "x: 1\n")
    repo.write(PATH, V1)
    for output_format in ("text", "github", "json", "gitlab"):
        result = charters(repo.root, "validate", "--format", output_format)
        lines = (result.stdout + result.stderr).splitlines()
        assert result.returncode == 1, result.stderr
        commands = [line for line in lines if line.lstrip().startswith("::")]
        assert all(re.match(r"::(error|warning) file=charters/", line) for line in commands), commands
        assert not any("##[" in line for line in lines), lines
        _assert_inert(result.stdout)
        assert "unsafe-file-name" in result.stdout


def test_a_pull_request_comment_stays_inert_text_on_github_and_gitlab(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add the charter", {PATH: V1}, approvals=(ADA,))
    repo.branch("hostile")
    name = (
        "charters/a`b <img src=x> @everyone #12 !3 ~bug %v1 $4 &5 [[wiki]] mailto:a@evil.example www.evil.example.yaml"
    )
    looser = charter("riverside-greenmill", ("version: 1", "version: 2"), ("value: 48", "value: 72"))
    _commit(
        repo,
        "Loosen\n\nApproved-by: @org/team <not-an-email>\nApproved-by: [x](javascript:alert(1)) @all deadbeefcafe\n",
        {PATH: looser, name: "x: 1\n"},
    )
    result = charters(repo.root, "check-pr", "--base", "main")
    assert result.returncode == 1, result.stderr
    for html in (github_html(result.stdout), gitlab_html(result.stdout)):
        assert live_parts(html) == []
        seen = seen_text(html)
        assert name in seen and "@org/team <not-an-email>" in seen


def test_feeds_calendars_sitemaps_and_data_are_well_formed_whatever_git_says(hostile: GitRepo) -> None:
    site = hostile.root / "site"
    for path in site.rglob("*.xml"):
        etree.parse(path)  # raises on anything that is not well-formed XML
    for path in site.rglob("feed.xml"):
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    entries = feedparser.parse((site / "charters/riverside-greenmill/feed.xml").read_bytes()).entries
    objection, ratification, revision = entries[:3]
    assert "\\x1b[2J" in revision.title and "\\u202e" in revision.title and revision.author.startswith("Mallory")
    assert ratification.title.endswith(": version 1 ratified")
    assert "objects to version 1" in objection.title and "\\x1b[2J" in objection.author
    assert "\\x1b]0;pwned" in objection.summary and "\\u202e" in objection.summary, "the reason, in visible form"
    for path in site.rglob("*.ics"):
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        assert calendar.walk("VEVENT")
    for path in site.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))
    for path in [*site.rglob("*.html"), *site.rglob("*.xml"), *site.rglob("*.json"), *site.rglob("*.ics")]:
        text = path.read_text(encoding="utf-8")
        # Tabs and line breaks lay out the files themselves; nothing else may act.
        assert not ACTING_CHARACTER.search(text.replace("\n", "").replace("\r", "").replace("\t", "")), path


def test_pages_show_what_git_said_visibly(hostile: GitRepo) -> None:
    history = (hostile.root / "site/charters/riverside-greenmill/history/index.html").read_text(encoding="utf-8")
    assert "\\x1b[2J" in history and "\\u202eevil\\u202c" in history and "Mallory" in history


def test_the_json_of_the_history_escapes_what_would_act(hostile: GitRepo) -> None:
    data = json.loads((hostile.root / "site/api/charters/riverside-greenmill.json").read_text(encoding="utf-8"))
    greenmill = [position for position in data["versions"][0]["positions"] if position["party"] == "greenmill"]
    assert greenmill[0]["name"] == SCREEN_TAKEOVER, "the data is the data"
    raw = (hostile.root / "site/api/charters/riverside-greenmill.json").read_text(encoding="utf-8")
    assert "\\u001b[2J" in raw


def test_git_itself_agrees_the_subject_is_hostile(hostile: GitRepo) -> None:
    subject = subprocess.run(
        ["git", "-C", str(hostile.root), "log", "-1", "--skip=1", "--format=%s"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "\x1b[2J" in subject, "the tests above are only worth something if git kept the bytes"
