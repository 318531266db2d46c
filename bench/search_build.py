"""bench/search.py's sites and builds: the "varied" copy of the corpus with prose-like bodies, the timed
`okrsite build --no-cache` with and without the search files, and the index's own cost in one
process. The figures are printed by bench/search_report.py.
"""

from __future__ import annotations

import itertools
import os
import random
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from okrsite.check import check
from okrsite.score import score
from okrsite.site import search as okrsearch
from okrsite.site import site_plan
from okrsite.site.theme import find_theme

AS_OF = "2026-11-20"
NO_SEARCH = "import sys, okrsite.site.search as s; s.plans = lambda view: iter(()); from okrsite.cli import main; sys.argv[0] = 'okrsite'; main()"


def say(text: str) -> None:
    """Progress, on stderr, so that stdout keeps only the tables."""
    print(text, file=sys.stderr, flush=True)


# --- corpora ------------------------------------------------------------------------------------------


def vocabulary(size: int = 20_000, seed: int = 11) -> list[str]:
    """Made-up words of 2 to 4 syllables, most common first."""
    rng = random.Random(seed)
    syllables = [c + v for c in "bcdfghklmnprstvz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]
    words: dict[str, None] = {}
    while len(words) < size:
        words["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))] = None
    return list(words)


def write_varied(src: Path, dst: Path, words: list[str], seed: int = 13) -> None:
    """A copy of corpus `src` whose objective bodies are 150 words drawn with Zipf's frequencies."""
    shutil.copytree(src, dst)
    rng = random.Random(seed)
    cumulative = list(itertools.accumulate(1 / rank for rank in range(1, len(words) + 1)))
    for path in sorted((dst / "content" / "objectives").rglob("*.md")):
        head, _, _ = path.read_text().rpartition("---\n")
        drawn = rng.choices(words, cum_weights=cumulative, k=150)
        lines = [" ".join(drawn[i : i + 15]).capitalize() + "." for i in range(0, 150, 15)]
        path.write_text(head + "---\n" + "\n".join(lines) + "\n")


# --- building -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Timed:
    """One build: wall-clock seconds, and CPU seconds of it and the workers it forked (user + system,
    from wait4: steadier than the wall clock on a shared machine)."""

    wall: float
    cpu: float


def timed_builds(site: Path, work: Path, runs: int) -> tuple[list[Timed], list[Timed]]:
    """`okrsite build --no-cache` with and without the search files, taking turns."""
    with_search: list[Timed] = []
    without: list[Timed] = []
    for i in range(runs):
        for label, code, into in (("with", "", with_search), ("without", NO_SEARCH, without)):
            out = work / f"out-{label}"
            shutil.rmtree(out, ignore_errors=True)
            py = [sys.executable, "-c", code] if code else [sys.executable, "-m", "okrsite"]
            cmd = [*py, "build", str(site), "--out", str(out), "--no-cache", "--as-of", AS_OF]
            run = timed(cmd, work / "logs" / f"{label}-{i}.txt")
            into.append(run)
            say(f"  build {label} search: {run.wall:.1f} s, {run.cpu:.1f} s CPU")
    return with_search, without


def timed(cmd: list[str], log: Path) -> Timed:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"okrsite build failed (exit {proc.returncode}); see {log}")
    return Timed(wall, usage.ru_utime + usage.ru_stime)


@dataclass(frozen=True, slots=True)
class IndexCost:
    """Seconds, in one process, to make every index file, and the search page."""

    index_s: float
    page_s: float


def index_cost(site: Path) -> IndexCost:
    checked = check(site, date.fromisoformat(AS_OF))
    card = score(checked.site, checked.config, checked.as_of)
    plan = site_plan(checked.site, checked.config, card, {}, find_theme(site, checked.config.theme))
    files = [p for p in plan.pages if p.path.startswith("search/") and p.path.endswith(".js")]
    start = time.perf_counter()
    for page in files:
        plan.render(page)
    index_s = time.perf_counter() - start
    start = time.perf_counter()
    plan.render(next(p for p in plan.pages if p.path == okrsearch.PAGE))
    return IndexCost(index_s, time.perf_counter() - start)
