"""Live reload: Server-Sent Event framing, the browser script, and what is injected into served
HTML (never into `okrsite build` output): the script tag, and the error overlay of a failed build."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import escape

EVENTS_PATH = "/__okrsite/events"
SCRIPT_PATH = "/__okrsite/reload.js"

# EventSource reconnects by itself (after `retry` ms). The server sends its process id first:
# a different id after a reconnect means the server restarted, so the page reloads to catch up.
# The script tag carries the build (epoch) the page came from, and the stream starts from it: a
# build that ends between serving the page and opening the stream still reloads the page.
SCRIPT = """(function () {
  "use strict";
  var id = null;
  var me = document.currentScript;
  var epoch = me && me.getAttribute("data-epoch");
  var source = new EventSource("EVENTS" + (epoch ? "?epoch=" + encodeURIComponent(epoch) : ""));
  source.addEventListener("hello", function (e) {
    if (id !== null && id !== e.data) { location.reload(); }
    id = e.data;
  });
  source.addEventListener("reload", function () { location.reload(); });
})();
""".replace("EVENTS", EVENTS_PATH)


def sse(event: str, data: str) -> bytes:
    """One Server-Sent Event; every line of `data` gets its own `data:` field."""
    lines = [f"event: {event}"] + [f"data: {line}" for line in data.split("\n")]
    return ("\n".join(lines) + "\n\n").encode()


def sse_comment(text: str = "ping") -> bytes:
    """A comment line: keeps the connection open through proxies, and finds vanished clients."""
    return f": {text}\n\n".encode()


def sse_retry(ms: int) -> bytes:
    """How long the browser waits before reconnecting."""
    return f"retry: {ms}\n\n".encode()


def overlay(errors: Sequence[str]) -> str:
    """The box listing a failed build's problems (`path:line: message`), injected into each page."""
    items = "".join(f"<li><code>{escape(e)}</code></li>" for e in errors)
    return (
        '<div id="okrsite-overlay" role="alert" style="position:fixed;inset:auto 1rem 1rem 1rem;z-index:9999;'
        "max-height:60vh;overflow:auto;background:#2b0b0b;color:#ffe9e7;border:2px solid #ff8a80;"
        "border-radius:8px;padding:1rem 1.2rem;font:14px/1.5 ui-monospace,monospace;"
        'box-shadow:0 8px 30px #0008">'
        '<p style="margin:0 0 .5rem;font-weight:700">The last change broke the build: this is the last good '
        "site. Fix the file and it reloads by itself.</p>"
        f'<ul style="margin:0;padding-left:1.2rem">{items}</ul></div>'
    )


def inject(html: bytes, errors: Sequence[str], epoch: int | None = None) -> bytes:
    """The page with the reload script (and the overlay when the last build failed) before </body>;
    `epoch` is the build the page comes from, so the script can catch a build it missed."""
    mark = "" if epoch is None else f' data-epoch="{epoch}"'
    extra = f'<script src="{SCRIPT_PATH}"{mark}></script>'
    if errors:
        extra = overlay(errors) + extra
    marker = b"</body>"
    at = html.rfind(marker)
    payload = extra.encode()
    return html + payload if at < 0 else html[:at] + payload + html[at:]
