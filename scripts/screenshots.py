"""Screenshots of the built example for the README and for reviewing changes.

    okrsite build --as-of 2026-11-20 && python scripts/screenshots.py [SITE_DIR] [OUT_DIR] [PAGE ...]
        [--phone] [--dark] [--full]

Builds nothing: point it at a built site (default: public/). Uses Debian's Chromium through
Playwright (never a downloaded browser). Writes docs/img/*.png by default: the README's images
are refreshed with `python scripts/screenshots.py public docs/img dashboard tree roadmap`.
"""

from __future__ import annotations

import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.site_tools import CHROMIUM_ARGS  # one list of flags for tests and screenshots

PAGES = {
    "dashboard": "",
    "tree": "tree/",
    "roadmap": "roadmap/",
    "objective": "objectives/q4-year-end-revenue-push/",
    "kpis": "kpis/",
    "kpi": "kpis/csat/",
    "period": "periods/2026-Q1/",
    "team": "teams/customer-service/",
}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def main(site: Path, out: Path, phone: bool, dark: bool, full: bool, only: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        size = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 860}
        page = browser.new_page(viewport=size, color_scheme="dark" if dark else "light")
        for name, path in PAGES.items():
            if only and name not in only:
                continue
            page.goto(base + path)
            suffix = ("-phone" if phone else "") + ("-dark" if dark else "")
            page.screenshot(path=str(out / f"{name}{suffix}.png"), full_page=full)
            print(out / f"{name}{suffix}.png")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    flags = {a for a in sys.argv[1:] if a.startswith("--")}
    rest = [a for a in sys.argv[1:] if not a.startswith("--")]
    site_dir = Path(rest[0]) if rest else Path("public")
    out_dir = Path(rest[1]) if len(rest) > 1 else Path("docs/img")
    main(site_dir, out_dir, "--phone" in flags, "--dark" in flags, "--full" in flags, rest[2:])
