"""Search at scale: the index okrsite writes (search/, okrsite/site/search.py) on a site of N objectives
(default 10,000), and Pagefind's on the same built site, measured the same way.

    .venv/bin/python bench/search.py [--objectives N] [--runs 3] [--work DIR] [--no-pagefind] [--no-browser]

Two corpora of N objectives: `bench/corpus.py`'s own (its bodies draw on 30 words, so every body
word is in most objectives: the worst case for posting lists), and the same files with each body
rewritten from a 20,000-word vocabulary with Zipf's frequencies, like prose ("varied"). For each:

- **build**: `okrsite build --no-cache` with and without the search files (the same build with
  `okrsite.site.search.plans` emptied), medians of --runs runs each, taking turns; and, in one
  process, the time to make every file of the index from the planned site (checked and scored
  first, untimed), and the search page.
- **size**: the index's files and bytes, raw and gzipped (each file alone, as a server would send
  it), the largest term shard, the search page.
- **queries**: for typical queries, what they download (meta.js, one term shard per word, the
  document chunks of the results shown: 8 in the header's panel, 50 on the search page), from a
  Python replica of search.js's lookup (and its time), and in headless Chromium (Debian's
  /usr/bin/chromium) the time from typing to the panel's results, cold (a fresh browser context)
  and warm (the same query again), less search.js's pause after a keystroke.
- **Pagefind** (`pagefind-bin` from PyPI in a scratch venv in the work folder): its indexing time on
  the built site (the objective, team, person and KPI pages, `<main>` only), its bundle's size, and
  in Chromium the bytes and time of the same queries with the 8 first results' data; whether it runs
  under netlify.toml's Content-Security-Policy and from disk. A step that cannot run says why.

Progress goes to stderr, the tables to stdout. Figures are for docs/search.md and bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import itertools
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import write_corpus  # noqa: E402
from okrsite.check import check  # noqa: E402
from okrsite.score import score  # noqa: E402
from okrsite.site import search as okrsearch  # noqa: E402
from okrsite.site import site_plan  # noqa: E402
from okrsite.site.theme import find_theme  # noqa: E402

AS_OF = "2026-11-20"
PANEL, PAGE = 8, 50  # results the header's panel and the search page show (search.js)
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NO_SEARCH = "import sys, okrsite.site.search as s; s.plans = lambda view: iter(()); from okrsite.cli import main; sys.argv[0] = 'okrsite'; main()"
QUERIES = {
    "corpus": ["customer", "retention latency", "person-42", "objective 1234", "reli"],
    "varied": [
        "{frequent}",
        "{middling}",
        "{rare}",
        "{middling} {frequent}",
        "{prefix}",
        "person-42",
        "objective 1234",
    ],
}


def say(text: str) -> None:
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


# --- sizes and the lookup -----------------------------------------------------------------------------


class IndexFiles:
    """A built site's index, read back as search.js reads it."""

    def __init__(self, out: Path) -> None:
        self.folder = out / "search"
        self.meta = self.data("meta.js")
        self.sizes = {p.relative_to(self.folder).as_posix(): p.stat().st_size for p in self._files()}
        self.gzipped = {name: len(gzip.compress((self.folder / name).read_bytes(), 6)) for name in self.sizes}

    def _files(self) -> Iterator[Path]:
        return (p for p in sorted(self.folder.rglob("*.js")))

    def data(self, name: str) -> Any:
        text = (self.folder / name).read_text(encoding="utf-8")
        return json.loads(text[text.index(",", text.index(",") + 1) + 1 : text.rindex(")")])

    @functools.cache  # noqa: B019 - one instance per built site, for the run
    def shard(self, n: int) -> dict[str, list[list[int]]]:
        data: dict[str, list[list[int]]] = self.data(f"t/{n}.js")
        return data

    def lookup(self, query: str, shown: int) -> tuple[int, list[str]]:
        """How many documents match `query` (as search.js ranks them), and the files a query that
        shows the first `shown` of them downloads."""
        words = _parse(query)
        shards = self.meta["shards"]
        files = ["meta.js", *sorted({f"t/{okrsearch.shard_of(w, shards)}.js" for w, _ in words})]
        sets = [self._matches(w, prefix) for w, prefix in words]
        sets.sort(key=len)
        scores = dict(sets[0]) if sets else {}
        for s in sets[1:]:
            scores = {i: v + s[i] for i, v in scores.items() if i in s}
        hits = sorted(scores, key=lambda i: (-scores[i], i))
        chunk = self.meta["chunk"]
        files += sorted({f"d/{i // chunk}.js" for i in hits[:shown]}, key=lambda f: int(f[2:-3]))
        return len(hits), files

    def _matches(self, word: str, prefix: bool) -> dict[int, int]:
        shard = self.shard(okrsearch.shard_of(word, self.meta["shards"]))
        found: dict[int, int] = {}
        for term in [t for t in shard if t.startswith(word)] if prefix else [word] if word in shard else []:
            title, rest = shard[term]
            for i in _running(rest):
                found.setdefault(i, 1)
            for i in _running(title):
                found[i] = 2
        return found


def _running(deltas: list[int]) -> Iterator[int]:
    total = 0
    for d in deltas:
        total += d
        yield total


def _parse(query: str) -> list[tuple[str, bool]]:
    words = list(dict.fromkeys(w for w in re.findall(r"[^\W_]{2,}", okrsearch.fold(query)) if len(w) <= 48))
    prefix = bool(words) and query[-1:].isalnum() and len(words[-1]) >= 3
    return [(w, prefix and i == len(words) - 1) for i, w in enumerate(words)]


# --- serving and the browser --------------------------------------------------------------------------


class _Quiet(SimpleHTTPRequestHandler):
    extra: dict[str, str] = {}  # noqa: RUF012 - set per server through a subclass

    def end_headers(self) -> None:
        for name, value in self.extra.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def served(folder: Path, headers: dict[str, str] | None = None) -> Iterator[str]:
    handler = type("Handler", (_Quiet,), {"extra": headers or {}})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


TYPE_AND_WAIT = """async (q) => {
  const input = document.getElementById('site-search-q');
  const list = document.getElementById('site-search-list');
  const panel = list.parentElement;
  input.value = ''; input.dispatchEvent(new Event('input', {bubbles: true}));
  await new Promise(r => setTimeout(r, 200));
  const start = performance.now();
  return await new Promise(resolve => {
    const seen = new MutationObserver(() => {
      if (!panel.hidden && (list.children.length || panel.querySelector('.site-search-message:not([hidden])'))) {
        seen.disconnect(); resolve(performance.now() - start);
      }
    });
    seen.observe(panel, {attributes: true, childList: true, subtree: true});
    input.value = q; input.dispatchEvent(new Event('input', {bubbles: true}));
  });
}"""


def pause_ms() -> float:
    """search.js's pause after a keystroke, taken out of the browser's times."""
    text = (ROOT / "okrsite" / "theme" / "static" / "search.js").read_text()
    return float(re.search(r"DELAY_MS = (\d+)", text).group(1))  # type: ignore[union-attr]


def browser_queries(browser: Any, url: str, queries: list[str]) -> dict[str, tuple[float, float, int]]:
    """Per query: ms to the panel's results cold and warm (less the pause), and bytes fetched cold."""
    out = {}
    pause = pause_ms()
    for q in queries:
        context = browser.new_context()
        page = context.new_page()
        fetched: list[int] = []
        page.on(
            "requestfinished",
            lambda r, into=fetched: into.append(_body_size(r)) if "/search/" in r.url else None,
        )
        page.goto(url + "kpis/")
        page.wait_for_selector("#site-search-list", state="attached")
        cold = page.evaluate(TYPE_AND_WAIT, q) - pause
        page.wait_for_timeout(300)  # the last requestfinished events reach Python after the results
        downloaded = sum(fetched)
        warm = page.evaluate(TYPE_AND_WAIT, q) - pause
        out[q] = (cold, warm, downloaded)
        context.close()
    return out


PAGE_RESULTS = """() => new Promise(resolve => {
  const done = () => document.querySelector('#search-results .search-hit') && resolve(performance.now());
  if (!done()) new MutationObserver(done).observe(document.body, {childList: true, subtree: true});
})"""


def search_page_ms(browser: Any, url: str, query: str) -> tuple[float, float]:
    """Milliseconds from the request of search/index.html?q= to its parsed page, and to its results."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url + "search/index.html?q=" + query, wait_until="commit")
    shown = page.evaluate(PAGE_RESULTS)
    parsed = page.evaluate("performance.getEntriesByType('navigation')[0].domInteractive")
    context.close()
    return parsed, shown


def _body_size(request: Any) -> int:
    sizes: dict[str, int] = request.sizes()
    return sizes["responseBodySize"]


# --- Pagefind -----------------------------------------------------------------------------------------

PAGEFIND_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pagefind bench</title>
<script type="module" src="__pagefind-bench.js"></script></head><body><p>bench</p></body></html>"""
PAGEFIND_SCRIPT = """window.pagefindQuery = async (q) => {
  const start = performance.now();
  const pf = await import('./pagefind/pagefind.js');
  const found = await pf.search(q);
  const top = await Promise.all(found.results.slice(0, 8).map(r => r.data()));
  return {ms: performance.now() - start, total: found.results.length, first: top.map(d => d.meta.title)};
};
window.pagefindReady = true;
"""


def install_pagefind(work: Path) -> tuple[list[str] | None, str]:
    """The command that runs Pagefind (`pagefind-bin` in a scratch venv), or None and why not."""
    venv = work / "pagefind-venv"
    python = venv / "bin" / "python"
    try:
        if not python.exists():
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "pagefind-bin"],
            check=True,
            capture_output=True,
            text=True,
        )
        version = subprocess.run(
            [str(python), "-m", "pagefind_bin", "--version"], check=True, capture_output=True, text=True
        )
    except subprocess.CalledProcessError as exc:
        return None, f"pip could not install or run pagefind-bin: {(exc.stderr or '').strip()[-400:]}"
    except OSError as exc:
        return None, f"no venv for pagefind-bin: {exc}"
    return [str(python), "-m", "pagefind_bin"], version.stdout.strip()


@dataclass(frozen=True, slots=True)
class Pagefind:
    version: str
    seconds: float
    files: int
    bytes: int
    queries: dict[str, tuple[float, float, int, int]]  # ms cold, ms warm, bytes cold, results
    under_csp: str
    from_disk: str


def run_pagefind(command: list[str], version: str, out: Path, queries: list[str], browser: Any) -> Pagefind:
    args = [
        "--site",
        str(out),
        "--root-selector",
        "main",
        "--glob",
        "{objectives,teams,people,kpis}/*/index.html",
    ]
    start = time.perf_counter()
    subprocess.run([*command, *args], check=True, capture_output=True)
    seconds = time.perf_counter() - start
    bundle = [p for p in (out / "pagefind").rglob("*") if p.is_file()]
    (out / "__pagefind-bench.html").write_text(PAGEFIND_PAGE)
    (out / "__pagefind-bench.js").write_text(PAGEFIND_SCRIPT)
    results: dict[str, tuple[float, float, int, int]] = {}
    csp_note = from_disk = "not tried (no browser)"
    if browser is not None:
        with served(out) as url:
            for q in queries:
                results[q] = _pagefind_query(browser, url, q)
        with served(out, {"Content-Security-Policy": netlify_csp()}) as url:
            csp_note = _pagefind_outcome(browser, url + "__pagefind-bench.html", queries[0])
        from_disk = _pagefind_outcome(browser, (out / "__pagefind-bench.html").as_uri(), queries[0])
    return Pagefind(
        version, seconds, len(bundle), sum(p.stat().st_size for p in bundle), results, csp_note, from_disk
    )


def _pagefind_query(browser: Any, url: str, q: str) -> tuple[float, float, int, int]:
    context = browser.new_context()
    page = context.new_page()
    fetched: list[int] = []
    page.on("requestfinished", lambda r: fetched.append(_body_size(r)) if "/pagefind/" in r.url else None)
    page.goto(url + "__pagefind-bench.html")
    page.wait_for_function("window.pagefindReady === true")
    cold = page.evaluate("q => pagefindQuery(q)", q)
    page.wait_for_timeout(300)
    downloaded = sum(fetched)
    warm = page.evaluate("q => pagefindQuery(q)", q)
    context.close()
    return cold["ms"], warm["ms"], downloaded, cold["total"]


def _pagefind_outcome(browser: Any, url: str, q: str) -> str:
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    try:
        page.goto(url)
        page.wait_for_function("window.pagefindReady === true", timeout=5000)
        found = page.evaluate("q => pagefindQuery(q).then(r => r.total)", q)
        return f"works ({found} results)"
    except Exception as exc:  # noqa: BLE001 - what failed is the finding
        telling = [p for p in problems if "Content Security Policy" in p or "WebAssembly" in p]
        why = (telling or [p for p in problems if "404" not in p] or [str(exc).splitlines()[0]])[0]
        return "fails: " + " ".join(why.split())[:200]
    finally:
        context.close()


def netlify_csp() -> str:
    config = tomllib.loads((ROOT / "netlify.toml").read_text())
    rule = next(h for h in config["headers"] if h.get("for") == "/*")
    return str(rule["values"]["Content-Security-Policy"])


# --- the report ---------------------------------------------------------------------------------------


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


def queries_for(name: str, words: list[str]) -> list[str]:
    fill = {"frequent": words[9], "middling": words[499], "rare": words[9_999], "prefix": words[499][:4]}
    return [q.format(**fill) for q in QUERIES[name]]


def measure(
    name: str,
    site: Path,
    work: Path,
    args: argparse.Namespace,
    words: list[str],
    browser: Any,
    pagefind: tuple[list[str] | None, str] | None,
) -> None:
    say(f"[{name}] builds")
    with_search, without = timed_builds(site, work / name, args.runs)
    cost = index_cost(site)
    out = work / name / "out-with"
    files = IndexFiles(out)
    queries = queries_for(name, words)
    report_sizes(name, files, out)
    for what in ("wall", "cpu"):
        a = statistics.median(getattr(t, what) for t in with_search)
        b = statistics.median(getattr(t, what) for t in without)
        runs = " / ".join(", ".join(f"{getattr(t, what):.1f}" for t in ts) for ts in (with_search, without))
        print(
            f"  okrsite build --no-cache, {what} s: {a:.1f} with search, {b:.1f} without "
            f"({a - b:+.1f} s, {(a - b) / b:+.0%}); runs {runs}"
        )
    print(f"  in one process: every index file {cost.index_s:.2f} s, the search page {cost.page_s:.2f} s")
    seen: dict[str, tuple[float, float, int]] = {}
    if browser is not None:
        say(f"[{name}] queries in Chromium")
        with served(out) as url:
            seen = browser_queries(browser, url, queries)
            parsed, shown = search_page_ms(browser, url, queries[0])
    report_queries(files, queries, seen)
    if browser is not None:
        print(
            f"  search/index.html?q={queries[0]} in Chromium: parsed at {parsed:.0f} ms, results at {shown:.0f} ms"
        )
    if pagefind is not None:
        command, version = pagefind
        if command is None:
            print(f"  Pagefind: not run: {version}")
        else:
            say(f"[{name}] Pagefind")
            report_pagefind(run_pagefind(command, version, out, queries, browser), files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--objectives", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, help="work folder (kept); default a temporary one")
    parser.add_argument("--no-pagefind", action="store_true")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        work = args.work or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="okrsite-search-")))
        work.mkdir(parents=True, exist_ok=True)
        corpus, varied = work / "corpus-site", work / "varied-site"
        words = vocabulary()
        if not corpus.exists():
            say(f"writing {args.objectives:,} objectives")
            corpus.mkdir()
            write_corpus(corpus, args.objectives)
        if not varied.exists():
            write_varied(corpus, varied, words)
        browser = None
        if not args.no_browser:
            if CHROMIUM.exists():
                browser = stack.enter_context(chromium())
            else:
                print(f"no Chromium at {CHROMIUM}: browser figures left out")
        pagefind = None if args.no_pagefind else install_pagefind(work)
        print(
            f"okrsite search index, {args.objectives:,} objectives, as of {AS_OF}; "
            f"{args.runs} build runs each; Python {sys.version.split()[0]}"
        )
        for name, site in (("corpus", corpus), ("varied", varied)):
            measure(name, site, work, args, words, browser, pagefind)


if __name__ == "__main__":
    main()
