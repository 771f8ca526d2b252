"""Every file in tests/examples/ is a case, picked up automatically.

A negative case states what it must produce in header lines: for each problem,

    # expect: exit=1 rule=unknown-field at=24:5
    #   says: unknown field 'cadance' in benchmarks[0]
    #   hint: did you mean 'cadence'? allowed fields here: …

The run must report exactly those problems, at those places, in those words, with that
exit code: the message and the hint are what a partner reads, so they are the product. A
positive case must pass ``--strict``. To add a case, drop a file in the folder.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import commands as main
from generator.problems import RULES
from tests.conftest import EXAMPLES, REPO

EXPECT = re.compile(
    rb"^# expect: exit=(\d) rule=([a-z0-9-]+) at=(\d+):(\d+)\n#   says: (.+)\n#   hint: (.+)$", re.MULTILINE
)


def _cases(folder: str) -> list[Path]:
    return sorted((EXAMPLES / folder).iterdir())


def _run(path: Path, *options: str) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(main, ["validate", "--format", "json", *options, str(path.relative_to(REPO))])
    return result.exit_code, json.loads(result.output)["problems"]


@pytest.fixture(autouse=True)
def _at_repository_root(monkeypatch: pytest.MonkeyPatch, fixed_today) -> None:
    monkeypatch.chdir(REPO)


@pytest.mark.parametrize("case", _cases("negative"), ids=lambda path: path.stem)
def test_negative_case_reports_exactly_what_it_expects(case: Path) -> None:
    header = case.read_bytes()
    expected = EXPECT.findall(header)
    assert expected, f"{case.name} has no `# expect:` header"
    assert len(expected) == header.count(b"# expect:"), f"{case.name}: every `# expect:` needs `says:` and `hint:`"
    exit_code, problems = _run(case)
    assert exit_code == int(expected[0][0])
    # Paths are the repository's (under mutmut's copy, mutants/ comes first).
    assert all(problem["path"].endswith(case.relative_to(REPO).as_posix()) for problem in problems)
    reported = sorted(
        (problem["rule"], problem["line"], problem["column"], problem["message"], problem["hint"])
        for problem in problems
    )
    assert reported == sorted(
        (rule.decode(), int(line), int(column), says.decode(), hint.decode())
        for _, rule, line, column, says, hint in expected
    )


@pytest.mark.parametrize("case", _cases("positive"), ids=lambda path: path.stem)
def test_positive_case_passes_strict(case: Path) -> None:
    exit_code, problems = _run(case, "--strict")
    assert (exit_code, problems) == (0, [])


# Rules about files rather than their content are exercised in test_sources and test_load;
# "schema" is the fallback for keywords the schema does not use today; too-many-problems is
# tested in test_validate; id-reused needs a history, and is tested in test_published.
ELSEWHERE = {
    "file-too-large",
    "outside-repository",
    "unsafe-file-name",
    "id-reused",
    "wrong-extension",
    "not-a-charter",
    "not-a-file",
    "no-charters",
    "unreadable",
    "schema",
    "too-many-problems",
    # Ledgers of positions: tests/test_ledger.py
    "not-a-list",
    "unknown-charter",
    "unknown-version",
    "not-a-representative",
    "objection-without-reason",
    # Read from history, between main-line revisions and in check-pr: tests/test_record_changes.py
    "record-rewritten",
}


def test_every_rule_has_a_case_and_every_case_a_known_rule() -> None:
    covered = {expected[1].decode() for case in _cases("negative") for expected in EXPECT.findall(case.read_bytes())}
    assert covered <= set(RULES)
    assert set(RULES) - ELSEWHERE <= covered
