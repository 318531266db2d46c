"""Rendering a planned site into the staging folder on every core.

Pages are shared out by position (page i to process i mod n) between this process and n - 1
workers forked after the plan is made, so each worker inherits the scored site and the compiled
templates without any copying, writes its pages straight into the staging folder, and sends
back only a count. This process first writes the assets and the open data, then its share.
Where fork is not available (Windows, macOS's default), or for a small site where starting
processes costs more than it saves, one process renders every page.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, Future, ProcessPoolExecutor, wait
from typing import Any

from okrsite.parallel import can_fork, cores
from okrsite.site import SitePlan
from okrsite.write import Staging

MIN_PARALLEL = 400
"""Below this many pages one process is faster: forking and joining workers costs ~50 ms."""

Progress = Callable[[int], None]

# What the forked workers render: set just before they start, inherited through fork.
_job: tuple[SitePlan, Staging, int, Any] | None = None


def render_into(
    plan: SitePlan,
    stage: Staging,
    workers: int = 0,
    progress: Progress | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> int:
    """Render every page of `plan` into `stage` (on `workers` processes, default one per core),
    running `meanwhile` in this process as they work; return the number of pages."""
    n = workers or cores()
    if n < 2 or len(plan.pages) < MIN_PARALLEL or not can_fork():
        count = _render_slice(plan, stage, 0, 1, progress)
        if meanwhile is not None:
            meanwhile()
        return count
    global _job
    ctx = multiprocessing.get_context("fork")
    done = ctx.Value("q", 0)
    _job = (plan, stage, n, done)
    # Everything the workers inherit is left out of their garbage collections: a collection
    # writes to every object it visits, which would copy the shared memory into each worker.
    gc.freeze()
    try:
        # This process renders a share too, after `meanwhile`: n processes on n cores, and one
        # copy of the site fewer than n workers beside an idle parent (each worker's memory
        # grows towards a copy as rendering touches the objects it shares).
        with ProcessPoolExecutor(n - 1, mp_context=ctx) as pool:
            futures = [pool.submit(_work, i) for i in range(1, n)]
            if meanwhile is not None:
                meanwhile()

            def tick(count: int) -> None:
                _count(done)
                if progress is not None and count % 50 == 0:
                    progress(done.value)

            own = _render_slice(plan, stage, 0, n, tick)
            return own + _join(futures, done, progress)
    finally:
        _job = None
        gc.unfreeze()


def _count(done: Any) -> None:
    with done.get_lock():
        done.value += 1


def _join(futures: list[Future[int]], done: Any, progress: Progress | None) -> int:
    pending = set(futures)
    while pending:
        finished, pending = wait(pending, timeout=0.1, return_when=FIRST_EXCEPTION)
        if progress is not None:
            progress(done.value)
        for f in finished:
            f.result()  # a worker's ThemeError (or any error) is raised here
    return sum(f.result() for f in futures)


def _work(index: int) -> int:
    assert _job is not None, "render workers must be forked from render_into"
    plan, stage, n, done = _job
    return _render_slice(plan, stage, index, n, lambda _: _count(done))


def _render_slice(plan: SitePlan, stage: Staging, index: int, n: int, progress: Progress | None) -> int:
    count = 0
    for page in plan.pages[index::n]:
        stage.write(page.path, plan.render(page))
        count += 1
        if progress is not None:
            progress(count)
    return count
