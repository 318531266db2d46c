"""Pagefind beside okrsite's own index, for bench/search.py: `pagefind-bin` from PyPI in a scratch
venv in the work folder, run on the same built site (the objective, team, person and KPI pages,
`<main>` only); its indexing time, its bundle's size, and in Chromium the bytes and time of the same
queries, and whether it runs under netlify.toml's Content-Security-Policy and from disk.
"""

from __future__ import annotations

import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.web import body_size, served

ROOT = Path(__file__).resolve().parent.parent

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
    page.on("requestfinished", lambda r: fetched.append(body_size(r)) if "/pagefind/" in r.url else None)
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
