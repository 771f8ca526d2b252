"""Sites built for real from temporary repositories, shared by the site tests."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

from generator.build import build
from tests.conftest import REPO, TODAY
from tests.gitrepo import ADA, PATH, TOMAS, GitRepo, build_partnership, charter

HOSTILE = "<script>alert('title')</script><img src=x onerror=alert(1)>{{ 7*7 }} --8<-- \"/etc/passwd\""


# An action and a concern whose words are markup for every output the record reaches:
# pages, feeds, calendars, data.
HOSTILE_RECORD = """actions:
  - id: hostile-action
    step: 1
    party: greenmill
    opened: 2026-11-01
    summary: "<script>alert(6)</script><img src=x onerror=alert(7)> ]]> {{ 7*7 }}"
    due: 2026-11-20
concerns:
  - id: hostile-concern
    raised: 2026-11-02
    by: anonymous
    via: voice
    summary: "<img src=x onerror=alert(8)> [x](javascript:alert(9))"
"""


def with_site_settings(repo: GitRepo) -> GitRepo:
    shutil.copy(REPO / "mkdocs.yml", repo.root / "mkdocs.yml")
    repo.write(".gitignore", "/build/\n/site/\n")
    repo.commit("Site settings", {"mkdocs.yml": (REPO / "mkdocs.yml").read_text(), ".gitignore": "/build/\n/site/\n"})
    return repo


def partnership_site(root: Path, today: dt.date = TODAY) -> GitRepo:
    """The partnership repository, built into root/site."""
    repo = partnership_repository(root)
    build(repo.root, repo.root / "site", today)
    return repo


def partnership_repository(root: Path) -> GitRepo:
    """The partnership history (versions 1 to 4, a broken revision) and a hostile charter."""
    repo = with_site_settings(build_partnership(root))
    fixed = (repo.root / PATH).read_text().replace("version: 3", "version: 4")
    repo.commit("Raise the version for the new response (#12)", {PATH: fixed}, approvals=(ADA, TOMAS))
    hostile = charter(
        "hostile",
        ("title: Riverside Foods and Greenmill Co-op sourcing partnership", f"title: {json.dumps(HOSTILE)}"),
        ("    name: Greenmill Co-op\n", "    name: 'Green <b>mill</b> \" onmouseover=alert(2) x=\"'\n"),
        (
            "purpose: Source organic oats from Greenmill at fair, stable prices.",
            "purpose: '[click](javascript:alert(3)) <script>alert(4)</script> **bold**'",
        ),
        ("    title: Bad news within 48 hours", "    title: '</title><script>alert(5)</script>'"),
    )
    hostile += HOSTILE_RECORD
    repo.commit("Add a charter written by someone hostile", {"charters/hostile.yaml": hostile}, approvals=(ADA,))
    return repo


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
