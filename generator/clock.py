"""The one place that decides what "today" is.

Builds must be reproducible, so a set ``SOURCE_DATE_EPOCH`` (the reproducible-builds
convention) wins over the wall clock.
"""

from __future__ import annotations

import datetime as dt
import os


class ClockError(ValueError):
    pass


def today(environ: dict[str, str] | None = None) -> dt.date:
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return dt.date.today()
    try:
        seconds = int(epoch)
        return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).date()
    except (ValueError, OverflowError, OSError) as error:
        raise ClockError(
            f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix timestamp; set it to whole seconds "
            "since 1970-01-01 UTC (e.g. `git log -1 --format=%ct`) or unset it"
        ) from error
