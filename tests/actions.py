"""Run a workflow job's steps the way a GitHub runner would, on this machine.

`run:` steps run in bash with the step's `env:`, `$GITHUB_OUTPUT` and `$GITHUB_ACTION_PATH`;
a `uses:` of the tool's own action runs that action's composite steps; other actions
(checkout, setup-python, the comment, caches, artifacts, Pages) are recorded, not run: the
runner provides them, and they touch nothing the tool does. `if:` conditions are the few
forms the workflows use, read with Python's parser (never evaluated as code).
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import yaml

_EXPRESSION = re.compile(r"\$\{\{\s*(?P<name>[\w.-]+)\s*\}\}")


@dataclass
class Run:
    """What a job did: the actions it would have used, each run step and its result."""

    used: list[str] = field(default_factory=list)
    commands: list[tuple[str, subprocess.CompletedProcess]] = field(default_factory=list)
    failed: str | None = None  # the name of the step that failed the job


def _value(name: str, context: dict[str, str]) -> str:
    if name not in context:
        raise KeyError(f"the test's context has no value for {name}")
    return context[name]


def _substitute(text: str, context: dict[str, str]) -> str:
    return _EXPRESSION.sub(lambda match: _value(match["name"], context), text)


def condition_holds(condition: str | None, context: dict[str, str]) -> bool:
    """`a == 'b'`, `&&`, `||`, parentheses and always(): all the workflows here use."""
    if condition is None:
        return True
    text = condition.replace("${{", "").replace("}}", "").strip()
    if text == "always()":
        return True
    python = text.replace("&&", " and ").replace("||", " or ").replace("!=", " != ")
    names = {
        name: f"_{index}" for index, name in enumerate(sorted(set(re.findall(r"[a-z_][\w-]*(?:\.[\w-]+)+", python))))
    }
    for name, placeholder in sorted(names.items(), key=lambda item: -len(item[0])):
        python = python.replace(name, placeholder)
    values = {placeholder: context.get(name, "") for name, placeholder in names.items()}

    def judge(node: ast.AST) -> object:
        if isinstance(node, ast.BoolOp):
            results = [judge(value) for value in node.values]
            return all(results) if isinstance(node.op, ast.And) else any(results)
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            left, right = judge(node.left), judge(node.comparators[0])
            return left == right if isinstance(node.ops[0], ast.Eq) else left != right
        if isinstance(node, ast.Name):
            return values[node.id]
        if isinstance(node, ast.Constant):
            return node.value
        raise ValueError(f"the test cannot read the condition {condition!r}")

    return bool(judge(ast.parse(python, mode="eval").body))


@dataclass(frozen=True)
class Runner:
    workspace: Path  # the checkout
    environment: dict[str, str]
    actions: dict[str, Path]  # `uses:` before the @ → the folder of a composite action to run
    skipped: frozenset[str] = frozenset()  # names of steps not to run (the tool is installed already)

    def run(self, steps: list[dict], context: dict[str, str]) -> Run:
        outcome = Run()
        self._run_into(outcome, steps, dict(context), {})
        return outcome

    def _run_into(self, outcome: Run, steps: list[dict], context: dict[str, str], action_env: dict[str, str]) -> None:
        for number, step in enumerate(steps):
            if step.get("name") in self.skipped:
                continue
            if not condition_holds(step.get("if"), context) or (outcome.failed and step.get("if") != "always()"):
                continue
            uses = step.get("uses")
            if uses is None:
                self._command(outcome, step, step.get("id", f"step{number}"), context, action_env)
            elif uses.split("@")[0] in self.actions:
                folder = self.actions[uses.split("@")[0]]
                definition = yaml.safe_load((folder / "action.yml").read_text())
                inputs = {key: str(spec.get("default", "")) for key, spec in definition.get("inputs", {}).items()}
                inputs.update({key: str(value) for key, value in step.get("with", {}).items()})
                inner = {**context, **{f"inputs.{key}": value for key, value in inputs.items()}}
                self._run_into(outcome, definition["runs"]["steps"], inner, {"GITHUB_ACTION_PATH": str(folder)})
            else:
                outcome.used.append(uses.split("@")[0])

    def _command(
        self, outcome: Run, step: dict, step_id: str, context: dict[str, str], action_env: dict[str, str]
    ) -> None:
        output = self.workspace.parent / f".github-output-{os.getpid()}-{len(outcome.commands)}"
        output.write_text("")
        step_environment = {key: _substitute(str(value), context) for key, value in step.get("env", {}).items()}
        completed = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", step["run"]],
            cwd=self.workspace,
            env={**self.environment, **action_env, **step_environment, "GITHUB_OUTPUT": str(output)},
            capture_output=True,
            text=True,
            check=False,
        )
        outcome.commands.append((step["run"], completed))
        for line in output.read_text().splitlines():
            key, _, value = line.partition("=")
            context[f"steps.{step_id}.outputs.{key}"] = value
        output.unlink()
        if completed.returncode != 0:
            outcome.failed = step.get("name", step["run"])
