"""The pre-commit hook, run by pre-commit itself on a temporary partners' repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, TODAY_EPOCH
from tests.gitrepo import GitRepo, charter

# What pip needs to install the tool from a clone of this repository.
SHIPPED = [
    "pyproject.toml",
    "README.md",
    "generator",
    "schema",
    "site_templates",
    "charters",
    "translations",
    ".pre-commit-hooks.yaml",
]


def hook_repository(root: Path) -> tuple[Path, str]:
    """This repository's shipped files, as they are now, committed in a repository of their own."""
    repo = GitRepo(root)
    for name in SHIPPED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy(source, root / name)
    repo.git("add", "-A")
    return root, repo.commit("The tool")


def test_the_hook_fails_a_broken_charter_at_its_line_and_passes_a_good_one(tmp_path: Path) -> None:
    hooks, revision = hook_repository(tmp_path / "hooks")
    partners = GitRepo(tmp_path / "partners")
    config = f"repos:\n  - repo: {hooks}\n    rev: {revision}\n    hooks:\n      - id: charters-validate\n"
    broken = charter("riverside-greenmill", ("cadence: monthly", "cadance: monthly"))
    partners.commit("Start", {".pre-commit-config.yaml": config, "charters/riverside-greenmill.yaml": broken})
    environment = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "SOURCE_DATE_EPOCH": TODAY_EPOCH}

    def pre_commit() -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "pre_commit", "run", "--all-files"]
        return subprocess.run(command, cwd=partners.root, env=environment, capture_output=True, text=True, check=False)

    failed = pre_commit()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "charters/riverside-greenmill.yaml:24:5: error: unknown field 'cadance'" in failed.stdout
    (partners.root / "charters/riverside-greenmill.yaml").write_text(charter())
    passed = pre_commit()
    assert passed.returncode == 0, passed.stdout + passed.stderr
