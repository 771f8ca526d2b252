"""Warm builds: a charter whose inputs did not change is taken from the build cache, and the
site is the same as a build from nothing."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from generator.build import build
from generator.build_cache import BuildCache
from generator.caching import CacheFolder
from tests.conftest import TODAY, TODAY_EPOCH
from tests.gitrepo import ADA, PATH, TOMAS, GitRepo
from tests.sites import partnership_repository, tree_digest

HOSTILE_PATH = "charters/hostile.yaml"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH)  # MkDocs dates its sitemap
    repo = partnership_repository(tmp_path / "repo")
    build(repo.root, repo.root / "site", TODAY)
    return repo


def _build(repo: GitRepo, out: str = "site", today: dt.date = TODAY) -> list[str]:
    said: list[str] = []
    build(repo.root, repo.root / out, today, said.append)
    return said


def _poison(repo: GitRepo, path: str) -> None:
    """Mark the cached charter page of ``path``: the mark shows only if the entry is used."""
    cache = BuildCache(CacheFolder(repo.root))
    key, built = cache.read(path)
    page = next(name for name in built.files.docs if name.endswith("/index.md"))
    built.files.docs[page] = built.files.docs[page].replace(b"</table>", b"</table>\n\n<p>FROM-THE-CACHE</p>", 1)
    cache.put(path, key, built)


def _charter_page(repo: GitRepo, charter_id: str) -> str:
    return (repo.root / "site" / "charters" / charter_id / "index.html").read_text(encoding="utf-8")


def test_a_warm_build_after_one_change_is_the_cold_build(repo: GitRepo) -> None:
    text = (repo.root / PATH).read_text().replace("version: 4", "version: 5").replace("value: 24", "value: 12")
    repo.commit("Twelve hours (#20)", {PATH: text}, approvals=(ADA,))
    said = _build(repo)
    assert "checking and rendering 1 changed charters (1 unchanged)" in said
    shutil.rmtree(repo.root / ".charters-cache")
    assert "checking and rendering 2 changed charters (0 unchanged)" in _build(repo, "cold")
    assert tree_digest(repo.root / "site") == tree_digest(repo.root / "cold")


def test_an_unchanged_charter_comes_from_the_cache(repo: GitRepo) -> None:
    _poison(repo, HOSTILE_PATH)
    _build(repo)
    assert "FROM-THE-CACHE" in _charter_page(repo, "hostile")


def test_a_new_day_renders_every_charter_again(repo: GitRepo) -> None:
    _poison(repo, HOSTILE_PATH)
    assert "checking and rendering 2 changed charters (0 unchanged)" in _build(repo, today=TODAY + dt.timedelta(days=1))
    assert "FROM-THE-CACHE" not in _charter_page(repo, "hostile")


def test_new_site_settings_render_every_charter_again(repo: GitRepo) -> None:
    _poison(repo, HOSTILE_PATH)
    settings = repo.root / "mkdocs.yml"
    settings.write_text(settings.read_text() + "repo_url: https://github.com/partners/charters\n")
    _build(repo)
    assert "FROM-THE-CACHE" not in _charter_page(repo, "hostile")


def test_a_history_change_alone_renders_the_charter_again(repo: GitRepo) -> None:
    assert "charter-status--pending" in _charter_page(repo, "hostile")
    _poison(repo, HOSTILE_PATH)
    # The same file, but its commit rewritten to carry the second party's approval too.
    message = repo.git("log", "-1", "--format=%B")
    repo.git("commit", "--amend", "-q", "-m", f"{message}\nApproved-by: {TOMAS}")
    assert "checking and rendering 1 changed charters (1 unchanged)" in _build(repo)
    page = _charter_page(repo, "hostile")
    assert "FROM-THE-CACHE" not in page
    assert "charter-status--pending" not in page and "charter-status--ratified" in page


def test_the_replaced_site_is_deleted_during_the_next_build_and_nothing_is_left_beside_it(repo: GitRepo) -> None:
    trash = repo.root / ".charters-cache" / "trash"
    _build(repo)
    retired = sorted(trash.iterdir())
    assert retired, "the first build's site waits in the trash"
    _build(repo)
    assert not set(retired) & set(trash.iterdir()), "the next build deleted it"
    assert [path.name for path in repo.root.iterdir() if path.name.startswith((".site", ".build"))] == []
