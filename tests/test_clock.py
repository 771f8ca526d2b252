from __future__ import annotations

import datetime as dt

import pytest

from generator.clock import ClockError, today


def test_source_date_epoch_decides_today() -> None:
    assert today({"SOURCE_DATE_EPOCH": "1795608000"}) == dt.date(2026, 11, 25)


def test_without_source_date_epoch_today_is_the_calendar_day() -> None:
    # Read between two readings of the calendar, so that midnight falling during the test
    # cannot fail it.
    before = dt.date.today()
    read = today({})
    after = dt.date.today()
    assert before <= read <= after


def test_a_malformed_source_date_epoch_is_a_clear_error() -> None:
    with pytest.raises(ClockError, match="SOURCE_DATE_EPOCH='soon' is not a Unix timestamp"):
        today({"SOURCE_DATE_EPOCH": "soon"})
