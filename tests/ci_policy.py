"""With ``CI`` set, a skipped test fails the run: CI must have every tool the tests drive.

On a workstation a test whose tool is missing (Chromium, Node.js, a browser package) is
skipped with its reason; on CI the same skip would hide that the test never ran.
"""

from __future__ import annotations

import os

import pytest


def _ci() -> bool:
    return bool(os.environ.get("CI"))


def _fail_instead(report: pytest.TestReport | pytest.CollectReport) -> None:
    if _ci() and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped with CI set, which fails the run: {reason} (.ci/run installs what tests need)"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    _fail_instead(report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector):
    report = yield
    _fail_instead(report)
    return report
