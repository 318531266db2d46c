"""`okrsite diff BASE [HEAD]` through the command line, in temporary git repositories: what it
reports of objectives, key results, scores and KPIs. Errors, refs, folders, failures and the
CI examples: tests/test_diff_cli.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Run, commit, edit, git, run_cli

OBJ = "content/objectives"
AI = f"{OBJ}/2026-Q4/q4-ai-assisted-support.md"
LAB = f"{OBJ}/2026-Q4/q4-open-innovation-lab.md"
BETA = f"{OBJ}/2026-Q4/q4-smart-scheduling-beta.md"
RELIABLE = f"{OBJ}/2026-Q1/q1-reliable-platform.md"
LOVED = f"{OBJ}/2026/most-loved-support.md"
FRICTION = f"{OBJ}/2026-Q1/q1-remove-friction.md"
NEW_OBJECTIVE = """\
---
title: Answer every review within a day
period: 2026-Q4
team: customer-service
owner: maria
parent: most-loved-support
status: {status}
key_results:
  - title: Answer reviews within 24 hours, down from 72
    start: 72h
    target: 24h
    owner: noah
  - title: Raise the share of answered reviews from 40% to 90%
    start: 40%
    target: 90%
    owner: noah
  - title: Publish a review answering guide
    milestone: true
    owner: maria
---
"""


@pytest.fixture
def repo(example_repo: Path) -> Path:
    """A private copy of the example committed on `main` (tests/conftest.py)."""
    return example_repo


def diff(repo: Path, *args: str, fmt: str = "json", path: Path | None = None) -> Run:
    return run_cli("diff", *args, "--path", path or repo, "--format", fmt)


def as_json(run: Run) -> dict:  # type: ignore[type-arg]
    assert run.exit_code in (0, 1), run.output + run.stderr
    data: dict = json.loads(run.output)  # type: ignore[type-arg]
    return data


def test_no_change_is_one_clear_line(repo: Path) -> None:
    (repo / "README.md").write_text("Not a goal\n")  # a change outside the goals is no change to them
    text = diff(repo, "main", fmt="text")
    assert text.exit_code == 0
    assert "No changes to the goals between main (" in text.output
    markdown = diff(repo, "main", fmt="markdown")
    assert markdown.exit_code == 0
    sha = git(repo, "rev-parse", "--short=7", "main").strip()
    assert markdown.output == (
        "<!-- okrsite-diff -->\n\n"
        f"### okrsite diff: no changes to the goals between `main` ({sha}) and the working tree\n"
    )
    data = as_json(diff(repo, "main"))
    assert data["summary"]["changed"] is False
    assert all(n == 0 for key, n in data["summary"].items() if key != "changed")


def test_new_removed_and_moved_objectives(repo: Path) -> None:
    (repo / OBJ / "2026-Q4/q4-answer-reviews.md").write_text(NEW_OBJECTIVE.format(status="active"))
    (repo / FRICTION).unlink()
    edit(repo / BETA, "team: product", "team: engineering")
    (repo / OBJ / "2026-Q4/product").mkdir()
    (repo / BETA).rename(repo / OBJ / "2026-Q4/product/q4-smart-scheduling-beta.md")
    data = as_json(diff(repo, "main"))
    [added] = data["objectives"]["added"]
    assert (added["id"], added["team"], added["period"], added["key_results"]) == (
        "q4-answer-reviews",
        "customer-service",
        "2026-Q4",
        3,
    )
    assert added["score"] == 0.0 and added["draft"] is False
    [removed] = data["objectives"]["removed"]
    assert (removed["id"], removed["team"], removed["path"]) == ("q1-remove-friction", "product", FRICTION)
    [moved] = data["objectives"]["changed"]
    assert moved["objective"]["id"] == "q4-smart-scheduling-beta"
    assert {(f["field"], f["old"], f["new"]) for f in moved["moved"]} == {
        ("team", "product", "engineering"),
        ("file", BETA, f"{OBJ}/2026-Q4/product/q4-smart-scheduling-beta.md"),
    }
    assert data["summary"]["objectives_moved"] == 1
    engineering = [
        t for t in data["scores"]["teams"] if (t["team"], t["period"]) == ("engineering", "2026-Q4")
    ]
    assert [(t["old_objectives"], t["new_objectives"]) for t in engineering] == [(1, 2)]
    md = diff(repo, "main", fmt="markdown").output
    assert "1 new objective, 1 removed objective, 1 moved objective" in md
    assert (
        "| **new** | Answer every review within a day `q4-answer-reviews` | `customer-service` | 2026-Q4 |"
        in md
    )
    assert "| moved | Prove that smart scheduling saves our customers time `q4-smart-scheduling-beta`" in md
    assert "team: `product` → `engineering`" in md


def test_eased_and_raised_targets_and_start_change(repo: Path) -> None:
    edit(repo / AI, "    target: 40%", "    target: 30%")  # toward the start of 0%: eased
    edit(repo / BETA, "    target: 45s", "    target: 40s")  # 90s down to 40s: raised
    edit(repo / BETA, "    start: 1.8%", "    start: 2%")
    edit(repo / RELIABLE, 'maintain: ">= 99.5%"', 'maintain: ">= 99%"')  # a looser band: eased
    data = as_json(diff(repo, "main"))
    changed = {f"{k['objective']}#{k['ref']}": k for k in data["key_results"]["changed"]}
    ai = changed["q4-ai-assisted-support#ai-draft-share"]
    assert ai["verdict"] == "eased"
    assert ai["changes"] == [
        {
            "field": "target",
            "old": "40%",
            "new": "30%",
            "verdict": "eased",
            "note": "closer to the start (0%)",
        }
    ]
    assert changed["q4-smart-scheduling-beta#time-to-schedule"]["changes"][0] == {
        "field": "target",
        "old": "45s",
        "new": "40s",
        "verdict": "raised",
        "note": "further from the start",
    }
    start = changed["q4-smart-scheduling-beta#double-bookings"]["changes"]
    assert start == [{"field": "start", "old": "1.8%", "new": "2%", "verdict": None, "note": ""}]
    band = changed["q1-reliable-platform#q1-uptime"]["changes"]
    assert [(c["field"], c["old"], c["new"], c["verdict"]) for c in band] == [
        ("maintain", ">= 99.5%", ">= 99%", "eased")
    ]
    assert data["summary"]["eased"] == 2 and data["summary"]["raised"] == 1
    md = diff(repo, "main", fmt="markdown").output
    assert "**2 eased targets ⚠**" in md
    assert "#### ⚠ Eased targets" in md
    assert (
        "- **`q4-ai-assisted-support#ai-draft-share` Draft 40% of email replies with AI, up from 0%: "
        "target: `40%` → `30%`** — ⚠ eased: closer to the start (0%)"
    ) in md
    assert "maintain: `>= 99.5%` → `>= 99%`** — ⚠ loosened" in md
    assert "| raised | `q4-smart-scheduling-beta#time-to-schedule`" in md
    text = diff(repo, "main", fmt="text").output
    assert "! q4-ai-assisted-support#ai-draft-share" in text and "target 40% -> 30% (eased" in text


def test_committed_to_aspirational_is_eased(repo: Path) -> None:
    edit(repo / LOVED, "commitment: committed", "commitment: aspirational")
    data = as_json(diff(repo, "main"))
    [change] = data["objectives"]["changed"]
    assert change["moved"] == []
    assert change["changed"] == [
        {
            "field": "commitment",
            "old": "committed",
            "new": "aspirational",
            "verdict": "eased",
            "note": "0.7 now counts as success instead of 1.0",
        }
    ]
    [score] = [s for s in data["scores"]["objectives"] if s["objective"] == "most-loved-support"]
    assert (score["old_grade"], score["new_grade"]) == ("yellow", "green")  # green needs 1.0 when committed
    assert score["old_score"] == score["new_score"]
    md = diff(repo, "main", fmt="markdown").output
    assert (
        "| changed | Become the most loved support in our market `most-loved-support` | `quillmark` | 2026 |"
        in md
    )
    assert "(⚠ eased, see above) | yellow → green |" in md


def test_key_results_added_and_removed(repo: Path) -> None:
    text = (repo / BETA).read_text()
    cut = text.index("  - title: Decide pricing for smart scheduling")
    end = text.index("initiatives:")
    added = (
        "  - title: Get 20 beta customers to recommend smart scheduling\n"
        "    id: recommend\n    start: 0\n    target: 20\n    owner: priya\n"
    )
    (repo / BETA).write_text(text[:cut] + added + text[end:])
    data = as_json(diff(repo, "main"))
    assert data["key_results"]["added"] == [
        {
            "objective": "q4-smart-scheduling-beta",
            "ref": "recommend",
            "title": "Get 20 beta customers to recommend smart scheduling",
            "kind": "numeric",
            "start": "0",
            "target": "20",
            "owner": "priya",
        }
    ]
    [removed] = data["key_results"]["removed"]
    assert (removed["ref"], removed["kind"], removed["title"]) == (
        "pricing-decision",
        "milestone",
        "Decide pricing for smart scheduling",
    )
    assert data["key_results"]["changed"] == []  # the other three are matched, and unchanged
    md = diff(repo, "main", fmt="markdown").output
    assert "| new | `q4-smart-scheduling-beta#recommend` Get 20 beta customers" in md
    assert "start `0`, target `20`" in md
    assert (
        "| removed | `q4-smart-scheduling-beta#pricing-decision` Decide pricing for smart scheduling |" in md
    )


def test_reworded_key_result_without_id_is_the_same_one(repo: Path) -> None:
    path = repo / OBJ / "2026-Q4/q4-answer-reviews.md"
    path.write_text(NEW_OBJECTIVE.format(status="active"))
    commit(repo)
    edit(path, "within 24 hours, down from 72", "within 12 hours, down from 72")
    edit(path, "target: 24h", "target: 12h")
    data = as_json(diff(repo, "HEAD"))
    assert data["key_results"]["added"] == data["key_results"]["removed"] == []
    [kr] = data["key_results"]["changed"]
    assert kr["ref"] == "1"
    assert [(c["field"], c["old"], c["new"], c["verdict"]) for c in kr["changes"]] == [
        ("target", "24h", "12h", "raised"),
        (
            "title",
            "Answer reviews within 24 hours, down from 72",
            "Answer reviews within 12 hours, down from 72",
            None,
        ),
    ]


def test_a_checkin_changes_score_grade_and_team_rollup(repo: Path) -> None:
    edit(
        repo / LAB,
        "      - {date: 2026-11-13, value: 3, confidence: 0.7}\n",
        "      - {date: 2026-11-13, value: 3, confidence: 0.7}\n      - {date: 2026-11-18, value: 5}\n",
    )
    data = as_json(diff(repo, "main"))
    [kr] = data["key_results"]["changed"]
    assert kr["changes"] == [
        {
            "field": "latest check-in",
            "old": "2026-11-13: 3",
            "new": "2026-11-18: 5",
            "verdict": None,
            "note": "",
        }
    ]
    [score] = data["scores"]["objectives"]
    assert score["objective"] == "q4-open-innovation-lab"
    # the experiments KR goes from 3/5 to 5/5: one of four equal KRs gains 0.4
    assert score["new_score"] - score["old_score"] == pytest.approx(0.1, abs=0.011)
    assert (score["old_grade"], score["new_grade"]) == ("yellow", "green")
    assert score["new_pace"] == "on_track"
    [team] = data["scores"]["teams"]
    assert (team["team"], team["period"], team["old_mean"], team["new_mean"]) == (
        "engineering",
        "2026-Q4",
        score["old_score"],
        score["new_score"],
    )
    md = diff(repo, "main", fmt="markdown").output
    old, new = f"{score['old_score']:.2f}", f"{score['new_score']:.2f}"
    assert (
        f"| Make experimenting part of how we build `q4-open-innovation-lab` | {old} → {new} | yellow → green |"
        in md
    )


def test_pace_changes_with_a_score(repo: Path) -> None:
    # every key result of the Q4 lab objective falls back to (nearly) its start
    edit(repo / LAB, "value: 0.6, confidence: 0.7", "value: 0.1, confidence: 0.7")
    edit(repo / LAB, "value: 3, confidence: 0.7", "value: 0, confidence: 0.7")
    edit(repo / LAB, "value: 13, confidence: 0.6", "value: 3, confidence: 0.6")
    edit(repo / LAB, "value: 8.7,", "value: 7.4,")
    [score] = as_json(diff(repo, "main"))["scores"]["objectives"]
    assert (score["old_pace"], score["new_pace"]) == ("on_track", "off_track")
    assert (score["new_score"], score["new_grade"]) == (0.03, "red")  # (0.1 + 0 + 0 + 0) / 4
    md = diff(repo, "main", fmt="markdown").output
    assert "| red | on track → off track |" not in md and "→ red | on track → off track |" in md


def test_kpi_health_and_threshold_changes(repo: Path) -> None:
    csat = repo / "content/kpis/csat.md"
    edit(
        csat,
        "  - {date: 2026-10-31, value: 86%}\n",
        "  - {date: 2026-10-31, value: 86%}\n  - {date: 2026-11-15, value: 78%}\n",
    )
    edit(csat, 'warning: ">= 80%"', 'warning: ">= 75%"')
    data = as_json(diff(repo, "main"))
    [kpi] = data["kpis"]["changed"]
    assert (kpi["id"], kpi["old_health"], kpi["new_health"]) == ("csat", "healthy", "warning")
    assert {(c["field"], c["old"], c["new"], c["verdict"]) for c in kpi["changes"]} == {
        ("warning", ">= 80%", ">= 75%", "eased"),
        ("latest value", "86% (2026-10-31)", "78% (2026-11-15)", None),
    }
    md = diff(repo, "main", fmt="markdown").output
    assert "| changed | Customer satisfaction (CSAT) `csat` | healthy → **warning** |" in md
    assert "warning: `>= 80%` → `>= 75%`** — ⚠ loosened" in md
