"""The benchmark of "Speed and scale": `okrsite build` cold and warm, per-objective time, peak memory
and the save-to-reload latency of `okrsite serve`, on generated sites; with --compare, Hugo and
MkDocs on the same content, timed the same way in the same run.

    python bench/run.py [--sizes 1000,10000] [--runs 3] [--compare] [--no-serve] [--work DIR] [--keep]

Run it with the Python that has okrsite installed (`.venv/bin/python bench/run.py`). Every build is
a subprocess (`python -m okrsite build SITE --out OUT`, `hugo`, `mkdocs build`) timed by the wall
clock; its peak RSS is the child's own ru_maxrss, from os.wait4 on its pid; one more, untimed,
okrsite build per size samples the summed PSS of its whole process tree (forked workers included).
Cold builds start without output or cache; each warm build is the second build after a cold one.
Figures are medians of --runs runs, with min and max beside them; progress goes to stderr, the
header and the tables to stdout. bench/README.md explains every column.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.compare import (  # noqa: E402 - after the sys.path line, as in bench/serve.py
    ensure_hugo,
    ensure_mkdocs,
    hugo_command,
    mkdocs_command,
    read_corpus,
    write_hugo_site,
    write_mkdocs_site,
)
from bench.corpus import write_corpus  # noqa: E402

CACHE_DIR = ".okrsite-cache"  # where okrsite may keep a build cache inside the site folder
TOOLS = ("okrsite", "hugo", "mkdocs")
NAMES = {"okrsite": "okrsite", "hugo": "Hugo", "mkdocs": "MkDocs"}


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


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


# --- what a size measures -------------------------------------------------------------------------


@dataclass
class Series:
    """The runs of one measurement (one tool, cold or warm, at one size)."""

    runs: list[Run] = field(default_factory=list)

    @property
    def times(self) -> list[float]:
        return [r.seconds for r in self.runs if r.ok]

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None

    @property
    def rss(self) -> float | None:
        return max((r.rss_mb for r in self.runs if r.ok), default=None)

    @property
    def failed(self) -> int:
        return sum(not r.ok for r in self.runs)

    def spread(self) -> str:
        """'min-max' of the good runs, with how many failed."""
        t = self.times
        text = f"{min(t):.2f}-{max(t):.2f}" if t else "-"
        return text + (f" ({self.failed} failed)" if self.failed else "")


@dataclass
class Serve:
    """bench/serve.py's measurement: seconds from saving a file to the reload event."""

    latencies: list[float] = field(default_factory=list)
    rebuilds: list[float] = field(default_factory=list)
    initial: float | None = None
    error: str = ""


@dataclass
class Size:
    n: int
    files: int = 0
    cold: dict[str, Series] = field(default_factory=lambda: {t: Series() for t in TOOLS})
    warm: Series = field(default_factory=Series)
    pages: dict[str, int] = field(default_factory=dict)  # HTML files written, per tool
    written: dict[str, int] = field(default_factory=dict)  # Markdown pages given to the peers
    serve: Serve | None = None
    memory: Run | None = None  # the untimed cold build whose process tree was sampled

    def peak_mb(self) -> float | None:
        """The highest RSS of a single okrsite build process, over the timed runs."""
        return max((x for x in (self.cold["okrsite"].rss, self.warm.rss) if x is not None), default=None)

    def tree_mb(self) -> float | None:
        """The peak of the summed PSS of an okrsite build and its workers."""
        return self.memory.tree_mb if self.memory and self.memory.ok else None

    def memory_mb(self) -> float | None:
        """What the memory goals are held to: the larger of the two."""
        return max((x for x in (self.peak_mb(), self.tree_mb()) if x is not None), default=None)

    def per_objective_ms(self) -> float | None:
        med = self.cold["okrsite"].median
        return med / self.n * 1000 if med is not None else None


def html_pages(out: Path) -> int:
    return sum(1 for _ in out.rglob("*.html")) if out.is_dir() else 0


def rmtree(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


# --- the measurement ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Options:
    sizes: list[int]
    runs: list[int]
    compare: bool
    serve: bool
    work: Path
    timeout: float
    package: Path | None = None  # okrsite's package folder, for source_stamp


@dataclass
class Peers:
    """The peer tools that could be had, and why the others could not."""

    hugo: str | None = None
    mkdocs: str | None = None
    mkdocs_venv: Path | None = None
    skipped: dict[str, str] = field(default_factory=dict)


def setup_peers(work: Path) -> Peers:
    peers = Peers()
    version, why = ensure_hugo(say)
    if version:
        peers.hugo = version
    else:
        peers.skipped["hugo"] = why
        say(f"Hugo skipped: {why}")
    venv = work / "mkdocs-venv"
    version, why = ensure_mkdocs(venv, say)
    if version:
        peers.mkdocs, peers.mkdocs_venv = version, venv
    else:
        peers.skipped["mkdocs"] = why
        say(f"MkDocs skipped: {why}")
    return peers


def source_stamp(package: Path | None) -> str:
    """okrsite's own files (path, size, modification time). Its build cache is keyed on its code,
    so an edit to the checkout between two builds (someone at work in it) makes the second build
    a full one; this tells such a warm run from a real one."""
    if package is None:
        return ""
    h = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if "__pycache__" in path.parts or path.suffix == ".pyc":
            continue
        try:
            st = path.stat()
        except OSError:  # deleted while we looked
            continue
        h.update(f"{path.relative_to(package)}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return h.hexdigest()


def warm_build(size: Size, command: list[str], logs: Path, previous: str, opts: Options) -> Run:
    """The build after a build, nothing changed. `previous` is okrsite's source stamp from before
    the previous build began; when the source changed since, the cache cannot apply, and the
    build is made again (at most twice more) after the one that just saw the new source."""
    for attempt in range(3):
        start = source_stamp(opts.package)
        run = run_child(
            command, logs if attempt == 0 else logs.with_name(f"{logs.name}-again-{attempt}"), opts.timeout
        )
        if source_stamp(opts.package) == previous or not run.ok:
            return run
        say(
            f"  {size.n:>7,} okrsite's own source changed during this build or the one before "
            f"({run.seconds:.2f} s; someone is editing the checkout), so its cache could not apply: "
            + ("building once more" if attempt < 2 else "keeping this run")
        )
        previous = start
    return run


def okrsite_command(site: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "okrsite", "build", str(site), "--out", str(out)]


_last_error = ""


def _note(size: Size, label: str, run: Run) -> None:
    global _last_error
    text = f"  {size.n:>7,} {label:<22} {run.seconds:7.2f} s {run.rss_mb:7.0f} MB"
    if run.tree_mb is not None:
        text += f" (process tree PSS {run.tree_mb:.0f} MB)"
    if run.ok:
        say(text)
    else:
        say(
            f"{text}  FAILED\n" + ("    (the same error as above)" if run.error == _last_error else run.error)
        )
        _last_error = run.error


def measure_size(n: int, runs: int, opts: Options, peers: Peers | None) -> Size:
    size = Size(n)
    base = opts.work / f"n{n}"
    rmtree(base)
    site, logs = base / "site", base / "logs"
    site.mkdir(parents=True)
    t0 = time.perf_counter()
    write_corpus(site, n)
    size.files = sum(1 for p in (site / "content").rglob("*") if p.is_file())
    say(f"n={n:,}: corpus of {size.files:,} files written in {time.perf_counter() - t0:.1f} s ({site})")

    commands: dict[str, Callable[[], list[str]]] = {}
    outs = {t: base / f"out-{t}" for t in TOOLS}
    scratch: dict[str, list[Path]] = {"okrsite": [site / CACHE_DIR]}
    commands["okrsite"] = lambda: okrsite_command(site, outs["okrsite"])
    if peers is not None and (peers.hugo or peers.mkdocs):
        t0 = time.perf_counter()
        corpus = read_corpus(site)
        if peers.hugo:
            hugo_site = base / "hugo"
            size.written["hugo"] = write_hugo_site(corpus, hugo_site)
            commands["hugo"] = lambda: hugo_command(hugo_site, outs["hugo"], base / "hugo-cache")
            scratch["hugo"] = [hugo_site / "resources", base / "hugo-cache", hugo_site / ".hugo_build.lock"]
        if peers.mkdocs and peers.mkdocs_venv:
            mk_site, venv = base / "mkdocs", peers.mkdocs_venv
            size.written["mkdocs"] = write_mkdocs_site(corpus, mk_site)
            commands["mkdocs"] = lambda: mkdocs_command(venv, mk_site, outs["mkdocs"])
        say(
            f"n={n:,}: the same content as Markdown written in {time.perf_counter() - t0:.1f} s "
            + "("
            + ", ".join(f"{NAMES[t]} {c:,} pages" for t, c in size.written.items())
            + ")"
        )

    # Cold: no output folder and no cache (both deleted first). Warm: right after each okrsite
    # cold build, the same build again with nothing changed and its output folder and cache left
    # in place, so that every warm run is the second build after a cold one. The tools take
    # turns, so that a burst of load on the shared machine falls on all of them rather than one.
    for r in range(runs):
        for tool, command in commands.items():
            first = source_stamp(opts.package)
            rmtree(outs[tool])
            for path in scratch.get(tool, []):
                rmtree(path)
            run = run_child(command(), logs / f"{tool}-cold-{r}", opts.timeout)
            size.cold[tool].runs.append(run)
            _note(size, f"{NAMES[tool]} cold {r + 1}/{runs}", run)
            if tool == "okrsite":
                if not run.ok:  # a warm build follows a good one
                    first = source_stamp(opts.package)
                    run = run_child(command(), logs / f"okrsite-first-{r}", opts.timeout)
                    _note(size, f"okrsite first {r + 1}/{runs}", run)
                size.warm.runs.append(warm_build(size, command(), logs / f"okrsite-warm-{r}", first, opts))
                _note(size, f"okrsite warm {r + 1}/{runs}", size.warm.runs[-1])
    for tool in commands:
        size.pages[tool] = html_pages(outs[tool])

    # Memory: one more cold build, untimed, with the summed PSS of its process tree sampled.
    rmtree(outs["okrsite"])
    rmtree(site / CACHE_DIR)
    size.memory = run_child(commands["okrsite"](), logs / "okrsite-memory", opts.timeout, sample=0.1)
    _note(size, "okrsite memory", size.memory)

    if opts.serve:
        size.serve = measure_serve(n, logs / "serve", opts.timeout)
    return size


_SERVE = """\
import json, sys
sys.path.insert(0, {root!r})
from bench.serve import measure
initial, latencies, rebuilds, rendered = measure({n})
print(json.dumps({{"initial": initial, "latencies": latencies, "rebuilds": rebuilds, "rendered": rendered}}))
"""


def measure_serve(n: int, logs: Path, timeout: float) -> Serve:
    """bench/serve.py's `measure(n)` (its own copy of the corpus, 5 edits of one objective), run in
    a child so that its server, watcher and memory leave with it."""
    run = run_child([sys.executable, "-c", _SERVE.format(root=str(ROOT), n=n)], logs, timeout)
    if not run.ok:
        say(f"  {n:>7,} serve                  FAILED\n{run.error}")
        return Serve(error=run.error)
    try:
        data = json.loads(run.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError) as exc:
        say(f"  {n:>7,} serve: unreadable output ({exc})")
        return Serve(error=str(exc))
    serve = Serve(
        [float(x) for x in data["latencies"]], [float(x) for x in data["rebuilds"]], data["initial"]
    )
    say(
        f"  {n:>7,} serve: first build {serve.initial:.2f} s, save->reload "
        + " ".join(f"{x * 1000:.0f}" for x in serve.latencies)
        + " ms"
    )
    return serve


# --- the report -----------------------------------------------------------------------------------


def _f(value: float | None, fmt: str = ".2f", missing: str = "-") -> str:
    return missing if value is None else format(value, fmt)


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def table(rows: list[list[str]], header: list[str], left: Sequence[int] = (0,)) -> str:
    """Columns padded to their widest cell; those numbered in `left` flush left, the rest right."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(
            c.ljust(w) if i in left else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in [header, ["-" * w for w in widths], *rows]
    ]
    return "\n".join(line.rstrip() for line in lines)


def linearity(sizes: list[Size]) -> float | None:
    measured = [s for s in sizes if s.per_objective_ms() is not None]
    if len(measured) < 2:
        return None
    small, big = min(measured, key=lambda s: s.n), max(measured, key=lambda s: s.n)
    return _ratio(big.per_objective_ms(), small.per_objective_ms())


def report(sizes: list[Size], runs: list[int], peers: Peers | None) -> str:
    out = []
    rows = []
    for s, r in zip(sizes, runs, strict=True):
        cold, warm, serve = s.cold["okrsite"], s.warm, s.serve
        lat = statistics.median(serve.latencies) if serve and serve.latencies else None
        lat_spread = (
            f"{min(serve.latencies):.3f}-{max(serve.latencies):.3f}"
            if serve and serve.latencies
            else ("failed" if serve and serve.error else "-")
        )
        rows.append(
            [
                f"{s.n:,}",
                str(r),
                _f(cold.median),
                cold.spread(),
                _f(warm.median),
                warm.spread(),
                _f(s.per_objective_ms(), ".3f"),
                _f(s.peak_mb(), ".0f"),
                _f(s.tree_mb(), ".0f"),
                _f(lat, ".3f"),
                lat_spread,
                f"{s.pages.get('okrsite', 0):,}",
            ]
        )
    out.append("okrsite build (seconds; medians of the runs, min-max beside them)")
    out.append(
        table(
            rows,
            [
                "objectives",
                "runs",
                "cold s",
                "cold min-max",
                "warm s",
                "warm min-max",
                "ms/objective",
                "peak MB",
                "tree MB",
                "reload s",
                "reload min-max",
                "pages",
            ],
        )
    )
    lin = linearity(sizes)
    if lin is not None:
        small, big = min(s.n for s in sizes), max(s.n for s in sizes)
        out.append(f"linearity: ms/objective at {big:,} / at {small:,} = {lin:.2f}")

    if peers is not None:
        out.append("")
        out.append("Cold build of the same content, same machine, same run (seconds; peak MB)")
        for tool, why in peers.skipped.items():
            out.append(f"{NAMES[tool]} skipped: {why.splitlines()[0]}")
        prow = []
        for s in sizes:
            ok, hu, mk = (s.cold[t] for t in TOOLS)
            vs_hugo = _ratio(ok.median, hu.median)
            mk_vs = _ratio(mk.median, ok.median)
            prow.append(
                [
                    f"{s.n:,}",
                    " / ".join(f"{s.pages[t]:,}" if t in s.pages else "-" for t in TOOLS),
                    f"{_f(ok.median)} ({_f(ok.rss, '.0f')})",
                    f"{_f(hu.median)} ({_f(hu.rss, '.0f')})" if hu.runs else "skipped",
                    f"{_f(mk.median)} ({_f(mk.rss, '.0f')})" if mk.runs else "skipped",
                    _f(vs_hugo),
                    "-" if vs_hugo is None else ("yes" if vs_hugo <= 1.0 else "no"),
                    _f(mk_vs),
                    "-" if mk_vs is None else ("yes" if mk_vs >= 4.0 else "no"),
                ]
            )
        out.append(
            table(
                prow,
                [
                    "objectives",
                    "pages okrsite/Hugo/MkDocs",
                    "okrsite cold",
                    "Hugo",
                    "MkDocs",
                    "okrsite/Hugo",
                    "<= 1.0",
                    "MkDocs/okrsite",
                    ">= 4.0",
                ],
            )
        )
        out.append(
            "Hugo and MkDocs min-max: "
            + "; ".join(
                f"{s.n:,}: Hugo {s.cold['hugo'].spread()}, MkDocs {s.cold['mkdocs'].spread()}" for s in sizes
            )
        )
    out.append("")
    out.append("Goals")
    out.append(table(goals(sizes, peers), ["goal", "measured", "verdict"], left=(0, 2)))
    return "\n".join(out)


def goals(sizes: list[Size], peers: Peers | None) -> list[list[str]]:
    at = {s.n: s for s in sizes}
    rows: list[list[str]] = []

    def goal(
        name: str, value: float | None, limit: float, fmt: str, below: bool = True, why: str = ""
    ) -> None:
        if value is None:
            rows.append([name, "-", why or "not measured"])
        else:
            met = value <= limit if below else value >= limit
            rows.append([name, format(value, fmt), "met" if met else "MISSED"])

    big = at.get(10_000)
    small = at.get(1_000)
    no_10k = "not measured (10,000 not in --sizes)"
    if peers is None:
        rows.append(["cold 10,000 <= Hugo (okrsite/Hugo <= 1.0)", "-", "not measured (no --compare)"])
        rows.append(["cold 10,000 >= 4x faster than MkDocs", "-", "not measured (no --compare)"])
    else:
        goal(
            "cold 10,000 <= Hugo (okrsite/Hugo <= 1.0)",
            _ratio(big.cold["okrsite"].median, big.cold["hugo"].median) if big else None,
            1.0,
            ".2f",
            why=no_10k if not big else "not measured (Hugo skipped or failed)",
        )
        goal(
            "cold 10,000 >= 4x faster than MkDocs",
            _ratio(big.cold["mkdocs"].median, big.cold["okrsite"].median) if big else None,
            4.0,
            ".2f",
            below=False,
            why=no_10k if not big else "not measured (MkDocs skipped or failed)",
        )
    goal("warm 10,000 < 3 s", big.warm.median if big else None, 3.0, ".2f", why=no_10k)

    def reload(s: Size | None) -> float | None:
        return statistics.median(s.serve.latencies) if s and s.serve and s.serve.latencies else None

    serve_why = "not measured (--no-serve, or it failed)"
    goal(
        "save->reload 1,000 < 0.3 s",
        reload(small),
        0.3,
        ".3f",
        why=serve_why if small else "not measured (1,000 not in --sizes)",
    )
    goal("save->reload 10,000 < 1 s", reload(big), 1.0, ".3f", why=serve_why if big else no_10k)
    goal(
        "peak memory 10,000 < 400 MB",
        big.memory_mb() if big else None,
        400,
        ".0f",
        why=no_10k,
    )
    huge = at.get(100_000)
    if huge is None:
        rows.append(["100,000 build without error in < 4 GB", "-", "not measured (add 100000 to --sizes)"])
    else:
        cold = huge.cold["okrsite"]
        goal(
            "100,000 build without error in < 4 GB",
            huge.memory_mb() if not cold.failed else None,
            4096,
            ".0f",
        )
        if cold.failed:
            rows[-1][2] = f"MISSED ({cold.failed} builds failed)"
    lin = (
        _ratio(big.per_objective_ms(), small.per_objective_ms()) if big and small else None
    )  # the goal is between these two sizes
    goal(
        "ms/objective 10,000 <= 1.3x 1,000",
        lin,
        1.3,
        ".2f",
        why="not measured (needs 1,000 and 10,000 in --sizes)",
    )
    return rows


# --- the command line -----------------------------------------------------------------------------


def parse(argv: Sequence[str] | None) -> tuple[Options, bool, bool]:
    p = argparse.ArgumentParser(
        prog="python bench/run.py",
        description="okrsite build: cold and warm time, ms per objective, peak RSS, serve save->reload; "
        "with --compare, Hugo and MkDocs on the same content.",
    )
    p.add_argument(
        "--sizes", default="1000,10000", help="objective counts, comma-separated (default 1000,10000)"
    )
    p.add_argument(
        "--runs",
        default="3",
        help="runs per measurement: one number, or one per size (e.g. 3,1) (default 3)",
    )
    p.add_argument("--compare", action="store_true", help="also build the same content with Hugo and MkDocs")
    p.add_argument(
        "--serve",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="measure okrsite serve's save->reload latency (default on)",
    )
    p.add_argument("--work", type=Path, help="work folder (default: a temporary folder, removed at the end)")
    p.add_argument("--keep", action="store_true", help="keep the temporary work folder")
    p.add_argument(
        "--timeout", type=float, default=3600, help="seconds before a build is killed (default 3600)"
    )
    a = p.parse_args(argv)
    try:
        sizes = [int(x.replace("_", "")) for x in a.sizes.split(",") if x.strip()]
        runs = [int(x) for x in a.runs.split(",") if x.strip()]
    except ValueError:
        p.error("--sizes and --runs take whole numbers separated by commas")
    if not sizes or any(n < 1 for n in sizes):
        p.error("--sizes needs at least one size of 1 or more")
    if len(runs) == 1:
        runs *= len(sizes)
    if len(runs) != len(sizes) or any(r < 1 for r in runs):
        p.error(f"--runs takes one number or one per size ({len(sizes)}), each 1 or more")
    temporary = a.work is None
    work = Path(tempfile.mkdtemp(prefix="okrsite-bench-")) if a.work is None else a.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    return Options(sizes, runs, a.compare, a.serve, work, a.timeout), temporary, a.keep


def okrsite_version() -> tuple[str, Path] | None:
    """okrsite's version and package folder, as the builds will import it (None when they cannot)."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import okrsite, okrsite.cli; print(okrsite.__version__); print(okrsite.__file__)",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    return (lines[0], Path(lines[1]).parent) if done.returncode == 0 and len(lines) == 2 else None


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    opts, temporary, keep = parse(argv)
    found = okrsite_version()
    if found is None:
        say(
            f"error: {sys.executable} cannot import okrsite and its dependencies; "
            "run this with the project's venv: .venv/bin/python bench/run.py"
        )
        if temporary:
            rmtree(opts.work)
        return 2
    version, package = found
    opts = replace(opts, package=package)
    signal.signal(signal.SIGTERM, _terminate)
    started = time.perf_counter()
    sizes: list[Size] = []
    try:
        header = [
            f"okrsite bench/run.py, {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
            f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
            f"okrsite {version} ({sys.executable} -m okrsite build SITE --out OUT)",
            f"sizes {', '.join(f'{n:,}' for n in opts.sizes)}; runs {', '.join(map(str, opts.runs))}",
        ]
        peers: Peers | None = None
        if opts.compare:
            peers = setup_peers(opts.work)
            header += [f"Hugo: {peers.hugo or 'skipped'}", f"MkDocs: {peers.mkdocs or 'skipped'}"]
        print("\n".join(header), flush=True)
        for n, runs in zip(opts.sizes, opts.runs, strict=True):
            sizes.append(measure_size(n, runs, opts, peers))
            if temporary and not keep:
                rmtree(opts.work / f"n{n}")  # a 10,000 size leaves ~1 GB of output
        print()
        print(report(sizes, opts.runs, peers))
        kept = f"kept in {opts.work}" if keep or not temporary else "removed"
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"\nwhole run: {time.perf_counter() - started:.0f} s; load average {load}; work folder {kept}")
        return 0
    except KeyboardInterrupt:
        stop_child()
        say("\ninterrupted; stopping")
        return 130
    finally:
        if temporary and not keep:
            rmtree(opts.work)
        else:
            say(f"work folder kept: {opts.work}")


if __name__ == "__main__":
    sys.exit(main())
