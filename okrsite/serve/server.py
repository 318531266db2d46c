"""The preview server: serves the last good build from memory, holds requests while a build
runs (so a half-built site is never served), streams reload events, and refuses any path that
would leave the site."""

from __future__ import annotations

import ipaddress
import mimetypes
import posixpath
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import MappingProxyType
from typing import Protocol
from urllib.parse import parse_qs, unquote

from okrsite.serve.reload import EVENTS_PATH, SCRIPT, SCRIPT_PATH, inject, sse, sse_comment, sse_retry
from okrsite.write import OutputFile


class Lazy:
    """Files made only when first requested (the open data export), then kept."""

    def __init__(self, make: Callable[[], Iterable[OutputFile]]) -> None:
        self._make = make
        self._lock = threading.Lock()
        self._files: dict[str, bytes] | None = None

    def get(self, path: str) -> bytes:
        """The file's bytes, making all of them on the first call."""
        with self._lock:
            if self._files is None:
                self._files = {f.path: f.data for f in self._make()}
            return self._files.get(path, b"")


class Deferred(Protocol):
    """A file made on request: an export, or a page rendered when first asked for."""

    def get(self, path: str) -> bytes:
        """The file's bytes."""
        ...


Served = bytes | Deferred


@dataclass
class SiteState:
    """What is being served: the last good files, the errors of the last build (if it failed),
    and an epoch that grows with every finished build. One lock guards it all."""

    server_id: str
    files: Mapping[str, Served] = field(default_factory=lambda: MappingProxyType({}))
    errors: tuple[str, ...] = ()
    epoch: int = 0
    building: bool = False
    stopping: bool = False
    cond: threading.Condition = field(default_factory=threading.Condition)

    def begin(self) -> None:
        """A build starts: new requests wait until it ends."""
        with self.cond:
            self.building = True

    def finish(self, files: Mapping[str, Served] | None, errors: Sequence[str]) -> None:
        """A build ended: serve its files (None keeps the last good ones), tell every client."""
        with self.cond:
            if files is not None:
                self.files = MappingProxyType(dict(files))
            self.errors = tuple(errors)
            self.building = False
            self.epoch += 1
            self.cond.notify_all()

    def stop(self) -> None:
        """Wake every waiting request and event stream so the server can shut down."""
        with self.cond:
            self.stopping = True
            self.cond.notify_all()

    def snapshot(self, wait: float = 10.0) -> tuple[Mapping[str, Served], tuple[str, ...], int]:
        """The files, errors and epoch to serve, after any running build (at most `wait` seconds)."""
        with self.cond:
            self.cond.wait_for(lambda: not self.building or self.stopping, timeout=wait)
            return self.files, self.errors, self.epoch


class UnsafePathError(ValueError):
    """A request path that points outside the site."""


def site_path(raw: str) -> str:
    """The file key for a URL path (`/teams/` -> `teams/index.html`); raises UnsafePathError for
    anything that would leave the site: `..`, encoded or not, backslashes, NUL, drive letters."""
    path = unquote(request_path(raw))
    if "\\" in path or "\x00" in path or ":" in path:
        raise UnsafePathError(raw)
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        raise UnsafePathError(raw)
    key = posixpath.join(*parts) if parts else ""
    if path.endswith("/") or not key:
        key = posixpath.join(key, "index.html") if key else "index.html"
    return key


def since_epoch(raw: str) -> int | None:
    """The `epoch=N` a page's event stream asks to start from (the build the page came from)."""
    query = raw.partition("?")[2].partition("#")[0]
    values = parse_qs(query).get("epoch", [])
    return int(values[0]) if values and values[0].isdecimal() and len(values[0]) < 19 else None


def request_path(raw: str) -> str:
    """The path of a request target, without query and fragment (`//x` stays a path)."""
    return raw.split("?", 1)[0].split("#", 1)[0]


_TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".json": "application/json",
    ".csv": "text/csv",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".txt": "text/plain",
    ".png": "image/png",
    ".ico": "image/vnd.microsoft.icon",
    ".woff2": "font/woff2",
}
"""The types of the files a site has, fixed here: mimetypes reads the machine's own tables, which
differ between systems (and a browser told `text/plain` for a script, with nosniff, refuses it)."""


def content_type(key: str) -> str:
    """The Content-Type header for a file of the site."""
    kind = _TYPES.get(posixpath.splitext(key)[1].lower()) or mimetypes.guess_type(key)[0]
    kind = kind or "application/octet-stream"
    if kind.startswith("text/") or kind in (
        "application/javascript",
        "application/json",
        "application/xml",
        "image/svg+xml",
    ):
        return f"{kind}; charset=utf-8"
    return kind


def _wait_for_build(state: SiteState, seen: int, deadline: float) -> tuple[int, bool]:
    """Wait until a build after epoch `seen` finished, the server stops, or the deadline passes."""
    with state.cond:
        state.cond.wait_for(
            lambda: state.epoch != seen or state.stopping, timeout=max(0.0, deadline - time.monotonic())
        )
        return state.epoch, state.stopping


def is_exposed(host: str) -> bool:
    """True when listening on `host` lets other machines connect (anything but loopback)."""
    if host.strip("[]").lower() == "localhost":
        return False
    try:
        return not ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a host name: it may resolve to anything
        return True


class PreviewServer(ThreadingHTTPServer):
    """A threading HTTP server bound to one SiteState."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # a browser opens many connections at once; the default 5 drops them

    def __init__(self, address: tuple[str, int], state: SiteState, keepalive: float = 15.0) -> None:
        self.state = state
        self.keepalive = keepalive
        super().__init__(address, PreviewHandler)


class PreviewHandler(BaseHTTPRequestHandler):
    """GET and HEAD for the site, the reload script and the event stream."""

    server: PreviewServer
    protocol_version = "HTTP/1.1"
    timeout = 60  # a client that stops reading cannot hold its thread forever

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: a preview server that prints every request hides the build messages."""

    def do_HEAD(self) -> None:
        """Headers only."""
        self._serve(head=True)

    def do_GET(self) -> None:
        """A page, an asset, the reload script or the event stream."""
        self._serve(head=False)

    def _serve(self, head: bool) -> None:
        path = request_path(self.path)
        if path == EVENTS_PATH and not head:
            self._events()
            return
        if path == SCRIPT_PATH:
            self._send(HTTPStatus.OK, SCRIPT.encode(), "text/javascript; charset=utf-8", head)
            return
        try:
            key = site_path(self.path)
        except UnsafePathError:
            self._send(HTTPStatus.FORBIDDEN, b"Forbidden\n", "text/plain; charset=utf-8", head)
            return
        files, errors, epoch = self.server.state.snapshot()
        entry = files.get(key)
        try:
            data = entry if entry is None or isinstance(entry, bytes) else entry.get(key)
        except Exception as exc:  # noqa: BLE001 - a page that cannot render shows why, in the page
            body = inject(b"<!doctype html><title>Error</title><body></body>", [str(exc)], epoch)
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, body, "text/html; charset=utf-8", head)
            return
        if data is None and f"{key}/index.html" in files:
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", request_path(self.path) + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status = HTTPStatus.OK
        if data is None:
            page = files.get("404.html")
            status, key = HTTPStatus.NOT_FOUND, "404.html"
            data = page if isinstance(page, bytes) else page.get("404.html") if page else b"Not found\n"
        kind = content_type(key)
        if kind.startswith("text/html"):
            data = inject(data, errors, epoch)
        self._send(status, data, kind, head)

    def _send(self, status: HTTPStatus, data: bytes, kind: str, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def _events(self) -> None:
        """Stream `hello` (the server's id), then `reload` after every build, with keep-alive
        comments; a client that vanished raises on write and ends only its own stream. A stream
        opened with `?epoch=N` (the build its page came from) starts from N: a build that ended
        before the stream opened still reloads the page at once."""
        state = self.server.state
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        try:
            self.wfile.write(sse_retry(1000) + sse("hello", state.server_id))
            self.wfile.flush()
            since = since_epoch(self.path)
            with state.cond:
                seen = state.epoch if since is None else since
            while True:
                deadline = time.monotonic() + self.server.keepalive
                epoch, stopping = _wait_for_build(state, seen, deadline)
                if stopping:
                    return
                if epoch != seen:
                    seen = epoch
                    self.wfile.write(sse("reload", str(epoch)))
                else:
                    self.wfile.write(sse_comment())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            return
