"""`okrsite build --audience public|internal`: a public build carries nothing of what is marked
`visibility: internal` in any file it writes, and says only how many items it left out.

A marker string is planted in every internal item (ids, titles, bodies, key results, check-in
notes, a KPI's series and an internal team's name) and the whole public output is searched for it.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from okrsite.audience import for_audience
from okrsite.build import compile_site
from okrsite.check import check
from tests.conftest import REPO, files_with, run_cli

AS_OF = "2026-11-20"

MARKER = "zebrasecret"

INTERNAL_OBJECTIVE = f"""---
id: q4-{MARKER}-acquisition
title: Prepare the {MARKER} acquisition
period: 2026-Q4
team: sales
owner: carlos
parent: double-annual-revenue#arr
visibility: internal
key_results:
  - title: Sign the {MARKER} term sheet
    done: false
  - title: Grow the {MARKER} pipeline from 0 to 3M USD
    start: 0
    target: 3M
    unit: USD
    checkins:
      - {{date: 2026-11-10, value: 1M, note: First {MARKER} call went well}}
  - title: Cut the {MARKER} due-diligence list from 40 items to 5
    start: 40
    target: 5
---
The {MARKER} deal stays inside the company until it is signed.
"""

INTERNAL_TEAM = f"""---
name: {MARKER.title()} Deals
parent: sales
lead: carlos
visibility: internal
---
A team that works on the {MARKER} deal.
"""

SUB_TEAM = f"""---
name: {MARKER.title()} Legal
parent: {MARKER}-deals
lead: emma
---
Below an internal team: left out with it.
"""

TEAM_OBJECTIVE = f"""---
id: q4-{MARKER}-legal-review
title: Finish the {MARKER} legal review
period: 2026-Q4
team: {MARKER}-legal
owner: emma
key_results:
  - title: Review the {MARKER} contracts
    done: false
  - title: Close {MARKER} findings from 12 to 0
    start: 12
    target: 0
  - title: Brief the board on {MARKER}
    done: false
---
"""

INTERNAL_KPI = f"""---
title: {MARKER.title()} pipeline value
team: sales
owner: carlos
unit: USD
healthy: ">= 1M"
visibility: internal
values:
  - {{date: 2026-10-31, value: 1.5M}}
  - {{date: 2026-11-15, value: 2.5M}}
---
How much the {MARKER} pipeline is worth.
"""

PUBLIC_OBJECTIVE = f"""---
id: q4-public-partner-outreach
title: Reach new partners in the Nordics
period: 2026-Q4
team: sales
owner: emma
parent: q4-{MARKER}-acquisition
guardrails: [{MARKER}-pipeline]
key_results:
  - title: Grow partner pipeline value from 1M to 4M USD
    kpi: {MARKER}-pipeline
    start: 1M
    target: 4M
    unit: USD
    checkins:
      - {{date: 2026-11-12, value: 2M}}
  - title: Sign 4 partner agreements, up from 1
    start: 1
    target: 4
  - title: Cut partner onboarding from 30 days to 20
    start: 30d
    target: 20d
---
This supports [[q4-{MARKER}-acquisition]] and, written out, [[q4-{MARKER}-acquisition|a deal]].
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("audience") / "site"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "okrsite.yaml", root / "okrsite.yaml")
    objectives = root / "content" / "objectives" / "2026-Q4"
    (objectives / f"q4-{MARKER}-acquisition.md").write_text(INTERNAL_OBJECTIVE)
    (objectives / f"q4-{MARKER}-legal-review.md").write_text(TEAM_OBJECTIVE)
    (objectives / "q4-public-partner-outreach.md").write_text(PUBLIC_OBJECTIVE)
    (root / "content" / "teams" / f"{MARKER}-deals.md").write_text(INTERNAL_TEAM)
    (root / "content" / "teams" / f"{MARKER}-legal.md").write_text(SUB_TEAM)
    (root / "content" / "kpis" / f"{MARKER}-pipeline.md").write_text(INTERNAL_KPI)
    result = run_cli("check", root, "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    return root


def _build(site: Path, out: Path, *args: str) -> str:
    result = run_cli("build", site, "--out", out, "--as-of", AS_OF, "--no-cache", *args)
    assert result.exit_code == 0, result.output + result.stderr
    return result.output


def test_a_public_build_carries_no_trace_of_internal_items(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    said = _build(site, out, "--audience", "public")
    assert files_with(out, MARKER) == []
    assert "Left out 2 objectives, 1 KPI and 2 teams marked internal" in said
    data = json.loads((out / "okrs.json").read_text())
    assert data["audience"] == "public"
    assert data["withheld"] == {"objectives": 2, "kpis": 1, "teams": 2}
    page = (out / "objectives" / "q4-public-partner-outreach" / "index.html").read_text()
    assert "This supports an unpublished item and, written out, a deal." in page


def test_public_is_the_default_and_internal_includes_everything(site: Path, tmp_path: Path) -> None:
    default = tmp_path / "default"
    _build(site, default)
    assert files_with(default, MARKER) == []
    internal = tmp_path / "internal"
    said = _build(site, internal, "--audience", "internal")
    assert "Left out" not in said
    assert (internal / "objectives" / f"q4-{MARKER}-acquisition" / "index.html").is_file()
    assert (internal / "teams" / f"{MARKER}-legal" / "index.html").is_file()
    data = json.loads((internal / "okrs.json").read_text())
    assert data["audience"] == "internal" and data["withheld"] == {"objectives": 0, "kpis": 0, "teams": 0}


def test_the_config_sets_the_audience_and_the_cache_keeps_them_apart(site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    config = copy / "okrsite.yaml"
    config.write_text(config.read_text() + "\naudience: internal\n")
    out = tmp_path / "out"
    run = ["build", copy, "--out", out, "--as-of", AS_OF]
    assert run_cli(*run).exit_code == 0
    assert files_with(out, MARKER)
    # The same inputs for another audience are another build, never "nothing changed".
    second = run_cli(*run, "--audience", "public")
    assert second.exit_code == 0 and "Nothing changed" not in second.output
    assert files_with(out, MARKER) == []


def test_what_stays_never_points_at_what_went(site: Path) -> None:
    result = check(site, None)
    public, withheld = for_audience(result.site, "public")
    ids = {o.id for o in public.objectives}
    assert f"q4-{MARKER}-acquisition" not in ids and f"q4-{MARKER}-legal-review" not in ids
    partner = next(o for o in public.objectives if o.id == "q4-public-partner-outreach")
    assert partner.parents == () and partner.guardrails == ()
    assert partner.key_results[0].kpi == ""
    assert {t.id for t in public.teams}.isdisjoint({f"{MARKER}-deals", f"{MARKER}-legal"})
    assert withheld.by_team == {"sales": 1}
    assert withheld.by_period == {"2026-Q4": 2}
    assert withheld.by_parent == {"double-annual-revenue": 1}
    assert withheld.kpi_sources == 1
    same, nothing = for_audience(result.site, "internal")
    assert same is result.site and nothing.total == 0


def test_the_preview_serves_the_audience_it_is_asked_for(site: Path) -> None:
    public = compile_site(site, date(2026, 11, 20), audience="public")
    assert public.withheld.objectives == 2
    leaked = [f.path for f in (*public.files, *public.exports()) if MARKER.encode() in f.data.lower()]
    assert leaked == []
    internal = compile_site(site, date(2026, 11, 20), audience="internal")
    assert any(MARKER.encode() in f.data for f in internal.files)


def test_public_pages_say_how_many_items_they_leave_out(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    _build(site, out)
    page = {p: (out / p / "index.html").read_text() for p in ("", "teams/sales", "periods/2026-Q4")}
    assert "leaves out 2 objectives, 1 KPI and 2 teams marked internal" in page[""]
    assert "1 internal objective of Sales is not shown" in page["teams/sales"]
    assert "2 internal objectives of 2026-Q4 are not shown" in page["periods/2026-Q4"]
    parent = (out / "objectives" / "double-annual-revenue" / "index.html").read_text()
    assert "And 1 internal objective, not shown on this public site." in parent
