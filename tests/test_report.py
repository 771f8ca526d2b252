"""Reporters: text for people, JSON for tools, GitHub workflow commands for annotations."""

from __future__ import annotations

import json
import re

from generator.problems import Problem, Severity
from generator.report import github_report, gitlab_report, json_report, text_report

PROBLEMS = [
    Problem(
        "charters/a.yaml", 3, 5, Severity.ERROR, "unknown-field", "unknown field 'cadance'", "did you mean 'cadence'?"
    ),
    Problem("charters/b,c:d.yaml", 7, 1, Severity.WARNING, "review-overdue", "100% late\nreally", "hold it"),
]


def test_text_report_gives_file_line_column_severity_message_rule_and_hint() -> None:
    lines = text_report(PROBLEMS, 2, colour=False).splitlines()
    assert lines[0] == "charters/a.yaml:3:5: error: unknown field 'cadance' [unknown-field]"
    assert lines[1] == "    hint: did you mean 'cadence'?"
    assert lines[-1] == "2 files checked: 1 error, 1 warning"


def test_colour_marks_only_the_severity() -> None:
    coloured = text_report(PROBLEMS[:1], 1, colour=True)
    assert "\x1b[31m" in coloured and "\x1b[" not in text_report(PROBLEMS[:1], 1, colour=False)


def test_json_report_carries_every_field() -> None:
    document = json.loads(json_report(PROBLEMS, 2, colour=False))
    assert (document["errors"], document["warnings"], document["files_checked"]) == (1, 1, 2)
    assert document["problems"][0] == {
        "path": "charters/a.yaml",
        "line": 3,
        "column": 5,
        "severity": "error",
        "rule": "unknown-field",
        "message": "unknown field 'cadance'",
        "hint": "did you mean 'cadence'?",
    }


def test_github_annotations_escape_data_and_properties() -> None:
    lines = github_report(PROBLEMS, 2, colour=False).splitlines()
    assert (
        lines[0]
        == "::error file=charters/a.yaml,line=3,col=5,title=unknown-field::unknown field 'cadance'%0Ahint: did you mean 'cadence'?"
    )
    assert (
        lines[1]
        == "::warning file=charters/b%2Cc%3Ad.yaml,line=7,col=1,title=review-overdue::100%25 late%0Areally%0Ahint: hold it"
    )


def test_gitlab_code_quality_report_has_the_required_fields_and_stable_fingerprints() -> None:
    entries = json.loads(gitlab_report(PROBLEMS, 2, colour=False))
    assert entries[0] == {
        "description": "unknown field 'cadance' (hint: did you mean 'cadence'?)",
        "check_name": "unknown-field",
        "fingerprint": entries[0]["fingerprint"],
        "severity": "major",
        "location": {"path": "charters/a.yaml", "lines": {"begin": 3}},
    }
    assert entries[1]["severity"] == "minor"
    assert re.fullmatch(r"[0-9a-f]{64}", entries[0]["fingerprint"])
    moved = Problem(
        "charters/a.yaml", 30, 1, Severity.ERROR, "unknown-field", "unknown field 'cadance'", "did you mean 'cadence'?"
    )
    assert json.loads(gitlab_report([moved], 1, colour=False))[0]["fingerprint"] == entries[0]["fingerprint"]
    twice = json.loads(gitlab_report([PROBLEMS[0], moved], 1, colour=False))
    assert twice[0]["fingerprint"] != twice[1]["fingerprint"]
