"""What work on several processes needs: how many cores, whether fork is safe, and pickling.

The content model keeps read-only mappings (`types.MappingProxyType`), which pickle cannot carry
by default; importing this module teaches it to (as a plain dict, wrapped again on arrival), for
the build cache in `.okrsite-cache/`.
"""

from __future__ import annotations

import copyreg
import multiprocessing
import os
import sys
import threading
from types import MappingProxyType
from typing import Any


def read_only(d: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    """A read-only view of `d`: how a pickled mapping proxy is made again."""
    return MappingProxyType(d)


def _reduce_proxy(m: MappingProxyType[Any, Any]) -> tuple[Any, tuple[dict[Any, Any]]]:
    return read_only, (dict(m),)


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
