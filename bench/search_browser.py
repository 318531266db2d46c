"""bench/search.py in headless Chromium: how long okrsite's search box takes from typing to the
panel's results, cold and warm, and what it downloads, and how long the search page takes to show
its results. The browser and the server come from bench/web.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from bench.web import body_size

ROOT = Path(__file__).resolve().parent.parent

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
            lambda r, into=fetched: into.append(body_size(r)) if "/search/" in r.url else None,
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
