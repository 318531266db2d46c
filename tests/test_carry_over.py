"""`okrsite carry-over`: unfinished objectives move into the next period as new files."""

from __future__ import annotations

import hashlib
from pathlib import Path

from okrsite.yamlread import read_yaml
from tests.conftest import run_cli


def front(path: Path) -> dict:  # type: ignore[type-arg]
    data = read_yaml(path.read_text().split("---\n")[1]).value
    assert isinstance(data, dict)
    return data


def snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file() and ".okrsite-cache" not in p.parts  # the goals, not okrsite's cache
    }


def test_unfinished_objectives_become_new_files_starting_from_their_last_values(site: Path) -> None:
    before = snapshot(site)
    run = run_cli("carry-over", "2026-Q4", "2027-Q1", "--path", site)
    assert run.exit_code == 0, run.stderr
    assert "Carried 5 objectives from 2026-Q4 to 2027-Q1" in run.output
    after = snapshot(site)
    assert {k: v for k, v in after.items() if k in before} == before, "an existing file changed"
    new = sorted(set(after) - set(before))
    assert len(new) == 5 and all(p.startswith("content/objectives/2027-Q1/") for p in new)

    support = front(site / "content/objectives/2027-Q1/q4-ai-assisted-support-2027-q1.md")
    assert support["period"] == "2027-Q1"
    assert support["carried_from"] == "q4-ai-assisted-support"
    krs = {kr["id"]: kr for kr in support["key_results"]}
    assert set(krs) == {"ai-draft-share", "weekend-response", "draft-accuracy"}  # the policy is done
    assert krs["ai-draft-share"]["start"] == "27%" and krs["ai-draft-share"]["target"] == "40%"
    assert krs["weekend-response"]["start"] == "9h"
    assert not any("checkins" in kr for kr in support["key_results"])
    assert [i["title"] for i in support["initiatives"]] == [
        "Roll out drafts to the whole team",
        "Weekly review of rejected drafts",
        "Tell customers when a reply was drafted by AI",
    ]
    body = (site / "content/objectives/2027-Q1/q4-ai-assisted-support-2027-q1.md").read_text()
    assert body.endswith("any month below 85% pauses the\nrollout.\n")

    mei = front(site / "content/objectives/2027-Q1/people/mei-run-lab-experiments-2027-q1.md")
    assert mei["parent"] == "q4-open-innovation-lab-2027-q1#experiments"  # its parent came along too

    lab = front(site / "content/objectives/2027-Q1/q4-open-innovation-lab-2027-q1.md")
    assert all(kr.get("due") is None for kr in lab["key_results"]), "old deadlines are dropped"

    check = run_cli("check", site)
    assert check.exit_code == 0 and "0 errors" in check.output
    again = run_cli("carry-over", "2026-Q4", "2027-Q1", "--path", site)
    assert again.exit_code == 1 and "already used" in again.stderr
    assert snapshot(site) == after


def test_dry_run_writes_nothing(site: Path) -> None:
    before = snapshot(site)
    run = run_cli("carry-over", "2026-Q4", "2027-Q1", "--team", "engineering", "--dry-run", "--path", site)
    assert run.exit_code == 0
    assert "carried_from: q4-open-innovation-lab" in run.output
    assert "Would carry 1 objective from 2026-Q4 to 2027-Q1" in run.output
    assert snapshot(site) == before


def test_a_relative_change_becomes_the_target_it_meant(write_site: object) -> None:
    root = write_site(  # type: ignore[operator]
        {
            "okrsite.yaml": "as_of: 2026-03-31\nlints: {kr-count: off, initiative-count: off}\n",
            "content/teams/acme.md": "---\nname: Acme\n---\n",
            "content/objectives/2026-Q1/churn.md": """
                ---
                title: Keep more customers
                period: 2026-Q1
                team: acme
                key_results:
                  - title: Cut churn by a tenth
                    start: 5%
                    change: -10%
                    checkins: [{date: 2026-03-01, value: 4.8%}]
                  - title: Win back customers
                    start: 0
                    target: 10
                    current: 12
                ---
                Why.
                """,
            "content/objectives/2026-Q1/done.md": """
                ---
                title: A finished one
                period: 2026-Q1
                team: acme
                status: closed
                key_results:
                  - {title: Something, start: 0, target: 1, current: 0}
                ---
                """,
        }
    )
    run = run_cli("carry-over", "2026-Q1", "2026-Q2", "--path", root)
    assert run.exit_code == 0, run.stderr
    assert "1 finished or closed stay behind" in run.output
    data = front(root / "content/objectives/2026-Q2/churn-2026-q2.md")
    assert data["key_results"] == [{"title": "Cut churn by a tenth", "start": "4.8%", "target": "4.5%"}]


def test_bad_periods_are_refused(site: Path) -> None:
    for args, message in [
        (["2026-Q5", "2027-Q1"], "expected a period like"),
        (["2026-Q4", "2026-Q4"], "the periods are the same"),
        (["2026-Q4", "2026-Q3"], "does not come after"),
    ]:
        run = run_cli("carry-over", *args, "--path", site)
        assert run.exit_code == 1 and message in run.stderr, (args, run.stderr)
    run = run_cli("carry-over", "2026-Q4", "2027-Q1", "--team", "nope", "--path", site)
    assert run.exit_code == 1 and "no team has the id 'nope'" in run.stderr


def test_the_pages_link_the_original_and_its_continuation(site: Path, tmp_path: Path) -> None:
    assert run_cli("carry-over", "2026-Q4", "2027-Q1", "--team", "engineering", "--path", site).exit_code == 0
    out = tmp_path / "public"
    assert run_cli("build", site, "--out", out).exit_code == 0
    old = (out / "objectives/q4-open-innovation-lab/index.html").read_text()
    new = (out / "objectives/q4-open-innovation-lab-2027-q1/index.html").read_text()
    assert 'Into <a href="../q4-open-innovation-lab-2027-q1/">' in old
    assert 'From <a href="../q4-open-innovation-lab/">' in new
