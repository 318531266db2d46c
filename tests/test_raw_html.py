"""`raw_html`: HTML in a Markdown body is shown as text by default; with `raw_html: true` it is
kept after sanitising (nh3): formatting survives, anything that runs or reaches outside does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import copy_example, run_cli

OBJECTIVE = "content/objectives/2026-Q4/q4-year-end-revenue-push.md"
BODY = """
Plain <b>bold words</b> and a <details><summary>More</summary>hidden detail</details>.

<script>window.__pwned = 1</script>
<img src="https://tracker.example/pixel.png" onerror="window.__pwned = 2">
<a href="javascript:window.__pwned = 3">a trap</a> <a href="https://example.org/" onclick="x()">a link</a>
<p style="color: red" onmouseover="window.__pwned = 4">styled</p><iframe src="https://evil.example/"></iframe>
"""


def _page(tmp_path: Path, raw_html: bool) -> str:
    site = copy_example(tmp_path / "site")
    target = site / OBJECTIVE
    target.write_text(target.read_text() + BODY)
    if raw_html:
        config = site / "okrsite.yaml"
        config.write_text(config.read_text() + "\nraw_html: true\n")
    out = tmp_path / "out"
    result = run_cli("build", site, "--out", out, "--no-cache")
    assert result.exit_code == 0, result.output + result.stderr
    return (out / "objectives" / "q4-year-end-revenue-push" / "index.html").read_text()


def test_raw_html_is_text_by_default(tmp_path: Path) -> None:
    page = _page(tmp_path, raw_html=False)
    assert "&lt;b&gt;bold words&lt;/b&gt;" in page and "<b>bold words</b>" not in page
    assert "<script>window.__pwned" not in page


@pytest.mark.parametrize(
    "gone",
    [
        "<script",
        "window.__pwned",
        "onerror",
        "onclick",
        "onmouseover",
        "javascript:",
        "tracker.example",
        "<iframe",
        "evil.example",
        'style="color',
    ],
)
def test_raw_html_on_keeps_formatting_and_drops_what_runs_or_reaches_out(tmp_path: Path, gone: str) -> None:
    page = _page(tmp_path, raw_html=True)
    assert "<b>bold words</b>" in page and "<details><summary>More</summary>" in page
    assert 'href="https://example.org/"' in page
    body = page[page.index('id="about-h"') :]
    assert gone not in body
