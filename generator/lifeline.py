"""Processes the build starts end when the build does, however it ends.

A build killed outright (SIGKILL, an out-of-memory kill, a CI job cancelled) runs no
clean-up, and its worker processes and MkDocs would go on writing into folders the next
build removes. Each child therefore watches its parent and exits as soon as it is gone;
Ctrl-C is left to the parent, which stops its children itself.

Run a command under it as ``python -m generator.lifeline PARENT_PID MODULE ARGUMENTS...``
(see ``command``).
"""

from __future__ import annotations

import ctypes
import os
import runpy
import signal
import sys
import threading
import time

_POLL_SECONDS = 0.2
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _alive(process: int) -> bool:
    try:
        os.kill(process, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, and someone else's: the id was taken again
        return False
    return True


def _killed_with_parent() -> None:
    """Ask Linux to kill this process when its parent ends. Unlike the watching thread
    below, this works even when no Python thread of the process can run any more (one
    orphaned worker was seen asleep in the kernel, its watcher never run again, holding
    the build lock for ever). Elsewhere, or where it cannot be asked, the thread alone watches."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return


def follow_parent(build: int) -> None:
    """Exit this process as soon as the ``build`` process is gone. The direct parent may be
    the build or, with the forkserver and spawn start methods, a helper of its: a change of
    parent, or the build's end, both mean nothing is left to read what this would make."""
    _killed_with_parent()
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent and _alive(build):
            time.sleep(_POLL_SECONDS)
        os._exit(1)

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
