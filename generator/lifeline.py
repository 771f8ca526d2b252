"""Processes the build starts end when the build does, however it ends.

A build killed outright (SIGKILL, an out-of-memory kill, a CI job cancelled) runs no
clean-up, and its worker processes and MkDocs would go on writing into folders the next
build removes. Each child therefore watches its parent and exits as soon as it is gone;
Ctrl-C is left to the parent, which stops its children itself.

Run a command under it as ``python -m generator.lifeline PARENT_PID MODULE ARGUMENTS...``
(see ``command``).
"""

from __future__ import annotations

import os
import runpy
import signal
import sys
import threading
import time

_POLL_SECONDS = 0.2


def follow_parent(parent: int) -> None:
    """Exit this process as soon as ``parent`` is no longer its parent."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_POLL_SECONDS)
        os._exit(1)  # nothing is left to read what this process would make

    threading.Thread(target=watch, name="lifeline", daemon=True).start()


def start_worker(parent: int) -> None:
    """Initializer of the build's worker processes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    follow_parent(parent)


def command(module: str, *arguments: str) -> list[str]:
    """The command line that runs ``python -m module arguments…`` as a child of this process."""
    return [sys.executable, "-m", "generator.lifeline", str(os.getpid()), module, *arguments]


def _run(parent: str, module: str, *arguments: str) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    follow_parent(int(parent))
    sys.argv = [module, *arguments]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    _run(*sys.argv[1:])
