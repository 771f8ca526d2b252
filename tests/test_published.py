"""Published addresses never vanish: a renamed charter redirects from its former addresses,
a removed one stays published, marked withdrawn, and no id is ever given to another
charter."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

from tests.gitrepo import ADA, PATH, TOMAS, GitRepo, charter
from tests.markdown_render import github_html, seen_text
from tests.processes import charters
from tests.sites import partnership_repository

SITE_URL = "https://benchmark-charters.org/"
NEW_PATH = "charters/riverside-greenmill-oats.yaml"


def _addresses(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}


def _build(repo: GitRepo) -> Path:
    result = charters(repo.root, "build")
    assert result.returncode == 0, result.stderr
    return repo.root / "site"


def _rename(repo: GitRepo) -> None:
    text = (repo.root / PATH).read_text()
    renamed = text.replace("id: riverside-greenmill", "id: riverside-greenmill-oats").replace(
        "version: 4", "version: 5"
    )
    repo.rename(PATH, NEW_PATH, renamed, "Rename the charter (#40)", approvals=(ADA, TOMAS))


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    return partnership_repository(tmp_path / "repo")


def test_every_address_survives_a_rename_and_the_old_pages_redirect(repo: GitRepo) -> None:
    before = _addresses(_build(repo))
    _rename(repo)
    site = _build(repo)
    assert before <= _addresses(site), sorted(before - _addresses(site))
    for old in (
        "charters/riverside-greenmill/",
        "charters/riverside-greenmill/history/",
        "charters/riverside-greenmill/v2/",
    ):
        page = (site / old / "index.html").read_text(encoding="utf-8")
        new = old.replace("riverside-greenmill/", "riverside-greenmill-oats/")
        assert f'<link rel="canonical" href="{SITE_URL}{new}">' in page
        refresh = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', page)[1]
        assert urljoin(SITE_URL + old, refresh) == SITE_URL + new
        assert (site / new / "index.html").is_file()
    for old, new in (
        ("api/charters/riverside-greenmill.json", "api/charters/riverside-greenmill-oats.json"),
        ("charters/riverside-greenmill/feed.xml", "charters/riverside-greenmill-oats/feed.xml"),
    ):
        assert (site / old).read_bytes() == (site / new).read_bytes()
    listed = json.loads((site / "api/charters.json").read_text())["charters"]
    assert [charter["former_ids"] for charter in listed if charter["id"] == "riverside-greenmill-oats"] == [
        ["riverside-greenmill"]
    ]


def test_a_removed_charter_stays_published_and_marked_withdrawn(repo: GitRepo) -> None:
    before = _addresses(_build(repo))
    repo.commit("Withdraw the charter (#41)", {PATH: None}, approvals=(ADA, TOMAS))
    site = _build(repo)
    assert before <= _addresses(site), sorted(before - _addresses(site))
    for page in (
        "charters/riverside-greenmill/",
        "charters/riverside-greenmill/history/",
        "charters/riverside-greenmill/v1/",
    ):
        html = (site / page / "index.html").read_text(encoding="utf-8")
        assert "Withdrawn on Jan 1, 2026" in html, page
    charter_page = (site / "charters/riverside-greenmill/index.html").read_text(encoding="utf-8")
    assert "until it was withdrawn on Jan 1, 2026" in charter_page
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "withdrawn on Jan 1, 2026" in index
    data = json.loads((site / "api/charters/riverside-greenmill.json").read_text())
    assert data["withdrawn"] == "2026-01-01" and data["status"] == "withdrawn"
    assert b"-next-" not in (site / "charters/riverside-greenmill/reviews.ics").read_bytes(), "no review ahead"


def test_check_pr_calls_out_a_rename_and_a_removal(repo: GitRepo) -> None:
    repo.branch("rename")
    _rename(repo)
    renamed = charters(repo.root, "check-pr", "--base", "main")
    seen = seen_text(github_html(renamed.stdout))
    assert "\n\n1 charter changed, 1 renamed.\n" in renamed.stdout
    assert "renames the charter: its id changes from riverside-greenmill to riverside-greenmill-oats" in seen
    repo.checkout("main")
    repo.branch("remove")
    repo.commit("Withdraw the charter", {PATH: None})
    removed = charters(repo.root, "check-pr", "--base", "main")
    assert removed.stdout.startswith("## Charter check: 🔻 removes 1 charter, ")
    assert "stays on the site, marked withdrawn" in seen_text(github_html(removed.stdout))


def test_an_id_once_published_is_never_another_charters(repo: GitRepo) -> None:
    _rename(repo)
    newcomer = charter("riverside-greenmill")
    repo.branch("reuse")
    repo.commit("A new charter under the old id", {PATH: newcomer})
    expected = "the id riverside-greenmill was published for another charter (now riverside-greenmill-oats)"
    checked = charters(repo.root, "check-pr", "--base", "main")
    assert checked.returncode == 1 and expected in seen_text(github_html(checked.stdout))
    validated = charters(repo.root, "validate", "--against", "main")
    assert validated.returncode == 1 and f"{PATH}:3:5: error: {expected}" in validated.stdout
    built = charters(repo.root, "build")
    assert built.returncode == 1 and "[id-reused]" in built.stderr


def test_an_id_once_withdrawn_is_not_taken_by_a_rename(repo: GitRepo) -> None:
    repo.commit("Withdraw hostile", {"charters/hostile.yaml": None})
    text = (repo.root / PATH).read_text()
    taken = text.replace("id: riverside-greenmill", "id: hostile").replace("version: 4", "version: 5")
    repo.rename(PATH, "charters/hostile.yaml", taken, "Take the withdrawn id")
    built = charters(repo.root, "build")
    assert built.returncode == 1 and "[id-reused]" in built.stderr
    assert "was published for another charter (since withdrawn)" in built.stderr


def test_a_removed_file_brought_back_is_the_same_charter_everywhere(repo: GitRepo) -> None:
    text = (repo.root / PATH).read_text()
    repo.commit("Withdraw", {PATH: None})
    repo.branch("restore")
    repo.commit("Bring it back", {PATH: text})
    assert charters(repo.root, "check-pr", "--base", "main").returncode == 0
    assert charters(repo.root, "validate", "--against", "main").returncode == 0
    built = charters(repo.root, "build")
    assert built.returncode == 0, built.stderr
    assert "Withdrawn" not in (repo.root / "site/charters/riverside-greenmill/index.html").read_text()


def test_a_charter_renamed_without_its_id_and_removed_stays_published(repo: GitRepo) -> None:
    before = _addresses(_build(repo))
    text = (repo.root / "charters/hostile.yaml").read_text()
    repo.rename("charters/hostile.yaml", "charters/hostile-two.yaml", text, "Rename the file only")
    repo.commit("Withdraw it", {"charters/hostile-two.yaml": None})
    site = _build(repo)
    assert before <= _addresses(site), sorted(before - _addresses(site))
    assert "Withdrawn on" in (site / "charters/hostile/index.html").read_text(encoding="utf-8")
