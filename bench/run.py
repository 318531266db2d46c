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
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.child import Run, run_child, stop_child  # noqa: E402
from bench.compare import (  # noqa: E402 - after the sys.path line, as in bench/serve.py
    hugo_command,
    mkdocs_command,
    write_hugo_site,
    write_mkdocs_site,
)
from bench.compare_corpus import read_corpus  # noqa: E402
from bench.compare_install import ensure_hugo, ensure_mkdocs  # noqa: E402
from bench.corpus import write_corpus  # noqa: E402
from bench.results import NAMES, TOOLS, Peers, Serve, Size, report  # noqa: E402

CACHE_DIR = ".okrsite-cache"  # where okrsite may keep a build cache inside the site folder


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


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
