"""Work on every core: the same results in order, and workers that end with the build,
whichever way the platform starts them."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from tests.conftest import REPO

PROGRAM = """
import multiprocessing, operator, sys
multiprocessing.set_start_method(sys.argv[1], force=True)
from generator.parallel import map_on_cores
print(map_on_cores(operator.neg, list(range(500)), 10) == [-number for number in range(500)])
"""


@pytest.mark.parametrize("method", ["fork", "forkserver", "spawn"])
def test_workers_run_under_every_start_method(method: str) -> None:
    # Python 3.14 starts workers with forkserver on Linux: their parent is not the build.
    completed = subprocess.run(
        [sys.executable, "-c", PROGRAM, method], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "True"


STUCK_CHILD = """
import ctypes, os, sys
from generator.lifeline import follow_parent
follow_parent(os.getppid())
print(os.getpid(), flush=True)
# pause() through PyDLL keeps the interpreter lock: no Python thread runs again, the
# watching thread included. Only the kernel can end this process now.
ctypes.PyDLL(None).pause()
"""
PARENT = """
import subprocess, sys
child = subprocess.Popen([sys.executable, "-c", sys.argv[1]], stdout=subprocess.PIPE, text=True)
print(child.stdout.readline().strip(), flush=True)
import time; time.sleep(60)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's parent-death signal is Linux's")
def test_a_child_stuck_where_no_thread_runs_still_ends_with_its_parent() -> None:
    parent = subprocess.Popen([sys.executable, "-c", PARENT, STUCK_CHILD], cwd=REPO, stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 10
    while _running(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(child), "the orphan would hold the build lock for ever"


def _running(process: int) -> bool:
    try:
        with open(f"/proc/{process}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False
