"""When to rebuild after a burst of file-system events: quiet for a moment, or waited long enough.

Pure bookkeeping, no threads of its own and no sleeping: the clock is injected, so tests drive it by
hand. It is thread-safe, because watchdog calls `add` from its observer thread while the server
loop calls `due` and `take`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class Debouncer:
    """Collects changed paths; a burst is due `quiet` s after its last event, or at the latest
    `max_wait` s after its first, so a steady stream of saves still rebuilds about once a second.
    """

    def __init__(
        self, quiet: float = 0.12, max_wait: float = 1.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if not 0 <= quiet <= max_wait:
            raise ValueError(f"need 0 <= quiet <= max_wait, got quiet={quiet}, max_wait={max_wait}")
        self.quiet = quiet
        self.max_wait = max_wait
        self._clock = clock
        self._lock = threading.Lock()
        self._paths: set[str] = set()
        self._first: float | None = None
        self._last = 0.0

    def add(self, path: str) -> None:
        """Record a change to `path` now; the first one after a `take` starts a new burst."""
        with self._lock:
            now = self._clock()
            if self._first is None:
                self._first = now
            self._last = now
            self._paths.add(path)

    def due(self) -> float | None:
        """Seconds until the pending burst should be rebuilt: 0.0 when due now, None when none is pending."""
        with self._lock:
            if self._first is None:
                return None
            deadline = min(self._last + self.quiet, self._first + self.max_wait)
            return max(0.0, deadline - self._clock())

    def take(self) -> frozenset[str]:
        """Return every path collected since the last take and start afresh; never raises.

        Meant to be called when `due()` is 0. Called earlier it flushes early (a forced rebuild, or
        shutdown); with nothing pending it returns an empty set. It does not refuse a burst that
        is not yet due because an event may land between the caller's `due()` and `take()`: that
        path simply joins this rebuild, which reads the files after the take anyway.
        """
        with self._lock:
            paths = frozenset(self._paths)
            self._paths.clear()
            self._first = None
            return paths
