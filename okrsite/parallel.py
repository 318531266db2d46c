"""Work shared out among forked processes, and the pickling that carries results back.

`fork_map` runs a function over items on one process per core, forked so that each inherits
the parent's memory (the loaded files, the compiled templates) instead of receiving copies; only
the results travel back, pickled. Where fork is not available, or for little work, it runs in
this process: the results are the same either way, in the same order.

The content model keeps read-only mappings (`types.MappingProxyType`), which pickle cannot carry
by default; importing this module teaches it to (as a plain dict, wrapped again on arrival).
"""

from __future__ import annotations

import copyreg
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from types import MappingProxyType
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def _reduce_proxy(m: MappingProxyType[Any, Any]) -> tuple[Any, tuple[dict[Any, Any]]]:
    return MappingProxyType, (dict(m),)


copyreg.pickle(MappingProxyType, _reduce_proxy)


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    """True where workers can inherit the parent's memory (Linux), and this process runs one
    thread: a fork copies locks that other threads may hold (as in `okrsite serve`), so a
    threaded process works alone."""
    return (
        sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


# The function and items of the current fork_map: set just before the workers fork.
_job: tuple[Callable[[Any], Any], Sequence[Any], int] | None = None


def fork_map(fn: Callable[[T], R], items: Sequence[T], min_items: int = 200, workers: int = 0) -> list[R]:
    """`[fn(x) for x in items]`, on one forked process per core when there are at least
    `min_items`; `fn` and the items reach the workers through fork, not pickle."""
    n = workers or cores()
    if n < 2 or len(items) < min_items or not can_fork():
        return [fn(x) for x in items]
    global _job
    _job = (fn, items, n)
    try:
        with ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork")) as pool:
            parts = list(pool.map(_slice, range(n)))
    finally:
        _job = None
    out: list[Any] = [None] * len(items)
    for i, part in enumerate(parts):
        out[i::n] = part
    return out


def _slice(index: int) -> list[Any]:
    assert _job is not None, "fork_map workers must be forked from fork_map"
    fn, items, n = _job
    return [fn(x) for x in items[index::n]]
