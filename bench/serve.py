"""Latency of `okrsite serve`: from a saved file to the browser's reload event, for one edited
objective in generated sites of several sizes. Prints medians; never a pass/fail test.

    python bench/serve.py [N ...]        (default: 100 1000 10000)
"""

from __future__ import annotations

import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import write_corpus
from okrsite.serve.app import open_preview

EDITS = 5


def _events(host: str, port: int) -> socket.socket:
    s = socket.create_connection((host, port), timeout=60)
    s.sendall(b"GET /__okrsite/events HTTP/1.1\r\nHost: x\r\n\r\n")
    _until(s, b"event: hello")
    return s


def _until(s: socket.socket, marker: bytes) -> None:
    data = b""
    while marker not in data:
        chunk = s.recv(65536)
        if not chunk:
            raise RuntimeError("the event stream closed")
        data += chunk


def measure(n: int) -> tuple[float, list[float], list[float], int]:
    """Initial build seconds, edit-to-reload latencies, rebuild seconds, pages rendered per edit."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_corpus(root, n)
        t0 = time.perf_counter()
        preview = open_preview(root, port=0, say=lambda _: None)
        initial = time.perf_counter() - t0
        preview.start()
        host, port = preview.server.server_address[:2]
        stream = _events(str(host), int(port))
        target = next((root / "content" / "objectives").rglob("objective-000003.md"))
        latencies, rebuilds = [], []
        try:
            for i in range(EDITS):
                text = target.read_text()
                start = time.perf_counter()
                target.write_text(
                    text.replace("title: Objective 3", f"title: Objective 3 v{i}", 1)
                    if i == 0
                    else text.replace(f"v{i - 1}", f"v{i}", 1)
                )
                _until(stream, b"event: reload")
                latencies.append(time.perf_counter() - start)
                rebuilds.append(preview.builder.last_seconds)
            rendered = preview.builder.cache.render.rendered
        finally:
            stream.close()
            preview.stop()
        return initial, latencies, rebuilds, rendered


def main(sizes: list[int]) -> None:
    print(
        f"{'objectives':>10} {'first build s':>13} {'save->reload ms (median)':>25} {'rebuild ms':>11} {'pages':>6}"
    )
    for n in sizes:
        initial, latencies, rebuilds, rendered = measure(n)
        print(
            f"{n:>10} {initial:>13.2f} {statistics.median(latencies) * 1000:>25.0f} "
            f"{statistics.median(rebuilds) * 1000:>11.0f} {rendered:>6}"
        )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1000, 10000])
