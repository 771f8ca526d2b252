"""Shared fixtures: the repository's own paths and a fixed "today"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

pytest_plugins = ["pytester", "tests.ci_policy"]

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = Path(__file__).resolve().parent / "examples"
TODAY = dt.date(2026, 11, 25)
# SOURCE_DATE_EPOCH for TODAY at noon UTC, so that health checks do not age with the calendar.
TODAY_EPOCH = "1795608000"


@pytest.fixture
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH)
    return TODAY


@pytest.fixture(scope="session")
def _platform_key(tmp_path_factory: pytest.TempPathFactory):
    from tests.platform import Platform

    platform = Platform(tmp_path_factory.mktemp("platform") / "gnupg")
    yield platform
    platform.stop()


@pytest.fixture
def platform(_platform_key, monkeypatch: pytest.MonkeyPatch):
    """A platform's web interface that signs commits, its key given to the tool."""
    monkeypatch.setenv("CHARTERS_PLATFORM_KEYS", str(_platform_key.public_keys))
    return _platform_key
