"""The README's promises: its test command is what CI runs, and its rule table is complete."""

from __future__ import annotations

import re

from generator.problems import RULES
from generator.settings import SETTINGS_RULES
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command() -> None:
    commands = re.findall(r"```sh\n(python3 -m venv .*)\n```", README)
    assert len(commands) == 2, "the README gives exactly two set-up commands"
    assert commands[1].endswith("pytest")
    assert commands[1] in (REPO / ".ci" / "run").read_text().splitlines()


def test_the_rule_tables_list_every_rule() -> None:
    """The charters' rules and the settings' rules, each with the meaning the code gives it."""
    documented = dict(re.findall(r"^\| `([a-z0-9-]+)` \| (.+) \|$", README, re.MULTILINE))
    assert documented == {**RULES, **SETTINGS_RULES}
