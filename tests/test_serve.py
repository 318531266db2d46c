"""`okrsite serve`: path safety, event framing, injection, builds that never serve half a site,
and the whole loop in-process (threads and events, no sleeps)."""

from __future__ import annotations

import http.client
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from okrsite.serve.app import Builder, Preview, open_preview
from okrsite.serve.reload import inject, sse, sse_comment
from okrsite.serve.server import SiteState, UnsafePathError, content_type, since_epoch, site_path
from tests.conftest import REPO, run_cli


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("/", "index.html"),
        ("/teams/", "teams/index.html"),
        ("/teams/sales/", "teams/sales/index.html"),
        ("/assets/style.css", "assets/style.css"),
        ("/a/./b/", "a/b/index.html"),
        ("/okrs.json?x=1", "okrs.json"),
        ("/objectives/caf%C3%A9/", "objectives/café/index.html"),
        ("//teams//", "teams/index.html"),
    ],
)
def test_site_paths(url: str, key: str) -> None:
    assert site_path(url) == key


@pytest.mark.parametrize(
    "url",
    [
        "/../etc/passwd",
        "/%2e%2e/secret",
        "/a/%2E%2E/%2e%2e/x",
        "/..%2f..%2fetc",
        "/a\\..\\b",
        "/%5c..%5cx",
        "/C:/Windows",
        "/x%00.html",
        "/teams/../../x",
    ],
)
def test_paths_that_leave_the_site_are_refused(url: str) -> None:
    with pytest.raises(UnsafePathError):
        site_path(url)


def test_content_types() -> None:
    assert content_type("index.html") == "text/html; charset=utf-8"
    assert content_type("assets/style.css") == "text/css; charset=utf-8"
    assert content_type("okrs.json") == "application/json; charset=utf-8"
    assert content_type("okrs.csv").startswith("text/csv")


def test_event_framing() -> None:
    assert sse("reload", "7") == b"event: reload\ndata: 7\n\n"
    assert sse("x", "a\nb") == b"event: x\ndata: a\ndata: b\n\n"
    assert sse_comment() == b": ping\n\n"


def test_injection_into_served_html_only() -> None:
    page = b"<html><body><p>x</p></body></html>"
    plain = inject(page, [])
    assert plain.endswith(b'<script src="/__okrsite/reload.js"></script></body></html>')
    broken = inject(page, ["content/x.md:3: OKR001 invalid YAML <oops>"]).decode()
    assert 'id="okrsite-overlay"' in broken and "content/x.md:3: OKR001 invalid YAML &lt;oops&gt;" in broken
    assert b"reload.js" not in (REPO / "okrsite" / "theme" / "templates" / "base.html").read_bytes()
    tagged = inject(page, [], epoch=7)
    assert tagged.endswith(b'<script src="/__okrsite/reload.js" data-epoch="7"></script></body></html>')


def test_requests_wait_for_a_running_build() -> None:
    state = SiteState("id")
    state.finish({"index.html": b"old"}, [])
    state.begin()
    got: list[bytes] = []
    started = threading.Event()

    def reader() -> None:
        started.set()
        got.append(state.snapshot(wait=5)[0]["index.html"])

    t = threading.Thread(target=reader)
    t.start()
    started.wait(2)
    assert not got  # still waiting: the build is running
    state.finish({"index.html": b"new"}, [])
    t.join(5)
    assert got == [b"new"]


@pytest.fixture
def preview(site: Path) -> Iterator[Preview]:
    p = open_preview(site, port=0, say=lambda _: None, quiet=0.05)
    p.start()
    yield p
    p.stop()


def get(p: Preview, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    host, port = p.server.server_address[:2]
    conn = http.client.HTTPConnection(str(host), int(port), timeout=10)
    conn.request(method, path)
    r = conn.getresponse()
    body = r.read()
    conn.close()
    return r.status, {k.lower(): v for k, v in r.getheaders()}, body


def test_serves_pages_assets_redirects_and_404(preview: Preview) -> None:
    status, headers, body = get(preview, "/")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert b"/__okrsite/reload.js" in body and b"Quillmark" in body
    assert get(preview, "/assets/style.css")[0] == 200
    status, headers, _ = get(preview, "/teams")
    assert status == 301 and headers["location"] == "/teams/"
    status, _, body = get(preview, "/no/such/page/")
    assert status == 404 and b"Page not found" in body
    assert get(preview, "/..%2f..%2fetc/passwd")[0] == 403
    status, headers, body = get(preview, "/", "HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 1000


def events(preview: Preview, query: str = "") -> socket.socket:
    """An open event stream of the preview (its request sent), for reading with `read_until`."""
    host, port = preview.server.server_address[:2]
    s = socket.create_connection((str(host), int(port)), timeout=10)
    s.sendall(f"GET /__okrsite/events{query} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    return s


def read_until(s: socket.socket, marker: bytes) -> bytes:
    """What the socket sends until `marker` has arrived (or the stream ends)."""
    data = b""
    while marker not in data:
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def test_an_edit_sends_a_reload_event_and_the_new_page(preview: Preview, site: Path) -> None:
    stream = events(preview)
    hello = read_until(stream, b"event: hello")
    assert b"text/event-stream" in hello and b"retry: 1000" in hello
    target = site / "content/objectives/2026-Q4/q4-year-end-revenue-push.md"
    target.write_text(
        target.read_text().replace("title: Close the year on plan", "title: Finish 2026 strong")
    )
    assert b"event: reload" in read_until(stream, b"event: reload")
    stream.close()
    assert b"Finish 2026 strong" in get(preview, "/objectives/q4-year-end-revenue-push/")[2]


def test_a_build_that_ends_before_the_page_opens_its_stream_still_reloads_it(preview: Preview) -> None:
    """The page says which build it came from; a stream opened after a later build reloads at once."""
    body = get(preview, "/")[2].decode()
    served = int(body.split('data-epoch="')[1].split('"')[0])
    assert served == preview.server.state.epoch
    preview.builder.build()  # a build the page's script has not heard of yet
    late = events(preview, f"?epoch={served}")
    assert f"event: reload\ndata: {served + 1}".encode() in read_until(late, b"event: reload")
    late.close()
    current = events(preview, f"?epoch={served + 1}")  # up to date: only keep-alives until a build
    assert b"event: hello" in read_until(current, b"event: hello")
    current.settimeout(0.3)
    with pytest.raises(TimeoutError):
        read_until(current, b"event: reload")
    current.close()
    for junk in ("?epoch=x", "?epoch=-1", "?epoch=" + "9" * 40):
        assert since_epoch("/__okrsite/events" + junk) is None
    assert since_epoch("/__okrsite/events?a=1&epoch=12") == 12


def test_a_broken_file_keeps_the_last_good_site_with_an_overlay(site: Path) -> None:
    state = SiteState("id")
    builder = Builder(site, state, say=lambda _: None)
    assert builder.build()
    good = page(state, "index.html")
    target = site / "content/objectives/2026-Q4/q4-year-end-revenue-push.md"
    text = target.read_text()
    target.write_text(text.replace("period: 2026-Q4", "period: [2026-Q4"))
    assert not builder.build([str(target)])
    assert page(state, "index.html") == good
    assert any(
        e.startswith("content/objectives/2026-Q4/q4-year-end-revenue-push.md:3: OKR001") for e in state.errors
    )
    target.write_text(text)
    assert builder.build([str(target)]) and state.errors == ()


def page(state: SiteState, path: str) -> bytes:
    entry = state.files[path]
    return entry if isinstance(entry, bytes) else entry.get(path)


def test_a_vanished_event_client_does_not_block_others(preview: Preview) -> None:
    gone = events(preview)
    read_until(gone, b"event: hello")
    gone.close()
    for _ in range(5):
        assert get(preview, "/")[0] == 200
    other = events(preview)
    assert b"event: hello" in read_until(other, b"event: hello")
    other.close()


def test_a_busy_port_is_a_clear_usage_error(site: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", site, "--port", str(port))
    assert result.exit_code == 2
    assert f"--port {port + 1}" in result.stderr and "--port 0" in result.stderr


def test_server_stops_cleanly(site: Path) -> None:
    p = open_preview(site, port=0, say=lambda _: None)
    p.start()
    stream = events(p)
    read_until(stream, b"event: hello")
    p.stop()  # the open event stream ends, threads join
    assert all(not t.is_alive() for t in (p._thread, p._loop) if t is not None)
    stream.close()
    with pytest.raises(OSError):
        get(p, "/")


def test_built_sites_never_carry_the_reload_script(tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert run_cli("build", REPO, "--out", out).exit_code == 0
    for page in out.rglob("*.html"):
        assert b"__okrsite" not in page.read_bytes(), page


def test_a_hundred_saves_in_a_second_end_in_the_last_content(preview: Preview, site: Path) -> None:
    stream = events(preview)
    read_until(stream, b"event: hello")
    target = site / "content/objectives/2026-Q4/q4-year-end-revenue-push.md"
    text = target.read_text()
    for i in range(100):
        target.write_text(text.replace("title: Close the year on plan", f"title: Save number {i}"))
    wanted = b"Save number 99"
    pause = threading.Event()  # never set: wait() is a short pause between polls
    for _ in range(20):  # each reload event is one rebuild; bursts collapse into a few
        read_until(stream, b"event: reload")
        if wanted in get(preview, "/objectives/q4-year-end-revenue-push/")[2]:
            break
        pause.wait(0.05)
    stream.close()
    assert wanted in get(preview, "/objectives/q4-year-end-revenue-push/")[2]


def test_ctrl_c_stops_the_command_cleanly(site: Path) -> None:
    import signal
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "okrsite", "serve", str(site), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("Serving "):
            break
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "Stopping." in out and "Traceback" not in err
