"""A skip on CI is a failure: the policy run on a throwaway test suite, in its own pytest."""

from __future__ import annotations

import pytest

from tests.conftest import REPO

MISSING_TOOL = (
    "import pytest\n\ndef test_browser():\n    pytest.skip('Chromium is not installed')\n\ndef test_b():\n    pass\n"
)
MISSING_PACKAGE = "import pytest\n\npytest.importorskip('no_such_browser_package')\n\ndef test_a():\n    pass\n"
OTHER_TEST = "def test_c():\n    pass\n"


def _run(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, suite: str, ci: str | None) -> pytest.RunResult:
    pytester.makepyfile(test_suite=suite, test_other=OTHER_TEST)
    monkeypatch.setenv("PYTHONPATH", str(REPO))
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    return pytester.runpytest_subprocess("-p", "tests.ci_policy", "-p", "no:cacheprovider")


def test_with_ci_set_a_skipped_test_fails_and_says_why(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _run(pytester, monkeypatch, MISSING_TOOL, "true")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*skipped with CI set, which fails the run: Skipped: Chromium is not installed*"])


def test_with_ci_set_a_missing_package_stops_the_run(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _run(pytester, monkeypatch, MISSING_PACKAGE, "true")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(["*skipped with CI set, which fails the run: *no_such_browser_package*"])


@pytest.mark.parametrize("suite", [MISSING_TOOL, MISSING_PACKAGE])
def test_on_a_workstation_a_missing_tool_is_a_skip(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, suite: str
) -> None:
    result = _run(pytester, monkeypatch, suite, None)
    assert result.ret == pytest.ExitCode.OK
    assert result.parseoutcomes()["skipped"] == 1
