"""Finding charter files: nothing in charters/ is skipped in silence, nothing outside is read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.load.text import MAX_BYTES
from generator.sources import find_charters, read_bytes
from generator.workspace import check_charters
from tests.conftest import TODAY


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "charters").mkdir(parents=True)
    return root


def rules_by_path(root: Path, targets: list[Path]) -> dict[str, str]:
    return {problem.path: problem.rule for problem in find_charters(root, targets).problems}


def test_every_file_in_the_folder_is_read_or_reported(repository: Path) -> None:
    charters = repository / "charters"
    (charters / "good.yaml").write_text("a: 1\n")
    (charters / "typo.yml").write_text("a: 1\n")
    (charters / "notes.md").write_text("hello\n")
    (charters / "old").mkdir()
    sources = find_charters(repository, [repository / "charters"])
    assert [file.path for file in sources.files] == ["charters/good.yaml"]
    assert rules_by_path(repository, [repository / "charters"]) == {
        "charters/typo.yml": "wrong-extension",
        "charters/notes.md": "not-a-charter",
        "charters/old": "not-a-charter",
    }


def test_a_link_to_a_file_outside_the_repository_is_never_read(repository: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("password: hunter2\n")
    os.symlink(secret, repository / "charters" / "leak.yaml")
    checked = check_charters(repository, [], TODAY)
    assert checked.files_checked == 0
    assert [(problem.path, problem.rule) for problem in checked.problems] == [
        ("charters/leak.yaml", "outside-repository")
    ]
    assert "hunter2" not in str(checked.problems)


def test_a_named_file_outside_the_repository_is_refused(repository: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("a: 1\n")
    assert list(rules_by_path(repository, [outside]).values()) == ["outside-repository"]
    assert list(rules_by_path(repository, [repository / ".." / "elsewhere.yaml"]).values()) == ["outside-repository"]


def test_a_link_inside_the_repository_is_followed(repository: Path) -> None:
    (repository / "shared.yaml").write_text("a: 1\n")
    os.symlink(repository / "shared.yaml", repository / "charters" / "shared.yaml")
    assert [file.path for file in find_charters(repository, [repository / "charters"]).files] == [
        "charters/shared.yaml"
    ]


def test_a_fifo_named_yaml_is_reported_not_read(repository: Path) -> None:
    os.mkfifo(repository / "charters" / "pipe.yaml")
    assert rules_by_path(repository, [repository / "charters"]) == {"charters/pipe.yaml": "not-a-file"}


def test_an_empty_folder_is_reported(repository: Path) -> None:
    assert rules_by_path(repository, [repository / "charters"]) == {"charters": "no-charters"}


def test_reading_stops_one_byte_past_the_limit(repository: Path) -> None:
    (repository / "charters" / "huge.yaml").write_bytes(b"#" * (MAX_BYTES * 4))
    (file,) = find_charters(repository, [repository / "charters"]).files
    assert len(read_bytes(file)) == MAX_BYTES + 1
    checked = check_charters(repository, [], TODAY)
    assert [problem.rule for problem in checked.problems] == ["file-too-large"]


def test_a_folder_without_charters_is_reported_even_with_other_files(repository: Path) -> None:
    (repository / "charters" / ".gitkeep").write_text("")
    assert rules_by_path(repository, [repository / "charters"]) == {
        "charters/.gitkeep": "not-a-charter",
        "charters": "no-charters",
    }
