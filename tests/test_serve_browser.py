"""`okrsite serve` in a real browser: an edit shows up by itself, a broken file shows an overlay
with its file and line, and fixing it clears the overlay (headless Debian Chromium)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from okrsite.serve.app import Preview, open_preview
from tests.conftest import copy_example
from tests.site_tools import require

pytest_plugins = ["tests.site_tools"]
pytestmark = pytest.mark.browser

OBJECTIVE = "content/objectives/2026-Q4/q4-year-end-revenue-push.md"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, Preview]]:
    root = copy_example(tmp_path / "site")
    preview = open_preview(root, port=0, say=lambda _: None)
    preview.start()
    yield root, preview
    preview.stop()


def test_edit_break_and_fix_in_the_browser(browser: Any, served: tuple[Path, Preview]) -> None:
    expect = require("playwright").expect
    root, preview = served
    host, port = preview.server.server_address[:2]
    page = browser.new_page()
    page.goto(f"http://{host}:{port}/objectives/q4-year-end-revenue-push/")
    heading = page.locator("h1")
    expect(heading).to_have_text("Close the year on plan")
    target = root / OBJECTIVE
    good = target.read_text()

    target.write_text(good.replace("title: Close the year on plan", "title: Land the year in style"))
    # Each step takes well under a second; 5 s leaves room for a loaded CI machine.
    expect(heading).to_have_text("Land the year in style", timeout=5000)  # no action: live reload

    target.write_text(good.replace("period: 2026-Q4", "period: [2026-Q4"))
    overlay = page.locator("#okrsite-overlay")
    expect(overlay).to_be_visible(timeout=5000)
    expect(overlay).to_contain_text(f"{OBJECTIVE}:3: OKR001")
    expect(heading).to_have_text("Land the year in style")  # the last good site stays

    target.write_text(good)
    expect(overlay).to_have_count(0, timeout=5000)
    expect(heading).to_have_text("Close the year on plan")
    page.close()
