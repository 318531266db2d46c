"""What the benchmark measured, per size and tool, and the tables and goals it prints."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.child import Run

TOOLS = ("okrsite", "hugo", "mkdocs")
NAMES = {"okrsite": "okrsite", "hugo": "Hugo", "mkdocs": "MkDocs"}


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


@dataclass
class Peers:
    """The peer tools that could be had, and why the others could not."""

    hugo: str | None = None
    mkdocs: str | None = None
    mkdocs_venv: Path | None = None
    skipped: dict[str, str] = field(default_factory=dict)


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
