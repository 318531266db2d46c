"""A built site served over HTTP on 127.0.0.1, and Debian's headless Chromium to open it with.

bench/search.py measures the search box with them, and the browser tests use the same pieces
(tests/site_tools.py, tests/test_search.py; tests import bench, never bench tests), so that the
flags every browser runs with and the quiet static server are written once.
"""

from __future__ import annotations

import contextlib
import functools
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

CHROMIUM = Path("/usr/bin/chromium")
"""Debian's Chromium (package `chromium`): playwright drives it and never downloads a browser."""

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # The machines have no internet: without these Chromium floods refused connections.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""Command-line flags for Chromium, the team's rule for every browser test."""


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves a folder's files with `extra` headers (a subclass sets them, e.g. a CSP) and logs
    nothing: a request line per file would bury a benchmark's output or a test's report."""

    extra: ClassVar[dict[str, str]] = {}

    def end_headers(self) -> None:
        for name, value in self.extra.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class QuietServer(ThreadingHTTPServer):
    """A threaded server that lets a browser drop a connection without a traceback on stderr."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # a browser that drops a connection it no longer needs is no error
        super().handle_error(request, client_address)


@contextlib.contextmanager
def served(folder: Path, headers: dict[str, str] | None = None) -> Iterator[str]:
    """`folder` served on a free port of 127.0.0.1 with `headers` on every response, for the time of
    the block: its root URL, ending in `/`."""
    handler = type("Handler", (QuietHandler,), {"extra": headers or {}})
    server = QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Debian's headless Chromium for the time of the block (playwright is imported only here, so
    that a run without a browser needs no playwright)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def body_size(request: Any) -> int:
    """The bytes of a finished request's response body, as the browser received them."""
    sizes: dict[str, int] = request.sizes()
    return sizes["responseBodySize"]
