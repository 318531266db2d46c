"""Drafts never appear in a production build: `okrsite build` without `--drafts` carries no trace of
an objective whose status is `draft` in any file it writes (pages, feeds, badges, the search index,
okrs.json and okrs.csv, file names), and neither does the preview with `--no-drafts`. With
`--drafts` (pull-request previews) it is all there.

A marker string is planted in every field of the draft: its id, title, key results (with a check-in
note), initiatives and body; and a published objective links to it with `[[id]]` (the check allows
that; the page then reads "an unpublished item"). Like tests/test_audience.py for internal items.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from okrsite.build import compile_site
from tests.conftest import copy_example, files_with, run_cli

AS_OF = "2026-11-20"
MARKER = "okapidraft"

DRAFT = f"""---
id: q4-{MARKER}-expansion
title: Plan the {MARKER} expansion
period: 2026-Q4
team: sales
owner: carlos
status: draft
parent: double-annual-revenue
key_results:
  - title: Sign 3 {MARKER} partners, up from 0
    start: 0
    target: 3
    checkins:
      - {{date: 2026-11-10, value: 1, note: The first {MARKER} partner said yes}}
  - title: Ship the {MARKER} pricing page
    done: false
  - title: Grow {MARKER} leads from 10 to 40
    start: 10
    target: 40
initiatives:
  - {{title: Hire a {MARKER} lead, status: planned}}
---
The {MARKER} expansion is still a proposal.
"""

LINKING = """---
id: q4-public-follow-up
title: Follow up on the partner plans
period: 2026-Q4
team: sales
owner: carlos
key_results:
  - title: Meet 5 partners, up from 0
    start: 0
    target: 5
  - title: Send 20 proposals, up from 0
    start: 0
    target: 20
  - title: Close 2 deals, up from 0
    start: 0
    target: 2
---
This follows [[q4-{marker}-expansion]].
""".replace("{marker}", MARKER)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_example(tmp_path_factory.mktemp("drafts") / "site")
    folder = root / "content" / "objectives" / "2026-Q4"
    (folder / f"q4-{MARKER}-expansion.md").write_text(DRAFT)
    (folder / "q4-public-follow-up.md").write_text(LINKING)
    return root


def test_a_production_build_carries_no_trace_of_a_draft(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    result = run_cli("build", site, "--out", out, "--as-of", AS_OF, "--no-cache", "--audience", "internal")
    assert result.exit_code == 0, result.output + result.stderr
    assert files_with(out, MARKER) == []
    page = (out / "objectives" / "q4-public-follow-up" / "index.html").read_text()
    assert "This follows an unpublished item." in page


def test_drafts_are_all_there_when_asked_for(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "preview"
    result = run_cli("build", site, "--out", out, "--as-of", AS_OF, "--no-cache", "--drafts")
    assert result.exit_code == 0, result.output + result.stderr
    found = files_with(out, MARKER)
    assert (out / "objectives" / f"q4-{MARKER}-expansion" / "index.html").is_file()
    assert {"okrs.json", "okrs.csv", "feeds/changes.xml", "objectives/q4-public-follow-up/index.html"} <= set(
        found
    )


def test_the_preview_without_drafts_serves_none(site: Path) -> None:
    compiled = compile_site(site, date(2026, 11, 20), drafts=False, audience="internal")
    leaked = [f.path for f in (*compiled.files, *compiled.exports()) if MARKER.encode() in f.data.lower()]
    assert leaked == [] and compiled.files
    with_drafts = compile_site(site, date(2026, 11, 20), drafts=True)
    assert any(MARKER.encode() in f.data.lower() for f in with_drafts.files)
