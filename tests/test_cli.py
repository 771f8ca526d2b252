"""The command line, through click's runner and once as a real process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import commands as main
from tests.conftest import EXAMPLES, REPO, TODAY_EPOCH
from tests.processes import on_terminal


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fixed_today) -> Path:
    shutil.copytree(REPO / "charters", tmp_path / "charters")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def invoke(*arguments: str, **environment: str):
    return CliRunner().invoke(main, list(arguments), env=environment or None)


def test_example_charters_pass_with_warnings_only(workspace: Path) -> None:
    result = invoke("validate")
    assert result.exit_code == 0, result.output
    assert result.output.endswith("3 files checked: 0 errors, 9 warnings\n")


def test_strict_turns_warnings_into_errors(workspace: Path) -> None:
    result = invoke("validate", "--strict")
    assert result.exit_code == 1
    assert "error: benchmark 'pay-on-time' binds only 'nordvik' [asymmetric-benchmark]" in result.output


def test_all_errors_in_all_files_are_reported_sorted(workspace: Path) -> None:
    for name, old, new in (
        ("nordvik-virtanen-oats.yaml", "cadence: semiannual", "cadence: fortnightly"),
        ("midori-lumen-data-labour.yaml", "status: active", "status: live"),
        ("nordvik-virtanen-oats.yaml", "version: 3", "version: three"),
    ):
        path = workspace / "charters" / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    errors = [line for line in invoke("validate").output.splitlines() if ": error: " in line]
    assert [line.split(": error: ")[0] for line in errors] == [
        "charters/midori-lumen-data-labour.yaml:6:9",
        "charters/nordvik-virtanen-oats.yaml:7:10",
        "charters/nordvik-virtanen-oats.yaml:84:14",
    ]


def test_github_format_is_the_default_on_github_actions(workspace: Path) -> None:
    result = invoke("validate", GITHUB_ACTIONS="true")
    assert result.output.startswith(
        "::warning file=charters/maji-safi-filter-venture.yaml,line=53,col=5,title=asymmetric-benchmark::"
    )


def test_usage_errors_exit_2(workspace: Path) -> None:
    assert invoke("validate", "no-such-file.yaml").exit_code == 2
    assert invoke("validate", "--format", "xml").exit_code == 2
    malformed_clock = invoke("validate", SOURCE_DATE_EPOCH="tomorrow")
    assert malformed_clock.exit_code == 2
    assert "SOURCE_DATE_EPOCH='tomorrow' is not a Unix timestamp" in malformed_clock.output


def test_without_a_charters_folder_the_user_is_told_where_to_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("validate")
    assert result.exit_code == 2
    assert f"no charters/ folder in {tmp_path}" in result.output


def test_a_real_process_prints_problems_and_exits_1() -> None:
    broken = EXAMPLES / "negative" / "unknown-field.yaml"
    environment = {**os.environ, "SOURCE_DATE_EPOCH": TODAY_EPOCH, "NO_COLOR": "1"}
    environment.pop("GITHUB_ACTIONS", None)
    completed = subprocess.run(
        [sys.executable, "-m", "generator", "validate", str(broken.relative_to(REPO))],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    assert completed.stdout.startswith(
        "tests/examples/negative/unknown-field.yaml:27:5: error: unknown field 'cadance' in benchmarks[0] [unknown-field]\n"
        "    hint: did you mean 'cadence'? allowed fields here:"
    )
    assert completed.stderr == ""


def test_from_a_subfolder_paths_stay_relative_to_the_repository(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (workspace / ".git").mkdir()
    path = workspace / "charters" / "nordvik-virtanen-oats.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: active", "status: live"), encoding="utf-8")
    monkeypatch.chdir(workspace / "charters")
    for arguments in (["validate"], ["validate", "nordvik-virtanen-oats.yaml"]):
        errors = [line for line in invoke(*arguments).output.splitlines() if ": error: " in line]
        assert [line.split(": error: ")[0] for line in errors] == ["charters/nordvik-virtanen-oats.yaml:6:9"]


def _run_on_a_terminal(**environment: str) -> str:
    """Run `charters validate` with its output on a pseudo-terminal, as a person would."""
    return on_terminal(REPO, "validate", **environment)[1]


def test_colour_on_a_terminal_unless_no_color_is_set() -> None:
    assert "\x1b[33m" in _run_on_a_terminal()
    plain = _run_on_a_terminal(NO_COLOR="1")
    assert "warning:" in plain and "\x1b[" not in plain
