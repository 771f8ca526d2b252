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
    assert result.output == (
        "riverside-greenmill version 1:\n"
        "  approved by Riverside Foods Ltd: Ada Moss\n"
        "  still to approve: Greenmill Co-op\n"
        "\n"
        "One representative of each party still to approve adds their line to the merge commit\n"
        "(or to a commit that changes the charter):\n"
        "\n"
        "Approved-by: Tomas Berg <tomas@greenmill.example>\n"
    )
    repository.commit(
        "Log a review",
        {PATH: charter("riverside-greenmill", ("next: 2027-06-01", "next: 2027-07-01"))},
        approvals=(TOMAS,),
    )
    assert run("approvals", "riverside-greenmill").output.endswith("ratified: every party has approved\n")


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
