"""The site under the security headers it is deployed with: netlify.toml's Content-Security-Policy
(no 'unsafe-inline') must not break any page. The built example is served with the headers of
netlify.toml's `/*` rule; Chromium reports every blocked script, style or image as a
`securitypolicyviolation`, and the pages' script and styles must still work.
"""

from __future__ import annotations

import functools
import threading
import tomllib
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import pytest

from tests.conftest import REPO
from tests.site_tools import require

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytest_plugins = ["tests.site_tools"]
pytestmark = pytest.mark.browser

sync_api = require("playwright")

PAGES = [
    "",
    "tree/",
    "roadmap/",
    "objectives/q1-improve-customer-experience/",
    "teams/customer-service/",
    "people/maria/",
    "kpis/",
    "kpis/csat/",
    "periods/2026-Q4/",
    "404.html",
    "wall/",
    "reports/2026-Q3/",
    "reports/2026-Q3/platform/",
    "search/",
]
PROBE = "__csp-probe.html"
PROBE_HTML = b"""<!doctype html><html lang="en"><head><title>probe</title>
<style>body { color: red }</style></head>
<body><p style="color: blue">probe</p><script>window.inlineRan = true;</script></body></html>"""
LISTEN = """() => { window.__violations = [];
  document.addEventListener('securitypolicyviolation',
    e => window.__violations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') +
                                  ' at ' + e.sourceFile + ':' + e.lineNumber)); }"""


def netlify_headers() -> dict[str, str]:
    """The headers netlify.toml sets on every path."""
    config = tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))
    rules = [h for h in config.get("headers", []) if h.get("for") == "/*"]
    assert rules, "netlify.toml has no [[headers]] rule for '/*'"
    values: dict[str, str] = rules[0]["values"]
    return values


class _Handler(SimpleHTTPRequestHandler):
    headers_to_add: ClassVar[dict[str, str]] = {}

    def end_headers(self) -> None:
        for name, value in self.headers_to_add.items():
            self.send_header(name, value)
        super().end_headers()

    def do_GET(self) -> None:
        if self.path == "/" + PROBE:  # a page that breaks the policy: the check must see it
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(PROBE_HTML)
            return
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def csp_url(built_site: Path) -> Iterator[str]:
    """The built site served with netlify.toml's headers."""
    handler = type("Handler", (_Handler,), {"headers_to_add": netlify_headers()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(built_site)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def open_page(browser: Browser, url: str) -> tuple[Page, list[str]]:
    """The page with a listener for policy violations, and the console's CSP complaints."""
    context = browser.new_context()
    context.set_default_timeout(5_000)
    context.add_init_script(f"({LISTEN})()")
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    response = page.goto(url)
    assert response is not None and response.ok, url
    assert "default-src 'self'" in (response.headers.get("content-security-policy") or ""), "no CSP header"
    page.wait_for_load_state("load")
    return page, console


def violations(page: Page, console: list[str]) -> list[str]:
    found: list[str] = page.evaluate("window.__violations")
    return found + console


def test_the_policy_has_no_unsafe_inline_and_denies_framing() -> None:
    csp = netlify_headers()["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert directives["frame-ancestors"] == "'none'" and directives["default-src"] == "'self'"
    assert {"X-Content-Type-Options", "Referrer-Policy"} <= set(netlify_headers())


def test_the_check_sees_a_page_that_breaks_the_policy(browser: Browser, csp_url: str) -> None:
    page, console = open_page(browser, csp_url + PROBE)
    found = violations(page, console)
    assert page.evaluate("window.inlineRan") is None, "an inline script ran despite the policy"
    assert any("script-src" in v for v in found) and any("style-src" in v for v in found), found
    page.context.close()


@pytest.mark.parametrize("path", PAGES)
def test_no_page_breaks_the_policy(browser: Browser, csp_url: str, path: str) -> None:
    page, console = open_page(browser, csp_url + path)
    assert violations(page, console) == []
    sheets = page.evaluate("[...document.styleSheets].map(s => s.href || 'inline')")
    assert sheets and all(s.startswith(csp_url) for s in sheets), sheets
    page.context.close()


def test_the_script_still_works_under_the_policy(browser: Browser, csp_url: str) -> None:
    page, console = open_page(browser, csp_url + "tree/")
    nodes = page.locator("details.node-children")
    page.locator("#expand-all").click()
    assert all(nodes.evaluate_all("els => els.map(e => e.open)"))
    page.locator("#collapse-all").click()
    assert not any(nodes.evaluate_all("els => els.map(e => e.open)"))
    assert violations(page, console) == []
    page.context.close()
