"""The `charters` command's entry point. It imports nothing heavy before it can handle
Ctrl-C, so that an interrupt while the tool starts is answered like one later on: a line
saying so, exit status 130, no traceback."""

from __future__ import annotations

import signal
import sys

EXIT_INTERRUPTED = 130


def _stop(signal_number: int, frame: object) -> None:
    # A plain kill (CI cancelling a job, an editor's task runner) ends a command the way
    # Ctrl-C does: its staging folders are removed and its child processes stopped.
    raise KeyboardInterrupt


def main() -> None:
    signal.signal(signal.SIGTERM, _stop)
    try:
        from generator.cli import run

        run()
    except KeyboardInterrupt:
        sys.stderr.write("\ninterrupted; nothing was changed\n")
        sys.exit(EXIT_INTERRUPTED)
