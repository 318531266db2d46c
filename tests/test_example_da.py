"""The Danish example in examples/da/ (Pedalø, a bike-share in Aarhus): strictly clean, and it builds.

Only the content is tested here: titles, ids and the page language. The interface's own words and
formats (Danish since issue 9) are tested in tests/test_i18n.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, run_cli

EXAMPLE = REPO / "examples" / "da"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Danish example built once into a temporary folder (no cache written into the example)."""
    out = tmp_path_factory.mktemp("example-da") / "public"
    result = run_cli("build", EXAMPLE, "--out", out, "--strict", "--no-cache")
    assert result.exit_code == 0, result.output + result.stderr
    return out


def okrs(site: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((site / "okrs.json").read_text(encoding="utf-8"))
    return doc


def test_the_danish_example_checks_strictly_clean() -> None:
    result = run_cli("check", EXAMPLE, "--strict", "--no-cache", "--format", "json")
    assert result.exit_code == 0, result.output + result.stderr
    report = result.json()
    assert report["diagnostics"] == []
    summary = report["summary"]
    assert (summary["errors"], summary["warnings"]) == (0, 0)
    assert summary["as_of"] == "2026-11-20"
    assert (summary["objectives"], summary["kpis"], summary["teams"], summary["people"]) == (15, 4, 6, 13)


def test_the_dashboard_is_in_danish(built: Path) -> None:
    html = (built / "index.html").read_text(encoding="utf-8")
    assert '<html lang="da">' in html
    assert "Pedalø" in html


def test_known_objectives_kpis_and_teams_are_built(built: Path) -> None:
    doc = okrs(built)
    objectives = {o["id"]: o for o in doc["objectives"]}
    committed = objectives["cykel-man-kan-regne-med"]
    assert committed["title"] == "Giv aarhusianerne en cykel, de altid kan regne med"
    assert objectives["q4-vinterklar"]["title"] == "Hold Aarhus kørende hele vinteren"
    known = {"sund-vaekst", "fremtidens-delecykel", "q3-flere-cykler-klar", "lancering-aalborg"}
    assert known <= set(objectives)
    assert {k["id"] for k in doc["kpis"]} == {
        "kundetilfredshed",
        "klar-til-brug",
        "app-oppetid",
        "maanedlig-omsaetning",
    }
    assert {t["id"] for t in doc["teams"]} == {
        "pedaloe",
        "kundeservice",
        "drift",
        "digital",
        "platform",
        "salg-og-marked",
    }
    page = (built / "objectives" / "q4-vinterklar" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Hold Aarhus kørende hele vinteren</h1>" in page


def test_the_stories_the_example_tells(built: Path) -> None:
    """A committed objective that missed, a stretch at about 0.7, a graded launch, and a draft left out."""
    objectives = {o["id"]: o for o in okrs(built)["objectives"]}
    missed = objectives["q3-flere-cykler-klar"]
    assert missed["commitment"] == "committed"
    assert missed["status"] == "closed"
    assert 0.8 < missed["score"] < 1.0
    stretch = objectives["q3-smartlaas-pilot"]
    assert stretch["commitment"] == "aspirational"
    assert stretch["score"] == pytest.approx(0.7, abs=0.02)
    assert objectives["lancering-aalborg"]["period"] == "aalborg-lancering"
    assert objectives["lancering-aalborg"]["score"] == 0.6
    assert "q4-betaling-ved-cyklen" not in objectives


def test_the_quarter_report_finds_the_danish_reflections(built: Path) -> None:
    report = (built / "reports" / "2026-Q3" / "index.html").read_text(encoding="utf-8")
    assert "da vi tilføjede Bluetooth som reserve" in report  # under "## Refleksion"
    assert report.count("report-no-reflection") == report.count("report-reflection") - 5  # all 5 found


def test_edit_links_are_valid_addresses(built: Path) -> None:
    """The example's folder is `målsætninger`: the "Edit this page" link percent-encodes it (an
    address with a raw `å` is not a valid URL; the HTML checker flags it)."""
    page = (built / "objectives" / "cykel-man-kan-regne-med" / "index.html").read_text(encoding="utf-8")
    edit = re.search(r'href="(https://github.com/okrsite/okrsite/edit/main/examples/da/[^"]+)"', page)
    assert edit is not None
    assert edit.group(1).startswith(
        "https://github.com/okrsite/okrsite/edit/main/examples/da/content/m%C3%A5ls%C3%A6tninger/"
    )
    assert edit.group(1).isascii()
