"""Work on every core: the same results in order, and workers that end with the build,
whichever way the platform starts them."""

from __future__ import annotations

import subprocess
import sys

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
