"""The README's promises: its test command is what CI runs, its rule tables are complete, and
its adoption steps name real values."""

from __future__ import annotations

import re

import yaml

from generator.problems import RULES
from generator.scaffold.init import tool_files
from generator.scaffold.tool import this_tool
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


def test_the_adoption_steps_name_the_values_init_writes() -> None:
    """Install source, action and pre-commit hook in the README are this version's, from
    the one address in the package metadata: no placeholder is left for a partner to guess."""
    tool = this_tool()
    assert f'pip install "{tool.requirement}"' in README
    assert f"uses: {tool.action_name}@<commit of {tool.ref}> # {tool.ref}" in README
    written = tool_files(tool, "github")[".pre-commit-config.yaml"].decode()
    body = written[written.index("repos:") :]
    assert "\n".join("   " + line for line in body.splitlines()) in README
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert [hook["id"] for hook in hooks] == [yaml.safe_load(body)["repos"][0]["hooks"][0]["id"]]
    assert "OWNER/benchmark-charters" not in README
