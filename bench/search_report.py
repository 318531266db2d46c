"""What bench/search.py prints on stdout: per corpus, the index's size, the builds with and without
the search files, the queries (the Python replica's downloads beside Chromium's times) and
Pagefind's figures. Measuring is left to the other bench/search_*.py modules.
"""

from __future__ import annotations

import gzip
import statistics
import time
from pathlib import Path

from bench.search_build import IndexCost, Timed
from bench.search_index import IndexFiles
from bench.search_pagefind import Pagefind
from okrsite.site import search as okrsearch

PANEL, PAGE = 8, 50  # results the header's panel and the search page show (search.js)


def kib(n: float) -> str:
    return f"{n / 1024:,.1f} KiB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.2f} MiB"


def report_sizes(name: str, files: IndexFiles, out: Path) -> None:
    total, zipped = sum(files.sizes.values()), sum(files.gzipped.values())
    shards = [v for k, v in files.sizes.items() if k.startswith("t/")]
    chunks = [v for k, v in files.sizes.items() if k.startswith("d/")]
    page = (out / okrsearch.PAGE).read_bytes()
    print(f"\n[{name}] index: {len(files.sizes):,} files, {kib(total)} raw, {kib(zipped)} gzipped")
    print(
        f"  {files.meta['docs']:,} documents; {len(shards)} term shards: {kib(sum(shards))} raw, "
        f"median {kib(statistics.median(shards))}, largest {kib(max(shards))}; {len(chunks)} document "
        f"chunks of {files.meta['chunk']}: {kib(sum(chunks))}, median {kib(statistics.median(chunks))}"
    )
    print(
        f"  search page (the list of everything): {kib(len(page))} raw, {kib(len(gzip.compress(page, 6)))} gzipped"
    )


def report_builds(with_search: list[Timed], without: list[Timed], cost: IndexCost) -> None:
    """The builds with and without the search files, wall and CPU: medians, and every run beside them,
    since one run on a shared machine can be far off; then the index's own cost in one process."""
    for what in ("wall", "cpu"):
        a = statistics.median(getattr(t, what) for t in with_search)
        b = statistics.median(getattr(t, what) for t in without)
        runs = " / ".join(", ".join(f"{getattr(t, what):.1f}" for t in ts) for ts in (with_search, without))
        print(
            f"  okrsite build --no-cache, {what} s: {a:.1f} with search, {b:.1f} without "
            f"({a - b:+.1f} s, {(a - b) / b:+.0%}); runs {runs}"
        )
    print(f"  in one process: every index file {cost.index_s:.2f} s, the search page {cost.page_s:.2f} s")


def report_queries(files: IndexFiles, queries: list[str], seen: dict[str, tuple[float, float, int]]) -> None:
    print(
        f"  {'query':<24} {'hits':>7}  {'panel: files, raw, gzip':>30}  {'page (50): raw, gzip':>22}  "
        f"{'lookup ms':>9}  {'Chromium ms cold/warm':>21}  {'bytes':>10}"
    )
    for q in queries:
        hits, panel = files.lookup(q, PANEL)  # reads the shards; timed the second time, as search.js's warm
        start = time.perf_counter()
        files.lookup(q, PANEL)
        ms = (time.perf_counter() - start) * 1000
        _, page = files.lookup(q, PAGE)
        raw = sum(files.sizes[f] for f in panel)
        gz = sum(files.gzipped[f] for f in panel)
        page_raw, page_gz = sum(files.sizes[f] for f in page), sum(files.gzipped[f] for f in page)
        cold, warm, got = seen.get(q, (float("nan"), float("nan"), 0))
        print(
            f"  {q:<24} {hits:>7,}  {len(panel):>3} {kib(raw):>12} {kib(gz):>12}  {kib(page_raw):>10} "
            f"{kib(page_gz):>10}  {ms:>9.1f}  {cold:>10.0f} {warm:>10.0f}  {kib(got):>10}"
        )


def report_pagefind(pf: Pagefind, files: IndexFiles) -> None:
    print(
        f"  Pagefind {pf.version}: indexing {pf.seconds:.1f} s; bundle {pf.files:,} files, {kib(pf.bytes)} "
        f"(its index files are gzipped already; okrsite's gzipped: {kib(sum(files.gzipped.values()))})"
    )
    print(f"  {'query':<24} {'hits':>7}  {'bytes cold':>10}  {'ms cold':>8}  {'ms warm':>8}")
    for q, (cold, warm, got, total) in pf.queries.items():
        print(f"  {q:<24} {total:>7,}  {kib(got):>10}  {cold:>8.0f}  {warm:>8.0f}")
    print(f"  under netlify.toml's CSP: {pf.under_csp}")
    print(f"  opened from disk (file:): {pf.from_disk}")
