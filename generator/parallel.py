"""Run a function over many items on every core this process may use, in order.

Worker processes cost tens of milliseconds to start, so callers say from how many items
it pays. Workers end when the build does, even when it is killed (lifeline.py). They run
with the cycle collector off: the callers' work (loading and
validating charters) makes many small containers and no reference cycles, and the
collector would walk every result made so far again and again.
"""

from __future__ import annotations

import concurrent.futures
import functools
import gc
import os
from collections.abc import Callable, Sequence
from typing import TypeVar

from generator.lifeline import start_worker

Item = TypeVar("Item")
Result = TypeVar("Result")


# Below this many charter files to parse, starting worker processes costs more than it saves.
PARSE_IN_PARALLEL_FROM = 400


def usable_cores() -> int:
    """The cores this process may use (a container's quota), not the machine's."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _run_batch(function: Callable[[Item], Result], batch: Sequence[Item]) -> list[Result]:
    collecting = gc.isenabled()
    gc.disable()
    try:
        return [function(item) for item in batch]
    finally:
        if collecting:
            gc.enable()


class Cores:
    """Worker processes kept for several ``map`` calls, started at the first that pays and
    ended on leaving the ``with`` block: a long history parsed a group at a time starts
    them once, while the build is still small to fork."""

    def __init__(self) -> None:
        self.workers = min(usable_cores(), 8)
        self.pool: concurrent.futures.ProcessPoolExecutor | None = None

    def __enter__(self) -> Cores:
        return self

    def __exit__(self, *_: object) -> None:
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None

    def map(self, function: Callable[[Item], Result], items: Sequence[Item], parallel_from: int) -> list[Result]:
        """``[function(item) for item in items]``; in worker processes when there are at
        least ``parallel_from`` items and more than one core. ``function`` must be
        picklable: a module-level function, or a functools.partial of one."""
        return self.map_later(function, items, parallel_from)()

    def map_later(
        self, function: Callable[[Item], Result], items: Sequence[Item], parallel_from: int
    ) -> Callable[[], list[Result]]:
        """``map``, begun now in the workers; the function returned waits for the results."""
        if len(items) < parallel_from or self.workers < 2:
            return functools.partial(_run_batch, function, items)
        if self.pool is None:
            self.pool = concurrent.futures.ProcessPoolExecutor(
                self.workers, initializer=start_worker, initargs=(os.getpid(),)
            )
        size = -(-len(items) // (self.workers * 4))
        futures = [
            self.pool.submit(_run_batch, function, items[start : start + size]) for start in range(0, len(items), size)
        ]
        return lambda: [result for future in futures for result in future.result()]


def map_on_cores(function: Callable[[Item], Result], items: Sequence[Item], parallel_from: int) -> list[Result]:
    """Cores.map, with workers of its own."""
    with Cores() as cores:
        return cores.map(function, items, parallel_from)
