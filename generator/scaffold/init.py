"""`charters init`: turn an empty or existing git repository into a partners' repository.

Two kinds of file are written. The settings (`mkdocs.yml`) are the partners' from the
start: written once, when missing, and never again. Every other file (CI, templates,
editor settings, the editor's copy of the schema, the pre-commit settings) is the tool's,
pinned to the version that wrote it; `.charters-init.json` keeps the digest of each as
written. On a later run a file is brought up to this version's only when it is still as
an earlier run wrote it; one a partner edited is left alone and named, so that upgrading
is one command and nothing of theirs is lost. `.gitignore` only ever gains the lines the
tool needs.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path

from generator.scaffold.tool import Tool
from generator.schema import ledger_schema_path, schema_path, translation_schema_path
from generator.settings import SETTINGS_FILE
from generator.workspace import CHARTERS_FOLDER
from generator.write import write_file

MANIFEST = ".charters-init.json"
GITIGNORE = ".gitignore"
SCHEMA_COPY = "schema/charter.schema.json"  # where charters' modelines and .vscode/ point
LEDGER_SCHEMA_COPY = "schema/approvals.schema.json"  # where .vscode/ points for approvals/
TRANSLATION_SCHEMA_COPY = "schema/translation.schema.json"  # and for translations/
PLATFORMS = ("github", "gitlab")
_FILES = resources.files("generator.scaffold") / "files"
# Remote addresses init can read a repository link from: the user's own git settings.
_REMOTE = re.compile(r"(?:https://|git@)(?P<host>github\.com|gitlab\.com)[/:](?P<path>[\w.-]+/[\w.-]+?)(?:\.git)?/?")


class InitRefused(ValueError):
    """init cannot go on; the message says why and what to do. Nothing was written."""


class Outcome(StrEnum):
    WRITTEN = "written"
    UPDATED = "updated to this version"
    UNCHANGED = "up to date"
    KEPT = "kept: yours"
    DIFFERS = "differs from what this version writes; left as it is"


@dataclass(frozen=True)
class Step:
    path: str
    outcome: Outcome


def _template(name: str, values: dict[str, str]) -> str:
    text = (_FILES / name).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace(f"@@{key}@@", value)
    return text


def tool_files(tool: Tool, platform: str, action_commit: str | None = None) -> dict[str, bytes]:
    """The files this version of the tool keeps current in a partners' repository.
    ``action_commit``: the commit of the release tag, which workflows pin the action to (a
    tag can be moved, a commit cannot); without it they name the tag."""
    action = f"{tool.action_name}@{action_commit} # {tool.ref}" if action_commit else f"{tool.action_name}@{tool.ref}"
    values = {
        "TOOL": "benchmark-charters",
        "VERSION": tool.version,
        "REF": tool.ref,
        "REPOSITORY": tool.repository,
        "ACTION": action,
        "REQUIREMENT": tool.requirement,
        "GITLAB_TEMPLATE": tool.raw_file("templates/charters.gitlab-ci.yml"),
        "CHANGE_REQUEST": "pull request" if platform == "github" else "merge request",
    }
    files = {
        SCHEMA_COPY: schema_path().read_bytes(),
        LEDGER_SCHEMA_COPY: ledger_schema_path().read_bytes(),
        TRANSLATION_SCHEMA_COPY: translation_schema_path().read_bytes(),
        ".vscode/settings.json": _template("vscode-settings.json", values).encode(),
        ".vscode/extensions.json": _template("vscode-extensions.json", values).encode(),
        ".pre-commit-config.yaml": _template("pre-commit-config.yaml", values).encode(),
    }
    if platform == "github":
        files[".github/workflows/charters.yml"] = _template("github-workflow.yml", values).encode()
        files[".github/pull_request_template.md"] = _template("pull_request_template.md", values).encode()
    else:
        files[".gitlab-ci.yml"] = _template("gitlab-ci.yml", values).encode()
        files[".gitlab/merge_request_templates/Default.md"] = _template("pull_request_template.md", values).encode()
    return files


def settings_file(name: str, site_url: str, repo_url: str | None) -> bytes:
    # JSON strings are YAML strings that read back exactly: no name can change the file's meaning.
    repo_line = f"repo_url: {json.dumps(repo_url)} # links commits and pull requests\n" if repo_url else ""
    values = {"NAME": json.dumps(name, ensure_ascii=False), "SITE_URL": json.dumps(site_url), "REPO_URL": repo_line}
    return _template("mkdocs.yml", values).encode()


def repository_link(remote: str | None) -> tuple[str, str] | None:
    """(web address, Pages address) of a GitHub or GitLab remote, e.g. of `origin`."""
    match = _REMOTE.fullmatch(remote.strip()) if remote else None
    if match is None:
        return None
    owner, name = match["path"].split("/")
    pages_host = f"{owner.lower()}.{'github.io' if match['host'] == 'github.com' else 'gitlab.io'}"
    # A repository named after its owner's Pages host is that owner's site, at the root.
    pages = f"https://{pages_host}/" if name.lower() == pages_host else f"https://{pages_host}/{name}/"
    return f"https://{match['host']}/{owner}/{name}", pages


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _written_before(root: Path) -> dict[str, str]:
    """Path → digest of each file as an earlier run wrote it. A manifest that is not one
    (edited by hand, from a newer tool) counts as none: files are then only compared."""
    try:
        manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
        files = manifest["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    if not isinstance(files, dict):
        return {}
    return {path: digest for path, digest in files.items() if isinstance(path, str) and isinstance(digest, str)}


def _refuse_links(root: Path, relative: str) -> None:
    """Nothing is written through a link: a folder or file that is one could lead anywhere."""
    place = root
    for part in relative.split("/"):
        place = place / part
        if place.is_symlink():
            raise InitRefused(f"{place.relative_to(root)} is a link; init writes no file through a link")
        if place != root / relative and place.exists() and not place.is_dir():
            raise InitRefused(f"{place.relative_to(root)} is a file where init needs a folder")


def plan(
    root: Path, tool: Tool, platform: str, settings: bytes | None, action_commit: str | None = None
) -> tuple[list[Step], dict[str, bytes]]:
    """What a run would do to each file, and the bytes to write. ``settings``: the settings
    file to write when there is none (None: there is one already)."""
    before = _written_before(root)
    steps: list[Step] = []
    writes: dict[str, bytes] = {}
    if (root / SETTINGS_FILE).exists():
        steps.append(Step(SETTINGS_FILE, Outcome.KEPT))
    elif settings is not None:
        steps.append(Step(SETTINGS_FILE, Outcome.WRITTEN))
        writes[SETTINGS_FILE] = settings
    steps.append(_gitignore(root, writes))
    for path, content in tool_files(tool, platform, action_commit).items():
        _refuse_links(root, path)
        target = root / path
        current = target.read_bytes() if target.is_file() else None
        if current is None:
            outcome = Outcome.WRITTEN
        elif current == content:
            outcome = Outcome.UNCHANGED
        elif before.get(path) == _digest(current):
            outcome = Outcome.UPDATED
        else:
            outcome = Outcome.DIFFERS
        steps.append(Step(path, outcome))
        if outcome in (Outcome.WRITTEN, Outcome.UPDATED):
            writes[path] = content
    return steps, writes


def _gitignore(root: Path, writes: dict[str, bytes]) -> Step:
    _refuse_links(root, GITIGNORE)
    wanted = (_FILES / "gitignore").read_text(encoding="utf-8")
    path = root / GITIGNORE
    if not path.is_file():
        writes[GITIGNORE] = wanted.encode()
        return Step(GITIGNORE, Outcome.WRITTEN)
    current = path.read_text(encoding="utf-8", errors="replace")
    present = {line.strip() for line in current.splitlines()}
    missing = [line for line in wanted.splitlines() if line.startswith("/") and line not in present]
    if not missing:
        return Step(GITIGNORE, Outcome.UNCHANGED)
    separator = "" if current.endswith("\n") or not current else "\n"
    writes[GITIGNORE] = (current + separator + "\n".join([wanted.splitlines()[0], *missing]) + "\n").encode()
    return Step(GITIGNORE, Outcome.UPDATED)


def apply(root: Path, tool: Tool, steps: list[Step], writes: dict[str, bytes]) -> None:
    """Write the planned files, then the manifest of every file now as this version writes
    it (rewritten only when that changed). Each file is replaced whole; the charters folder
    is made when missing."""
    (root / CHARTERS_FOLDER).mkdir(exist_ok=True)
    for path, content in writes.items():
        write_file(root / path, content)
    # The tool's files: the settings and .gitignore are the partners' from the start.
    current = {
        step.path: _digest((root / step.path).read_bytes())
        for step in steps
        if step.path not in (SETTINGS_FILE, GITIGNORE)
        and step.outcome in (Outcome.WRITTEN, Outcome.UPDATED, Outcome.UNCHANGED)
    }
    manifest = {
        "written_by": f"benchmark-charters {tool.version}",
        "note": "the digest of each file as `charters init` wrote it; do not edit",
        "files": dict(sorted({**_written_before(root), **current}.items())),
    }
    text = (json.dumps(manifest, indent=2) + "\n").encode()
    path = root / MANIFEST
    if not path.is_file() or path.read_bytes() != text:
        write_file(path, text)
