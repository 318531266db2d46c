"""One child process of the benchmark, timed by the wall clock, with its peak RSS (os.wait4) and,
when asked, the summed PSS of its whole process tree (forked workers included)."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# --- one child process, timed ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Run:
    """One timed child: wall seconds, its peak RSS in MiB (wait4's ru_maxrss: the largest single
    process, the child's own or a worker's it waited for), the peak of the whole process tree's
    summed PSS when it was sampled, and the tail of its stderr when it failed."""

    ok: bool
    seconds: float
    rss_mb: float
    error: str = ""
    stdout: str = ""
    tree_mb: float | None = None


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            kids += [int(k) for k in (task / "children").read_text().split()]
    except (OSError, ValueError):
        pass
    return kids


def _pss_kib(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


class TreeMemory:
    """Samples the summed PSS (proportional set size: shared pages split between the processes
    that share them) of a process and all its descendants, e.g. forked render workers, whose
    memory wait4's ru_maxrss does not add up. Reading smaps_rollup costs milliseconds per
    process, so this runs in an untimed build of its own."""

    def __init__(self, pid: int, interval: float) -> None:
        self.pid, self.interval, self.peak_kib = pid, interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            pids, seen = [self.pid], set()
            while pids:
                pid = pids.pop()
                if pid not in seen:
                    seen.add(pid)
                    pids += _children(pid)
            self.peak_kib = max(self.peak_kib, sum(_pss_kib(pid) for pid in seen))
            if self._stop.wait(self.interval):
                return

    def stop(self) -> float | None:
        """The peak in MiB (None where /proc has no smaps_rollup)."""
        self._stop.set()
        self._thread.join()
        return self.peak_kib / 1024 if self.peak_kib else None


_child: subprocess.Popen[bytes] | None = None  # the running child, for Ctrl-C


def run_child(
    cmd: Sequence[str], logs: Path, timeout: float, cwd: Path | None = None, sample: float | None = None
) -> Run:
    """Run `cmd` to the end; time it by the wall clock and read its own ru_maxrss with wait4. With
    `sample`, also sample the process tree's summed PSS every `sample` seconds."""
    global _child
    logs.mkdir(parents=True, exist_ok=True)
    out_path, err_path = logs / "stdout.txt", logs / "stderr.txt"
    timed_out = threading.Event()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(list(cmd), stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=cwd)
        except OSError as exc:
            return Run(False, 0.0, 0.0, f"    could not start {cmd[0]}: {exc}")
        _child = proc

        def kill() -> None:
            timed_out.set()
            proc.kill()

        timer = threading.Timer(timeout, kill)
        timer.start()
        tree = TreeMemory(proc.pid, sample) if sample else None
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
            tree_mb = tree.stop() if tree else None
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        _child = None
    rss = usage.ru_maxrss / 1024  # KiB on Linux
    stdout = out_path.read_text(errors="replace")
    if proc.returncode == 0 and not timed_out.is_set():
        return Run(True, seconds, rss, stdout=stdout, tree_mb=tree_mb)
    why = f"timed out after {timeout:.0f} s" if timed_out.is_set() else f"exit code {proc.returncode}"
    tail = (
        err_path.read_text(errors="replace").strip().splitlines()[-15:] or stdout.strip().splitlines()[-15:]
    )
    return Run(
        False, seconds, rss, f"    {why}\n" + "\n".join("    | " + line for line in tail), stdout, tree_mb
    )


def stop_child() -> None:
    """Stop the running child, if any (Ctrl-C): SIGTERM, then SIGKILL after 5 s."""
    proc = _child
    if proc is None or proc.returncode is not None:
        return
    try:
        proc.terminate()
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    except OSError:
        pass
