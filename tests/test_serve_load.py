"""The preview server holds up: it stays on this machine unless told, refuses every path that would
leave the site, answers 50 clients and 1,000 requests while files are edited and rebuilt, is not
held up by clients that stall or vanish, labels what it serves and lists no folder.

All traffic goes to 127.0.0.1, bounded in count and time. (tests/test_serve.py has the unit
tests of path safety, event framing and the reload loop.)
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from okrsite.serve.app import Preview, open_preview
from okrsite.serve.server import UnsafePathError, is_exposed, site_path
from tests.conftest import copy_example, run_cli
from tests.test_serve import events as _events
from tests.test_serve import read_until as _read_until

TARGET = "content/objectives/2026-Q4/q4-year-end-revenue-push.md"
TITLE = "title: Close the year on plan"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the example for the module: its tests share one preview (each costs a build)."""
    return copy_example(tmp_path_factory.mktemp("serve-load") / "site")


@pytest.fixture(scope="module")
def preview(site: Path) -> Iterator[Preview]:
    p = open_preview(site, port=0, say=lambda _: None, quiet=0.05)
    p.start()
    yield p
    p.stop()


def address(p: Preview) -> tuple[str, int]:
    host, port = p.server.server_address[:2]
    return str(host), int(port)


def raw(p: Preview, request: bytes, timeout: float = 10) -> bytes:
    """Send bytes as they are (no client library tidies the path) and read the whole answer."""
    with socket.create_connection(address(p), timeout=timeout) as s:
        s.sendall(request)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
        return data


def get(
    conn: http.client.HTTPConnection, path: str, method: str = "GET"
) -> tuple[int, dict[str, str], bytes]:
    conn.request(method, path)
    r = conn.getresponse()
    body = r.read()
    return r.status, {k.lower(): v for k, v in r.getheaders()}, body


# --- who can connect --------------------------------------------------------------------------------------


def test_it_listens_on_this_machine_only_unless_told(preview: Preview) -> None:
    assert preview.server.server_address[0] == "127.0.0.1"
    assert preview.url.startswith("http://localhost:")
    for host in ("127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"):
        assert not is_exposed(host), host
    for host in ("0.0.0.0", "::", "192.168.1.20", "10.0.0.1", "my-laptop.local"):
        assert is_exposed(host), host


def test_an_exposed_address_is_warned_about_and_a_foreign_one_is_a_usage_error(site: Path) -> None:
    # 192.0.2.1 (TEST-NET-1) is no address of this machine: the warning is printed, then the bind
    # fails, so nothing is ever exposed by this test.
    result = run_cli("serve", site, "--host", "192.0.2.1", "--port", "0")
    assert result.exit_code == 2
    assert "warning: listening on 192.0.2.1: anyone who can reach this machine" in result.stderr
    assert "cannot listen on 192.0.2.1:0" in result.stderr and "leave it out for 127.0.0.1" in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


# --- paths ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/..",
        "/../",
        "/.%2e/secret.txt",
        "/%2e./secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/assets/..%5c..%5csecret.txt",
        "/assets\\..\\..\\secret.txt",
        "/%5C%5C?%5Cc:%5Csecret.txt",
        "/c:%2fsecret.txt",
        "/secret.txt%00.html",
        "/%00",
        "http://127.0.0.1/../secret.txt",
    ],
)
def test_more_paths_that_leave_the_site_are_refused(url: str) -> None:
    with pytest.raises(UnsafePathError):
        site_path(url)


ESCAPES = [
    "/../secret.txt",
    "/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2e%2e%2fsecret.txt",
    "/%252e%252e/secret.txt",  # encoded twice: a folder called "%2e%2e", inside the site
    "/..%5csecret.txt",
    "/..\\secret.txt",
    "/%c0%ae%c0%ae/secret.txt",  # an overlong UTF-8 dot: not a dot
    "//../secret.txt",
    "/.//..//secret.txt",
    "/assets/../../secret.txt",
    "http://127.0.0.1/../secret.txt",
    "/secret.txt%00",
    "///etc/passwd",
    "/etc/passwd",
]


def test_no_request_reads_a_file_outside_the_site(preview: Preview, site: Path) -> None:
    (site.parent / "secret.txt").write_text("the secret outside the site")
    for target in ESCAPES:
        answer = raw(preview, f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        status = int(answer.split(b" ", 2)[1])
        assert status in (403, 404), (target, answer[:200])
        assert b"the secret outside the site" not in answer and b"root:" not in answer, target


def test_folders_are_never_listed(preview: Preview) -> None:
    conn = http.client.HTTPConnection(*address(preview), timeout=10)
    status, _, not_found = get(conn, "/no/such/page/")
    assert status == 404 and b"Page not found" in not_found
    files = preview.server.state.files
    folders = {k.rsplit("/", 1)[0] for k in files if "/" in k}
    bare = sorted(f for f in folders if f"{f}/index.html" not in files)  # assets/, feeds/, ...
    assert {"assets", "feeds"} <= set(bare)
    for folder in bare:
        status, _, body = get(conn, f"/{folder}/")
        assert (status, body) == (404, not_found), folder
    conn.close()


def test_what_is_served_is_labelled_with_its_type(preview: Preview) -> None:
    conn = http.client.HTTPConnection(*address(preview), timeout=10)
    wanted = {
        "/": "text/html; charset=utf-8",
        "/objectives/q4-year-end-revenue-push/": "text/html; charset=utf-8",
        "/assets/style.css": "text/css; charset=utf-8",
        "/assets/app.js": "text/javascript; charset=utf-8",
        "/__okrsite/reload.js": "text/javascript; charset=utf-8",
        "/okrs.json": "application/json; charset=utf-8",
        "/okrs.csv": "text/csv; charset=utf-8",
        "/feeds/changes.xml": "application/xml; charset=utf-8",
        "/no/such/page/": "text/html; charset=utf-8",
    }
    for path, kind in wanted.items():
        status, headers, body = get(conn, path)
        assert status in (200, 404) and body, path
        assert headers["content-type"] == kind, (path, headers["content-type"])
        assert headers.get("x-content-type-options") == "nosniff", path
    svg = next(p for p in preview.server.state.files if p.endswith(".svg"))
    assert get(conn, "/" + svg)[1]["content-type"] == "image/svg+xml; charset=utf-8"
    conn.close()


# --- load -------------------------------------------------------------------------------------------------

PATHS = [
    "/",
    "/tree/",
    "/roadmap/",
    "/kpis/",
    "/teams/sales/",
    "/people/maria/",
    "/objectives/q4-year-end-revenue-push/",
    "/objectives/q1-improve-customer-experience/",
    "/assets/style.css",
    "/okrs.json",
    "/search/",
    "/no/such/page/",
]


@pytest.mark.slow
def test_fifty_clients_and_a_thousand_requests_while_files_change(preview: Preview, site: Path) -> None:
    clients, each = 50, 20
    start = threading.Barrier(clients + 1)
    statuses: Counter[int] = Counter()
    errors: list[str] = []
    lock = threading.Lock()
    slowest = 0.0
    in_builds = 0  # requests that arrived while a rebuild ran (they wait for it, then get the new site)

    def client(n: int) -> None:
        nonlocal slowest, in_builds
        conn = http.client.HTTPConnection(*address(preview), timeout=30)  # keep-alive, as browsers do
        start.wait(timeout=30)
        for i in range(each):
            path = PATHS[(n + i) % len(PATHS)]
            began = time.perf_counter()
            during = preview.server.state.building
            try:
                status, headers, body = get(conn, path, "HEAD" if i % 7 == 6 else "GET")
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    errors.append(f"{path}: {type(exc).__name__}: {exc}")
                conn.close()
                conn = http.client.HTTPConnection(*address(preview), timeout=30)
                continue
            took = time.perf_counter() - began
            wanted = 404 if path == "/no/such/page/" else 200
            complete = i % 7 == 6 or len(body) == int(headers["content-length"])
            html = (
                not headers["content-type"].startswith("text/html")
                or i % 7 == 6
                or body.rstrip().endswith(b"</html>")
            )
            with lock:
                statuses[status] += 1
                slowest = max(slowest, took)
                in_builds += during
                if status != wanted or not complete or not html:
                    errors.append(f"{path}: {status}, {len(body)} bytes")
        conn.close()

    target = site / TARGET
    text = target.read_text()
    epoch = preview.server.state.epoch
    began = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        futures = [pool.submit(client, n) for n in range(clients)]
        for k in range(3):  # edits during the load: each is watched, debounced and rebuilt
            target.write_text(text.replace(TITLE, f"title: Edited under load {k}"))
            if k == 0:  # the clients start as the first rebuild does
                deadline = time.monotonic() + 30
                while not preview.server.state.building and preview.server.state.epoch == epoch:
                    assert time.monotonic() < deadline, "the edit was not rebuilt"
                    time.sleep(0.001)
                start.wait(timeout=30)
            with preview.server.state.cond:
                preview.server.state.cond.wait_for(
                    lambda k=k: preview.server.state.epoch > epoch + k, timeout=30
                )
        for f in futures:
            f.result(timeout=120)
    elapsed = time.perf_counter() - began
    assert errors == [], errors[:20]
    assert sum(statuses.values()) == clients * each == 1000
    assert preview.server.state.epoch >= epoch + 3, "the edits were not rebuilt during the load"
    assert preview.server.state.errors == ()
    assert in_builds > 0, "no request arrived while a rebuild ran"
    conn = http.client.HTTPConnection(*address(preview), timeout=10)
    assert b"Edited under load 2" in get(conn, "/objectives/q4-year-end-revenue-push/")[2]
    conn.close()
    print(
        f"1000 requests from 50 clients in {elapsed:.2f} s ({1000 / elapsed:.0f}/s), slowest {slowest:.2f} s, "
        f"{preview.server.state.epoch - epoch} rebuilds, {in_builds} requests during them, "
        f"statuses {dict(statuses)}"
    )


def test_stalled_and_vanished_clients_do_not_hold_up_the_others(preview: Preview, site: Path) -> None:
    stalled: list[socket.socket] = []
    for _ in range(20):  # half a request line, never finished (a "slowloris")
        s = socket.create_connection(address(preview), timeout=10)
        s.sendall(b"GET /objectives/ HT")
        stalled.append(s)
    for _ in range(20):  # event streams that are never read
        stalled.append(_events(preview))
    for _ in range(10):  # event streams whose reader vanishes at once
        gone = _events(preview)
        gone.close()
    listener = _events(preview)
    assert b"event: hello" in _read_until(listener, b"event: hello")
    began = time.perf_counter()
    conn = http.client.HTTPConnection(*address(preview), timeout=10)
    for path in PATHS:
        assert get(conn, path)[0] in (200, 404)
    conn.close()
    target = site / TARGET
    target.write_text(target.read_text().replace(TITLE, "title: Edited beside stalled clients"))
    assert b"event: reload" in _read_until(listener, b"event: reload")
    took = time.perf_counter() - began
    assert took < 10, f"the others waited {took:.1f} s"
    listener.close()
    for s in stalled:
        s.close()
