"""Commands for partners who are not developers: new, approvals, codeowners."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import commands as main
from tests.conftest import REPO
from tests.gitrepo import ADA, NEW_CHARTER_OPTIONS, PATH, TOMAS, GitRepo, charter


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fixed_today) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    (repo.root / "charters").mkdir()
    monkeypatch.chdir(repo.root)
    return repo


def run(*arguments: str, input: str | None = None):
    return CliRunner().invoke(main, list(arguments), input=input)


def test_new_writes_a_charter_that_validates_strictly(repository: GitRepo) -> None:
    result = run(
        "new", "tampere-reilu",
        "--title", "Tampere and Reilu Kauppa: fair public procurement",
        "--party", "tampere=City of Tampere",
        "--party", "reilu=Reilu Kauppa ry",
        "--representative", "tampere=Anna Mäkelä <anna@tampere.example>",
        "--representative", "reilu=Juho Korhonen <juho@reilu.example>",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = (repository.root / "charters" / "tampere-reilu.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../schema/charter.schema.json\n")
    assert 'title: "Tampere and Reilu Kauppa: fair public procurement"' in text
    assert run("validate", "--strict").exit_code == 0


def test_new_asks_for_what_it_was_not_given(repository: GitRepo) -> None:
    answers = "Two partners\nx=X Oy\ny=Y AB\nAda <ada@x.example>\nBo <bo@y.example>\n"
    result = run("new", "two-partners", input=answers)
    assert result.exit_code == 0, result.output
    assert run("validate", "--strict", "charters/two-partners.yaml").exit_code == 0


def test_new_refuses_bad_input_and_existing_files(repository: GitRepo) -> None:
    bad = run("new", "Bad_Id", *NEW_CHARTER_OPTIONS)
    assert bad.exit_code == 2 and "'Bad_Id' is not a charter id" in bad.output
    assert not list((repository.root / "charters").iterdir()), "nothing written"
    assert run("new", "x", "--party", "only-a-name").exit_code == 2
    (repository.root / "charters" / "taken.yaml").write_text("a: 1\n")
    assert "exists already" in run("new", "taken").output


def test_approvals_lists_who_is_missing_with_lines_to_paste(repository: GitRepo) -> None:
    repository.commit("Add", {PATH: charter()}, approvals=(ADA,))
    result = run("approvals", "riverside-greenmill")
    lines = result.output.splitlines()
    assert lines[0].startswith("riverside-greenmill version 1 (sha256:") and lines[0].endswith(
        "pending: waits for Greenmill Co-op"
    )
    assert (
        "Ada Moss <ada@riverside.example> (Riverside Foods Ltd) approves on 2026-01-01: recorded by Test Author"
        in lines[1]
    )
    assert "Still to approve: Greenmill Co-op." in lines
    # Every way, each ready to paste: a terminal, the web interface's ledger, a merge message.
    assert "     charters approve riverside-greenmill --version 1" in lines
    assert "     - {version: 1, position: approve, by: tomas@greenmill.example}" in lines
    assert "     Approved-by: Tomas Berg <tomas@greenmill.example>" in lines
    assert "Ada Moss <ada@riverside.example>" not in "\n".join(lines[2:]), "only the parties still to approve"
    repository.commit(
        "Log a review",
        {PATH: charter("riverside-greenmill", ("next: 2027-06-01", "next: 2027-07-01"))},
        approvals=(TOMAS,),
    )
    assert "ratified · recorded" in run("approvals", "riverside-greenmill").output.splitlines()[0]


def test_codeowners_asks_every_party_of_a_three_party_charter(repository: GitRepo) -> None:
    shutil.copy(REPO / "charters" / "maji-safi-filter-venture.yaml", repository.root / "charters")
    result = run("codeowners", "--platform", "gitlab")
    assert result.exit_code == 0
    assert (repository.root / ".gitlab" / "CODEOWNERS").read_text().splitlines()[1:] == [
        "",
        "[maji-safi-filter-venture: ceramica-andina][1]",
        "/charters/maji-safi-filter-venture.yaml @rquispe",
        "",
        "[maji-safi-filter-venture: brightwell][1]",
        "/charters/maji-safi-filter-venture.yaml @ohughes",
    ]
    assert "Kisima Water Trust has no representative with a gitlab handle" in result.output
    assert run("codeowners").exit_code == 0
    github = (repository.root / ".github" / "CODEOWNERS").read_text().splitlines()
    assert github[-1] == "/charters/maji-safi-filter-venture.yaml @rosa-quispe @ohughes-bw @wanjiru-mutua"
