"""Run a function over many items on every core this process may use, in order.

Worker processes cost tens of milliseconds to start, so callers say from how many items
it pays. Workers end when the build does, even when it is killed (lifeline.py). They run
with the cycle collector off: the callers' work (loading and
validating charters) makes many small containers and no reference cycles, and the
collector would walk every result made so far again and again.
"""

from __future__ import annotations

import concurrent.futures
import gc
import os
from collections.abc import Callable, Sequence
from typing import TypeVar

from generator.lifeline import start_worker

Item = TypeVar("Item")
Result = TypeVar("Result")


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


def map_on_cores(function: Callable[[Item], Result], items: Sequence[Item], parallel_from: int) -> list[Result]:
    """``[function(item) for item in items]``; in worker processes when there are at least
    ``parallel_from`` items and more than one core. ``function`` must be picklable: a
    module-level function, or a functools.partial of one."""
    workers = min(usable_cores(), 8)
    if len(items) < parallel_from or workers < 2:
        return _run_batch(function, items)
    size = -(-len(items) // (workers * 4))
    batches = [items[start : start + size] for start in range(0, len(items), size)]
    with concurrent.futures.ProcessPoolExecutor(workers, initializer=start_worker, initargs=(os.getpid(),)) as pool:
        return [result for batch in pool.map(_run_batch, [function] * len(batches), batches) for result in batch]
