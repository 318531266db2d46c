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

This file is the command line and the order of the steps; the steps are its neighbours:
bench/search_build.py (the corpora, the timed builds), bench/search_index.py (the index read back,
the lookup's replica), bench/search_browser.py (the search box in Chromium), bench/search_pagefind.py
(Pagefind), bench/search_report.py (the tables) and bench/web.py (the server and the browser).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import write_corpus  # noqa: E402
from bench.search_browser import browser_queries, search_page_ms  # noqa: E402
from bench.search_build import AS_OF, index_cost, say, timed_builds, vocabulary, write_varied  # noqa: E402
from bench.search_index import IndexFiles  # noqa: E402
from bench.search_pagefind import install_pagefind, run_pagefind  # noqa: E402
from bench.search_report import report_builds, report_pagefind, report_queries, report_sizes  # noqa: E402
from bench.web import CHROMIUM, chromium, served  # noqa: E402

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
    report_builds(with_search, without, cost)
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
